// SPDX-License-Identifier: MIT
#include "memorytablemodel.h"

#include "personacolour.h"

#include "inspector/inspectorformat.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

QVariant alignment(int column)
{
    switch (column) {
    case MemoryTableModel::ImportanceColumn:
    case MemoryTableModel::CountColumn:
        return int(Qt::AlignRight | Qt::AlignVCenter); // int: what Qt 6.4 delegates read
    default:
        return {};
    }
}

/** One line of a memory for a table cell; the tooltip keeps the whole text. */
QString oneLine(const QString &content)
{
    constexpr int kMaxCell = 300;
    QString line = content.simplified();
    if (line.size() > kMaxCell)
        line = line.left(kMaxCell - 1) + QChar(0x2026);
    return line;
}

} // namespace

MemoryTableModel::MemoryTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MemoryTableModel::setMemories(const QList<Memory::MemoryRecord> &memories)
{
    QHash<qint64, int> incoming;
    incoming.reserve(memories.size());
    for (int i = 0; i < memories.size(); ++i)
        incoming.insert(memories.at(i).id, i);

    // Remove rows that are gone, in contiguous runs from the end (fewest signals, rows stay valid).
    for (int row = int(m_memories.size()) - 1; row >= 0;) {
        if (incoming.contains(m_memories.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_memories.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_memories.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    rebuildIndex();

    // Update the rows that stay.
    for (int row = 0; row < m_memories.size(); ++row) {
        const Memory::MemoryRecord &fresh = memories.at(incoming.value(m_memories.at(row).id));
        if (!(fresh == m_memories.at(row))) {
            m_memories[row] = fresh;
            emitRowChanged(row);
        }
    }

    // Append the new ones, in the order given.
    QList<Memory::MemoryRecord> added;
    for (const Memory::MemoryRecord &memory : memories) {
        if (!m_rowOf.contains(memory.id))
            added.append(memory);
    }
    if (!added.isEmpty()) {
        const int first = int(m_memories.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_memories.append(added);
        rebuildIndex();
        endInsertRows();
    }
}

void MemoryTableModel::setPersonaNames(const QHash<QString, QString> &names)
{
    if (names == m_personaNames)
        return;
    m_personaNames = names;
    if (!m_memories.isEmpty())
        Q_EMIT dataChanged(index(0, PersonaColumn), index(rowCount() - 1, PersonaColumn));
}

QString MemoryTableModel::personaName(const QString &personaId) const
{
    return m_personaNames.value(personaId, personaId);
}

void MemoryTableModel::setHighlighted(const QSet<qint64> &memoryIds)
{
    if (memoryIds == m_highlighted)
        return;
    const QSet<qint64> changed = (m_highlighted - memoryIds) + (memoryIds - m_highlighted);
    m_highlighted = memoryIds;
    for (const qint64 id : changed) {
        if (const int row = rowOf(id); row >= 0)
            emitRowChanged(row);
    }
}

int MemoryTableModel::rowOf(qint64 memoryId) const
{
    return m_rowOf.value(memoryId, -1);
}

std::optional<Memory::MemoryRecord> MemoryTableModel::memory(int row) const
{
    if (row < 0 || row >= m_memories.size())
        return std::nullopt;
    return m_memories.at(row);
}

std::optional<Memory::MemoryRecord> MemoryTableModel::memoryById(qint64 memoryId) const
{
    return memory(rowOf(memoryId));
}

int MemoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_memories.size());
}

int MemoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MemoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Memory::MemoryRecord &memory = m_memories.at(index.row());
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ContentColumn:
            return oneLine(memory.content);
        case PersonaColumn:
            return personaName(memory.personaId);
        case ImportanceColumn:
            return locale.toString(memory.importance, 'f', 2);
        case CreatedColumn:
            return InspectorFormat::moment(memory.createdMs);
        case LastAccessColumn:
            return memory.lastAccessedMs > 0 ? InspectorFormat::moment(memory.lastAccessedMs) : tr("never");
        case CountColumn:
            return locale.toString(memory.accessCount);
        case VisibilityColumn:
            return visibilityText(memory.visibility);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ContentColumn)
            return tr("%1 (%2)").arg(memory.content, kindText(memory.kind));
        if (index.column() == CreatedColumn || (index.column() == LastAccessColumn && memory.lastAccessedMs > 0))
            return locale.toString(
                QDateTime::fromMSecsSinceEpoch(index.column() == CreatedColumn ? memory.createdMs : memory.lastAccessedMs),
                QLocale::LongFormat);
        return {};
    case Qt::DecorationRole:
        if (index.column() == PersonaColumn)
            return personaColour(memory.personaId);
        return {};
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case Qt::BackgroundRole:
        if (m_highlighted.contains(memory.id))
            return QColor(255, 196, 0, 70); // a find-result tint, unlike the selection's colour
        return {};
    case MemoryIdRole:
        return memory.id;
    case PersonaIdRole:
        return memory.personaId;
    case KindRole:
        return memory.kind;
    case IsHitRole:
        return m_highlighted.contains(memory.id);
    case FilterRole:
        return QString(memory.content + u'\n' + personaName(memory.personaId) + u'\n' + kindText(memory.kind));
    case SortRole:
        switch (index.column()) {
        case ContentColumn:
            return memory.content;
        case PersonaColumn:
            return personaName(memory.personaId);
        case ImportanceColumn:
            return memory.importance;
        case CreatedColumn:
            return memory.createdMs;
        case LastAccessColumn:
            return memory.lastAccessedMs;
        case CountColumn:
            return memory.accessCount;
        case VisibilityColumn:
            return int(memory.visibility);
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant MemoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ContentColumn:
        return tr("Memory");
    case PersonaColumn:
        return tr("Persona");
    case ImportanceColumn:
        return tr("Importance");
    case CreatedColumn:
        return tr("Created");
    case LastAccessColumn:
        return tr("Last access");
    case CountColumn:
        return tr("Recalls");
    case VisibilityColumn:
        return tr("Visibility");
    default:
        return {};
    }
}

QString MemoryTableModel::kindText(const QString &kind)
{
    if (kind == QLatin1StringView(Memory::Kind::kFact))
        return tr("Fact");
    if (kind == QLatin1StringView(Memory::Kind::kEvent))
        return tr("Event");
    if (kind == QLatin1StringView(Memory::Kind::kPreference))
        return tr("Preference");
    if (kind == QLatin1StringView(Memory::Kind::kNote))
        return tr("Note");
    return kind;
}

QString MemoryTableModel::visibilityText(Memory::Visibility visibility)
{
    return visibility == Memory::Visibility::Shared ? tr("Shared") : tr("Private");
}

void MemoryTableModel::rebuildIndex()
{
    m_rowOf.clear();
    m_rowOf.reserve(m_memories.size());
    for (int row = 0; row < m_memories.size(); ++row)
        m_rowOf.insert(m_memories.at(row).id, row);
}

void MemoryTableModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace Studio::Ui
