// SPDX-License-Identifier: MIT
#include "httprequest.h"

#include <mcp/jsonrpc.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QUrl>
#include <QUrlQuery>

#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

// RFC 9110 §5.6.2: token characters.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

/** The items of a comma-separated field value (RFC 9110 §5.6.1), untrimmed. */
QList<QByteArrayView> splitList(QByteArrayView value)
{
    QList<QByteArrayView> items;
    qsizetype start = 0;
    while (start <= value.size()) {
        qsizetype comma = value.indexOf(',', start);
        if (comma < 0)
            comma = value.size();
        items.append(value.sliced(start, comma - start));
        start = comma + 1;
    }
    return items;
}

bool startsWithIgnoreCase(QByteArrayView text, QByteArrayView prefix)
{
    return text.size() >= prefix.size() && equalsIgnoreCase(text.first(prefix.size()), prefix);
}

/** No method we could serve is longer; the same limit applies to a head that is complete and to
 *  one still arriving, so that the answer never depends on how the bytes were split. */
constexpr qsizetype kMaxMethodLength = 32;

/** Before the head is complete: does what arrived so far still look like a request line?
 *  Lets a TLS ClientHello or other binary junk be refused at once instead of at the timeout. */
bool looksLikeRequestStart(QByteArrayView data)
{
    qsizetype i = 0;
    while (i < data.size() && (data[i] == '\r' || data[i] == '\n'))
        ++i;
    for (qsizetype n = 0; i < data.size(); ++i, ++n) {
        if (data[i] == ' ')
            return n > 0;
        if (!isTokenChar(data[i]) || n >= kMaxMethodLength)
            return false;
    }
    return true;
}

QByteArray httpDate()
{
    // Formatting a date per response is measurable at tens of thousands of requests per
    // second; the text changes once a second. One cache per thread: no locking.
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 second = now.toSecsSinceEpoch();
    if (second != cachedSecond) {
        cachedSecond = second;
        // RFC 9110 §5.6.7 IMF-fixdate, always in English.
        cached = QLocale::c().toString(now, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
    }
    return cached;
}

void appendHeaders(QByteArray &out, const HttpResponse &response)
{
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + HttpResponse::reasonPhrase(response.status)
           + "\r\nDate: " + httpDate() + "\r\nServer: persona-studio/" PERSONA_STUDIO_VERSION "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
}

void appendConnection(QByteArray &out, bool keepAlive, int keepAliveSeconds)
{
    if (!keepAlive) {
        out += "Connection: close\r\n";
        return;
    }
    out += "Connection: keep-alive\r\n";
    if (keepAliveSeconds > 0)
        out += "Keep-Alive: timeout=" + QByteArray::number(keepAliveSeconds) + "\r\n";
}

struct HostPort
{
    QByteArray host; // lower case; IPv6 literals keep their brackets
    QByteArray port; // digits or empty
    bool valid = false;
};

HostPort splitHostPort(QByteArrayView authority)
{
    HostPort result;
    authority = trimmedOws(authority);
    if (authority.isEmpty())
        return result;
    QByteArrayView host;
    QByteArrayView rest;
    if (authority.front() == '[') {
        const qsizetype close = authority.indexOf(']');
        if (close < 0)
            return result;
        host = authority.first(close + 1);
        rest = authority.sliced(close + 1);
    } else {
        const qsizetype colon = authority.indexOf(':');
        if (colon >= 0 && authority.sliced(colon + 1).contains(':'))
            return result; // an unbracketed IPv6 literal is not a valid host
        host = colon < 0 ? authority : authority.first(colon);
        rest = colon < 0 ? QByteArrayView() : authority.sliced(colon);
    }
    if (!rest.isEmpty()) {
        if (rest.front() != ':')
            return result;
        rest = rest.sliced(1);
        for (char c : rest) {
            if (c < '0' || c > '9')
                return result;
        }
        result.port = rest.toByteArray();
    }
    if (host.isEmpty())
        return result;
    for (char c : host) {
        if (c <= ' ' || c == '/' || c == '@' || c == 0x7f)
            return result;
    }
    result.host = host.toByteArray().toLower();
    if (result.host.endsWith('.') && !result.host.startsWith('['))
        result.host.chop(1); // "localhost." is the same name, fully qualified
    result.valid = true;
    return result;
}

bool isLoopbackName(const QByteArray &host)
{
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

} // namespace

// --- HttpRequest ---

QByteArray HttpRequest::header(QByteArrayView lowerCaseName) const
{
    QByteArray value;
    bool found = false;
    for (const auto &[name, fieldValue] : headers) {
        if (name != lowerCaseName)
            continue;
        if (found)
            value += ", ";
        value += fieldValue;
        found = true;
    }
    if (found && value.isNull())
        value = QByteArray(""); // present but empty: not null
    return value;
}

bool HttpRequest::hasHeader(QByteArrayView lowerCaseName) const
{
    for (const auto &header : headers) {
        if (header.first == lowerCaseName)
            return true;
    }
    return false;
}

QString HttpRequest::queryItem(const QString &name) const
{
    if (query.isEmpty())
        return {};
    const QUrlQuery items(QString::fromLatin1(query));
    if (!items.hasQueryItem(name))
        return {};
    QString value = items.queryItemValue(name, QUrl::FullyDecoded);
    if (value.isNull())
        value = u""_s;
    return value;
}

bool HttpRequest::headerHasToken(QByteArrayView lowerCaseName, QByteArrayView token) const
{
    const QByteArray value = header(lowerCaseName);
    for (QByteArrayView item : splitList(value)) {
        if (const qsizetype semicolon = item.indexOf(';'); semicolon >= 0)
            item = item.first(semicolon);
        if (equalsIgnoreCase(trimmedOws(item), token))
            return true;
    }
    return false;
}

bool HttpRequest::keepAlive() const
{
    if (headerHasToken("connection", "close"))
        return false;
    if (minorVersion == 0)
        return headerHasToken("connection", "keep-alive");
    return true;
}

bool HttpRequest::isWebSocketUpgrade() const
{
    return method == "GET" && headerHasToken("upgrade", "websocket") && headerHasToken("connection", "upgrade");
}

// --- HttpRequestParser ---

HttpRequestParser::HttpRequestParser(qint64 maxBodyBytes)
    : m_maxBodyBytes(maxBodyBytes)
{
}

void HttpRequestParser::reset()
{
    m_state = State::Head;
    m_request = HttpRequest();
    m_bodyRemaining = 0;
    m_expectContinue = false;
    m_errorStatus = 0;
    m_errorMessage.clear();
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    reset();
    return request;
}

bool HttpRequestParser::failWith(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    return false;
}

qsizetype HttpRequestParser::headLength(QByteArrayView data)
{
    // RFC 9112 §2.2: blank lines before the request line are ignored; a bare LF ends a line.
    qsizetype lineStart = 0;
    bool sawRequestLine = false;
    while (lineStart < data.size()) {
        const qsizetype newline = data.indexOf('\n', lineStart);
        if (newline < 0)
            return -1;
        qsizetype lineEnd = newline;
        if (lineEnd > lineStart && data[lineEnd - 1] == '\r')
            --lineEnd;
        if (lineEnd == lineStart) {
            if (sawRequestLine)
                return newline + 1;
        } else {
            sawRequestLine = true;
        }
        lineStart = newline + 1;
    }
    return -1;
}

qsizetype HttpRequestParser::feed(QByteArrayView data)
{
    qsizetype used = 0;
    if (m_state == State::Head) {
        const qsizetype length = headLength(data.first(qMin(data.size(), kMaxHeadBytes + 4)));
        if (length < 0) {
            if (data.size() > kMaxHeadBytes)
                failWith(431, u"the request head is larger than %1 bytes"_s.arg(kMaxHeadBytes));
            else if (!looksLikeRequestStart(data))
                failWith(400, u"this is not an HTTP/1.1 request"_s);
            return 0;
        }
        if (length > kMaxHeadBytes) {
            failWith(431, u"the request head is larger than %1 bytes"_s.arg(kMaxHeadBytes));
            return 0;
        }
        if (!parseHead(data.first(length)))
            return 0;
        used = length;
        m_state = m_bodyRemaining > 0 ? State::Body : State::Complete;
    }
    if (m_state == State::Body) {
        const qsizetype take = qsizetype(qMin<qint64>(m_bodyRemaining, data.size() - used));
        m_request.body.append(data.sliced(used, take));
        used += take;
        m_bodyRemaining -= take;
        if (m_bodyRemaining == 0) {
            m_state = State::Complete;
            m_expectContinue = false;
        }
    }
    return used;
}

bool HttpRequestParser::parseHead(QByteArrayView head)
{
    QList<QByteArrayView> lines;
    qsizetype lineStart = 0;
    while (lineStart < head.size()) {
        const qsizetype newline = head.indexOf('\n', lineStart);
        qsizetype lineEnd = newline < 0 ? head.size() : newline;
        if (lineEnd > lineStart && head[lineEnd - 1] == '\r')
            --lineEnd;
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        if (!line.isEmpty() || !lines.isEmpty())
            lines.append(line);
        lineStart = newline < 0 ? head.size() : newline + 1;
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return failWith(400, u"the request has no request line"_s);

    // Request line (RFC 9112 §3): method SP request-target SP HTTP-version, single spaces.
    const QByteArrayView requestLine = lines.constFirst();
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return failWith(400, u"malformed request line"_s);
    const QByteArrayView method = requestLine.first(firstSpace);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (method.size() > kMaxMethodLength)
        return failWith(400, u"this is not an HTTP/1.1 request"_s);
    if (!isToken(method))
        return failWith(400, u"malformed request method"_s);
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0'
        || version[5] > '9' || version[7] < '0' || version[7] > '9')
        return failWith(400, u"malformed HTTP version"_s);
    if (version[5] != '1' || (version[7] != '0' && version[7] != '1'))
        return failWith(505, u"only HTTP/1.0 and HTTP/1.1 are served here"_s);
    if (target.isEmpty())
        return failWith(400, u"malformed request target"_s);
    for (char c : target) {
        if (uchar(c) <= 0x20 || uchar(c) == 0x7f)
            return failWith(400, u"malformed request target"_s);
    }

    m_request.method = method.toByteArray();
    m_request.minorVersion = version[7] - '0';
    QByteArray targetAuthority; // absolute form only
    if (target.front() == '/') {
        m_request.target = target.toByteArray();
    } else if (startsWithIgnoreCase(target, "http://") || startsWithIgnoreCase(target, "https://")) {
        // Absolute form (RFC 9112 §3.2.2): a server must accept it, serve its path, and take the
        // host from it rather than from the Host field.
        const QUrl url = QUrl::fromEncoded(target.toByteArray(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
            return failWith(400, u"malformed request target"_s);
        targetAuthority = url.authority(QUrl::FullyEncoded).toLatin1();
        m_request.target = url.path(QUrl::FullyEncoded).toLatin1();
        if (m_request.target.isEmpty())
            m_request.target = "/";
        if (url.hasQuery())
            m_request.target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    } else if (target == "*" && method == "OPTIONS") {
        m_request.target = "*";
    } else {
        return failWith(400, u"malformed request target"_s);
    }
    const qsizetype question = m_request.target.indexOf('?');
    m_request.path = question < 0 ? m_request.target : m_request.target.first(question);
    m_request.query = question < 0 ? QByteArray() : m_request.target.sliced(question + 1);

    // Header fields (RFC 9112 §5).
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        if (line.front() == ' ' || line.front() == '\t')
            return failWith(400, u"obsolete line folding in the header fields is not accepted"_s);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return failWith(400, u"malformed header field"_s);
        const QByteArrayView name = line.first(colon);
        if (!isToken(name)) // also refuses whitespace before the colon (RFC 9112 §5.1)
            return failWith(400, u"malformed header field name"_s);
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        for (char c : value) {
            if (c == '\0' || c == '\r' || c == '\n')
                return failWith(400, u"malformed header field value"_s);
        }
        m_request.headers.append(std::pair(name.toByteArray().toLower(), value.toByteArray()));
    }

    int hostCount = 0;
    for (const auto &header : std::as_const(m_request.headers))
        hostCount += header.first == "host" ? 1 : 0;
    if (hostCount > 1 || (hostCount == 0 && m_request.minorVersion == 1))
        return failWith(400, u"an HTTP/1.1 request needs exactly one Host header"_s);
    if (!targetAuthority.isEmpty()) {
        // The target's authority replaces whatever Host said, for routing and for the host check.
        bool replaced = false;
        for (auto &header : m_request.headers) {
            if (header.first == "host") {
                header.second = targetAuthority;
                replaced = true;
            }
        }
        if (!replaced)
            m_request.headers.append(std::pair(QByteArray("host"), targetAuthority));
    }

    // Message body length (RFC 9112 §6.3).
    if (m_request.hasHeader("transfer-encoding")) {
        if (m_request.hasHeader("content-length"))
            return failWith(400, u"Transfer-Encoding and Content-Length together are not accepted"_s);
        return failWith(411, u"chunked request bodies are not accepted: send the body with a Content-Length"_s);
    }
    qint64 length = 0;
    bool haveLength = false;
    const QByteArray lengthField = m_request.header("content-length");
    if (!lengthField.isNull()) {
        for (QByteArrayView item : splitList(lengthField)) {
            item = trimmedOws(item);
            if (item.isEmpty())
                return failWith(400, u"malformed Content-Length"_s);
            for (char c : item) {
                if (c < '0' || c > '9')
                    return failWith(400, u"malformed Content-Length"_s);
            }
            // More digits than any limit we could have: too large, without overflowing.
            const qint64 value = item.size() > 15 ? std::numeric_limits<qint64>::max() : item.toLongLong();
            if (haveLength && value != length)
                return failWith(400, u"conflicting Content-Length values"_s);
            length = value;
            haveLength = true;
        }
    }
    if (length > m_maxBodyBytes)
        return failWith(413, u"the request body is larger than this server accepts (%1 bytes)"_s.arg(m_maxBodyBytes));
    m_bodyRemaining = length;

    const QByteArray expect = m_request.header("expect");
    if (!expect.isNull()) {
        if (!equalsIgnoreCase(trimmedOws(expect), "100-continue"))
            return failWith(417, u"only 'Expect: 100-continue' is understood"_s);
        m_expectContinue = m_request.minorVersion == 1 && length > 0;
    }
    return true;
}

// --- HttpResponse ---

HttpResponse &HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (equalsIgnoreCase(header.first, name)) {
            header.second = value;
            return *this;
        }
    }
    headers.append(std::pair(name, value));
    return *this;
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (equalsIgnoreCase(header.first, name))
            return header.second;
    }
    return {};
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    HttpResponse response;
    response.status = status;
    response.headers.append(std::pair("Content-Type"_ba, "application/json"_ba));
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(status, QJsonObject{{u"jsonrpc"_s, u"2.0"_s},
                                    {u"id"_s, QJsonValue::Null},
                                    {u"error"_s, QJsonObject{{u"code"_s, rpcCodeForStatus(status)},
                                                             {u"message"_s, message}}}});
}

HttpResponse HttpResponse::text(int status, const QByteArray &contentType, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.headers.append(std::pair("Content-Type"_ba, contentType));
    response.body = body;
    return response;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

QByteArray HttpResponse::serialize(bool keepAlive, int keepAliveSeconds, bool headOnly) const
{
    QByteArray out;
    out.reserve(256 + (headOnly ? 0 : body.size()));
    appendHeaders(out, *this);
    // RFC 9110 §8.6: no Content-Length in 1xx and 204 responses.
    const bool bodiless = status < 200 || status == 204 || status == 304;
    if (!bodiless)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    appendConnection(out, keepAlive, keepAliveSeconds);
    out += "\r\n";
    if (!headOnly && !bodiless)
        out += body;
    return out;
}

QByteArray HttpResponse::serializeStreamHead(bool keepAlive, int keepAliveSeconds) const
{
    QByteArray out;
    appendHeaders(out, *this);
    out += "Transfer-Encoding: chunked\r\n";
    appendConnection(out, keepAlive, keepAliveSeconds);
    out += "\r\n";
    return out;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return status < 300 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
    }
}

int HttpResponse::rpcCodeForStatus(int status)
{
    switch (status) {
    case 401:
        return int(RpcErrorCode::Unauthorized);
    case 413:
        return int(RpcErrorCode::MessageTooLarge);
    case 429:
    case 503:
        return int(RpcErrorCode::TooManyRequests);
    default:
        return status >= 500 ? int(RpcErrorCode::InternalError) : int(RpcErrorCode::InvalidRequest);
    }
}

// --- Sse ---

QByteArray Sse::event(QByteArrayView data, QByteArrayView eventName)
{
    QByteArray out;
    out.reserve(data.size() + eventName.size() + 24);
    if (!eventName.isEmpty())
        out += "event: " + eventName.toByteArray() + '\n';
    qsizetype start = 0;
    while (true) {
        qsizetype end = start;
        while (end < data.size() && data[end] != '\n' && data[end] != '\r')
            ++end;
        out += "data: ";
        out += data.sliced(start, end - start);
        out += '\n';
        if (end >= data.size())
            break;
        if (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n')
            ++end;
        start = end + 1;
    }
    out += '\n';
    return out;
}

QByteArray Sse::comment(QByteArrayView text)
{
    return ": " + text.toByteArray() + "\n\n";
}

QByteArray Sse::chunk(QByteArrayView payload)
{
    if (payload.isEmpty())
        return {};
    return QByteArray::number(payload.size(), 16) + "\r\n" + payload.toByteArray() + "\r\n";
}

QByteArray Sse::lastChunk()
{
    return QByteArrayLiteral("0\r\n\r\n");
}

// --- HttpAccess ---

bool HttpAccess::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Time depends only on a's length (the client's input), never on where bytes differ.
    quint32 difference = quint32(a.size() != b.size());
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= quint32(uchar(a[i]) ^ uchar(b.isEmpty() ? 0 : b[i % b.size()]));
    return difference == 0;
}

bool HttpAccess::bearerMatches(QByteArrayView authorization, const QString &token)
{
    if (token.isEmpty())
        return false;
    authorization = trimmedOws(authorization);
    const qsizetype space = authorization.indexOf(' ');
    if (space < 0 || !equalsIgnoreCase(authorization.first(space), "bearer"))
        return false;
    return constantTimeEquals(trimmedOws(authorization.sliced(space + 1)), token.toUtf8());
}

bool HttpAccess::isHostAllowed(QByteArrayView hostHeader, const QStringList &allowedHosts, const QStringList &ownHosts)
{
    HostPort host = splitHostPort(hostHeader);
    if (!host.valid)
        return false;
    while (host.host.endsWith('.')) // "myhost.local." names the same host as "myhost.local"
        host.host.chop(1);
    if (isLoopbackName(host.host))
        return true;
    for (const QString &own : ownHosts) {
        if (own.toLatin1().toLower() == host.host)
            return true;
    }
    for (const QString &entry : allowedHosts) {
        const QByteArray allowed = entry.trimmed().toLower().toLatin1();
        if (allowed == "*" || allowed == host.host || (!host.port.isEmpty() && allowed == host.host + ':' + host.port))
            return true;
    }
    return false;
}

bool HttpAccess::isOriginAllowed(QByteArrayView origin, const QStringList &allowedOrigins)
{
    origin = trimmedOws(origin);
    QByteArrayView normalized = origin;
    while (normalized.endsWith('/'))
        normalized.chop(1);
    for (const QString &entry : allowedOrigins) {
        QByteArray allowed = entry.trimmed().toLatin1();
        while (allowed.endsWith('/'))
            allowed.chop(1);
        if (allowed == "*" || equalsIgnoreCase(allowed, normalized))
            return true;
    }
    QByteArrayView authority;
    if (startsWithIgnoreCase(normalized, "http://"))
        authority = normalized.sliced(7);
    else if (startsWithIgnoreCase(normalized, "https://"))
        authority = normalized.sliced(8);
    else
        return false; // "null", file://, chrome-extension://, ...
    if (authority.contains('/') || authority.contains('@'))
        return false;
    const HostPort host = splitHostPort(authority);
    return host.valid && isLoopbackName(host.host);
}

} // namespace Studio::Mcp
