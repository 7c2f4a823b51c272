// SPDX-License-Identifier: MIT
// libFuzzer harness: the HTTP/1.1 request parser (core/mcp/transport/httprequest). The input is
// what a client writes on one connection (pipelined requests included). It is fed the way the
// listener feeds it, a buffer that grows by what the socket delivers, once whole, once in
// pieces derived from the input and once byte by byte: all three must see the same requests and
// the same refusal. The accessors a transport uses run on every request.
#include "fuzzsupport.h"

#include <mcp/transport/httprequest.h>

using namespace Studio::Mcp;

namespace {

constexpr int kMaxRequests = 64;
QByteArray summary(const HttpRequest &request)
{
    QByteArray text = request.method + ' ' + request.target + " path=" + request.path + " query=" + request.query
        + " v=1." + QByteArray::number(request.minorVersion);
    for (const auto &[name, value] : request.headers) {
        STUDIO_FUZZ_CHECK(name == name.toLower(), "header name not lower case: " + name);
        // Trimmed of OWS (SP, HTAB; RFC 9110 §5.6.3): other controls may stay (§5.5 allows
        // keeping them), but never CR, LF or NUL (§5.5: reject or replace).
        STUDIO_FUZZ_CHECK(!value.startsWith(' ') && !value.startsWith('\t') && !value.endsWith(' ')
                              && !value.endsWith('\t'),
                          "header value not trimmed: " + value);
        STUDIO_FUZZ_CHECK(!value.contains('\r') && !value.contains('\n') && !value.contains('\0'),
                          "CR, LF or NUL in a header value: " + value.toPercentEncoding());
        text += "\n" + name + ": " + value;
    }
    text += "\nbody " + QByteArray::number(request.body.size()) + ": " + request.body;
    // What the transports ask of a request.
    text += "\nkeepAlive=" + QByteArray::number(request.keepAlive())
        + " upgrade=" + QByteArray::number(request.isWebSocketUpgrade())
        + " host=" + request.header("host") + " ct=" + request.header("content-type")
        + " acceptsSse=" + QByteArray::number(request.headerHasToken("accept", "text/event-stream"))
        + " session=" + request.queryItem(QStringLiteral("session")).toUtf8()
        + " token=" + request.queryItem(QStringLiteral("token")).toUtf8();
    text += " hostOk=" + QByteArray::number(HttpAccess::isHostAllowed(request.header("host"), {}));
    if (request.hasHeader("origin"))
        text += " originOk=" + QByteArray::number(HttpAccess::isOriginAllowed(request.header("origin"), {}));
    if (request.hasHeader("authorization"))
        text += " bearer=" + QByteArray::number(HttpAccess::bearerMatches(request.header("authorization"), QStringLiteral("s3cret")));
    STUDIO_FUZZ_CHECK(request.path.size() <= request.target.size() || request.target.startsWith("http"), text);
    return text;
}

/** What the connection saw: each request's summary, then how it ended. */
QByteArrayList run(const QList<QByteArrayView> &pieces, qint64 maxBody)
{
    HttpRequestParser parser(maxBody);
    QByteArray buffer;
    QByteArrayList seen;
    for (const QByteArrayView piece : pieces) {
        buffer.append(piece);
        while (true) {
            const HttpRequestParser::State before = parser.state();
            const qsizetype used = parser.feed(buffer);
            STUDIO_FUZZ_CHECK(used >= 0 && used <= buffer.size(), "feed() used more than it was given");
            buffer.remove(0, used);
            if (parser.state() == HttpRequestParser::State::Failed) {
                STUDIO_FUZZ_CHECK(parser.errorStatus() >= 400 && parser.errorStatus() < 600, "bad error status");
                STUDIO_FUZZ_CHECK(!HttpResponse::reasonPhrase(parser.errorStatus()).isEmpty(), "no reason phrase");
                const HttpResponse response = HttpResponse::error(parser.errorStatus(), parser.errorMessage());
                STUDIO_FUZZ_CHECK(!response.serialize(false).isEmpty(), "empty error response");
                // The status only: the sentence may depend on how much had arrived (an early
                // "not an HTTP/1.1 request" against "malformed request method" with the whole
                // head), the answer may not.
                STUDIO_FUZZ_CHECK(!parser.errorMessage().isEmpty(), "a refusal without a reason");
                seen.append("failed " + QByteArray::number(parser.errorStatus()));
                return seen;
            }
            if (parser.state() == HttpRequestParser::State::Complete) {
                seen.append(summary(parser.takeRequest()));
                STUDIO_FUZZ_CHECK(parser.state() == HttpRequestParser::State::Head, "takeRequest() did not start over");
                if (seen.size() >= kMaxRequests)
                    return seen;
                continue; // pipelined bytes may hold the next request
            }
            if (parser.state() == HttpRequestParser::State::Body)
                STUDIO_FUZZ_CHECK(buffer.isEmpty(), "a body with bytes available made no progress");
            if (used == 0 && parser.state() == before)
                break; // needs more bytes
        }
    }
    seen.append(parser.state() == HttpRequestParser::State::Head && buffer.isEmpty()
                    ? QByteArray("idle")
                    : "incomplete, state " + QByteArray::number(int(parser.state())) + ", buffered "
                        + QByteArray::number(buffer.size()));
    return seen;
}

QByteArray joined(const QByteArrayList &list)
{
    return list.join("\n----\n").left(4000);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    // A small body limit now and then so that 413 is reachable with small inputs.
    const qint64 maxBody = (StudioFuzz::hashOf(input) & 3) == 0 ? 16 : 4 * 1024 * 1024;
    const QByteArrayList whole = run({input}, maxBody);
    const QByteArrayList pieces = run(StudioFuzz::randomPieces(input, 0x4854), maxBody);
    if (pieces != whole)
        StudioFuzz::invariantFailed("whole and split feeding differ",
                                    "whole:\n" + joined(whole) + "\n==== split:\n" + joined(pieces));
    if (size <= 512) {
        const QByteArrayList bytes = run(StudioFuzz::bytewisePieces(input), maxBody);
        if (bytes != whole)
            StudioFuzz::invariantFailed("whole and bytewise feeding differ",
                                        "whole:\n" + joined(whole) + "\n==== bytewise:\n" + joined(bytes));
    }
    return 0;
}
