// SPDX-License-Identifier: MIT
#include "entrypoint.h"

#include "application.h"
#include "console.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Studio::App {

int runPersonaStudio(int argc, char *argv[], std::function<void(Mcp::McpServer *)> extendServer)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"persona-studio"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PERSONA_STUDIO_VERSION));
    qSetMessagePattern(u"%{time hh:mm:ss.zzz} %{if-category}%{category} %{endif}%{type}: %{message}"_s);

    auto line = parseCommandLine(QCoreApplication::arguments());
    if (!line) {
        Console::err(u"persona-studio: %1\nTry 'persona-studio --help'.\n"_s.arg(line.error().message));
        return ExitUsage;
    }
    Application application(*line, std::move(extendServer));
    return application.run();
}

} // namespace Studio::App
