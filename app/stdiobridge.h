// SPDX-License-Identifier: MIT
#pragma once

#include <engine/settings.h>
#include <store/databaselock.h>

#include <QObject>

#include <functional>
#include <memory>

class QWebSocket;

namespace Studio::Engine {
class EngineHost;
}
namespace Studio::Mcp {
class McpServer;
class McpSession;
class StdioTransport;
}

namespace Studio::App {

/** @brief `persona-studio --mcp-stdio`, what Claude Desktop, Cursor and VS Code start: MCP over
 *  stdin/stdout. Relays to the running app's WebSocket endpoint when one answers, so every
 *  client shares the app's live sessions; otherwise serves in-process from the same database.
 *  stdout carries only protocol messages; everything else goes to stderr. Thread: main. */
class StdioBridge final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StdioBridge)

public:
    StdioBridge(Engine::Settings settings, std::function<void(int exitCode)> done,
                std::function<void(Mcp::McpServer *)> extendServer = {}, QObject *parent = nullptr);
    ~StdioBridge() override;

    void start();

private:
    void startRelay();
    void startInProcess();
    void deliver(const QByteArray &line);

    Engine::Settings m_settings;
    std::function<void(int)> m_done;
    std::function<void(Mcp::McpServer *)> m_extendServer;
    Mcp::StdioTransport *m_stdio = nullptr;
    QWebSocket *m_socket = nullptr;
    bool m_relaying = false;
    bool m_inputClosed = false;
    QList<QByteArray> m_pending; // lines read before the relay or the in-process server is up
    Store::DatabaseLock m_lock;  // held while serving in-process
    std::unique_ptr<Engine::EngineHost> m_host;
    std::unique_ptr<Mcp::McpServer> m_server;
    Mcp::McpSession *m_session = nullptr;
};

} // namespace Studio::App
