// SPDX-License-Identifier: MIT
// Where Qt 6.4's WebSocket implementation (QWebSocketServer / QWebSocket, which the endpoint's
// WebSocket transport is built on) departs from RFC 6455, recorded with raw frames over a
// QTcpSocket against the endpoint on 127.0.0.1 port 0 (real engine, fake Ollama). README.md,
// "Known limits", describes both for users.
//
// Each case checks the RFC's behaviour under QEXPECT_FAIL and then asserts exactly what Qt
// 6.4.2 does. When a Qt update changes the behaviour, the expected failure passes (XPASS fails
// the test) and the assertion of the old behaviour fails: update this file and the README.
// Neither is fixed in Qt 6.4.2 (Debian 12); a later Qt may fix them (version unknown).
#include <engine/engineclient.h>
#include <mcp/mcpserver.h>
#include <mcp/transport/mcplistener.h>

#include "endpointfixture.h"
#include "enginefixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Mcp;
using namespace StudioTest;

namespace {

enum Opcode : quint8 { Continuation = 0x0, Text = 0x1, Close = 0x8, Ping = 0x9, Pong = 0xA };

/** One client frame, exactly as given: FIN bit, opcode, payload, masked (as RFC 6455 §5.3 requires
 *  of clients) or not. */
QByteArray clientFrame(quint8 opcode, bool fin, const QByteArray &payload, bool masked = true)
{
    QByteArray frame;
    frame += char((fin ? 0x80 : 0x00) | opcode);
    const quint8 maskBit = masked ? 0x80 : 0x00;
    const quint64 size = quint64(payload.size());
    if (size < 126) {
        frame += char(maskBit | size);
    } else if (size <= 0xffff) {
        frame += char(maskBit | 126);
        frame += char(size >> 8);
        frame += char(size & 0xff);
    } else {
        frame += char(maskBit | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += char((size >> shift) & 0xff);
    }
    if (!masked)
        return frame + payload;
    const char key[4] = {'\x37', '\xfa', '\x21', '\x3d'};
    frame.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame += char(payload[i] ^ key[i % 4]);
    return frame;
}

struct ServerFrame
{
    bool fin = false;
    quint8 opcode = 0;
    QByteArray payload;
};

/** A WebSocket client on a raw socket: the opening handshake (subprotocol mcp), then frames as
 *  given; every frame the server sends is parsed (server frames are never masked). */
class RawWebSocket
{
public:
    explicit RawWebSocket(quint16 port) : m_port(port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { read(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { disconnected = true; });
    }
    ~RawWebSocket()
    {
        socket.disconnect();
        socket.abort();
    }

    /** Connects and completes the handshake; empty, or what went wrong. */
    QString open()
    {
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000))
            return u"no connection: "_s + socket.errorString();
        socket.write("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
                     + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                       "Sec-WebSocket-Protocol: mcp\r\n\r\n");
        if (!QTest::qWaitFor([&] { return !head.isEmpty() || disconnected; }, 10000))
            return u"no handshake response"_s;
        if (!head.startsWith("HTTP/1.1 101"))
            return u"handshake refused: "_s + QString::fromLatin1(head);
        if (!head.toLower().contains("\r\nsec-websocket-protocol: mcp\r\n"))
            return u"subprotocol mcp not selected: "_s + QString::fromLatin1(head);
        return {};
    }

    void send(const QByteArray &bytes) { socket.write(bytes); }

    /** The payload of the first complete text message that is a JSON-RPC response with this id. */
    QJsonObject response(int id) const
    {
        QByteArray message;
        for (const ServerFrame &frame : frames) {
            if (frame.opcode == Text)
                message = frame.payload;
            else if (frame.opcode == Continuation)
                message += frame.payload;
            else
                continue;
            if (!frame.fin)
                continue;
            const QJsonObject object = QJsonDocument::fromJson(message).object();
            if (object.value("id"_L1) == id)
                return object;
        }
        return {};
    }
    /** The close frame's status code (RFC 6455 §5.5.1), -1 when none came, 1005 when it had none. */
    int closeCode() const
    {
        for (const ServerFrame &frame : frames) {
            if (frame.opcode == Close)
                return frame.payload.size() >= 2 ? (quint8(frame.payload[0]) << 8) | quint8(frame.payload[1]) : 1005;
        }
        return -1;
    }
    QByteArray closeReason() const
    {
        for (const ServerFrame &frame : frames) {
            if (frame.opcode == Close)
                return frame.payload.mid(2);
        }
        return {};
    }

    /** Waits until the server answered `id`, sent a close frame or dropped the connection. */
    bool waitForOutcome(int id, int timeoutMs = 10000) const
    {
        return QTest::qWaitFor([&] { return !response(id).isEmpty() || closeCode() != -1 || disconnected; },
                               timeoutMs);
    }

    /** "answered", "close <code> <reason>" or "dropped without a close frame": what the server did. */
    QString outcome(int id) const
    {
        if (!response(id).isEmpty())
            return u"answered"_s;
        if (closeCode() != -1)
            return u"close %1 %2"_s.arg(closeCode()).arg(QString::fromUtf8(closeReason()));
        return disconnected ? u"dropped without a close frame"_s : u"nothing yet"_s;
    }

    QTcpSocket socket;
    QByteArray head;
    QList<ServerFrame> frames;
    bool disconnected = false;

private:
    void read()
    {
        m_buffer += socket.readAll();
        if (head.isEmpty()) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            head = m_buffer.left(end + 4);
            m_buffer.remove(0, end + 4);
        }
        for (;;) {
            if (m_buffer.size() < 2)
                return;
            const quint8 first = quint8(m_buffer[0]);
            const quint8 second = quint8(m_buffer[1]);
            qsizetype at = 2;
            quint64 size = second & 0x7f;
            if (size == 126) {
                if (m_buffer.size() < 4)
                    return;
                size = (quint64(quint8(m_buffer[2])) << 8) | quint8(m_buffer[3]);
                at = 4;
            } else if (size == 127) {
                if (m_buffer.size() < 10)
                    return;
                size = 0;
                for (int i = 2; i < 10; ++i)
                    size = (size << 8) | quint8(m_buffer[i]);
                at = 10;
            }
            if (quint64(m_buffer.size() - at) < size)
                return;
            frames.append({bool(first & 0x80), quint8(first & 0x0f), m_buffer.mid(at, qsizetype(size))});
            m_buffer.remove(0, at + qsizetype(size));
        }
    }

    quint16 m_port;
    QByteArray m_buffer;
};

/** An initialize request whose client name holds a two-byte UTF-8 character ("ü" = C3 BC). */
QByteArray initializeWithUmlaut(int id)
{
    return R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id)
           + R"(,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},)"
             R"("clientInfo":{"name":"z)" "\xc3\xbc" R"(rich","version":"1"}}})";
}

} // namespace

class tst_WebSocketQtLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void fragmentedTextSplitBetweenCharactersIsAnswered();
    void fragmentedTextSplitInsideACharacterIsRejected();
    void unmaskedClientFrameIsAccepted();

private:
    std::unique_ptr<EngineFixture> m_engine;
    EndpointFixture m_mcp;
};

void tst_WebSocketQtLimits::init()
{
    m_engine = std::make_unique<EngineFixture>();
    const QString failure = m_engine->start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(m_mcp.start(m_engine->host->client(), ServerOptions{}));
}

void tst_WebSocketQtLimits::cleanup()
{
    m_mcp.stop();
    m_engine.reset();
}

// The control for the next case: the same message in two frames, split before the "ü". Qt
// reassembles fragmented text messages; the endpoint answers.
void tst_WebSocketQtLimits::fragmentedTextSplitBetweenCharactersIsAnswered()
{
    RawWebSocket ws(m_mcp.endpoint->port());
    const QString failure = ws.open();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const QByteArray message = initializeWithUmlaut(1);
    const qsizetype umlaut = message.indexOf("\xc3\xbc");
    QVERIFY(umlaut > 0);
    ws.send(clientFrame(Text, false, message.left(umlaut)));
    ws.send(clientFrame(Continuation, true, message.mid(umlaut)));
    QVERIFY(ws.waitForOutcome(1));
    QCOMPARE(ws.outcome(1), u"answered"_s);
    QVERIFY(ws.response(1).value("result"_L1).toObject().contains("protocolVersion"_L1));
}

// RFC 6455 §5.6 / §8.1: a text message is UTF-8 as a whole; a fragment may end inside a
// character (the first frame ends with C3, the continuation starts with BC), and only an invalid
// *message* fails the connection. Qt 6.4.2 validates each frame's payload as UTF-8 on its own
// (QWebSocketDataProcessor), so it fails this valid message with close code 1007 (invalid frame
// payload data) and the endpoint never sees it. Not fixed in Qt 6.4.2; a later Qt may fix it
// (version unknown). Clients that fragment (most send each message in one frame) must split on
// character boundaries.
void tst_WebSocketQtLimits::fragmentedTextSplitInsideACharacterIsRejected()
{
    RawWebSocket ws(m_mcp.endpoint->port());
    const QString failure = ws.open();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const QByteArray message = initializeWithUmlaut(1);
    const qsizetype inside = message.indexOf("\xc3\xbc") + 1; // after C3, before BC
    QVERIFY(inside > 1);
    ws.send(clientFrame(Text, false, message.left(inside)));
    ws.send(clientFrame(Continuation, true, message.mid(inside)));
    QVERIFY(ws.waitForOutcome(1));
    const QString outcome = ws.outcome(1);
    qInfo("observed: %s", qPrintable(outcome));

    QEXPECT_FAIL("", "Qt 6.4.2 checks UTF-8 per frame, not per message (RFC 6455 §5.6); version that fixes it unknown",
                 Continue);
    QCOMPARE(outcome, u"answered"_s);
    // What Qt 6.4.2 does: a close frame with 1007 and Qt's reason, the message is not delivered,
    // and the connection ends.
    QCOMPARE(outcome, u"close 1007 Invalid UTF-8 code encountered."_s);
    QVERIFY(ws.response(1).isEmpty());
    QTRY_VERIFY(ws.disconnected || ws.socket.state() != QAbstractSocket::ConnectedState);
}

// RFC 6455 §5.1: "The server MUST close the connection upon receiving a frame that is not
// masked" (a client frame without the mask bit; status 1002 protocol error, §7.4.1). Qt 6.4.2
// does not check the mask bit of frames a server receives: it reads the payload as it is and
// delivers the message, and the endpoint answers it like any other. Not fixed in Qt 6.4.2; a
// later Qt may fix it (version unknown). Harmless on loopback (masking protects proxies, not
// servers), but a non-conforming client is not told so.
void tst_WebSocketQtLimits::unmaskedClientFrameIsAccepted()
{
    RawWebSocket ws(m_mcp.endpoint->port());
    const QString failure = ws.open();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    ws.send(clientFrame(Text, true, initializeWithUmlaut(1), false));
    QVERIFY(ws.waitForOutcome(1));
    const QString outcome = ws.outcome(1);
    qInfo("observed: %s", qPrintable(outcome));

    QEXPECT_FAIL("", "Qt 6.4.2 accepts unmasked client frames (RFC 6455 §5.1); version that fixes it unknown",
                 Continue);
    QVERIFY2(outcome.startsWith(u"close 1002"_s) || outcome == u"dropped without a close frame"_s,
             qPrintable(outcome));
    // What Qt 6.4.2 does: the unmasked message is answered and the connection stays usable; a
    // second unmasked frame (ping, the request) is answered too.
    QCOMPARE(outcome, u"answered"_s);
    QCOMPARE(ws.response(1).value("result"_L1).toObject().value("protocolVersion"_L1).toString(), u"2025-06-18"_s);
    ws.send(clientFrame(Text, true, R"({"jsonrpc":"2.0","id":2,"method":"ping"})"_ba, false));
    QVERIFY(ws.waitForOutcome(2));
    QCOMPARE(ws.outcome(2), u"answered"_s);
    QCOMPARE(ws.socket.state(), QAbstractSocket::ConnectedState);
}

QTEST_GUILESS_MAIN(tst_WebSocketQtLimits)

#include "tst_websocketqtlimits.moc"
