// SPDX-License-Identifier: MIT
// Streamable HTTP (spec/mcp.md "Transports, precisely") against a real endpoint on 127.0.0.1
// port 0, a real engine on its own thread and the in-test fake Ollama. Raw sockets as clients,
// so every byte of the exchange (status, headers, chunked SSE) is checked as sent.
#include <mcp/mcpserver.h>
#include <mcp/transport/mcplistener.h>
#include <mcp/transport/streamablehttp.h>

#include "endpointfixture.h"
#include "enginefixture.h"
#include "rawhttpclient.h"
#include "wsclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Mcp;
using namespace StudioTest;

namespace {

/** An initialize in the newest protocol version, which the first test expects answered. */
const QByteArray kInitialize = initializeJson(1, u"tst"_s, u"2025-11-25"_s);

using Headers = QList<std::pair<QByteArray, QByteArray>>;

const Headers kMcpHeaders = {{"Accept", "application/json, text/event-stream"}, {"Content-Type", "application/json"}};

} // namespace

class tst_StreamableHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void initializeGivesSessionId();
    void toolsListWithSessionId();
    void notificationsAndResponsesGet202();
    void requestWithoutSessionIdIs400();
    void unknownSessionIdIs404();
    void acceptMustListJsonAndEventStream();
    void contentTypeMustBeJson();
    void bodyOverLimitIs413BeforeItArrives();
    void protocolVersionHeader();
    void malformedJsonGetsJsonRpcError();
    void duplicateRequestIdIs409();
    void progressTokenAnswersWithSse();
    void getStreamReceivesUnrelatedNotifications();
    void backlogIsDeliveredWhenStreamOpens();
    void secondGetStreamIs409();
    void getWithoutEventStreamIs406();
    void deleteEndsSession();
    void otherMethodsAre405();
    void keepAliveServesRequestsInSequence();
    void cancelledRequestEndsItsExchange();
    void idleSessionExpires();
    void storedSessionResumesAfterRestart();

private:
    bool startServer(ServerOptions options = {});
    void stopServer();
    QByteArray raw(const QByteArray &method, const QByteArray &path, const Headers &headers,
                   const QByteArray &body = {}) const;
    HttpReply exchange(const QByteArray &bytes);
    int exchangeHeadStatus(const QByteArray &bytes);
    HttpReply post(const QByteArray &json, const QByteArray &sessionId = {}, const Headers &extra = {});
    QByteArray initializeSession();

    std::unique_ptr<EngineFixture> m_engine;
    EndpointFixture m_mcp;
};

void tst_StreamableHttp::init()
{
    m_engine = std::make_unique<EngineFixture>();
    const QString failure = m_engine->start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(startServer());
}

void tst_StreamableHttp::cleanup()
{
    stopServer();
    m_engine.reset();
}

bool tst_StreamableHttp::startServer(ServerOptions options)
{
    if (options.maxMessageBytes == 4 * 1024 * 1024)
        options.maxMessageBytes = 64 * 1024;
    return m_mcp.start(m_engine->host->client(), options);
}

void tst_StreamableHttp::stopServer()
{
    m_mcp.stop();
}

QByteArray tst_StreamableHttp::raw(const QByteArray &method, const QByteArray &path, const Headers &headers,
                                   const QByteArray &body) const
{
    QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_mcp.endpoint->port())
                       + "\r\n";
    for (const auto &[name, value] : headers)
        bytes += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

HttpReply tst_StreamableHttp::exchange(const QByteArray &bytes)
{
    RawClient client(m_mcp.endpoint->port());
    client.send(bytes);
    if (!client.waitForComplete())
        qWarning() << "no complete reply to" << bytes.left(200);
    return client.replies.value(0);
}

int tst_StreamableHttp::exchangeHeadStatus(const QByteArray &bytes)
{
    RawClient client(m_mcp.endpoint->port());
    client.send(bytes);
    return client.waitForHead() ? client.replies.first().status : 0;
}

HttpReply tst_StreamableHttp::post(const QByteArray &json, const QByteArray &sessionId, const Headers &extra)
{
    Headers headers = kMcpHeaders;
    if (!sessionId.isEmpty())
        headers.append(std::pair("Mcp-Session-Id"_ba, sessionId));
    headers += extra;
    return exchange(raw("POST", "/mcp", headers, json));
}

QByteArray tst_StreamableHttp::initializeSession()
{
    const HttpReply reply = post(kInitialize);
    if (reply.status != 200)
        return {};
    const QByteArray id = reply.header("mcp-session-id");
    post(rpcNotificationJson(u"notifications/initialized"_s), id);
    return id;
}

void tst_StreamableHttp::initializeGivesSessionId()
{
    const HttpReply reply = post(kInitialize);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), "application/json"_ba);
    const QByteArray id = reply.header("mcp-session-id");
    QVERIFY(!id.isEmpty());
    // Visible ASCII (spec), here 128 random bits in base64url: the id is a secret of its creator.
    QVERIFY(QRegularExpression(u"^[A-Za-z0-9_-]{22}$"_s).match(QString::fromLatin1(id)).hasMatch());
    const QJsonObject json = reply.json();
    QCOMPARE(json.value("id"_L1).toInt(), 1);
    QCOMPARE(json.value("result"_L1).toObject().value("protocolVersion"_L1).toString(), u"2025-11-25"_s);
    QVERIFY(!json.contains("error"_L1));
    QCOMPARE(m_mcp.endpoint->streamableHttp()->sessionIds(), QStringList{QString::fromLatin1(id)});
    QCOMPARE(m_mcp.server->sessions().size(), 1);
    QCOMPARE(m_mcp.server->sessions().constFirst()->sessionId(), QString::fromLatin1(id));
}

void tst_StreamableHttp::toolsListWithSessionId()
{
    const QByteArray id = initializeSession();
    QVERIFY(!id.isEmpty());
    const HttpReply reply = post(rpcRequestJson(2, u"tools/list"_s), id);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("mcp-session-id"), id);
    const QJsonArray tools = reply.json().value("result"_L1).toObject().value("tools"_L1).toArray();
    QStringList names;
    for (const QJsonValue &tool : tools)
        names.append(tool.toObject().value("name"_L1).toString());
    QVERIFY2(names.contains(u"chat"_s), qPrintable(names.join(u", "_s)));
    QVERIFY(names.contains(u"list_personas"_s));

    // Integer and string ids are echoed exactly.
    const HttpReply ping = post(rpcRequestJson(u"a-string-id"_s, u"ping"_s), id);
    QCOMPARE(ping.status, 200);
    QCOMPARE(ping.json().value("id"_L1).toString(), u"a-string-id"_s);
}

void tst_StreamableHttp::notificationsAndResponsesGet202()
{
    const QByteArray id = initializeSession();
    const HttpReply notification = post(rpcNotificationJson(u"notifications/initialized"_s), id);
    QCOMPARE(notification.status, 202);
    QVERIFY(notification.body.isEmpty());
    const QByteArray response = QJsonDocument(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, 99},
                                                          {u"result"_s, QJsonObject()}})
                                    .toJson(QJsonDocument::Compact);
    const HttpReply answered = post(response, id);
    QCOMPARE(answered.status, 202);
    QVERIFY(answered.body.isEmpty());
}

void tst_StreamableHttp::requestWithoutSessionIdIs400()
{
    const HttpReply reply = post(rpcRequestJson(2, u"tools/list"_s));
    QCOMPARE(reply.status, 400);
    const QJsonObject json = reply.json();
    QCOMPARE(json.value("jsonrpc"_L1).toString(), u"2.0"_s);
    QVERIFY(json.value("id"_L1).isNull());
    QVERIFY(json.value("error"_L1).toObject().value("message"_L1).toString().contains(u"Mcp-Session-Id"_s));
    QCOMPARE(post(rpcNotificationJson(u"notifications/initialized"_s)).status, 400);
}

void tst_StreamableHttp::unknownSessionIdIs404()
{
    QCOMPARE(post(rpcRequestJson(2, u"tools/list"_s), "not-a-session").status, 404);
    // Well-formed but unknown to the engine too: asked, then refused.
    const HttpReply reply = post(rpcRequestJson(2, u"tools/list"_s), "6f1c2d3e-0000-4000-8000-000000000000");
    QCOMPARE(reply.status, 404);
    QVERIFY(reply.json().value("error"_L1).toObject().value("message"_L1).toString().contains(u"initialize"_s));
    QCOMPARE(post(rpcRequestJson(2, u"tools/list"_s), "bad\x01id").status, 404);
}

void tst_StreamableHttp::acceptMustListJsonAndEventStream()
{
    const QByteArray body = kInitialize;
    const HttpReply jsonOnly = exchange(
        raw("POST", "/mcp", {{"Accept", "application/json"}, {"Content-Type", "application/json"}}, body));
    QCOMPARE(jsonOnly.status, 406);
    QVERIFY(jsonOnly.json().value("error"_L1).toObject().value("message"_L1).toString().contains(u"text/event-stream"_s));
    const HttpReply sseOnly = exchange(
        raw("POST", "/mcp", {{"Accept", "text/event-stream"}, {"Content-Type", "application/json"}}, body));
    QCOMPARE(sseOnly.status, 406);
    QCOMPARE(exchange(raw("POST", "/mcp", {{"Content-Type", "application/json"}}, body)).status, 406);
    // Parameters and spacing do not matter.
    const HttpReply ok = exchange(raw(
        "POST", "/mcp", {{"Accept", "text/event-stream;q=0.9 ,APPLICATION/JSON"}, {"Content-Type", "application/json"}},
        body));
    QCOMPARE(ok.status, 200);
}

void tst_StreamableHttp::contentTypeMustBeJson()
{
    const QByteArray body = kInitialize;
    const HttpReply text = exchange(
        raw("POST", "/mcp", {{"Accept", "application/json, text/event-stream"}, {"Content-Type", "text/plain"}}, body));
    QCOMPARE(text.status, 415);
    QCOMPARE(exchange(raw("POST", "/mcp", {{"Accept", "application/json, text/event-stream"}}, body)).status, 415);
    const HttpReply charset = exchange(raw(
        "POST", "/mcp",
        {{"Accept", "application/json, text/event-stream"}, {"Content-Type", "application/json; charset=utf-8"}}, body));
    QCOMPARE(charset.status, 200);
}

void tst_StreamableHttp::bodyOverLimitIs413BeforeItArrives()
{
    // Only the head is sent: the answer must not wait for the 1 MB it announces.
    RawClient client(m_mcp.endpoint->port());
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: application/json, text/event-stream\r\n"
                "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"jsonrpc\""_ba);
    QVERIFY(client.waitForComplete());
    QCOMPARE(client.replies.first().status, 413);
    QCOMPARE(client.replies.first().header("connection"), "close"_ba);
    QCOMPARE(client.replies.first().json().value("error"_L1).toObject().value("code"_L1).toInt(), -32003);
    QVERIFY(client.waitForClosed());

    // A body that is really sent and over the limit gets the same answer.
    const HttpReply sent = post(QByteArray(70 * 1024, ' '));
    QCOMPARE(sent.status, 413);
}

void tst_StreamableHttp::protocolVersionHeader()
{
    const QByteArray id = initializeSession();
    const HttpReply unsupported = post(rpcRequestJson(2, u"ping"_s), id, {{"MCP-Protocol-Version", "1999-01-01"}});
    QCOMPARE(unsupported.status, 400);
    QVERIFY(unsupported.json().value("error"_L1).toObject().value("message"_L1).toString().contains(u"2025-11-25"_s));
    QCOMPARE(post(rpcRequestJson(3, u"ping"_s), id, {{"MCP-Protocol-Version", "2025-06-18"}}).status, 200);
    QCOMPARE(post(rpcRequestJson(4, u"ping"_s), id).status, 200); // absent: 2025-03-26
}

void tst_StreamableHttp::malformedJsonGetsJsonRpcError()
{
    const QByteArray id = initializeSession();
    const HttpReply reply = post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\":"_ba, id);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toObject().value("code"_L1).toInt(), -32700);
    const HttpReply wrongVersion = post(R"({"jsonrpc":"1.0","id":7,"method":"ping"})"_ba, id);
    QCOMPARE(wrongVersion.status, 400);
    QCOMPARE(wrongVersion.json().value("id"_L1).toInt(), 7);
    QCOMPARE(wrongVersion.json().value("error"_L1).toObject().value("code"_L1).toInt(), -32600);
    // Without a session there is nobody to hand it to: answered by the transport.
    const HttpReply noSession = post("[1,2"_ba);
    QCOMPARE(noSession.status, 400);
    QCOMPARE(noSession.json().value("error"_L1).toObject().value("code"_L1).toInt(), -32700);
}

void tst_StreamableHttp::duplicateRequestIdIs409()
{
    const QByteArray id = initializeSession();
    FakeOllama::ChatScript slow;
    slow.chunkDelayMs = 300;
    m_engine->fake.enqueueChatScript(slow);
    RawClient first(m_mcp.endpoint->port());
    Headers headers = kMcpHeaders;
    headers.append(std::pair("Mcp-Session-Id"_ba, id));
    first.send(raw("POST", "/mcp", headers,
                   rpcRequestJson(5, u"tools/call"_s,
                                  QJsonObject{{u"name"_s, u"chat"_s},
                                              {u"arguments"_s, QJsonObject{{u"message"_s, u"Hi"_s}}}})));
    QVERIFY(QTest::qWaitFor([&] { return m_engine->fake.activeStreams() > 0; }, 10000));
    const HttpReply duplicate = post(rpcRequestJson(5, u"ping"_s), id);
    QCOMPARE(duplicate.status, 409);
    QCOMPARE(duplicate.json().value("id"_L1).toInt(), 5);
    QVERIFY(first.waitForComplete());
    QCOMPARE(first.replies.first().status, 200);
}

void tst_StreamableHttp::progressTokenAnswersWithSse()
{
    const QByteArray id = initializeSession();
    FakeOllama::ChatScript script;
    script.chunks = {u"Hello"_s, u" there"_s, u", traveller!"_s};
    script.chunkDelayMs = 20;
    m_engine->fake.enqueueChatScript(script);

    RawClient client(m_mcp.endpoint->port());
    Headers headers = kMcpHeaders;
    headers.append(std::pair("Mcp-Session-Id"_ba, id));
    const QJsonObject params{{u"name"_s, u"chat"_s},
                             {u"arguments"_s, QJsonObject{{u"message"_s, u"Hello!"_s}, {u"persona"_s, u"aria"_s}}},
                             {u"_meta"_s, QJsonObject{{u"progressToken"_s, u"p1"_s}}}};
    client.send(raw("POST", "/mcp", headers, rpcRequestJson(10, u"tools/call"_s, params)));
    // The head comes before the model has finished.
    QVERIFY(client.waitForHead());
    QCOMPARE(client.replies.first().status, 200);
    QCOMPARE(client.replies.first().header("content-type"), "text/event-stream"_ba);
    QCOMPARE(client.replies.first().header("cache-control"), "no-cache"_ba);
    QVERIFY(client.replies.first().chunked);
    QVERIFY(!client.replies.first().headers.contains("content-length"));
    QVERIFY(client.waitForComplete(1, 15000));

    const HttpReply reply = client.replies.first();
    QVERIFY(reply.body.contains("event: message\ndata: {"));
    const QList<QJsonObject> events = reply.events();
    QVERIFY(events.size() >= 4);
    QStringList texts;
    for (qsizetype i = 0; i + 1 < events.size(); ++i) {
        const QJsonObject event = events.at(i);
        QVERIFY(event.contains("method"_L1));
        if (event.value("method"_L1).toString() == u"notifications/progress"_s) {
            QCOMPARE(event.value("params"_L1).toObject().value("progressToken"_L1).toString(), u"p1"_s);
            texts.append(event.value("params"_L1).toObject().value("message"_L1).toString());
        }
    }
    QCOMPARE(texts.join(QString()), u"Hello there, traveller!"_s);
    const QJsonObject last = events.constLast();
    QCOMPARE(last.value("id"_L1).toInt(), 10);
    QCOMPARE(last.value("result"_L1).toObject().value("structuredContent"_L1).toObject().value("reply"_L1).toString(),
             u"Hello there, traveller!"_s);

    // The stream ended with its last chunk: the connection serves the next request.
    QVERIFY(!client.closed);
    client.send(raw("POST", "/mcp", headers, rpcRequestJson(11, u"ping"_s)));
    QVERIFY(client.waitForComplete(2));
    QCOMPARE(client.replies.at(1).status, 200);
    QCOMPARE(client.replies.at(1).json().value("id"_L1).toInt(), 11);
}

void tst_StreamableHttp::getStreamReceivesUnrelatedNotifications()
{
    const QByteArray id = initializeSession();
    RawClient stream(m_mcp.endpoint->port());
    stream.send(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", id}}));
    QVERIFY(stream.waitForHead());
    QCOMPARE(stream.replies.first().status, 200);
    QCOMPARE(stream.replies.first().header("content-type"), "text/event-stream"_ba);
    QCOMPARE(stream.replies.first().header("mcp-session-id"), id);

    // Creating a persona changes the tool and resource lists: every session hears of it.
    const HttpReply created = post(rpcRequestJson(3, u"tools/call"_s,
                                                  QJsonObject{{u"name"_s, u"create_persona"_s},
                                                              {u"arguments"_s, QJsonObject{{u"name"_s, u"Nova"_s}}}}),
                                   id);
    QCOMPARE(created.status, 200);
    QVERIFY(QTest::qWaitFor([&] { return stream.replies.first().events().size() >= 2; }, 10000));
    QStringList methods;
    for (const QJsonObject &event : stream.replies.first().events())
        methods.append(event.value("method"_L1).toString());
    QVERIFY2(methods.contains(u"notifications/tools/list_changed"_s), qPrintable(methods.join(u", "_s)));
    QVERIFY(methods.contains(u"notifications/resources/list_changed"_s));
    QVERIFY(!stream.replies.first().complete);
}

void tst_StreamableHttp::backlogIsDeliveredWhenStreamOpens()
{
    const QByteArray id = initializeSession();
    QCOMPARE(post(rpcRequestJson(3, u"tools/call"_s,
                                 QJsonObject{{u"name"_s, u"create_persona"_s},
                                             {u"arguments"_s, QJsonObject{{u"name"_s, u"Vega"_s}}}}),
                  id)
                 .status,
             200);
    RawClient stream(m_mcp.endpoint->port());
    stream.send(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", id}}));
    QVERIFY(QTest::qWaitFor([&] { return !stream.replies.isEmpty() && stream.replies.first().events().size() >= 2; },
                            10000));
    QCOMPARE(stream.replies.first().events().constFirst().value("method"_L1).toString().startsWith(u"notifications/"_s),
             true);
}

void tst_StreamableHttp::secondGetStreamIs409()
{
    const QByteArray id = initializeSession();
    RawClient first(m_mcp.endpoint->port());
    first.send(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", id}}));
    QVERIFY(first.waitForHead());
    const HttpReply second = exchange(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", id}}));
    QCOMPARE(second.status, 409);
    // Once the first stream's client is gone, a new stream may open.
    first.m_socket.abort();
    QTRY_VERIFY_WITH_TIMEOUT(
        exchangeHeadStatus(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", id}})) == 200, 10000);
}

void tst_StreamableHttp::getWithoutEventStreamIs406()
{
    const QByteArray id = initializeSession();
    const HttpReply reply = exchange(raw("GET", "/mcp", {{"Accept", "application/json"}, {"Mcp-Session-Id", id}}));
    QCOMPARE(reply.status, 406);
    QCOMPARE(exchange(raw("GET", "/mcp", {{"Accept", "text/event-stream"}})).status, 400);
    QCOMPARE(exchange(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", "nope"}})).status, 404);
}

void tst_StreamableHttp::deleteEndsSession()
{
    const QByteArray id = initializeSession();
    RawClient stream(m_mcp.endpoint->port());
    stream.send(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", id}}));
    QVERIFY(stream.waitForHead());

    const HttpReply deleted = exchange(raw("DELETE", "/mcp", {{"Mcp-Session-Id", id}}));
    QCOMPARE(deleted.status, 200);
    // The session's stream ends with it.
    QVERIFY(stream.waitForComplete());
    QCOMPARE(post(rpcRequestJson(2, u"ping"_s), id).status, 404);
    QCOMPARE(exchange(raw("GET", "/mcp", {{"Accept", "text/event-stream"}, {"Mcp-Session-Id", id}})).status, 404);
    QCOMPARE(exchange(raw("DELETE", "/mcp", {{"Mcp-Session-Id", id}})).status, 404);
    QCOMPARE(exchange(raw("DELETE", "/mcp", {})).status, 400);
    QCOMPARE(m_mcp.endpoint->streamableHttp()->sessionCount(), 0);
    // The stored session is closed too.
    QTRY_VERIFY_WITH_TIMEOUT(m_mcp.server->sessions().isEmpty(), 5000);
}

void tst_StreamableHttp::otherMethodsAre405()
{
    const HttpReply put = exchange(raw("PUT", "/mcp", kMcpHeaders, kInitialize));
    QCOMPARE(put.status, 405);
    QCOMPARE(put.header("allow"), "GET, POST, DELETE"_ba);
    QCOMPARE(put.json().value("error"_L1).toObject().value("code"_L1).toInt(), -32600);
    QCOMPARE(exchange(raw("PATCH", "/mcp", {})).status, 405);
}

void tst_StreamableHttp::keepAliveServesRequestsInSequence()
{
    const QByteArray id = initializeSession();
    RawClient client(m_mcp.endpoint->port());
    Headers headers = kMcpHeaders;
    headers.append(std::pair("Mcp-Session-Id"_ba, id));
    // Three requests pipelined in one write: answered in order on the same connection.
    client.send(raw("POST", "/mcp", headers, rpcRequestJson(21, u"ping"_s))
                + raw("POST", "/mcp", headers, rpcRequestJson(22, u"tools/list"_s))
                + raw("POST", "/mcp", headers, rpcRequestJson(23, u"ping"_s)));
    QVERIFY(client.waitForComplete(3));
    QCOMPARE(client.replies.at(0).json().value("id"_L1).toInt(), 21);
    QCOMPARE(client.replies.at(1).json().value("id"_L1).toInt(), 22);
    QCOMPARE(client.replies.at(2).json().value("id"_L1).toInt(), 23);
    QCOMPARE(client.replies.at(0).header("connection"), "keep-alive"_ba);
    QVERIFY(client.replies.at(0).header("keep-alive").startsWith("timeout="));
    QVERIFY(!client.closed);

    // Connection: close is honoured.
    headers.append(std::pair("Connection"_ba, "close"_ba));
    client.send(raw("POST", "/mcp", headers, rpcRequestJson(24, u"ping"_s)));
    QVERIFY(client.waitForComplete(4));
    QCOMPARE(client.replies.at(3).header("connection"), "close"_ba);
    QVERIFY(client.waitForClosed());
}

void tst_StreamableHttp::cancelledRequestEndsItsExchange()
{
    const QByteArray id = initializeSession();
    FakeOllama::ChatScript slow;
    slow.chunks = {u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s};
    slow.chunkDelayMs = 400;
    m_engine->fake.enqueueChatScript(slow);
    RawClient client(m_mcp.endpoint->port());
    Headers headers = kMcpHeaders;
    headers.append(std::pair("Mcp-Session-Id"_ba, id));
    client.send(raw("POST", "/mcp", headers,
                    rpcRequestJson(30, u"tools/call"_s,
                                   QJsonObject{{u"name"_s, u"chat"_s},
                                               {u"arguments"_s, QJsonObject{{u"message"_s, u"Tell me a story"_s}}},
                                               {u"_meta"_s, QJsonObject{{u"progressToken"_s, 30}}}})));
    QVERIFY(QTest::qWaitFor([&] { return !client.replies.isEmpty() && !client.replies.first().events().isEmpty(); },
                            10000));
    const HttpReply cancel = post(rpcNotificationJson(u"notifications/cancelled"_s,
                                                      QJsonObject{{u"requestId"_s, 30}, {u"reason"_s, u"enough"_s}}),
                                  id);
    QCOMPARE(cancel.status, 202);
    // No response for a cancelled request: its stream just ends.
    QVERIFY(client.waitForComplete());
    for (const QJsonObject &event : client.replies.first().events())
        QVERIFY(event.contains("method"_L1));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->fake.cancelledStreams(), 1, 5000);
}

void tst_StreamableHttp::idleSessionExpires()
{
    stopServer();
    ServerOptions options;
    options.httpSessionIdleMs = 300;
    QVERIFY(startServer(options));
    const QByteArray id = initializeSession();
    QCOMPARE(m_mcp.endpoint->streamableHttp()->sessionCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_mcp.endpoint->streamableHttp()->sessionCount(), 0, 5000);
    QVERIFY(m_mcp.server->sessions().isEmpty());
    // Expired: its id opens nothing any more, and the stored session is closed.
    const HttpReply reply = post(rpcRequestJson(2, u"tools/list"_s), id, {{"MCP-Protocol-Version", "2025-11-25"}});
    QCOMPARE(reply.status, 404);
    QVERIFY2(reply.body.contains("expired"), reply.body.constData());
    QCOMPARE(m_mcp.endpoint->streamableHttp()->sessionCount(), 0);
    auto stored = m_engine->host->client()->session(QString::fromLatin1(id));
    QTRY_VERIFY(stored.isFinished());
    QVERIFY(stored.result());
    QVERIFY(!stored.result()->session.isOpen());
}

void tst_StreamableHttp::storedSessionResumesAfterRestart()
{
    const QByteArray id = initializeSession();
    const QByteArray ended = initializeSession();
    QCOMPARE(exchange(raw("DELETE", "/mcp", {{"Mcp-Session-Id", ended}})).status, 200);
    QVERIFY(post(rpcRequestJson(2, u"tools/call"_s,
                                QJsonObject{{u"name"_s, u"switch_persona"_s},
                                            {u"arguments"_s, QJsonObject{{u"persona"_s, u"kira"_s}}}}),
                 id)
                .json()
                .value("result"_L1)
                .toObject()
                .value("isError"_L1)
                .toBool()
            == false);

    // The app restarts: a new server and endpoint on the same engine and database.
    stopServer();
    QVERIFY(startServer());
    const HttpReply resumed = post(rpcRequestJson(3, u"tools/call"_s,
                                                  QJsonObject{{u"name"_s, u"get_session"_s},
                                                              {u"arguments"_s, QJsonObject()}}),
                                   id, {{"MCP-Protocol-Version", "2025-06-18"}});
    QCOMPARE(resumed.status, 200);
    QCOMPARE(resumed.header("mcp-session-id"), id);
    const QJsonObject result = resumed.json().value("result"_L1).toObject();
    QVERIFY2(!result.value("isError"_L1).toBool(), QJsonDocument(result).toJson().constData());
    QVERIFY2(QJsonDocument(result).toJson().contains("kira"), QJsonDocument(result).toJson().constData());
    // A session that was ended stays ended.
    QCOMPARE(post(rpcRequestJson(4, u"ping"_s), ended).status, 404);
}

QTEST_GUILESS_MAIN(tst_StreamableHttp)

#include "tst_streamablehttp.moc"
