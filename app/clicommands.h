// SPDX-License-Identifier: MIT
#pragma once

#include "commandline.h"

#include <QObject>

#include <functional>

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::App {

/** @brief The scripting subcommands (personas, chat, history, status), each a client of the
 *  engine's service API like any other front door. Output goes to stdout, one clear sentence
 *  per error to stderr; done(exitCode) is called exactly once. Thread: main. */
class CliCommands final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliCommands)

public:
    using Done = std::function<void(int exitCode)>;

    CliCommands(Engine::EngineClient *client, CommandLine line, Done done, QObject *parent = nullptr);

    void run();

private:
    void listPersonas();
    void chat();
    void history();
    void status();
    /** Resolves the session: --session ID, or the command line's own. */
    void withSession(const std::function<void(const QString &sessionId)> &next);
    void failWith(const Error &error);
    void finish(int exitCode);

    Engine::EngineClient *m_client;
    CommandLine m_line;
    Done m_done;
    bool m_finished = false;
};

/** The exit code for an engine error: 3 when Ollama is unreachable or the model is missing. */
int exitCodeFor(const Error &error);

} // namespace Studio::App
