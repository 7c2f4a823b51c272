// SPDX-License-Identifier: MIT
#include "application.h"
#include "console.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"persona-studio"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PERSONA_STUDIO_VERSION));
    qSetMessagePattern(u"%{time hh:mm:ss.zzz} %{if-category}%{category} %{endif}%{type}: %{message}"_s);

    auto line = Studio::App::parseCommandLine(QCoreApplication::arguments());
    if (!line) {
        Studio::App::Console::err(u"persona-studio: %1\nTry 'persona-studio --help'.\n"_s.arg(line.error().message));
        return Studio::App::ExitUsage;
    }
    Studio::App::Application application(*line);
    return application.run();
}
