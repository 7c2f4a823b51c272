// SPDX-License-Identifier: MIT
#pragma once

#include "httprequest.h"

#include <mcp/mcpserver.h>

#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>
#include <QTimer>

#include <functional>

namespace Studio::Mcp {

class HttpConnection;
class McpSession;
struct RpcMessage;

/** @brief MCP's Streamable HTTP transport on the endpoint's MCP path (spec/mcp.md
 *  "Transports, precisely"; MCP 2025-11-25 basic/transports). POST carries one JSON-RPC
 *  message: notifications and responses get 202; a request gets its response as
 *  application/json, or an SSE stream when notifications for it come first (a progressToken
 *  opens the stream at once). initialize without Mcp-Session-Id creates a session and names it
 *  in the Mcp-Session-Id header; every later request must carry it (400 without, 404 for an
 *  unknown or ended one; a stored, open session not in memory — after a restart — is resumed).
 *  GET opens the session's one stream for messages unrelated to a request (buffered, the last
 *  kBacklogLimit, while no stream is open); DELETE ends the session. Sessions with no request
 *  and no open stream for httpSessionIdleMs are dropped from memory and stay stored.
 *  Access checks (Host, Origin, token) are the endpoint's, before handle().
 *  Thread: the MCP thread (the endpoint's). */
class StreamableHttpTransport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamableHttpTransport)

public:
    static constexpr int kBacklogLimit = 100;

    explicit StreamableHttpTransport(McpServer *server, QObject *parent = nullptr);
    ~StreamableHttpTransport() override;

    /** One request on the MCP path; answers it on the connection, now or later. */
    void handle(const HttpRequest &request, HttpConnection *connection);
    /** Endpoint shutdown: ends every stream and forgets every session; they stay stored. */
    void closeAll();

    int sessionCount() const { return int(m_sessions.size()); }
    QStringList sessionIds() const { return m_sessions.keys(); }

private:
    struct Session;
    using SessionHandler = std::function<void(Session *)>;

    void handlePost(const HttpRequest &request, HttpConnection *connection);
    void handleGet(const HttpRequest &request, HttpConnection *connection);
    void handleDelete(const HttpRequest &request, HttpConnection *connection);
    void handleOptions(const HttpRequest &request, HttpConnection *connection);
    void startInitialize(const HttpRequest &request, const RpcMessage &message, HttpConnection *connection);
    void deliver(Session *session, const HttpRequest &request, HttpConnection *connection);

    /** Finds (or resumes) the session the request names and calls next with it; answers
     *  400/404 itself. next may run later, after the engine said whether the id is stored. */
    void withSession(const HttpRequest &request, HttpConnection *connection, SessionHandler next);
    /** The MCP-Protocol-Version the request speaks, or an empty string after answering 400. */
    QString protocolVersionOf(const HttpRequest &request, HttpConnection *connection);
    Session *adopt(McpSession *mcp);
    void route(Session *session, const QByteArray &message, const QJsonValue &related);
    void endSession(Session *session, bool keepStored);
    void forget(Session *session);
    void rememberEnded(const QString &id);
    void sweepIdle();

    HttpResponse decorate(HttpResponse response, const Session *session, const QByteArray &origin) const;
    HttpResponse streamHead(const Session *session, const QByteArray &origin) const;

    QPointer<McpServer> m_server;
    QHash<QString, Session *> m_sessions;   // by Mcp-Session-Id
    QSet<Session *> m_unnamed;              // initialize sent, no id yet
    QHash<QString, QList<SessionHandler>> m_resuming; // ids the engine is being asked about
    QSet<QString> m_ended;                  // DELETEd ids (bounded), answered 404 at once
    QQueue<QString> m_endedOrder;
    QTimer m_sweep;

    // Answers the session gives synchronously to a body that is not valid JSON-RPC.
    struct Capture
    {
        Session *session = nullptr;
        QList<QByteArray> messages;
    } m_capture;
};

} // namespace Studio::Mcp
