// SPDX-License-Identifier: MIT
#include "servermetrics.h"

#include <QMutexLocker>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

// Prometheus label values escape backslash, double quote and newline.
QString escapeLabel(QString value)
{
    value.replace(u'\\', u"\\\\"_s);
    value.replace(u'"', u"\\\""_s);
    value.replace(u'\n', u"\\n"_s);
    return value;
}

template<typename Key>
void appendCounter(QString &out, const char *name, const char *help, const char *type, const char *label,
                   const QHash<Key, qint64> &values)
{
    out += u"# HELP %1 %2\n# TYPE %1 %3\n"_s.arg(QLatin1StringView(name), QLatin1StringView(help),
                                                   QLatin1StringView(type));
    QList<Key> keys = values.keys();
    std::sort(keys.begin(), keys.end());
    for (const Key &key : keys) {
        QString keyText;
        if constexpr (std::is_same_v<Key, int>)
            keyText = QString::number(key);
        else
            keyText = key;
        out += u"%1{%2=\"%3\"} %4\n"_s.arg(QLatin1StringView(name), QLatin1StringView(label), escapeLabel(keyText))
                   .arg(values.value(key));
    }
}

} // namespace

void ServerMetrics::connectionOpened(const QString &transport)
{
    QMutexLocker lock(&m_mutex);
    ++m_connections[transport];
    ++m_connectionsTotal[transport];
}

void ServerMetrics::connectionClosed(const QString &transport)
{
    QMutexLocker lock(&m_mutex);
    if (m_connections.value(transport) > 0)
        --m_connections[transport];
}

void ServerMetrics::requestDone(const QString &method, double latencyMs, bool isError)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests[method];
    if (isError)
        ++m_errors[method];
    for (size_t i = 0; i < kLatencyBucketsMs.size(); ++i) {
        if (latencyMs <= kLatencyBucketsMs[i])
            ++m_latencyBuckets[i];
    }
    ++m_latencyCount;
    m_latencySumMs += latencyMs;
}

void ServerMetrics::notificationReceived(const QString &method)
{
    QMutexLocker lock(&m_mutex);
    ++m_notifications[method];
}

void ServerMetrics::httpResponse(int status)
{
    QMutexLocker lock(&m_mutex);
    ++m_httpStatus[status];
}

void ServerMetrics::llmTokens(int promptTokens, int completionTokens, double modelSeconds)
{
    QMutexLocker lock(&m_mutex);
    m_promptTokens += promptTokens;
    m_completionTokens += completionTokens;
    m_modelSeconds += modelSeconds;
}

int ServerMetrics::openConnections() const
{
    QMutexLocker lock(&m_mutex);
    int total = 0;
    for (int count : m_connections)
        total += count;
    return total;
}

QHash<QString, int> ServerMetrics::openConnectionsByTransport() const
{
    QMutexLocker lock(&m_mutex);
    return m_connections;
}

qint64 ServerMetrics::totalRequests() const
{
    QMutexLocker lock(&m_mutex);
    return m_latencyCount;
}

double ServerMetrics::averageLatencyMs() const
{
    QMutexLocker lock(&m_mutex);
    return m_latencyCount ? m_latencySumMs / double(m_latencyCount) : 0.0;
}

QString ServerMetrics::prometheusText() const
{
    QMutexLocker lock(&m_mutex);
    QString out;
    QHash<QString, qint64> open;
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it)
        open.insert(it.key(), it.value());
    appendCounter(out, "persona_studio_connections", "Open client connections by transport.", "gauge", "transport",
                  open);
    appendCounter(out, "persona_studio_connections_total", "Client connections ever opened by transport.", "counter",
                  "transport", m_connectionsTotal);
    appendCounter(out, "persona_studio_requests_total", "JSON-RPC requests answered, by method.", "counter", "method",
                  m_requests);
    appendCounter(out, "persona_studio_request_errors_total", "JSON-RPC requests answered with an error, by method.",
                  "counter", "method", m_errors);
    appendCounter(out, "persona_studio_notifications_total", "JSON-RPC notifications received, by method.", "counter",
                  "method", m_notifications);
    appendCounter(out, "persona_studio_http_responses_total", "HTTP responses by status code.", "counter", "status",
                  m_httpStatus);
    out += u"# HELP persona_studio_request_latency_ms Time from request to response.\n"
           "# TYPE persona_studio_request_latency_ms histogram\n"_s;
    for (size_t i = 0; i < kLatencyBucketsMs.size(); ++i)
        out += u"persona_studio_request_latency_ms_bucket{le=\"%1\"} %2\n"_s.arg(kLatencyBucketsMs[i])
                   .arg(m_latencyBuckets[i]);
    out += u"persona_studio_request_latency_ms_bucket{le=\"+Inf\"} %1\n"_s.arg(m_latencyCount);
    out += u"persona_studio_request_latency_ms_sum %1\npersona_studio_request_latency_ms_count %2\n"_s
               .arg(m_latencySumMs, 0, 'f', 3)
               .arg(m_latencyCount);
    out += u"# HELP persona_studio_llm_prompt_tokens_total Prompt tokens Ollama evaluated for MCP chats.\n"
           "# TYPE persona_studio_llm_prompt_tokens_total counter\npersona_studio_llm_prompt_tokens_total %1\n"
           "# HELP persona_studio_llm_completion_tokens_total Tokens Ollama generated for MCP chats.\n"
           "# TYPE persona_studio_llm_completion_tokens_total counter\npersona_studio_llm_completion_tokens_total %2\n"
           "# HELP persona_studio_llm_model_seconds_total Time spent on MCP chat turns.\n"
           "# TYPE persona_studio_llm_model_seconds_total counter\npersona_studio_llm_model_seconds_total %3\n"_s
               .arg(m_promptTokens)
               .arg(m_completionTokens)
               .arg(m_modelSeconds, 0, 'f', 3);
    return out;
}

} // namespace Studio::Mcp
