// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>

namespace Studio::Mcp {

/** One JSON-RPC message as the session inspector sees it. */
struct TrafficEvent
{
    QString sessionId;
    bool incoming = true;
    QString method;        // for responses: the method of the request they answer
    QJsonValue id;
    qint64 bytes = 0;
    double latencyMs = -1; // responses: time since the request arrived
    bool isError = false;
    qint64 atMs = 0;
    QByteArray payload;    // the message, cut at kPayloadMax
};

/** @brief A capped, thread-safe log of MCP traffic between the endpoint (writer, MCP thread) and
 *  the inspector (reader, GUI thread). Appending is O(1) under a short lock and never waits for
 *  the reader; when the reader falls behind, the oldest events are dropped and counted. The
 *  reader is told once that events are waiting (eventsAvailable), then takes them in one batch. */
class TrafficLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficLog)

public:
    static constexpr qsizetype kPayloadMax = 64 * 1024;

    explicit TrafficLog(qsizetype capacity = 20000, QObject *parent = nullptr);

    void append(TrafficEvent event);
    /** Every waiting event, oldest first; the next append signals again. */
    QList<TrafficEvent> takeAll();

    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const;
    qint64 dropped() const { return m_dropped.load(); }

Q_SIGNALS:
    void eventsAvailable();

private:
    const qsizetype m_capacity;
    mutable QMutex m_mutex;
    QList<TrafficEvent> m_ring; // circular once full
    qsizetype m_head = 0;       // index of the oldest event when full
    bool m_signalled = false;
    std::atomic<qint64> m_dropped = 0;
};

} // namespace Studio::Mcp

Q_DECLARE_METATYPE(Studio::Mcp::TrafficEvent)
