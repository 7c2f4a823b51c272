// SPDX-License-Identifier: MIT
#include "httpstream.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Studio::Llm {

namespace {

constexpr qsizetype kMaxChunkLineBytes = 1024;

bool isLoopbackHost(const QString &host)
{
    return host == "localhost"_L1 || QHostAddress(host).isLoopback();
}

} // namespace

HttpStream::HttpStream(QObject *parent)
    : QObject(parent)
{
}

HttpStream::~HttpStream()
{
    abort();
}

void HttpStream::post(const QUrl &url, const QByteArray &contentType, const QByteArray &body,
                      const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    const bool secure = url.scheme() == "https"_L1;
    const quint16 port = quint16(url.port(secure ? 443 : 80));
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (url.port() > 0)
        host += ':' + QByteArray::number(port);

    m_request = "POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + QByteArray::number(body.size())
                + "\r\nConnection: close\r\nUser-Agent: persona-studio\r\n";
    for (const auto &[name, value] : headers)
        m_request += name + ": " + value + "\r\n";
    m_request += "\r\n" + body;

    QTcpSocket *socket = secure ? new QSslSocket(this) : new QTcpSocket(this);
    m_socket = socket;
    // A desktop's proxy must not capture a local model server.
    if (isLoopbackHost(url.host()))
        socket->setProxy(QNetworkProxy::NoProxy);
    // Bounded: when we fall behind, the kernel's window holds the sender back.
    socket->setReadBufferSize(kSocketReadBufferBytes);
    connect(socket, &QAbstractSocket::errorOccurred, this, &HttpStream::handleError);
    connect(socket, &QTcpSocket::readyRead, this, &HttpStream::handleReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpStream::handleDisconnected);
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) {
        m_unwritten -= bytes;
        if (m_unwritten <= 0 && !m_finished) {
            m_unwritten = 0;
            Q_EMIT requestSent();
        }
    });
    if (secure) {
        auto *ssl = static_cast<QSslSocket *>(socket);
        connect(ssl, &QSslSocket::encrypted, this, &HttpStream::handleConnected);
        ssl->connectToHostEncrypted(url.host(), port);
    } else {
        connect(socket, &QTcpSocket::connected, this, &HttpStream::handleConnected);
        socket->connectToHost(url.host(), port);
    }
}

void HttpStream::abort()
{
    m_finished = true;
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
}

QByteArray HttpStream::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[name, value] : m_headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

void HttpStream::handleConnected()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_unwritten = m_request.size();
    m_socket->write(m_request);
}

void HttpStream::handleReadyRead()
{
    if (m_finished || !m_socket)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (bytes.isEmpty())
        return;
    m_sawAnyByte = true;
    m_in.append(bytes);
    if (!m_headDone) {
        if (!parseHead())
            return;
        if (m_finished)
            return;
        Q_EMIT headReceived();
        if (m_finished) // a slot aborted
            return;
    }
    const qsizetype before = m_body.size();
    const bool ended = decodeBody();
    if (m_finished)
        return;
    if (m_body.size() > before)
        Q_EMIT readyRead();
    if (ended && !m_finished)
        finish();
}

bool HttpStream::parseHead()
{
    for (;;) {
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_in.size() > kMaxHeadBytes)
                fail(Failure::Protocol, u"the answer's head is larger than %1 KiB"_s.arg(kMaxHeadBytes / 1024));
            return false;
        }
        const QList<QByteArray> lines = m_in.first(end).split('\n');
        m_in.remove(0, end + 4);
        const QByteArray statusLine = lines.constFirst().trimmed();
        // "HTTP/1.1 200 OK": a version, a three-digit status, an optional reason.
        bool ok = false;
        const int status = statusLine.split(' ').value(1).toInt(&ok);
        if (!statusLine.startsWith("HTTP/1.") || !ok || status < 100 || status > 999) {
            fail(Failure::Protocol, u"the answer is not HTTP/1.x: %1"_s.arg(QString::fromLatin1(statusLine.left(80))));
            return false;
        }
        if (status < 200)
            continue; // an interim answer (100 Continue): the real one follows
        m_status = status;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                m_headers.append({line.first(colon).trimmed().toLower(), line.sliced(colon + 1).trimmed()});
        }
        m_chunked = header("transfer-encoding").toLower().contains("chunked");
        const QByteArray length = header("content-length");
        m_remaining = !m_chunked && !length.isEmpty() ? length.toLongLong(&ok) : -1;
        if (!ok)
            m_remaining = -1;
        m_headDone = true;
        return true;
    }
}

bool HttpStream::decodeBody()
{
    if (!m_chunked) {
        if (m_remaining < 0) { // until the server closes
            m_body.append(std::exchange(m_in, {}));
            return false;
        }
        const qsizetype take = qMin<qsizetype>(m_remaining, m_in.size());
        m_body.append(m_in.first(take));
        m_in.remove(0, take);
        m_remaining -= take;
        return m_remaining == 0;
    }
    for (;;) {
        if (m_inChunkData) {
            if (m_remaining > 0) {
                const qsizetype take = qMin<qsizetype>(m_remaining, m_in.size());
                m_body.append(m_in.first(take));
                m_in.remove(0, take);
                m_remaining -= take;
                if (m_remaining > 0)
                    return false;
            }
            if (m_in.size() < 2)
                return false;
            if (!m_in.startsWith("\r\n")) {
                fail(Failure::Protocol, u"a chunk of the answer does not end with CRLF"_s);
                return false;
            }
            m_in.remove(0, 2);
            m_inChunkData = false;
        }
        const qsizetype eol = m_in.indexOf("\r\n");
        if (eol < 0) {
            if (m_in.size() > kMaxChunkLineBytes)
                fail(Failure::Protocol, u"a chunk size line of the answer is too long"_s);
            return false;
        }
        QByteArray sizeText = m_in.first(eol);
        m_in.remove(0, eol + 2);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon); // chunk extensions are ignored
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0) {
            fail(Failure::Protocol, u"a chunk size of the answer is not hexadecimal"_s);
            return false;
        }
        if (size == 0)
            return true; // the last chunk; trailers, if any, are not read
        m_remaining = size;
        m_inChunkData = true;
    }
}

void HttpStream::handleDisconnected()
{
    if (m_finished)
        return;
    handleReadyRead(); // what is still buffered
    if (m_finished)
        return;
    if (!m_headDone)
        return fail(m_sawAnyByte ? Failure::Protocol : Failure::ClosedBeforeAnswer,
                    m_sawAnyByte ? u"the connection closed in the middle of the answer's head"_s
                                 : u"the connection closed before any answer"_s);
    if (m_chunked || m_remaining > 0)
        return fail(Failure::ClosedInBody, u"the connection closed before the answer was complete"_s);
    finish();
}

void HttpStream::handleError(QAbstractSocket::SocketError error)
{
    if (m_finished || !m_socket)
        return;
    switch (error) {
    case QAbstractSocket::RemoteHostClosedError:
        return handleDisconnected();
    case QAbstractSocket::ConnectionRefusedError:
        return fail(Failure::ConnectionRefused, u"Connection refused"_s);
    case QAbstractSocket::HostNotFoundError:
        return fail(Failure::HostNotFound, u"Host %1 not found"_s.arg(m_socket->peerName()));
    default:
        return fail(m_headDone ? Failure::ClosedInBody : (m_sawAnyByte ? Failure::Protocol : Failure::Network),
                    m_socket->errorString());
    }
}

void HttpStream::fail(Failure failure, const QString &why)
{
    if (m_finished)
        return;
    m_failure = failure;
    m_errorString = why;
    finish();
}

void HttpStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort(); // "Connection: close" anyway; nothing more to read
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    // Never from inside post() or abort(): a slot may delete this object.
    Q_EMIT finished();
}

} // namespace Studio::Llm
