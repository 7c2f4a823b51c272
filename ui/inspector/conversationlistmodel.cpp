// SPDX-License-Identifier: MIT
#include "conversationlistmodel.h"

#include "inspectorformat.h"

#include <QGuiApplication>
#include <QPalette>

namespace Studio::Ui {

ConversationListModel::ConversationListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ConversationListModel::setConversations(const QList<Store::ConversationRow> &conversations)
{
    beginResetModel();
    m_conversations = conversations;
    endResetModel();
}

void ConversationListModel::clear()
{
    if (m_conversations.isEmpty())
        return;
    beginResetModel();
    m_conversations.clear();
    endResetModel();
}

void ConversationListModel::setPersonaNames(const QHash<QString, QString> &names)
{
    m_personaNames = names;
    if (!m_conversations.isEmpty())
        Q_EMIT dataChanged(index(0, PersonaColumn), index(rowCount() - 1, PersonaColumn), {Qt::DisplayRole});
}

void ConversationListModel::touch(qint64 conversationId, qint64 atMs)
{
    const int row = rowOf(conversationId);
    if (row < 0 || m_conversations.at(row).updatedMs >= atMs)
        return;
    m_conversations[row].updatedMs = atMs;
    Q_EMIT dataChanged(index(row, UpdatedColumn), index(row, UpdatedColumn), {Qt::DisplayRole});
}

int ConversationListModel::rowOf(qint64 conversationId) const
{
    for (int row = 0; row < m_conversations.size(); ++row) {
        if (m_conversations.at(row).id == conversationId)
            return row;
    }
    return -1;
}

qint64 ConversationListModel::conversationId(int row) const
{
    return row >= 0 && row < m_conversations.size() ? m_conversations.at(row).id : 0;
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_conversations.size());
}

int ConversationListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Store::ConversationRow &conversation = m_conversations.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PersonaColumn:
            return m_personaNames.value(conversation.personaId, conversation.personaId);
        case StartedColumn:
            return InspectorFormat::moment(conversation.createdMs);
        case UpdatedColumn:
            return InspectorFormat::moment(conversation.updatedMs);
        case StateColumn:
            return conversation.archivedMs ? tr("Archived") : tr("Live");
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (conversation.archivedMs)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole:
        if (conversation.summary.isEmpty())
            return tr("Conversation %1; no summary yet").arg(conversation.id);
        return tr("Conversation %1\nSummary: %2").arg(QString::number(conversation.id), conversation.summary);
    case ConversationIdRole:
        return conversation.id;
    case PersonaIdRole:
        return conversation.personaId;
    default:
        return {};
    }
}

QVariant ConversationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PersonaColumn:
        return tr("Persona");
    case StartedColumn:
        return tr("Started");
    case UpdatedColumn:
        return tr("Updated");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace Studio::Ui
