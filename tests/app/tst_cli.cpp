// SPDX-License-Identifier: MIT
// The command line end to end: the real persona-studio binary in a QProcess against the
// in-test fake Ollama.
#include "fakeollama.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    qint64 elapsedMs = 0;
};

QJsonArray messagesOf(const QJsonObject &request)
{
    return request.value("messages"_L1).toArray();
}

QString contentAt(const QJsonArray &messages, int index)
{
    return messages.at(index).toObject().value("content"_L1).toString();
}

bool isSummaryRequest(const QJsonObject &request)
{
    return contentAt(messagesOf(request), 0).startsWith("You keep the running summary"_L1);
}

QList<QJsonObject> turnRequests(const FakeOllama &fake)
{
    QList<QJsonObject> turns;
    for (const QJsonObject &request : fake.chatRequests()) {
        if (!isSummaryRequest(request))
            turns.append(request);
    }
    return turns;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listsPersonas();
    void chatRemembersAcrossProcesses();
    void thirtyTurnsKeepWindowAndSummary();
    void ollamaDownExitsThreeWithinTenSeconds();
    void statusSaysHowToFix();
    void statusWhenAllIsWell();
    void modelMissingSaysPull();
    void configShowsWhereEachSettingCameFrom();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void unknownPersonaAndSession();
    void newConversationAndHistory();
    void killDuringStreamLosesNoEarlierMessage();
    void headlessStopsCleanlyOnSigterm();
    void secondAppOnTheSameDatabaseExitsOne();
    void stdioBridgeRelaysOnlyToTheAppOnItsDatabase();

private:
    QProcessEnvironment environment() const;
    QStringList common() const;
    Run run(const QStringList &arguments, const QProcessEnvironment &env = {});
    /** Starts `persona-studio --headless arguments...` and waits until it says it runs. */
    bool startHeadless(QProcess &process, const QStringList &arguments);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
};

void tst_Cli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    FakeOllama::ChatScript echo;
    echo.replyFor = [](const QJsonObject &request) -> QStringList {
        if (isSummaryRequest(request))
            return {u"The user is called Zed."_s};
        return {u"You said: "_s, contentAt(messagesOf(request), int(messagesOf(request).size()) - 1)};
    };
    m_fake->setDefaultChatScript(echo);
}

void tst_Cli::cleanup()
{
    m_fake.reset();
    m_dir.reset();
}

QProcessEnvironment tst_Cli::environment() const
{
    // Nothing from the developer's own setup leaks in: settings and data live in the temp dir.
    QProcessEnvironment env;
    env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
    env.insert(u"HOME"_s, m_dir->path());
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir->filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_dir->filePath(u"data"_s));
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    // A desktop app of another suite must not answer this suite's stdio bridges.
    env.insert(u"PERSONA_STUDIO_INSTANCE"_s, u"tst-cli-%1"_s.arg(QCoreApplication::applicationPid()));
    return env;
}

QStringList tst_Cli::common() const
{
    return {u"--db"_s, m_dir->filePath(u"cli.sqlite"_s), u"--ollama-url"_s, m_fake->url().toString()};
}

Run tst_Cli::run(const QStringList &arguments, const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env.isEmpty() ? environment() : env);
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(PERSONA_STUDIO_BIN), arguments);
    // The fake server lives in this process: keep the event loop running while waiting.
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000)) {
        process.kill();
        process.waitForFinished();
    }
    Run result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    result.elapsedMs = timer.elapsed();
    return result;
}

void tst_Cli::listsPersonas()
{
    const Run result = run(QStringList{u"personas"_s} + common());
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith(u"aria\tAria\t(built-in)\t"_s));
    QVERIFY(result.out.contains(u"\nkira\tKira\t(built-in)\t"_s));
    QCOMPARE(result.err, QString());
}

void tst_Cli::chatRemembersAcrossProcesses()
{
    const Run first = run(QStringList{u"chat"_s, u"aria"_s, u"My name is Zed"_s} + common());
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(first.out, u"You said: My name is Zed\n"_s);
    const Run second = run(QStringList{u"chat"_s, u"aria"_s, u"What is my name?"_s} + common());
    QCOMPARE(second.exitCode, 0);

    const QList<QJsonObject> turns = turnRequests(*m_fake);
    QCOMPARE(turns.size(), 2);
    const QJsonArray messages = messagesOf(turns.at(1));
    QCOMPARE(messages.size(), 4);
    QVERIFY(contentAt(messages, 0).startsWith(u"You are Aria, "_s));
    QCOMPARE(contentAt(messages, 1), u"My name is Zed"_s);
    QCOMPARE(contentAt(messages, 2), u"You said: My name is Zed"_s);
    QCOMPARE(contentAt(messages, 3), u"What is my name?"_s);
}

void tst_Cli::thirtyTurnsKeepWindowAndSummary()
{
    for (int i = 1; i <= 30; ++i) {
        const Run turn = run(QStringList{u"chat"_s, u"aria"_s, u"message %1"_s.arg(i)} + common());
        QCOMPARE(turn.exitCode, 0);
    }
    const QList<QJsonObject> turns = turnRequests(*m_fake);
    QCOMPARE(turns.size(), 30);
    const QJsonArray last = messagesOf(turns.last());
    QCOMPARE(last.size(), 21); // the system message and at most 20 verbatim messages
    QCOMPARE(contentAt(last, 1), u"You said: message 20"_s); // the newest 20 of 60 messages
    QVERIFY(contentAt(last, 0).contains(u"## Summary of the conversation so far\nThe user is called Zed."_s));

    const Run history = run(QStringList{u"history"_s, u"aria"_s} + common());
    QCOMPARE(history.exitCode, 0);
    QVERIFY(history.out.startsWith(u"[Summary of earlier messages] The user is called Zed."_s));
    QCOMPARE(history.out.count(u"] You: message "_s), 30);
}

void tst_Cli::ollamaDownExitsThreeWithinTenSeconds()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString url = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
    closed.close();
    const Run result = run({u"chat"_s, u"aria"_s, u"Hello?"_s, u"--db"_s, m_dir->filePath(u"down.sqlite"_s),
                            u"--ollama-url"_s, url});
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.elapsedMs < 10000);
    QVERIFY2(result.err.contains(url), qPrintable(result.err));
    QCOMPARE(result.err.count(u'\n'), 1); // one sentence
    QCOMPARE(result.out, QString());

    const Run status = run({u"status"_s, u"--db"_s, m_dir->filePath(u"down.sqlite"_s), u"--ollama-url"_s, url});
    QCOMPARE(status.exitCode, 3);
    QVERIFY(status.out.contains(u"Start it with `ollama serve`"_s));
    QVERIFY(status.out.contains(url));
}

void tst_Cli::statusSaysHowToFix()
{
    m_fake->setModels({FakeOllama::Model{u"mistral:7b"_s, u"sha256:"_s + QString(64, u'a'), 32768, {u"completion"_s}}});
    const Run status = run(QStringList{u"status"_s} + common());
    QCOMPARE(status.exitCode, 3);
    QVERIFY2(status.out.contains(u"Run `ollama pull llama3.1:8b`"_s), qPrintable(status.out));
    QVERIFY(status.out.contains(u"Model llama3.1:8b: NOT installed"_s));
}

void tst_Cli::statusWhenAllIsWell()
{
    const Run status = run(QStringList{u"status"_s} + common());
    QCOMPARE(status.exitCode, 0);
    QVERIFY(status.out.contains(u"Ollama: reachable at %1"_s.arg(m_fake->url().toString())));
    QVERIFY2(status.out.contains(u"Model llama3.1:8b: installed, digest sha256:"_s), qPrintable(status.out));
    QVERIFY(status.out.contains(u"Database: "_s));
    QVERIFY(!status.out.contains(u"To fix"_s));
}

void tst_Cli::modelMissingSaysPull()
{
    const Run result = run(QStringList{u"chat"_s, u"kira"_s, u"Hi"_s, u"--model"_s, u"nonexistent:1b"_s} + common());
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(u"ollama pull nonexistent:1b"_s), qPrintable(result.err));
}

void tst_Cli::configShowsWhereEachSettingCameFrom()
{
    QProcessEnvironment env = environment();
    env.insert(u"DEFAULT_MODEL"_s, u"qwen2.5:7b"_s);
    env.insert(u"MAX_CONTEXT_MESSAGES"_s, u"12"_s);
    QDir().mkpath(m_dir->filePath(u"config/persona-studio"_s));
    QFile ini(m_dir->filePath(u"config/persona-studio/persona-studio.ini"_s));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[sessions]\ntimeout_hours=48\n[llm]\nmodel=from-file\n");
    ini.close();
    const Run result = run({u"config"_s, u"--db"_s, u"/tmp/flag.sqlite"_s}, env);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(u"llm/model = qwen2.5:7b\t(environment DEFAULT_MODEL)"_s), qPrintable(result.out));
    QVERIFY(result.out.contains(u"chat/window_messages = 12\t(environment MAX_CONTEXT_MESSAGES)"_s));
    QVERIFY(result.out.contains(u"sessions/timeout_hours = 48\t(settings file)"_s));
    QVERIFY(result.out.contains(u"store/db_path = /tmp/flag.sqlite\t(command line store/db_path)"_s));
    QVERIFY(result.out.contains(u"llm/num_ctx = 8192\t(default)"_s));
}

void tst_Cli::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing message") << QStringList{u"chat"_s, u"aria"_s} << u"usage: persona-studio chat"_s;
    QTest::newRow("unknown command") << QStringList{u"dance"_s} << u"unknown command 'dance'"_s;
    QTest::newRow("unknown flag") << QStringList{u"personas"_s, u"--bogus"_s} << u"bogus"_s;
    QTest::newRow("new without chat") << QStringList{u"personas"_s, u"--new"_s} << u"--new only goes with chat"_s;
    QTest::newRow("bad url") << QStringList{u"status"_s, u"--ollama-url"_s, u"ftp://x"_s} << u"llm/url"_s;
}

void tst_Cli::usageErrorsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), qPrintable(result.err));

    QProcessEnvironment env = environment();
    env.insert(u"MAX_CONTEXT_MESSAGES"_s, u"lots"_s);
    const Run badEnv = run({u"personas"_s}, env);
    QCOMPARE(badEnv.exitCode, 2);
    QVERIFY(badEnv.err.contains(u"MAX_CONTEXT_MESSAGES"_s));
}

void tst_Cli::unknownPersonaAndSession()
{
    const Run persona = run(QStringList{u"chat"_s, u"zed"_s, u"Hi"_s} + common());
    QCOMPARE(persona.exitCode, 1);
    QCOMPARE(persona.err, u"persona-studio: Persona 'zed' not found.\n"_s);
    const Run session = run(QStringList{u"chat"_s, u"aria"_s, u"Hi"_s, u"--session"_s, u"missing"_s} + common());
    QCOMPARE(session.exitCode, 1);
    QVERIFY(session.err.contains(u"Session 'missing' not found"_s));
    QCOMPARE(m_fake->chatRequests().size(), 0);
}

void tst_Cli::newConversationAndHistory()
{
    QCOMPARE(run(QStringList{u"chat"_s, u"kira"_s, u"first topic"_s} + common()).exitCode, 0);
    QCOMPARE(run(QStringList{u"chat"_s, u"kira"_s, u"second topic"_s, u"--new"_s} + common()).exitCode, 0);
    const QJsonArray messages = messagesOf(turnRequests(*m_fake).last());
    QCOMPARE(messages.size(), 2);
    const Run history = run(QStringList{u"history"_s, u"Kira"_s} + common());
    QCOMPARE(history.exitCode, 0);
    QVERIFY(history.out.contains(u"You: second topic"_s));
    QVERIFY(!history.out.contains(u"first topic"_s));
    QVERIFY(history.out.contains(u"Kira: You said: second topic"_s));
}

void tst_Cli::killDuringStreamLosesNoEarlierMessage()
{
    QCOMPARE(run(QStringList{u"chat"_s, u"aria"_s, u"Remember the river"_s} + common()).exitCode, 0);

    FakeOllama::ChatScript slow;
    slow.chunks = {u"The "_s, u"river "_s, u"runs "_s, u"deep "_s, u"and "_s, u"long"_s};
    slow.chunkDelayMs = 500;
    m_fake->enqueueChatScript(slow);
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(PERSONA_STUDIO_BIN), QStringList{u"chat"_s, u"aria"_s, u"Sing of it"_s} + common());
    QByteArray streamed;
    QTRY_VERIFY_WITH_TIMEOUT((streamed += process.readAllStandardOutput()).contains("The"), 10000);
    process.kill(); // SIGKILL mid-reply: no shutdown code runs
    QVERIFY(process.waitForFinished(5000));
    QTRY_COMPARE(m_fake->cancelledStreams(), 1);

    const Run history = run(QStringList{u"history"_s, u"aria"_s} + common());
    QCOMPARE(history.exitCode, 0);
    QVERIFY(history.out.contains(u"You: Remember the river\n"_s));
    QVERIFY(history.out.contains(u"Aria: You said: Remember the river\n"_s));
    QVERIFY(history.out.contains(u"You: Sing of it\n"_s));
}

void tst_Cli::headlessStopsCleanlyOnSigterm()
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(PERSONA_STUDIO_BIN), QStringList{u"--headless"_s} + common());
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += process.readAllStandardError()).contains("running without a window"), 10000);
    process.terminate(); // SIGTERM
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

bool tst_Cli::startHeadless(QProcess &process, const QStringList &arguments)
{
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(PERSONA_STUDIO_BIN), QStringList{u"--headless"_s} + arguments);
    QByteArray log;
    return QTest::qWaitFor([&] { return (log += process.readAllStandardError()).contains("running without a window"); },
                           10000);
}

void tst_Cli::secondAppOnTheSameDatabaseExitsOne()
{
    const QStringList arguments = QStringList{u"--listen"_s, u"127.0.0.1:0"_s} + common();
    QProcess first;
    QVERIFY(startHeadless(first, arguments));

    const Run second = run(QStringList{u"--headless"_s} + arguments);
    QCOMPARE(second.exitCode, 1);
    QVERIFY2(second.err.contains(u"in use by another Persona Studio app"_s), qPrintable(second.err));
    QVERIFY2(second.err.contains(u"process %1"_s.arg(first.processId())), qPrintable(second.err));
    // Commands still run beside the app on the same database.
    const Run personas = run(QStringList{u"personas"_s} + common());
    QCOMPARE(personas.exitCode, 0);
    QVERIFY(personas.out.contains(u"aria"_s));

    first.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(first.state(), QProcess::NotRunning, 10000);
    QCOMPARE(first.exitCode(), 0);
    // Once it has stopped the next one starts; a killed one's lock is taken over too.
    QProcess third;
    QVERIFY(startHeadless(third, arguments));
    third.kill();
    QTRY_COMPARE_WITH_TIMEOUT(third.state(), QProcess::NotRunning, 10000);
    QProcess afterKill;
    QVERIFY(startHeadless(afterKill, arguments));
    afterKill.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(afterKill.state(), QProcess::NotRunning, 10000);
}

void tst_Cli::stdioBridgeRelaysOnlyToTheAppOnItsDatabase()
{
    // An app on another database listens where the bridge would relay to.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString listen = u"127.0.0.1:%1"_s.arg(probe.serverPort());
    probe.close();
    QProcess app;
    QVERIFY(startHeadless(app, QStringList{u"--listen"_s, listen, u"--db"_s, m_dir->filePath(u"other.sqlite"_s),
                                           u"--ollama-url"_s, m_fake->url().toString()}));

    auto bridge = [&](const QString &db) {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(PERSONA_STUDIO_BIN),
                      QStringList{u"--mcp-stdio"_s, u"--listen"_s, listen, u"--db"_s, db, u"--ollama-url"_s,
                                  m_fake->url().toString()});
        process.write(R"({"jsonrpc":"2.0","id":1,"method":"ping"})" "\n");
        QByteArray out;
        [[maybe_unused]] const bool answered =
            QTest::qWaitFor([&] { return (out += process.readAllStandardOutput()).contains("\"id\":1"); }, 15000);
        process.closeWriteChannel();
        [[maybe_unused]] const bool ended = QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 15000);
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
        return std::pair(QString::fromUtf8(out), QString::fromUtf8(process.readAllStandardError()));
    };
    // Another database: served in-process, not relayed.
    const auto [ownOut, ownErr] = bridge(m_dir->filePath(u"cli.sqlite"_s));
    QVERIFY2(ownOut.contains(u"\"result\""_s), qPrintable(ownOut + ownErr));
    QVERIFY2(ownErr.contains(u"in-process"_s), qPrintable(ownErr));
    QVERIFY2(!ownErr.contains(u"relaying"_s), qPrintable(ownErr));
    // The app's own database: relayed to it.
    const auto [sameOut, sameErr] = bridge(m_dir->filePath(u"other.sqlite"_s));
    QVERIFY2(sameOut.contains(u"\"result\""_s), qPrintable(sameOut + sameErr));
    QVERIFY2(sameErr.contains(u"relaying"_s), qPrintable(sameErr));

    app.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(app.state(), QProcess::NotRunning, 10000);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
