// SPDX-License-Identifier: MIT
#include <conversation/contextbuilder.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Conversation;

namespace {

QList<Store::MessageRow> windowOf(int count, int charsEach)
{
    QList<Store::MessageRow> window;
    for (int i = 0; i < count; ++i) {
        Store::MessageRow row;
        row.id = i + 1;
        row.role = i % 2 == 0 ? u"user"_s : u"assistant"_s;
        row.content = u"m%1 "_s.arg(i) + QString(charsEach, u'x');
        window.append(row);
    }
    return window;
}

} // namespace

class tst_ContextBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemMessageHasPromptSectionsAndSummary();
    void keepsEverythingWithinBudget();
    void trimsOldestFirst_data();
    void trimsOldestFirst();
    void dropsSummaryBeforeFailing();
    void refusesWhatCannotFit();
    void estimatesTokens_data();
    void estimatesTokens();
};

void tst_ContextBuilder::systemMessageHasPromptSectionsAndSummary()
{
    const QString system = composeSystemMessage(u"You are Aria."_s,
                                                {ContextSection{u"What you remember"_s, u"- likes tea"_s},
                                                 ContextSection{u"Empty"_s, u"  "_s}},
                                                u"They met at the inn."_s);
    QCOMPARE(system, u"You are Aria.\n\n## What you remember\n- likes tea\n\n"
                     "## Summary of the conversation so far\nThey met at the inn."_s);
    QCOMPARE(composeSystemMessage(u"You are Aria."_s, {}, {}), u"You are Aria."_s);
}

void tst_ContextBuilder::keepsEverythingWithinBudget()
{
    ContextInput input;
    input.systemPrompt = u"You are Kira."_s;
    input.summary = u"Earlier: talk about maps."_s;
    input.window = windowOf(5, 10);
    auto built = buildContext(input);
    QVERIFY(built);
    QCOMPARE(built->messages.size(), 6);
    QCOMPARE(built->messages.at(0).role, u"system"_s);
    QVERIFY(built->messages.at(0).content.contains(u"Earlier: talk about maps."_s));
    QCOMPARE(built->messages.at(1).content, input.window.at(0).content);
    QCOMPARE(built->messages.last().content, input.window.last().content);
    QCOMPARE(built->droppedMessages, 0);
    QVERIFY(!built->summaryDropped);
}

void tst_ContextBuilder::trimsOldestFirst_data()
{
    QTest::addColumn<int>("numCtx");
    QTest::addColumn<int>("messages");
    QTest::addColumn<int>("charsEach");
    QTest::addColumn<int>("expectedDropped");

    // Each message costs ceil((len("mN ") + chars) / 4) + 4 tokens; the system prompt ~8.
    QTest::newRow("fits") << 2000 << 10 << 100 << 0;
    QTest::newRow("drops some") << 600 << 10 << 396 << 6;   // 104 tokens each, 600-100 reply = 500 budget
    QTest::newRow("keeps only newest") << 300 << 10 << 396 << 9;
}

void tst_ContextBuilder::trimsOldestFirst()
{
    QFETCH(int, numCtx);
    QFETCH(int, messages);
    QFETCH(int, charsEach);
    QFETCH(int, expectedDropped);

    ContextInput input;
    input.systemPrompt = u"You are Aria, a bard."_s;
    input.window = windowOf(messages, charsEach);
    input.numCtx = numCtx;
    input.replyReserve = 100;
    auto built = buildContext(input);
    QVERIFY2(built, qPrintable(built ? QString() : built.error().message));
    QCOMPARE(built->droppedMessages, expectedDropped);
    QCOMPARE(built->messages.size(), 1 + messages - expectedDropped);
    QCOMPARE(built->messages.first().content, u"You are Aria, a bard."_s);
    QCOMPARE(built->messages.last().content, input.window.last().content);
    // What is left is the newest part of the window, in order.
    QCOMPARE(built->messages.at(1).content, input.window.at(expectedDropped).content);
    QVERIFY(built->estimatedTokens <= numCtx - input.replyReserve);
}

void tst_ContextBuilder::dropsSummaryBeforeFailing()
{
    ContextInput input;
    input.systemPrompt = u"You are Aria."_s;
    input.summary = QString(2000, u's');
    input.window = windowOf(1, 100);
    input.numCtx = 400;
    input.replyReserve = 100;
    auto built = buildContext(input);
    QVERIFY(built);
    QVERIFY(built->summaryDropped);
    QCOMPARE(built->messages.first().content, u"You are Aria."_s);
    QCOMPARE(built->messages.size(), 2);
}

void tst_ContextBuilder::refusesWhatCannotFit()
{
    ContextInput input;
    input.systemPrompt = u"You are Aria."_s;
    input.window = windowOf(3, 4000);
    input.numCtx = 600;
    input.replyReserve = 100;
    auto built = buildContext(input);
    QVERIFY(!built);
    QCOMPARE(built.error().code, ErrorCode::TooLarge);
    QVERIFY(built.error().message.contains(u"num_ctx 600"_s));
}

void tst_ContextBuilder::estimatesTokens_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("tokens");
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("ascii") << u"abcdefgh"_s << 2;
    QTest::newRow("rounds up") << u"abcde"_s << 2;
    QTest::newRow("two-byte") << u"éééé"_s << 2;           // 8 bytes
    QTest::newRow("three-byte") << u"日本語です"_s << 4;     // 15 bytes
    QTest::newRow("surrogates") << u"😀😀"_s << 2;          // 8 bytes
}

void tst_ContextBuilder::estimatesTokens()
{
    QFETCH(QString, text);
    QFETCH(int, tokens);
    QCOMPARE(estimateTokens(text), tokens);
}

QTEST_APPLESS_MAIN(tst_ContextBuilder)
#include "tst_contextbuilder.moc"
