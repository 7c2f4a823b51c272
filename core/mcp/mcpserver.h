// SPDX-License-Identifier: MIT
#pragma once

#include "mcpsession.h"
#include "serveroptions.h"
#include "servermetrics.h"
#include "trafficlog.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::Mcp {

class RequestContext;
class LegacyDialect;

/** A tool as tools/list shows it, with the handler that runs it. */
struct ToolDefinition
{
    QString name;
    QString title;
    QString description;
    QJsonObject inputSchema;
    QJsonObject outputSchema; // empty: the result is text only
    bool readOnly = false;
    bool destructive = false;
    bool idempotent = false;
    bool openWorld = false;
    /** Runs on the MCP thread with validated arguments; answers through the context. */
    std::function<void(const QJsonObject &arguments, const std::shared_ptr<RequestContext> &call)> run;

    QJsonObject toJson() const;
};


/** @brief The MCP server core: the registry of tools, resources and prompts, the factory of
 *  sessions, and the broadcaster of list changes and resource updates. Everything it serves
 *  goes through the engine's service API. Transport-agnostic; lives on the MCP thread.
 *  Build targets that want extra tools (the conformance fixtures) add them with addTool(). */
class McpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpServer)

public:
    McpServer(Engine::EngineClient *engine, ServerOptions options, QObject *parent = nullptr);
    ~McpServer() override;

    /** Whether a client at peer ("address:port") may open another session: at most
     *  options().maxSessionsPerClient live ones per remote address, across threads. Otherwise the
     *  sentence to refuse with. */
    std::optional<QString> refuseNewSession(const QString &peer) const;
    /** The remote address a peer text names ("[::1]:5" -> "[::1]"); the per-client key. */
    static QString clientOf(const QString &peer);
    /** A new session for a transport; the caller owns it (delete it after close()). */
    McpSession *createSession(const TransportInfo &info);
    QList<McpSession *> sessions() const;

    Engine::EngineClient *engine() const { return m_engine; }
    const ServerOptions &options() const { return m_options; }
    ServerMetrics &metrics() { return *m_metrics; }
    /** Servers on several threads (one per WebSocket worker) count into one set of metrics. */
    std::shared_ptr<ServerMetrics> sharedMetrics() const { return m_metrics; }
    void shareMetrics(std::shared_ptr<ServerMetrics> metrics) { m_metrics = std::move(metrics); }

    void addTool(const ToolDefinition &tool);
    const QList<ToolDefinition> &tools() const { return m_tools; }
    const ToolDefinition *tool(const QString &name) const;

    /** A test-only target adds fixture resources and prompts through these hooks. */
    using ExtraResources = std::function<QJsonArray()>;
    using ResourceReader = std::function<bool(const QString &uri, QJsonArray *contents)>;
    void addFixtureResources(ExtraResources list, ResourceReader read);
    using PromptLister = std::function<QJsonArray()>;
    using PromptGetter = std::function<bool(const QString &name, const QJsonObject &arguments, QJsonObject *result, RpcError *error)>;
    void addFixturePrompts(PromptLister list, PromptGetter get);

    /** Where traffic goes for the session inspector; not owned; null: nobody inspects. Set
     *  before the server takes clients (the log is thread-safe, the pointer is not). */
    void setTrafficLog(TrafficLog *log) { m_trafficLog = log; }

    /** Answers of read-only tools that change only with the personas (list_personas), kept as
     *  compact JSON until the engine says the personas changed: the busiest call of a client
     *  then costs no engine round trip and no JSON building. A result fetched before the last
     *  change (an older generation) is not kept. */
    quint64 personasGeneration() const { return m_personasGeneration; }
    QByteArray cachedPersonaAnswer(const QString &key) const { return m_personaAnswers.value(key); }
    void keepPersonaAnswer(const QString &key, quint64 generation, const QByteArray &answer);

    /** What system_status answers and /health serves: a fresh check of the model server, the
     *  database, counts (never a session id), versions, uptime and connections. */
    struct SystemStatus
    {
        QJsonObject json;
        QString text;          // one or two sentences for people
        bool healthy = false;  // model server reachable, model present, database ok
        bool serving = false;  // model server reachable and database ok: /health answers 200, else 503
    };
    /** done runs once, on this thread, unless context was destroyed first. */
    void systemStatus(QObject *context, std::function<void(const SystemStatus &)> done);

    /** The protocol revisions we speak, newest first. */
    static const QStringList &supportedProtocolVersions();
    static QString latestProtocolVersion();

private:
    friend class McpSession;
    struct Fixtures;

    void dispatchMcp(McpSession *session, const std::shared_ptr<RequestContext> &call);
    void recordTraffic(McpSession *session, bool incoming, const QString &method, const QJsonValue &id,
                       const QByteArray &bytes, double latencyMs, bool isError);
    void sessionDestroyed(McpSession *session);
    void broadcast(const QString &method, const QJsonObject &params = {});
    void handleMessageAdded(const QString &sessionId, const QString &personaId);

    void listTools(const std::shared_ptr<RequestContext> &call);
    void callTool(const std::shared_ptr<RequestContext> &call);
    void listResources(const std::shared_ptr<RequestContext> &call);
    void listResourceTemplates(const std::shared_ptr<RequestContext> &call);
    void readResource(const std::shared_ptr<RequestContext> &call);
    void listPrompts(const std::shared_ptr<RequestContext> &call);
    void getPrompt(const std::shared_ptr<RequestContext> &call);
    void complete(const std::shared_ptr<RequestContext> &call);

    Engine::EngineClient *m_engine; // outlives the server (composition root)
    ServerOptions m_options;
    std::shared_ptr<ServerMetrics> m_metrics = std::make_shared<ServerMetrics>();
    QList<ToolDefinition> m_tools;
    QList<McpSession *> m_sessions;
    std::unique_ptr<Fixtures> m_fixtures;
    std::unique_ptr<LegacyDialect> m_legacy;
    QElapsedTimer m_uptime;
    TrafficLog *m_trafficLog = nullptr;
    quint64 m_personasGeneration = 0;
    QHash<QString, QByteArray> m_personaAnswers;
};

} // namespace Studio::Mcp
