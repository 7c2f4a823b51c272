// SPDX-License-Identifier: MIT
#include "mcphost.h"

#include "mcplog.h"
#include "mcpserver.h"
#include "trafficlog.h"
#include "transport/mcplistener.h"

#include <engine/settings.h>

#include <QPromise>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

Result<ServerOptions> serverOptionsFor(const Engine::Settings &settings)
{
    ServerOptions options;
    const QString listen = settings.mcpListen.trimmed();
    const qsizetype colon = listen.lastIndexOf(u':');
    if (colon <= 0)
        return fail(ErrorCode::InvalidArgument,
                    u"mcp/listen must be ADDRESS:PORT, e.g. 127.0.0.1:8000, not '%1'"_s.arg(listen));
    QString host = listen.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool portOk = false;
    const int port = listen.mid(colon + 1).toInt(&portOk);
    if (host == u"localhost"_s)
        host = u"127.0.0.1"_s;
    const QHostAddress address(host);
    if (address.isNull() || !portOk || port < 0 || port > 65535)
        return fail(ErrorCode::InvalidArgument,
                    u"mcp/listen must be ADDRESS:PORT with a numeric address, e.g. 127.0.0.1:8000, not '%1'"_s.arg(
                        listen));
    options.address = address;
    options.port = quint16(port);
    options.token = settings.mcpToken;
    if (!options.address.isLoopback() && options.token.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    u"listening on %1 beyond this machine needs a token: set --token or PERSONA_STUDIO_TOKEN"_s.arg(
                        listen));
    for (const QString &origin : settings.mcpAllowedOrigins.split(u',', Qt::SkipEmptyParts))
        options.allowedOrigins.append(origin.trimmed());
    options.maxMessageBytes = settings.mcpMaxMessageBytes;
    options.maxInFlight = settings.mcpMaxInFlight;
    options.ratePerSecond = settings.mcpRatePerSecond;
    options.rateBurst = qMax(1, int(settings.mcpRatePerSecond * 2));
    options.maxConnections = settings.mcpMaxConnections;
    return options;
}

McpHost::McpHost(Engine::EngineClient *engine, ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(std::move(options))
    , m_thread(new QThread)
{
    m_thread->setObjectName(u"mcp"_s);
}

McpHost::~McpHost()
{
    stop();
    delete m_thread;
}

QFuture<Result<QUrl>> McpHost::start()
{
    auto promise = std::make_shared<QPromise<Result<QUrl>>>();
    QFuture<Result<QUrl>> future = promise->future();
    promise->start();
    m_thread->start();
    // The server and the listener are created on the MCP thread, so their sockets live there.
    QObject *threadContext = new QObject;
    threadContext->moveToThread(m_thread);
    QMetaObject::invokeMethod(
        threadContext,
        [this, promise, threadContext] {
            m_server = new McpServer(m_engine, m_options);
            m_server->setTrafficLog(m_trafficLog);
            if (m_setup)
                m_setup(m_server);
            m_endpoint = new McpEndpoint(m_server, m_server);
            auto listening = m_endpoint->listen();
            if (listening)
                qCInfo(lcMcp).noquote() << "MCP endpoint listening on" << m_endpoint->url().toString();
            promise->addResult(listening ? Result<QUrl>(m_endpoint->url()) : Result<QUrl>(fail(listening.error())));
            promise->finish();
            threadContext->deleteLater();
        },
        Qt::QueuedConnection);
    return future;
}

void McpHost::stop()
{
    if (!m_thread->isRunning())
        return;
    QObject *threadContext = new QObject;
    threadContext->moveToThread(m_thread);
    QMetaObject::invokeMethod(
        threadContext,
        [this, threadContext] {
            if (m_endpoint)
                m_endpoint->close();
            delete m_server; // deletes the endpoint (its child)
            m_server = nullptr;
            m_endpoint = nullptr;
            delete threadContext;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
}

} // namespace Studio::Mcp
