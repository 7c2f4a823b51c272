// SPDX-License-Identifier: MIT
// Session isolation: a client sees and acts only in the session it created or resumed. Two
// clients on WebSocket and on Streamable HTTP (and one socket-free, as stdio is) try every
// session-addressed tool, resource, prompt and completion on the victim's session; each answer
// must read exactly like the answer for an id that does not exist.

#include "enginefixture.h"
#include "endpointfixture.h"
#include "rawhttpclient.h"
#include "sessionclient.h"
#include "wsclient.h"

#include <mcp/mcpsession.h>

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Mcp;
using namespace StudioTest;

namespace {

/** One MCP client, whatever its transport: call() sends a request and returns its response. */
class Client
{
public:
    virtual ~Client() = default;
    virtual QJsonObject call(int id, const QString &method, const QJsonObject &params = {}) = 0;
    virtual QList<QJsonObject> notifications() const = 0;
    QString sessionId;
};

class WebSocketClient final : public Client
{
public:
    explicit WebSocketClient(const QUrl &url)
    {
        m_ws.socket.open(url);
        if (m_ws.waitConnected() && m_ws.call(1, u"initialize"_s, initializeParams()).contains("result"_L1))
            m_ws.send(rpcNotificationJson(u"notifications/initialized"_s));
    }
    QJsonObject call(int id, const QString &method, const QJsonObject &params) override
    {
        return m_ws.call(id, method, params);
    }
    QList<QJsonObject> notifications() const override { return m_ws.received; }

    static QJsonObject initializeParams()
    {
        return QJsonDocument::fromJson(initializeJson(1, u"tst-isolation"_s)).object().value("params"_L1).toObject();
    }

private:
    WsClient m_ws;
};

class HttpClient final : public Client
{
public:
    explicit HttpClient(quint16 port)
        : m_port(port)
    {
        const HttpReply reply = post(initializeJson(1, u"tst-isolation-http"_s, u"2025-11-25"_s));
        m_session = reply.header("mcp-session-id");
        sessionId = QString::fromLatin1(m_session);
        post(rpcNotificationJson(u"notifications/initialized"_s));
    }
    QJsonObject call(int id, const QString &method, const QJsonObject &params) override
    {
        const HttpReply reply = post(rpcRequestJson(id, method, params));
        if (reply.header("content-type").startsWith("text/event-stream")) {
            for (const QJsonObject &event : reply.events()) {
                if (event.contains("id"_L1))
                    return event;
            }
            return {};
        }
        return reply.json();
    }
    QList<QJsonObject> notifications() const override { return {}; }

private:
    HttpReply post(const QByteArray &body)
    {
        QByteArray bytes = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
                           + "\r\nAccept: application/json, text/event-stream\r\nContent-Type: application/json\r\n";
        if (!m_session.isEmpty())
            bytes += "Mcp-Session-Id: " + m_session + "\r\nMCP-Protocol-Version: 2025-11-25\r\n";
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        RawClient client(m_port);
        client.send(bytes);
        client.waitForComplete();
        return client.replies.value(0);
    }

    quint16 m_port;
    QByteArray m_session;
};

/** A session-free client as stdio has: an McpSession fed directly. */
class DirectClient final : public Client
{
public:
    explicit DirectClient(McpServer *server)
        : m_client(server)
    {
        m_client.initialize();
    }
    QJsonObject call(int id, const QString &method, const QJsonObject &params) override
    {
        m_client.send(rpcRequestJson(id, method, params));
        return m_client.waitFor(id);
    }
    QList<QJsonObject> notifications() const override { return m_client.received; }

private:
    SessionClient m_client;
};

QJsonObject toolCall(const QString &name, const QJsonObject &arguments)
{
    return QJsonObject{{u"name"_s, name}, {u"arguments"_s, arguments}};
}

/** The response as text with the request id and the named session id masked, so that the
 *  answers for two different ids can be compared. */
QString shape(const QJsonObject &response, const QString &sessionId)
{
    QJsonObject copy = response;
    copy.remove(u"id"_s);
    QString text = QString::fromUtf8(QJsonDocument(copy).toJson(QJsonDocument::Compact));
    return text.replace(sessionId, u"<session>"_s);
}

} // namespace

class tst_SessionIsolation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void anotherClientsSessionReadsAsUnknown_data();
    void anotherClientsSessionReadsAsUnknown();
    void listsAndCompletionsShowOnlyTheOwnSession();
    void subscriptionsToAnotherSessionStaySilent();
    void sessionIdsAreLongRandomSecrets();

private:
    std::unique_ptr<Client> makeClient(const QString &transport);
    /** The victim: a WebSocket client that talked to Aria. */
    void startVictim();

    std::unique_ptr<EngineFixture> m_engine;
    EndpointFixture m_mcp;
    std::unique_ptr<Client> m_victim;
};

void tst_SessionIsolation::init()
{
    m_engine = std::make_unique<EngineFixture>();
    const QString failure = m_engine->start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(m_mcp.start(m_engine->host->client(), ServerOptions()));
    startVictim();
}

void tst_SessionIsolation::cleanup()
{
    m_victim.reset();
    m_mcp.stop();
    m_engine.reset();
}

std::unique_ptr<Client> tst_SessionIsolation::makeClient(const QString &transport)
{
    std::unique_ptr<Client> client;
    if (transport == u"websocket"_s)
        client = std::make_unique<WebSocketClient>(m_mcp.endpoint->webSocketUrl());
    else if (transport == u"http"_s)
        client = std::make_unique<HttpClient>(m_mcp.endpoint->port());
    else
        client = std::make_unique<DirectClient>(m_mcp.server.get());
    // A first call stores the session; get_session tells its id.
    const QJsonObject own = client->call(2, u"tools/call"_s, toolCall(u"get_session"_s, {}));
    client->sessionId = toolStructured(own).value("session"_L1).toObject().value("id"_L1).toString();
    return client;
}

void tst_SessionIsolation::startVictim()
{
    m_victim = makeClient(u"websocket"_s);
    QVERIFY(!m_victim->sessionId.isEmpty());
    const QJsonObject chat = m_victim->call(3, u"tools/call"_s,
                                            toolCall(u"chat"_s, {{u"persona"_s, u"aria"_s}, {u"message"_s, u"My secret is 42"_s}}));
    QVERIFY2(!isToolError(chat) && chat.contains("result"_L1), qPrintable(toolText(chat)));
}

void tst_SessionIsolation::anotherClientsSessionReadsAsUnknown_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("method");
    // {session} stands for the id tried; the victim's, then one that does not exist.
    QTest::addColumn<QString>("params");
    const QStringList transports{u"websocket"_s, u"http"_s, u"direct"_s};
    const QList<std::pair<const char *, const char *>> probes = {
        {"tools/call", R"({"name": "get_session", "arguments": {"session": "{session}"}})"},
        {"tools/call", R"({"name": "get_conversation", "arguments": {"session": "{session}", "persona": "aria"}})"},
        {"tools/call", R"({"name": "get_conversation", "arguments": {"session": "{session}"}})"},
        {"tools/call", R"({"name": "get_conversation", "arguments": {"session": "{session}", "persona": "nobody"}})"},
        {"resources/read", R"({"uri": "conversation://{session}/aria"})"},
        {"prompts/get", R"({"name": "summarize_conversation", "arguments": {"persona": "aria", "session": "{session}"}})"},
    };
    for (const QString &transport : transports) {
        for (const auto &[method, params] : probes) {
            const QString tag = transport + u' ' + QString::fromLatin1(method) + u' ' + QString::fromLatin1(params).left(60);
            QTest::newRow(qPrintable(tag)) << transport << QString::fromLatin1(method) << QString::fromLatin1(params);
        }
    }
}

void tst_SessionIsolation::anotherClientsSessionReadsAsUnknown()
{
    QFETCH(QString, transport);
    QFETCH(QString, method);
    QFETCH(QString, params);
    auto paramsFor = [&params](const QString &session) {
        QString text = params;
        return QJsonDocument::fromJson(text.replace(u"{session}"_s, session).toUtf8()).object();
    };

    // The victim itself reads its conversation (the probe can succeed at all).
    const QJsonObject own = m_victim->call(10, method, paramsFor(m_victim->sessionId));
    if (!params.contains(u"nobody"_s)) {
        QVERIFY2(own.contains("result"_L1) && !isToolError(own), qPrintable(shape(own, m_victim->sessionId)));
        if (method != u"tools/call"_s || params.contains(u"get_conversation"_s))
            QVERIFY2(QJsonDocument(own).toJson().contains("My secret is 42"), qPrintable(shape(own, m_victim->sessionId)));
    }

    std::unique_ptr<Client> intruder = makeClient(transport);
    QVERIFY(!intruder->sessionId.isEmpty());
    QVERIFY(intruder->sessionId != m_victim->sessionId);
    const QJsonObject foreign = intruder->call(11, method, paramsFor(m_victim->sessionId));
    const QString unknownId = u"AAAAAAAAAAAAAAAAAAAAAA"_s;
    const QJsonObject unknown = intruder->call(12, method, paramsFor(unknownId));
    QVERIFY2(!QJsonDocument(foreign).toJson().contains("My secret is 42"), qPrintable(shape(foreign, m_victim->sessionId)));
    QVERIFY2(foreign.contains("error"_L1) || isToolError(foreign), qPrintable(shape(foreign, m_victim->sessionId)));
    QCOMPARE(shape(foreign, m_victim->sessionId), shape(unknown, unknownId));
}

void tst_SessionIsolation::listsAndCompletionsShowOnlyTheOwnSession()
{
    for (const QString &transport : {u"websocket"_s, u"http"_s, u"direct"_s}) {
        std::unique_ptr<Client> other = makeClient(transport);
        const QJsonObject list = other->call(20, u"tools/call"_s, toolCall(u"list_sessions"_s, {}));
        const QJsonArray sessions = toolStructured(list).value("sessions"_L1).toArray();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions.at(0).toObject().value("id"_L1).toString(), other->sessionId);
        QVERIFY(!QJsonDocument(list).toJson().contains(m_victim->sessionId.toUtf8()));

        const QJsonObject completion = other->call(
            21, u"completion/complete"_s,
            QJsonObject{{u"ref"_s, QJsonObject{{u"type"_s, u"ref/prompt"_s}, {u"name"_s, u"summarize_conversation"_s}}},
                        {u"argument"_s, QJsonObject{{u"name"_s, u"session"_s}, {u"value"_s, QString()}}}});
        const QJsonArray values = completion.value("result"_L1).toObject().value("completion"_L1).toObject().value("values"_L1).toArray();
        QCOMPARE(values, (QJsonArray{other->sessionId}));
        const QJsonObject resources = other->call(22, u"resources/list"_s);
        QVERIFY(resources.contains("result"_L1));
        QVERIFY(!QJsonDocument(resources).toJson().contains(m_victim->sessionId.toUtf8()));
    }
    // The victim's own list shows its own session.
    const QJsonObject own = m_victim->call(23, u"tools/call"_s, toolCall(u"list_sessions"_s, {}));
    QCOMPARE(toolStructured(own).value("sessions"_L1).toArray().size(), 1);
    QCOMPARE(toolStructured(own).value("sessions"_L1).toArray().at(0).toObject().value("id"_L1).toString(),
             m_victim->sessionId);
}

void tst_SessionIsolation::subscriptionsToAnotherSessionStaySilent()
{
    const QString uri = u"conversation://%1/aria"_s.arg(m_victim->sessionId);
    std::unique_ptr<Client> intruder = makeClient(u"websocket"_s);
    QVERIFY(intruder->call(30, u"resources/subscribe"_s, QJsonObject{{u"uri"_s, uri}}).contains("result"_L1));
    QVERIFY(m_victim->call(31, u"resources/subscribe"_s, QJsonObject{{u"uri"_s, uri}}).contains("result"_L1));
    const QJsonObject chat = m_victim->call(32, u"tools/call"_s,
                                            toolCall(u"chat"_s, {{u"persona"_s, u"aria"_s}, {u"message"_s, u"Again"_s}}));
    QVERIFY(!isToolError(chat));
    auto updates = [&uri](const Client &client) {
        int count = 0;
        for (const QJsonObject &message : client.notifications()) {
            if (message.value("method"_L1).toString() == u"notifications/resources/updated"_s
                && message.value("params"_L1).toObject().value("uri"_L1).toString() == uri)
                ++count;
        }
        return count;
    };
    QTRY_VERIFY(updates(*m_victim) >= 2); // the question and the answer
    // The intruder's own round trip after the victim's updates: nothing for it came before.
    QVERIFY(intruder->call(33, u"ping"_s).contains("result"_L1));
    QCOMPARE(updates(*intruder), 0);
}

void tst_SessionIsolation::sessionIdsAreLongRandomSecrets()
{
    std::unique_ptr<Client> other = makeClient(u"http"_s);
    for (const QString &id : {m_victim->sessionId, other->sessionId}) {
        // 128 random bits in base64url: 22 characters.
        QVERIFY2(QRegularExpression(u"^[A-Za-z0-9_-]{22}$"_s).match(id).hasMatch(), qPrintable(id));
    }
    // The creator resumes with it over a new connection: holding the id is what grants it.
    QUrl url = m_mcp.endpoint->webSocketUrl();
    url.setQuery(u"session="_s + m_victim->sessionId);
    WebSocketClient resumed(url);
    const QJsonObject read = resumed.call(40, u"tools/call"_s, toolCall(u"get_conversation"_s, {{u"persona"_s, u"aria"_s}}));
    QVERIFY2(QJsonDocument(read).toJson().contains("My secret is 42"), QJsonDocument(read).toJson().constData());
}

QTEST_GUILESS_MAIN(tst_SessionIsolation)

#include "tst_sessionisolation.moc"
