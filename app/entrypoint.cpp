// SPDX-License-Identifier: MIT
#include "entrypoint.h"

#include "application.h"
#include "console.h"

#include "desktopapp.h"

#include <QApplication>

#include <memory>

using namespace Qt::StringLiterals;

namespace Studio::App {

int runPersonaStudio(int argc, char *argv[], std::function<void(Mcp::McpServer *)> extendServer)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    auto line = parseCommandLine(arguments);
    if (!line) {
        Console::err(u"persona-studio: %1\nTry 'persona-studio --help'.\n"_s.arg(line.error().message));
        return ExitUsage;
    }
    // Widgets only when a window will show: the command line and the headless engine run
    // without a display server.
    std::unique_ptr<QCoreApplication> app = shouldShowWindow(*line)
                                                ? std::make_unique<QApplication>(argc, argv)
                                                : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(u"persona-studio"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PERSONA_STUDIO_VERSION));
    QGuiApplication::setDesktopFileName(u"io.github.personastudio.PersonaStudio"_s);
    qSetMessagePattern(u"%{time hh:mm:ss.zzz} %{if-category}%{category} %{endif}%{type}: %{message}"_s);
    Application application(*line, std::move(extendServer));
    return application.run();
}

} // namespace Studio::App
