// SPDX-License-Identifier: MIT
#include "desktopapp.h"

#include "console.h"
#include "signalwatcher.h"
#include "singleinstance.h"

#include <engine/enginehost.h>
#include <mainwindow.h>
#include <mcp/mcphost.h>
#include <mcp/trafficlog.h>
#include <studiotranslations.h>

#include <QApplication>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace Studio::App {

bool shouldShowWindow(const CommandLine &line)
{
    if (line.command != CommandLine::Command::Run || line.headless)
        return false;
    return !qEnvironmentVariable("DISPLAY").isEmpty() || !qEnvironmentVariable("WAYLAND_DISPLAY").isEmpty();
}

DesktopApp::DesktopApp(CommandLine line, QString settingsFile, std::function<void(Mcp::McpServer *)> extendServer,
                       QObject *parent)
    : QObject(parent)
    , m_line(std::move(line))
    , m_settingsFile(std::move(settingsFile))
    , m_extendServer(std::move(extendServer))
    , m_instance(new SingleInstance(this))
    , m_traffic(new Mcp::TrafficLog(20000, this))
{
}

DesktopApp::~DesktopApp()
{
    m_window.reset();
    // Reverse order of start: the endpoint calls the engine, so it goes first.
    if (m_mcp)
        m_mcp->stop();
    m_mcp.reset();
    if (m_engine)
        m_engine->stop();
}

Result<Engine::Settings> DesktopApp::resolve() const
{
    QSettings file(m_settingsFile, QSettings::IniFormat);
    auto effective = Engine::resolveSettings(&file, QProcessEnvironment::systemEnvironment(), m_line.settingFlags);
    if (!effective)
        return fail(effective.error());
    return effective->settings;
}

int DesktopApp::run()
{
    if (!m_instance->listen()) {
        // Another window is open: bring it forward and leave.
        const QString answer = SingleInstance::ask(u"raise"_s);
        Console::err(answer.isEmpty() ? u"persona-studio: another instance holds the single-instance socket but "
                                        "does not answer.\n"_s
                                      : u"Persona Studio is already running; its window was raised.\n"_s);
        return answer.isEmpty() ? ExitFailure : ExitOk;
    }
    auto settings = resolve();
    if (!settings) {
        Console::err(u"persona-studio: %1.\n"_s.arg(settings.error().message));
        return ExitUsage;
    }
    m_settings = *settings;
    if (auto locked = m_databaseLock.acquire(m_settings.dbPath); !locked) {
        Console::err(u"persona-studio: cannot start: %1.\n"_s.arg(locked.error().message));
        QMessageBox::critical(nullptr, tr("Persona Studio cannot start"), locked.error().message);
        return ExitFailure;
    }
    QSettings file(m_settingsFile, QSettings::IniFormat);
    Translations::install(qApp, file.value(u"ui/language"_s).toString());
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps the app and its endpoint
    QApplication::setWindowIcon(Ui::applicationIcon());

    SignalWatcher signals;
    connect(&signals, &SignalWatcher::terminationRequested, qApp, &QCoreApplication::quit);

    m_engine = std::make_unique<Engine::EngineHost>(m_settings);
    m_engine->start().then(this, [this](const Result<void> &started) {
        if (!started) {
            QMessageBox::critical(nullptr, tr("Persona Studio cannot start"), started.error().message);
            m_exitCode = ExitFailure;
            return QCoreApplication::exit(ExitFailure);
        }
        m_engine->client()->desktopSession().then(this, [this](const Result<Store::SessionRow> &session) {
            if (!session) {
                QMessageBox::critical(nullptr, tr("Persona Studio cannot start"), session.error().message);
                m_exitCode = ExitFailure;
                return QCoreApplication::exit(ExitFailure);
            }
            engineStarted(session->id);
        });
    });
    const int code = QApplication::exec();
    return m_exitCode ? m_exitCode : code;
}

void DesktopApp::engineStarted(const QString &desktopSessionId)
{
    Ui::UiContext context;
    context.engine = m_engine->client();
    context.traffic = m_traffic;
    context.desktopSessionId = desktopSessionId;
    context.settingsFile = m_settingsFile;
    m_window = std::make_unique<Ui::MainWindow>(context);
    connect(m_window.get(), &Ui::MainWindow::quitRequested, qApp, &QCoreApplication::quit);
    connect(m_window.get(), &Ui::MainWindow::settingsSaved, this, &DesktopApp::applySettings);
    connect(m_instance, &SingleInstance::raiseRequested, m_window.get(), &Ui::MainWindow::bringToFront);
    m_window->show();
    startEndpoint();
}

void DesktopApp::startEndpoint()
{
    if (m_mcp)
        m_mcp->stop();
    m_window->setEndpoint({}, {});
    m_instance->setEndpoint({});
    if (m_settings.mcpListen.trimmed() == u"off"_s)
        return;
    auto options = Mcp::serverOptionsFor(m_settings);
    if (!options) {
        m_window->statusBar()->showMessage(tr("The MCP endpoint is off: %1").arg(options.error().message));
        return;
    }
    m_mcp = std::make_unique<Mcp::McpHost>(m_engine->client(), *options);
    m_mcp->useTrafficLog(m_traffic);
    m_mcp->setServerSetup(m_extendServer);
    const QString token = m_settings.mcpToken;
    m_mcp->start().then(this, [this, token](const Result<QUrl> &url) {
        if (!url) {
            m_window->statusBar()->showMessage(tr("The MCP endpoint could not start: %1").arg(url.error().message));
            return;
        }
        m_window->setEndpoint(*url, token);
        m_instance->setEndpoint(*url);
    });
}

void DesktopApp::applySettings()
{
    auto settings = resolve();
    if (!settings) {
        QMessageBox::warning(m_window.get(), tr("Settings"), settings.error().message);
        return;
    }
    const Engine::Settings previous = m_settings;
    m_settings = *settings;
    m_engine->client()->applySettings(m_settings);
    m_engine->client()->checkServer();
    const bool endpointChanged = previous.mcpListen != m_settings.mcpListen || previous.mcpToken != m_settings.mcpToken
                                 || previous.mcpAllowedOrigins != m_settings.mcpAllowedOrigins
                                 || previous.mcpMaxMessageBytes != m_settings.mcpMaxMessageBytes
                                 || previous.mcpMaxInFlight != m_settings.mcpMaxInFlight
                                 || previous.mcpRatePerSecond != m_settings.mcpRatePerSecond
                                 || previous.mcpMaxConnections != m_settings.mcpMaxConnections
                                 || previous.mcpThreads != m_settings.mcpThreads;
    if (endpointChanged)
        startEndpoint();
    QSettings file(m_settingsFile, QSettings::IniFormat);
    Translations::install(qApp, file.value(u"ui/language"_s).toString());
}

} // namespace Studio::App
