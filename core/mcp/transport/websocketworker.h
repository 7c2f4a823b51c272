// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <atomic>

class QTcpSocket;
class QWebSocketServer;

namespace Studio::Mcp {

class McpServer;
class WebSocketTransport;

/** @brief The WebSocket clients of one thread. McpEndpoint accepts every connection and checks
 *  each upgrade request, then hands the socket, its handshake still unread, to one of several
 *  workers (STYLE.md option C): each runs its own QWebSocketServer for the handshake, its own
 *  McpServer (sessions, tool calls, list-change broadcasts, all through the thread-safe engine
 *  client) and the WebSocketTransports, so the JSON-RPC work of many clients uses every core.
 *  Thread: the thread it was created on; adopt() and shutdown() run there. clientCount() may be
 *  read from any thread. */
class WebSocketWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketWorker)

public:
    /** server: the sessions' server on this thread, not owned (it outlives the worker). */
    explicit WebSocketWorker(McpServer *server, QObject *parent = nullptr);
    ~WebSocketWorker() override;

    McpServer *server() const { return m_server; }
    /** Connections this worker holds: handshakes in progress and open WebSockets. */
    int clientCount() const { return m_clients.load(std::memory_order_relaxed); }
    /** Open WebSockets only. */
    int webSocketCount() const { return m_webSocketCount.load(std::memory_order_relaxed); }

    /** Takes over an accepted TCP connection whose upgrade request was checked and is still
     *  unread. The socket already belongs to this worker's thread and has no parent. */
    void adopt(QTcpSocket *socket);
    /** Closes every client with 1001 (going away); the stored sessions stay resumable. */
    void closeAll();
    /** closeAll(), and sockets handed over afterwards are closed at once (the thread ends). */
    void shutdown();

Q_SIGNALS:
    /** A connection this worker took over has ended: its place under maxConnections is free. */
    void connectionEnded();

private:
    void handleNewWebSocket();
    void release();

    QPointer<McpServer> m_server;
    QWebSocketServer *m_webSockets;
    QSet<WebSocketTransport *> m_transports;
    struct Handshake
    {
        quintptr id = 0; // the socket's address, still comparable once it is destroyed
        QPointer<QTcpSocket> socket;
    };
    QHash<QString, Handshake> m_handshakes; // by peer, between adopt() and newConnection
    std::atomic<int> m_clients = 0;
    std::atomic<int> m_webSocketCount = 0;
    bool m_shutDown = false;
};

} // namespace Studio::Mcp
