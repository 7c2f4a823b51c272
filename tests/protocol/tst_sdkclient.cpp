// SPDX-License-Identifier: MIT
// The official MCP TypeScript SDK as an outside client of the real app (persona-studio in a
// QProcess) over Streamable HTTP, WebSocket and stdio (in-process and relayed), against the
// in-test fake Ollama.
#include "fakeollama.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_SdkClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sdkClient_data();
    void sdkClient();

private:
    QStringList appArguments() const;
    bool startApp();
    int runNode(const QStringList &arguments, QString *output);

    QString m_node;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<QProcess> m_app;
    QUrl m_endpoint;
};

void tst_SdkClient::initTestCase()
{
    // A Node 20 that .ci/install-deps fetched for an older system Node wins over the system's.
    m_node = QFile::exists(QStringLiteral(PROTOCOL_DIR "/.node/node_modules/.bin/node"))
                 ? QStringLiteral(PROTOCOL_DIR "/.node/node_modules/.bin/node")
                 : QStandardPaths::findExecutable(u"node"_s);
    QVERIFY2(!m_node.isEmpty(), "node is not installed; .ci/install-deps installs it");
    QVERIFY2(QFile::exists(QStringLiteral(PROTOCOL_DIR "/node_modules/@modelcontextprotocol/sdk/package.json")),
             "the MCP SDK is not installed; run .ci/install-deps");
}

void tst_SdkClient::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    // Word by word with a short pause, so progress has several steps and a cancel lands mid-reply.
    FakeOllama::ChatScript words;
    words.chunkDelayMs = 20;
    words.replyFor = [](const QJsonObject &request) {
        const QString last = request.value("messages"_L1).toArray().last().toObject().value("content"_L1).toString();
        QStringList chunks;
        for (const QString &word : QString(u"You said: "_s + last).split(u' '))
            chunks.append(chunks.isEmpty() ? word : u" "_s + word);
        return chunks;
    };
    m_fake->setDefaultChatScript(words);
}

void tst_SdkClient::cleanup()
{
    if (m_app) {
        m_app->terminate();
        if (!m_app->waitForFinished(5000))
            m_app->kill();
        m_app.reset();
    }
    m_fake.reset();
    m_dir.reset();
}

QStringList tst_SdkClient::appArguments() const
{
    return {u"--db"_s, m_dir->filePath(u"sdk.sqlite"_s), u"--ollama-url"_s, m_fake->url().toString(),
            u"--settings"_s, m_dir->filePath(u"settings.ini"_s)};
}

bool tst_SdkClient::startApp()
{
    m_app = std::make_unique<QProcess>();
    m_app->setProcessChannelMode(QProcess::SeparateChannels);
    m_app->start(QStringLiteral(PERSONA_STUDIO_BIN),
                 QStringList{u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s} + appArguments());
    QByteArray log;
    static const QRegularExpression endpoint(u"(http://127\\.0\\.0\\.1:\\d+/mcp)"_s);
    QRegularExpressionMatch match;
    const bool up = QTest::qWaitFor([&] {
        log += m_app->readAllStandardError();
        match = endpoint.match(QString::fromUtf8(log));
        return match.hasMatch() || m_app->state() == QProcess::NotRunning;
    }, 15000);
    if (!up || !match.hasMatch()) {
        qWarning().noquote() << "the app did not report its endpoint:" << QString::fromUtf8(log);
        return false;
    }
    m_endpoint = QUrl(match.captured(1));
    return true;
}

int tst_SdkClient::runNode(const QStringList &arguments, QString *output)
{
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(PROTOCOL_DIR));
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(m_node, QStringList{QStringLiteral(PROTOCOL_DIR "/sdk-client.mjs")} + arguments);
    // The fake Ollama lives in this process: keep its event loop running while node works.
    if (!QTest::qWaitFor([&] { return node.state() == QProcess::NotRunning; }, 120000)) {
        node.kill();
        node.waitForFinished();
    }
    *output = QString::fromUtf8(node.readAll());
    return node.exitStatus() == QProcess::NormalExit ? node.exitCode() : -1;
}

void tst_SdkClient::sdkClient_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("streamable http") << u"http"_s;
    QTest::newRow("websocket") << u"ws"_s;
    QTest::newRow("stdio in-process") << u"stdio"_s;
    QTest::newRow("stdio relayed to the app") << u"stdio-relay"_s;
}

void tst_SdkClient::sdkClient()
{
    QFETCH(QString, transport);
    QStringList arguments;
    if (transport == u"stdio"_s) {
        const QStringList command = QStringList{QStringLiteral(PERSONA_STUDIO_BIN), u"--mcp-stdio"_s, u"--listen"_s,
                                                u"off"_s} + appArguments();
        arguments = {u"--transport"_s, u"stdio"_s, u"--command"_s,
                     QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(command)).toJson(QJsonDocument::Compact))};
    } else {
        QVERIFY(startApp());
        if (transport == u"stdio-relay"_s) {
            const QStringList command = QStringList{QStringLiteral(PERSONA_STUDIO_BIN), u"--mcp-stdio"_s, u"--listen"_s,
                                                    u"127.0.0.1:%1"_s.arg(m_endpoint.port())} + appArguments();
            arguments = {u"--transport"_s, u"stdio"_s, u"--command"_s,
                         QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(command)).toJson(QJsonDocument::Compact))};
        } else {
            QUrl url = m_endpoint;
            if (transport == u"ws"_s)
                url.setScheme(u"ws"_s);
            arguments = {u"--transport"_s, transport, u"--url"_s, url.toString()};
        }
    }
    QString output;
    const int exitCode = runNode(arguments, &output);
    qInfo().noquote() << output;
    QCOMPARE(exitCode, 0);
    QVERIFY(output.contains(u"PASS: 0 failures"_s));
    QVERIFY(output.count(u"\nok  "_s) >= 30);
}

QTEST_GUILESS_MAIN(tst_SdkClient)
#include "tst_sdkclient.moc"
