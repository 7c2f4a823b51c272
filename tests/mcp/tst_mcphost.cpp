// SPDX-License-Identifier: MIT
// McpHost with WebSocket clients spread over several threads (STYLE.md option C): each thread
// serves its clients with its own McpServer, so what one thread's client changes must reach
// every other thread's clients (list_changed, the cached list_personas answer), the connection
// limit counts every thread, sessions resume on any thread, and stopping closes them all.
#include "enginefixture.h"
#include "wsclient.h"

#include <conversation/chattypes.h>
#include <engine/engineclient.h>
#include <mcp/mcphost.h>

#include <QJsonArray>
#include <QTest>
#include <QWebSocketHandshakeOptions>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace StudioTest;

namespace {

QJsonObject toolCall(const QString &name, const QJsonObject &arguments = {})
{
    return QJsonObject{{u"name"_s, name}, {u"arguments"_s, arguments}};
}

QStringList personaIds(const QJsonObject &response)
{
    QStringList ids;
    const QJsonArray personas = toolStructured(response).value("personas"_L1).toArray();
    for (const QJsonValue &persona : personas)
        ids.append(persona.toObject().value("id"_L1).toString());
    return ids;
}

} // namespace

class tst_McpHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void spreadsClientsOverThreads();
    void personaChangesReachEveryThread();
    void connectionLimitCountsEveryThread();
    void sessionResumesOnAnotherThread();
    void stopClosesClientsOnEveryThread();

private:
    void startHost(int threads, int maxConnections = 1000);
    /** Connects with the "mcp" subprotocol and initializes; null if either failed. */
    std::unique_ptr<WsClient> connectClient(const QString &query = {});
    /** count clients, one after the other; empty if any failed. */
    std::vector<std::unique_ptr<WsClient>> connectClients(int count);

    std::unique_ptr<EngineFixture> m_engine;
    std::unique_ptr<Mcp::McpHost> m_mcp;
    QUrl m_url;
};

void tst_McpHost::init()
{
    m_engine = std::make_unique<EngineFixture>();
    const QString failure = m_engine->start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

void tst_McpHost::cleanup()
{
    m_mcp.reset();
    m_engine.reset();
}

void tst_McpHost::startHost(int threads, int maxConnections)
{
    Mcp::ServerOptions options;
    options.port = 0;
    options.webSocketThreads = threads;
    options.maxConnections = maxConnections;
    m_mcp = std::make_unique<Mcp::McpHost>(m_engine->host->client(), options);
    const auto listening = await(m_mcp->start());
    QVERIFY2(listening, qPrintable(listening ? QString() : listening.error().message));
    m_url = *listening;
    m_url.setScheme(u"ws"_s);
    QCOMPARE(m_mcp->webSocketsPerThread().size(), threads);
}

std::unique_ptr<WsClient> tst_McpHost::connectClient(const QString &query)
{
    auto client = std::make_unique<WsClient>();
    QUrl url = m_url;
    url.setQuery(query);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({u"mcp"_s});
    client->socket.open(url, options);
    if (!client->waitConnected())
        return nullptr;
    client->send(initializeJson(0));
    if (!client->waitFor(0).contains("result"_L1))
        return nullptr;
    client->send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"_ba);
    return client;
}

std::vector<std::unique_ptr<WsClient>> tst_McpHost::connectClients(int count)
{
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(connectClient());
        if (!clients.back())
            return {};
    }
    return clients;
}

void tst_McpHost::spreadsClientsOverThreads()
{
    startHost(3);
    auto clients = connectClients(6);
    QCOMPARE(clients.size(), size_t(6));
    // The least busy thread takes each new client, in turn among equals.
    QTRY_COMPARE(m_mcp->webSocketsPerThread(), (QList<int>{2, 2, 2}));
    QStringList sessions;
    for (size_t i = 0; i < clients.size(); ++i) {
        const QJsonObject listed = clients[i]->call(int(i) + 10, u"tools/call"_s, toolCall(u"list_personas"_s));
        QVERIFY(personaIds(listed).contains(u"aria"_s));
        const QJsonObject session = clients[i]->call(int(i) + 20, u"tools/call"_s, toolCall(u"get_session"_s));
        const QString id = toolStructured(session).value("session"_L1).toObject().value("id"_L1).toString();
        QVERIFY2(!id.isEmpty(), QJsonDocument(session).toJson().constData());
        sessions.append(id);
    }
    sessions.removeDuplicates();
    QCOMPARE(sessions.size(), 6);

    clients.erase(clients.begin(), clients.begin() + 3); // one from each thread, then one more
    QTRY_COMPARE(m_mcp->webSocketsPerThread(), (QList<int>{1, 1, 1}));
}

void tst_McpHost::personaChangesReachEveryThread()
{
    startHost(3);
    auto clients = connectClients(3);
    QCOMPARE(clients.size(), size_t(3));
    QTRY_COMPARE(m_mcp->webSocketsPerThread(), (QList<int>{1, 1, 1}));
    // Each thread answers list_personas once, so each has the answer cached.
    for (int i = 0; i < 3; ++i)
        QVERIFY(!personaIds(clients[size_t(i)]->call(100 + i, u"tools/call"_s, toolCall(u"list_personas"_s))).contains(u"sage"_s));

    const QJsonObject created = clients[0]->call(
        1, u"tools/call"_s,
        toolCall(u"create_persona"_s, QJsonObject{{u"name"_s, u"Sage"_s}, {u"description"_s, u"A calm advisor"_s},
                                                   {u"personality"_s, u"Patient and precise."_s}}));
    QVERIFY2(!isToolError(created), QJsonDocument(created).toJson().constData());

    for (int i = 0; i < 3; ++i) {
        QVERIFY2(clients[size_t(i)]->waitForNotification(u"notifications/tools/list_changed"_s), qPrintable(QString::number(i)));
        // The cached answer of every thread was dropped with the change.
        QVERIFY(personaIds(clients[size_t(i)]->call(200 + i, u"tools/call"_s, toolCall(u"list_personas"_s))).contains(u"sage"_s));
    }
}

void tst_McpHost::connectionLimitCountsEveryThread()
{
    startHost(2, 3);
    auto clients = connectClients(3);
    QCOMPARE(clients.size(), size_t(3));
    QTRY_COMPARE(m_mcp->webSocketsPerThread(), (QList<int>{2, 1}));
    // A fourth is over the limit, whichever thread it would go to.
    WsClient refused;
    refused.socket.open(m_url);
    QVERIFY(!refused.waitConnected());

    // A client of the other thread leaves: its place is free again on the listener's thread.
    clients.erase(clients.begin() + 1);
    QTRY_COMPARE(m_mcp->webSocketsPerThread(), (QList<int>{2, 0}));
    // (The release reaches the listener's thread as a queued signal: retry until it has.)
    std::unique_ptr<WsClient> again;
    QVERIFY(QTest::qWaitFor(
        [&] {
            again = connectClient();
            return again != nullptr;
        },
        5000));
    QCOMPARE(m_mcp->webSocketsPerThread(), (QList<int>{2, 1}));
}

void tst_McpHost::sessionResumesOnAnotherThread()
{
    startHost(2);
    const auto stored = await(m_engine->host->client()->openSession(
        Conversation::SessionOpen{u"mcp"_s, u"websocket"_s, u"earlier client"_s, u"1"_s}));
    QVERIFY(stored);
    QVERIFY(await(m_engine->host->client()->switchPersona(stored->id, u"kira"_s)));

    auto first = connectClient(); // takes the MCP thread
    QVERIFY(first);
    auto resumed = connectClient(u"session="_s + stored->id);
    QVERIFY(resumed);
    QTRY_COMPARE(m_mcp->webSocketsPerThread(), (QList<int>{1, 1}));
    const QJsonObject session = resumed->call(2, u"tools/call"_s, toolCall(u"get_session"_s));
    const QJsonObject detail = toolStructured(session).value("session"_L1).toObject();
    QCOMPARE(detail.value("id"_L1).toString(), stored->id);
    QCOMPARE(detail.value("active_persona"_L1).toString(), u"kira"_s);
}

void tst_McpHost::stopClosesClientsOnEveryThread()
{
    startHost(3);
    auto clients = connectClients(3);
    QCOMPARE(clients.size(), size_t(3));
    QTRY_COMPARE(m_mcp->webSocketsPerThread(), (QList<int>{1, 1, 1}));
    m_mcp->stop();
    for (const auto &client : clients) {
        QVERIFY(QTest::qWaitFor([&] { return client->disconnected; }, 10000));
        QCOMPARE(client->socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    }
    QVERIFY(m_mcp->webSocketsPerThread().isEmpty());
}

QTEST_GUILESS_MAIN(tst_McpHost)

#include "tst_mcphost.moc"
