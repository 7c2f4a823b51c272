// SPDX-License-Identifier: MIT
#include "servermetrics.h"

#include <QLocale>
#include <QMutexLocker>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

// Transports listed even before their first connection, so dashboards see a 0, not a gap.
const QStringList &knownTransports()
{
    static const QStringList transports = {u"http"_s, u"stdio"_s, u"websocket"_s};
    return transports;
}

/** Prometheus text format 0.0.4: label values escape backslash, double quote and newline. */
QString escapeLabel(const QString &value)
{
    QString escaped;
    escaped.reserve(value.size());
    for (QChar c : value) {
        if (c == u'\\')
            escaped += u"\\\\"_s;
        else if (c == u'"')
            escaped += u"\\\""_s;
        else if (c == u'\n')
            escaped += u"\\n"_s;
        else
            escaped += c;
    }
    return escaped;
}

QString number(double value)
{
    // Shortest round-trip form, C locale: "0.25", "12", "1e+20".
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

void family(QString &out, const QString &name, const QString &type, const QString &help)
{
    out += u"# HELP "_s + name + u' ' + help + u"\n# TYPE "_s + name + u' ' + type + u'\n';
}

template<typename Map>
void labelled(QString &out, const QString &name, const QString &label, const Map &values)
{
    QStringList keys;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        keys.append(QString(it.key()));
    keys.sort();
    for (const QString &key : std::as_const(keys))
        out += name + u'{' + label + u"=\""_s + escapeLabel(key) + u"\"} "_s + number(double(values.value(key)))
               + u'\n';
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
    int &open = m_connections[transport];
    open = std::max(0, open - 1);
}

void ServerMetrics::requestDone(const QString &method, double latencyMs, bool isError)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests[method];
    if (isError)
        ++m_errors[method];
    // Buckets are stored non-cumulative; prometheusText() sums them.
    const auto bucket = std::lower_bound(kLatencyBucketsMs.begin(), kLatencyBucketsMs.end(), latencyMs);
    if (bucket != kLatencyBucketsMs.end())
        ++m_latencyBuckets[std::size_t(bucket - kLatencyBucketsMs.begin())];
    ++m_latencyCount;
    m_latencySumMs += std::max(0.0, latencyMs);
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
    m_promptTokens += std::max(0, promptTokens);
    m_completionTokens += std::max(0, completionTokens);
    m_modelSeconds += std::max(0.0, modelSeconds);
}

void ServerMetrics::clientSessionOpened(const QString &client)
{
    QMutexLocker lock(&m_mutex);
    ++m_clientSessions[client];
}

void ServerMetrics::clientSessionClosed(const QString &client)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_clientSessions.find(client);
    if (it == m_clientSessions.end())
        return;
    if (--it.value() <= 0)
        m_clientSessions.erase(it);
}

int ServerMetrics::clientSessions(const QString &client) const
{
    QMutexLocker lock(&m_mutex);
    return m_clientSessions.value(client);
}

int ServerMetrics::openConnections() const
{
    QMutexLocker lock(&m_mutex);
    int total = 0;
    for (int open : m_connections)
        total += open;
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
    return m_latencyCount > 0 ? m_latencySumMs / double(m_latencyCount) : 0.0;
}

QString ServerMetrics::prometheusText() const
{
    QMutexLocker lock(&m_mutex);
    QString out;
    out.reserve(4096);

    QHash<QString, int> connections = m_connections;
    QHash<QString, qint64> connectionsTotal = m_connectionsTotal;
    for (const QString &transport : knownTransports()) {
        connections.insert(transport, connections.value(transport));
        connectionsTotal.insert(transport, connectionsTotal.value(transport));
    }
    family(out, u"persona_studio_connections"_s, u"gauge"_s, u"Open client connections by transport."_s);
    labelled(out, u"persona_studio_connections"_s, u"transport"_s, connections);
    family(out, u"persona_studio_connections_total"_s, u"counter"_s,
           u"Client connections accepted since start, by transport."_s);
    labelled(out, u"persona_studio_connections_total"_s, u"transport"_s, connectionsTotal);

    family(out, u"persona_studio_requests_total"_s, u"counter"_s, u"JSON-RPC requests answered, by method."_s);
    labelled(out, u"persona_studio_requests_total"_s, u"method"_s, m_requests);
    family(out, u"persona_studio_request_errors_total"_s, u"counter"_s,
           u"JSON-RPC requests answered with an error, by method."_s);
    labelled(out, u"persona_studio_request_errors_total"_s, u"method"_s, m_errors);
    family(out, u"persona_studio_notifications_total"_s, u"counter"_s,
           u"JSON-RPC notifications received, by method."_s);
    labelled(out, u"persona_studio_notifications_total"_s, u"method"_s, m_notifications);

    family(out, u"persona_studio_http_responses_total"_s, u"counter"_s, u"HTTP responses sent, by status code."_s);
    QList<int> statuses = m_httpStatus.keys();
    std::sort(statuses.begin(), statuses.end());
    for (int status : std::as_const(statuses))
        out += u"persona_studio_http_responses_total{status=\""_s + QString::number(status) + u"\"} "_s
               + number(double(m_httpStatus.value(status))) + u'\n';

    family(out, u"persona_studio_request_latency_ms"_s, u"histogram"_s,
           u"Time from a JSON-RPC request's arrival to its response, in milliseconds."_s);
    qint64 cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBucketsMs.size(); ++i) {
        cumulative += m_latencyBuckets[i];
        out += u"persona_studio_request_latency_ms_bucket{le=\""_s + number(kLatencyBucketsMs[i]) + u"\"} "_s
               + QString::number(cumulative) + u'\n';
    }
    out += u"persona_studio_request_latency_ms_bucket{le=\"+Inf\"} "_s + QString::number(m_latencyCount) + u'\n';
    out += u"persona_studio_request_latency_ms_sum "_s + number(m_latencySumMs) + u'\n';
    out += u"persona_studio_request_latency_ms_count "_s + QString::number(m_latencyCount) + u'\n';

    family(out, u"persona_studio_llm_prompt_tokens_total"_s, u"counter"_s,
           u"Prompt tokens the model evaluated (Ollama's prompt_eval_count)."_s);
    out += u"persona_studio_llm_prompt_tokens_total "_s + QString::number(m_promptTokens) + u'\n';
    family(out, u"persona_studio_llm_completion_tokens_total"_s, u"counter"_s,
           u"Tokens the model generated (Ollama's eval_count)."_s);
    out += u"persona_studio_llm_completion_tokens_total "_s + QString::number(m_completionTokens) + u'\n';
    family(out, u"persona_studio_llm_model_seconds_total"_s, u"counter"_s,
           u"Seconds the model spent on requests (Ollama's total_duration)."_s);
    out += u"persona_studio_llm_model_seconds_total "_s + number(m_modelSeconds) + u'\n';
    return out;
}

} // namespace Studio::Mcp
