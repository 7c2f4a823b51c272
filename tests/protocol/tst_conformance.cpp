// SPDX-License-Identifier: MIT
// The official MCP conformance suite (@modelcontextprotocol/conformance) against Streamable HTTP:
// every scenario against persona-studio-conformance (the app plus the suite's fixtures), and
// every scenario that needs no fixture against the shipped app.
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QStringList kAllScenarios = {
    u"server-initialize"_s, u"logging-set-level"_s, u"ping"_s, u"completion-complete"_s, u"tools-list"_s,
    u"tools-call-simple-text"_s, u"tools-call-image"_s, u"tools-call-audio"_s, u"tools-call-embedded-resource"_s,
    u"tools-call-mixed-content"_s, u"tools-call-with-logging"_s, u"tools-call-error"_s, u"tools-call-with-progress"_s,
    u"tools-call-sampling"_s, u"tools-call-elicitation"_s, u"json-schema-2020-12"_s, u"elicitation-sep1034-defaults"_s,
    u"server-sse-polling"_s, u"server-sse-multiple-streams"_s, u"elicitation-sep1330-enums"_s, u"resources-list"_s,
    u"resources-read-text"_s, u"resources-read-binary"_s, u"resources-templates-read"_s, u"resources-subscribe"_s,
    u"resources-unsubscribe"_s, u"prompts-list"_s, u"prompts-get-simple"_s, u"prompts-get-with-args"_s,
    u"prompts-get-embedded-resource"_s, u"prompts-get-with-image"_s, u"dns-rebinding-protection"_s};

// The scenarios that need no fixture: the shipped app passes these with its own surface.
const QStringList kAppScenarios = {u"server-initialize"_s, u"ping"_s, u"logging-set-level"_s, u"tools-list"_s,
                                   u"resources-list"_s, u"prompts-list"_s, u"completion-complete"_s,
                                   u"dns-rebinding-protection"_s, u"server-sse-multiple-streams"_s};

} // namespace

class tst_Conformance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void scenario_data();
    void scenario();

private:
    bool start(const QString &binary, std::unique_ptr<QProcess> *process, QUrl *url);

    QString m_node;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_fixtures;
    std::unique_ptr<QProcess> m_app;
    QUrl m_fixturesUrl;
    QUrl m_appUrl;
};

bool tst_Conformance::start(const QString &binary, std::unique_ptr<QProcess> *process, QUrl *url)
{
    const QString name = QFileInfo(binary).fileName();
    *process = std::make_unique<QProcess>();
    (*process)->start(binary, {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s,
                               m_dir.filePath(name + u".sqlite"_s), u"--settings"_s, m_dir.filePath(name + u".ini"_s),
                               // No model is needed: the suite only lists the app's own tools.
                               u"--ollama-url"_s, u"http://127.0.0.1:9"_s});
    static const QRegularExpression endpoint(u"(http://127\\.0\\.0\\.1:\\d+/mcp)"_s);
    QByteArray log;
    QRegularExpressionMatch match;
    const bool up = QTest::qWaitFor([&] {
        log += (*process)->readAllStandardError();
        match = endpoint.match(QString::fromUtf8(log));
        return match.hasMatch() || (*process)->state() == QProcess::NotRunning;
    }, 15000);
    if (!up || !match.hasMatch()) {
        qWarning().noquote() << name << "did not start:" << QString::fromUtf8(log);
        return false;
    }
    *url = QUrl(match.captured(1));
    return true;
}

void tst_Conformance::initTestCase()
{
    // A Node 20 that .ci/install-deps fetched for an older system Node wins over the system's.
    m_node = QFile::exists(QStringLiteral(PROTOCOL_DIR "/.node/node_modules/.bin/node"))
                 ? QStringLiteral(PROTOCOL_DIR "/.node/node_modules/.bin/node")
                 : QStandardPaths::findExecutable(u"node"_s);
    QVERIFY2(!m_node.isEmpty(), "node is not installed; .ci/install-deps installs it");
    QVERIFY2(QFile::exists(QStringLiteral(PROTOCOL_DIR "/node_modules/@modelcontextprotocol/conformance/dist/index.js")),
             "the conformance suite is not installed; run .ci/install-deps");
    QVERIFY(start(QStringLiteral(CONFORMANCE_BIN), &m_fixtures, &m_fixturesUrl));
    QVERIFY(start(QStringLiteral(PERSONA_STUDIO_BIN), &m_app, &m_appUrl));
}

void tst_Conformance::cleanupTestCase()
{
    for (auto *process : {m_fixtures.get(), m_app.get()}) {
        if (!process)
            continue;
        process->terminate();
        if (!process->waitForFinished(5000))
            process->kill();
    }
}

void tst_Conformance::scenario_data()
{
    QTest::addColumn<bool>("fixtures");
    QTest::addColumn<QString>("name");
    for (const QString &name : kAllScenarios)
        QTest::newRow(qPrintable(u"fixtures: "_s + name)) << true << name;
    for (const QString &name : kAppScenarios)
        QTest::newRow(qPrintable(u"app: "_s + name)) << false << name;
}

void tst_Conformance::scenario()
{
    QFETCH(bool, fixtures);
    QFETCH(QString, name);
    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.setWorkingDirectory(QStringLiteral(PROTOCOL_DIR));
    node.start(m_node, {QStringLiteral(PROTOCOL_DIR "/node_modules/@modelcontextprotocol/conformance/dist/index.js"),
                        u"server"_s, u"--url"_s, (fixtures ? m_fixturesUrl : m_appUrl).toString(), u"--scenario"_s, name,
                        u"--expected-failures"_s, QStringLiteral(PROTOCOL_DIR "/strict-baseline.yaml")});
    QVERIFY(node.waitForStarted());
    if (!QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 90000)) {
        node.kill();
        node.waitForFinished();
        QFAIL("the conformance scenario did not finish within 90 s");
    }
    static const QRegularExpression ansi(u"\x1b\\[[0-9;]*m"_s);
    const QString output = QString::fromUtf8(node.readAll()).remove(ansi);
    if (node.exitCode() != 0)
        qWarning().noquote() << output;
    QCOMPARE(node.exitCode(), 0);
    QVERIFY2(output.contains(u" 0 failed"_s), qPrintable(output));
}

QTEST_GUILESS_MAIN(tst_Conformance)
#include "tst_conformance.moc"
