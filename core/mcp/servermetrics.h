// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>

namespace Studio::Mcp {

/** @brief Counters for /metrics (Prometheus text format) and /health. Recorded from the MCP
 *  thread; read from any thread (a mutex: recording is a few increments). */
class ServerMetrics final
{
public:
    void connectionOpened(const QString &transport);
    void connectionClosed(const QString &transport);
    /** One JSON-RPC request answered (or failed) after latencyMs. */
    void requestDone(const QString &method, double latencyMs, bool isError);
    void notificationReceived(const QString &method);
    void httpResponse(int status);
    void llmTokens(int promptTokens, int completionTokens, double modelSeconds);
    /** Live MCP sessions per client (its remote address), across every thread's server. */
    void clientSessionOpened(const QString &client);
    void clientSessionClosed(const QString &client);
    int clientSessions(const QString &client) const;

    int openConnections() const;
    QHash<QString, int> openConnectionsByTransport() const;
    qint64 totalRequests() const;
    double averageLatencyMs() const;

    /** The Prometheus exposition text (text/plain; version=0.0.4). */
    QString prometheusText() const;

    static constexpr std::array<double, 12> kLatencyBucketsMs = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 1000, 10000};

private:
    mutable QMutex m_mutex;
    QHash<QString, int> m_connections;        // transport -> open
    QHash<QString, qint64> m_connectionsTotal; // transport -> ever opened
    QHash<QString, qint64> m_requests;        // method -> count
    QHash<QString, qint64> m_errors;          // method -> count
    QHash<QString, qint64> m_notifications;   // method -> count
    QHash<int, qint64> m_httpStatus;
    QHash<QString, int> m_clientSessions;     // remote address -> live sessions
    std::array<qint64, kLatencyBucketsMs.size()> m_latencyBuckets = {};
    qint64 m_latencyCount = 0;
    double m_latencySumMs = 0;
    qint64 m_promptTokens = 0;
    qint64 m_completionTokens = 0;
    double m_modelSeconds = 0;
};

} // namespace Studio::Mcp
