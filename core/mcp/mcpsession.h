// SPDX-License-Identifier: MIT
#pragma once

#include "jsonrpc.h"
#include "trafficlog.h"

#include <common/error.h>

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

namespace Studio::Mcp {

class McpServer;
class RequestContext;

/** Who a session talks through. */
struct TransportInfo
{
    QString transport;       // "websocket", "http", "stdio"; serialized, never rename
    QString peer;            // "127.0.0.1:54321", for the inspector
    QString resumeSessionId; // resume this stored session (?session=, Mcp-Session-Id, after a restart)
    QString protocolVersion; // HTTP resume: the MCP-Protocol-Version header; the session counts as initialized
};

/** @brief One MCP (or old-dialect) client: a WebSocket connection, a Streamable HTTP session, or
 *  a stdio client. Transport-agnostic: a transport hands in one message at a time with
 *  receive() and writes what outgoing() says. Handles initialize, version negotiation,
 *  per-session limits (in-flight requests, request rate, message size), cancellation and
 *  subscriptions; dispatches to the server's tools/resources/prompts and the old dialect.
 *  Thread: the MCP thread. Created by McpServer::createSession; the transport owns it. */
class McpSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpSession)

public:
    ~McpSession() override;

    /** One JSON-RPC message (a frame, a POST body, a line). Replies arrive through outgoing(). */
    void receive(const QByteArray &message);
    /** The transport is gone: cancels every request in flight. keepStored: leave the stored
     *  session open so it can be resumed (HTTP without DELETE, app shutdown). */
    void close(bool keepStored = false);

    QString sessionId() const { return m_sessionId; } // the stored session's id; empty until opened
    const TransportInfo &transportInfo() const { return m_info; }
    bool isInitialized() const { return m_initialized; }
    QString protocolVersion() const { return m_protocolVersion; }
    QString clientName() const { return m_clientName; }
    int inFlight() const { return int(m_inFlight.size()); }
    bool isClosed() const { return m_closed; }

    /** Keeps a traffic event until the stored session exists (at most a few). */
    void holdTraffic(TrafficEvent event);

    /** Sends a notification to this client (list_changed, resources/updated, log messages). */
    void notify(const QString &method, const QJsonObject &params = {});
    /** Sends a request to the client (sampling/createMessage, elicitation/create, roots/list) as
     *  part of the request relatedRequestId; done gets the client's result, or an error (the client's
     *  error response, or the session closing). */
    void requestFromClient(const QString &method, const QJsonObject &params, const QJsonValue &relatedRequestId,
                           std::function<void(const QJsonObject &result, const std::optional<RpcError> &error)> done);
    QJsonObject clientCapabilities() const { return m_clientCapabilities; }

    /** The session's logging level (logging/setLevel); messages below it are not sent. */
    bool wantsLog(const QString &level) const;
    bool isSubscribed(const QString &uri) const { return m_subscriptions.contains(uri); }

Q_SIGNALS:
    /** A message for the client. relatedRequestId is the id of the request this message belongs
     *  to (its response, its progress) or Undefined for unrelated server messages; Streamable
     *  HTTP uses it to pick the SSE stream. A response always comes last for its request. */
    void outgoing(const QByteArray &message, const QJsonValue &relatedRequestId);
    /** The stored session exists (opened or resumed); sessionId() is set. */
    void opened(const QString &sessionId);

private:
    friend class McpServer;
    friend class RequestContext;
    McpSession(McpServer *server, TransportInfo info);

    struct InFlight;

    void handleRequest(const RpcMessage &message);
    void handleNotification(const RpcMessage &message);
    void dispatch(const RpcMessage &message, const std::shared_ptr<RequestContext> &context);
    void handleInitialize(const RpcMessage &message, const std::shared_ptr<RequestContext> &context);
    void ensureStoredSession(std::function<void(const Result<QString> &)> next);
    bool takeRateToken();
    void sendRaw(const QByteArray &bytes, const QJsonValue &related, const QString &method, bool isError);
    void finishRequest(const RequestContext *call, bool isError);

    QPointer<McpServer> m_server;
    TransportInfo m_info;
    QString m_sessionId;
    bool m_opening = false;
    QList<std::function<void(const Result<QString> &)>> m_waitingForSession;
    bool m_initialized = false;
    bool m_closed = false;
    QString m_protocolVersion;
    QString m_clientName;
    QString m_clientVersion;
    QJsonObject m_clientCapabilities;
    QString m_logLevel = QStringLiteral("info");
    QSet<QString> m_subscriptions;
    QHash<QString, std::shared_ptr<RequestContext>> m_inFlight; // rpcIdKey -> request
    using ClientReply = std::function<void(const QJsonObject &, const std::optional<RpcError> &)>;
    QHash<QString, ClientReply> m_clientRequests; // rpcIdKey of our request -> its callback
    quint64 m_nextClientRequestId = 1;
    QList<TrafficEvent> m_heldTraffic;
    double m_rateTokens = 0;
    QElapsedTimer m_rateClock;
};

} // namespace Studio::Mcp
