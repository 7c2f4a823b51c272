// SPDX-License-Identifier: MIT
#include <llm/sseparser.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Llm;

namespace {

// Items as text, so that a data row states what a stream must produce and a failure shows it.
QString ev(const QString &data, const QString &type = u"message"_s, const QString &id = {})
{
    QString shown = data;
    shown.replace(u'\\', u"\\\\"_s).replace(u'\n', u"\\n"_s).replace(u'\r', u"\\r"_s);
    return u"event type=%1 id=%2 data=%3"_s.arg(type, id, shown);
}

QString comment(const QString &text)
{
    return u"comment %1"_s.arg(text);
}

QString retry(qint64 ms)
{
    return u"retry %1"_s.arg(ms);
}

QString describe(const SseItem &item)
{
    switch (item.kind) {
    case SseItem::Kind::Event:
        return ev(item.event.data, item.event.type, item.event.lastEventId);
    case SseItem::Kind::Comment:
        return comment(item.comment);
    case SseItem::Kind::Retry:
        return retry(item.retryMs);
    }
    return u"?"_s;
}

struct Outcome
{
    QStringList items;
    bool clean = false;     // finish(): nothing dropped
    int errorCode = -1;     // the first error's ErrorCode, -1 for none
};

Outcome run(const QList<QByteArrayView> &pieces, qsizetype limit = SseParser::kDefaultMaxBufferedBytes)
{
    SseParser parser(limit);
    Outcome outcome;
    for (const QByteArrayView piece : pieces) {
        const Result<QList<SseItem>> items = parser.feed(piece);
        if (!items) {
            outcome.errorCode = int(items.error().code);
            return outcome;
        }
        for (const SseItem &item : *items)
            outcome.items.append(describe(item));
    }
    outcome.clean = parser.finish();
    return outcome;
}

// A Chat Completions stream as OpenAI-compatible servers send it (OpenRouter adds the pings).
const QByteArray kChatStream =
    ": OPENROUTER PROCESSING\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\r\n\r\n"
    ": ping\r\n"
    "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lö ✓\"}}]}\r\r"
    "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: [DONE]\n\n";

QStringList chatStreamItems()
{
    return {
        comment(u"OPENROUTER PROCESSING"_s),
        ev(u"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
           "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}"_s),
        comment(u"ping"_s),
        ev(u"{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lö ✓\"}}]}"_s),
        ev(u"{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"_s),
        ev(u"[DONE]"_s),
    };
}

// Named fields, ids, retries and every line ending, for the split tests.
const QByteArray kMixedStream = "\xEF\xBB\xBF"
                                "retry: 2500\r\n"
                                "event: delta\r"
                                "id: 7\n"
                                "data: first\r\n"
                                "data:second\r"
                                "\r\n"
                                ":keepalive\r"
                                "data:  two spaces\n"
                                "\n"
                                "id\n"
                                "data\n"
                                "\r";

QStringList mixedStreamItems()
{
    return {
        retry(2500),
        ev(u"first\nsecond"_s, u"delta"_s, u"7"_s),
        comment(u"keepalive"_s),
        ev(u" two spaces"_s, u"message"_s, u"7"_s),
        ev(QString(), u"message"_s, QString()),
    };
}

} // namespace

class tst_SseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wholeStream_data();
    void wholeStream();
    void byteByByte_data();
    void byteByByte();
    void everySplitPoint_data();
    void everySplitPoint();
    void everyPairOfSplitPoints();
    void crAtTheEndOfAPiece();
    void lineLimit_data();
    void lineLimit();
    void dataLimit();
    void failureIsSticky();
    void finishStartsOverAndKeepsTheLastId();
    void itemsOfOneFeedInOrder();
};

namespace {

void addStreamRows()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<bool>("clean");

    QTest::newRow("one event, LF") << QByteArray("data: hello\n\n") << QStringList{ev(u"hello"_s)} << true;
    QTest::newRow("one event, CRLF") << QByteArray("data: hello\r\n\r\n") << QStringList{ev(u"hello"_s)} << true;
    QTest::newRow("one event, CR") << QByteArray("data: hello\r\r") << QStringList{ev(u"hello"_s)} << true;
    QTest::newRow("data lines joined with LF")
        << QByteArray("data: a\ndata: b\r\ndata: c\r\n\n") << QStringList{ev(u"a\nb\nc"_s)} << true;
    QTest::newRow("no space after the colon") << QByteArray("data:x\n\n") << QStringList{ev(u"x"_s)} << true;
    QTest::newRow("only one space is removed")
        << QByteArray("data:  x \n\n") << QStringList{ev(u" x "_s)} << true;
    QTest::newRow("a tab is not a space") << QByteArray("data:\tx\n\n") << QStringList{ev(u"\tx"_s)} << true;
    QTest::newRow("colons in the value stay") << QByteArray("data: a:b: c\n\n") << QStringList{ev(u"a:b: c"_s)}
                                              << true;
    QTest::newRow("a field name without colon has an empty value")
        << QByteArray("data\n\n") << QStringList{ev(QString())} << true;
    QTest::newRow("empty data lines count") << QByteArray("data:\ndata:\n\n") << QStringList{ev(u"\n"_s)} << true;
    QTest::newRow("event type") << QByteArray("event: add\ndata: 1\n\n")
                                << QStringList{ev(u"1"_s, u"add"_s)} << true;
    QTest::newRow("event type does not carry over")
        << QByteArray("event: add\ndata: 1\n\ndata: 2\n\n") << QStringList{ev(u"1"_s, u"add"_s), ev(u"2"_s)} << true;
    QTest::newRow("the last event type wins")
        << QByteArray("event: a\nevent: b\ndata: 1\n\n") << QStringList{ev(u"1"_s, u"b"_s)} << true;
    QTest::newRow("no data, no event") << QByteArray("event: add\n\n") << QStringList{} << true;
    QTest::newRow("id carries over")
        << QByteArray("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
        << QStringList{ev(u"a"_s, u"message"_s, u"1"_s), ev(u"b"_s, u"message"_s, u"1"_s), ev(u"c"_s)} << true;
    QTest::newRow("id without data still counts")
        << QByteArray("id: 5\n\ndata: a\n\n") << QStringList{ev(u"a"_s, u"message"_s, u"5"_s)} << true;
    QTest::newRow("id with NUL is ignored")
        << (QByteArray("id: 1\n\nid: 2") + '\0' + "x\ndata: a\n\n") << QStringList{ev(u"a"_s, u"message"_s, u"1"_s)}
        << true;
    QTest::newRow("retry") << QByteArray("retry: 3000\n") << QStringList{retry(3000)} << true;
    QTest::newRow("retry not digits is ignored")
        << QByteArray("retry: 3s\nretry: -1\nretry:\nretry: 1 \nretry: 99999999999999999999999\n\n")
        << QStringList{} << true;
    QTest::newRow("comments") << QByteArray(": ping\n:\n:no space\n:  two\n")
                              << QStringList{comment(u"ping"_s), comment(QString()), comment(u"no space"_s),
                                             comment(u" two"_s)}
                              << true;
    QTest::newRow("a comment inside an event")
        << QByteArray("data: a\n: ping\ndata: b\n\n") << QStringList{comment(u"ping"_s), ev(u"a\nb"_s)} << true;
    QTest::newRow("unknown fields are ignored")
        << QByteArray("foo: bar\nData: x\ndata : y\ndata: z\n\n") << QStringList{ev(u"z"_s)} << true;
    QTest::newRow("BOM at the start") << QByteArray("\xEF\xBB\xBF" "data: a\n\n") << QStringList{ev(u"a"_s)}
                                      << true;
    QTest::newRow("only one BOM is skipped")
        << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBF" "data: a\n\ndata: b\n\n") << QStringList{ev(u"b"_s)} << true;
    QTest::newRow("a BOM later is part of the line")
        << QByteArray("data: a\n\n\xEF\xBB\xBF" "data: b\n\n") << QStringList{ev(u"a"_s)} << true;
    QTest::newRow("UTF-8") << QByteArray("data: Grüße ✓ 😀\n\n") << QStringList{ev(u"Grüße ✓ 😀"_s)} << true;
    QTest::newRow("invalid UTF-8 is replaced")
        << QByteArray("data: a\xFF" "b\n\n") << QStringList{ev(u"a\uFFFDb"_s)} << true;
    QTest::newRow("blank lines only") << QByteArray("\n\r\n\r\n\n") << QStringList{} << true;
    QTest::newRow("empty stream") << QByteArray() << QStringList{} << true;
    QTest::newRow("an event without its blank line is dropped")
        << QByteArray("data: a\n\ndata: b\n") << QStringList{ev(u"a"_s)} << false;
    QTest::newRow("an unterminated last line is dropped")
        << QByteArray("data: a\n\ndata: b") << QStringList{ev(u"a"_s)} << false;
    QTest::newRow("an id without its blank line is dropped")
        << QByteArray("data: a\n\nid: 3\n") << QStringList{ev(u"a"_s)} << false;
    QTest::newRow("comments and retries need no blank line")
        << QByteArray(": ping\nretry: 10\n") << QStringList{comment(u"ping"_s), retry(10)} << true;
    QTest::newRow("chat completions stream") << kChatStream << chatStreamItems() << true;
    QTest::newRow("mixed stream") << kMixedStream << mixedStreamItems() << true;
}

} // namespace

void tst_SseParser::wholeStream_data()
{
    addStreamRows();
}

void tst_SseParser::wholeStream()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    QFETCH(bool, clean);
    const Outcome outcome = run({stream});
    QCOMPARE(outcome.errorCode, -1);
    QCOMPARE(outcome.items, expected);
    QCOMPARE(outcome.clean, clean);
}

void tst_SseParser::byteByByte_data()
{
    addStreamRows();
}

void tst_SseParser::byteByByte()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    QFETCH(bool, clean);
    QList<QByteArrayView> pieces;
    for (qsizetype i = 0; i < stream.size(); ++i)
        pieces.append(QByteArrayView(stream).sliced(i, 1));
    const Outcome outcome = run(pieces);
    QCOMPARE(outcome.errorCode, -1);
    QCOMPARE(outcome.items, expected);
    QCOMPARE(outcome.clean, clean);
}

void tst_SseParser::everySplitPoint_data()
{
    addStreamRows();
}

void tst_SseParser::everySplitPoint()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    QFETCH(bool, clean);
    const QByteArrayView view(stream);
    for (qsizetype split = 0; split <= stream.size(); ++split) {
        const Outcome outcome = run({view.first(split), view.sliced(split)});
        if (outcome.items != expected || outcome.clean != clean || outcome.errorCode != -1)
            QFAIL(qPrintable(u"split at %1: %2 (clean %3, error %4)"_s.arg(split)
                                 .arg(outcome.items.join(u" | "_s))
                                 .arg(outcome.clean)
                                 .arg(outcome.errorCode)));
    }
}

void tst_SseParser::everyPairOfSplitPoints()
{
    // Three pieces: a CR ending one piece with its LF two pieces later (an empty piece between).
    for (const QByteArray &stream : {kChatStream, kMixedStream}) {
        const QStringList expected = stream == kChatStream ? chatStreamItems() : mixedStreamItems();
        const QByteArrayView view(stream);
        int runs = 0;
        for (qsizetype first = 0; first <= stream.size(); ++first) {
            for (qsizetype second = first; second <= stream.size(); ++second) {
                const Outcome outcome = run({view.first(first), view.sliced(first, second - first), view.sliced(second)});
                ++runs;
                if (outcome.items != expected || !outcome.clean)
                    QFAIL(qPrintable(u"splits at %1 and %2: %3"_s.arg(first).arg(second).arg(outcome.items.join(u" | "_s))));
            }
        }
        QVERIFY(runs > 1000);
    }
}

void tst_SseParser::crAtTheEndOfAPiece()
{
    // CR then LF in the next piece is one line end, not a blank line that dispatches "a" alone.
    Outcome outcome = run({"data: a\r", "\ndata: b\r", "\n\r", "\n"});
    QCOMPARE(outcome.items, QStringList{ev(u"a\nb"_s)});
    QVERIFY(outcome.clean);
    // CR then CR: two line ends, the second one blank.
    outcome = run({"data: a\r", "\r", "data: b\r"});
    QCOMPARE(outcome.items, QStringList{ev(u"a"_s)});
    QVERIFY(!outcome.clean); // "data: b" ended its line but not its event
    // CR, an empty piece, then LF.
    outcome = run({"data: a\r", "", "\n", "\n"});
    QCOMPARE(outcome.items, QStringList{ev(u"a"_s)});
}

void tst_SseParser::lineLimit_data()
{
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<bool>("fails");

    const QByteArray at(16, 'x');    // a line of exactly the limit
    const QByteArray over(17, 'x');  // one byte more
    QTest::newRow("at the limit") << QList<QByteArray>{":" + at.sliced(1) + "\n"} << false;
    QTest::newRow("over the limit") << QList<QByteArray>{":" + over.sliced(1) + "\n"} << true;
    QTest::newRow("over the limit, no line end yet") << QList<QByteArray>{over} << true;
    QTest::newRow("over the limit across pieces")
        << QList<QByteArray>{at.first(10), at.sliced(10), "x"} << true;
    QTest::newRow("at the limit across pieces") << QList<QByteArray>{at.first(10), at.sliced(10), "\n"} << false;
    QTest::newRow("many lines at the limit") << QList<QByteArray>{":" + at.sliced(1) + "\n:" + at.sliced(1) + "\r\n"}
                                             << false;
}

void tst_SseParser::lineLimit()
{
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(bool, fails);
    QList<QByteArrayView> views(pieces.cbegin(), pieces.cend());
    const Outcome outcome = run(views, 16);
    QCOMPARE(outcome.errorCode, fails ? int(ErrorCode::TooLarge) : -1);
}

void tst_SseParser::dataLimit()
{
    // Lines within the limit that add up to an event beyond it: each data line costs its bytes
    // and one for the "\n" it is joined with.
    SseParser parser(16);
    auto items = parser.feed("data: 1234567\ndata: 123456\n"); // 8 + 7 = 15
    QVERIFY(items);
    QVERIFY(items->isEmpty());
    items = parser.feed("data:\n\n"); // 16: still fits
    QVERIFY(items);
    QCOMPARE(items->size(), 1);
    QCOMPARE(items->first().event.data, u"1234567\n123456\n"_s);

    // A dispatch frees the budget again.
    items = parser.feed("data: 1234567\ndata: 12345678\n"); // 8 + 9 = 17
    QVERIFY(!items);
    QCOMPARE(items.error().code, ErrorCode::TooLarge);
    QVERIFY(items.error().message.contains(u"16"_s));
    QVERIFY(parser.hasFailed());
}

void tst_SseParser::failureIsSticky()
{
    SseParser parser(8);
    QVERIFY(!parser.feed("data: 123456789\n"));
    const auto again = parser.feed("data: a\n\n");
    QVERIFY(!again);
    QCOMPARE(again.error().code, ErrorCode::TooLarge);
    QVERIFY(!parser.finish()); // a failed stream did not end cleanly
    // finish() starts over.
    const auto fresh = parser.feed("data: a\n\n");
    QVERIFY(fresh);
    QCOMPARE(fresh->size(), 1);
}

void tst_SseParser::finishStartsOverAndKeepsTheLastId()
{
    SseParser parser;
    QVERIFY(parser.feed("id: 41\ndata: a\n\nid: 42\ndata: b"));
    QCOMPARE(parser.lastEventId(), u"41"_s);
    QVERIFY(!parser.finish()); // "data: b" and id 42 are dropped
    QCOMPARE(parser.lastEventId(), u"41"_s);
    // The reconnected stream: a new BOM is skipped, the id carries over.
    const auto items = parser.feed("\xEF\xBB\xBF" "data: c\n\n");
    QVERIFY(items);
    QCOMPARE(items->size(), 1);
    QCOMPARE(items->first().event.data, u"c"_s);
    QCOMPARE(items->first().event.lastEventId, u"41"_s);
    QVERIFY(parser.finish());
}

void tst_SseParser::itemsOfOneFeedInOrder()
{
    SseParser parser;
    const auto items = parser.feed(kChatStream);
    QVERIFY(items);
    QCOMPARE(items->size(), 6);
    QCOMPARE(items->at(0).kind, SseItem::Kind::Comment);
    QCOMPARE(items->at(2).kind, SseItem::Kind::Comment);
    QCOMPARE(items->at(2).comment, u"ping"_s);
    QCOMPARE(items->at(5).kind, SseItem::Kind::Event);
    QCOMPARE(items->at(5).event.data, u"[DONE]"_s);
    QCOMPARE(items->at(5).event.type, u"message"_s);
    SseItem done;
    done.event.data = u"[DONE]"_s;
    QCOMPARE(items->at(5), done);
}

QTEST_APPLESS_MAIN(tst_SseParser)
#include "tst_sseparser.moc"
