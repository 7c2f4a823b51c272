// SPDX-License-Identifier: MIT
#include <llm/httpstream.h>

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio::Llm;

namespace {

/** Answers the first request on each connection with `answer`, written `piece` bytes at a time
 *  (0: at once), then closes when `closeAfter` is set. */
class CannedServer : public QObject
{
public:
    QByteArray answer;
    int piece = 0;
    bool closeAfter = true;
    QByteArray received;
    QPointer<QTcpSocket> connection;
    bool peerClosed = false;

    CannedServer()
    {
        QObject::connect(&server, &QTcpServer::newConnection, this, [this] {
            connection = server.nextPendingConnection();
            QObject::connect(connection, &QTcpSocket::disconnected, this, [this] { peerClosed = true; });
            QObject::connect(connection, &QTcpSocket::readyRead, this, [this] {
                received += connection->readAll();
                if (!received.contains("\r\n\r\n") || answered)
                    return;
                answered = true;
                if (piece <= 0) {
                    connection->write(answer);
                } else {
                    for (qsizetype at = 0; at < answer.size(); at += piece) {
                        connection->write(answer.mid(at, piece));
                        connection->flush();
                    }
                }
                if (closeAfter)
                    connection->disconnectFromHost();
            });
        });
        server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/api/chat"_s.arg(server.serverPort())); }

    QTcpServer server;
    bool answered = false;
};

struct Outcome
{
    int status = 0;
    QByteArray body;
    HttpStream::Failure failure = HttpStream::Failure::None;
};

Outcome exchange(const QUrl &url)
{
    HttpStream stream;
    Outcome outcome;
    QObject::connect(&stream, &HttpStream::readyRead, &stream, [&] { outcome.body += stream.readAll(); });
    QSignalSpy finished(&stream, &HttpStream::finished);
    stream.post(url, "application/json", R"({"model":"m"})");
    if (!finished.wait(5000))
        qWarning("no finished()");
    outcome.body += stream.readAll();
    outcome.status = stream.status();
    outcome.failure = stream.failure();
    return outcome;
}

} // namespace

class tst_HttpStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAnswers_data();
    void readsAnswers();
    void sendsAPostWithItsBody();
    void refusedConnection();
    void abortClosesTheConnectionAtOnce();
};

void tst_HttpStream::readsAnswers_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("failure");
    const int none = int(HttpStream::Failure::None);
    QTest::newRow("chunked") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"_ba
                             << false << 200 << "hello world"_ba << none;
    QTest::newRow("chunked, upper-case hex") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"_ba
                                             << false << 200 << "0123456789"_ba << none;
    QTest::newRow("content length") << "HTTP/1.1 404 Not Found\r\nContent-Length: 19\r\n\r\n{\"error\":\"missing\"}"_ba
                                    << false << 404 << "{\"error\":\"missing\"}"_ba << none;
    QTest::newRow("until close") << "HTTP/1.0 200 OK\r\n\r\nline one\nline two\n"_ba << true << 200
                                 << "line one\nline two\n"_ba << none;
    QTest::newRow("interim 100 first") << "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"_ba
                                       << false << 200 << "ok"_ba << none;
    QTest::newRow("chunked body cut off") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"_ba << true
                                          << 200 << "hel"_ba << int(HttpStream::Failure::ClosedInBody);
    QTest::newRow("length body cut off") << "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"_ba << true << 200 << "abc"_ba
                                         << int(HttpStream::Failure::ClosedInBody);
    QTest::newRow("not HTTP") << "SSH-2.0-OpenSSH_9.2\r\n\r\n"_ba << true << 0 << QByteArray()
                              << int(HttpStream::Failure::Protocol);
    QTest::newRow("bad chunk size") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n"_ba << true << 200
                                    << QByteArray() << int(HttpStream::Failure::Protocol);
    QTest::newRow("closed before any answer") << QByteArray() << true << 0 << QByteArray()
                                              << int(HttpStream::Failure::ClosedBeforeAnswer);
}

void tst_HttpStream::readsAnswers()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, closeAfter);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, failure);
    // Whole, and one byte at a time: every split point of the head, the chunk lines and the body.
    for (const int piece : {0, 1, 3}) {
        CannedServer server;
        server.answer = answer;
        server.piece = piece;
        server.closeAfter = closeAfter;
        const Outcome outcome = exchange(server.url());
        QCOMPARE(outcome.status, status);
        QCOMPARE(outcome.body, body);
        QCOMPARE(int(outcome.failure), failure);
    }
}

void tst_HttpStream::sendsAPostWithItsBody()
{
    CannedServer server;
    server.answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"_ba;
    const Outcome outcome = exchange(server.url());
    QCOMPARE(outcome.status, 200);
    QVERIFY(server.received.startsWith("POST /api/chat HTTP/1.1\r\n"));
    QVERIFY(server.received.contains("\r\nHost: 127.0.0.1:"));
    QVERIFY(server.received.contains("\r\nContent-Type: application/json\r\n"));
    QVERIFY(server.received.contains("\r\nContent-Length: 13\r\n"));
    QVERIFY(server.received.contains("\r\nConnection: close\r\n"));
    QVERIFY(server.received.endsWith("\r\n\r\n{\"model\":\"m\"}"));
}

void tst_HttpStream::refusedConnection()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QUrl url(u"http://127.0.0.1:%1/api/chat"_s.arg(probe.serverPort()));
    probe.close();
    const Outcome outcome = exchange(url);
    QCOMPARE(int(outcome.failure), int(HttpStream::Failure::ConnectionRefused));
    QCOMPARE(outcome.status, 0);
}

void tst_HttpStream::abortClosesTheConnectionAtOnce()
{
    CannedServer server;
    server.answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"_ba;
    server.closeAfter = false; // a stream that never ends
    HttpStream stream;
    QSignalSpy readyRead(&stream, &HttpStream::readyRead);
    QSignalSpy finished(&stream, &HttpStream::finished);
    stream.post(server.url(), "application/json", "{}");
    QVERIFY(readyRead.wait(5000));
    QCOMPARE(stream.readAll(), "hello"_ba);
    stream.abort();
    QTRY_VERIFY_WITH_TIMEOUT(server.peerClosed, 5000);
    QCOMPARE(finished.size(), 0); // no signal after abort()
}

QTEST_GUILESS_MAIN(tst_HttpStream)
#include "tst_httpstream.moc"
