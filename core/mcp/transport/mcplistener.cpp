// SPDX-License-Identifier: MIT
#include "mcplistener.h"

#include "hostnames.h"
#include "streamablehttp.h"
#include "peertext.h"
#include "websocketworker.h"

#include <mcp/mcplog.h>
#include <mcp/mcpserver.h>

#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <limits>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

// A refused client may still be sending its body: read and discard at most this much, for at
// most kDrainMs, so the refusal reaches it before the close (closing with unread bytes makes
// the kernel send a reset, which can destroy the response in flight).
constexpr qint64 kDrainBytes = 8 * 1024 * 1024;
constexpr int kDrainMs = 2000;
// Connections past maxConnections are kept just long enough to say 503; beyond this many
// waiting at once they are dropped without a word, so a flood cannot exhaust descriptors.
constexpr int kMaxRefusing = 64;
// Bytes a socket may hold unsent before an SSE client counts as not reading.
constexpr qint64 kMaxUnsentBytes = 16 * 1024 * 1024;
// Socket read buffer for HTTP connections: a 64 KiB head plus slack; the rest stays in the
// kernel (TCP flow control) while a request is being answered.
constexpr qint64 kReadBufferBytes = 256 * 1024;

QString peerOf(const QAbstractSocket *socket)
{
    return peerText(socket->peerAddress(), socket->peerPort());
}

/** Ends our sending direction only (a FIN), so a refused client can finish writing and read
 *  the refusal; closing both directions with its bytes unread would reset the connection. */
void shutdownSending(QAbstractSocket *socket)
{
    const qintptr descriptor = socket->socketDescriptor();
    if (descriptor == -1)
        return;
#ifdef Q_OS_WIN
    ::shutdown(SOCKET(descriptor), SD_SEND);
#else
    ::shutdown(int(descriptor), SHUT_WR);
#endif
}

QString printable(const QByteArray &value)
{
    QString text = QString::fromLatin1(value.left(200));
    for (QChar &c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            c = u'?';
    }
    return text;
}

} // namespace

// --- HttpConnection ---

HttpConnection::HttpConnection(QTcpSocket *socket, McpEndpoint *endpoint, bool overLimit)
    : QObject(endpoint)
    , m_socket(socket)
    , m_endpoint(endpoint)
    , m_peer(peerOf(socket))
    , m_parser(endpoint->server() ? endpoint->server()->options().maxMessageBytes : 4 * 1024 * 1024)
    , m_overLimit(overLimit)
{
    // Ours while it speaks HTTP (QTcpServer made itself the parent; it may die first).
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadBufferBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::handleTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::processInput);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::handleDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        // Most errors are followed by disconnected(); one that leaves the socket unconnected
        // without it must still end the connection.
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            handleDisconnected();
    });
    const int timeoutMs = endpoint->server() ? endpoint->server()->options().handshakeTimeoutMs : 10000;
    m_timer.start(timeoutMs);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

int HttpConnection::keepAliveSeconds() const
{
    // Rounded down, so a client never counts on more idle time than we give (0: not said).
    const int timeoutMs = m_endpoint && m_endpoint->server() ? m_endpoint->server()->options().handshakeTimeoutMs
                                                             : 10000;
    return timeoutMs / 1000;
}

void HttpConnection::write(const QByteArray &bytes)
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(bytes);
}

void HttpConnection::processInput()
{
    if (!m_socket)
        return;
    if (m_phase == Phase::Draining) {
        m_drained += m_socket->skip(m_socket->bytesAvailable());
        if (m_drained > kDrainBytes)
            m_socket->abort();
        return;
    }
    // While a request is answered, pipelined bytes wait in the socket (and the kernel).
    if (m_phase != Phase::Waiting && m_phase != Phase::Reading)
        return;
    for (;;) {
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0)
            return;
        if (m_phase == Phase::Waiting) {
            // A new request begins: it has handshakeTimeoutMs to arrive whole.
            m_phase = Phase::Reading;
            m_timer.start();
        }
        if (m_parser.state() == HttpRequestParser::State::Head) {
            // Peek, do not read: a WebSocket handshake must reach QWebSocketServer untouched.
            const QByteArray peeked = m_socket->peek(qMin<qint64>(available, HttpRequestParser::kMaxHeadBytes + 4));
            const qsizetype used = m_parser.feed(peeked);
            if (m_parser.state() == HttpRequestParser::State::Failed) {
                const HttpResponse refusal = HttpResponse::error(m_parser.errorStatus(), m_parser.errorMessage());
                return refuse(refusal);
            }
            if (!m_parser.isHeadComplete())
                return;
            if (m_parser.request().isWebSocketUpgrade())
                return handleUpgrade(used);
            m_socket->skip(used);
            if (m_overLimit) {
                return refuse(HttpResponse::error(
                    503, u"too many connections: this server accepts at most %1 at once; retry later"_s.arg(
                             m_endpoint && m_endpoint->server() ? m_endpoint->server()->options().maxConnections : 0)));
            }
            if (m_parser.expectsContinue())
                write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
        } else if (m_parser.state() == HttpRequestParser::State::Body) {
            m_parser.feed(m_socket->read(qMin(available, m_parser.bodyRemaining())));
        }
        if (m_parser.state() == HttpRequestParser::State::Complete)
            return handleCompleteRequest();
    }
}

void HttpConnection::handleUpgrade(qsizetype headBytes)
{
    if (!m_endpoint)
        return abort();
    if (auto refusal = m_endpoint->checkUpgrade(m_parser.request(), m_overLimit)) {
        m_socket->skip(headBytes);
        return refuse(*refusal);
    }
    // A WebSocket connection is a session: refused here, with a status, rather than closed after.
    if (McpServer *server = m_endpoint->server(); server) {
        if (const std::optional<QString> why = server->refuseNewSession(m_peer)) {
            m_socket->skip(headBytes);
            return refuse(HttpResponse::error(429, *why));
        }
    }
    // Hand the socket over with its handshake unread; this object is done with it.
    m_timer.stop();
    m_phase = Phase::Closed;
    m_closedEmitted = true;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    McpEndpoint *endpoint = m_endpoint;
    endpoint->handOver(socket);
    endpoint->connectionFinished(this, false); // the count moves with the socket
    deleteLater();
}

void HttpConnection::handleCompleteRequest()
{
    m_timer.stop();
    m_phase = Phase::Handling;
    const HttpRequest request = m_parser.takeRequest();
    m_keepAlive = request.keepAlive();
    m_headOnly = request.method == "HEAD";
    if (!m_endpoint || !m_endpoint->server())
        return refuse(HttpResponse::error(503, u"the server is shutting down"_s));
    if (!m_countedAsHttp) {
        m_countedAsHttp = true;
        m_endpoint->server()->metrics().connectionOpened(u"http"_s);
    }
    m_endpoint->handleRequest(this, request);
}

void HttpConnection::refuse(const HttpResponse &response)
{
    // The request (or its body) may be partly unread: answer, stop sending, then read and
    // discard until the client closes (a lingering close), at most kDrainMs / kDrainBytes.
    m_timer.stop();
    if (m_endpoint && m_endpoint->server())
        m_endpoint->server()->metrics().httpResponse(response.status);
    write(response.serialize(false));
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_phase = Phase::Draining;
    m_drained = 0;
    m_timer.start(kDrainMs);
    if (m_socket->bytesToWrite() == 0) {
        shutdownSending(m_socket);
    } else {
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_socket && m_socket->bytesToWrite() == 0 && m_phase == Phase::Draining && !m_halfClosed) {
                m_halfClosed = true;
                shutdownSending(m_socket);
            }
        });
    }
    processInput();
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (m_phase != Phase::Handling || !m_socket)
        return;
    const bool keepAlive = m_keepAlive && m_endpoint && m_endpoint->isListening();
    if (m_endpoint && m_endpoint->server())
        m_endpoint->server()->metrics().httpResponse(response.status);
    write(response.serialize(keepAlive, keepAliveSeconds(), m_headOnly));
    m_keepAlive = keepAlive;
    finishExchange();
}

void HttpConnection::startStream(const HttpResponse &head)
{
    if (m_phase != Phase::Handling || !m_socket)
        return;
    m_keepAlive = m_keepAlive && m_endpoint && m_endpoint->isListening();
    if (m_endpoint && m_endpoint->server())
        m_endpoint->server()->metrics().httpResponse(head.status);
    write(head.serializeStreamHead(m_keepAlive, keepAliveSeconds()));
    m_phase = Phase::Streaming;
}

bool HttpConnection::sendEvent(const QByteArray &data)
{
    if (m_phase != Phase::Streaming || !m_socket)
        return false;
    if (m_socket->bytesToWrite() > kMaxUnsentBytes) {
        qCWarning(lcMcp) << "dropping the HTTP stream to" << m_peer << ": the client does not read it";
        abort();
        return false;
    }
    write(Sse::chunk(Sse::event(data)));
    return true;
}

bool HttpConnection::sendComment(const QByteArray &text)
{
    if (m_phase != Phase::Streaming || !m_socket)
        return false;
    write(Sse::chunk(Sse::comment(text)));
    return true;
}

void HttpConnection::endStream()
{
    if (m_phase != Phase::Streaming || !m_socket)
        return;
    write(Sse::lastChunk());
    finishExchange();
}

void HttpConnection::finishExchange()
{
    if (!m_keepAlive) {
        m_phase = Phase::Closed;
        m_socket->disconnectFromHost();
        return;
    }
    m_phase = Phase::Waiting;
    const int timeoutMs = m_endpoint && m_endpoint->server() ? m_endpoint->server()->options().handshakeTimeoutMs
                                                             : 10000;
    m_timer.start(timeoutMs);
    // Queued: a response is often written from inside McpSession::receive(); serving the
    // next pipelined request right here would re-enter it.
    QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::handleTimeout()
{
    if (!m_socket)
        return;
    switch (m_phase) {
    case Phase::Waiting:
        // An idle keep-alive connection (or one that never said anything): close quietly.
        m_phase = Phase::Closed;
        m_socket->disconnectFromHost();
        return;
    case Phase::Reading:
        refuse(HttpResponse::error(408, u"the request did not arrive within %1 ms"_s.arg(m_timer.interval())));
        return;
    case Phase::Draining:
    case Phase::Closed:
        m_socket->abort();
        return;
    case Phase::Handling:
    case Phase::Streaming:
        return;
    }
}

void HttpConnection::abort()
{
    if (m_socket)
        m_socket->abort();
    handleDisconnected();
}

void HttpConnection::handleDisconnected()
{
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    m_phase = Phase::Closed;
    m_timer.stop();
    if (m_endpoint) {
        if (m_countedAsHttp && m_endpoint->server())
            m_endpoint->server()->metrics().connectionClosed(u"http"_s);
        m_endpoint->connectionFinished(this, true);
    }
    Q_EMIT closed();
    deleteLater();
}

// --- McpEndpoint ---

McpEndpoint::McpEndpoint(McpServer *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_tcp(new QTcpServer(this))
    , m_localWorker(new WebSocketWorker(server, this))
    , m_http(new StreamableHttpTransport(server, this))
{
    connect(m_tcp, &QTcpServer::newConnection, this, &McpEndpoint::handleNewConnection);
    addWorker(m_localWorker);
}

McpEndpoint::~McpEndpoint()
{
    close();
}

Result<void> McpEndpoint::listen()
{
    if (!m_server)
        return fail(ErrorCode::Internal, u"the MCP endpoint has no server"_s);
    const ServerOptions &options = m_server->options();
    const QString address = options.address.protocol() == QAbstractSocket::IPv6Protocol
                                ? u'[' + options.address.toString() + u']'
                                : options.address.toString();
    const QString where = address + u':' + QString::number(options.port);
    // Beyond loopback anyone on the network could drive the personas (spec: security).
    if (!options.isLoopbackOnly() && options.token.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    u"a token is required when listening on %1: set one (PERSONA_STUDIO_TOKEN or the "
                    "settings) or listen on 127.0.0.1"_s.arg(address));
    if (m_tcp->isListening())
        return {};
    m_tcp->setMaxPendingConnections(128);
    if (!m_tcp->listen(options.address, options.port)) {
        const ErrorCode code = m_tcp->serverError() == QAbstractSocket::AddressInUseError ? ErrorCode::Conflict
                                                                                            : ErrorCode::InvalidArgument;
        return fail(code, u"cannot listen on %1: %2"_s.arg(where, m_tcp->errorString()));
    }
    // Beyond loopback, LAN clients reach us by this machine's name or one of its addresses.
    m_ownHosts = options.isLoopbackOnly() ? QStringList() : machineHostNames(m_tcp->serverAddress());
    qCInfo(lcMcp) << "MCP endpoint listening on" << url().toString();
    if (!m_ownHosts.isEmpty())
        qCInfo(lcMcp).noquote() << "MCP endpoint answers to Host" << m_ownHosts.join(u", "_s);
    return {};
}

bool McpEndpoint::isListening() const
{
    return m_tcp->isListening();
}

quint16 McpEndpoint::port() const
{
    return m_tcp->isListening() ? m_tcp->serverPort() : 0;
}

QUrl McpEndpoint::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    QHostAddress address = m_tcp->isListening() ? m_tcp->serverAddress()
                                                : (m_server ? m_server->options().address : QHostAddress());
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress(QHostAddress::LocalHostIPv6);
    url.setHost(address.toString());
    url.setPort(port() ? port() : (m_server ? m_server->options().port : 0));
    url.setPath(m_server ? m_server->options().path : u"/mcp"_s);
    return url;
}

QUrl McpEndpoint::webSocketUrl() const
{
    QUrl ws = url();
    ws.setScheme(u"ws"_s);
    return ws;
}

void McpEndpoint::close()
{
    if (m_tcp->isListening())
        qCInfo(lcMcp) << "MCP endpoint closing";
    m_tcp->close();
    // Workers on other threads close their clients when their host stops them.
    m_localWorker->closeAll();
    const auto connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->abort();
    m_connections.clear();
    m_http->closeAll();
    m_open = 0;
    m_refusing = 0;
}

void McpEndpoint::addWorker(WebSocketWorker *worker)
{
    m_workers.append(worker);
    // Queued when the worker lives on another thread.
    connect(worker, &WebSocketWorker::connectionEnded, this, [this] { m_open = qMax(0, m_open - 1); });
}

int McpEndpoint::webSocketCount() const
{
    int count = 0;
    for (const QPointer<WebSocketWorker> &worker : m_workers) {
        if (worker)
            count += worker->webSocketCount();
    }
    return count;
}

QList<int> McpEndpoint::webSocketsPerWorker() const
{
    QList<int> counts;
    for (const QPointer<WebSocketWorker> &worker : m_workers)
        counts.append(worker ? worker->webSocketCount() : 0);
    return counts;
}

void McpEndpoint::handleNewConnection()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        const int limit = m_server ? m_server->options().maxConnections : 0;
        const bool overLimit = m_open >= limit;
        if (overLimit && m_refusing >= kMaxRefusing) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        if (overLimit)
            ++m_refusing;
        else
            ++m_open;
        // Responses and SSE events are small writes a client waits for: no Nagle delay.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto *connection = new HttpConnection(socket, this, overLimit);
        m_connections.insert(connection);
    }
}

void McpEndpoint::connectionFinished(HttpConnection *connection, bool releaseCount)
{
    if (!m_connections.remove(connection))
        return;
    if (connection->isOverLimit())
        m_refusing = qMax(0, m_refusing - 1);
    else if (releaseCount)
        m_open = qMax(0, m_open - 1);
}

void McpEndpoint::handOver(QTcpSocket *socket)
{
    // The connection stays counted until its worker says it ended. Long-lived connections
    // go to the worker holding the fewest; among equals, the next in turn.
    WebSocketWorker *target = m_localWorker;
    qsizetype chosen = 0;
    int fewest = std::numeric_limits<int>::max();
    for (qsizetype i = 0; i < m_workers.size(); ++i) {
        const qsizetype index = (m_nextWorker + i) % m_workers.size();
        WebSocketWorker *worker = m_workers.at(index);
        if (worker && worker->clientCount() < fewest) {
            fewest = worker->clientCount();
            target = worker;
            chosen = index;
        }
    }
    m_nextWorker = (chosen + 1) % m_workers.size();
    if (target->thread() == thread()) {
        socket->setParent(nullptr);
        target->adopt(socket);
        return;
    }
    // We are inside the socket's readyRead emission: moving it now would let this thread's
    // QAbstractSocket code run on after the move, racing the worker's (the likely cause of one
    // handshake in about 11k that never finished in the idle bench). Move it on the next pass.
    socket->setParent(this);
    QMetaObject::invokeMethod(
        this,
        [this, guard = QPointer<QTcpSocket>(socket), to = QPointer<WebSocketWorker>(target)] {
            QTcpSocket *moving = guard;
            if (!moving)
                return;
            if (!to || moving->state() != QAbstractSocket::ConnectedState) {
                delete moving; // gone before its hand-over: its place is free again
                m_open = qMax(0, m_open - 1);
                return;
            }
            // Qt moves the socket's notifiers with it; what it has buffered (the handshake) too.
            moving->setParent(nullptr);
            moving->moveToThread(to->thread());
            // If the worker is gone before this runs, the event is dropped and the guard frees
            // the socket.
            struct Pending
            {
                QTcpSocket *socket = nullptr;
                ~Pending() { delete socket; }
            };
            auto pending = std::make_shared<Pending>();
            pending->socket = moving;
            WebSocketWorker *worker = to;
            QMetaObject::invokeMethod(
                worker, [worker, pending] { worker->adopt(std::exchange(pending->socket, nullptr)); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

std::optional<HttpResponse> McpEndpoint::checkAccess(const HttpRequest &request, bool webSocket) const
{
    if (!m_server)
        return HttpResponse::error(503, u"the server is shutting down"_s);
    const ServerOptions &options = m_server->options();
    // spec/mcp.md: Host and Origin are validated on every request (DNS rebinding).
    const QByteArray host = request.header("host");
    if (!host.isNull() && !HttpAccess::isHostAllowed(host, options.allowedHosts, m_ownHosts))
        return HttpResponse::error(403, u"Forbidden: Host '%1' is not allowed; this server answers to localhost, "
                                        "127.0.0.1 and [::1]%2 (and the hosts in mcp/allowed_hosts)"_s
                                            .arg(printable(host),
                                                 m_ownHosts.isEmpty() ? QString()
                                                                      : u", this machine's names and addresses"_s));
    const QByteArray origin = request.header("origin");
    if (!origin.isNull() && !HttpAccess::isOriginAllowed(origin, options.allowedOrigins))
        return HttpResponse::error(403, u"Forbidden: Origin '%1' is not allowed; only loopback origins (and the "
                                        "origins allowed in its settings) may use this server"_s
                                            .arg(printable(origin)));
    if (!options.token.isEmpty()) {
        const QByteArray authorization = request.header("authorization");
        bool ok = !authorization.isNull() && HttpAccess::bearerMatches(authorization, options.token);
        const QString queryToken = webSocket ? request.queryItem(u"token"_s) : QString();
        if (!ok && !queryToken.isNull())
            ok = HttpAccess::constantTimeEquals(queryToken.toUtf8(), options.token.toUtf8());
        if (!ok) {
            const bool missing = authorization.isNull() && queryToken.isNull();
            QString message = missing ? u"Unauthorized: this server requires a bearer token; send "
                                        "'Authorization: Bearer <token>'"_s
                                      : u"Unauthorized: the bearer token is not valid"_s;
            if (missing && webSocket)
                message += u" or connect with ?token=<token>"_s;
            HttpResponse response = HttpResponse::error(401, message);
            // RFC 6750 §3: a challenge; error="invalid_token" when a token was sent.
            response.setHeader("WWW-Authenticate", missing ? "Bearer realm=\"persona-studio\""_ba
                                                           : "Bearer realm=\"persona-studio\", error=\"invalid_token\""_ba);
            return response;
        }
    }
    return std::nullopt;
}

std::optional<HttpResponse> McpEndpoint::checkUpgrade(const HttpRequest &request, bool overLimit) const
{
    if (!m_server)
        return HttpResponse::error(503, u"the server is shutting down"_s);
    const ServerOptions &options = m_server->options();
    if (overLimit)
        return HttpResponse::error(
            503, u"too many connections: this server accepts at most %1 at once; retry later"_s.arg(options.maxConnections));
    if (auto refusal = checkAccess(request, true))
        return refusal;
    if (request.path != options.path.toUtf8())
        return HttpResponse::error(404, u"Not Found: WebSocket clients connect to %1"_s.arg(options.path));
    // The stdio bridge names its database: it must not relay a client to an app on another one.
    if (const QString database = request.queryItem(u"database"_s);
        !database.isNull() && !options.databaseId.isEmpty() && database != options.databaseId)
        return HttpResponse::error(409, u"Conflict: this Persona Studio serves another database"_s);
    // RFC 6455 §4.2.1-2: checked here so a bad handshake gets an answer (QWebSocketServer
    // would close such a socket without one).
    if (request.header("sec-websocket-version").trimmed() != "13") {
        HttpResponse response = HttpResponse::error(426, u"Upgrade Required: WebSocket version 13 only"_s);
        response.setHeader("Sec-WebSocket-Version", "13");
        return response;
    }
    if (QByteArray::fromBase64(request.header("sec-websocket-key").trimmed()).size() != 16)
        return HttpResponse::error(400, u"Bad Request: the WebSocket handshake needs a valid Sec-WebSocket-Key"_s);
    return std::nullopt;
}

void McpEndpoint::handleRequest(HttpConnection *connection, const HttpRequest &request)
{
    if (auto refusal = checkAccess(request, false))
        return connection->respond(*refusal);
    const ServerOptions &options = m_server->options();
    if (request.path == options.path.toUtf8())
        return m_http->handle(request, connection);
    const bool isGet = request.method == "GET" || request.method == "HEAD";
    if (request.path == "/health") {
        if (!isGet)
            return connection->respond(HttpResponse::error(405, u"Method Not Allowed: use GET"_s).setHeader("Allow", "GET, HEAD"));
        QPointer<HttpConnection> guard(connection);
        m_server->systemStatus(connection, [guard](const McpServer::SystemStatus &status) {
            if (guard) {
                // 503 tells a load balancer or a supervisor to look elsewhere: no model server, or no database.
                HttpResponse response = HttpResponse::json(status.serving ? 200 : 503, status.json);
                response.setHeader("Cache-Control", "no-store");
                guard->respond(response);
            }
        });
        return;
    }
    if (request.path == "/metrics") {
        if (!isGet)
            return connection->respond(HttpResponse::error(405, u"Method Not Allowed: use GET"_s).setHeader("Allow", "GET, HEAD"));
        return connection->respond(HttpResponse::text(200, "text/plain; version=0.0.4; charset=utf-8",
                                                      m_server->metrics().prometheusText().toUtf8()));
    }
    connection->respond(HttpResponse::error(
        404, u"Not Found: the MCP endpoint is %1 (also /health and /metrics)"_s.arg(options.path)));
}

} // namespace Studio::Mcp
