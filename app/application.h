// SPDX-License-Identifier: MIT
#pragma once

#include "commandline.h"

#include <engine/settings.h>

#include <QObject>

#include <memory>

namespace Studio::Engine {
class EngineHost;
}

namespace Studio::App {

/** @brief The composition root: resolves the settings, starts the engine thread, runs the
 *  requested front door and shuts everything down in reverse order. Thread: main. */
class Application final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    explicit Application(CommandLine line, QObject *parent = nullptr);
    ~Application() override;

    /** Runs the command to its end (the event loop included) and returns the exit code. */
    int run();

    /** The settings file: --settings, or the standard INI location. */
    static QString settingsFilePath(const CommandLine &line);

private:
    int printConfig(const Engine::EffectiveSettings &effective);
    int runEngine(const Engine::Settings &settings);

    CommandLine m_line;
    std::unique_ptr<Engine::EngineHost> m_host;
};

} // namespace Studio::App
