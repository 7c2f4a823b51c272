// SPDX-License-Identifier: MIT
#pragma once

#include "commandline.h"

#include <engine/settings.h>

#include <QObject>

#include <functional>
#include <memory>

namespace Studio::Engine {
class EngineHost;
}
namespace Studio::Mcp {
class McpHost;
class McpServer;
}

namespace Studio::App {

/** @brief The composition root: resolves the settings, starts the engine thread, runs the
 *  requested front door and shuts everything down in reverse order. Thread: main. */
class Application final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    /** extendServer (optional) runs on the MCP thread for every MCP server the app creates:
     *  the conformance build adds its fixtures with it. */
    explicit Application(CommandLine line, std::function<void(Mcp::McpServer *)> extendServer = {},
                         QObject *parent = nullptr);
    ~Application() override;

    /** Runs the command to its end (the event loop included) and returns the exit code. */
    int run();

    /** The settings file: --settings, or the standard INI location. */
    static QString settingsFilePath(const CommandLine &line);

private:
    int printConfig(const Engine::EffectiveSettings &effective);
    int runEngine(const Engine::Settings &settings);
    int runStdio(const Engine::Settings &settings);

    CommandLine m_line;
    std::unique_ptr<Engine::EngineHost> m_host;
    std::unique_ptr<Mcp::McpHost> m_mcp;
    std::function<void(Mcp::McpServer *)> m_extendServer;
};

} // namespace Studio::App
