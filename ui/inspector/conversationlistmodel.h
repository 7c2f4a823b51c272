// SPDX-License-Identifier: MIT
#pragma once

#include <store/records.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Studio::Ui {

/** @brief The conversations of the session selected in the inspector, most recently updated
 *  first, with the persona's display name. Thread: the GUI thread only. */
class ConversationListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationListModel)

public:
    enum Column {
        PersonaColumn,
        StartedColumn,
        UpdatedColumn,
        StateColumn,
        ColumnCount,
    };
    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        PersonaIdRole,
    };

    explicit ConversationListModel(QObject *parent = nullptr);

    void setConversations(const QList<Store::ConversationRow> &conversations);
    void clear();
    /** Persona id -> name; ids without a name are shown as they are. */
    void setPersonaNames(const QHash<QString, QString> &names);
    /** A message was stored in a conversation: its "updated" time moves. */
    void touch(qint64 conversationId, qint64 atMs);

    bool contains(qint64 conversationId) const { return rowOf(conversationId) >= 0; }
    int rowOf(qint64 conversationId) const;
    qint64 conversationId(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Store::ConversationRow> m_conversations;
    QHash<QString, QString> m_personaNames;
};

} // namespace Studio::Ui
