// SPDX-License-Identifier: MIT
#include "websocketworker.h"

#include "peertext.h"
#include "websockettransport.h"

#include <mcp/mcplog.h>
#include <mcp/mcpserver.h>

#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

WebSocketWorker::WebSocketWorker(McpServer *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_webSockets(new QWebSocketServer(u"persona-studio"_s, QWebSocketServer::NonSecureMode, this))
{
    // spec/mcp.md: select the subprotocol "mcp" when offered (the official SDK's WebSocket
    // client insists on it); a client that offers none is still accepted (the old dialect).
    m_webSockets->setSupportedSubprotocols({u"mcp"_s});
    // The endpoint's own head reading already enforced handshakeTimeoutMs before the hand-over.
    m_webSockets->setHandshakeTimeout(-1);
    m_webSockets->setMaxPendingConnections(1 << 20);
    connect(m_webSockets, &QWebSocketServer::newConnection, this, &WebSocketWorker::handleNewWebSocket);
    connect(m_webSockets, &QWebSocketServer::serverError, this, [this](QWebSocketProtocol::CloseCode code) {
        qCInfo(lcMcp) << "WebSocket handshake failed:" << int(code) << m_webSockets->errorString();
    });
}

WebSocketWorker::~WebSocketWorker()
{
    shutdown();
}

void WebSocketWorker::release()
{
    m_clients.fetch_sub(1, std::memory_order_relaxed);
    Q_EMIT connectionEnded();
}

void WebSocketWorker::adopt(QTcpSocket *socket)
{
    m_clients.fetch_add(1, std::memory_order_relaxed);
    if (m_shutDown || !m_server) {
        socket->abort();
        delete socket;
        release();
        return;
    }
    // Everything buffered (the handshake) stays for QWebSocketServer; afterwards QWebSocket
    // reads by itself.
    socket->setReadBufferSize(0);
    // As on QWebSocketServer's own accept path, the server object is the parent; the QWebSocket
    // made from it takes over.
    socket->setParent(m_webSockets);
    const QString peer = peerText(socket->peerAddress(), socket->peerPort());
    const quintptr id = quintptr(socket);
    m_handshakes.insert(peer, Handshake{id, socket});
    // A socket that dies during the handshake never reaches newConnection.
    connect(socket, &QObject::destroyed, this, [this, peer, id] {
        if (m_handshakes.value(peer).id == id) {
            m_handshakes.remove(peer);
            release();
        }
    });
    m_webSockets->handleConnection(socket);
}

void WebSocketWorker::handleNewWebSocket()
{
    while (m_webSockets->hasPendingConnections()) {
        QWebSocket *socket = m_webSockets->nextPendingConnection();
        if (!socket)
            break;
        const Handshake handshake = m_handshakes.take(peerText(socket->peerAddress(), socket->peerPort()));
        if (!handshake.id)
            m_clients.fetch_add(1, std::memory_order_relaxed); // not seen in adopt(): count it so its end balances
        if (!m_server || m_shutDown) {
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, u"the server is shutting down"_s);
            socket->deleteLater();
            release();
            continue;
        }
        auto *client = new WebSocketTransport(socket, m_server, handshake.socket, this);
        m_transports.insert(client);
        m_webSocketCount.fetch_add(1, std::memory_order_relaxed);
        m_server->metrics().httpResponse(101);
        connect(client, &WebSocketTransport::finished, this, [this, client] {
            if (m_transports.remove(client)) {
                m_webSocketCount.fetch_sub(1, std::memory_order_relaxed);
                release();
            }
            client->deleteLater();
        });
    }
}

void WebSocketWorker::shutdown()
{
    m_shutDown = true;
    closeAll();
}

void WebSocketWorker::closeAll()
{
    const auto transports = std::exchange(m_transports, {});
    for (WebSocketTransport *client : transports) {
        client->disconnect(this);
        client->shutdown();
        delete client;
        m_webSocketCount.fetch_sub(1, std::memory_order_relaxed);
        release();
    }
    const auto handshakes = std::exchange(m_handshakes, {});
    for (const Handshake &pending : handshakes) {
        if (pending.socket)
            pending.socket->abort();
        release();
    }
}

} // namespace Studio::Mcp
