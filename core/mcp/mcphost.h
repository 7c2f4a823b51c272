// SPDX-License-Identifier: MIT
#pragma once

#include "serveroptions.h"

#include <common/error.h>

#include <QFuture>
#include <QObject>
#include <QUrl>

#include <functional>

class QThread;

namespace Studio::Engine {
class EngineClient;
struct Settings;
}

namespace Studio::Mcp {

class McpServer;
class McpEndpoint;
class TrafficLog;
class WebSocketWorker;

/** The endpoint options that follow from the app's settings: "ADDR:PORT" (IPv6 as [ADDR]:PORT),
 *  token, origins and limits. Fails with a sentence naming the bad value. */
Result<ServerOptions> serverOptionsFor(const Engine::Settings &settings);

/** @brief Runs the MCP server and its endpoint (WebSocket + Streamable HTTP on one port) on a
 *  thread of their own, so a flood of clients never waits for the GUI and a busy GUI never slows
 *  a client. With options.webSocketThreads > 1 the WebSocket clients are spread over that many
 *  threads (this one included), each with its own McpServer: the endpoint hands each upgrade to
 *  the least busy one. Created and stopped by the composition root on the main thread. */
class McpHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(McpHost)

public:
    McpHost(Engine::EngineClient *engine, ServerOptions options, QObject *parent = nullptr);
    ~McpHost() override;

    /** Runs on the MCP thread right after the server is created, before it listens: how a
     *  test-only build adds fixtures. */
    void setServerSetup(std::function<void(McpServer *)> setup) { m_setup = std::move(setup); }

    /** Starts the thread, the server and the listener; the future gives the endpoint's URL. */
    QFuture<Result<QUrl>> start();
    /** Closes every connection (sessions stay stored for resuming) and joins the thread. */
    void stop();

    /** The log MCP traffic goes to, or null: nothing is copied unless somebody inspects (the
     *  desktop's inspector). The log must outlive this host. Call before start(). */
    void useTrafficLog(TrafficLog *log) { m_trafficLog = log; }
    TrafficLog *trafficLog() const { return m_trafficLog; }

    /** Open WebSocket clients per thread, the MCP thread first; empty before start() has
     *  finished. Any thread. */
    QList<int> webSocketsPerThread() const;

private:
    Engine::EngineClient *m_engine;
    ServerOptions m_options;
    McpServer *createServer() const;

    QThread *m_thread;
    McpServer *m_server = nullptr;
    struct Worker
    {
        QThread *thread = nullptr;
        McpServer *server = nullptr;   // lives on thread, created on the MCP thread and moved
        WebSocketWorker *worker = nullptr; // the server's child
    };
    QList<Worker> m_workers;
    McpEndpoint *m_endpoint = nullptr;
    WebSocketWorker *m_localWorker = nullptr; // the endpoint's, on the MCP thread
    TrafficLog *m_trafficLog = nullptr;
    std::function<void(McpServer *)> m_setup;
};

} // namespace Studio::Mcp
