// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QUrl>

#include <utility>

class QTcpSocket;

namespace Studio::Llm {

/** @brief One streamed HTTP/1.1 POST on a socket of its own, read on the owner's thread: what a
 *  model's reply stream needs that QNetworkAccessManager does not give.
 *
 *  QNetworkAccessManager reads on a thread of its own, without a bound when the reply's buffer
 *  size is set after the request started, and a fast endless stream keeps that thread in its
 *  read loop, so an abort() never reaches the socket: a runaway model could fill the memory and
 *  keep generating. Here the socket's read buffer is bounded (the kernel then holds the sender
 *  back), and abort() closes the connection at once, which is how a model server learns to stop.
 *
 *  The request goes out with "Connection: close" (one request per connection). The body may
 *  come chunked (decoded here), with a Content-Length, or until the server closes. http and
 *  https URLs. Thread: the owner's; signals are emitted from its event loop, never from post()
 *  or abort(). */
class HttpStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpStream)

public:
    /** How the exchange failed; None while it runs or when it ended well. */
    enum class Failure {
        None,
        ConnectionRefused, // nothing listens: safe to try again
        HostNotFound,
        ClosedBeforeAnswer, // the connection ended before any byte of the answer: safe to try again
        ClosedInBody,       // the body was cut off
        Protocol,           // not HTTP/1.x, or a malformed head or chunk
        Network,            // any other socket error
    };

    static constexpr qsizetype kMaxHeadBytes = 64 * 1024;
    static constexpr qint64 kSocketReadBufferBytes = 256 * 1024;

    explicit HttpStream(QObject *parent = nullptr);
    ~HttpStream() override;

    void post(const QUrl &url, const QByteArray &contentType, const QByteArray &body,
              const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    /** Closes the connection now; no signal follows. */
    void abort();

    int status() const { return m_status; } // 0 until the head arrived
    QByteArray header(QByteArrayView lowerCaseName) const;
    /** The decoded body bytes that arrived since the last call. */
    QByteArray readAll() { return std::exchange(m_body, {}); }
    bool isFinished() const { return m_finished; }
    Failure failure() const { return m_failure; }
    QString errorString() const { return m_errorString; }

Q_SIGNALS:
    void requestSent();  // every byte of the request was written
    void headReceived(); // status() and header() are known
    void readyRead();    // body bytes to take with readAll()
    void finished();     // the body ended, or failure() says why not; once

private:
    void handleConnected();
    void handleReadyRead();
    void handleDisconnected();
    void handleError(QAbstractSocket::SocketError error);
    bool parseHead();
    bool decodeBody();
    void fail(Failure failure, const QString &why);
    void finish();

    QTcpSocket *m_socket = nullptr;
    QByteArray m_request;
    qint64 m_unwritten = 0;
    QByteArray m_in;   // raw bytes not yet parsed
    QByteArray m_body; // decoded body bytes not yet taken
    int m_status = 0;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    bool m_headDone = false;
    bool m_chunked = false;
    qint64 m_remaining = -1;     // Content-Length left, or the current chunk's; -1: until close
    bool m_inChunkData = false;  // inside a chunk's data (m_remaining bytes left, then CRLF)
    bool m_sawAnyByte = false;
    bool m_finished = false;
    Failure m_failure = Failure::None;
    QString m_errorString;
};

} // namespace Studio::Llm
