// SPDX-License-Identifier: MIT
// The old persona-mcp dialect over a raw WebSocket, as its existing scripts speak it: no
// initialize, dotted methods, string ids; against the endpoint on its own thread (McpHost).
#include <engine/engineclient.h>
#include <mcp/mcphost.h>

#include "enginefixture.h"
#include "wsclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace StudioTest;

class tst_LegacyWebSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void oldClientFlowWorksUnmodified();
    void everyMethodAnswers_data();
    void everyMethodAnswers();
    void sessionResumesAfterRestart();

private:
    void startEndpoint();
    QJsonObject call(QWebSocket &socket, const QString &id, const QString &method, const QJsonObject &params = {});
    bool connectSocket(QWebSocket &socket, const QString &query = {});

    std::unique_ptr<EngineFixture> m_engine;
    std::unique_ptr<Mcp::McpHost> m_mcp;
    QUrl m_url;
    QList<QJsonObject> m_received;
};

void tst_LegacyWebSocket::init()
{
    m_engine = std::make_unique<EngineFixture>();
    FakeOllama::ChatScript script;
    script.chunks = {u"Well "_s, u"met, "_s, u"traveller!"_s};
    m_engine->fake.setDefaultChatScript(script);
    const QString failure = m_engine->start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    startEndpoint();
}

void tst_LegacyWebSocket::startEndpoint()
{
    Mcp::ServerOptions options;
    options.port = 0;
    options.webSocketThreads = 2; // consecutive clients land on different threads
    m_mcp = std::make_unique<Mcp::McpHost>(m_engine->host->client(), options);
    auto listening = m_mcp->start();
    QVERIFY(QTest::qWaitFor([&] { return listening.isFinished(); }, 10000));
    QVERIFY2(listening.result(), qPrintable(listening.result() ? QString() : listening.result().error().message));
    m_url = *listening.result();
    m_url.setScheme(u"ws"_s);
}

void tst_LegacyWebSocket::cleanup()
{
    m_mcp.reset();
    m_engine.reset();
}

bool tst_LegacyWebSocket::connectSocket(QWebSocket &socket, const QString &query)
{
    m_received.clear();
    connect(&socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { m_received.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
    QUrl url = m_url;
    url.setQuery(query);
    socket.open(url); // the old clients offer no subprotocol
    return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
}

QJsonObject tst_LegacyWebSocket::call(QWebSocket &socket, const QString &id, const QString &method,
                                      const QJsonObject &params)
{
    socket.sendTextMessage(QString::fromUtf8(rpcRequestJson(id, method, params)));
    QJsonObject found;
    [[maybe_unused]] const bool arrived = QTest::qWaitFor([&] {
        for (const QJsonObject &reply : std::as_const(m_received)) {
            const QString event = reply.value("result"_L1).toObject().value("event_type"_L1).toString();
            const bool partial = event == u"stream_start"_s || event == u"stream_chunk"_s;
            if (reply.value("id"_L1).toString() == id && !partial) {
                found = reply;
                return true;
            }
        }
        return false;
    }, 10000);
    return found;
}

void tst_LegacyWebSocket::oldClientFlowWorksUnmodified()
{
    QWebSocket socket;
    QVERIFY(connectSocket(socket));
    const QJsonObject list = call(socket, u"1"_s, u"persona.list"_s);
    QCOMPARE(list.value("id"_L1), QJsonValue(u"1"_s)); // string ids stay strings
    QVERIFY(!list.contains("error"_L1));             // no "error": null beside a result
    QCOMPARE(list.value("result"_L1).toObject().value("total_count"_L1).toInt(), 2);

    const QJsonObject switched = call(socket, u"2"_s, u"persona.switch"_s, {{u"persona_id"_s, u"aria"_s}});
    QCOMPARE(switched.value("result"_L1).toObject().value("persona_id"_L1).toString(), u"aria"_s);

    const QJsonObject chat = call(socket, u"3"_s, u"persona.chat"_s, {{u"message"_s, u"Hello!"_s}});
    QCOMPARE(chat.value("result"_L1).toObject().value("response"_L1).toString(), u"Well met, traveller!"_s);
    QCOMPARE(chat.value("result"_L1).toObject().value("persona_id"_L1).toString(), u"aria"_s);

    m_received.clear();
    const QJsonObject complete = call(socket, u"4"_s, u"persona.chat_stream"_s, {{u"message"_s, u"And again?"_s}});
    QStringList events;
    for (const QJsonObject &reply : std::as_const(m_received))
        events.append(reply.value("result"_L1).toObject().value("event_type"_L1).toString());
    QCOMPARE(events, QStringList({u"stream_start"_s, u"stream_chunk"_s, u"stream_chunk"_s, u"stream_chunk"_s,
                                  u"stream_complete"_s}));
    QCOMPARE(complete.value("result"_L1).toObject().value("data"_L1).toObject().value("response"_L1).toString(),
             u"Well met, traveller!"_s);
    // The second request carried the first exchange: same session, same conversation.
    const QJsonArray messages = m_engine->fake.chatRequests().last().value("messages"_L1).toArray();
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), u"Hello!"_s);
}

void tst_LegacyWebSocket::everyMethodAnswers_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("field"); // a result field the old clients read; empty: expect -32601
    QTest::newRow("persona.status") << u"persona.status"_s << QJsonObject{{u"persona_id"_s, u"kira"_s}} << u"is_available"_s;
    QTest::newRow("persona.create") << u"persona.create"_s << QJsonObject{{u"name"_s, u"Vex"_s}, {u"description"_s, u"A rogue"_s}} << u"id"_s;
    QTest::newRow("conversation.start") << u"conversation.start"_s << QJsonObject{{u"persona_id"_s, u"kira"_s}} << u"conversation_id"_s;
    QTest::newRow("conversation.status") << u"conversation.status"_s << QJsonObject() << u"current_persona"_s;
    QTest::newRow("conversation.end") << u"conversation.end"_s << QJsonObject() << u"ended"_s;
    QTest::newRow("system.status") << u"system.status"_s << QJsonObject() << u"ollama_status"_s;
    QTest::newRow("system.models") << u"system.models"_s << QJsonObject() << u"models"_s;
    QTest::newRow("memory.search") << u"memory.search"_s << QJsonObject{{u"query"_s, u"tea"_s}} << u"memories"_s;
    QTest::newRow("relationship.list") << u"relationship.list"_s << QJsonObject() << QString();
}

void tst_LegacyWebSocket::everyMethodAnswers()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QString, field);
    QWebSocket socket;
    QVERIFY(connectSocket(socket));
    const QJsonObject reply = call(socket, u"7"_s, method, params);
    if (field.isEmpty()) {
        QCOMPARE(reply.value("error"_L1).toObject().value("code"_L1).toInt(), -32601);
        QVERIFY(reply.value("error"_L1).toObject().value("message"_L1).toString().contains(u"not available yet"_s));
        return;
    }
    QVERIFY2(reply.value("result"_L1).toObject().contains(field), QJsonDocument(reply).toJson().constData());
}

void tst_LegacyWebSocket::sessionResumesAfterRestart()
{
    QString sessionId;
    {
        QWebSocket socket;
        QVERIFY(connectSocket(socket));
        QVERIFY(call(socket, u"1"_s, u"persona.switch"_s, {{u"persona_id"_s, u"kira"_s}}).contains("result"_L1));
        QVERIFY(call(socket, u"2"_s, u"persona.chat"_s, {{u"message"_s, u"Remember me"_s}}).contains("result"_L1));
        const QJsonObject sessions = m_received.constFirst(); // any answer; the session id comes from the engine
        Q_UNUSED(sessions)
        auto open = m_engine->host->client()->sessions(true);
        QVERIFY(QTest::qWaitFor([&] { return open.isFinished(); }, 5000));
        QCOMPARE(open.result()->size(), 1);
        sessionId = open.result()->constFirst().id;
        socket.close();
    }
    // Restart everything on the same database; the client comes back with ?session=.
    m_mcp.reset();
    m_engine->host.reset();
    const QString failure = m_engine->startEngine();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    startEndpoint();
    QWebSocket socket;
    QVERIFY(connectSocket(socket, u"session="_s + sessionId));
    const QJsonObject status = call(socket, u"3"_s, u"persona.status"_s);
    QCOMPARE(status.value("result"_L1).toObject().value("persona_id"_L1).toString(), u"kira"_s);
    QVERIFY(call(socket, u"4"_s, u"persona.chat"_s, {{u"message"_s, u"Do you?"_s}}).contains("result"_L1));
    const QJsonArray messages = m_engine->fake.chatRequests().last().value("messages"_L1).toArray();
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), u"Remember me"_s);
}

QTEST_GUILESS_MAIN(tst_LegacyWebSocket)
#include "tst_legacywebsocket.moc"
