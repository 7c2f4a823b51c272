// SPDX-License-Identifier: MIT
// Long-term memory in chat, end to end through EngineClient (the engine on its own thread) and
// the fake Ollama: "A persona remembers what the user told it in an earlier session and says so."
#include <engine/engineclient.h>
#include <engine/enginehost.h>

#include <fakeollama.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Conversation;

namespace {

constexpr int kWaitMs = 10000;
const QString kTeaMemory = u"The user's favourite tea is jasmine."_s;

template<typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWaitMs))
        qFatal("an engine call did not finish within 10 s");
    return future.result();
}

/** A model that uses its context: it repeats what the system message says it remembers. */
FakeOllama::ChatScript rememberingModel()
{
    FakeOllama::ChatScript script;
    script.replyFor = [](const QJsonObject &request) -> QStringList {
        const QString system = request.value("messages"_L1).toArray().at(0).toObject().value("content"_L1).toString();
        const qsizetype at = system.indexOf(u"## What you remember\n"_s);
        if (at < 0)
            return {u"I do not know that yet."_s};
        const QString remembered = system.mid(at + 21).section(u'\n', 0, 0).mid(2);
        return {u"I remember: "_s, remembered};
    };
    return script;
}

QString systemMessage(const QJsonObject &chatRequest)
{
    return chatRequest.value("messages"_L1).toArray().at(0).toObject().value("content"_L1).toString();
}

} // namespace

class tst_MemoryChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void remembersAcrossSessions_data();
    void remembersAcrossSessions();
    void aPersonaWithoutMemoriesGetsNoSection();
    void memoriesChangedReachesOtherThreads();

private:
    Engine::Settings settings(const QString &embedder) const;
    void startHost(const Engine::Settings &settings);
    TurnResult chat(const QString &sessionId, const QString &persona, const QString &message);
    QString newSession();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Engine::EngineHost> m_host;
};

void tst_MemoryChat::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    m_fake->setDefaultChatScript(rememberingModel());
}

void tst_MemoryChat::cleanup()
{
    m_host.reset();
    m_fake.reset();
    m_dir.reset();
}

Engine::Settings tst_MemoryChat::settings(const QString &embedder) const
{
    Engine::Settings s;
    s.dbPath = m_dir->filePath(u"chat.sqlite"_s);
    s.ollamaUrl = m_fake->url();
    s.model = u"llama3.1:8b"_s;
    s.llmRetries = 0;
    s.memoryEmbedder = embedder;
    return s;
}

void tst_MemoryChat::startHost(const Engine::Settings &s)
{
    m_host.reset();
    m_host = std::make_unique<Engine::EngineHost>(s);
    auto started = await(m_host->start());
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
}

QString tst_MemoryChat::newSession()
{
    auto session = await(m_host->client()->openSession(SessionOpen{u"mcp"_s, u"websocket"_s, u"tests"_s, {}}));
    return session ? session->id : QString();
}

TurnResult tst_MemoryChat::chat(const QString &sessionId, const QString &persona, const QString &message)
{
    TurnChannelPtr channel = TurnChannel::create();
    auto result = std::make_shared<std::optional<TurnResult>>();
    connect(channel.get(), &TurnChannel::finished, this, [result](const TurnResult &r) { *result = r; });
    m_host->client()->chat(TurnRequest{sessionId, persona, message, {}, {}, false}, channel);
    if (!QTest::qWaitFor([result] { return result->has_value(); }, kWaitMs))
        return fail(ErrorCode::Timeout, u"the turn did not finish"_s);
    // Memories form after the reply; the CLI waits for this too.
    await(m_host->client()->whenIdle());
    return **result;
}

void tst_MemoryChat::remembersAcrossSessions_data()
{
    QTest::addColumn<QString>("embedder");
    QTest::addColumn<QString>("embedderId");
    QTest::newRow("built-in embedder") << u"builtin"_s << u"hash-v1-384"_s;
    QTest::newRow("Ollama embedder") << u"ollama"_s << u"ollama:nomic-embed-text"_s;
}

void tst_MemoryChat::remembersAcrossSessions()
{
    QFETCH(QString, embedder);
    QFETCH(QString, embedderId);
    startHost(settings(embedder));
    Engine::EngineClient *client = m_host->client();
    if (embedder == u"ollama"_s) // the check at start has answered
        QTRY_VERIFY_WITH_TIMEOUT(await(client->memoryStats(QString()))->ollamaAvailable, kWaitMs);

    // Session A: the user tells Aria something about themselves.
    const QString sessionA = newSession();
    auto told = chat(sessionA, u"aria"_s, u"Hello Aria! My favourite tea is jasmine."_s);
    QVERIFY2(told, qPrintable(told ? QString() : told.error().message));
    QCOMPARE(told->reply, u"I do not know that yet."_s); // nothing remembered before
    auto memories = await(client->memories(u"aria"_s, 0, 10));
    QVERIFY(memories);
    QCOMPARE(memories->total, 1);
    const Memory::MemoryRecord memory = memories->memories.at(0);
    QCOMPARE(memory.content, kTeaMemory);
    QCOMPARE(memory.kind, u"preference"_s);
    QCOMPARE(memory.embedder, embedderId);
    QCOMPARE(memory.sourceSessionId, sessionA);
    QCOMPARE(memory.sourceMessageId, std::optional<qint64>(told->userMessageId));

    // Session B, a new conversation: the question is answered from memory.
    const QString sessionB = newSession();
    auto asked = chat(sessionB, u"aria"_s, u"What tea do I like?"_s);
    QVERIFY(asked);
    const QString system = systemMessage(m_fake->chatRequests().last());
    QVERIFY2(system.contains(u"## What you remember\n- "_s + kTeaMemory), qPrintable(system));
    QCOMPARE(asked->reply, u"I remember: "_s + kTeaMemory); // and says so
    QCOMPARE(await(client->memories(u"aria"_s, 0, 10))->total, 1); // a question is no new memory

    // The inspector can show why: the recall is recorded for that model call, with its scores.
    auto calls = await(client->modelCalls(asked->conversationId, 10));
    QVERIFY(calls && !calls->isEmpty());
    qint64 callId = 0;
    for (const Store::ModelCallRow &call : *calls) {
        if (call.purpose == u"chat"_s && call.messageId == asked->replyMessageId)
            callId = call.id;
    }
    QVERIFY(callId > 0);
    auto recalls = await(client->recallsForModelCall(callId));
    QVERIFY(recalls);
    QCOMPARE(recalls->size(), 1);
    QCOMPARE(recalls->at(0).memoryId, memory.id);
    QCOMPARE(recalls->at(0).rank, 1);
    QCOMPARE(recalls->at(0).content, kTeaMemory);
    QCOMPARE(recalls->at(0).score.relevance, 1.0);
    QVERIFY(recalls->at(0).score.recency > 0.99);
    QCOMPARE(recalls->at(0).score.importance, memory.importance);
    QVERIFY(std::abs(recalls->at(0).score.total - (1.0 + recalls->at(0).score.recency + memory.importance)) < 1e-9);
    // The recall counted as an access.
    QCOMPARE(await(client->memory(memory.id))->accessCount, 1);

    // Kira was never told: her context has no memory section.
    auto kira = chat(sessionB, u"kira"_s, u"What tea do I like?"_s);
    QVERIFY(kira);
    QCOMPARE(kira->reply, u"I do not know that yet."_s);

    // A restart keeps it: a new engine on the same database, a third session.
    startHost(settings(embedder));
    auto later = chat(newSession(), u"aria"_s, u"Remind me, which tea is my favourite?"_s);
    QVERIFY(later);
    QCOMPARE(later->reply, u"I remember: "_s + kTeaMemory);
}

void tst_MemoryChat::aPersonaWithoutMemoriesGetsNoSection()
{
    startHost(settings(u"builtin"_s));
    auto result = chat(newSession(), u"kira"_s, u"Hi!"_s);
    QVERIFY(result);
    QVERIFY(!systemMessage(m_fake->chatRequests().last()).contains(u"What you remember"_s));
    QVERIFY(m_fake->embedRequests().isEmpty()); // the built-in embedder never asks Ollama
    QCOMPARE(await(m_host->client()->memories(QString(), 0, 10))->total, 0); // small talk forms nothing
}

void tst_MemoryChat::memoriesChangedReachesOtherThreads()
{
    startHost(settings(u"builtin"_s));
    QStringList changed;
    connect(m_host->engine(), &Engine::Engine::memoriesChanged, this,
            [&changed](const QString &personaId) { changed.append(personaId); });
    Memory::MemoryDraft draft;
    draft.persona = u"kira"_s;
    draft.content = u"The user collects old maps."_s;
    auto stored = await(m_host->client()->storeMemory(draft));
    QVERIFY(stored);
    QTRY_COMPARE(changed, QStringList{u"kira"_s});
}

QTEST_GUILESS_MAIN(tst_MemoryChat)
#include "tst_memorychat.moc"
