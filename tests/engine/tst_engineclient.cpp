// SPDX-License-Identifier: MIT
#include <engine/engineclient.h>
#include <engine/enginehost.h>

#include "fakeollama.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Conversation;

namespace {

/** Like QSignalSpy, but the arguments are recorded on the receiving (test) thread: QSignalSpy
 *  connects directly and would record engine-thread emissions on the engine thread. */
template<typename Sender, typename... Args>
std::shared_ptr<QList<QVariantList>> record(QObject *receiver, const Sender *sender, void (Sender::*signal)(Args...))
{
    auto calls = std::make_shared<QList<QVariantList>>();
    QObject::connect(sender, signal, receiver, [calls](Args... args) {
        calls->append(QVariantList{QVariant::fromValue(std::decay_t<Args>(args))...});
    });
    return calls;
}

/** Waits (with the event loop running) for a future's result. */
template<typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10000))
        qFatal("an engine call did not finish within 10 s");
    return future.result();
}

} // namespace

class tst_EngineClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void engineRunsOnItsOwnThread();
    void personasRoundTripAcrossThreads();
    void chatStreamsAcrossThreads();
    void cancelFromAnotherThreadKeepsPartialReply();
    void eventsArriveQueuedOnCallerThread();
    void checkServerReportsModel();
    void stopDuringTurnKeepsPartialReply();
    void startFailsWithClearErrorForBadDatabase();

private:
    Engine::Settings settings() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Engine::EngineHost> m_host;
};

Engine::Settings tst_EngineClient::settings() const
{
    Engine::Settings s;
    s.dbPath = m_dir->filePath(u"engine.sqlite"_s);
    s.ollamaUrl = m_fake->url();
    s.model = u"llama3.1:8b"_s;
    s.llmRetries = 0;
    return s;
}

void tst_EngineClient::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    m_host = std::make_unique<Engine::EngineHost>(settings());
    auto started = await(m_host->start());
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
}

void tst_EngineClient::cleanup()
{
    m_host.reset();
    m_fake.reset();
    m_dir.reset();
}

void tst_EngineClient::engineRunsOnItsOwnThread()
{
    QThread *engineThread = m_host->engine()->thread();
    QVERIFY(engineThread != QThread::currentThread());
    QThread *ranOn = await(m_host->client()->call([](Engine::Engine &) { return QThread::currentThread(); }));
    QCOMPARE(ranOn, engineThread);
}

void tst_EngineClient::personasRoundTripAcrossThreads()
{
    Engine::EngineClient *client = m_host->client();
    auto personas = await(client->listPersonas());
    QVERIFY(personas);
    QCOMPARE(personas->size(), 2);
    QCOMPARE(personas->at(0).name, u"Aria"_s);

    auto created = await(client->createPersona(QJsonObject{{u"name"_s, u"Nova"_s}, {u"description"_s, u"A pilot"_s}}));
    QVERIFY(created);
    QCOMPARE(created->id, u"nova"_s);
    auto duplicate = await(client->createPersona(QJsonObject{{u"name"_s, u"nova"_s}}));
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().code, ErrorCode::Conflict);
    auto found = await(client->persona(u"NOVA"_s));
    QVERIFY(found);
    QCOMPARE(found->description, u"A pilot"_s);
    QVERIFY(await(client->deletePersona(u"nova"_s)));
    QCOMPARE(await(client->persona(u"nova"_s)).error().code, ErrorCode::NotFound);
}

void tst_EngineClient::chatStreamsAcrossThreads()
{
    Engine::EngineClient *client = m_host->client();
    auto session = await(client->openSession(SessionOpen{u"desktop"_s, {}, u"tests"_s, {}}));
    QVERIFY(session);
    TurnChannelPtr channel = TurnChannel::create();
    const TurnRequest request = TurnRequest{session->id, u"aria"_s, u"Hi"_s, {}, {}, false};
    QStringList deltas;
    QList<QThread *> threads;
    connect(channel.get(), &TurnChannel::delta, this, [&](const QString &text, int) {
        deltas.append(text);
        threads.append(QThread::currentThread());
    });
    auto started = record(this, channel.get(), &TurnChannel::started);
    auto finished = record(this, channel.get(), &TurnChannel::finished);
    client->chat(request, channel);
    QTRY_VERIFY_WITH_TIMEOUT(finished->count() > 0, 10000);
    QCOMPARE(started->count(), 1);
    QCOMPARE(deltas, QStringList({u"Hello"_s, u" there!"_s}));
    for (QThread *thread : threads)
        QCOMPARE(thread, QThread::currentThread()); // queued onto the caller's thread
    const auto result = finished->at(0).at(0).value<TurnResult>();
    QVERIFY(result);
    QCOMPARE(result->reply, u"Hello there!"_s);

    auto page = await(client->history(session->id, u"aria"_s, -1, 10));
    QVERIFY(page);
    QCOMPARE(page->total, 2);
}

void tst_EngineClient::cancelFromAnotherThreadKeepsPartialReply()
{
    FakeOllama::ChatScript slow;
    slow.chunks = {u"one "_s, u"two "_s, u"three "_s, u"four "_s, u"five"_s};
    slow.chunkDelayMs = 150;
    m_fake->enqueueChatScript(slow);
    Engine::EngineClient *client = m_host->client();
    auto session = await(client->openSession(SessionOpen{u"mcp"_s, u"websocket"_s, {}, {}}));
    TurnChannelPtr channel = TurnChannel::create();
    const TurnRequest request = TurnRequest{session->id, u"kira"_s, u"Count"_s, {}, {}, false};
    auto deltas = record(this, channel.get(), &TurnChannel::delta);
    auto finished = record(this, channel.get(), &TurnChannel::finished);
    client->chat(request, channel);
    QTRY_VERIFY_WITH_TIMEOUT(deltas->count() > 0, 5000);
    // Cancel from a third thread, as an MCP transport thread would.
    QThread *canceller = QThread::create([channel] { channel->cancel(); });
    canceller->start();
    canceller->wait();
    delete canceller;
    QTRY_VERIFY_WITH_TIMEOUT(finished->count() > 0, 5000);
    const auto result = finished->at(0).at(0).value<TurnResult>();
    QVERIFY(result);
    QVERIFY(result->cutOff);
    QVERIFY(result->reply.startsWith(u"one "_s));
    QTRY_COMPARE(m_fake->cancelledStreams(), 1);
}

void tst_EngineClient::eventsArriveQueuedOnCallerThread()
{
    auto opened = record(this, m_host->engine(), &Engine::Engine::sessionOpened);
    auto added = record(this, m_host->engine(), &Engine::Engine::messageAdded);
    auto personas = record(this, m_host->engine(), &Engine::Engine::personasChanged);
    Engine::EngineClient *client = m_host->client();
    auto session = await(client->openSession(SessionOpen{u"mcp"_s, u"http"_s, u"inspector"_s, {}}));
    QTRY_COMPARE(opened->count(), 1);
    QCOMPARE(opened->at(0).at(0).value<Store::SessionRow>().clientName, u"inspector"_s);
    TurnChannelPtr channel = TurnChannel::create();
    const TurnRequest request = TurnRequest{session->id, {}, u"Hi"_s, {}, {}, false};
    auto finished = record(this, channel.get(), &TurnChannel::finished);
    client->chat(request, channel);
    QTRY_VERIFY_WITH_TIMEOUT(finished->count() > 0, 10000);
    QTRY_COMPARE(added->count(), 2);
    const auto reply = added->at(1).at(0).value<MessageEvent>();
    QCOMPARE(reply.sessionId, session->id);
    QCOMPARE(reply.personaId, u"aria"_s);
    QCOMPARE(reply.message.role, u"assistant"_s);
    QVERIFY(await(client->updatePersona(u"kira"_s, QJsonObject{{u"greeting"_s, u"Hi."_s}})));
    QTRY_COMPARE(personas->count(), 1);
}

void tst_EngineClient::checkServerReportsModel()
{
    const Llm::ServerReport report = await(m_host->client()->checkServer());
    QVERIFY(report.reachable);
    QVERIFY(report.modelPresent);
    QCOMPARE(report.model, u"llama3.1:8b"_s);
    QVERIFY(report.digest.startsWith(u"sha256:"_s));
    QVERIFY(report.advice().isEmpty());
    const auto status = await(m_host->client()->status());
    QVERIFY(status.serverChecked);
    QCOMPARE(status.personas, 2);
    QCOMPARE(status.schemaVersion, 3);
}

void tst_EngineClient::stopDuringTurnKeepsPartialReply()
{
    FakeOllama::ChatScript slow;
    slow.chunks = {u"partial "_s, u"reply "_s, u"never "_s, u"finished"_s};
    slow.chunkDelayMs = 300;
    m_fake->enqueueChatScript(slow);
    Engine::EngineClient *client = m_host->client();
    auto session = await(client->openSession(SessionOpen{u"desktop"_s, {}, {}, {}}));
    TurnChannelPtr channel = TurnChannel::create();
    const TurnRequest request = TurnRequest{session->id, u"aria"_s, u"Sing"_s, {}, {}, false};
    auto deltas = record(this, channel.get(), &TurnChannel::delta);
    client->chat(request, channel);
    QTRY_VERIFY_WITH_TIMEOUT(deltas->count() > 0, 5000);
    m_host->stop(); // shutdown while the reply streams

    // A new engine on the same file finds the question and the partial reply, cut off.
    m_host = std::make_unique<Engine::EngineHost>(settings());
    QVERIFY(await(m_host->start()));
    auto page = await(m_host->client()->history(session->id, u"aria"_s, 0, 10));
    QVERIFY(page);
    QCOMPARE(page->total, 2);
    QCOMPARE(page->messages.at(0).content, u"Sing"_s);
    QVERIFY(page->messages.at(1).cutOff);
    QVERIFY(page->messages.at(1).content.startsWith(u"partial "_s));
}

void tst_EngineClient::startFailsWithClearErrorForBadDatabase()
{
    QFile blocker(m_dir->filePath(u"not-a-folder"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Engine::Settings s = settings();
    s.dbPath = m_dir->filePath(u"not-a-folder/db.sqlite"_s);
    Engine::EngineHost host(s);
    auto started = await(host.start());
    QVERIFY(!started);
    QCOMPARE(started.error().code, ErrorCode::Storage);
    QVERIFY(started.error().message.contains(u"not-a-folder"_s));
}

QTEST_GUILESS_MAIN(tst_EngineClient)
#include "tst_engineclient.moc"
