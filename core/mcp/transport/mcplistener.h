// SPDX-License-Identifier: MIT
#pragma once

#include "httprequest.h"

#include <common/error.h>
#include <mcp/mcpserver.h>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QTcpSocket>
#include <QUrl>

#include <optional>

class QTcpServer;

namespace Studio::Mcp {

class McpEndpoint;
class StreamableHttpTransport;
class WebSocketWorker;

/** @brief One accepted TCP connection while it speaks HTTP/1.1: reads request heads (peeking,
 *  so a WebSocket handshake stays unread for QWebSocketServer), bodies by Content-Length,
 *  serves requests one after another (keep-alive, pipelined bytes wait in the socket), and
 *  writes complete responses or one SSE stream per request (chunked). Times out a client that
 *  does not send a whole request within handshakeTimeoutMs, and idle keep-alive connections.
 *  Thread: the MCP thread. Owned by McpEndpoint; deletes itself and its socket when the
 *  connection ends, or forgets the socket when it becomes a WebSocket. */
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    HttpConnection(QTcpSocket *socket, McpEndpoint *endpoint, bool overLimit);
    ~HttpConnection() override;

    /** "127.0.0.1:54321", for the inspector. */
    QString peer() const { return m_peer; }
    /** A request is being answered and nothing has been sent for it yet. */
    bool isAwaitingResponse() const { return m_phase == Phase::Handling; }
    bool isStreaming() const { return m_phase == Phase::Streaming; }
    /** Accepted past maxConnections: it only gets a 503. */
    bool isOverLimit() const { return m_overLimit; }

    /** Answers the current request; the connection then serves the next one or closes. */
    void respond(const HttpResponse &response);
    /** Answers the current request with an SSE stream: the head now, events with sendEvent(). */
    void startStream(const HttpResponse &head);
    /** One SSE event carrying data. False when there is no open stream, or when the client reads
     *  so slowly that the unsent bytes pass the cap (then the connection is dropped). */
    bool sendEvent(const QByteArray &data);
    /** An SSE comment (ignored by clients) on the open stream, to keep it from looking dead. */
    bool sendComment(const QByteArray &text);
    /** Ends the stream with the last chunk; the connection serves the next request. */
    void endStream();
    /** Drops the connection at once (endpoint shutdown). */
    void abort();

Q_SIGNALS:
    /** The connection is gone; nothing more can be sent for its request. Emitted once. */
    void closed();

private:
    enum class Phase {
        Waiting,   // between requests (keep-alive idle) or before the first
        Reading,   // part of a request has arrived
        Handling,  // a complete request is being answered
        Streaming, // an SSE answer is open
        Draining,  // a refusal was sent; reading and discarding until the client closes
        Closed,
    };

    void processInput();
    void handleCompleteRequest();
    void handleUpgrade(qsizetype headBytes);
    void refuse(const HttpResponse &response);
    void write(const QByteArray &bytes);
    void finishExchange();
    void handleTimeout();
    void handleDisconnected();
    int keepAliveSeconds() const;

    QTcpSocket *m_socket;
    QPointer<McpEndpoint> m_endpoint;
    QString m_peer;
    HttpRequestParser m_parser;
    QTimer m_timer;
    Phase m_phase = Phase::Waiting;
    bool m_overLimit;
    bool m_keepAlive = true;
    bool m_headOnly = false;
    bool m_countedAsHttp = false;
    bool m_closedEmitted = false;
    bool m_halfClosed = false;
    qint64 m_drained = 0;
};

/** @brief The MCP endpoint on one TCP port: WebSocket (ws://host:port/mcp), Streamable HTTP
 *  (http://host:port/mcp), GET /health and GET /metrics (spec/mcp.md "Transports,
 *  precisely"). A QTcpServer accepts every connection; HttpConnection reads each request head;
 *  WebSocket upgrades on the MCP path go, their handshake still unread, to the least busy
 *  WebSocketWorker: the one on this thread, or one added with addWorker() on a thread of its
 *  own (the socket moves there). Everything else is plain HTTP served here. Host and
 *  Origin are checked on every request and upgrade (DNS rebinding), the bearer token when one
 *  is set; connections beyond maxConnections get 503.
 *  Thread: the thread that creates it (the MCP thread); HTTP sockets live there, WebSockets
 *  on their worker's thread. Nothing blocks. */
class McpEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpEndpoint)

public:
    explicit McpEndpoint(McpServer *server, QObject *parent = nullptr);
    ~McpEndpoint() override;

    /** Binds options().address:port. Refuses to listen beyond loopback without a token. */
    Result<void> listen();
    bool isListening() const;
    quint16 port() const;
    /** http://<address>:<port><path>; the WebSocket URL is the same with ws://. */
    QUrl url() const;
    QUrl webSocketUrl() const;
    /** Stops listening and drops every connection; stored sessions stay resumable. */
    void close();

    McpServer *server() const { return m_server; }
    /** Connections counted against maxConnections (HTTP and WebSocket). */
    int connectionCount() const { return m_open; }
    /** Open WebSockets, over every worker. */
    int webSocketCount() const;
    /** Spreads WebSocket clients over one more thread: worker lives there, with its own
     *  McpServer, and outlives this endpoint's listening (stop it first). Not owned. */
    void addWorker(WebSocketWorker *worker);
    /** Open WebSockets per worker, this thread's first (the inspector, tests). */
    QList<int> webSocketsPerWorker() const;
    /** The worker on this endpoint's own thread. */
    WebSocketWorker *localWorker() const { return m_localWorker; }
    StreamableHttpTransport *streamableHttp() const { return m_http; }

private:
    friend class HttpConnection;

    void handleNewConnection();
    /** A complete request from a connection: access checks, then routing. */
    void handleRequest(HttpConnection *connection, const HttpRequest &request);
    /** Whether a WebSocket handshake may go to QWebSocketServer; the refusal otherwise. */
    std::optional<HttpResponse> checkUpgrade(const HttpRequest &request, bool overLimit) const;
    /** Host, Origin and bearer token; webSocket also accepts ?token=. */
    std::optional<HttpResponse> checkAccess(const HttpRequest &request, bool webSocket) const;
    void handOver(QTcpSocket *socket);
    /** releaseCount: the connection's place under maxConnections is free again (false when
     *  its socket moved on to QWebSocketServer, still counted). */
    void connectionFinished(HttpConnection *connection, bool releaseCount);

    QPointer<McpServer> m_server;
    QTcpServer *m_tcp;
    WebSocketWorker *m_localWorker;
    QList<QPointer<WebSocketWorker>> m_workers; // m_localWorker first
    qsizetype m_nextWorker = 0;                 // where the search for the least busy starts
    StreamableHttpTransport *m_http;
    QSet<HttpConnection *> m_connections;
    int m_open = 0;
    QStringList m_ownHosts; // beyond loopback: this machine's names and addresses, for Host
    int m_refusing = 0; // connections past the limit waiting for their 503
};

} // namespace Studio::Mcp
