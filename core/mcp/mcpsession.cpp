// SPDX-License-Identifier: MIT
#include "mcpsession.h"

#include "legacydialect.h"
#include "mcplog.h"
#include "mcpserver.h"
#include "requestcontext.h"

#include <engine/engineclient.h>

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

// MCP logging levels (RFC 5424 names, as in the specification's logging/setLevel).
const QStringList &logLevels()
{
    static const QStringList levels = {u"debug"_s, u"info"_s, u"notice"_s, u"warning"_s,
                                       u"error"_s, u"critical"_s, u"alert"_s, u"emergency"_s};
    return levels;
}

bool isDialectMethod(const QString &method)
{
    // The old server's methods are dotted ("persona.chat"); MCP's use slashes or single words.
    return method.contains(u'.') && !method.contains(u'/');
}

} // namespace

McpSession::McpSession(McpServer *server, TransportInfo info)
    : QObject(server)
    , m_server(server)
    , m_info(std::move(info))
{
    m_rateTokens = server->options().rateBurst;
    m_rateClock.start();
    if (!m_info.protocolVersion.isEmpty() && !m_info.resumeSessionId.isEmpty()) {
        // Streamable HTTP after a restart: the client already initialized with us.
        m_initialized = true;
        m_protocolVersion = m_info.protocolVersion;
    }
}

McpSession::~McpSession()
{
    close(true);
    if (m_server)
        m_server->sessionDestroyed(this);
}

void McpSession::close(bool keepStored)
{
    if (m_closed)
        return;
    m_closed = true;
    const auto inFlight = m_inFlight.values();
    m_inFlight.clear();
    for (const auto &call : inFlight)
        call->cancel();
    const auto waiting = std::exchange(m_clientRequests, {});
    for (const ClientReply &reply : waiting)
        reply({}, RpcError::make(RpcErrorCode::InternalError, u"the session closed before the client answered"_s));
    if (!keepStored && !m_sessionId.isEmpty() && m_server && m_server->engine())
        m_server->engine()->closeSession(m_sessionId);
    qCInfo(lcMcp) << "session" << m_sessionId << "closed (" << m_info.transport << ")";
}

void McpSession::sendRaw(const QByteArray &bytes, const QJsonValue &related, const QString &method, bool isError)
{
    if (m_closed)
        return;
    if (m_server) {
        double latencyMs = -1;
        if (auto call = m_inFlight.value(rpcIdKey(related)); call && (bytes.contains("\"result\"") || isError))
            latencyMs = double(call->elapsedMs());
        m_server->recordTraffic(this, false, method, related, bytes, latencyMs, isError);
    }
    Q_EMIT outgoing(bytes, related);
}

void McpSession::notify(const QString &method, const QJsonObject &params)
{
    sendRaw(rpcNotification(method, params.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(params)),
            QJsonValue::Undefined, method, false);
}

void McpSession::requestFromClient(const QString &method, const QJsonObject &params, const QJsonValue &relatedRequestId,
                                   ClientReply done)
{
    if (m_closed)
        return done({}, RpcError::make(RpcErrorCode::InternalError, u"the session is closed"_s));
    // String ids of our own, so they can never collide with the client's numeric ones.
    const QJsonValue id = u"server-%1"_s.arg(m_nextClientRequestId++);
    m_clientRequests.insert(rpcIdKey(id), std::move(done));
    sendRaw(rpcRequest(id, method, params), relatedRequestId, method, false);
}

void McpSession::holdTraffic(TrafficEvent event)
{
    constexpr qsizetype kMaxHeld = 16;
    if (m_heldTraffic.size() < kMaxHeld)
        m_heldTraffic.append(std::move(event));
}

bool McpSession::wantsLog(const QString &level) const
{
    return logLevels().indexOf(level) >= logLevels().indexOf(m_logLevel);
}

bool McpSession::takeRateToken()
{
    const ServerOptions &options = m_server->options();
    const double elapsedSeconds = double(m_rateClock.restart()) / 1000.0;
    m_rateTokens = qMin(double(options.rateBurst), m_rateTokens + elapsedSeconds * options.ratePerSecond);
    if (m_rateTokens < 1.0)
        return false;
    m_rateTokens -= 1.0;
    return true;
}

void McpSession::receive(const QByteArray &message)
{
    if (m_closed || !m_server)
        return;
    const ServerOptions &options = m_server->options();
    if (message.size() > options.maxMessageBytes) {
        const QString text = u"the message has %1 bytes; this server accepts at most %2"_s.arg(message.size())
                                 .arg(options.maxMessageBytes);
        m_server->recordTraffic(this, true, QString(), QJsonValue::Null, message.left(1024), -1, true);
        sendRaw(rpcError(QJsonValue::Null, RpcError::make(RpcErrorCode::MessageTooLarge, text)), QJsonValue::Null,
                QString(), true);
        return;
    }
    auto parsed = parseRpcMessage(message);
    if (!parsed) {
        m_server->recordTraffic(this, true, QString(), parsed.error().id, message, -1, true);
        m_server->metrics().requestDone(u"(invalid)"_s, 0, true);
        sendRaw(rpcError(parsed.error().id, parsed.error().error), parsed.error().id, QString(), true);
        return;
    }
    const RpcMessage &rpc = *parsed;
    m_server->recordTraffic(this, true, rpc.method, rpc.id, message, -1, false);
    switch (rpc.kind) {
    case RpcMessage::Kind::Request:
        return handleRequest(rpc);
    case RpcMessage::Kind::Notification:
        return handleNotification(rpc);
    case RpcMessage::Kind::Response:
    case RpcMessage::Kind::ErrorResponse: {
        ClientReply reply = m_clientRequests.take(rpcIdKey(rpc.id));
        if (!reply) {
            qCDebug(lcMcp) << "ignoring a response to no request of ours, id" << rpc.id;
            return;
        }
        if (rpc.kind == RpcMessage::Kind::Response)
            reply(rpc.result.toObject(), std::nullopt);
        else
            reply({}, rpc.error);
        return;
    }
    }
}

void McpSession::handleRequest(const RpcMessage &message)
{
    const QString key = rpcIdKey(message.id);
    auto call = std::make_shared<RequestContext>(this, message);
    if (m_inFlight.contains(key)) {
        call->fail(RpcErrorCode::InvalidRequest,
                   u"a request with id %1 is still being answered; ids must be unique while in flight"_s.arg(
                       key.mid(2)));
        return;
    }
    if (!takeRateToken()) {
        call->fail(RpcErrorCode::TooManyRequests,
                   u"too many requests: at most %1 per second (bursts of %2) per session; slow down and retry"_s
                       .arg(m_server->options().ratePerSecond)
                       .arg(m_server->options().rateBurst));
        return;
    }
    if (m_inFlight.size() >= m_server->options().maxInFlight) {
        call->fail(RpcErrorCode::TooManyRequests,
                   u"too many requests in flight: at most %1 per session; wait for answers before sending more"_s.arg(
                       m_server->options().maxInFlight));
        return;
    }
    m_inFlight.insert(key, call);
    dispatch(message, call);
}

void McpSession::finishRequest(const RequestContext *call, bool isError)
{
    const QString key = rpcIdKey(call->id());
    // Only this very request leaves: a duplicate id refused while the first is in flight must
    // not take the first one's place.
    if (auto current = m_inFlight.value(key); current.get() == call)
        m_inFlight.remove(key);
    if (m_server)
        m_server->metrics().requestDone(call->method(), double(call->elapsedMs()), isError);
}

void McpSession::handleNotification(const RpcMessage &message)
{
    m_server->metrics().notificationReceived(message.method);
    if (message.method == u"notifications/initialized"_s)
        return;
    if (message.method == u"notifications/cancelled"_s) {
        const QJsonValue requestId = message.paramsObject().value("requestId"_L1);
        auto call = m_inFlight.take(rpcIdKey(requestId));
        if (!call) {
            // Cancels may race with the response; MCP says to ignore unknown ids.
            return;
        }
        qCInfo(lcMcp) << "request" << requestId << "cancelled by the client:"
                      << message.paramsObject().value("reason"_L1).toString();
        m_server->metrics().requestDone(call->method(), double(call->elapsedMs()), false);
        call->cancel();
        return;
    }
    // Other notifications (roots/list_changed, progress from clients) carry nothing for us.
}

void McpSession::dispatch(const RpcMessage &message, const std::shared_ptr<RequestContext> &call)
{
    if (isDialectMethod(message.method)) {
        ensureStoredSession([this, call](const Result<QString> &session) {
            if (call->isCancelled())
                return;
            if (!session)
                return call->fail(rpcErrorFor(session.error()));
            m_server->m_legacy->handle(call);
        });
        return;
    }
    if (message.method == u"initialize"_s)
        return handleInitialize(message, call);
    if (message.method == u"ping"_s)
        return call->respond(QJsonObject());
    if (!m_initialized)
        return call->fail(RpcErrorCode::NotInitialized,
                          u"the session is not initialized: send initialize first (method '%1')"_s.arg(message.method));
    if (message.method == u"logging/setLevel"_s) {
        const QString level = message.paramsObject().value("level"_L1).toString();
        if (!logLevels().contains(level))
            return call->fail(RpcErrorCode::InvalidParams,
                              u"level must be one of: %1"_s.arg(logLevels().join(u", "_s)));
        m_logLevel = level;
        return call->respond(QJsonObject());
    }
    if (message.method == u"resources/subscribe"_s || message.method == u"resources/unsubscribe"_s) {
        const QJsonValue uri = message.paramsObject().value("uri"_L1);
        if (!uri.isString() || uri.toString().isEmpty())
            return call->fail(RpcErrorCode::InvalidParams, u"uri must be a non-empty string"_s);
        if (message.method == u"resources/subscribe"_s)
            m_subscriptions.insert(uri.toString());
        else
            m_subscriptions.remove(uri.toString());
        return call->respond(QJsonObject());
    }
    ensureStoredSession([this, call](const Result<QString> &session) {
        if (call->isCancelled())
            return;
        if (!session)
            return call->fail(rpcErrorFor(session.error()));
        m_server->dispatchMcp(this, call);
    });
}

void McpSession::handleInitialize(const RpcMessage &message, const std::shared_ptr<RequestContext> &call)
{
    const QJsonObject params = message.paramsObject();
    const QJsonValue requested = params.value("protocolVersion"_L1);
    if (!requested.isString())
        return call->fail(RpcErrorCode::InvalidParams, u"initialize needs a protocolVersion string"_s);
    // Echo the client's revision when we speak it, else offer our newest (the client decides).
    m_protocolVersion = McpServer::supportedProtocolVersions().contains(requested.toString())
                            ? requested.toString()
                            : McpServer::latestProtocolVersion();
    const QJsonObject clientInfo = params.value("clientInfo"_L1).toObject();
    m_clientName = clientInfo.value("name"_L1).toString().left(200);
    m_clientVersion = clientInfo.value("version"_L1).toString().left(100);
    m_clientCapabilities = params.value("capabilities"_L1).toObject();

    ensureStoredSession([this, call](const Result<QString> &session) {
        if (call->isCancelled())
            return;
        if (!session)
            return call->fail(rpcErrorFor(session.error()));
        if (!m_info.resumeSessionId.isEmpty())
            m_server->engine()->setSessionClient(m_sessionId, m_clientName, m_clientVersion, m_info.transport);
        m_initialized = true;
        const QJsonObject result{
            {u"protocolVersion"_s, m_protocolVersion},
            {u"capabilities"_s,
             QJsonObject{
                 {u"tools"_s, QJsonObject{{u"listChanged"_s, true}}},
                 {u"resources"_s, QJsonObject{{u"subscribe"_s, true}, {u"listChanged"_s, true}}},
                 {u"prompts"_s, QJsonObject{{u"listChanged"_s, false}}},
                 {u"logging"_s, QJsonObject()},
                 {u"completions"_s, QJsonObject()},
             }},
            {u"serverInfo"_s,
             QJsonObject{{u"name"_s, u"persona-studio"_s},
                         {u"title"_s, u"Persona Studio"_s},
                         {u"version"_s, QStringLiteral(PERSONA_STUDIO_VERSION)}}},
            {u"instructions"_s,
             u"Persona Studio hosts AI personas (Aria, an elven bard; Kira, a scholar; and the user's own) who "
             "chat through a local LLM and keep their conversations per session. Call list_personas first, then "
             "chat with one by id or name (switch_persona sets the default for this session)."_s},
        };
        call->respond(result);
    });
}

void McpSession::ensureStoredSession(std::function<void(const Result<QString> &)> next)
{
    if (!m_sessionId.isEmpty())
        return next(m_sessionId);
    m_waitingForSession.append(std::move(next));
    if (m_opening)
        return;
    m_opening = true;
    Engine::EngineClient *engine = m_server->engine();
    auto finish = [this](const Result<QString> &id) {
        m_opening = false;
        if (id) {
            m_sessionId = *id;
            for (TrafficEvent &event : std::exchange(m_heldTraffic, {})) {
                event.sessionId = m_sessionId;
                if (m_server && m_server->m_trafficLog)
                    m_server->m_trafficLog->append(std::move(event));
            }
            Q_EMIT opened(m_sessionId);
        }
        const auto waiting = std::exchange(m_waitingForSession, {});
        for (const auto &waiter : waiting)
            waiter(id);
    };
    const Conversation::SessionOpen open{u"mcp"_s, m_info.transport,
                                         m_clientName.isEmpty() ? u"persona-mcp client"_s : m_clientName,
                                         m_clientVersion};
    auto openNew = [this, engine, open, finish] {
        engine->openSession(open).then(this, [finish](const Result<Store::SessionRow> &row) {
            finish(row ? Result<QString>(row->id) : Result<QString>(fail(row.error())));
        });
    };
    if (m_info.resumeSessionId.isEmpty())
        return openNew();
    engine->resumeSession(m_info.resumeSessionId)
        .then(this, [this, finish, openNew](const Result<Store::SessionRow> &row) {
            if (row)
                return finish(row->id);
            // An unknown id (a typo, a deleted database) starts afresh rather than failing the client.
            qCInfo(lcMcp) << "cannot resume session" << m_info.resumeSessionId << ":" << row.error().message
                          << "- starting a new one";
            openNew();
        });
}

} // namespace Studio::Mcp
