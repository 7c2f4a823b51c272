// SPDX-License-Identifier: MIT
#pragma once

#include <store/records.h>

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QStringList>

#include <array>
#include <optional>

class QTimer;

namespace Studio::Ui {

/** @brief The inspector's session tree: three group rows (desktop, command line, MCP clients),
 *  each with its sessions, newest first. Engine events are coalesced and applied in one batch
 *  per interval, so a busy endpoint costs the view a few updates per second, not one per event.
 *  Closed sessions stay (greyed) up to a cap per group. Thread: the GUI thread only. */
class SessionTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionTreeModel)

public:
    enum Column {
        NameColumn,
        TransportColumn,
        StateColumn,
        LastActiveColumn,
        ColumnCount,
    };
    enum Role {
        SessionIdRole = Qt::UserRole + 1, // empty on group rows
        KindRole,                         // "desktop", "cli", "mcp"
        IsOpenRole,
        IsGroupRole,
    };

    static constexpr int kMaxSessionsPerGroup = 500;
    static constexpr int kBatchIntervalMs = 100;

    explicit SessionTreeModel(QObject *parent = nullptr);

    /** Replaces everything with a snapshot; updates still waiting are applied after it. */
    void setSessions(const QList<Store::SessionRow> &sessions);
    /** A session opened or changed; applied with the next batch. */
    void upsert(const Store::SessionRow &session);
    /** A session closed now; applied with the next batch. */
    void markClosed(const QString &sessionId, qint64 closedMs);
    /** Applies the waiting updates now (the batch timer calls this). */
    void flush();

    QModelIndex indexOf(const QString &sessionId, int column = 0) const;
    std::optional<Store::SessionRow> session(const QString &sessionId) const;
    /** The session of a row; nullopt on group rows. */
    std::optional<Store::SessionRow> session(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Group
    {
        QString kind;
        QList<Store::SessionRow> sessions; // newest first
    };

    static int groupFor(const QString &kind);
    QVariant groupData(int group, int column, int role) const;
    QVariant sessionData(const Store::SessionRow &session, int column, int role) const;
    void trimGroup(int group);
    void scheduleFlush();

    std::array<Group, 3> m_groups;
    QHash<QString, Store::SessionRow> m_pending; // latest state per session, not yet shown
    QStringList m_pendingOrder;                   // arrival order, so new sessions keep theirs
    QTimer *m_flushTimer;
};

} // namespace Studio::Ui
