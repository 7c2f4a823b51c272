// SPDX-License-Identifier: MIT
#pragma once

// A raw HTTP/1.1 test client for the endpoint tests: it sends bytes exactly as given (so tests
// can send malformed requests) and parses every response on the connection. Test-only.

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTcpSocket>
#include <QTest>

namespace StudioTest {

struct HttpReply
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;                        // de-chunked
    bool chunked = false;
    bool complete = false;

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    /** The JSON data of every SSE event in the body so far (comments skipped). */
    QList<QJsonObject> events() const
    {
        QList<QJsonObject> events;
        for (const QByteArray &block : body.split('\n')) {
            if (block.startsWith("data: "))
                events.append(QJsonDocument::fromJson(block.mid(6)).object());
        }
        return events;
    }
};

/** An HTTP/1.1 client on a raw socket: sends bytes as given, parses every response on the
 *  connection (Content-Length, chunked or until close), skipping interim 1xx responses. */
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { parse(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
            parse();
            if (m_inBody && !m_chunked && m_length < 0)
                replies.last().complete = true;
            closed = true;
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    ~RawClient()
    {
        m_socket.disconnect();
        m_socket.abort();
    }

    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    int completeCount() const
    {
        return int(std::count_if(replies.cbegin(), replies.cend(), [](const HttpReply &r) { return r.complete; }));
    }
    bool waitForComplete(int count = 1, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return completeCount() >= count; }, timeoutMs);
    }
    bool waitForHead(int count = 1, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return replies.size() >= count; }, timeoutMs);
    }
    bool waitForClosed(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return closed; }, timeoutMs);
    }

    QList<HttpReply> replies;
    QList<int> interim; // 1xx statuses seen
    bool closed = false;
    QTcpSocket m_socket;

private:
    void parse()
    {
        if (m_socket.isOpen())
            m_buffer += m_socket.readAll();
        for (;;) {
            if (!m_inBody) {
                const qsizetype end = m_buffer.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QList<QByteArray> lines = m_buffer.left(end).split('\n');
                m_buffer.remove(0, end + 4);
                HttpReply reply;
                reply.status = lines.first().split(' ').value(1).toInt();
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const QByteArray line = lines.at(i).trimmed();
                    const qsizetype colon = line.indexOf(':');
                    reply.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
                }
                if (reply.status < 200) {
                    interim.append(reply.status);
                    continue;
                }
                m_chunked = reply.header("transfer-encoding") == "chunked";
                reply.chunked = m_chunked;
                m_length = reply.headers.contains("content-length") ? reply.header("content-length").toLongLong() : -1;
                if (reply.status == 204)
                    m_length = 0;
                replies.append(reply);
                m_inBody = true;
            }
            HttpReply &reply = replies.last();
            if (m_chunked) {
                for (;;) {
                    const qsizetype eol = m_buffer.indexOf("\r\n");
                    if (eol < 0)
                        return;
                    const qsizetype size = m_buffer.left(eol).toLongLong(nullptr, 16);
                    if (size == 0) {
                        if (m_buffer.size() < eol + 4)
                            return;
                        m_buffer.remove(0, eol + 4);
                        break;
                    }
                    if (m_buffer.size() < eol + 2 + size + 2)
                        return;
                    reply.body += m_buffer.mid(eol + 2, size);
                    m_buffer.remove(0, eol + 2 + size + 2);
                }
            } else if (m_length >= 0) {
                if (m_buffer.size() < m_length)
                    return;
                reply.body = m_buffer.left(m_length);
                m_buffer.remove(0, m_length);
            } else {
                reply.body += m_buffer;
                m_buffer.clear();
                return; // until the connection closes
            }
            reply.complete = true;
            m_inBody = false;
        }
    }

    QByteArray m_buffer;
    bool m_inBody = false;
    bool m_chunked = false;
    qint64 m_length = -1;
};

} // namespace StudioTest
