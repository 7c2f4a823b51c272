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

/** The endpoint options that follow from the app's settings: "ADDR:PORT" (IPv6 as [ADDR]:PORT),
 *  token, origins and limits. Fails with a sentence naming the bad value. */
Result<ServerOptions> serverOptionsFor(const Engine::Settings &settings);

/** @brief Runs the MCP server and its endpoint (WebSocket + Streamable HTTP on one port) on a
 *  thread of their own, so a flood of clients never waits for the GUI and a busy GUI never slows
 *  a client. Created and stopped by the composition root on the main thread. */
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

private:
    Engine::EngineClient *m_engine;
    ServerOptions m_options;
    QThread *m_thread;
    McpServer *m_server = nullptr;
    McpEndpoint *m_endpoint = nullptr;
    TrafficLog *m_trafficLog = nullptr;
    std::function<void(McpServer *)> m_setup;
};

} // namespace Studio::Mcp
