// SPDX-License-Identifier: MIT
#include "streamablehttp.h"

#include "mcplistener.h"

#include <conversation/chattypes.h>
#include <engine/engineclient.h>
#include <mcp/jsonrpc.h>
#include <mcp/mcplog.h>
#include <mcp/mcpserver.h>
#include <mcp/mcpsession.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

// MCP 2025-11-25 basic/transports: without MCP-Protocol-Version the server assumes 2025-03-26.
const QString kDefaultProtocolVersion = u"2025-03-26"_s;
constexpr int kMaxEndedIds = 4096;
constexpr int kKeepAliveCommentMs = 10000;

/** Which top-level keys a compact JSON-RPC object has, found by scanning instead of parsing:
 *  the session's own output is well-formed, and this runs for every message it sends. */
struct MessageShape
{
    bool hasMethod = false;
    bool hasResult = false;
    bool hasError = false;

    bool isResponse() const { return !hasMethod && (hasResult || hasError); }
};

MessageShape shapeOf(QByteArrayView json)
{
    MessageShape shape;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    bool expectKey = false;
    qsizetype keyStart = -1;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
                if (keyStart >= 0) {
                    const QByteArrayView key = json.sliced(keyStart, i - keyStart);
                    shape.hasMethod |= key == "method";
                    shape.hasResult |= key == "result";
                    shape.hasError |= key == "error";
                    keyStart = -1;
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            if (depth == 1 && expectKey) {
                keyStart = i + 1;
                expectKey = false;
            }
            break;
        case '{':
            ++depth;
            expectKey = depth == 1;
            break;
        case '[':
            ++depth;
            break;
        case '}':
        case ']':
            --depth;
            break;
        case ',':
            expectKey = depth == 1;
            break;
        default:
            break;
        }
    }
    return shape;
}

bool isJsonContentType(const HttpRequest &request)
{
    QByteArray type = request.header("content-type");
    if (const qsizetype semicolon = type.indexOf(';'); semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower() == "application/json";
}

/** Session ids we hand out are base64url (older databases hold UUIDs); anything far from visible
 *  ASCII is not worth a lookup. */
bool isPlausibleSessionId(const QByteArray &id)
{
    if (id.isEmpty() || id.size() > 128)
        return false;
    for (char c : id) {
        if (c < 0x21 || c > 0x7e)
            return false;
    }
    return true;
}

HttpResponse jsonBody(int status, const QByteArray &json)
{
    HttpResponse response;
    response.status = status;
    response.setHeader("Content-Type", "application/json");
    response.body = json;
    return response;
}

} // namespace

struct StreamableHttpTransport::Session
{
    /** An HTTP request waiting for the answer to its JSON-RPC request. */
    struct Pending
    {
        QPointer<HttpConnection> connection; // null once the client has gone
        QByteArray origin;
        bool streaming = false;  // answered with SSE
        bool initialize = false; // the response names the session
    };

    QString id; // the Mcp-Session-Id; empty until initialize has been answered
    McpSession *mcp = nullptr; // owned
    QHash<QString, Pending> pending; // by rpcIdKey
    QPointer<HttpConnection> stream; // the GET stream
    QQueue<QByteArray> backlog;      // unrelated messages while no GET stream is open
    QElapsedTimer idle;              // since the last request
};

StreamableHttpTransport::StreamableHttpTransport(McpServer *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    const int idleMs = server ? server->options().httpSessionIdleMs : 60 * 60 * 1000;
    m_sweep.setInterval(qBound(20, idleMs / 4, 15000));
    connect(&m_sweep, &QTimer::timeout, this, &StreamableHttpTransport::sweepIdle);
    m_sweep.start();
}

StreamableHttpTransport::~StreamableHttpTransport()
{
    closeAll();
}

void StreamableHttpTransport::closeAll()
{
    const auto named = m_sessions.values();
    const auto unnamed = m_unnamed.values();
    for (Session *session : named)
        endSession(session, true);
    for (Session *session : unnamed)
        endSession(session, true);
    m_resuming.clear();
}

HttpResponse StreamableHttpTransport::decorate(HttpResponse response, const Session *session,
                                               const QByteArray &origin) const
{
    if (session && !session->id.isEmpty())
        response.setHeader("Mcp-Session-Id", session->id.toLatin1());
    if (!origin.isEmpty()) {
        // The Origin passed the endpoint's check, so a browser client may read the answer.
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id");
        response.setHeader("Vary", "Origin");
    }
    return response;
}

HttpResponse StreamableHttpTransport::streamHead(const Session *session, const QByteArray &origin) const
{
    HttpResponse head = HttpResponse::empty(200);
    head.setHeader("Content-Type", "text/event-stream");
    head.setHeader("Cache-Control", "no-cache");
    head.setHeader("X-Accel-Buffering", "no"); // reverse proxies must not hold events back
    return decorate(head, session, origin);
}

void StreamableHttpTransport::handle(const HttpRequest &request, HttpConnection *connection)
{
    if (!m_server)
        return connection->respond(HttpResponse::error(503, u"the server is shutting down"_s));
    if (request.method == "POST")
        return handlePost(request, connection);
    if (request.method == "GET")
        return handleGet(request, connection);
    if (request.method == "DELETE")
        return handleDelete(request, connection);
    if (request.method == "OPTIONS")
        return handleOptions(request, connection);
    HttpResponse response = HttpResponse::error(
        405, u"Method Not Allowed: the MCP endpoint takes POST (messages), GET (the server's stream) and "
             "DELETE (end the session)"_s);
    response.setHeader("Allow", "GET, POST, DELETE");
    connection->respond(decorate(response, nullptr, request.header("origin")));
}

void StreamableHttpTransport::handleOptions(const HttpRequest &request, HttpConnection *connection)
{
    // A CORS preflight from a browser client whose Origin the endpoint allowed.
    HttpResponse response = decorate(HttpResponse::empty(204), nullptr, request.header("origin"));
    response.setHeader("Allow", "GET, POST, DELETE, OPTIONS");
    if (request.hasHeader("origin")) {
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        response.setHeader("Access-Control-Allow-Headers",
                           "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
        response.setHeader("Access-Control-Max-Age", "600");
    }
    connection->respond(response);
}

QString StreamableHttpTransport::protocolVersionOf(const HttpRequest &request, HttpConnection *connection)
{
    const QByteArray header = request.header("mcp-protocol-version");
    if (header.isNull())
        return kDefaultProtocolVersion;
    const QString version = QString::fromLatin1(header.trimmed());
    if (McpServer::supportedProtocolVersions().contains(version))
        return version;
    connection->respond(decorate(
        HttpResponse::error(400, u"Bad Request: unsupported MCP-Protocol-Version '%1'; this server speaks %2"_s.arg(
                                     version.left(40), McpServer::supportedProtocolVersions().join(u", "_s))),
        nullptr, request.header("origin")));
    return {};
}

void StreamableHttpTransport::handlePost(const HttpRequest &request, HttpConnection *connection)
{
    const QByteArray origin = request.header("origin");
    if (!request.headerHasToken("accept", "application/json") || !request.headerHasToken("accept", "text/event-stream"))
        return connection->respond(decorate(
            HttpResponse::error(406, u"Not Acceptable: the client must accept both application/json and "
                                     "text/event-stream"_s),
            nullptr, origin));
    if (!isJsonContentType(request))
        return connection->respond(decorate(
            HttpResponse::error(415, u"Unsupported Media Type: POST one JSON-RPC message with Content-Type: "
                                     "application/json"_s),
            nullptr, origin));

    if (request.header("mcp-session-id").isNull()) {
        const auto parsed = parseRpcMessage(request.body);
        if (parsed && parsed->isRequest() && parsed->method == u"initialize"_s)
            return startInitialize(request, *parsed, connection);
        if (!parsed) // no session to hand it to: answer the JSON-RPC error here
            return connection->respond(decorate(jsonBody(400, rpcError(parsed.error().id, parsed.error().error)),
                                                nullptr, origin));
        return connection->respond(decorate(
            HttpResponse::error(400, u"Bad Request: Mcp-Session-Id header is required; send initialize first "
                                     "to get one"_s),
            nullptr, origin));
    }
    if (protocolVersionOf(request, connection).isEmpty())
        return;
    QPointer<HttpConnection> guard(connection);
    withSession(request, connection, [this, request, guard](Session *session) {
        if (guard)
            deliver(session, request, guard);
    });
}

void StreamableHttpTransport::startInitialize(const HttpRequest &request, const RpcMessage &message,
                                              HttpConnection *connection)
{
    if (const std::optional<QString> why = m_server->refuseNewSession(connection->peer()))
        return connection->respond(decorate(HttpResponse::error(429, *why), nullptr, request.header("origin")));
    McpSession *mcp = m_server->createSession(TransportInfo{u"http"_s, connection->peer(), {}, {}});
    Session *session = adopt(mcp);
    m_unnamed.insert(session);
    session->pending.insert(rpcIdKey(message.id), Session::Pending{connection, request.header("origin"), false, true});
    mcp->receive(request.body);
}

void StreamableHttpTransport::deliver(Session *session, const HttpRequest &request, HttpConnection *connection)
{
    session->idle.restart();
    const QByteArray origin = request.header("origin");
    const auto parsed = parseRpcMessage(request.body);
    if (!parsed) {
        const QJsonValue id = parsed.error().id;
        if (isValidRpcId(id) && session->pending.contains(rpcIdKey(id)))
            return connection->respond(decorate(jsonBody(409, rpcError(id, parsed.error().error)), session, origin));
        // The session answers malformed messages itself (and counts them); its answer comes
        // back synchronously, unrelated to any waiting request: catch it for this response.
        m_capture = Capture{session, {}};
        session->mcp->receive(request.body);
        const Capture capture = std::exchange(m_capture, Capture{});
        const QByteArray answer = capture.messages.isEmpty() ? rpcError(id, parsed.error().error)
                                                             : capture.messages.constLast();
        return connection->respond(decorate(jsonBody(400, answer), session, origin));
    }

    const RpcMessage &message = *parsed;
    if (message.kind != RpcMessage::Kind::Request) {
        session->mcp->receive(request.body);
        if (message.isNotification() && message.method == u"notifications/cancelled"_s) {
            // No response is sent for a cancelled request (MCP basic/utilities/cancellation):
            // end the HTTP exchange that waits for it, if the client has not already.
            const QString key = rpcIdKey(message.paramsObject().value("requestId"_L1));
            if (auto it = session->pending.find(key); it != session->pending.end()) {
                const Session::Pending waiting = *it;
                session->pending.erase(it);
                if (waiting.connection) {
                    if (!waiting.streaming)
                        waiting.connection->startStream(streamHead(session, waiting.origin));
                    waiting.connection->endStream();
                }
            }
        }
        return connection->respond(decorate(HttpResponse::empty(202), session, origin));
    }

    const QString key = rpcIdKey(message.id);
    if (session->pending.contains(key))
        return connection->respond(decorate(
            jsonBody(409, rpcError(message.id, RpcError::make(RpcErrorCode::InvalidRequest,
                                                             u"a request with id %1 is still being answered on this "
                                                             "session; use a new id"_s.arg(key.mid(2))))),
            session, origin));
    Session::Pending pending{connection, origin, false, false};
    // A progress token announces notifications before the result: open the SSE stream now,
    // so the client sees the head at once even when the model takes long to start.
    if (!message.paramsObject().value("_meta"_L1).toObject().value("progressToken"_L1).isUndefined()) {
        connection->startStream(streamHead(session, origin));
        pending.streaming = true;
    }
    session->pending.insert(key, pending);
    session->mcp->receive(request.body);
}

void StreamableHttpTransport::handleGet(const HttpRequest &request, HttpConnection *connection)
{
    const QByteArray origin = request.header("origin");
    // We offer the GET stream, so a GET that cannot take SSE is refused as not acceptable
    // (405 is for servers without the stream).
    if (!request.headerHasToken("accept", "text/event-stream"))
        return connection->respond(decorate(
            HttpResponse::error(406, u"Not Acceptable: GET opens the session's event stream; send Accept: "
                                     "text/event-stream"_s),
            nullptr, origin));
    if (request.header("mcp-session-id").isNull())
        return connection->respond(decorate(
            HttpResponse::error(400, u"Bad Request: Mcp-Session-Id header is required"_s), nullptr, origin));
    if (protocolVersionOf(request, connection).isEmpty())
        return;
    QPointer<HttpConnection> guard(connection);
    withSession(request, connection, [this, guard, origin](Session *session) {
        if (!guard)
            return;
        if (session->stream && session->stream->isStreaming())
            return guard->respond(decorate(
                HttpResponse::error(409, u"Conflict: this session's GET stream is already open; only one at a time"_s),
                session, origin));
        session->idle.restart();
        session->stream = guard.data();
        guard->startStream(streamHead(session, origin));
        while (!session->backlog.isEmpty() && guard && guard->isStreaming())
            guard->sendEvent(session->backlog.dequeue());
    });
}

void StreamableHttpTransport::handleDelete(const HttpRequest &request, HttpConnection *connection)
{
    const QByteArray origin = request.header("origin");
    if (request.header("mcp-session-id").isNull())
        return connection->respond(decorate(
            HttpResponse::error(400, u"Bad Request: Mcp-Session-Id header is required"_s), nullptr, origin));
    QPointer<HttpConnection> guard(connection);
    withSession(request, connection, [this, guard, origin](Session *session) {
        qCInfo(lcMcp) << "HTTP session" << session->id << "ended by the client";
        endSession(session, false);
        if (guard)
            guard->respond(decorate(HttpResponse::empty(200), nullptr, origin));
    });
}

void StreamableHttpTransport::withSession(const HttpRequest &request, HttpConnection *connection,
                                          SessionHandler next)
{
    const QByteArray header = request.header("mcp-session-id").trimmed();
    const QByteArray origin = request.header("origin");
    const QString id = QString::fromLatin1(header);
    QPointer<HttpConnection> guard(connection);
    auto notFound = [this, guard, origin](const QString &why) {
        if (guard)
            guard->respond(decorate(HttpResponse::error(404, why), nullptr, origin));
    };
    const QString unknown = u"Not Found: no session with this Mcp-Session-Id; send initialize to start one"_s;
    if (!isPlausibleSessionId(header))
        return notFound(unknown);
    if (Session *session = m_sessions.value(id))
        return next(session);
    if (m_ended.contains(id))
        return notFound(u"Not Found: this session has ended (deleted, or expired after mcp/http_session_idle_s "
                        "without a request); send initialize to start a new one"_s);
    Engine::EngineClient *engine = m_server ? m_server->engine() : nullptr;
    if (!engine)
        return notFound(unknown);

    // Not in memory: after a restart the session may still be stored and open. Ask the engine
    // once per id; requests arriving meanwhile wait with the first.
    QList<SessionHandler> &waiters = m_resuming[id];
    const bool alreadyAsking = !waiters.isEmpty();
    waiters.append([next, notFound, unknown](Session *session) {
        if (session)
            next(session);
        else
            notFound(unknown);
    });
    if (alreadyAsking)
        return;
    const QString version = request.hasHeader("mcp-protocol-version")
                                ? QString::fromLatin1(request.header("mcp-protocol-version").trimmed())
                                : kDefaultProtocolVersion;
    const QString peer = connection->peer();
    engine->session(id).then(this, [this, id, version, peer](const Result<Conversation::SessionDetail> &detail) {
        const QList<SessionHandler> waiting = m_resuming.take(id);
        // A stored session idle for longer than the expiry (the app was stopped meanwhile) has expired too.
        const bool fresh = detail && m_server
                           && QDateTime::currentMSecsSinceEpoch() - detail->session.lastActiveMs
                                  < m_server->options().httpSessionIdleMs;
        if (!m_sessions.contains(id) && !m_ended.contains(id) && m_server && detail && detail->session.isOpen()
            && detail->session.kind == u"mcp"_s && fresh) {
            McpSession *mcp = m_server->createSession(TransportInfo{u"http"_s, peer, id, version});
            Session *session = adopt(mcp);
            session->id = id;
            m_sessions.insert(id, session);
            qCInfo(lcMcp) << "resumed stored HTTP session" << id;
        }
        // Look the session up again for each: an earlier waiter (a DELETE) may have ended it.
        for (const SessionHandler &handler : waiting)
            handler(m_sessions.value(id));
    });
}

StreamableHttpTransport::Session *StreamableHttpTransport::adopt(McpSession *mcp)
{
    auto *session = new Session;
    session->mcp = mcp;
    session->idle.start();
    connect(mcp, &McpSession::outgoing, this, [this, session](const QByteArray &message, const QJsonValue &related) {
        route(session, message, related);
    });
    return session;
}

void StreamableHttpTransport::route(Session *session, const QByteArray &message, const QJsonValue &related)
{
    if (related.isUndefined()) {
        // Unrelated to any request (list_changed, resources/updated, log messages): the GET
        // stream, or the backlog until one opens; the oldest go first when it is full.
        if (session->stream && session->stream->isStreaming() && session->stream->sendEvent(message))
            return;
        session->backlog.enqueue(message);
        while (session->backlog.size() > kBacklogLimit)
            session->backlog.dequeue();
        return;
    }

    const auto it = session->pending.find(rpcIdKey(related));
    if (it == session->pending.end()) {
        if (m_capture.session == session)
            m_capture.messages.append(message);
        else
            qCDebug(lcMcp) << "no HTTP request waits for id" << related << "any more; message dropped";
        return;
    }
    const MessageShape shape = shapeOf(message);
    if (!shape.isResponse()) {
        // Something for the request before its response (progress): answer with SSE.
        HttpConnection *connection = it->connection;
        if (!connection)
            return;
        if (!it->streaming) {
            if (!connection->isAwaitingResponse())
                return;
            connection->startStream(streamHead(session, it->origin));
            it->streaming = true;
        }
        connection->sendEvent(message);
        return;
    }

    const Session::Pending pending = *it;
    session->pending.erase(it);
    if (pending.initialize && session->id.isEmpty()) {
        m_unnamed.remove(session);
        const QString id = session->mcp->sessionId();
        if (shape.hasError || id.isEmpty()) {
            // initialize failed: no session; the client may try again.
            if (pending.connection)
                pending.connection->respond(decorate(jsonBody(200, message), nullptr, pending.origin));
            session->mcp->close(id.isEmpty());
            forget(session);
            return;
        }
        session->id = id;
        m_sessions.insert(id, session);
        qCInfo(lcMcp) << "HTTP session" << id << "opened for" << session->mcp->clientName();
    }
    if (!pending.connection)
        return;
    if (pending.streaming) {
        pending.connection->sendEvent(message);
        pending.connection->endStream();
    } else {
        pending.connection->respond(decorate(jsonBody(200, message), session, pending.origin));
    }
}

void StreamableHttpTransport::endSession(Session *session, bool keepStored)
{
    if (session->mcp)
        session->mcp->close(keepStored);
    if (!keepStored && !session->id.isEmpty())
        rememberEnded(session->id);
    if (session->stream)
        session->stream->endStream();
    const auto pending = std::exchange(session->pending, {});
    for (const Session::Pending &waiting : pending) {
        if (!waiting.connection)
            continue;
        if (waiting.streaming)
            waiting.connection->endStream();
        else
            waiting.connection->respond(decorate(
                HttpResponse::error(404, u"Not Found: the session ended before this request was answered"_s),
                nullptr, waiting.origin));
    }
    forget(session);
}

void StreamableHttpTransport::forget(Session *session)
{
    if (!session->id.isEmpty() && m_sessions.value(session->id) == session)
        m_sessions.remove(session->id);
    m_unnamed.remove(session);
    if (m_capture.session == session)
        m_capture.session = nullptr;
    if (session->mcp) {
        session->mcp->disconnect(this);
        // Deferred: this may run inside the session's own outgoing() emission.
        session->mcp->deleteLater();
    }
    delete session;
}

void StreamableHttpTransport::rememberEnded(const QString &id)
{
    if (m_ended.contains(id))
        return;
    m_ended.insert(id);
    m_endedOrder.enqueue(id);
    while (m_endedOrder.size() > kMaxEndedIds)
        m_ended.remove(m_endedOrder.dequeue());
}

void StreamableHttpTransport::sweepIdle()
{
    if (!m_server)
        return;
    const qint64 idleMs = m_server->options().httpSessionIdleMs;
    const bool sendKeepAlive = m_sweep.interval() >= kKeepAliveCommentMs;
    QList<Session *> sessions = m_sessions.values();
    sessions += m_unnamed.values();
    for (Session *session : std::as_const(sessions)) {
        const bool streaming = session->stream && session->stream->isStreaming();
        bool waiting = false;
        for (const Session::Pending &pending : std::as_const(session->pending))
            waiting |= !pending.connection.isNull();
        if (streaming || waiting) {
            // A client with an open stream or a request in progress is not idle. The comment
            // lets a dead peer surface as a write error instead of an eternal stream.
            session->idle.restart();
            if (streaming && sendKeepAlive)
                session->stream->sendComment("keep-alive");
            continue;
        }
        if (session->idle.elapsed() >= idleMs) {
            // Expired: closed in the store too, so its id no longer opens anything (404).
            qCInfo(lcMcp) << "HTTP session" << session->id << "expired after" << idleMs << "ms without a request";
            endSession(session, false);
        }
    }
}

} // namespace Studio::Mcp
