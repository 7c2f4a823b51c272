// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QMap>
#include <QString>
#include <QStringList>

namespace Studio::App {

/** What the command line asked for. */
struct CommandLine
{
    enum class Command {
        Run,      // the app: GUI when there is one and a display, else the headless engine
        Personas,
        Chat,
        History,
        Status,
        Config,
        McpStdio, // MCP over stdin/stdout for hosts that start a command
        Help,
        Version,
    };

    Command command = Command::Run;
    bool headless = false;
    bool verbose = false;
    QString settingsFile;              // --settings: an INI file instead of the standard one
    QMap<QString, QString> settingFlags; // INI key -> value, from --db, --ollama-url, --model, --listen, --token
    QString persona;
    QString message;
    QString sessionId;
    bool newConversation = false;
    QString helpText;
};

/** Parses arguments (argv, program name first). Usage errors are InvalidArgument with one sentence. */
Result<CommandLine> parseCommandLine(const QStringList &arguments);

} // namespace Studio::App
