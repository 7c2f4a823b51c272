// SPDX-License-Identifier: MIT
// The endpoint's gatekeeping (spec/mcp.md "Transports, precisely"; DESIGN.md MCP security):
// Host and Origin validation (DNS rebinding), the bearer token (header, or ?token= for
// WebSocket), listening rules, the connection limit, malformed and slow requests, and the
// /health and /metrics documents. A real endpoint on 127.0.0.1 port 0; raw sockets where the
// exact bytes matter, QWebSocket where a real client does.
#include <mcp/mcpserver.h>
#include <mcp/transport/mcplistener.h>

#include "endpointfixture.h"
#include "enginefixture.h"
#include "rawhttpclient.h"
#include "wsclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QTest>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Mcp;
using namespace StudioTest;

namespace {

/** The body most requests here carry: an initialize in the newest protocol version. */
const QByteArray kInitialize = initializeJson(1, u"tst-sec"_s, u"2025-11-25"_s);

using Headers = QList<std::pair<QByteArray, QByteArray>>;

const Headers kMcpHeaders = {{"Accept", "application/json, text/event-stream"}, {"Content-Type", "application/json"}};

/** A WebSocket handshake as a browser or the SDK would send it. */
Headers upgradeHeaders()
{
    return {{"Upgrade", "websocket"},
            {"Connection", "Upgrade"},
            {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
            {"Sec-WebSocket-Version", "13"}};
}

QString errorMessage(const HttpReply &reply)
{
    return reply.json().value("error"_L1).toObject().value("message"_L1).toString();
}

} // namespace

class tst_EndpointSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void forbiddenHostIs403();
    void loopbackHostsAndAllowedHostsPass();
    void forbiddenOriginIs403();
    void allowedOriginsPassWithCorsHeaders();
    void tokenIsRequiredWhenSet();
    void webSocketTokenByHeaderOrQuery();
    void listeningBeyondLoopbackNeedsToken();
    void listenReportsAddressInUse();
    void maxConnectionsAnswers503();
    void healthReportsStatus();
    void beyondLoopbackTheMachinesNamesPass();
    void loopbackRefusesTheMachinesNames();
    void sessionsPerClientAreLimited();
    void healthIs503WhenTheModelServerIsDown();
    void metricsAfterSomeRequests();
    void unknownPathsAndMethods();
    void malformedRequests_data();
    void malformedRequests();
    void slowHeadGets408AndIdleConnectionsClose();
    void expectContinueGetsInterimResponse();
    void badWebSocketHandshakes();

private:
    bool startServer(ServerOptions options = {});
    void stopServer();
    QByteArray raw(const QByteArray &method, const QByteArray &path, const Headers &headers,
                   const QByteArray &body = {}, const QByteArray &host = {}) const;
    HttpReply exchange(const QByteArray &bytes);

    std::unique_ptr<EngineFixture> m_engine;
    EndpointFixture m_mcp;
};

void tst_EndpointSecurity::init()
{
    m_engine = std::make_unique<EngineFixture>();
    const QString failure = m_engine->start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(startServer());
}

void tst_EndpointSecurity::cleanup()
{
    stopServer();
    m_engine.reset();
}

bool tst_EndpointSecurity::startServer(ServerOptions options)
{
    return m_mcp.start(m_engine->host->client(), options);
}

void tst_EndpointSecurity::stopServer()
{
    m_mcp.stop();
}

QByteArray tst_EndpointSecurity::raw(const QByteArray &method, const QByteArray &path, const Headers &headers,
                                     const QByteArray &body, const QByteArray &host) const
{
    QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: "
                       + (host.isEmpty() ? "127.0.0.1:" + QByteArray::number(m_mcp.endpoint->port()) : host) + "\r\n";
    for (const auto &[name, value] : headers)
        bytes += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST")
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

HttpReply tst_EndpointSecurity::exchange(const QByteArray &bytes)
{
    RawClient client(m_mcp.endpoint->port());
    client.send(bytes);
    if (!client.waitForComplete())
        qWarning() << "no complete reply to" << bytes.left(200);
    return client.replies.value(0);
}

void tst_EndpointSecurity::forbiddenHostIs403()
{
    const QByteArray evil = "evil.example:" + QByteArray::number(m_mcp.endpoint->port());
    const HttpReply post = exchange(raw("POST", "/mcp", kMcpHeaders, kInitialize, evil));
    QCOMPARE(post.status, 403);
    QVERIFY2(errorMessage(post).contains(u"Host"_s), qPrintable(errorMessage(post)));
    QCOMPARE(post.json().value("jsonrpc"_L1).toString(), u"2.0"_s);
    QVERIFY(post.json().value("id"_L1).isNull());
    QCOMPARE(exchange(raw("GET", "/health", {}, {}, evil)).status, 403);
    QCOMPARE(exchange(raw("GET", "/metrics", {}, {}, "localhost.evil.example")).status, 403);
    QCOMPARE(exchange(raw("GET", "/mcp", upgradeHeaders(), {}, evil)).status, 403);
    QVERIFY(m_mcp.server->sessions().isEmpty());
}

void tst_EndpointSecurity::loopbackHostsAndAllowedHostsPass()
{
    const QByteArray port = QByteArray::number(m_mcp.endpoint->port());
    const QList<QByteArray> loopbackHosts = {QByteArray("localhost:" + port), "127.0.0.1"_ba,
                                             QByteArray("[::1]:" + port), "LOCALHOST"_ba};
    for (const QByteArray &host : loopbackHosts)
        QCOMPARE(exchange(raw("GET", "/health", {}, {}, host)).status, 200);
    QCOMPARE(exchange(raw("GET", "/health", {}, {}, "studio.lan:" + port)).status, 403);

    ServerOptions options;
    options.allowedHosts = {u"studio.lan"_s};
    QVERIFY(startServer(options));
    QCOMPARE(exchange(raw("GET", "/health", {}, {}, "studio.lan:" + QByteArray::number(m_mcp.endpoint->port()))).status,
             200);
}

void tst_EndpointSecurity::forbiddenOriginIs403()
{
    const HttpReply post = exchange(
        raw("POST", "/mcp", kMcpHeaders + Headers{{"Origin", "https://evil.example"}}, kInitialize));
    QCOMPARE(post.status, 403);
    QVERIFY(errorMessage(post).contains(u"Origin"_s));
    QVERIFY(m_mcp.server->sessions().isEmpty());
    QCOMPARE(exchange(raw("GET", "/health", {{"Origin", "null"}})).status, 403);

    // The WebSocket handshake is refused before QWebSocketServer sees it.
    RawClient ws(m_mcp.endpoint->port());
    ws.send(raw("GET", "/mcp", upgradeHeaders() + Headers{{"Origin", "http://localhost.evil.example"}}));
    QVERIFY(ws.waitForComplete());
    QCOMPARE(ws.replies.first().status, 403);
    QVERIFY(ws.waitForClosed());
    QCOMPARE(m_mcp.endpoint->webSocketCount(), 0);

    // Non-browser clients send no Origin at all: allowed.
    QCOMPARE(exchange(raw("POST", "/mcp", kMcpHeaders, kInitialize)).status, 200);
}

void tst_EndpointSecurity::allowedOriginsPassWithCorsHeaders()
{
    const HttpReply loopback = exchange(
        raw("POST", "/mcp", kMcpHeaders + Headers{{"Origin", "http://localhost:5173"}}, kInitialize));
    QCOMPARE(loopback.status, 200);
    QCOMPARE(loopback.header("access-control-allow-origin"), "http://localhost:5173"_ba);
    QVERIFY(loopback.header("access-control-expose-headers").contains("Mcp-Session-Id"));

    ServerOptions options;
    options.allowedOrigins = {u"https://app.example"_s};
    QVERIFY(startServer(options));
    const HttpReply preflight = exchange(raw("OPTIONS", "/mcp", {{"Origin", "https://app.example"},
                                                                  {"Access-Control-Request-Method", "POST"}}));
    QCOMPARE(preflight.status, 204);
    QVERIFY(preflight.header("access-control-allow-headers").contains("Mcp-Session-Id"));
    QCOMPARE(exchange(raw("POST", "/mcp", kMcpHeaders + Headers{{"Origin", "https://app.example"}}, kInitialize))
                 .status,
             200);
    QCOMPARE(exchange(raw("POST", "/mcp", kMcpHeaders + Headers{{"Origin", "https://other.example"}}, kInitialize))
                 .status,
             403);
}

void tst_EndpointSecurity::tokenIsRequiredWhenSet()
{
    ServerOptions options;
    options.token = u"s3cret-token"_s;
    QVERIFY(startServer(options));

    const HttpReply missing = exchange(raw("POST", "/mcp", kMcpHeaders, kInitialize));
    QCOMPARE(missing.status, 401);
    QVERIFY(missing.header("www-authenticate").startsWith("Bearer"));
    QVERIFY2(errorMessage(missing).contains(u"Authorization: Bearer"_s), qPrintable(errorMessage(missing)));
    QCOMPARE(missing.json().value("error"_L1).toObject().value("code"_L1).toInt(), -32004);

    const HttpReply wrong = exchange(
        raw("POST", "/mcp", kMcpHeaders + Headers{{"Authorization", "Bearer guess"}}, kInitialize));
    QCOMPARE(wrong.status, 401);
    QVERIFY(wrong.header("www-authenticate").contains("invalid_token"));
    // ?token= is for WebSocket clients only.
    QCOMPARE(exchange(raw("POST", "/mcp?token=s3cret-token", kMcpHeaders, kInitialize)).status, 401);
    QCOMPARE(exchange(raw("GET", "/health", {})).status, 401);
    QCOMPARE(exchange(raw("GET", "/metrics", {})).status, 401);

    const HttpReply right = exchange(
        raw("POST", "/mcp", kMcpHeaders + Headers{{"Authorization", "bearer s3cret-token"}}, kInitialize));
    QCOMPARE(right.status, 200);
    QVERIFY(!right.header("mcp-session-id").isEmpty());
    QCOMPARE(exchange(raw("GET", "/health", {{"Authorization", "Bearer s3cret-token"}})).status, 200);
}

void tst_EndpointSecurity::beyondLoopbackTheMachinesNamesPass()
{
    ServerOptions options;
    options.address = QHostAddress::AnyIPv4;
    options.token = u"s3cret-token"_s;
    QVERIFY(startServer(options));
    const QByteArray port = QByteArray::number(m_mcp.endpoint->port());
    const Headers auth{{"Authorization", "Bearer s3cret-token"}};
    const QByteArray name = QHostInfo::localHostName().toLatin1();
    QVERIFY(!name.isEmpty());
    QList<QByteArray> hosts{name + ':' + port, name.toUpper() + ':' + port,
                            name.split('.').constFirst() + ".local:" + port, "localhost:" + port};
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol)
            hosts.append(address.toString().toLatin1() + ':' + port);
    }
    for (const QByteArray &host : std::as_const(hosts))
        QVERIFY2(exchange(raw("GET", "/health", auth, {}, host)).status == 200, host.constData());
    // A name that is not this machine's stays refused, a token notwithstanding.
    const HttpReply evil = exchange(raw("GET", "/health", auth, {}, "evil.example:" + port));
    QCOMPARE(evil.status, 403);
    QCOMPARE(exchange(raw("GET", "/health", auth, {}, name + ".evil.example:" + port)).status, 403);

    // An absolute-form target names the host instead of the Host field (RFC 9112 3.2.2).
    QCOMPARE(exchange(raw("GET", "http://" + name + ':' + port + "/health", auth, {}, "evil.example")).status, 200);
    QCOMPARE(exchange(raw("GET", "http://evil.example:" + port + "/health", auth, {}, name + ':' + port)).status, 403);
}

void tst_EndpointSecurity::loopbackRefusesTheMachinesNames()
{
    // On loopback only loopback names are served: a rebinding attack names anything else.
    const QByteArray name = QHostInfo::localHostName().toLatin1();
    QCOMPARE(exchange(raw("GET", "/health", {}, {}, name + ':' + QByteArray::number(m_mcp.endpoint->port()))).status,
             403);
    const QByteArray absolute = "POST http://127.0.0.1:" + QByteArray::number(m_mcp.endpoint->port())
                                + "/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/event-stream\r\n"
                                  "Content-Type: application/json\r\nContent-Length: "
                                + QByteArray::number(kInitialize.size()) + "\r\n\r\n" + kInitialize;
    const HttpReply served = exchange(absolute);
    QCOMPARE(served.status, 200);
    QVERIFY(!served.header("mcp-session-id").isEmpty());
}

void tst_EndpointSecurity::sessionsPerClientAreLimited()
{
    ServerOptions options;
    options.maxSessionsPerClient = 2;
    QVERIFY(startServer(options));
    WsClient first;
    first.socket.open(m_mcp.endpoint->webSocketUrl());
    QVERIFY(first.waitConnected());
    const HttpReply http = exchange(raw("POST", "/mcp", kMcpHeaders, kInitialize));
    QCOMPARE(http.status, 200);
    // Two live sessions from 127.0.0.1: the third is refused on either transport.
    const HttpReply refused = exchange(raw("POST", "/mcp", kMcpHeaders, kInitialize));
    QCOMPARE(refused.status, 429);
    QVERIFY2(errorMessage(refused).contains(u"mcp/max_sessions_per_client"_s), qPrintable(errorMessage(refused)));
    const HttpReply upgrade = exchange(raw("GET", "/mcp", upgradeHeaders()));
    QCOMPARE(upgrade.status, 429);
    // Closing one frees its place.
    first.socket.close();
    QTRY_COMPARE(m_mcp.server->sessions().size(), 1);
    QCOMPARE(exchange(raw("POST", "/mcp", kMcpHeaders, kInitialize)).status, 200);
}

void tst_EndpointSecurity::webSocketTokenByHeaderOrQuery()
{
    ServerOptions options;
    options.token = u"s3cret-token"_s;
    QVERIFY(startServer(options));

    RawClient refused(m_mcp.endpoint->port());
    refused.send(raw("GET", "/mcp", upgradeHeaders()));
    QVERIFY(refused.waitForComplete());
    QCOMPARE(refused.replies.first().status, 401);
    QVERIFY(errorMessage(refused.replies.first()).contains(u"?token="_s));

    QWebSocket anonymous;
    bool anonymousConnected = false;
    bool anonymousDone = false;
    connect(&anonymous, &QWebSocket::connected, this, [&] { anonymousConnected = true; });
    connect(&anonymous, &QWebSocket::disconnected, this, [&] { anonymousDone = true; });
    anonymous.open(m_mcp.endpoint->webSocketUrl());
    QVERIFY(QTest::qWaitFor([&] { return anonymousDone || anonymousConnected; }, 10000));
    QVERIFY(!anonymousConnected);

    QWebSocket byQuery;
    QUrl url = m_mcp.endpoint->webSocketUrl();
    url.setQuery(u"token=s3cret-token"_s);
    byQuery.open(url);
    QTRY_COMPARE(byQuery.state(), QAbstractSocket::ConnectedState);

    QWebSocket byHeader;
    QNetworkRequest request(m_mcp.endpoint->webSocketUrl());
    request.setRawHeader("Authorization", "Bearer s3cret-token");
    byHeader.open(request);
    QTRY_COMPARE(byHeader.state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE(m_mcp.endpoint->webSocketCount(), 2);
}

void tst_EndpointSecurity::listeningBeyondLoopbackNeedsToken()
{
    stopServer();
    ServerOptions options;
    options.address = QHostAddress(QHostAddress::AnyIPv4);
    options.port = 0;
    McpServer server(m_engine->host->client(), options);
    McpEndpoint endpoint(&server);
    const auto refused = endpoint.listen();
    QVERIFY(!refused);
    QVERIFY2(refused.error().message.contains(u"a token is required when listening on 0.0.0.0"_s),
             qPrintable(refused.error().message));
    QVERIFY(!endpoint.isListening());

    options.token = u"t"_s;
    McpServer withToken(m_engine->host->client(), options);
    McpEndpoint open(&withToken);
    QVERIFY(open.listen());
    QVERIFY(open.port() != 0);
    QCOMPARE(open.url().host(), u"127.0.0.1"_s);
}

void tst_EndpointSecurity::listenReportsAddressInUse()
{
    ServerOptions options;
    options.port = m_mcp.endpoint->port();
    McpServer second(m_engine->host->client(), options);
    McpEndpoint endpoint(&second);
    const auto result = endpoint.listen();
    QVERIFY(!result);
    QCOMPARE(result.error().code, ErrorCode::Conflict);
    const QString expected = u"cannot listen on 127.0.0.1:%1: "_s.arg(m_mcp.endpoint->port());
    QVERIFY2(result.error().message.startsWith(expected), qPrintable(result.error().message));
    QVERIFY(result.error().message.size() > expected.size()); // Qt's reason follows
}

void tst_EndpointSecurity::maxConnectionsAnswers503()
{
    ServerOptions options;
    options.maxConnections = 2;
    QVERIFY(startServer(options));
    QWebSocket first;
    QWebSocket second;
    first.open(m_mcp.endpoint->webSocketUrl());
    second.open(m_mcp.endpoint->webSocketUrl());
    QTRY_COMPARE(m_mcp.endpoint->webSocketCount(), 2);
    QCOMPARE(m_mcp.endpoint->connectionCount(), 2);

    const HttpReply http = exchange(raw("GET", "/health", {}));
    QCOMPARE(http.status, 503);
    QVERIFY2(errorMessage(http).contains(u"at most 2"_s), qPrintable(errorMessage(http)));
    RawClient ws(m_mcp.endpoint->port());
    ws.send(raw("GET", "/mcp", upgradeHeaders()));
    QVERIFY(ws.waitForComplete());
    QCOMPARE(ws.replies.first().status, 503);
    QCOMPARE(m_mcp.endpoint->webSocketCount(), 2);

    first.close();
    QTRY_COMPARE(m_mcp.endpoint->connectionCount(), 1);
    QCOMPARE(exchange(raw("GET", "/health", {})).status, 200);
}

void tst_EndpointSecurity::healthReportsStatus()
{
    WsClient ws;
    ws.socket.open(m_mcp.endpoint->webSocketUrl());
    QVERIFY(ws.waitConnected());
    ws.send(initializeJson(1));
    QVERIFY(ws.waitFor(1).contains("result"_L1)); // the session is stored with its first request
    const HttpReply reply = exchange(raw("GET", "/health", {}));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), "application/json"_ba);
    const QJsonObject health = reply.json();
    QVERIFY2(health.contains("status"_L1), reply.body.constData());
    QVERIFY(health.value("ollama"_L1).toObject().contains("reachable"_L1));
    QCOMPARE(health.value("versions"_L1).toObject().value("app"_L1).toString(), QStringLiteral(PERSONA_STUDIO_VERSION));
    QVERIFY(health.value("versions"_L1).toObject().value("mcp"_L1).toArray().contains(u"2025-11-25"_s));
    QVERIFY(health.value("uptime_seconds"_L1).toDouble() >= 0);
    QCOMPARE(health.value("status"_L1).toString(), u"healthy"_s);
    QCOMPARE(health.value("ollama"_L1).toObject().value("model_present"_L1).toBool(), true);
    QCOMPARE(health.value("database"_L1).toObject().value("ok"_L1).toBool(), true);
    QVERIFY(health.value("database"_L1).toObject().value("schema_version"_L1).toInt() >= 3);
    QCOMPARE(health.value("open_sessions"_L1).toInt(), 1);
    const QJsonObject connections = health.value("connections_by_transport"_L1).toObject();
    QCOMPARE(connections.value("websocket"_L1).toInt(), 1);
    QCOMPARE(connections.value("http"_L1).toInt(), 1); // this request's own connection
    QCOMPARE(health.value("connections"_L1).toInt(), 2);
    // Nothing in it names a session: ids are secrets of their clients.
    const auto sessions = m_mcp.server->sessions();
    QCOMPARE(sessions.size(), 1);
    QTRY_VERIFY(!sessions.constFirst()->sessionId().isEmpty());
    QVERIFY(!reply.body.contains(sessions.constFirst()->sessionId().toUtf8()));
    QVERIFY(!exchange(raw("GET", "/metrics", {})).body.contains(sessions.constFirst()->sessionId().toUtf8()));
}

void tst_EndpointSecurity::healthIs503WhenTheModelServerIsDown()
{
    m_engine->fake.close();
    const HttpReply reply = exchange(raw("GET", "/health", {}));
    QCOMPARE(reply.status, 503);
    const QJsonObject health = reply.json();
    QCOMPARE(health.value("status"_L1).toString(), u"degraded"_s);
    QCOMPARE(health.value("ollama"_L1).toObject().value("reachable"_L1).toBool(), false);
    QVERIFY(!health.value("ollama"_L1).toObject().value("advice"_L1).toString().isEmpty());
    QCOMPARE(health.value("database"_L1).toObject().value("ok"_L1).toBool(), true);
}

void tst_EndpointSecurity::metricsAfterSomeRequests()
{
    const HttpReply initialized = exchange(raw("POST", "/mcp", kMcpHeaders, kInitialize));
    const QByteArray id = initialized.header("mcp-session-id");
    QVERIFY(!id.isEmpty());
    Headers headers = kMcpHeaders;
    headers.append(std::pair("Mcp-Session-Id"_ba, id));
    QCOMPARE(exchange(raw("POST", "/mcp", headers, rpcRequestJson(2, u"tools/list"_s))).status, 200);
    QCOMPARE(exchange(raw("POST", "/mcp", headers, rpcRequestJson(3, u"no/such/method"_s))).status, 200);
    QCOMPARE(exchange(raw("GET", "/nowhere", {})).status, 404);
    QWebSocket ws;
    ws.open(m_mcp.endpoint->webSocketUrl());
    QTRY_COMPARE(m_mcp.endpoint->webSocketCount(), 1);

    const HttpReply reply = exchange(raw("GET", "/metrics", {}));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), "text/plain; version=0.0.4; charset=utf-8"_ba);
    const QString text = QString::fromUtf8(reply.body);
    for (const QString &line : {u"# TYPE persona_studio_connections gauge"_s,
                                u"persona_studio_connections{transport=\"websocket\"} 1"_s,
                                u"# TYPE persona_studio_connections_total counter"_s,
                                u"# TYPE persona_studio_requests_total counter"_s,
                                u"persona_studio_requests_total{method=\"initialize\"} 1"_s,
                                u"persona_studio_requests_total{method=\"tools/list\"} 1"_s,
                                u"persona_studio_request_errors_total{method=\"no/such/method\"} 1"_s,
                                u"persona_studio_http_responses_total{status=\"200\"} 3"_s,
                                u"persona_studio_http_responses_total{status=\"404\"} 1"_s,
                                u"# TYPE persona_studio_request_latency_ms histogram"_s,
                                u"persona_studio_request_latency_ms_bucket{le=\"+Inf\"} 3"_s,
                                u"persona_studio_request_latency_ms_count 3"_s,
                                u"# TYPE persona_studio_llm_prompt_tokens_total counter"_s,
                                u"persona_studio_llm_completion_tokens_total 0"_s,
                                u"# HELP persona_studio_llm_model_seconds_total "_s}) {
        QVERIFY2(text.contains(line), qPrintable(u"missing: "_s + line + u"\n"_s + text));
    }
}

void tst_EndpointSecurity::unknownPathsAndMethods()
{
    const HttpReply unknown = exchange(raw("GET", "/favicon.ico", {}));
    QCOMPARE(unknown.status, 404);
    QVERIFY(errorMessage(unknown).contains(u"/mcp"_s));
    QCOMPARE(exchange(raw("POST", "/health", {}, "{}")).status, 405);
    QCOMPARE(exchange(raw("GET", "/mcp/", {})).status, 404);
}

void tst_EndpointSecurity::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage") << "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"_ba << 400;
    QTest::newRow("no host") << "GET /health HTTP/1.1\r\n\r\n"_ba << 400;
    QTest::newRow("chunked body") << "POST /mcp HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     "2\r\n{}\r\n0\r\n\r\n"_ba
                                  << 411;
    QTest::newRow("http/2") << "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba << 505;
    QTest::newRow("huge head") << "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Pad: "_ba + QByteArray(70 * 1024, 'a')
                                      + "\r\n\r\n"_ba
                               << 431;
}

void tst_EndpointSecurity::malformedRequests()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    RawClient client(m_mcp.endpoint->port());
    client.send(bytes);
    QVERIFY(client.waitForComplete());
    QCOMPARE(client.replies.first().status, status);
    QCOMPARE(client.replies.first().header("connection"), "close"_ba);
    QVERIFY(!errorMessage(client.replies.first()).isEmpty());
    QVERIFY(client.waitForClosed());
    QTRY_COMPARE(m_mcp.endpoint->connectionCount(), 0);
}

void tst_EndpointSecurity::slowHeadGets408AndIdleConnectionsClose()
{
    ServerOptions options;
    options.handshakeTimeoutMs = 300;
    QVERIFY(startServer(options));
    RawClient slow(m_mcp.endpoint->port());
    slow.send("GET /health HTTP/1.1\r\nHost: localhost\r\n"_ba);
    QVERIFY(slow.waitForComplete());
    QCOMPARE(slow.replies.first().status, 408);
    QVERIFY(slow.waitForClosed());

    RawClient silent(m_mcp.endpoint->port());
    QVERIFY(silent.waitForClosed());
    QVERIFY(silent.replies.isEmpty());

    // A keep-alive connection is closed once idle, after its answered request.
    RawClient idle(m_mcp.endpoint->port());
    idle.send(raw("GET", "/health", {}));
    QVERIFY(idle.waitForComplete());
    // Under a second the idle time is not announced (a client would round it up).
    QVERIFY(!idle.replies.first().headers.contains("keep-alive"));
    QVERIFY(idle.waitForClosed());
    QTRY_COMPARE(m_mcp.endpoint->connectionCount(), 0);
}

void tst_EndpointSecurity::expectContinueGetsInterimResponse()
{
    RawClient client(m_mcp.endpoint->port());
    const QByteArray body = kInitialize;
    client.send("POST /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: application/json, text/event-stream\r\n"
                "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return !client.interim.isEmpty(); }, 10000));
    QCOMPARE(client.interim, QList<int>{100});
    client.send(body);
    QVERIFY(client.waitForComplete());
    QCOMPARE(client.replies.first().status, 200);
}

void tst_EndpointSecurity::badWebSocketHandshakes()
{
    QCOMPARE(exchange(raw("GET", "/elsewhere", upgradeHeaders())).status, 404);
    Headers oldVersion = upgradeHeaders();
    oldVersion[3].second = "8";
    const HttpReply version = exchange(raw("GET", "/mcp", oldVersion));
    QCOMPARE(version.status, 426);
    QCOMPARE(version.header("sec-websocket-version"), "13"_ba);
    Headers badKey = upgradeHeaders();
    badKey[2].second = "short";
    QCOMPARE(exchange(raw("GET", "/mcp", badKey)).status, 400);

    // A good one gets 101 from QWebSocketServer, with the subprotocol when offered.
    RawClient good(m_mcp.endpoint->port());
    good.send(raw("GET", "/mcp", upgradeHeaders() + Headers{{"Sec-WebSocket-Protocol", "mcp"}}));
    QVERIFY(QTest::qWaitFor([&] { return !good.interim.isEmpty(); }, 10000));
    QCOMPARE(good.interim, QList<int>{101});
    QTRY_COMPARE(m_mcp.endpoint->webSocketCount(), 1);
}

QTEST_GUILESS_MAIN(tst_EndpointSecurity)

#include "tst_endpointsecurity.moc"
