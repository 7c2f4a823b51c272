// SPDX-License-Identifier: MIT
#pragma once

#include <mcp/mcpserver.h>

#include <QObject>
#include <QPointer>
#include <QTcpSocket>

class QWebSocket;

namespace Studio::Mcp {

class McpSession;

/** @brief One WebSocket client and its McpSession: our custom MCP transport (spec/mcp.md
 *  "Transports, precisely"): one JSON-RPC message per UTF-8 text frame each way. Binary
 *  messages get a JSON-RPC error; a message over maxMessageBytes gets a -32003 error naming the
 *  limit and the connection is closed with 1009 (too much data) and a reason. ?session=<id> in
 *  the URL resumes a stored session. The socket closing closes the session.
 *  The endpoint has already checked Origin, Host, token and the connection limit.
 *  Thread: the MCP thread. Owns the socket and the session; the endpoint deletes it after
 *  finished(). */
class WebSocketTransport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketTransport)

public:
    /** tcpSocket: the connection under the WebSocket (it was ours before the upgrade), for a
     *  lingering close; may be null. */
    WebSocketTransport(QWebSocket *socket, McpServer *server, QTcpSocket *tcpSocket = nullptr,
                       QObject *parent = nullptr);
    ~WebSocketTransport() override;

    McpSession *session() const { return m_session; }
    QWebSocket *socket() const { return m_socket; }
    /** Endpoint shutdown: closes with 1001 (going away); the stored session stays resumable. */
    void shutdown();

Q_SIGNALS:
    /** The client is gone and the session closed. Emitted once. */
    void finished();

private:
    void handleTextFrame(const QString &frame, bool isLastFrame);
    void handleTextMessage(const QString &message);
    void handleBinaryMessage(const QByteArray &message);
    void handleDisconnected();
    void countClosed();
    void send(const QByteArray &message);
    void refuseTooLarge(qint64 bytes);

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_tcpSocket;
    QPointer<McpServer> m_server;
    McpSession *m_session = nullptr;
    qint64 m_maxMessageBytes;
    qint64 m_messageUnits = 0; // UTF-16 units of the message being received, frame by frame
    bool m_refusing = false;   // an oversized message was answered; the socket is closing
    bool m_finished = false;
    bool m_countedClosed = false; // connectionClosed() recorded
};

} // namespace Studio::Mcp
