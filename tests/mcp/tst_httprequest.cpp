// SPDX-License-Identifier: MIT
#include <mcp/transport/httprequest.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio::Mcp;

namespace {

/** Feeds like the listener does: bytes accumulate until the parser consumes them. */
qsizetype feedAll(HttpRequestParser &parser, const QByteArray &bytes, qsizetype step)
{
    QByteArray pending;
    qsizetype consumed = 0;
    for (qsizetype at = 0; at < bytes.size() && parser.state() != HttpRequestParser::State::Complete
                           && parser.state() != HttpRequestParser::State::Failed;
         at += step) {
        pending += bytes.mid(at, step);
        const qsizetype used = parser.feed(pending);
        pending.remove(0, used);
        consumed += used;
    }
    return consumed;
}

} // namespace

class tst_HttpRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesRequests_data();
    void parsesRequests();
    void absoluteFormTakesTheHostFromTheTarget_data();
    void absoluteFormTakesTheHostFromTheTarget();
    void byteByByteGivesTheSameRequest();
    void aLongMethodIsRefusedHoweverItArrives();
    void headIsNotConsumedUntilComplete();
    void stopsAfterOneRequestOfAPipeline();
    void refusesBodyOverLimitBeforeReadingIt();
    void refusesOversizedHead();
    void refusesBinaryJunkAtOnce();
    void expectContinue();
    void headerLookup();
    void keepAlive_data();
    void keepAlive();
    void webSocketUpgrade_data();
    void webSocketUpgrade();
    void queryItemsAreDecoded();
    void serializesResponses();
    void serializesStreamHead();
    void errorBodyHasJsonRpcShape();
    void sseEvent_data();
    void sseEvent();
    void chunkedEncoding();
    void hostValidation_data();
    void hostValidation();
    void originValidation_data();
    void originValidation();
    void bearerToken_data();
    void bearerToken();
};

void tst_HttpRequest::parsesRequests_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status"); // 0: complete
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("get") << "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"_ba << 0 << "GET"_ba << "/health"_ba
                         << QByteArray() << QByteArray();
    QTest::newRow("post with body") << "POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"_ba << 0
                                    << "POST"_ba << "/mcp"_ba << QByteArray() << "hello"_ba;
    QTest::newRow("query") << "GET /mcp?session=abc&token=x%20y HTTP/1.1\r\nHost: a\r\n\r\n"_ba << 0 << "GET"_ba
                           << "/mcp"_ba << "session=abc&token=x%20y"_ba << QByteArray();
    QTest::newRow("leading blank lines") << "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"_ba << 0 << "GET"_ba << "/"_ba
                                         << QByteArray() << QByteArray();
    QTest::newRow("bare LF") << "GET /x HTTP/1.1\nHost: a\n\n"_ba << 0 << "GET"_ba << "/x"_ba << QByteArray()
                             << QByteArray();
    QTest::newRow("absolute form") << "GET http://localhost:8000/mcp?a=1 HTTP/1.1\r\nHost: localhost\r\n\r\n"_ba << 0
                                   << "GET"_ba << "/mcp"_ba << "a=1"_ba << QByteArray();
    QTest::newRow("http/1.0 without host") << "GET / HTTP/1.0\r\n\r\n"_ba << 0 << "GET"_ba << "/"_ba << QByteArray()
                                           << QByteArray();
    QTest::newRow("same length twice") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"_ba
                                       << 0 << "POST"_ba << "/"_ba << QByteArray() << "ok"_ba;
    QTest::newRow("zero length") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"_ba << 0 << "POST"_ba
                                 << "/"_ba << QByteArray() << QByteArray();
    QTest::newRow("missing host") << "GET / HTTP/1.1\r\n\r\n"_ba << 400 << QByteArray() << QByteArray() << QByteArray()
                                  << QByteArray();
    QTest::newRow("two hosts") << "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"_ba << 400 << QByteArray()
                               << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("chunked") << "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"_ba
                             << 411 << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("chunked and length") << "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"_ba
                                        << 400 << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("conflicting lengths") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 3\r\n\r\nok"_ba << 400
                                         << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("length not a number") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"_ba << 400
                                         << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("length too large") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1025\r\n\r\n"_ba << 413
                                      << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("length overflows") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"_ba
                                      << 413 << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("obsolete folding") << "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n"_ba << 400 << QByteArray()
                                      << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("space before colon") << "GET / HTTP/1.1\r\nHost : a\r\n\r\n"_ba << 400 << QByteArray()
                                        << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("no colon") << "GET / HTTP/1.1\r\nHost a\r\n\r\n"_ba << 400 << QByteArray() << QByteArray()
                              << QByteArray() << QByteArray();
    QTest::newRow("http/2") << "GET / HTTP/2.0\r\nHost: a\r\n\r\n"_ba << 505 << QByteArray() << QByteArray()
                            << QByteArray() << QByteArray();
    QTest::newRow("bad version") << "GET / HTTQ/1.1\r\nHost: a\r\n\r\n"_ba << 400 << QByteArray() << QByteArray()
                                 << QByteArray() << QByteArray();
    QTest::newRow("two spaces") << "GET  / HTTP/1.1\r\nHost: a\r\n\r\n"_ba << 400 << QByteArray() << QByteArray()
                                << QByteArray() << QByteArray();
    QTest::newRow("method of 32 bytes") << QByteArray(QByteArray(32, 'M') + " / HTTP/1.1\r\nHost: a\r\n\r\n") << 0
                                        << QByteArray(32, 'M') << "/"_ba << QByteArray() << QByteArray();
    QTest::newRow("method of 33 bytes") << QByteArray(QByteArray(33, 'M') + " / HTTP/1.1\r\nHost: a\r\n\r\n") << 400
                                        << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("method of 33 bytes, bad version")
        << QByteArray(QByteArray(33, 'M') + " / HTTP/2.0\r\nHost: a\r\n\r\n") << 400 << QByteArray() << QByteArray()
        << QByteArray() << QByteArray();
    QTest::newRow("relative target") << "GET mcp HTTP/1.1\r\nHost: a\r\n\r\n"_ba << 400 << QByteArray()
                                     << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("only a request line") << "GET / HTTP/1.1\r\n"_ba << -1 << QByteArray() << QByteArray()
                                         << QByteArray() << QByteArray();
    QTest::newRow("empty") << QByteArray() << -1 << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("body still coming") << "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"_ba << -2
                                       << "POST"_ba << "/"_ba << QByteArray() << "abc"_ba;
}

void tst_HttpRequest::absoluteFormTakesTheHostFromTheTarget_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status"); // 0: complete
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("target");

    QTest::newRow("Host agrees") << "POST http://127.0.0.1:8000/mcp HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n"_ba << 0
                                 << "127.0.0.1:8000"_ba << "/mcp"_ba;
    QTest::newRow("Host differs: the target wins")
        << "POST http://127.0.0.1:8000/mcp HTTP/1.1\r\nHost: evil.example\r\n\r\n"_ba << 0 << "127.0.0.1:8000"_ba
        << "/mcp"_ba;
    QTest::newRow("target names another host") << "GET http://evil.example/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_ba
                                               << 0 << "evil.example"_ba << "/mcp"_ba;
    QTest::newRow("IPv6 authority") << "GET http://[::1]:9/health?x=1 HTTP/1.1\r\nHost: [::1]:9\r\n\r\n"_ba << 0
                                    << "[::1]:9"_ba << "/health?x=1"_ba;
    QTest::newRow("no path") << "GET http://localhost:8000 HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"_ba << 0
                             << "localhost:8000"_ba << "/"_ba;
    QTest::newRow("HTTP/1.0 without Host") << "GET http://localhost/health HTTP/1.0\r\n\r\n"_ba << 0
                                           << "localhost"_ba << "/health"_ba;
    QTest::newRow("user info") << "GET http://me@localhost/mcp HTTP/1.1\r\nHost: localhost\r\n\r\n"_ba << 400
                               << QByteArray() << QByteArray();
    QTest::newRow("no host in the target") << "GET http:///mcp HTTP/1.1\r\nHost: localhost\r\n\r\n"_ba << 400
                                           << QByteArray() << QByteArray();
    QTest::newRow("HTTP/1.1 still needs a Host field")
        << "GET http://localhost/mcp HTTP/1.1\r\n\r\n"_ba << 400 << QByteArray() << QByteArray();
}

void tst_HttpRequest::absoluteFormTakesTheHostFromTheTarget()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, target);

    HttpRequestParser parser(1024);
    parser.feed(raw);
    if (status > 0) {
        QCOMPARE(parser.state(), HttpRequestParser::State::Failed);
        QCOMPARE(parser.errorStatus(), status);
        return;
    }
    QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.header("host"), host);
    QCOMPARE(request.target, target);
}

void tst_HttpRequest::parsesRequests()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, body);

    HttpRequestParser parser(1024);
    parser.feed(raw);
    if (status == -1) {
        QCOMPARE(parser.state(), HttpRequestParser::State::Head);
        return;
    }
    if (status == -2) {
        QCOMPARE(parser.state(), HttpRequestParser::State::Body);
        QCOMPARE(parser.request().body, body);
        QCOMPARE(parser.bodyRemaining(), qint64(7));
        return;
    }
    if (status > 0) {
        QCOMPARE(parser.state(), HttpRequestParser::State::Failed);
        QCOMPARE(parser.errorStatus(), status);
        QVERIFY(!parser.errorMessage().isEmpty());
        return;
    }
    QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
    const HttpRequest request = parser.takeRequest();
    QCOMPARE(request.method, method);
    QCOMPARE(request.path, path);
    QCOMPARE(request.query, query);
    QCOMPARE(request.body, body);
    QCOMPARE(parser.state(), HttpRequestParser::State::Head);
}

void tst_HttpRequest::byteByByteGivesTheSameRequest()
{
    const QByteArray raw = "POST /mcp HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/json\r\n"
                           "Content-Length: 17\r\n\r\n{\"jsonrpc\":\"2.0\"}"_ba;
    for (qsizetype step : {1, 2, 7, 64}) {
        HttpRequestParser parser;
        QCOMPARE(feedAll(parser, raw, step), raw.size());
        QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
        QCOMPARE(parser.request().header("content-type"), "application/json"_ba);
        QCOMPARE(parser.request().body, "{\"jsonrpc\":\"2.0\"}"_ba);
    }
}

void tst_HttpRequest::aLongMethodIsRefusedHoweverItArrives()
{
    // Found by fuzz_httprequest: whole it was served, in pieces refused; now 400 either way.
    const QByteArray raw = QByteArray(40, 'M') + " /mcp HTTP/1.1\r\nHost: localhost\r\n\r\n";
    for (qsizetype step : {qsizetype(raw.size()), qsizetype(1), qsizetype(10)}) {
        HttpRequestParser parser;
        feedAll(parser, raw, step);
        QCOMPARE(parser.state(), HttpRequestParser::State::Failed);
        QCOMPARE(parser.errorStatus(), 400);
    }
}

void tst_HttpRequest::headIsNotConsumedUntilComplete()
{
    HttpRequestParser parser;
    const QByteArray head = "GET /mcp HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"_ba;
    QCOMPARE(parser.feed(head), 0);
    QCOMPARE(parser.state(), HttpRequestParser::State::Head);
    QCOMPARE(parser.feed(QByteArray(head + "\r\n")), head.size() + 2);
    QVERIFY(parser.isHeadComplete());
    QCOMPARE(HttpRequestParser::headLength(head), qsizetype(-1));
    QCOMPARE(HttpRequestParser::headLength(QByteArray(head + "\r\nrest")), head.size() + 2);
}

void tst_HttpRequest::stopsAfterOneRequestOfAPipeline()
{
    const QByteArray first = "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\none"_ba;
    const QByteArray second = "GET /b HTTP/1.1\r\nHost: a\r\n\r\n"_ba;
    HttpRequestParser parser;
    QCOMPARE(parser.feed(QByteArray(first + second)), first.size());
    QCOMPARE(parser.takeRequest().body, "one"_ba);
    QCOMPARE(parser.feed(second), second.size());
    QCOMPARE(parser.request().path, "/b"_ba);
}

void tst_HttpRequest::refusesBodyOverLimitBeforeReadingIt()
{
    HttpRequestParser parser(100);
    // Only the head has arrived: the refusal must not wait for 10 MB.
    parser.feed("POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000\r\n\r\n"_ba);
    QCOMPARE(parser.state(), HttpRequestParser::State::Failed);
    QCOMPARE(parser.errorStatus(), 413);
    QVERIFY(parser.errorMessage().contains(u"100 bytes"_s));
}

void tst_HttpRequest::refusesOversizedHead()
{
    HttpRequestParser parser;
    QByteArray raw = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: "_ba;
    raw += QByteArray(HttpRequestParser::kMaxHeadBytes, 'x');
    parser.feed(raw);
    QCOMPARE(parser.state(), HttpRequestParser::State::Failed);
    QCOMPARE(parser.errorStatus(), 431);

    HttpRequestParser complete;
    complete.feed(QByteArray(raw + "\r\n\r\n"));
    QCOMPARE(complete.errorStatus(), 431);
}

void tst_HttpRequest::refusesBinaryJunkAtOnce()
{
    HttpRequestParser parser;
    parser.feed(QByteArray::fromHex("160301020001"));
    QCOMPARE(parser.state(), HttpRequestParser::State::Failed);
    QCOMPARE(parser.errorStatus(), 400);
}

void tst_HttpRequest::expectContinue()
{
    HttpRequestParser parser;
    parser.feed("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n"_ba);
    QCOMPARE(parser.state(), HttpRequestParser::State::Body);
    QVERIFY(parser.expectsContinue());
    parser.feed("body"_ba);
    QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
    QVERIFY(!parser.expectsContinue());

    HttpRequestParser other;
    other.feed("POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 4\r\n\r\n"_ba);
    QCOMPARE(other.errorStatus(), 417);
}

void tst_HttpRequest::headerLookup()
{
    HttpRequestParser parser;
    parser.feed("GET / HTTP/1.1\r\nHOST: a\r\nAccept: application/json\r\naccept:  text/event-stream \r\n"
                "X-Empty:\r\n\r\n"_ba);
    const HttpRequest &request = parser.request();
    QCOMPARE(request.header("host"), "a"_ba);
    QCOMPARE(request.header("accept"), "application/json, text/event-stream"_ba);
    QVERIFY(request.headerHasToken("accept", "TEXT/EVENT-STREAM"));
    QVERIFY(!request.headerHasToken("accept", "text/plain"));
    QVERIFY(request.hasHeader("x-empty"));
    QVERIFY(!request.header("x-empty").isNull());
    QVERIFY(request.header("x-empty").isEmpty());
    QVERIFY(request.header("missing").isNull());
}

void tst_HttpRequest::keepAlive_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << "GET / HTTP/1.1\r\nHost: a\r\n\r\n"_ba << true;
    QTest::newRow("1.1 close") << "GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n"_ba << false;
    QTest::newRow("1.0 default") << "GET / HTTP/1.0\r\n\r\n"_ba << false;
    QTest::newRow("1.0 keep-alive") << "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba << true;
}

void tst_HttpRequest::keepAlive()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, keepAlive);
    HttpRequestParser parser;
    parser.feed(raw);
    QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
    QCOMPARE(parser.request().keepAlive(), keepAlive);
}

void tst_HttpRequest::webSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("upgrade");
    QTest::newRow("plain") << "GET /mcp HTTP/1.1\r\nHost: a\r\n\r\n"_ba << false;
    QTest::newRow("websocket") << "GET /mcp HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"_ba
                               << true;
    QTest::newRow("firefox style") << "GET /mcp HTTP/1.1\r\nHost: a\r\nUpgrade: WebSocket\r\n"
                                      "Connection: keep-alive, Upgrade\r\n\r\n"_ba
                                   << true;
    QTest::newRow("no connection") << "GET /mcp HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n"_ba << false;
    QTest::newRow("post") << "POST /mcp HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"_ba
                          << false;
    QTest::newRow("h2c") << "GET /mcp HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"_ba << false;
}

void tst_HttpRequest::webSocketUpgrade()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, upgrade);
    HttpRequestParser parser;
    parser.feed(raw);
    QVERIFY(parser.isHeadComplete());
    QCOMPARE(parser.request().isWebSocketUpgrade(), upgrade);
}

void tst_HttpRequest::queryItemsAreDecoded()
{
    HttpRequestParser parser;
    parser.feed("GET /mcp?session=a%2Db&token=s%C3%A9cret&flag HTTP/1.1\r\nHost: a\r\n\r\n"_ba);
    const HttpRequest &request = parser.request();
    QCOMPARE(request.queryItem(u"session"_s), u"a-b"_s);
    QCOMPARE(request.queryItem(u"token"_s), u"s\u00e9cret"_s);
    QVERIFY(!request.queryItem(u"flag"_s).isNull());
    QVERIFY(request.queryItem(u"missing"_s).isNull());
}

void tst_HttpRequest::serializesResponses()
{
    HttpResponse response = HttpResponse::text(200, "text/plain", "hi");
    response.setHeader("Mcp-Session-Id", "abc");
    const QByteArray bytes = response.serialize(true, 10);
    QVERIFY(bytes.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(bytes.contains("\r\nContent-Length: 2\r\n"));
    QVERIFY(bytes.contains("\r\nConnection: keep-alive\r\n"));
    QVERIFY(bytes.contains("\r\nKeep-Alive: timeout=10\r\n"));
    QVERIFY(bytes.contains("\r\nMcp-Session-Id: abc\r\n"));
    QVERIFY(bytes.contains("\r\nDate: "));
    QVERIFY(bytes.endsWith("\r\n\r\nhi"));

    const QByteArray closing = HttpResponse::empty(202).serialize(false);
    QVERIFY(closing.startsWith("HTTP/1.1 202 Accepted\r\n"));
    QVERIFY(closing.contains("\r\nContent-Length: 0\r\n"));
    QVERIFY(closing.contains("\r\nConnection: close\r\n"));
    QVERIFY(!closing.contains("Keep-Alive"));

    const QByteArray noContent = HttpResponse::empty(204).serialize(true);
    QVERIFY(!noContent.contains("Content-Length"));

    const QByteArray head = HttpResponse::text(200, "text/plain", "body").serialize(true, 0, true);
    QVERIFY(head.contains("Content-Length: 4"));
    QVERIFY(head.endsWith("\r\n\r\n"));
}

void tst_HttpRequest::serializesStreamHead()
{
    HttpResponse head = HttpResponse::empty(200);
    head.setHeader("Content-Type", "text/event-stream");
    const QByteArray bytes = head.serializeStreamHead(true);
    QVERIFY(bytes.contains("\r\nTransfer-Encoding: chunked\r\n"));
    QVERIFY(!bytes.contains("Content-Length"));
    QVERIFY(bytes.endsWith("\r\n\r\n"));
}

void tst_HttpRequest::errorBodyHasJsonRpcShape()
{
    const HttpResponse response = HttpResponse::error(401, u"a bearer token is required"_s);
    QCOMPARE(response.status, 401);
    QCOMPARE(response.header("content-type"), "application/json"_ba);
    const QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(body.value("jsonrpc"_L1).toString(), u"2.0"_s);
    QVERIFY(body.value("id"_L1).isNull());
    QCOMPARE(body.value("error"_L1).toObject().value("code"_L1).toInt(), -32004);
    QCOMPARE(body.value("error"_L1).toObject().value("message"_L1).toString(), u"a bearer token is required"_s);
    QCOMPARE(HttpResponse::rpcCodeForStatus(413), -32003);
    QCOMPARE(HttpResponse::rpcCodeForStatus(406), -32600);
    QCOMPARE(body.keys(), QStringList({u"error"_s, u"id"_s, u"jsonrpc"_s}));
}

void tst_HttpRequest::sseEvent_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("event");
    QTest::newRow("json") << "{\"a\":1}"_ba << "event: message\ndata: {\"a\":1}\n\n"_ba;
    QTest::newRow("empty") << QByteArray() << "event: message\ndata: \n\n"_ba;
    QTest::newRow("lf") << "a\nb"_ba << "event: message\ndata: a\ndata: b\n\n"_ba;
    QTest::newRow("crlf") << "a\r\nb"_ba << "event: message\ndata: a\ndata: b\n\n"_ba;
    QTest::newRow("cr") << "a\rb"_ba << "event: message\ndata: a\ndata: b\n\n"_ba;
    QTest::newRow("trailing newline") << "a\n"_ba << "event: message\ndata: a\ndata: \n\n"_ba;
}

void tst_HttpRequest::sseEvent()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, event);
    QCOMPARE(Sse::event(data), event);
}

void tst_HttpRequest::chunkedEncoding()
{
    QCOMPARE(Sse::chunk("hello"), "5\r\nhello\r\n"_ba);
    QCOMPARE(Sse::chunk(QByteArray(26, 'x')), "1a\r\n"_ba + QByteArray(26, 'x') + "\r\n"_ba);
    QCOMPARE(Sse::chunk(QByteArray()), QByteArray());
    QCOMPARE(Sse::lastChunk(), "0\r\n\r\n"_ba);
}

void tst_HttpRequest::hostValidation_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QStringList>("own"); // this machine's names, when listening beyond loopback
    QTest::newRow("localhost") << "localhost"_ba << QStringList() << true << QStringList();
    QTest::newRow("localhost port") << "LocalHost:8000"_ba << QStringList() << true << QStringList();
    QTest::newRow("fqdn localhost") << "localhost.:8000"_ba << QStringList() << true << QStringList();
    QTest::newRow("ipv4") << "127.0.0.1:1"_ba << QStringList() << true << QStringList();
    QTest::newRow("ipv6") << "[::1]:8000"_ba << QStringList() << true << QStringList();
    QTest::newRow("ipv6 no port") << "[::1]"_ba << QStringList() << true << QStringList();
    QTest::newRow("rebinding") << "evil.example:8000"_ba << QStringList() << false << QStringList();
    QTest::newRow("localhost suffix") << "localhost.evil.example"_ba << QStringList() << false << QStringList();
    QTest::newRow("other loopback") << "127.0.0.2"_ba << QStringList() << false << QStringList();
    QTest::newRow("unbracketed ipv6") << "::1"_ba << QStringList() << false << QStringList();
    QTest::newRow("bad port") << "localhost:80a"_ba << QStringList() << false << QStringList();
    QTest::newRow("userinfo") << "user@localhost"_ba << QStringList() << false << QStringList();
    QTest::newRow("empty") << QByteArray() << QStringList() << false << QStringList();
    QTest::newRow("allowed name") << "studio.lan:8000"_ba << QStringList{u"Studio.lan"_s} << true << QStringList();
    QTest::newRow("allowed name and port") << "studio.lan:8000"_ba << QStringList{u"studio.lan:8000"_s} << true << QStringList();
    QTest::newRow("allowed other port") << "studio.lan:9000"_ba << QStringList{u"studio.lan:8000"_s} << false << QStringList();
    const QStringList own{u"studio-box"_s, u"studio-box.local"_s, u"192.168.1.20"_s, u"[fe80::1]"_s};
    QTest::newRow("own name, any port") << "Studio-Box:8000"_ba << QStringList() << true << own;
    QTest::newRow("own mDNS name") << "studio-box.local:8000"_ba << QStringList() << true << own;
    QTest::newRow("own mDNS name, trailing dot") << "studio-box.local.:8000"_ba << QStringList() << true << own;
    QTest::newRow("own address") << "192.168.1.20:8000"_ba << QStringList() << true << own;
    QTest::newRow("own IPv6 address") << "[fe80::1]:8000"_ba << QStringList() << true << own;
    QTest::newRow("not ours") << "studio-box.evil.example:8000"_ba << QStringList() << false << own;
    QTest::newRow("another address") << "192.168.1.21:8000"_ba << QStringList() << false << own;
}

void tst_HttpRequest::hostValidation()
{
    QFETCH(QByteArray, host);
    QFETCH(QStringList, allowed);
    QFETCH(bool, ok);
    QFETCH(QStringList, own);
    QCOMPARE(HttpAccess::isHostAllowed(host, allowed, own), ok);
}

void tst_HttpRequest::originValidation_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<bool>("ok");
    QTest::newRow("http localhost") << "http://localhost:3000"_ba << QStringList() << true;
    QTest::newRow("https loopback") << "https://127.0.0.1"_ba << QStringList() << true;
    QTest::newRow("ipv6") << "http://[::1]:5173"_ba << QStringList() << true;
    QTest::newRow("evil") << "https://evil.example"_ba << QStringList() << false;
    QTest::newRow("localhost lookalike") << "http://localhost.evil.example"_ba << QStringList() << false;
    QTest::newRow("null") << "null"_ba << QStringList() << false;
    QTest::newRow("file") << "file://"_ba << QStringList() << false;
    QTest::newRow("extension") << "chrome-extension://abc"_ba << QStringList() << false;
    QTest::newRow("allowed") << "https://App.Example"_ba << QStringList{u"https://app.example/"_s} << true;
    QTest::newRow("not allowed port") << "https://app.example:444"_ba << QStringList{u"https://app.example"_s}
                                      << false;
    QTest::newRow("wildcard") << "https://any.example"_ba << QStringList{u"*"_s} << true;
}

void tst_HttpRequest::originValidation()
{
    QFETCH(QByteArray, origin);
    QFETCH(QStringList, allowed);
    QFETCH(bool, ok);
    QCOMPARE(HttpAccess::isOriginAllowed(origin, allowed), ok);
}

void tst_HttpRequest::bearerToken_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("ok");
    QTest::newRow("match") << "Bearer s3cret"_ba << u"s3cret"_s << true;
    QTest::newRow("scheme case") << "bearer s3cret"_ba << u"s3cret"_s << true;
    QTest::newRow("wrong") << "Bearer s3cres"_ba << u"s3cret"_s << false;
    QTest::newRow("prefix") << "Bearer s3cre"_ba << u"s3cret"_s << false;
    QTest::newRow("longer") << "Bearer s3crett"_ba << u"s3cret"_s << false;
    QTest::newRow("basic") << "Basic s3cret"_ba << u"s3cret"_s << false;
    QTest::newRow("no scheme") << "s3cret"_ba << u"s3cret"_s << false;
    QTest::newRow("empty") << QByteArray() << u"s3cret"_s << false;
    QTest::newRow("no token configured") << "Bearer "_ba << QString() << false;
}

void tst_HttpRequest::bearerToken()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QString, token);
    QFETCH(bool, ok);
    QCOMPARE(HttpAccess::bearerMatches(authorization, token), ok);
}

QTEST_APPLESS_MAIN(tst_HttpRequest)

#include "tst_httprequest.moc"
