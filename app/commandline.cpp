// SPDX-License-Identifier: MIT
#include "commandline.h"

#include <engine/settings.h>

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace Studio::App {

namespace {

const QString kDescription = u"Persona Studio: chat with AI personas on a local LLM (Ollama), served over MCP.\n\n"
                             "Commands:\n"
                             "  (none)                   start the app (the engine only, with --headless)\n"
                             "  personas                 list the personas\n"
                             "  chat PERSONA MESSAGE     one chat turn; the reply streams to stdout\n"
                             "  history PERSONA          the conversation with a persona\n"
                             "  status                   check the Ollama server and the model\n"
                             "  config                   the effective settings and where each came from\n"
                             "  --mcp-stdio              MCP over stdin/stdout (what Claude Desktop, Cursor and\n"
                             "                           VS Code start): relays to the running app, or serves itself\n\n"
                             "Exit codes: 0 ok, 1 failure, 2 usage, 3 Ollama unreachable or model missing."_s;

struct CommandSpec
{
    const char *name;
    CommandLine::Command command;
    int arguments; // positional arguments after the command name
    const char *usage;
};

constexpr CommandSpec kCommands[] = {
    {"personas", CommandLine::Command::Personas, 0, "personas"},
    {"chat", CommandLine::Command::Chat, 2, "chat PERSONA MESSAGE"},
    {"history", CommandLine::Command::History, 1, "history PERSONA"},
    {"status", CommandLine::Command::Status, 0, "status"},
    {"config", CommandLine::Command::Config, 0, "config"},
};

} // namespace

Result<CommandLine> parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version."_s);
    const QCommandLineOption headless(u"headless"_s, u"Run the engine without a window."_s);
    const QCommandLineOption verbose(u"verbose"_s, u"Log what the engine does to stderr."_s);
    const QCommandLineOption db(u"db"_s, u"Use the database file at <path>."_s, u"path"_s);
    const QCommandLineOption ollamaUrl(u"ollama-url"_s, u"Ollama server URL, e.g. http://127.0.0.1:11434."_s,
                                       u"url"_s);
    const QCommandLineOption model(u"model"_s, u"Chat model, e.g. llama3.1:8b."_s, u"name"_s);
    const QCommandLineOption settings(u"settings"_s, u"Read settings from this INI file."_s, u"path"_s);
    const QCommandLineOption session(u"session"_s, u"chat/history: use this session instead of the CLI's own."_s,
                                     u"id"_s);
    const QCommandLineOption fresh(u"new"_s, u"chat: start a new conversation with the persona."_s);
    const QCommandLineOption listen(u"listen"_s, u"MCP endpoint address, e.g. 127.0.0.1:8000 (off: none)."_s,
                                    u"addr:port"_s);
    const QCommandLineOption token(u"token"_s, u"Bearer token MCP clients must send (needed beyond loopback)."_s,
                                   u"token"_s);
    const QCommandLineOption mcpStdio(u"mcp-stdio"_s, u"Speak MCP on stdin/stdout."_s);
    parser.addOptions({help, version, headless, verbose, db, ollamaUrl, model, settings, session, fresh, listen, token,
                       mcpStdio});
    parser.addPositionalArgument(u"command"_s, u"personas, chat, history, status or config."_s, u"[command]"_s);

    if (!parser.parse(arguments))
        return fail(ErrorCode::InvalidArgument, parser.errorText());

    CommandLine line;
    line.helpText = parser.helpText();
    if (parser.isSet(help)) {
        line.command = CommandLine::Command::Help;
        return line;
    }
    if (parser.isSet(version)) {
        line.command = CommandLine::Command::Version;
        return line;
    }
    line.headless = parser.isSet(headless);
    line.verbose = parser.isSet(verbose);
    line.settingsFile = parser.value(settings);
    line.sessionId = parser.value(session).trimmed();
    line.newConversation = parser.isSet(fresh);
    if (parser.isSet(db))
        line.settingFlags.insert(QString::fromLatin1(Engine::Keys::kDbPath), parser.value(db));
    if (parser.isSet(ollamaUrl))
        line.settingFlags.insert(QString::fromLatin1(Engine::Keys::kOllamaUrl), parser.value(ollamaUrl));
    if (parser.isSet(model))
        line.settingFlags.insert(QString::fromLatin1(Engine::Keys::kModel), parser.value(model));
    if (parser.isSet(listen))
        line.settingFlags.insert(QString::fromLatin1(Engine::Keys::kMcpListen), parser.value(listen));
    if (parser.isSet(token))
        line.settingFlags.insert(QString::fromLatin1(Engine::Keys::kMcpToken), parser.value(token));

    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(mcpStdio)) {
        if (!positional.isEmpty())
            return fail(ErrorCode::InvalidArgument, u"--mcp-stdio takes no command"_s);
        line.command = CommandLine::Command::McpStdio;
        return line;
    }
    if (positional.isEmpty())
        return line;
    const QString name = positional.constFirst();
    for (const CommandSpec &spec : kCommands) {
        if (name != QLatin1StringView(spec.name))
            continue;
        if (positional.size() - 1 != spec.arguments)
            return fail(ErrorCode::InvalidArgument,
                        u"usage: persona-studio %1"_s.arg(QLatin1StringView(spec.usage)));
        line.command = spec.command;
        if (spec.arguments >= 1)
            line.persona = positional.at(1);
        if (spec.arguments >= 2)
            line.message = positional.at(2);
        if ((line.command != CommandLine::Command::Chat && line.command != CommandLine::Command::History)
            && !line.sessionId.isEmpty())
            return fail(ErrorCode::InvalidArgument, u"--session only goes with chat and history"_s);
        if (line.command != CommandLine::Command::Chat && line.newConversation)
            return fail(ErrorCode::InvalidArgument, u"--new only goes with chat"_s);
        return line;
    }
    return fail(ErrorCode::InvalidArgument,
                u"unknown command '%1'; the commands are personas, chat, history, status and config"_s.arg(name));
}

} // namespace Studio::App
