// SPDX-License-Identifier: MIT
#pragma once

#include <mcp/trafficlog.h>

#include <QAbstractTableModel>
#include <QList>

namespace Studio::Ui {

/** @brief The inspector's one capped store of JSON-RPC traffic, for every session, oldest
 *  first. Events come in batches (TrafficLog::takeAll): each batch is one insert (and, past
 *  the cap, one removal of the oldest rows), never one signal per event. Views filter it by
 *  session and method through TrafficFilterModel. Thread: the GUI thread only. */
class TrafficModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficModel)

public:
    enum Column {
        TimeColumn,
        DirectionColumn,
        MethodColumn,
        IdColumn,
        SizeColumn,
        LatencyColumn,
        ColumnCount,
    };
    enum Role {
        SessionIdRole = Qt::UserRole + 1,
        MethodRole,   // the raw method; empty for unparsable messages
        PayloadRole,  // QByteArray: the message as sent or received (cut at 64 KiB)
        IncomingRole,
        IsErrorRole,
    };

    static constexpr qsizetype kDefaultCapacity = 5000;

    explicit TrafficModel(qsizetype capacity = kDefaultCapacity, QObject *parent = nullptr);

    /** Appends one batch, dropping the oldest rows beyond the capacity. */
    void appendEvents(QList<Mcp::TrafficEvent> events);
    void clear();

    qsizetype capacity() const { return m_capacity; }
    /** Events dropped because of the cap since the start. */
    qint64 dropped() const { return m_dropped; }
    const Mcp::TrafficEvent &event(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const qsizetype m_capacity;
    QList<Mcp::TrafficEvent> m_events;
    qint64 m_dropped = 0;
};

} // namespace Studio::Ui
