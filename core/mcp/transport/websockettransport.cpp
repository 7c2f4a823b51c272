// SPDX-License-Identifier: MIT
#include "websockettransport.h"

#include "peertext.h"

#include <mcp/jsonrpc.h>
#include <mcp/mcplog.h>
#include <mcp/mcpserver.h>
#include <mcp/mcpsession.h>

#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <memory>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

// Qt's own limit sits above ours, so that a message somewhat over the limit reaches us whole
// and gets a JSON-RPC error naming the limit before the close. Far beyond it Qt itself closes
// with 1009 and its reason ("Received message is too big."), never buffering more than this.
constexpr qint64 kHardLimitSlack = 64 * 1024;
// Unsent bytes a client may leave us holding before it counts as not reading.
constexpr qint64 kMaxUnsentBytes = 16 * 1024 * 1024;

// After a close: how long, and how much, to keep reading what the client still sends.
constexpr int kLingerMs = 2000;
constexpr qint64 kLingerBytes = 64 * 1024 * 1024;

/** Called as QWebSocket closes (its close frame is written and flushed, the TCP socket is
 *  about to be closed): keeps the connection open for reading on a duplicate descriptor and
 *  discards what the client still sends until it closes too. Otherwise closing with unread
 *  bytes — a client still sending an oversized message — makes the kernel answer with a reset,
 *  and the client loses our close frame (1009 and its reason) and sees 1006. */
void linger(QTcpSocket *tcp, QObject *owner)
{
#ifdef Q_OS_UNIX
    if (!tcp || tcp->state() != QAbstractSocket::ConnectedState)
        return;
    tcp->flush();
    if (tcp->bytesToWrite() > 0)
        return; // the kernel would not take it all now: a plain close is the best we can do
    const int descriptor = ::dup(int(tcp->socketDescriptor()));
    if (descriptor < 0)
        return;
    ::shutdown(descriptor, SHUT_WR); // our side is done: the client sees the end after the close frame
    auto *drain = new QTcpSocket(owner);
    if (!drain->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState, QIODevice::ReadOnly)) {
        ::close(descriptor);
        delete drain;
        return;
    }
    auto drained = std::make_shared<qint64>(0);
    QObject::connect(drain, &QTcpSocket::readyRead, drain, [drain, drained] {
        *drained += drain->skip(drain->bytesAvailable());
        if (*drained > kLingerBytes) {
            drain->abort();
            drain->deleteLater();
        }
    });
    QObject::connect(drain, &QTcpSocket::disconnected, drain, &QObject::deleteLater);
    QTimer::singleShot(kLingerMs, drain, [drain] {
        drain->abort();
        drain->deleteLater();
    });
#else
    Q_UNUSED(tcp);
    Q_UNUSED(owner);
#endif
}

QString peerOf(const QWebSocket *socket)
{
    return peerText(socket->peerAddress(), socket->peerPort());
}

} // namespace

WebSocketTransport::WebSocketTransport(QWebSocket *socket, McpServer *server, QTcpSocket *tcpSocket,
                                       QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_tcpSocket(tcpSocket)
    , m_server(server)
    , m_maxMessageBytes(server->options().maxMessageBytes)
{
    m_socket->setParent(this);
    const qint64 hardLimit = 2 * m_maxMessageBytes + kHardLimitSlack;
    m_socket->setMaxAllowedIncomingMessageSize(quint64(hardLimit));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(hardLimit));

    const QUrlQuery query(m_socket->requestUrl());
    TransportInfo info;
    info.transport = u"websocket"_s;
    info.peer = peerOf(m_socket);
    if (query.hasQueryItem(u"session"_s))
        info.resumeSessionId = query.queryItemValue(u"session"_s, QUrl::FullyDecoded).left(128);
    m_session = server->createSession(info);
    server->metrics().connectionOpened(u"websocket"_s);
    qCInfo(lcMcp) << "WebSocket client" << info.peer << "connected, subprotocol" << m_socket->subprotocol();

    connect(m_session, &McpSession::outgoing, this, [this](const QByteArray &message, const QJsonValue &) {
        send(message);
    });
    connect(m_socket, &QWebSocket::textFrameReceived, this, &WebSocketTransport::handleTextFrame);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &WebSocketTransport::handleTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &WebSocketTransport::handleBinaryMessage);
    connect(m_socket, &QWebSocket::disconnected, this, &WebSocketTransport::handleDisconnected);
    connect(m_socket, &QWebSocket::aboutToClose, this, [this] {
        linger(m_tcpSocket, this->parent());
        m_tcpSocket = nullptr;
    });
    // Qt 6.4 has no QWebSocket::errorOccurred.
    connect(m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError error) {
                if (error != QAbstractSocket::RemoteHostClosedError)
                    qCInfo(lcMcp) << "WebSocket" << peerOf(m_socket) << "error:" << m_socket->errorString();
                if (m_socket->state() == QAbstractSocket::UnconnectedState)
                    handleDisconnected();
            });
}

WebSocketTransport::~WebSocketTransport()
{
    m_socket->disconnect(this);
    if (m_session) {
        m_session->disconnect(this);
        // Still open here only when the endpoint goes away under it: keep it resumable.
        if (!m_session->isClosed())
            m_session->close(true);
        delete m_session;
    }
    countClosed();
    // Give the close frame its chance to leave before the socket is destroyed with us.
    m_socket->flush();
}

void WebSocketTransport::shutdown()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_session)
        m_session->close(true); // resumable with ?session= after the restart
    m_socket->close(QWebSocketProtocol::CloseCodeGoingAway, u"the server is shutting down"_s);
}

void WebSocketTransport::send(const QByteArray &message)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_socket->bytesToWrite() > kMaxUnsentBytes + 4 * m_maxMessageBytes) {
        qCWarning(lcMcp) << "closing WebSocket" << peerOf(m_socket) << ": the client does not read its messages";
        m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"the client does not read its messages"_s);
        return;
    }
    m_socket->sendTextMessage(QString::fromUtf8(message));
}

void WebSocketTransport::refuseTooLarge(qint64 bytes)
{
    if (m_refusing)
        return;
    m_refusing = true;
    const QString text = u"the message has %1 bytes or more; this server accepts at most %2 bytes per message"_s
                             .arg(bytes)
                             .arg(m_maxMessageBytes);
    qCInfo(lcMcp) << "WebSocket" << peerOf(m_socket) << ":" << text;
    send(rpcError(QJsonValue::Null, RpcError::make(RpcErrorCode::MessageTooLarge, text)));
    // RFC 6455 §7.4.1: 1009, the message is too big to process. The reason fits in 123 bytes.
    m_socket->close(QWebSocketProtocol::CloseCodeTooMuchData,
                    u"message larger than %1 bytes"_s.arg(m_maxMessageBytes));
}

void WebSocketTransport::handleTextFrame(const QString &frame, bool isLastFrame)
{
    if (m_refusing)
        return;
    // UTF-16 units never outnumber UTF-8 bytes: past the limit in units is past it in bytes,
    // so a long fragmented message is cut before it has all arrived.
    m_messageUnits += frame.size();
    if (m_messageUnits > m_maxMessageBytes)
        return refuseTooLarge(m_messageUnits);
    if (isLastFrame)
        m_messageUnits = 0;
}

void WebSocketTransport::handleTextMessage(const QString &message)
{
    if (m_refusing || !m_session)
        return;
    const QByteArray bytes = message.toUtf8();
    if (bytes.size() > m_maxMessageBytes)
        return refuseTooLarge(bytes.size());
    m_session->receive(bytes);
}

void WebSocketTransport::handleBinaryMessage(const QByteArray &)
{
    if (m_refusing)
        return;
    send(rpcError(QJsonValue::Null,
                  RpcError::make(RpcErrorCode::InvalidRequest,
                                 u"binary messages are not accepted: send each JSON-RPC message as one UTF-8 text "
                                 "frame"_s)));
}

void WebSocketTransport::countClosed()
{
    if (m_server && !std::exchange(m_countedClosed, true))
        m_server->metrics().connectionClosed(u"websocket"_s);
}

void WebSocketTransport::handleDisconnected()
{
    // /metrics, /health and the status bar see the client gone now, not when this object goes.
    countClosed();
    if (m_session && !m_session->isClosed())
        m_session->close(m_finished); // the client left: the stored session ends too
    const bool alreadyFinished = std::exchange(m_finished, true);
    qCInfo(lcMcp) << "WebSocket client" << peerOf(m_socket) << "disconnected, close code"
                  << int(m_socket->closeCode());
    if (!alreadyFinished)
        Q_EMIT finished();
}

} // namespace Studio::Mcp
