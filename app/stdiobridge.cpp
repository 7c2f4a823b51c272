// SPDX-License-Identifier: MIT
#include "stdiobridge.h"

#include "console.h"
#include "singleinstance.h"

#include <engine/enginehost.h>
#include <mcp/jsonrpc.h>
#include <mcp/mcphost.h>
#include <mcp/mcpserver.h>
#include <mcp/stdiotransport.h>

#include <QNetworkRequest>
#include <QUrlQuery>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Studio::App {

namespace {
constexpr int kRelayConnectTimeoutMs = 1500;
}

StdioBridge::StdioBridge(Engine::Settings settings, std::function<void(int)> done,
                         std::function<void(Mcp::McpServer *)> extendServer, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_done(std::move(done))
    , m_extendServer(std::move(extendServer))
{
}

StdioBridge::~StdioBridge()
{
    if (m_session) {
        m_session->close(true);
        delete m_session;
    }
    m_server.reset();
    if (m_host)
        m_host->stop();
}

void StdioBridge::start()
{
    m_stdio = new Mcp::StdioTransport(STDIN_FILENO, STDOUT_FILENO, m_settings.mcpMaxMessageBytes, this);
    connect(m_stdio, &Mcp::StdioTransport::lineReceived, this, &StdioBridge::deliver);
    connect(m_stdio, &Mcp::StdioTransport::lineTooLong, this, [this](qint64 bytes) {
        m_stdio->write(Mcp::rpcError(QJsonValue::Null,
                                     Mcp::RpcError::make(Mcp::RpcErrorCode::MessageTooLarge,
                                                         u"the message has %1 bytes; at most %2 are accepted"_s
                                                             .arg(bytes)
                                                             .arg(m_settings.mcpMaxMessageBytes))));
    });
    connect(m_stdio, &Mcp::StdioTransport::inputClosed, this, [this] {
        m_inputClosed = true;
        // Answers to the last requests may still be on their way; wait for them briefly.
        QTimer::singleShot(m_session && m_session->inFlight() > 0 ? 2000 : 0, this, [this] { m_done(ExitOk); });
    });
    m_stdio->start();
    if (m_settings.mcpListen.trimmed() == u"off"_s)
        return startInProcess();
    startRelay();
}

void StdioBridge::startRelay()
{
    auto options = Mcp::serverOptionsFor(m_settings);
    if (!options)
        return startInProcess();
    QString host = options->address.toString();
    if (options->address.protocol() == QAbstractSocket::IPv6Protocol)
        host = u"["_s + host + u"]"_s;
    if (options->address == QHostAddress::Any || options->address == QHostAddress::AnyIPv4)
        host = u"127.0.0.1"_s;
    QUrl url(u"ws://%1:%2%3"_s.arg(host).arg(options->port).arg(options->path));
    // A running desktop app knows its real endpoint (its port may differ from the settings').
    if (const QUrl running(SingleInstance::ask(u"endpoint"_s, 300)); running.isValid() && !running.host().isEmpty()) {
        url = running;
        url.setScheme(u"ws"_s);
    }
    // Relay only to an app on our database: the endpoint refuses (409) one that is not.
    QUrlQuery query(url);
    query.removeAllQueryItems(u"database"_s);
    query.addQueryItem(u"database"_s, Mcp::databaseIdFor(m_settings.dbPath));
    url.setQuery(query);
    QNetworkRequest request(url);
    if (!options->token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + options->token.toUtf8());
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols({u"mcp"_s});

    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_settings.mcpMaxMessageBytes) * 2);
    auto *timeout = new QTimer(this);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, this, [this] {
        if (m_relaying)
            return;
        m_socket->abort();
        startInProcess();
    });
    connect(m_socket, &QWebSocket::connected, this, [this, timeout] {
        timeout->stop();
        m_relaying = true;
        Console::err(u"persona-studio: relaying MCP over stdio to the running app at %1\n"_s.arg(
            m_socket->requestUrl().toString()));
        for (const QByteArray &line : std::exchange(m_pending, {}))
            m_socket->sendTextMessage(QString::fromUtf8(line));
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { m_stdio->write(message.toUtf8()); });
    connect(m_socket, &QWebSocket::disconnected, this, [this, timeout] {
        if (!m_relaying) {
            timeout->stop();
            return startInProcess(); // nobody listens: serve from here
        }
        Console::err(u"persona-studio: the running app closed the MCP connection (%1)\n"_s.arg(m_socket->closeReason()));
        m_done(m_inputClosed ? ExitOk : ExitFailure);
    });
    timeout->start(kRelayConnectTimeoutMs);
    m_socket->open(request, handshake);
}

void StdioBridge::startInProcess()
{
    if (m_host)
        return;
    // Serving in-process means being the app on this database; when another one holds it and
    // could not be relayed to, the client is told which one instead of sharing the file behind its back.
    if (auto locked = m_lock.acquire(m_settings.dbPath); !locked) {
        Console::err(u"persona-studio: cannot serve MCP over stdio: %1. That app's MCP endpoint could not be "
                     "reached; turn it on (mcp/listen) so this bridge can relay to it.\n"_s.arg(locked.error().message));
        return m_done(ExitFailure);
    }
    auto options = Mcp::serverOptionsFor(m_settings);
    Mcp::ServerOptions serverOptions = options ? *options : Mcp::ServerOptions();
    m_host = std::make_unique<Engine::EngineHost>(m_settings);
    m_host->start().then(this, [this, serverOptions](const Result<void> &started) {
        if (!started) {
            Console::err(u"persona-studio: cannot start: %1.\n"_s.arg(started.error().message));
            return m_done(ExitFailure);
        }
        Console::err(u"persona-studio: serving MCP over stdio in-process (database %1)\n"_s.arg(m_settings.dbPath));
        m_server = std::make_unique<Mcp::McpServer>(m_host->client(), serverOptions);
        if (m_extendServer)
            m_extendServer(m_server.get());
        m_session = m_server->createSession(Mcp::TransportInfo{u"stdio"_s, u"stdio"_s, {}, {}});
        connect(m_session, &Mcp::McpSession::outgoing, this,
                [this](const QByteArray &message) { m_stdio->write(message); });
        m_host->client()->checkServer();
        for (const QByteArray &line : std::exchange(m_pending, {}))
            m_session->receive(line);
    });
}

void StdioBridge::deliver(const QByteArray &line)
{
    if (m_relaying)
        return void(m_socket->sendTextMessage(QString::fromUtf8(line)));
    if (m_session)
        return m_session->receive(line);
    m_pending.append(line);
}

} // namespace Studio::App
