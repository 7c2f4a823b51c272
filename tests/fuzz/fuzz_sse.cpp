// SPDX-License-Identifier: MIT
// libFuzzer harness: the Server-Sent Events parser (core/llm/sseparser). The input is a whole
// text/event-stream body; it is fed whole, in pieces derived from the input and byte by byte,
// and all three must give the same items, the same error and the same finish(). A small limit
// now and then makes the size error reachable; an event never holds more than the limit.
#include "fuzzsupport.h"

#include <llm/sseparser.h>

using namespace Studio;
using namespace Studio::Llm;

namespace {

QByteArray describe(const SseItem &item, qsizetype limit)
{
    switch (item.kind) {
    case SseItem::Kind::Event:
        // A raw byte never turns into more than one UTF-16 unit (U+FFFD for an invalid one).
        STUDIO_FUZZ_CHECK(item.event.data.size() <= limit, "an event larger than the limit");
        STUDIO_FUZZ_CHECK(!item.event.type.isEmpty(), "an event without a type");
        STUDIO_FUZZ_CHECK(!item.event.lastEventId.contains(QChar(0)), "an id with NUL");
        return "event " + item.event.type.toUtf8() + " #" + item.event.lastEventId.toUtf8() + ' '
            + item.event.data.toUtf8();
    case SseItem::Kind::Comment:
        STUDIO_FUZZ_CHECK(!item.comment.contains(u'\n') && !item.comment.contains(u'\r'), "a comment with a line end");
        return "comment " + item.comment.toUtf8();
    case SseItem::Kind::Retry:
        STUDIO_FUZZ_CHECK(item.retryMs >= 0, "a negative retry");
        return "retry " + QByteArray::number(item.retryMs);
    }
    StudioFuzz::invariantFailed("an item of no kind");
}

QByteArrayList run(const QList<QByteArrayView> &pieces, qsizetype limit)
{
    SseParser parser(limit);
    QByteArrayList seen;
    for (const QByteArrayView piece : pieces) {
        const Result<QList<SseItem>> items = parser.feed(piece);
        if (!items) {
            STUDIO_FUZZ_CHECK(items.error().code == ErrorCode::TooLarge, items.error().message.toUtf8());
            STUDIO_FUZZ_CHECK(parser.hasFailed(), "failed without hasFailed()");
            STUDIO_FUZZ_CHECK(!parser.feed("data: x\n\n"), "a failed parser took more input");
            seen.append("error " + items.error().message.toUtf8());
            STUDIO_FUZZ_CHECK(!parser.finish(), "a failed stream finished cleanly");
            return seen;
        }
        for (const SseItem &item : *items)
            seen.append(describe(item, limit));
    }
    const QString lastId = parser.lastEventId();
    seen.append("finish " + QByteArray::number(parser.finish()) + " #" + lastId.toUtf8());
    STUDIO_FUZZ_CHECK(parser.lastEventId() == lastId, "finish() lost the last event id");
    return seen;
}

} // namespace

namespace {

bool failed(const QByteArrayList &seen)
{
    return seen.constLast().startsWith("error ");
}

/** Equal, or both failed with the same error. A feed() that fails returns no items, so a failed
 *  run has seen the items of the feeds before the failing one: a prefix of what smaller pieces
 *  see, which bytewise feeding (every line reported before the failing one) has in full. */
void compare(const QByteArrayList &a, const QByteArrayList &b, const char *what)
{
    const bool same = failed(a) || failed(b)
        ? failed(a) && failed(b) && a.constLast() == b.constLast()
        : a == b;
    if (!same)
        StudioFuzz::invariantFailed(what, "first:\n" + a.join('\n').left(3000) + "\n==== second:\n" + b.join('\n').left(3000));
}

bool isPrefix(const QByteArrayList &prefix, const QByteArrayList &list)
{
    if (prefix.size() - 1 > list.size() - 1)
        return false;
    for (qsizetype i = 0; i + 1 < prefix.size(); ++i) {
        if (prefix.at(i) != list.at(i))
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype limit = (StudioFuzz::hashOf(input) & 3) == 0 ? 24 : SseParser::kDefaultMaxBufferedBytes;
    const QByteArrayList whole = run({input}, limit);
    const QByteArrayList pieces = run(StudioFuzz::randomPieces(input, 0x5353), limit);
    compare(whole, pieces, "whole and split feeding differ");
    if (size <= 512) {
        const QByteArrayList bytes = run(StudioFuzz::bytewisePieces(input), limit);
        compare(whole, bytes, "whole and bytewise feeding differ");
        if (failed(bytes))
            STUDIO_FUZZ_CHECK(isPrefix(whole, bytes) && isPrefix(pieces, bytes),
                              "items before the failure differ: " + pieces.join('\n').left(2000) + "\n====\n"
                                  + bytes.join('\n').left(2000));
    }
    return 0;
}
