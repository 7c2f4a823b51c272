// SPDX-License-Identifier: MIT
#include <llm/ndjsonchatparser.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Llm;

namespace {

constexpr int kNoError = -1;

QByteArray contentLine(const QString &content)
{
    QByteArray escaped = content.toUtf8();
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return R"({"model":"llama3.1:8b","created_at":"2025-01-14T10:12:41.513434735Z","message":{"role":"assistant","content":")"
        + escaped + R"("},"done":false})" + '\n';
}

QByteArray thinkingLine(const QByteArray &thinking)
{
    return R"({"model":"qwen3:8b","created_at":"2025-01-14T10:12:41.5Z","message":{"role":"assistant","content":"","thinking":")"
        + thinking + R"("},"done":false})" + '\n';
}

QByteArray finalLine(const QByteArray &doneReason = "stop")
{
    return R"({"model":"llama3.1:8b","created_at":"2025-01-14T10:12:42.1Z","message":{"role":"assistant","content":""},"done":true,"done_reason":")"
        + doneReason
        + R"(","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000})"
        + '\n';
}

QList<QByteArray> splitEvery(const QByteArray &bytes, qsizetype size)
{
    QList<QByteArray> pieces;
    for (qsizetype i = 0; i < bytes.size(); i += size)
        pieces.append(bytes.mid(i, size));
    return pieces;
}

/** What a whole body produced: every chunk up to the first error, and that error. */
struct Outcome
{
    QStringList contents;
    QString thinking;
    QString doneReason;
    bool sawFinal = false;
    int errorCode = kNoError;
    int errorStatus = 0;
    QString errorMessage;
};

Outcome run(const QList<QByteArray> &pieces)
{
    NdjsonChatParser parser;
    Outcome outcome;
    const auto take = [&outcome](const Result<QList<ChatChunk>> &result) {
        if (!result) {
            outcome.errorCode = int(result.error().code);
            outcome.errorStatus = result.error().httpStatus;
            outcome.errorMessage = result.error().message;
            return false;
        }
        for (const ChatChunk &chunk : *result) {
            outcome.contents.append(chunk.content);
            outcome.thinking += chunk.thinking;
            if (chunk.done)
                outcome.doneReason = chunk.doneReason;
        }
        return true;
    };
    for (const QByteArray &piece : pieces) {
        if (!take(parser.feed(piece)))
            return outcome;
    }
    take(parser.finish());
    outcome.sawFinal = parser.sawFinalChunk();
    return outcome;
}

} // namespace

class tst_NdjsonChatParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesBodies_data();
    void parsesBodies();
    void parseLineRejects_data();
    void parseLineRejects();
    void extractsMetrics();
    void omittedMetricsAreZero();
    void staysFailedAfterAnError();
    void deliversChunksBeforeAnErrorInTheSameRead();
};

void tst_NdjsonChatParser::parsesBodies_data()
{
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<QStringList>("contents"); // every chunk, the final one's "" included
    QTest::addColumn<QString>("thinking");
    QTest::addColumn<QString>("doneReason");
    QTest::addColumn<int>("errorCode");
    QTest::addColumn<int>("errorStatus");

    const QByteArray normal = contentLine(u"Hello"_s) + contentLine(u" there!"_s) + finalLine();
    const QStringList normalContents{u"Hello"_s, u" there!"_s, QString()};
    const int none = kNoError;
    const int malformed = int(ErrorCode::LlmMalformed);

    QTest::newRow("one line per read") << QList<QByteArray>{contentLine(u"Hello"_s), contentLine(u" there!"_s), finalLine()}
                                       << normalContents << QString() << u"stop"_s << none << 0;
    QTest::newRow("many lines in one read") << QList<QByteArray>{normal} << normalContents << QString() << u"stop"_s
                                            << none << 0;
    QTest::newRow("line split across reads") << splitEvery(normal, 37) << normalContents << QString() << u"stop"_s
                                             << none << 0;
    QTest::newRow("byte by byte") << splitEvery(normal, 1) << normalContents << QString() << u"stop"_s << none << 0;

    // "é" is 2 bytes, "✓" 3 and "😀" 4 in UTF-8: cut inside each of them.
    const QString multiByte = u"é ✓ 😀"_s;
    const QByteArray utf8Body = contentLine(multiByte) + finalLine();
    const qsizetype emoji = utf8Body.indexOf("\xF0\x9F\x98\x80");
    const qsizetype check = utf8Body.indexOf("\xE2\x9C\x93");
    const qsizetype eAcute = utf8Body.indexOf("\xC3\xA9");
    QVERIFY(emoji > 0 && check > 0 && eAcute > 0);
    QTest::newRow("split inside UTF-8 characters")
        << QList<QByteArray>{utf8Body.left(eAcute + 1), utf8Body.mid(eAcute + 1, check + 2 - eAcute - 1),
                             utf8Body.mid(check + 2, emoji + 2 - check - 2), utf8Body.mid(emoji + 2)}
        << QStringList{multiByte, QString()} << QString() << u"stop"_s << none << 0;

    QByteArray crlf = normal;
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF line ends") << QList<QByteArray>{crlf} << normalContents << QString() << u"stop"_s << none << 0;
    QTest::newRow("CRLF split between CR and LF")
        << QList<QByteArray>{crlf.left(crlf.indexOf('\r') + 1), crlf.mid(crlf.indexOf('\r') + 1)} << normalContents
        << QString() << u"stop"_s << none << 0;

    QTest::newRow("empty lines skipped")
        << QList<QByteArray>{"\n" + contentLine(u"Hello"_s) + "\n\n  \n", contentLine(u" there!"_s) + "\r\n", finalLine() + "\n"}
        << normalContents << QString() << u"stop"_s << none << 0;

    QByteArray noNewline = normal;
    noNewline.chop(1);
    QTest::newRow("final line without newline") << QList<QByteArray>{noNewline} << normalContents << QString()
                                                << u"stop"_s << none << 0;

    QTest::newRow("done_reason length") << QList<QByteArray>{contentLine(u"Once upon"_s), finalLine("length")}
                                        << QStringList{u"Once upon"_s, QString()} << QString() << u"length"_s << none
                                        << 0;

    QTest::newRow("thinking deltas")
        << QList<QByteArray>{thinkingLine("Let me "), thinkingLine("think."), contentLine(u"42"_s), finalLine()}
        << QStringList{QString(), QString(), u"42"_s, QString()} << u"Let me think."_s << u"stop"_s << none << 0;

    QTest::newRow("lines after the final chunk ignored")
        << QList<QByteArray>{normal + contentLine(u"late"_s), "not json at all\n", "{\"error\":\"late\"}\n"}
        << normalContents << QString() << u"stop"_s << none << 0;

    QTest::newRow("error line mid-stream")
        << QList<QByteArray>{contentLine(u"Hel"_s), "{\"error\":\"an error was encountered while running the model\"}\n"}
        << QStringList{u"Hel"_s} << QString() << QString() << int(ErrorCode::LlmHttp) << 200;

    QTest::newRow("garbage, not JSON") << QList<QByteArray>{"<html>502 Bad Gateway</html>\n"} << QStringList()
                                       << QString() << QString() << malformed << 0;
    QTest::newRow("JSON array") << QList<QByteArray>{"[{\"done\":true}]\n"} << QStringList() << QString() << QString()
                                << malformed << 0;
    QTest::newRow("JSON but not an object") << QList<QByteArray>{"\"done\"\n"} << QStringList() << QString()
                                            << QString() << malformed << 0;
    QTest::newRow("object without done") << QList<QByteArray>{"{\"response\":\"hi\"}\n"} << QStringList()
                                         << QString() << QString() << malformed << 0;
    QTest::newRow("garbage after good lines")
        << QList<QByteArray>{contentLine(u"Hello"_s), "{\"model\":\"x\", trunc\n"} << QStringList{u"Hello"_s}
        << QString() << QString() << malformed << 0;
    QTest::newRow("empty body") << QList<QByteArray>{} << QStringList() << QString() << QString() << malformed << 0;
    QTest::newRow("only empty lines") << QList<QByteArray>{"\n\r\n\n"} << QStringList() << QString() << QString()
                                      << malformed << 0;
    QTest::newRow("body without final chunk")
        << QList<QByteArray>{contentLine(u"Hello"_s), contentLine(u" there!"_s)} << QStringList{u"Hello"_s, u" there!"_s}
        << QString() << QString() << malformed << 0;
    QTest::newRow("body cut inside the final line")
        << QList<QByteArray>{contentLine(u"Hello"_s) + finalLine().left(40)} << QStringList{u"Hello"_s} << QString()
        << QString() << malformed << 0;
}

void tst_NdjsonChatParser::parsesBodies()
{
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(QStringList, contents);
    QFETCH(QString, thinking);
    QFETCH(QString, doneReason);
    QFETCH(int, errorCode);
    QFETCH(int, errorStatus);

    const Outcome outcome = run(pieces);
    QCOMPARE(outcome.errorCode, errorCode);
    QCOMPARE(outcome.errorStatus, errorStatus);
    QCOMPARE(outcome.contents, contents);
    QCOMPARE(outcome.thinking, thinking);
    QCOMPARE(outcome.doneReason, doneReason);
    if (errorCode == kNoError) {
        QVERIFY(outcome.sawFinal);
    } else {
        QVERIFY(!outcome.errorMessage.isEmpty());
    }
}

void tst_NdjsonChatParser::parseLineRejects_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("errorCode");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("error object") << QByteArray(R"({"error":"model runner has unexpectedly stopped"})")
                                  << int(ErrorCode::LlmHttp) << u"model runner has unexpectedly stopped"_s;
    QTest::newRow("not JSON") << QByteArray("data: {\"x\":1}") << int(ErrorCode::LlmMalformed) << u"not JSON"_s;
    QTest::newRow("array") << QByteArray("[1,2]") << int(ErrorCode::LlmMalformed) << u"not a JSON object"_s;
    QTest::newRow("number") << QByteArray("42") << int(ErrorCode::LlmMalformed) << u"not"_s;
    QTest::newRow("done is a string") << QByteArray(R"({"done":"true"})") << int(ErrorCode::LlmMalformed)
                                      << u"done"_s;
    QTest::newRow("huge garbage is quoted briefly") << QByteArray(100000, 'x') << int(ErrorCode::LlmMalformed)
                                                   << u"xxx"_s;
}

void tst_NdjsonChatParser::parseLineRejects()
{
    QFETCH(QByteArray, line);
    QFETCH(int, errorCode);
    QFETCH(QString, messagePart);

    const Result<ChatChunk> chunk = NdjsonChatParser::parseLine(line);
    QVERIFY(!chunk);
    QCOMPARE(int(chunk.error().code), errorCode);
    QVERIFY2(chunk.error().message.contains(messagePart), qPrintable(chunk.error().message));
    QVERIFY(chunk.error().message.size() < 400);
}

void tst_NdjsonChatParser::extractsMetrics()
{
    const Result<ChatChunk> chunk = NdjsonChatParser::parseLine(finalLine().trimmed());
    QVERIFY(chunk);
    QVERIFY(chunk->done);
    QCOMPARE(chunk->model, u"llama3.1:8b"_s);
    QCOMPARE(chunk->content, QString());
    QCOMPARE(chunk->doneReason, u"stop"_s);
    QCOMPARE(chunk->metrics.totalDurationNs, qint64(4883583458));
    QCOMPARE(chunk->metrics.loadDurationNs, qint64(1334875));
    QCOMPARE(chunk->metrics.promptEvalCount, 26);
    QCOMPARE(chunk->metrics.promptEvalDurationNs, qint64(342546000));
    QCOMPARE(chunk->metrics.evalCount, 282);
    QCOMPARE(chunk->metrics.evalDurationNs, qint64(4535599000));
}

void tst_NdjsonChatParser::omittedMetricsAreZero()
{
    // Ollama's metric fields are omitempty: a cached prompt has no prompt_eval_count at all.
    const Result<ChatChunk> chunk = NdjsonChatParser::parseLine(
        R"({"model":"m","created_at":"2025-01-14T10:12:42Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":3})");
    QVERIFY(chunk);
    QCOMPARE(chunk->metrics.evalCount, 3);
    QCOMPARE(chunk->metrics.promptEvalCount, 0);
    QCOMPARE(chunk->metrics.promptEvalDurationNs, qint64(0));
    QCOMPARE(chunk->metrics.totalDurationNs, qint64(0));

    // An intermediate chunk carries no metrics even if a server sent some.
    const Result<ChatChunk> delta = NdjsonChatParser::parseLine(
        R"({"model":"m","message":{"role":"assistant","content":"x"},"done":false,"eval_count":9})");
    QVERIFY(delta);
    QCOMPARE(delta->metrics.evalCount, 0);
    QCOMPARE(delta->content, u"x"_s);
}

void tst_NdjsonChatParser::staysFailedAfterAnError()
{
    NdjsonChatParser parser;
    const Result<QList<ChatChunk>> bad = parser.feed("nonsense\n");
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, ErrorCode::LlmMalformed);

    const Result<QList<ChatChunk>> later = parser.feed(contentLine(u"Hello"_s) + finalLine());
    QVERIFY(!later);
    QCOMPARE(later.error().code, ErrorCode::LlmMalformed);
    QVERIFY(!parser.sawFinalChunk());
    QVERIFY(!parser.finish());
}

void tst_NdjsonChatParser::deliversChunksBeforeAnErrorInTheSameRead()
{
    // The caller must keep the partial reply: the good lines come out first, the error right after.
    NdjsonChatParser parser;
    const Result<QList<ChatChunk>> first =
        parser.feed(contentLine(u"Hel"_s) + contentLine(u"lo"_s) + "{\"error\":\"out of memory\"}\n" + contentLine(u"x"_s));
    QVERIFY(first);
    QCOMPARE(first->size(), 2);
    QCOMPARE(first->at(1).content, u"lo"_s);

    const Result<QList<ChatChunk>> next = parser.feed(QByteArray());
    QVERIFY(!next);
    QCOMPARE(next.error().code, ErrorCode::LlmHttp);
    QCOMPARE(next.error().httpStatus, 200);
    QVERIFY(next.error().message.contains(u"out of memory"_s));
    QVERIFY(!parser.finish());
}

QTEST_GUILESS_MAIN(tst_NdjsonChatParser)
#include "tst_ndjsonchatparser.moc"
