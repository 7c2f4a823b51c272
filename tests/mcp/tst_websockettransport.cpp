// SPDX-License-Identifier: MIT
// The WebSocket transport (spec/mcp.md "Transports, precisely") with real QWebSocket clients
// against an endpoint on 127.0.0.1 port 0, a real engine on its own thread and the fake Ollama.
#include <conversation/chattypes.h>
#include <engine/engineclient.h>
#include <mcp/mcpserver.h>
#include <mcp/transport/mcplistener.h>

#include "endpointfixture.h"
#include "enginefixture.h"
#include "wsclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Mcp;
using namespace StudioTest;

class tst_WebSocketTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void selectsMcpSubprotocolWhenOffered();
    void acceptsClientsOfferingNoSubprotocol();
    void initializeListAndCallTools();
    void chatStreamsProgressOverTextFrames();
    void binaryMessagesGetJsonRpcError();
    void oversizedMessageGetsErrorThenClose1009();
    void oversizedFragmentedMessageIsCutEarly();
    void farOversizedMessageIsClosedWith1009();
    void disconnectClosesTheSession();
    void sessionQueryParameterResumes();
    void loopbackOriginIsAccepted();
    void shutdownClosesWithGoingAway();

private:
    QUrl url(const QString &query = {}) const;

    std::unique_ptr<EngineFixture> m_engine;
    EndpointFixture m_mcp;
};

void tst_WebSocketTransport::init()
{
    m_engine = std::make_unique<EngineFixture>();
    const QString failure = m_engine->start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    ServerOptions options;
    options.maxMessageBytes = 64 * 1024;
    QVERIFY(m_mcp.start(m_engine->host->client(), options));
}

void tst_WebSocketTransport::cleanup()
{
    m_mcp.stop();
    m_engine.reset();
}

QUrl tst_WebSocketTransport::url(const QString &query) const
{
    QUrl url = m_mcp.endpoint->webSocketUrl();
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

void tst_WebSocketTransport::selectsMcpSubprotocolWhenOffered()
{
    QCOMPARE(m_mcp.endpoint->webSocketUrl().scheme(), u"ws"_s);
    WsClient client;
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({u"mcp"_s});
    client.socket.open(url(), options);
    QVERIFY(client.waitConnected());
    QCOMPARE(client.socket.subprotocol(), u"mcp"_s);

    WsClient several;
    QWebSocketHandshakeOptions offered;
    offered.setSubprotocols({u"graphql-ws"_s, u"mcp"_s});
    several.socket.open(url(), offered);
    QVERIFY(several.waitConnected());
    QCOMPARE(several.socket.subprotocol(), u"mcp"_s);
    QTRY_COMPARE(m_mcp.endpoint->webSocketCount(), 2);
}

void tst_WebSocketTransport::acceptsClientsOfferingNoSubprotocol()
{
    WsClient client;
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    QVERIFY(client.socket.subprotocol().isEmpty());
    const QJsonObject response = client.call(1, u"ping"_s);
    QCOMPARE(response.value("id"_L1).toInt(), 1);
    QVERIFY(response.contains("result"_L1));
}

void tst_WebSocketTransport::initializeListAndCallTools()
{
    WsClient client;
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({u"mcp"_s});
    client.socket.open(url(), options);
    QVERIFY(client.waitConnected());
    client.send(initializeJson());
    const QJsonObject initialized = client.waitFor(1);
    QCOMPARE(initialized.value("result"_L1).toObject().value("protocolVersion"_L1).toString(), u"2025-06-18"_s);
    QVERIFY(!initialized.contains("error"_L1));
    client.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"_ba);

    const QJsonObject tools = client.call(u"two"_s, u"tools/list"_s);
    QCOMPARE(tools.value("id"_L1).toString(), u"two"_s);
    QVERIFY(tools.value("result"_L1).toObject().value("tools"_L1).toArray().size() >= 10);
    const QJsonObject personas = client.call(3, u"tools/call"_s,
                                             QJsonObject{{u"name"_s, u"list_personas"_s},
                                                         {u"arguments"_s, QJsonObject()}});
    QVERIFY(!personas.value("result"_L1).toObject().value("isError"_L1).toBool());
    QVERIFY(QJsonDocument(personas).toJson().contains("Aria"));
}

void tst_WebSocketTransport::chatStreamsProgressOverTextFrames()
{
    WsClient client;
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    client.send(initializeJson());
    QVERIFY(!client.waitFor(1).isEmpty());
    const QJsonObject params{{u"name"_s, u"chat"_s},
                             {u"arguments"_s, QJsonObject{{u"message"_s, u"Hello!"_s}}},
                             {u"_meta"_s, QJsonObject{{u"progressToken"_s, 7}}}};
    const QJsonObject result = client.call(2, u"tools/call"_s, params);
    QCOMPARE(result.value("result"_L1).toObject().value("structuredContent"_L1).toObject().value("reply"_L1).toString(),
             u"Hello there!"_s);
    int progress = 0;
    for (const QJsonObject &message : std::as_const(client.received))
        progress += message.value("method"_L1).toString() == u"notifications/progress"_s ? 1 : 0;
    QCOMPARE(progress, 2);
}

void tst_WebSocketTransport::binaryMessagesGetJsonRpcError()
{
    WsClient client;
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    client.socket.sendBinaryMessage(rpcRequestJson(1, u"ping"_s));
    QTRY_COMPARE(client.received.size(), 1);
    const QJsonObject error = client.received.first().value("error"_L1).toObject();
    QCOMPARE(error.value("code"_L1).toInt(), -32600);
    QVERIFY(error.value("message"_L1).toString().contains(u"text frame"_s));
    // The connection stays usable.
    QCOMPARE(client.call(2, u"ping"_s).value("id"_L1).toInt(), 2);
}

void tst_WebSocketTransport::oversizedMessageGetsErrorThenClose1009()
{
    WsClient client;
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    // 70 KiB in one frame, over the 64 KiB limit.
    const QByteArray big = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":")"_ba
                           + QByteArray(70 * 1024, 'x') + R"("}})"_ba;
    client.send(big);
    QVERIFY(QTest::qWaitFor([&] { return client.disconnected; }, 10000));
    QCOMPARE(client.received.size(), 1);
    const QJsonObject error = client.received.first().value("error"_L1).toObject();
    QCOMPARE(error.value("code"_L1).toInt(), -32003);
    QVERIFY2(error.value("message"_L1).toString().contains(u"65536"_s), qPrintable(error.value("message"_L1).toString()));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QVERIFY(client.socket.closeReason().contains(u"65536"_s));
    QTRY_COMPARE(m_mcp.endpoint->webSocketCount(), 0);
}

void tst_WebSocketTransport::oversizedFragmentedMessageIsCutEarly()
{
    WsClient client;
    client.socket.setOutgoingFrameSize(8 * 1024);
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    client.send(QByteArray(100 * 1024, ' '));
    QVERIFY(QTest::qWaitFor([&] { return client.disconnected; }, 10000));
    QCOMPARE(client.received.size(), 1);
    QCOMPARE(client.received.first().value("error"_L1).toObject().value("code"_L1).toInt(), -32003);
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void tst_WebSocketTransport::farOversizedMessageIsClosedWith1009()
{
    WsClient client;
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    client.send(QByteArray(400 * 1024, ' '));
    QVERIFY(QTest::qWaitFor([&] { return client.disconnected; }, 10000));
    // Never a silent drop: at least the close code and a reason.
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QVERIFY2(!client.socket.closeReason().isEmpty(), qPrintable(client.socket.closeReason()));
    qInfo() << "closed by Qt's own limit:" << client.socket.closeReason();
}

void tst_WebSocketTransport::disconnectClosesTheSession()
{
    WsClient client;
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    client.send(initializeJson());
    QVERIFY(!client.waitFor(1).isEmpty());
    QCOMPARE(m_mcp.server->sessions().size(), 1);
    const QString id = m_mcp.server->sessions().constFirst()->sessionId();
    QVERIFY(!id.isEmpty());
    QCOMPARE(m_mcp.server->metrics().openConnectionsByTransport().value(u"websocket"_s), 1);

    client.socket.close();
    QTRY_VERIFY(m_mcp.server->sessions().isEmpty());
    QTRY_COMPARE(m_mcp.endpoint->webSocketCount(), 0);
    QCOMPARE(m_mcp.endpoint->connectionCount(), 0);
    QCOMPARE(m_mcp.server->metrics().openConnectionsByTransport().value(u"websocket"_s), 0);
    // The stored session is closed with the connection.
    QTRY_VERIFY_WITH_TIMEOUT(!await(m_engine->host->client()->session(id))->session.isOpen(), 5000);
}

void tst_WebSocketTransport::sessionQueryParameterResumes()
{
    const auto stored = await(m_engine->host->client()->openSession(
        Conversation::SessionOpen{u"mcp"_s, u"websocket"_s, u"earlier client"_s, u"1"_s}));
    QVERIFY(stored);
    QVERIFY(await(m_engine->host->client()->switchPersona(stored->id, u"kira"_s)));

    WsClient client;
    client.socket.open(url(u"session="_s + stored->id));
    QVERIFY(client.waitConnected());
    QTRY_COMPARE(m_mcp.server->sessions().size(), 1);
    QCOMPARE(m_mcp.server->sessions().constFirst()->transportInfo().resumeSessionId, stored->id);
    client.send(initializeJson());
    QVERIFY(!client.waitFor(1).isEmpty());
    QCOMPARE(m_mcp.server->sessions().constFirst()->sessionId(), stored->id);
    const QJsonObject session = client.call(2, u"tools/call"_s,
                                            QJsonObject{{u"name"_s, u"get_session"_s}, {u"arguments"_s, QJsonObject()}});
    QVERIFY2(QJsonDocument(session).toJson().contains("kira"), QJsonDocument(session).toJson().constData());
}

void tst_WebSocketTransport::loopbackOriginIsAccepted()
{
    WsClient client;
    QNetworkRequest request(url());
    request.setRawHeader("Origin", "http://localhost:5173");
    client.socket.open(request);
    QVERIFY(client.waitConnected());
    QCOMPARE(client.call(1, u"ping"_s).value("id"_L1).toInt(), 1);

    WsClient refused;
    QNetworkRequest evil(url());
    evil.setRawHeader("Origin", "https://evil.example");
    refused.socket.open(evil);
    QVERIFY(!refused.waitConnected());
    QCOMPARE(m_mcp.endpoint->webSocketCount(), 1);
}

void tst_WebSocketTransport::shutdownClosesWithGoingAway()
{
    WsClient client;
    client.socket.open(url());
    QVERIFY(client.waitConnected());
    client.send(initializeJson());
    QVERIFY(!client.waitFor(1).isEmpty());
    const QString id = m_mcp.server->sessions().constFirst()->sessionId();
    m_mcp.endpoint->close();
    QVERIFY(QTest::qWaitFor([&] { return client.disconnected; }, 10000));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    // Shutdown keeps the stored session open, to be resumed with ?session= after a restart.
    QVERIFY(await(m_engine->host->client()->session(id))->session.isOpen());
}

QTEST_GUILESS_MAIN(tst_WebSocketTransport)

#include "tst_websockettransport.moc"
