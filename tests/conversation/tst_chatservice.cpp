// SPDX-License-Identifier: MIT
#include <conversation/chatservice.h>
#include <conversation/conversationservice.h>
#include <conversation/sessionservice.h>
#include <engine/engine.h>
#include <engine/enginehost.h>
#include <llm/ollamaclient.h>
#include <store/conversationstore.h>
#include <store/database.h>

#include "fakeollama.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Conversation;

namespace {

constexpr auto kSummaryMarker = "You keep the running summary"_L1;

QJsonArray messagesOf(const QJsonObject &request)
{
    return request.value("messages"_L1).toArray();
}

bool isSummaryRequest(const QJsonObject &request)
{
    const QJsonArray messages = messagesOf(request);
    return !messages.isEmpty() && messages.at(0).toObject().value("content"_L1).toString().startsWith(kSummaryMarker);
}

QList<QJsonObject> chatTurnRequests(const FakeOllama &fake)
{
    QList<QJsonObject> turns;
    for (const QJsonObject &request : fake.chatRequests()) {
        if (!isSummaryRequest(request))
            turns.append(request);
    }
    return turns;
}

/** A reply that echoes the user's last message, and numbered summaries for summary calls. */
FakeOllama::ChatScript echoScript()
{
    FakeOllama::ChatScript script;
    auto summaries = std::make_shared<int>(0);
    script.replyFor = [summaries](const QJsonObject &request) -> QStringList {
        if (isSummaryRequest(request))
            return {u"SUMMARY-%1: the user is Zed."_s.arg(++*summaries)};
        const QJsonArray messages = messagesOf(request);
        const QString last = messages.last().toObject().value("content"_L1).toString();
        return {u"You said: "_s, last};
    };
    return script;
}

} // namespace

class tst_ChatService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void storesTurnAndStreamsReply();
    void secondRequestCarriesSystemPromptAndFirstExchange();
    void sendsOptionsFromPersonaAndRequest();
    void windowIsCappedAndSummaryFolds();
    void summaryFailureNeverFailsTurn();
    void budgetTrimsOldestMessages();
    void cancelStoresPartialReplyCutOff();
    void cancelBeforeStartStoresNothing();
    void busyConversationRefusesSecondTurn();
    void ollamaDownKeepsUserMessage();
    void errorMidStreamKeepsPartialReply();
    void tooLargeMessageIsRefusedWithoutStoring();
    void refusesBadRequests_data();
    void refusesBadRequests();
    void newConversationArchivesTheOldOne();
    void resumesConversationFromNewEngine();
    void recordsEveryModelCall();
    void regenerateAnswersTheLastMessageAgain();
    void editReplacesTheLastMessage();
    void regenerateWithoutMessageIsRefused();
    void hooksAddContextAndLearnTheOutcome();
    void aSilentHookDoesNotHoldTheTurn();
    void aFullModelQueueRefusesWithoutStoring();

private:
    Engine::Settings settings() const;
    void startEngine(const Engine::Settings &settings);
    TurnResult runTurn(const QString &sessionId, const QString &persona, const QString &message,
                       QStringList *deltas = nullptr);
    QString openSession();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Engine::Engine> m_engine;
};

void tst_ChatService::init()
{
    Engine::registerEngineMetaTypes();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    m_fake->setDefaultChatScript(echoScript());
    startEngine(settings());
}

void tst_ChatService::cleanup()
{
    m_engine.reset();
    m_fake.reset();
    m_dir.reset();
}

Engine::Settings tst_ChatService::settings() const
{
    Engine::Settings s;
    s.dbPath = m_dir->filePath(u"studio.sqlite"_s);
    s.ollamaUrl = m_fake->url();
    s.model = u"llama3.1:8b"_s;
    s.numCtx = 8192;
    s.windowMessages = 20;
    s.connectTimeoutMs = 2000;
    s.firstTokenTimeoutMs = 5000;
    s.idleTimeoutMs = 5000;
    s.llmRetries = 1;
    return s;
}

void tst_ChatService::startEngine(const Engine::Settings &s)
{
    m_engine.reset();
    m_engine = std::make_unique<Engine::Engine>(s, Clock());
    auto started = m_engine->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
}

QString tst_ChatService::openSession()
{
    auto session = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"websocket"_s, u"test-client"_s, u"1.0"_s});
    return session ? session->id : QString();
}

TurnResult tst_ChatService::runTurn(const QString &sessionId, const QString &persona, const QString &message,
                                    QStringList *deltas)
{
    TurnChannelPtr channel = TurnChannel::create();
    TurnResult result = fail(ErrorCode::Internal, u"no result"_s);
    bool finished = false;
    connect(channel.get(), &TurnChannel::delta, this, [deltas](const QString &text, int) {
        if (deltas)
            deltas->append(text);
    });
    connect(channel.get(), &TurnChannel::finished, this, [&](const TurnResult &r) {
        result = r;
        finished = true;
    });
    TurnRequest request;
    request.sessionId = sessionId;
    request.persona = persona;
    request.message = message;
    m_engine->chat().startTurn(request, channel);
    if (!QTest::qWaitFor([&] { return finished; }, 10000))
        return fail(ErrorCode::Internal, u"the turn did not finish"_s);
    return result;
}

void tst_ChatService::storesTurnAndStreamsReply()
{
    const QString session = openSession();
    QSignalSpy added(&m_engine->chat(), &ChatService::messageAdded);
    QStringList deltas;
    auto result = runTurn(session, u"aria"_s, u"Hello!"_s, &deltas);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(deltas, QStringList({u"You said: "_s, u"Hello!"_s}));
    QCOMPARE(result->reply, u"You said: Hello!"_s);
    QCOMPARE(result->personaId, u"aria"_s);
    QCOMPARE(result->personaName, u"Aria"_s);
    QCOMPARE(result->promptTokens, 42); // the fake's prompt_eval_count, never an estimate
    QCOMPARE(result->completionTokens, 7);
    QCOMPARE(result->doneReason, u"stop"_s);
    QVERIFY(!result->cutOff);
    QVERIFY(result->processingMs >= 0);
    QCOMPARE(added.count(), 2);

    auto page = m_engine->conversations().history(session, u"Aria"_s, 0, 100);
    QVERIFY(page);
    QCOMPARE(page->total, 2);
    QCOMPARE(page->messages.at(0).role, u"user"_s);
    QCOMPARE(page->messages.at(0).content, u"Hello!"_s);
    QCOMPARE(page->messages.at(1).role, u"assistant"_s);
    QCOMPARE(page->messages.at(1).content, u"You said: Hello!"_s);
    QCOMPARE(page->messages.at(1).promptTokens, 42);
    QCOMPARE(page->messages.at(1).completionTokens, 7);
    QCOMPARE(page->messages.at(1).model, u"llama3.1:8b"_s);
    QCOMPARE(page->messages.at(1).id, result->replyMessageId);
}

void tst_ChatService::secondRequestCarriesSystemPromptAndFirstExchange()
{
    const QString session = openSession();
    QVERIFY(runTurn(session, u"aria"_s, u"My name is Zed"_s));
    QVERIFY(runTurn(session, u"aria"_s, u"What is my name?"_s));

    const QList<QJsonObject> turns = chatTurnRequests(*m_fake);
    QCOMPARE(turns.size(), 2);
    const QJsonArray messages = messagesOf(turns.at(1));
    QCOMPARE(messages.size(), 4);
    const QString system = messages.at(0).toObject().value("content"_L1).toString();
    QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"system"_s);
    QVERIFY(system.startsWith(u"You are Aria, An elven bard"_s));
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), u"My name is Zed"_s);
    QCOMPARE(messages.at(2).toObject().value("role"_L1).toString(), u"assistant"_s);
    QCOMPARE(messages.at(2).toObject().value("content"_L1).toString(), u"You said: My name is Zed"_s);
    QCOMPARE(messages.at(3).toObject().value("content"_L1).toString(), u"What is my name?"_s);
}

void tst_ChatService::sendsOptionsFromPersonaAndRequest()
{
    const QString session = openSession();
    QVERIFY(runTurn(session, u"kira"_s, u"Hi"_s));
    TurnChannelPtr channel = TurnChannel::create();
    QSignalSpy finished(channel.get(), &TurnChannel::finished);
    TurnRequest request{session, u"kira"_s, u"Short answer please"_s, 64, 0.1, false};
    m_engine->chat().startTurn(request, channel);
    QVERIFY(finished.wait(10000));

    const QList<QJsonObject> turns = chatTurnRequests(*m_fake);
    QCOMPARE(turns.size(), 2);
    const QJsonObject first = turns.at(0);
    QCOMPARE(first.value("model"_L1).toString(), u"llama3.1:8b"_s);
    QCOMPARE(first.value("stream"_L1).toBool(), true);
    QCOMPARE(first.value("think"_L1).toBool(true), false);
    QCOMPARE(first.value("options"_L1).toObject().value("num_ctx"_L1).toInt(), 8192);
    QCOMPARE(first.value("options"_L1).toObject().value("temperature"_L1).toDouble(), 0.6); // Kira's own
    // Without a budget of the caller's, llm/max_reply_tokens bounds the reply.
    QCOMPARE(first.value("options"_L1).toObject().value("num_predict"_L1).toInt(), 4096);
    const QJsonObject second = turns.at(1).value("options"_L1).toObject();
    QCOMPARE(second.value("temperature"_L1).toDouble(), 0.1);
    QCOMPARE(second.value("num_predict"_L1).toInt(), 64);
}

void tst_ChatService::windowIsCappedAndSummaryFolds()
{
    const QString session = openSession();
    for (int i = 1; i <= 30; ++i) {
        auto result = runTurn(session, u"aria"_s, u"turn %1"_s.arg(i));
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    }
    QTRY_COMPARE(m_engine->chat().runningTurns(), 0);

    const QList<QJsonObject> turns = chatTurnRequests(*m_fake);
    QCOMPARE(turns.size(), 30);
    for (const QJsonObject &request : turns)
        QVERIFY(messagesOf(request).size() <= 1 + 20);
    const QJsonArray last = messagesOf(turns.last());
    QCOMPARE(last.size(), 21); // the system message and exactly 20 verbatim messages
    QCOMPARE(last.last().toObject().value("content"_L1).toString(), u"turn 30"_s);
    // 60 messages: the window is the newest 20, from the reply to turn 20 to turn 30.
    QCOMPARE(last.at(1).toObject().value("content"_L1).toString(), u"You said: turn 20"_s);
    const QString system = last.at(0).toObject().value("content"_L1).toString();
    QVERIFY2(system.contains(u"## Summary of the conversation so far\nSUMMARY-"_s), qPrintable(system));

    // Every message that fell out of the window was folded exactly once, oldest first.
    QTRY_VERIFY(!m_engine->chat().runningTurns());
    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 100);
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto current = m_engine->conversations().history(session, u"aria"_s, 0, 100);
            return current && current->conversation.summarizedThrough == current->messages.at(39).id;
        }(),
        10000);
    QString folded;
    for (const QJsonObject &request : m_fake->chatRequests()) {
        if (isSummaryRequest(request))
            folded += messagesOf(request).at(1).toObject().value("content"_L1).toString();
    }
    for (int i = 1; i <= 20; ++i)
        QCOMPARE(folded.count(u"User: turn %1\n"_s.arg(i)), 1);
    QCOMPARE(folded.count(u"User: turn 21\n"_s), 0);
}

void tst_ChatService::summaryFailureNeverFailsTurn()
{
    Engine::Settings s = settings();
    s.windowMessages = 4;
    startEngine(s);
    const QString session = openSession();
    QVERIFY(runTurn(session, u"aria"_s, u"one"_s));
    QVERIFY(runTurn(session, u"aria"_s, u"two"_s));

    // With one request at a time, the summary call follows turn three's own request:
    // turn three gets a normal reply, the summary call gets a server error.
    FakeOllama::ChatScript broken;
    broken.status = 500;
    broken.errorMessage = u"llama runner process has terminated"_s;
    m_fake->enqueueChatScript(echoScript());
    m_fake->enqueueChatScript(broken);
    QSignalSpy summaryFailed(m_engine.get(), &Engine::Engine::modelCallFinished);
    QVERIFY(runTurn(session, u"aria"_s, u"three"_s));
    QTRY_VERIFY(std::any_of(summaryFailed.cbegin(), summaryFailed.cend(), [](const QList<QVariant> &args) {
        const auto call = args.at(0).value<Store::ModelCallRow>();
        return call.purpose == u"summary"_s && call.error.contains(u"llama runner process has terminated"_s);
    }));
    auto afterFailure = m_engine->conversations().history(session, u"aria"_s, 0, 100);
    QVERIFY(afterFailure);
    QCOMPARE(afterFailure->conversation.summary, QString());
    QCOMPARE(afterFailure->conversation.summarizedThrough, 0);

    // The next turn works, and the summary catches up with everything outside the window.
    auto four = runTurn(session, u"aria"_s, u"four"_s);
    QVERIFY2(four, qPrintable(four ? QString() : four.error().message));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto page = m_engine->conversations().history(session, u"aria"_s, 0, 100);
            return page && page->total == 8 && page->conversation.summarizedThrough == page->messages.at(3).id;
        }(),
        10000);
    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 100);
    QVERIFY(page->conversation.summary.startsWith(u"SUMMARY-"_s));
}

void tst_ChatService::budgetTrimsOldestMessages()
{
    Engine::Settings s = settings();
    s.numCtx = 1500;
    startEngine(s);
    const QString session = openSession();
    const QString longText = QString(1200, u'a');
    for (int i = 0; i < 4; ++i)
        QVERIFY(runTurn(session, u"kira"_s, u"%1 %2"_s.arg(i).arg(longText)));
    const QList<QJsonObject> turns = chatTurnRequests(*m_fake);
    const QJsonArray last = messagesOf(turns.last());
    QCOMPARE(last.at(0).toObject().value("role"_L1).toString(), u"system"_s);
    QVERIFY(last.at(0).toObject().value("content"_L1).toString().startsWith(u"You are Kira"_s));
    QVERIFY2(last.size() < 1 + 7, qPrintable(QString::number(last.size())));
    QVERIFY(last.last().toObject().value("content"_L1).toString().startsWith(u"3 "_s));
    int estimated = 0;
    for (const QJsonValue &message : last)
        estimated += estimateTokens(message.toObject().value("content"_L1).toString()) + kPerMessageTokenOverhead;
    QVERIFY(estimated <= s.numCtx - qMin(1024, s.numCtx / 4));
}

void tst_ChatService::cancelStoresPartialReplyCutOff()
{
    FakeOllama::ChatScript slow;
    slow.chunks = {u"Once "_s, u"upon "_s, u"a "_s, u"time "_s, u"there "_s, u"was "_s, u"a "_s, u"song."_s};
    slow.chunkDelayMs = 150;
    m_fake->enqueueChatScript(slow);
    const QString session = openSession();
    TurnChannelPtr channel = TurnChannel::create();
    QSignalSpy deltas(channel.get(), &TurnChannel::delta);
    QSignalSpy finished(channel.get(), &TurnChannel::finished);
    m_engine->chat().startTurn(TurnRequest{session, u"aria"_s, u"Tell me a story"_s, {}, {}, false}, channel);
    QVERIFY(deltas.wait(5000));
    channel->cancel();
    QVERIFY(finished.wait(5000));
    const auto result = finished.at(0).at(0).value<TurnResult>();
    QVERIFY(result);
    QVERIFY(result->cutOff);
    QCOMPARE(result->doneReason, u"cancelled"_s);
    QVERIFY(result->reply.startsWith(u"Once "_s));
    QVERIFY(result->reply.size() < QStringLiteral("Once upon a time there was a song.").size());
    QTRY_COMPARE(m_fake->cancelledStreams(), 1);

    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 10);
    QVERIFY(page);
    QCOMPARE(page->total, 2);
    QVERIFY(page->messages.at(1).cutOff);
    QCOMPARE(page->messages.at(1).content, result->reply);
    QCOMPARE(page->messages.at(1).doneReason, u"cancelled"_s);
}

void tst_ChatService::cancelBeforeStartStoresNothing()
{
    const QString session = openSession();
    TurnChannelPtr channel = TurnChannel::create();
    QSignalSpy finished(channel.get(), &TurnChannel::finished);
    channel->cancel();
    m_engine->chat().startTurn(TurnRequest{session, u"aria"_s, u"Hi"_s, {}, {}, false}, channel);
    QCOMPARE(finished.count(), 1);
    const auto result = finished.at(0).at(0).value<TurnResult>();
    QVERIFY(!result);
    QCOMPARE(result.error().code, ErrorCode::Cancelled);
    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 10);
    QVERIFY(page);
    QCOMPARE(page->total, 0);
    QCOMPARE(m_fake->chatRequests().size(), 0);
}

void tst_ChatService::busyConversationRefusesSecondTurn()
{
    FakeOllama::ChatScript slow;
    slow.chunks = {u"a"_s, u"b"_s, u"c"_s};
    slow.chunkDelayMs = 200;
    m_fake->enqueueChatScript(slow);
    const QString session = openSession();
    TurnChannelPtr first = TurnChannel::create();
    QSignalSpy firstFinished(first.get(), &TurnChannel::finished);
    m_engine->chat().startTurn(TurnRequest{session, u"aria"_s, u"first"_s, {}, {}, false}, first);

    TurnChannelPtr second = TurnChannel::create();
    QSignalSpy secondFinished(second.get(), &TurnChannel::finished);
    m_engine->chat().startTurn(TurnRequest{session, u"aria"_s, u"second"_s, {}, {}, false}, second);
    QCOMPARE(secondFinished.count(), 1);
    const auto refused = secondFinished.at(0).at(0).value<TurnResult>();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Busy);

    // Another persona in the same session is a different conversation: not busy.
    TurnChannelPtr other = TurnChannel::create();
    QSignalSpy otherFinished(other.get(), &TurnChannel::finished);
    m_engine->chat().startTurn(TurnRequest{session, u"kira"_s, u"hello"_s, {}, {}, false}, other);
    QVERIFY(firstFinished.wait(5000));
    QVERIFY(firstFinished.at(0).at(0).value<TurnResult>());
    QTRY_COMPARE(otherFinished.count(), 1);
    QVERIFY(otherFinished.at(0).at(0).value<TurnResult>());
    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 10);
    QCOMPARE(page->total, 2); // "second" was never stored
}

void tst_ChatService::ollamaDownKeepsUserMessage()
{
    const QString session = openSession();
    const QString url = m_fake->url().toString();
    m_fake->close();
    QElapsedTimer timer;
    timer.start();
    auto result = runTurn(session, u"aria"_s, u"Are you there?"_s);
    QVERIFY(!result);
    QCOMPARE(result.error().code, ErrorCode::LlmUnreachable);
    QVERIFY2(result.error().message.contains(url), qPrintable(result.error().message));
    QVERIFY(timer.elapsed() < 10000);
    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 10);
    QVERIFY(page);
    QCOMPARE(page->total, 1);
    QCOMPARE(page->messages.at(0).content, u"Are you there?"_s);
}

void tst_ChatService::errorMidStreamKeepsPartialReply()
{
    FakeOllama::ChatScript broken;
    broken.chunks = {u"I was "_s, u"saying"_s, u" more"_s};
    broken.errorAfterChunks = 2;
    broken.errorMessage = u"an error was encountered while running the model"_s;
    m_fake->enqueueChatScript(broken);
    const QString session = openSession();
    auto result = runTurn(session, u"kira"_s, u"Go on"_s);
    QVERIFY(!result);
    QCOMPARE(result.error().code, ErrorCode::LlmHttp);
    QVERIFY(result.error().message.contains(u"an error was encountered while running the model"_s));
    auto page = m_engine->conversations().history(session, u"kira"_s, 0, 10);
    QCOMPARE(page->total, 2);
    QCOMPARE(page->messages.at(1).content, u"I was saying"_s);
    QVERIFY(page->messages.at(1).cutOff);
    QCOMPARE(chatTurnRequests(*m_fake).size(), 1); // never retried after output started
}

void tst_ChatService::tooLargeMessageIsRefusedWithoutStoring()
{
    Engine::Settings s = settings();
    s.numCtx = 1024;
    startEngine(s);
    const QString session = openSession();
    auto result = runTurn(session, u"aria"_s, QString(8000, u'z'));
    QVERIFY(!result);
    QCOMPARE(result.error().code, ErrorCode::TooLarge);
    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 10);
    QCOMPARE(page->total, 0);
    QCOMPARE(m_fake->chatRequests().size(), 0);
}

void tst_ChatService::refusesBadRequests_data()
{
    QTest::addColumn<QString>("session");
    QTest::addColumn<QString>("persona");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("code");
    QTest::newRow("empty message") << QString() << u"aria"_s << u"   "_s << int(ErrorCode::InvalidArgument);
    QTest::newRow("huge message") << QString() << u"aria"_s << QString(40000, u'x') << int(ErrorCode::TooLarge);
    QTest::newRow("unknown persona") << QString() << u"zed"_s << u"hi"_s << int(ErrorCode::NotFound);
    QTest::newRow("unknown session") << u"nope"_s << u"aria"_s << u"hi"_s << int(ErrorCode::NotFound);
}

void tst_ChatService::refusesBadRequests()
{
    QFETCH(QString, session);
    QFETCH(QString, persona);
    QFETCH(QString, message);
    QFETCH(int, code);
    if (session.isEmpty())
        session = openSession();
    auto result = runTurn(session, persona, message);
    QVERIFY(!result);
    QCOMPARE(int(result.error().code), code);
    QVERIFY(!result.error().message.isEmpty());
    QCOMPARE(m_fake->chatRequests().size(), 0);
}

void tst_ChatService::newConversationArchivesTheOldOne()
{
    const QString session = openSession();
    QVERIFY(runTurn(session, u"aria"_s, u"first conversation"_s));
    TurnChannelPtr channel = TurnChannel::create();
    QSignalSpy finished(channel.get(), &TurnChannel::finished);
    m_engine->chat().startTurn(TurnRequest{session, u"aria"_s, u"fresh start"_s, {}, {}, true}, channel);
    QVERIFY(finished.wait(5000));
    const auto result = finished.at(0).at(0).value<TurnResult>();
    QVERIFY(result);
    const QJsonArray messages = messagesOf(chatTurnRequests(*m_fake).last());
    QCOMPARE(messages.size(), 2); // system + the new message only
    auto detail = m_engine->sessions().detail(session);
    QVERIFY(detail);
    QCOMPARE(detail->conversations.size(), 2);
    int archived = 0;
    for (const auto &conversation : detail->conversations)
        archived += conversation.archivedMs.has_value() ? 1 : 0;
    QCOMPARE(archived, 1);
}

void tst_ChatService::resumesConversationFromNewEngine()
{
    const QString session = openSession();
    QVERIFY(runTurn(session, u"aria"_s, u"My name is Zed"_s));
    startEngine(settings()); // a new engine on the same database file
    auto resumed = m_engine->sessions().resume(session);
    QVERIFY(resumed);
    QVERIFY(runTurn(session, u"aria"_s, u"What is my name?"_s));
    const QJsonArray messages = messagesOf(chatTurnRequests(*m_fake).last());
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), u"My name is Zed"_s);
    QCOMPARE(messages.at(2).toObject().value("content"_L1).toString(), u"You said: My name is Zed"_s);
}

void tst_ChatService::recordsEveryModelCall()
{
    const QString session = openSession();
    QSignalSpy started(&m_engine->chat(), &ChatService::modelCallStarted);
    QSignalSpy finishedCalls(&m_engine->chat(), &ChatService::modelCallFinished);
    auto result = runTurn(session, u"aria"_s, u"Hello"_s);
    QVERIFY(result);
    QCOMPARE(started.count(), 1);
    QCOMPARE(finishedCalls.count(), 1);
    auto calls = m_engine->conversations().modelCalls(result->conversationId, 10);
    QVERIFY(calls);
    QCOMPARE(calls->size(), 1);
    const Store::ModelCallRow &call = calls->at(0);
    QCOMPARE(call.purpose, u"chat"_s);
    QCOMPARE(call.model, u"llama3.1:8b"_s);
    QCOMPARE(call.messageId.value_or(0), result->replyMessageId);
    QCOMPARE(call.promptTokens, 42);
    QCOMPARE(call.completionTokens, 7);
    QCOMPARE(call.doneReason, u"stop"_s);
    QVERIFY(call.error.isEmpty());
    // The stored request is exactly what the server received.
    QCOMPARE(QJsonDocument::fromJson(call.request).object(), chatTurnRequests(*m_fake).last());
}

void tst_ChatService::regenerateAnswersTheLastMessageAgain()
{
    const QString session = openSession();
    QVERIFY(runTurn(session, u"aria"_s, u"First"_s));
    QVERIFY(runTurn(session, u"aria"_s, u"Second"_s));
    QSignalSpy removed(&m_engine->chat(), &ChatService::messagesRemoved);
    TurnChannelPtr channel = TurnChannel::create();
    QSignalSpy finished(channel.get(), &TurnChannel::finished);
    TurnRequest request{session, u"aria"_s, {}, {}, {}, false};
    request.kind = TurnRequest::Kind::Regenerate;
    m_engine->chat().startTurn(request, channel);
    QVERIFY(finished.wait(5000));
    const auto result = finished.at(0).at(0).value<TurnResult>();
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->reply, u"You said: Second"_s);
    QCOMPARE(removed.count(), 1);
    auto page = m_engine->conversations().history(session, u"aria"_s, 0, 10);
    QCOMPARE(page->total, 4); // the old reply is gone, the new one took its place
    QCOMPARE(page->messages.at(2).content, u"Second"_s);
    QCOMPARE(page->messages.at(3).id, result->replyMessageId);
    // The model saw the question once, after the first exchange.
    const QJsonArray messages = messagesOf(chatTurnRequests(*m_fake).last());
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages.at(3).toObject().value("content"_L1).toString(), u"Second"_s);
}

void tst_ChatService::editReplacesTheLastMessage()
{
    const QString session = openSession();
    QVERIFY(runTurn(session, u"kira"_s, u"First"_s));
    QVERIFY(runTurn(session, u"kira"_s, u"Secnod with a typo"_s));
    TurnChannelPtr channel = TurnChannel::create();
    QSignalSpy finished(channel.get(), &TurnChannel::finished);
    TurnRequest request{session, u"kira"_s, u"Second, fixed"_s, {}, {}, false};
    request.kind = TurnRequest::Kind::EditLast;
    m_engine->chat().startTurn(request, channel);
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.at(0).at(0).value<TurnResult>());
    auto page = m_engine->conversations().history(session, u"kira"_s, 0, 10);
    QCOMPARE(page->total, 4);
    QCOMPARE(page->messages.at(2).content, u"Second, fixed"_s);
    QCOMPARE(page->messages.at(3).content, u"You said: Second, fixed"_s);
}

void tst_ChatService::regenerateWithoutMessageIsRefused()
{
    const QString session = openSession();
    TurnChannelPtr channel = TurnChannel::create();
    QSignalSpy finished(channel.get(), &TurnChannel::finished);
    TurnRequest request{session, u"aria"_s, {}, {}, {}, false};
    request.kind = TurnRequest::Kind::Regenerate;
    m_engine->chat().startTurn(request, channel);
    QCOMPARE(finished.count(), 1);
    const auto result = finished.at(0).at(0).value<TurnResult>();
    QVERIFY(!result);
    QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
}

namespace {

/** A hook that answers after a pause, and records what it is told. */
class RecordingHook final : public TurnHook
{
public:
    int delayMs = 10;
    bool silent = false;
    QList<TurnContext> asked;
    QList<qint64> sentCalls;
    QList<TurnOutcome> completed;
    int abandoned = 0;

    void contextFor(const TurnContext &turn, std::function<void(QList<ContextSection>)> done) override
    {
        asked.append(turn);
        if (silent)
            return;
        QTimer::singleShot(delayMs, [done, turn] {
            done({ContextSection{u"What you remember"_s, QString(u"- The user asked about: "_s + turn.userMessage)}});
        });
    }
    void turnSent(const TurnContext &, qint64 modelCallId) override { sentCalls.append(modelCallId); }
    void turnCompleted(const TurnContext &, const TurnOutcome &outcome) override { completed.append(outcome); }
    void turnAbandoned(const TurnContext &) override { ++abandoned; }
};

} // namespace

void tst_ChatService::hooksAddContextAndLearnTheOutcome()
{
    RecordingHook hook;
    m_engine->chat().addHook(&hook);
    const QString session = openSession();
    auto result = runTurn(session, u"aria"_s, u"Tea or coffee?"_s);
    QVERIFY(result);
    QCOMPARE(hook.asked.size(), 1);
    QCOMPARE(hook.asked.at(0).userMessage, u"Tea or coffee?"_s);
    QCOMPARE(hook.asked.at(0).persona.id, u"aria"_s);
    const QString system = messagesOf(chatTurnRequests(*m_fake).last()).at(0).toObject().value("content"_L1).toString();
    QVERIFY2(system.contains(u"## What you remember\n- The user asked about: Tea or coffee?"_s), qPrintable(system));
    QCOMPARE(hook.sentCalls.size(), 1);
    auto calls = m_engine->conversations().modelCalls(result->conversationId, 10);
    QCOMPARE(hook.sentCalls.at(0), calls->constLast().id);
    QCOMPARE(hook.completed.size(), 1);
    QCOMPARE(hook.completed.at(0).reply, u"You said: Tea or coffee?"_s);

    m_fake->close();
    QVERIFY(!runTurn(session, u"aria"_s, u"Still there?"_s));
    QCOMPARE(hook.abandoned, 1);
    QCOMPARE(hook.completed.size(), 1);
}

void tst_ChatService::aSilentHookDoesNotHoldTheTurn()
{
    Engine::Settings s = settings();
    startEngine(s);
    ChatConfig config = m_engine->chat().config();
    config.hookTimeoutMs = 200;
    m_engine->chat().setConfig(config);
    RecordingHook hook;
    hook.silent = true;
    m_engine->chat().addHook(&hook);
    const QString session = openSession();
    QElapsedTimer timer;
    timer.start();
    auto result = runTurn(session, u"kira"_s, u"Hello"_s);
    QVERIFY(result);
    QVERIFY(timer.elapsed() >= 190);
    QCOMPARE(result->reply, u"You said: Hello"_s);
}

void tst_ChatService::aFullModelQueueRefusesWithoutStoring()
{
    Llm::ClientConfig config = m_engine->llm().config();
    config.maxQueued = 1;
    m_engine->llm().setConfig(config);
    FakeOllama::ChatScript slow;
    slow.chunks = {u"a"_s, u"b"_s};
    slow.chunkDelayMs = 300;
    m_fake->setDefaultChatScript(slow);
    const QString session = openSession();
    TurnChannelPtr first = TurnChannel::create();
    TurnChannelPtr second = TurnChannel::create();
    TurnChannelPtr third = TurnChannel::create();
    QSignalSpy firstDone(first.get(), &TurnChannel::finished);
    QSignalSpy secondDone(second.get(), &TurnChannel::finished);
    QSignalSpy thirdDone(third.get(), &TurnChannel::finished);
    m_engine->chat().startTurn(TurnRequest{session, u"aria"_s, u"one"_s, {}, {}, false}, first);
    QTRY_COMPARE(m_engine->llm().runningCount(), 1);
    m_engine->chat().startTurn(TurnRequest{session, u"kira"_s, u"two"_s, {}, {}, false}, second);
    QCOMPARE(m_engine->llm().queuedCount(), 1);
    const QString otherSession = openSession();
    m_engine->chat().startTurn(TurnRequest{otherSession, u"aria"_s, u"three"_s, {}, {}, false}, third);
    QCOMPARE(thirdDone.count(), 1);
    const auto refused = thirdDone.at(0).at(0).value<TurnResult>();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Busy);
    auto page = m_engine->conversations().history(otherSession, u"aria"_s, 0, 10);
    QCOMPARE(page->total, 0); // nothing stored for the refused turn
    QTRY_COMPARE_WITH_TIMEOUT(secondDone.count(), 1, 10000);
    QVERIFY(secondDone.at(0).at(0).value<TurnResult>());
}

QTEST_GUILESS_MAIN(tst_ChatService)
#include "tst_chatservice.moc"
