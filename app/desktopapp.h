// SPDX-License-Identifier: MIT
#pragma once

#include "commandline.h"

#include <engine/settings.h>
#include <store/databaselock.h>

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace Studio::Engine {
class EngineHost;
}
namespace Studio::Mcp {
class McpHost;
class McpServer;
class TrafficLog;
}
namespace Studio::Ui {
class MainWindow;
}

namespace Studio::App {

class SingleInstance;

/** @brief The desktop app: engine thread, MCP endpoint thread, the main window on the GUI
 *  thread, the tray, one instance per user, live settings and language. Thread: main. */
class DesktopApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopApp)

public:
    DesktopApp(CommandLine line, QString settingsFile, std::function<void(Mcp::McpServer *)> extendServer,
               QObject *parent = nullptr);
    ~DesktopApp() override;

    /** Runs until the user quits; returns the exit code. */
    int run();

private:
    void engineStarted(const QString &desktopSessionId);
    void startEndpoint();
    void applySettings();
    Result<Engine::Settings> resolve() const;

    CommandLine m_line;
    QString m_settingsFile;
    std::function<void(Mcp::McpServer *)> m_extendServer;
    Engine::Settings m_settings;
    Store::DatabaseLock m_databaseLock; // declared before the engine: released after it stopped
    std::unique_ptr<Engine::EngineHost> m_engine;
    std::unique_ptr<Mcp::McpHost> m_mcp;
    std::unique_ptr<Ui::MainWindow> m_window;
    SingleInstance *m_instance;
    Mcp::TrafficLog *m_traffic; // outlives every endpoint restart: the inspector reads it
    int m_exitCode = 0;
};

/** True when a GUI can be shown: a display and no --headless. */
bool shouldShowWindow(const CommandLine &line);

} // namespace Studio::App
