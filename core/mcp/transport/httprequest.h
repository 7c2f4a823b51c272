// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

class QJsonObject;

namespace Studio::Mcp {

/** One HTTP/1.x request as the endpoint serves it: no chunked bodies, names of headers in
 *  lower case (RFC 9110 §5.1: field names are case-insensitive). A value type. */
struct HttpRequest
{
    QByteArray method;  // case-sensitive (RFC 9110 §9.1): "GET", "POST", ...
    QByteArray target;  // the request-target as sent ("/mcp?session=x"); absolute-form reduced to its path
    QByteArray path;    // target up to '?', not percent-decoded
    QByteArray query;   // after '?', empty when none
    int minorVersion = 1; // HTTP/1.<minorVersion>
    QList<std::pair<QByteArray, QByteArray>> headers; // lower-case names, trimmed values, in order
    QByteArray body;

    /** The field's value; repeated fields are joined with ", " (RFC 9110 §5.3). Null when absent. */
    QByteArray header(QByteArrayView lowerCaseName) const;
    bool hasHeader(QByteArrayView lowerCaseName) const;
    /** A query parameter, percent-decoded; null when absent. */
    QString queryItem(const QString &name) const;
    /** HTTP/1.1 keeps the connection unless "Connection: close"; 1.0 only with "keep-alive". */
    bool keepAlive() const;
    /** GET with "Upgrade: websocket" and a "Connection" that lists "upgrade" (RFC 6455 §4.2.1). */
    bool isWebSocketUpgrade() const;
    /** Whether a comma-separated field lists the token (case-insensitive, parameters ignored). */
    bool headerHasToken(QByteArrayView lowerCaseName, QByteArrayView token) const;
};

/** @brief Incremental HTTP/1.1 request parser (RFC 9112): request line, header fields,
 *  a Content-Length body. Refuses what the endpoint does not serve with the HTTP status to
 *  answer: a head over 64 KiB (431), chunked or other transfer codings (411), a body over the
 *  limit (413, decided from Content-Length before any of the body is read), malformed syntax,
 *  a missing or repeated Host or conflicting lengths (400, the smuggling cases of RFC 9112
 *  §6.3), a version other than 1.0/1.1 (505).
 *  The head is taken whole or not at all: feed() consumes nothing until the blank line that ends
 *  it has arrived, so a caller can peek at a socket and hand an untouched WebSocket handshake
 *  to QWebSocketServer. After a complete request feed() stops, leaving pipelined bytes to the
 *  caller. Thread: any (a value type). */
class HttpRequestParser
{
public:
    static constexpr qsizetype kMaxHeadBytes = 64 * 1024;

    enum class State {
        Head,     // waiting for the whole head
        Body,     // head parsed; bodyRemaining() bytes to come
        Complete, // request() is whole
        Failed,   // errorStatus() says what to answer; the connection cannot be reused
    };

    explicit HttpRequestParser(qint64 maxBodyBytes = 4 * 1024 * 1024);

    /** Consumes bytes from the front of data and returns how many it used (see the class note). */
    qsizetype feed(QByteArrayView data);

    State state() const { return m_state; }
    bool isHeadComplete() const { return m_state == State::Body || m_state == State::Complete; }
    const HttpRequest &request() const { return m_request; }
    /** Hands out the complete request and starts over for the next one on the connection. */
    HttpRequest takeRequest();
    void reset();

    qint64 bodyRemaining() const { return m_bodyRemaining; }
    /** "Expect: 100-continue" with a body to come: the client waits for an interim 100. */
    bool expectsContinue() const { return m_expectContinue; }
    int errorStatus() const { return m_errorStatus; }
    const QString &errorMessage() const { return m_errorMessage; }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }

    /** Where the head in data ends (just after its blank line), or -1 when it is not all there. */
    static qsizetype headLength(QByteArrayView data);

private:
    bool parseHead(QByteArrayView head);
    bool failWith(int status, const QString &message);

    qint64 m_maxBodyBytes;
    State m_state = State::Head;
    HttpRequest m_request;
    qint64 m_bodyRemaining = 0;
    bool m_expectContinue = false;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

/** @brief An HTTP/1.1 response to serialise: status, fields, body. Content-Length, Connection,
 *  Date and Server are added by serialize(). A value type. */
struct HttpResponse
{
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    HttpResponse &setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;

    static HttpResponse json(int status, const QJsonObject &object);
    /** The HTTP layer's error: {"jsonrpc":"2.0","id":null,"error":{"code":..,"message":..}}, the
     *  shape the official SDKs print, with the JSON-RPC code the status maps to. */
    static HttpResponse error(int status, const QString &message);
    static HttpResponse text(int status, const QByteArray &contentType, const QByteArray &body);
    static HttpResponse empty(int status);

    /** Status line, fields and body. keepAlive decides "Connection"; keepAliveSeconds > 0 adds
     *  "Keep-Alive: timeout=N", which undici (Node's fetch) uses to retire idle sockets before
     *  the server does. headOnly leaves the body out (HEAD). */
    QByteArray serialize(bool keepAlive, int keepAliveSeconds = 0, bool headOnly = false) const;
    /** The head of an SSE stream (status, fields, "Transfer-Encoding: chunked"); events follow
     *  as chunks, see sseEventChunk(). */
    QByteArray serializeStreamHead(bool keepAlive, int keepAliveSeconds = 0) const;

    static QByteArray reasonPhrase(int status);
    /** The JSON-RPC error code an HTTP-layer failure is reported with (RpcErrorCode values). */
    static int rpcCodeForStatus(int status);
};

/** Server-Sent Events over HTTP/1.1 chunked transfer coding.
 *  Why chunked rather than ending the body by closing the connection: the stream's end is
 *  explicit (a zero-size chunk), so a client can tell a finished stream from a cut one, and the
 *  connection stays usable for the next request (keep-alive), which undici and
 *  QNetworkAccessManager both do. Both read chunked bodies as a stream. */
namespace Sse {
/** One SSE event (WHATWG HTML §9.2.6): "event: <name>", one "data:" line per line of data, a
 *  blank line. Our JSON is compact, so one data line; CR, LF and CRLF all split lines. */
QByteArray event(QByteArrayView data, QByteArrayView eventName = "message");
/** A comment line (": text"), ignored by clients; keeps idle streams from looking dead. */
QByteArray comment(QByteArrayView text);
/** One chunk of a chunked body (RFC 9112 §7.1). Empty payloads are not chunks: returns "". */
QByteArray chunk(QByteArrayView payload);
/** The last chunk, which ends the body while keeping the connection. */
QByteArray lastChunk();
} // namespace Sse

/** DNS-rebinding and cross-site protection (spec/mcp.md "Transports, precisely"). */
namespace HttpAccess {
/** Host header names a loopback host (localhost, 127.0.0.1, [::1], any port), one of ownHosts
 *  (this machine's names and addresses when listening beyond loopback, see machineHostNames();
 *  any port), or an entry of allowedHosts ("name" for any port, "name:port", "*"). Names compare
 *  case-insensitively, a trailing dot ignored. */
bool isHostAllowed(QByteArrayView hostHeader, const QStringList &allowedHosts, const QStringList &ownHosts = {});
/** Origin is http(s)://localhost|127.0.0.1|[::1] with any port, or an entry of allowedOrigins
 *  (exact, case-insensitive; "*" allows any). "null" and anything else are refused. */
bool isOriginAllowed(QByteArrayView origin, const QStringList &allowedOrigins);
/** "Authorization: Bearer <token>" (scheme case-insensitive), compared in constant time. */
bool bearerMatches(QByteArrayView authorization, const QString &token);
/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
} // namespace HttpAccess

} // namespace Studio::Mcp
