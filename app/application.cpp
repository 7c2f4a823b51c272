// SPDX-License-Identifier: MIT
#include "application.h"

#include "clicommands.h"
#include "console.h"
#include "desktopapp.h"
#include "signalwatcher.h"
#include "stdiobridge.h"

#include <engine/enginehost.h>
#include <mcp/mcphost.h>
#include <store/databaselock.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Studio::App {

Application::Application(CommandLine line, std::function<void(Mcp::McpServer *)> extendServer, QObject *parent)
    : QObject(parent)
    , m_line(std::move(line))
    , m_extendServer(std::move(extendServer))
{
}

Application::~Application() = default;

QString Application::settingsFilePath(const CommandLine &line)
{
    if (!line.settingsFile.isEmpty())
        return line.settingsFile;
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/persona-studio.ini"_s;
}

int Application::run()
{
    using Command = CommandLine::Command;
    if (m_line.command == Command::Help) {
        Console::out(m_line.helpText);
        return ExitOk;
    }
    if (m_line.command == Command::Version) {
        Console::out(u"persona-studio %1 (Qt %2)\n"_s.arg(QStringLiteral(PERSONA_STUDIO_VERSION),
                                                          QString::fromLatin1(qVersion())));
        return ExitOk;
    }
    // Scripting commands keep stderr for their own one-sentence errors.
    if (m_line.command != Command::Run && !m_line.verbose)
        QLoggingCategory::setFilterRules(u"persona.*.info=false\npersona.*.warning=false"_s);

    QSettings file(settingsFilePath(m_line), QSettings::IniFormat);
    auto effective = Engine::resolveSettings(&file, QProcessEnvironment::systemEnvironment(), m_line.settingFlags);
    if (!effective) {
        Console::err(u"persona-studio: %1.\n"_s.arg(effective.error().message));
        return ExitUsage;
    }
    if (m_line.command == Command::Config)
        return printConfig(*effective);
    if (m_line.command == Command::McpStdio)
        return runStdio(effective->settings);
    if (shouldShowWindow(m_line)) {
        DesktopApp desktop(m_line, settingsFilePath(m_line), m_extendServer);
        return desktop.run();
    }
    if (m_line.command == Command::Run) {
        if (auto options = Mcp::serverOptionsFor(effective->settings);
            !options && effective->settings.mcpListen.trimmed() != u"off"_s) {
            Console::err(u"persona-studio: %1.\n"_s.arg(options.error().message));
            return ExitUsage;
        }
    }
    return runEngine(effective->settings);
}

int Application::printConfig(const Engine::EffectiveSettings &effective)
{
    Console::out(u"# settings file: %1\n"_s.arg(settingsFilePath(m_line)));
    for (const Engine::SettingValue &value : effective.values) {
        QString origin = Engine::settingSourceName(value.source);
        if (!value.origin.isEmpty() && value.source != Engine::SettingSource::File)
            origin += u" "_s + value.origin;
        Console::out(u"%1 = %2\t(%3)\t# %4\n"_s.arg(value.key, value.value, origin, value.description));
    }
    return ExitOk;
}

int Application::runStdio(const Engine::Settings &settings)
{
    int exitCode = ExitOk;
    SignalWatcher signals;
    StdioBridge bridge(settings, [&exitCode](int code) {
        exitCode = code;
        QCoreApplication::exit(code);
    }, m_extendServer);
    connect(&signals, &SignalWatcher::terminationRequested, this, [] { QCoreApplication::exit(ExitOk); });
    bridge.start();
    QCoreApplication::exec();
    return exitCode;
}

int Application::runEngine(const Engine::Settings &settings)
{
    // The app (not a one-off command) is the only one on its database.
    Store::DatabaseLock lock;
    if (m_line.command == CommandLine::Command::Run) {
        if (auto locked = lock.acquire(settings.dbPath); !locked) {
            Console::err(u"persona-studio: cannot start: %1.\n"_s.arg(locked.error().message));
            return ExitFailure;
        }
    }
    m_host = std::make_unique<Engine::EngineHost>(settings);
    int exitCode = ExitOk;
    std::unique_ptr<CliCommands> commands;
    SignalWatcher signals;

    auto quit = [&exitCode](int code) {
        exitCode = code;
        QCoreApplication::exit(code);
    };
    connect(&signals, &SignalWatcher::terminationRequested, this, [quit](int signalNumber) {
        qInfo("stopping on signal %d", signalNumber);
        quit(ExitOk);
    });

    m_host->start().then(this, [&, quit](const Result<void> &started) {
        if (!started) {
            Console::err(u"persona-studio: cannot start: %1.\n"_s.arg(started.error().message));
            return quit(ExitFailure);
        }
        if (m_line.command == CommandLine::Command::Run) {
            m_host->client()->checkServer(); // logs what to fix when Ollama or the model is missing
            if (settings.mcpListen.trimmed() == u"off"_s) {
                Console::err(u"Persona Studio %1 is running without a window; database %2; MCP endpoint off. "
                             "Stop it with Ctrl+C.\n"_s.arg(QStringLiteral(PERSONA_STUDIO_VERSION), settings.dbPath));
                return;
            }
            m_mcp = std::make_unique<Mcp::McpHost>(m_host->client(), *Mcp::serverOptionsFor(settings));
            m_mcp->setServerSetup(m_extendServer);
            m_mcp->start().then(this, [this, quit, settings](const Result<QUrl> &url) {
                if (!url) {
                    Console::err(u"persona-studio: cannot start the MCP endpoint: %1.\n"_s.arg(url.error().message));
                    return quit(ExitFailure);
                }
                QUrl ws = *url;
                ws.setScheme(u"ws"_s);
                Console::err(u"Persona Studio %1 is running without a window; database %2.\n"
                             "MCP endpoint: %3 (Streamable HTTP) and %4 (WebSocket). Stop it with Ctrl+C.\n"_s
                                 .arg(QStringLiteral(PERSONA_STUDIO_VERSION), settings.dbPath, url->toString(),
                                      ws.toString()));
            });
            return;
        }
        commands = std::make_unique<CliCommands>(m_host->client(), m_line, quit);
        commands->run();
    });

    QCoreApplication::exec();
    commands.reset();
    // Reverse order of start: the endpoint calls the engine, so it goes first.
    if (m_mcp)
        m_mcp->stop();
    m_mcp.reset();
    m_host->stop();
    m_host.reset();
    return exitCode;
}

} // namespace Studio::App
