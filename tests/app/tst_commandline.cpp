// SPDX-License-Identifier: MIT
#include <commandline.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using Studio::App::CommandLine;

class tst_CommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
};

void tst_CommandLine::parses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("command");
    QTest::addColumn<QString>("persona");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("session");
    QTest::addColumn<bool>("fresh");
    QTest::addColumn<QString>("model");

    using C = CommandLine::Command;
    QTest::newRow("run") << QStringList{} << int(C::Run) << QString() << QString() << QString() << false << QString();
    QTest::newRow("personas") << QStringList{u"personas"_s} << int(C::Personas) << QString() << QString() << QString()
                              << false << QString();
    QTest::newRow("chat") << QStringList{u"chat"_s, u"aria"_s, u"Hi there"_s} << int(C::Chat) << u"aria"_s
                          << u"Hi there"_s << QString() << false << QString();
    QTest::newRow("chat with options")
        << QStringList{u"--model"_s, u"phi3"_s, u"chat"_s, u"Kira"_s, u"Hey"_s, u"--session"_s, u"abc"_s, u"--new"_s}
        << int(C::Chat) << u"Kira"_s << u"Hey"_s << u"abc"_s << true << u"phi3"_s;
    QTest::newRow("history") << QStringList{u"history"_s, u"aria"_s} << int(C::History) << u"aria"_s << QString()
                             << QString() << false << QString();
    QTest::newRow("status") << QStringList{u"status"_s} << int(C::Status) << QString() << QString() << QString()
                            << false << QString();
    QTest::newRow("config") << QStringList{u"config"_s} << int(C::Config) << QString() << QString() << QString()
                            << false << QString();
    QTest::newRow("help") << QStringList{u"--help"_s} << int(C::Help) << QString() << QString() << QString() << false
                          << QString();
    QTest::newRow("message that looks like a flag")
        << QStringList{u"chat"_s, u"aria"_s, u"--"_s, u"-1 is a number"_s} << int(C::Chat) << u"aria"_s
        << u"-1 is a number"_s << QString() << false << QString();
}

void tst_CommandLine::parses()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, command);
    QFETCH(QString, persona);
    QFETCH(QString, message);
    QFETCH(QString, session);
    QFETCH(bool, fresh);
    QFETCH(QString, model);

    auto line = App::parseCommandLine(QStringList{u"persona-studio"_s} + arguments);
    QVERIFY2(line, qPrintable(line ? QString() : line.error().message));
    QCOMPARE(int(line->command), command);
    QCOMPARE(line->persona, persona);
    QCOMPARE(line->message, message);
    QCOMPARE(line->sessionId, session);
    QCOMPARE(line->newConversation, fresh);
    QCOMPARE(line->settingFlags.value(u"llm/model"_s), model);
}

void tst_CommandLine::refuses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("chat without message") << QStringList{u"chat"_s, u"aria"_s} << u"usage: persona-studio chat PERSONA MESSAGE"_s;
    QTest::newRow("too many") << QStringList{u"personas"_s, u"extra"_s} << u"usage: persona-studio personas"_s;
    QTest::newRow("unknown") << QStringList{u"sing"_s} << u"unknown command 'sing'"_s;
    QTest::newRow("unknown option") << QStringList{u"--loud"_s} << u"Unknown option 'loud'."_s;
    QTest::newRow("option without value") << QStringList{u"personas"_s, u"--db"_s} << u"Missing value after '--db'."_s;
    QTest::newRow("session elsewhere") << QStringList{u"status"_s, u"--session"_s, u"x"_s} << u"--session only goes with chat and history"_s;
}

void tst_CommandLine::refuses()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    auto line = App::parseCommandLine(QStringList{u"persona-studio"_s} + arguments);
    QVERIFY(!line);
    QCOMPARE(line.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(line.error().message.startsWith(message), qPrintable(line.error().message));
}

QTEST_APPLESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
