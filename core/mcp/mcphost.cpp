// SPDX-License-Identifier: MIT
#include "mcphost.h"

#include "mcplog.h"
#include "mcpserver.h"
#include "trafficlog.h"
#include "transport/mcplistener.h"
#include "transport/websocketworker.h"

#include <engine/settings.h>

#include <QPromise>
#include <QCryptographicHash>
#include <QFileInfo>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

QString databaseIdFor(const QString &databasePath)
{
    const QString absolute = databasePath == u":memory:"_s ? databasePath : QFileInfo(databasePath).absoluteFilePath();
    return QString::fromLatin1(QCryptographicHash::hash(absolute.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
}

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
    for (const QString &allowedHost : settings.mcpAllowedHosts.split(u',', Qt::SkipEmptyParts))
        options.allowedHosts.append(allowedHost.trimmed());
    options.maxSessionsPerClient = settings.mcpMaxSessionsPerClient;
    options.databaseId = databaseIdFor(settings.dbPath);
    options.httpSessionIdleMs = settings.mcpHttpSessionIdleSeconds * 1000;
    options.maxMessageBytes = settings.mcpMaxMessageBytes;
    options.maxInFlight = settings.mcpMaxInFlight;
    options.ratePerSecond = settings.mcpRatePerSecond;
    options.rateBurst = qMax(1, int(settings.mcpRatePerSecond * 2));
    options.maxConnections = settings.mcpMaxConnections;
    options.webSocketThreads = settings.mcpThreads > 0 ? settings.mcpThreads : qMax(1, QThread::idealThreadCount());
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

McpServer *McpHost::createServer() const
{
    auto *server = new McpServer(m_engine, m_options);
    server->setTrafficLog(m_trafficLog);
    if (m_setup)
        m_setup(server);
    return server;
}

QFuture<Result<QUrl>> McpHost::start()
{
    auto promise = std::make_shared<QPromise<Result<QUrl>>>();
    QFuture<Result<QUrl>> future = promise->future();
    promise->start();
    m_thread->start();
    for (int i = 1; i < m_options.webSocketThreads; ++i) {
        Worker worker;
        worker.thread = new QThread;
        worker.thread->setObjectName(u"mcp-ws%1"_s.arg(i));
        worker.thread->start();
        m_workers.append(worker);
    }
    // The servers and the listener are created on the MCP thread, so its sockets live there;
    // each worker's server then moves to its thread with everything it owns.
    QObject *threadContext = new QObject;
    threadContext->moveToThread(m_thread);
    QMetaObject::invokeMethod(
        threadContext,
        [this, promise, threadContext] {
            m_server = createServer();
            m_endpoint = new McpEndpoint(m_server, m_server);
            m_localWorker = m_endpoint->localWorker();
            for (Worker &worker : m_workers) {
                worker.server = createServer();
                worker.server->shareMetrics(m_server->sharedMetrics());
                worker.worker = new WebSocketWorker(worker.server, worker.server);
                worker.server->moveToThread(worker.thread);
                m_endpoint->addWorker(worker.worker);
            }
            auto listening = m_endpoint->listen();
            if (listening)
                qCInfo(lcMcp).noquote() << "MCP endpoint listening on" << m_endpoint->url().toString() << "with"
                                        << m_workers.size() + 1 << "WebSocket threads";
            promise->addResult(listening ? Result<QUrl>(m_endpoint->url()) : Result<QUrl>(fail(listening.error())));
            promise->finish();
            threadContext->deleteLater();
        },
        Qt::QueuedConnection);
    return future;
}

QList<int> McpHost::webSocketsPerThread() const
{
    QList<int> counts;
    if (!m_localWorker)
        return counts;
    counts.append(m_localWorker->webSocketCount());
    for (const Worker &worker : m_workers)
        counts.append(worker.worker ? worker.worker->webSocketCount() : 0);
    return counts;
}

void McpHost::stop()
{
    if (!m_thread->isRunning())
        return;
    // The listener first, so nothing more is handed to the workers; then each worker.
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
            m_localWorker = nullptr;
            delete threadContext;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    for (const Worker &worker : std::as_const(m_workers)) {
        QObject *context = new QObject;
        context->moveToThread(worker.thread);
        QMetaObject::invokeMethod(
            context,
            [worker, context] {
                if (worker.worker)
                    worker.worker->shutdown();
                delete worker.server; // and its worker
                delete context;
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
        worker.thread->wait();
        delete worker.thread;
    }
    m_workers.clear();
}

} // namespace Studio::Mcp
