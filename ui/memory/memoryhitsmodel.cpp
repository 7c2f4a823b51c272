// SPDX-License-Identifier: MIT
#include "memoryhitsmodel.h"

#include "personacolour.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

QString number(double value)
{
    return QLocale().toString(value, 'f', 2);
}

} // namespace

MemoryHitsModel::MemoryHitsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void MemoryHitsModel::setHits(const QList<Hit> &hits)
{
    beginResetModel();
    m_hits = hits;
    // Best first, whatever order they came in: by rank when ranked, else by total.
    std::stable_sort(m_hits.begin(), m_hits.end(), [](const Hit &a, const Hit &b) {
        if (a.rank > 0 && b.rank > 0 && a.rank != b.rank)
            return a.rank < b.rank;
        return a.score.total > b.score.total;
    });
    endResetModel();
}

void MemoryHitsModel::clear()
{
    if (m_hits.isEmpty())
        return;
    beginResetModel();
    m_hits.clear();
    endResetModel();
}

QList<MemoryHitsModel::Hit> MemoryHitsModel::fromRecall(const Memory::RecallResult &result)
{
    QList<Hit> hits;
    hits.reserve(result.hits.size());
    for (const Memory::MemoryHit &hit : result.hits)
        hits.append(Hit{hit.memory.id, hit.memory.personaId, hit.memory.content, hit.rank, hit.score, true});
    return hits;
}

QList<MemoryHitsModel::Hit> MemoryHitsModel::fromRecords(const QList<Memory::RecallRecord> &records)
{
    QList<Hit> hits;
    hits.reserve(records.size());
    for (const Memory::RecallRecord &record : records)
        hits.append(Hit{record.memoryId, record.personaId, record.content, record.rank, record.score, record.memoryExists});
    return hits;
}

void MemoryHitsModel::setPersonaNames(const QHash<QString, QString> &names)
{
    if (names == m_personaNames)
        return;
    m_personaNames = names;
    if (!m_hits.isEmpty())
        Q_EMIT dataChanged(index(0, PersonaColumn), index(rowCount() - 1, PersonaColumn));
}

int MemoryHitsModel::rowOf(qint64 memoryId) const
{
    for (int row = 0; row < m_hits.size(); ++row) {
        if (m_hits.at(row).memoryId == memoryId)
            return row;
    }
    return -1;
}

int MemoryHitsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

int MemoryHitsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MemoryHitsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Hit &hit = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RankColumn:
            return QLocale().toString(hit.rank > 0 ? hit.rank : index.row() + 1);
        case ScoreColumn:
            return number(hit.score.total);
        case ContentColumn: {
            const QString line = hit.content.simplified();
            return hit.exists ? line : tr("%1 (deleted)").arg(line);
        }
        case PersonaColumn:
            return m_personaNames.value(hit.personaId, hit.personaId);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ScoreColumn)
            return breakdownText(hit.score);
        if (index.column() == ContentColumn)
            return hit.content;
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == ScoreColumn)
            return breakdownText(hit.score);
        return data(index, Qt::DisplayRole);
    case Qt::DecorationRole:
        if (index.column() == PersonaColumn)
            return personaColour(hit.personaId);
        return {};
    case Qt::ForegroundRole:
        if (!hit.exists)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RankColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case MemoryIdRole:
        return hit.memoryId;
    case PersonaIdRole:
        return hit.personaId;
    case RelevanceRole:
        return hit.score.relevance;
    case RelevanceRawRole:
        return hit.score.relevanceRaw;
    case RecencyRole:
        return hit.score.recency;
    case ImportanceRole:
        return hit.score.importance;
    case TotalRole:
        return hit.score.total;
    case ExistsRole:
        return hit.exists;
    default:
        return {};
    }
}

QVariant MemoryHitsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole && section == RankColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RankColumn:
        return tr("#");
    case ScoreColumn:
        return tr("Score");
    case ContentColumn:
        return tr("Memory");
    case PersonaColumn:
        return tr("Persona");
    default:
        return {};
    }
}

QString MemoryHitsModel::breakdownText(const Memory::ScoreBreakdown &score)
{
    return tr("Relevance %1 (cosine %2), recency %3, importance %4: total %5")
        .arg(number(score.relevance), number(score.relevanceRaw), number(score.recency), number(score.importance),
             number(score.total));
}

} // namespace Studio::Ui
