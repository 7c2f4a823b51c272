// SPDX-License-Identifier: MIT
#pragma once

// The MCP harnesses' world, built once per process: a QCoreApplication on the fuzzing thread
// (which plays the MCP thread), a real engine on its own thread with its database in a
// temporary directory, and one McpServer. Ollama is an address nobody listens on, so a chat
// fails fast with "unreachable"; memory uses the built-in embedder. Everything is leaked on
// purpose: libFuzzer ends with exit(), and tearing down threads there only adds noise.

#include "fuzzsupport.h"

#include <engine/enginehost.h>
#include <engine/settings.h>
#include <mcp/jsonrpc.h>
#include <mcp/mcpserver.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFuture>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>

#include <cstdlib>
#include <functional>

namespace StudioFuzz {

inline QString &databaseDir()
{
    static QString dir;
    return dir;
}

/** Runs the event loop until done() or timeoutMs; engine replies wake it up. */
inline bool pumpUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QTimer tick;
    tick.start(5);
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
    QCoreApplication::processEvents();
    return true;
}

inline Studio::Mcp::McpServer *startServer(int *argc, char ***argv, Studio::Mcp::ServerOptions options)
{
    // The engine and the MCP core log every request at info level: far too slow for fuzzing.
    QLoggingCategory::setFilterRules(QStringLiteral("*=false\n*.critical=true"));
    new QCoreApplication(*argc, *argv);

    databaseDir() = QDir::temp().filePath(QStringLiteral("studio-fuzz-") + QUuid::createUuid().toString(QUuid::Id128));
    QDir().mkpath(databaseDir());
    std::atexit([] { QDir(databaseDir()).removeRecursively(); });

    Studio::Engine::Settings settings;
    settings.dbPath = QDir(databaseDir()).filePath(QStringLiteral("studio.sqlite"));
    settings.ollamaUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // discard: nobody listens
    settings.model = QStringLiteral("llama3.1:8b");
    settings.llmRetries = 0;
    settings.connectTimeoutMs = 200;
    settings.memoryEmbedder = QStringLiteral("builtin");
    settings.memoryMaintenanceMinutes = 24 * 60;
    auto *host = new Studio::Engine::EngineHost(settings);
    QFuture<Studio::Result<void>> started = host->start();
    if (!pumpUntil([&] { return started.isFinished(); }, 30000) || !started.result()) {
        std::fprintf(stderr, "the engine did not start: %s\n",
                     started.isFinished() ? qPrintable(started.result().error().message) : "timeout");
        std::exit(1);
    }
    return new Studio::Mcp::McpServer(host->client(), std::move(options));
}

/** What every message a session writes must be: one JSON-RPC message our parser accepts
 *  (a response, an error response, a notification or a request to the client). */
inline void checkOutgoing(const QByteArray &message)
{
    auto parsed = Studio::Mcp::parseRpcMessage(message);
    if (!parsed)
        invariantFailed("the server wrote a message that is not valid JSON-RPC",
                        message.left(2000) + "\nerror: " + parsed.error().error.message.toUtf8());
}

} // namespace StudioFuzz
