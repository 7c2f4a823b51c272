// SPDX-License-Identifier: MIT
// The memory service inside a real engine (on the test thread) with a temporary database and a
// clock the test moves: storing and merging, recall with its breakdown, persona isolation and
// shared visibility, cross-persona search, index rebuilds, restarts, decay and pruning, the
// map, and the Ollama embedder with its fallback to the built-in one.
#include <conversation/chatservice.h>
#include <conversation/conversationservice.h>
#include <conversation/sessionservice.h>
#include <engine/engine.h>
#include <engine/enginehost.h>
#include <memory/memoryformation.h>
#include <memory/memoryhook.h>
#include <memory/memoryindexes.h>
#include <memory/memoryservice.h>
#include <persona/personaregistry.h>

#include <fakeollama.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Memory;

namespace {

constexpr int kWaitMs = 10000;
constexpr qint64 kStart = 1'717'200'000'000; // 2024-06-01, a fixed "now" the tests move
constexpr qint64 kHour = 3600LL * 1000;
constexpr qint64 kDay = 24 * kHour;
const QString kBuiltin = u"hash-v1-384"_s;
const QString kOllama = u"ollama:nomic-embed-text"_s;

/** Waits for an asynchronous service call's answer. */
template<typename T>
std::optional<T> await(const std::function<void(std::function<void(T)>)> &start)
{
    auto answer = std::make_shared<std::optional<T>>();
    start([answer](T value) { *answer = std::move(value); });
    if (!QTest::qWaitFor([answer] { return answer->has_value(); }, kWaitMs))
        return std::nullopt;
    return *answer;
}

QString messageOf(const Error &error)
{
    return errorCodeName(error.code) + u": "_s + error.message;
}

// QVERIFY2 evaluates its message even when the check passes: error() only on failure.
#define VERIFY_OK(result) QVERIFY2(result, qPrintable((result) ? QString() : messageOf((result).error())))

MemoryDraft draft(const QString &persona, const QString &content, Visibility visibility = Visibility::Private,
                  std::optional<double> importance = std::nullopt, const QString &kind = u"fact"_s)
{
    MemoryDraft d;
    d.persona = persona;
    d.content = content;
    d.visibility = visibility;
    d.importance = importance;
    d.kind = kind;
    return d;
}

/** Memory number i: six words drawn from a varied vocabulary, so no two are near-duplicates. */
QString distinctFact(int i)
{
    static const QStringList words = {
        u"amber"_s,   u"bicycle"_s, u"canyon"_s,  u"dolphin"_s, u"ember"_s,   u"falcon"_s,  u"glacier"_s, u"harbour"_s,
        u"igloo"_s,   u"jasmine"_s, u"kettle"_s,  u"lantern"_s, u"meadow"_s,  u"nutmeg"_s,  u"orchid"_s,  u"pepper"_s,
        u"quartz"_s,  u"raven"_s,   u"saffron"_s, u"tundra"_s,  u"umbrella"_s, u"violin"_s, u"walnut"_s,  u"xylophone"_s,
        u"yogurt"_s,  u"zephyr"_s,  u"anchor"_s,  u"blossom"_s, u"cobalt"_s,  u"desert"_s,  u"engine"_s,  u"fossil"_s,
        u"garnet"_s,  u"hammock"_s, u"island"_s,  u"jigsaw"_s,  u"kayak"_s,   u"lemon"_s,   u"marble"_s,  u"nebula"_s,
        u"oyster"_s,  u"pebble"_s,  u"quiver"_s,  u"rocket"_s,  u"sparrow"_s, u"thimble"_s, u"utopia"_s,  u"velvet"_s,
        u"willow"_s,  u"yonder"_s,  u"zucchini"_s, u"apricot"_s, u"basalt"_s, u"compass"_s, u"dynamo"_s,  u"eclipse"_s,
        u"fjord"_s,   u"granite"_s, u"horizon"_s, u"indigo"_s,  u"juniper"_s, u"kiwi"_s,    u"lagoon"_s,  u"mosaic"_s,
    };
    quint32 state = quint32(i) * 2654435761u + 12345u;
    QStringList picked;
    while (picked.size() < 6) {
        state = state * 1664525u + 1013904223u;
        const QString &word = words.at(int((state >> 8) % quint32(words.size())));
        if (!picked.contains(word))
            picked.append(word);
    }
    return u"Memory %1 of the user: %2."_s.arg(i).arg(picked.join(u' '));
}

QStringList contents(const QList<MemoryHit> &hits)
{
    QStringList list;
    for (const MemoryHit &hit : hits)
        list.append(hit.memory.content);
    return list;
}

} // namespace

class tst_MemoryService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void storesAndListsNewestFirst();
    void refusesBadDrafts_data();
    void refusesBadDrafts();
    void mergesNearDuplicates();
    void formsMemoriesFromAnExchange();
    void recallCarriesItsBreakdownAndTouches();
    void recallFindsTheRelevantMemory();
    void minImportanceFilters();
    void personasAreIsolated();
    void crossPersonaSearchSeesOnlySharedMemories();
    void rebuildsTheIndex_data();
    void rebuildsTheIndex();
    void searchWaitsForARebuild();
    void memoriesSurviveARestart();
    void updateReembedsAndDeleteForgets();
    void deletingAPersonaForgetsItsMemories();
    void statsCountBandsAndIndexHealth();
    void decayLowersImportanceToTheFloor();
    void pruningFollowsItsRules();
    void dryRunChangesNothing();
    void recallsAreRecordedPerModelCall();
    void mapIsDeterministic();
    void ollamaEmbedderIsUsedWhenItWorks();
    void fallsBackToTheBuiltinEmbedderAndRetries();
    void startsWithOllamaDown();
    void theModelCanRateImportance();
    void theChatSectionListsOneLineEach();

private:
    Engine::Settings settings(const QString &embedder = u"builtin"_s) const;
    void startEngine(const Engine::Settings &settings);
    MemoryService &memory() { return m_engine->memory(); }
    Result<StoredMemory> store(const MemoryDraft &d);
    Result<RecallResult> search(const QString &text, const QString &persona, bool cross = false, int k = 5,
                                std::optional<double> minImportance = std::nullopt);
    QString indexFile(const QString &persona, const QString &embedder) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::shared_ptr<qint64> m_now;
    std::unique_ptr<Engine::Engine> m_engine;
};

void tst_MemoryService::init()
{
    Engine::registerEngineMetaTypes();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    m_now = std::make_shared<qint64>(kStart);
    startEngine(settings());
}

void tst_MemoryService::cleanup()
{
    m_engine.reset();
    m_fake.reset();
    m_dir.reset();
}

Engine::Settings tst_MemoryService::settings(const QString &embedder) const
{
    Engine::Settings s;
    s.dbPath = m_dir->filePath(u"memory.sqlite"_s);
    s.ollamaUrl = m_fake->url();
    s.model = u"llama3.1:8b"_s;
    s.llmRetries = 0;
    s.memoryEmbedder = embedder;
    return s;
}

void tst_MemoryService::startEngine(const Engine::Settings &s)
{
    m_engine.reset();
    const std::shared_ptr<qint64> now = m_now;
    m_engine = std::make_unique<Engine::Engine>(
        s, Clock([now] { return QDateTime::fromMSecsSinceEpoch(*now, QTimeZone::utc()); }));
    auto started = m_engine->start();
    VERIFY_OK(started);
}

Result<StoredMemory> tst_MemoryService::store(const MemoryDraft &d)
{
    auto answer = await<Result<StoredMemory>>([&](auto done) { memory().store(d, this, done); });
    if (!answer)
        return fail(ErrorCode::Timeout, u"store did not answer"_s);
    return *answer;
}

Result<RecallResult> tst_MemoryService::search(const QString &text, const QString &persona, bool cross, int k,
                                               std::optional<double> minImportance)
{
    MemoryQuery query{text, persona, cross, k, minImportance};
    auto answer = await<Result<RecallResult>>([&](auto done) { memory().search(query, this, done); });
    if (!answer)
        return fail(ErrorCode::Timeout, u"search did not answer"_s);
    return *answer;
}

QString tst_MemoryService::indexFile(const QString &persona, const QString &embedder) const
{
    return m_dir->filePath(u"memory.sqlite.memory/"_s + MemoryIndexes::fileName(persona, embedder));
}

void tst_MemoryService::storesAndListsNewestFirst()
{
    auto first = store(draft(u"Aria"_s, u"The user's favourite tea is jasmine."_s));
    VERIFY_OK(first);
    QVERIFY(!first->merged);
    QVERIFY(first->memory.id > 0);
    QCOMPARE(first->memory.personaId, u"aria"_s); // a name is accepted, the id is stored
    QCOMPARE(first->memory.embedder, kBuiltin);
    QCOMPARE(first->memory.dimension, 384);
    QCOMPARE(first->memory.createdMs, kStart);
    QCOMPARE(first->memory.lastAccessedMs, kStart);
    QCOMPARE(first->memory.accessCount, 0);
    QVERIFY(first->memory.importance > 0.0 && first->memory.importance <= 1.0); // scored by the heuristic
    *m_now += 1000;
    QVERIFY(store(draft(u"aria"_s, u"The user plays the cello in an orchestra."_s, Visibility::Shared, 0.4)));
    *m_now += 1000;
    QVERIFY(store(draft(u"kira"_s, u"The user studies medieval manuscripts."_s)));

    auto all = memory().list(QString(), 0, 10);
    QVERIFY(all);
    QCOMPARE(all->total, 3);
    QCOMPARE(all->memories.at(0).personaId, u"kira"_s);
    QCOMPARE(all->memories.at(2).id, first->memory.id);
    auto aria = memory().list(u"ARIA"_s, 0, 1);
    QVERIFY(aria);
    QCOMPARE(aria->total, 2);
    QCOMPARE(aria->memories.size(), 1);
    QCOMPARE(aria->memories.at(0).content, u"The user plays the cello in an orchestra."_s);
    QCOMPARE(aria->memories.at(0).visibility, Visibility::Shared);
    QCOMPARE(aria->memories.at(0).importance, 0.4);
    auto fetched = memory().get(first->memory.id);
    QVERIFY(fetched);
    QCOMPARE(*fetched, first->memory);
    QCOMPARE(memory().get(999).error().code, ErrorCode::NotFound);
}

void tst_MemoryService::refusesBadDrafts_data()
{
    QTest::addColumn<QString>("persona");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("importance"); // < -1: not given
    QTest::addColumn<int>("code");
    const int invalid = int(ErrorCode::InvalidArgument);
    QTest::newRow("empty") << u"aria"_s << u"   "_s << u"fact"_s << -2.0 << invalid;
    QTest::newRow("too long") << u"aria"_s << QString(4001, u'x') << u"fact"_s << -2.0 << invalid;
    QTest::newRow("unknown kind") << u"aria"_s << u"Hello there"_s << u"gossip"_s << -2.0 << invalid;
    QTest::newRow("importance above 1") << u"aria"_s << u"Hello there"_s << u"fact"_s << 1.5 << invalid;
    QTest::newRow("negative importance") << u"aria"_s << u"Hello there"_s << u"fact"_s << -0.5 << invalid;
    QTest::newRow("no words") << u"aria"_s << u"?!?"_s << u"note"_s << -2.0 << invalid;
    QTest::newRow("unknown persona") << u"zed"_s << u"Hello there"_s << u"fact"_s << -2.0 << int(ErrorCode::NotFound);
}

void tst_MemoryService::refusesBadDrafts()
{
    QFETCH(QString, persona);
    QFETCH(QString, content);
    QFETCH(QString, kind);
    QFETCH(double, importance);
    QFETCH(int, code);
    auto stored = store(draft(persona, content, Visibility::Private,
                              importance < -1 ? std::nullopt : std::optional<double>(importance), kind));
    QVERIFY(!stored);
    QCOMPARE(int(stored.error().code), code);
    QCOMPARE(memory().list(QString(), 0, 10)->total, 0); // nothing half-stored
}

void tst_MemoryService::mergesNearDuplicates()
{
    auto original = store(draft(u"aria"_s, u"The user's favourite tea is jasmine."_s, Visibility::Private, 0.6));
    QVERIFY(original);
    *m_now += kHour;
    auto again = store(draft(u"aria"_s, u"the user's favourite tea is Jasmine!"_s, Visibility::Shared, 0.3));
    QVERIFY(again);
    QVERIFY(again->merged);
    QVERIFY(again->duplicateSimilarity >= 0.95);
    QCOMPARE(again->memory.id, original->memory.id);
    QCOMPARE(again->memory.content, u"the user's favourite tea is Jasmine!"_s); // the newer words
    QCOMPARE(again->memory.importance, 0.6);                                 // the higher importance
    QCOMPARE(again->memory.visibility, Visibility::Shared);                  // shared wins
    QCOMPARE(again->memory.accessCount, 1);
    QCOMPARE(again->memory.lastAccessedMs, kStart + kHour);
    QCOMPARE(again->memory.createdMs, kStart);

    // Different facts, another persona: stored apart.
    auto other = store(draft(u"aria"_s, u"The user's favourite coffee is a flat white."_s));
    QVERIFY(other);
    QVERIFY(!other->merged);
    auto kira = store(draft(u"kira"_s, u"The user's favourite tea is jasmine."_s));
    QVERIFY(kira);
    QVERIFY(!kira->merged);
    QCOMPARE(memory().list(u"aria"_s, 0, 10)->total, 2);
    QCOMPARE(memory().indexes().size(u"aria"_s, kBuiltin), 2);
}

void tst_MemoryService::formsMemoriesFromAnExchange()
{
    QSignalSpy changed(&memory(), &MemoryService::memoriesChanged);
    memory().formFromExchange(u"aria"_s, u"session-a"_s, 0, u"Hi Aria! My favourite tea is jasmine. I live in Porto."_s);
    QTRY_COMPARE(memory().list(u"aria"_s, 0, 10)->total, 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), u"aria"_s);
    const auto page = memory().list(u"aria"_s, 0, 10);
    QStringList texts;
    for (const MemoryRecord &record : page->memories) {
        texts.append(record.content);
        QCOMPARE(record.sourceSessionId, u"session-a"_s);
        QCOMPARE(record.visibility, Visibility::Private);
    }
    QVERIFY(texts.contains(u"The user's favourite tea is jasmine."_s));
    QVERIFY(texts.contains(u"The user lives in Porto."_s));

    // The same facts again are merged, not stored twice; small talk forms nothing.
    memory().formFromExchange(u"aria"_s, u"session-b"_s, 0, u"My favourite tea is jasmine."_s);
    memory().formFromExchange(u"aria"_s, u"session-b"_s, 0, u"Thanks! What do you think?"_s);
    QTRY_COMPARE(memory().pendingWork(), 0);
    const auto after = memory().list(u"aria"_s, 0, 10);
    QCOMPARE(after->total, 2);
    int accessed = 0;
    for (const MemoryRecord &record : after->memories)
        accessed += record.accessCount;
    QCOMPARE(accessed, 1);
}

void tst_MemoryService::recallCarriesItsBreakdownAndTouches()
{
    auto tea = store(draft(u"aria"_s, u"The user's favourite tea is jasmine."_s, Visibility::Private, 0.7));
    auto cello = store(draft(u"aria"_s, u"The user plays the cello."_s, Visibility::Private, 0.2));
    QVERIFY(tea && cello);
    *m_now += 10 * kHour;
    // A look (the inspector's trial query) scores the same and changes nothing.
    MemoryQuery look{u"Which tea does the user like?"_s, u"aria"_s, false, 5, std::nullopt};
    look.touch = false;
    auto looked = await<Result<RecallResult>>([&](auto done) { memory().search(look, this, done); });
    QVERIFY(looked && *looked);
    QCOMPARE((*looked)->hits.size(), 2);
    QCOMPARE((*looked)->hits.at(0).memory.id, tea->memory.id);
    QCOMPARE(memory().get(tea->memory.id)->accessCount, 0);
    QCOMPARE(memory().get(cello->memory.id)->lastAccessedMs, kStart);

    auto result = search(u"Which tea does the user like?"_s, u"aria"_s);
    VERIFY_OK(result);
    QCOMPARE(result->hits.size(), 2);
    QCOMPARE(result->candidates, 2);
    QCOMPARE(result->embedders, QStringList{kBuiltin});
    const MemoryHit &best = result->hits.at(0);
    QCOMPARE(best.memory.id, tea->memory.id);
    QCOMPARE(best.rank, 1);
    QCOMPARE(result->hits.at(1).rank, 2);
    const double recency = std::pow(0.995, 10.0);
    QVERIFY(std::abs(best.score.recency - recency) < 1e-12);
    QCOMPARE(best.score.relevance, 1.0);                  // the most relevant of the candidates
    QCOMPARE(result->hits.at(1).score.relevance, 0.0);    // the least
    QVERIFY(best.score.relevanceRaw > result->hits.at(1).score.relevanceRaw);
    QCOMPARE(best.score.importance, 0.7);
    QVERIFY(std::abs(best.score.total - (1.0 + recency + 0.7)) < 1e-12);
    QCOMPARE(best.memory.lastAccessedMs, kStart); // reported as it was before the recall
    QCOMPARE(best.memory.accessCount, 0);

    // The recall touched both memories: last access now, one access more.
    for (const qint64 id : {tea->memory.id, cello->memory.id}) {
        auto touched = memory().get(id);
        QCOMPARE(touched->lastAccessedMs, kStart + 10 * kHour);
        QCOMPARE(touched->accessCount, 1);
    }
    auto again = search(u"tea"_s, u"aria"_s, false, 1);
    QCOMPARE(again->hits.size(), 1);
    QCOMPARE(again->hits.at(0).score.recency, 1.0);
}

void tst_MemoryService::recallFindsTheRelevantMemory()
{
    const QStringList facts = {u"The user's favourite tea is jasmine."_s, u"The user works as a nurse in Berlin."_s,
                               u"The user has two cats named Tom and Jerry."_s, u"The user is allergic to peanuts."_s,
                               u"The user plays the cello in an orchestra."_s, u"The user's sister lives in Madrid."_s};
    for (const QString &fact : facts)
        QVERIFY(store(draft(u"aria"_s, fact, Visibility::Private, 0.5)));
    const QList<std::pair<QString, QString>> queries = {
        {u"What tea do I like?"_s, facts.at(0)},
        {u"Where do I work?"_s, facts.at(1)},
        {u"What are my cats called?"_s, facts.at(2)},
        {u"Any food allergies, like peanuts?"_s, facts.at(3)},
        {u"Which instrument do I play?"_s, facts.at(4)},
    };
    for (const auto &[query, expected] : queries) {
        auto result = search(query, u"aria"_s, false, 1);
        QVERIFY(result);
        QCOMPARE(contents(result->hits), QStringList{expected});
    }
}

void tst_MemoryService::minImportanceFilters()
{
    QVERIFY(store(draft(u"aria"_s, u"The user likes rain."_s, Visibility::Private, 0.2)));
    QVERIFY(store(draft(u"aria"_s, u"The user's name is Sam."_s, Visibility::Private, 0.9)));
    auto result = search(u"name and weather"_s, u"aria"_s, false, 5, 0.5);
    QVERIFY(result);
    QCOMPARE(contents(result->hits), QStringList{u"The user's name is Sam."_s});
    QCOMPARE(search(u"x y"_s, u"aria"_s, false, 5, 1.5).error().code, ErrorCode::InvalidArgument);
}

void tst_MemoryService::personasAreIsolated()
{
    QVERIFY(store(draft(u"aria"_s, u"The user sings in a choir."_s)));
    QVERIFY(store(draft(u"kira"_s, u"The user reads Latin."_s)));
    auto aria = search(u"What does the user do?"_s, u"aria"_s, false, 10);
    QCOMPARE(contents(aria->hits), QStringList{u"The user sings in a choir."_s});
    auto kira = search(u"What does the user do?"_s, u"kira"_s, false, 10);
    QCOMPARE(contents(kira->hits), QStringList{u"The user reads Latin."_s});
    QCOMPARE(search(u"anything"_s, u"nobody"_s).error().code, ErrorCode::NotFound);
    QCOMPARE(search(u"anything"_s, QString()).error().code, ErrorCode::InvalidArgument); // no persona, not cross
    QCOMPARE(search(u"   "_s, u"aria"_s).error().code, ErrorCode::InvalidArgument);
}

void tst_MemoryService::crossPersonaSearchSeesOnlySharedMemories()
{
    QVERIFY(store(draft(u"aria"_s, u"Aria's secret: the user fears spiders."_s, Visibility::Private)));
    QVERIFY(store(draft(u"aria"_s, u"The user is planning a trip to Japan."_s, Visibility::Shared)));
    QVERIFY(store(draft(u"kira"_s, u"Kira's note: the user likes old maps."_s, Visibility::Private)));
    const QString query = u"What does the user fear, plan or like?"_s;

    auto kiraCross = search(query, u"kira"_s, true, 10);
    QVERIFY(kiraCross);
    QStringList seen = contents(kiraCross->hits);
    seen.sort();
    QCOMPARE(seen, (QStringList{u"Kira's note: the user likes old maps."_s, u"The user is planning a trip to Japan."_s}));

    auto everyone = search(query, QString(), true, 10);
    QVERIFY(everyone);
    QCOMPARE(contents(everyone->hits), QStringList{u"The user is planning a trip to Japan."_s});

    auto ariaOwn = search(query, u"aria"_s, false, 10);
    QCOMPARE(ariaOwn->hits.size(), 2); // her own, private and shared
    for (const MemoryHit &hit : ariaOwn->hits)
        QCOMPARE(hit.memory.personaId, u"aria"_s);
}

void tst_MemoryService::rebuildsTheIndex_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("missing") << u"missing"_s;
    QTest::newRow("corrupt") << u"corrupt"_s;
    QTest::newRow("truncated") << u"truncated"_s;
    QTest::newRow("stale") << u"stale"_s;
}

void tst_MemoryService::rebuildsTheIndex()
{
    QFETCH(QString, damage);
    const QStringList facts = {u"The user's favourite tea is jasmine."_s, u"The user lives in Porto."_s,
                               u"The user has a dog called Biscuit."_s};
    for (const QString &fact : facts)
        QVERIFY(store(draft(u"aria"_s, fact, Visibility::Private, 0.5)));
    const QString file = indexFile(u"aria"_s, kBuiltin);
    QVERIFY(memory().indexes().saveDirty());
    QVERIFY(QFile::exists(file));
    const QString older = m_dir->filePath(u"older.hnsw"_s);
    QVERIFY(QFile::copy(file, older));
    QVERIFY(store(draft(u"aria"_s, u"The user sings in a choir on Sundays."_s, Visibility::Private, 0.5)));
    m_engine->shutdown(); // saves the index with four vectors

    if (damage == u"missing"_s) {
        QVERIFY(QFile::remove(file));
    } else if (damage == u"corrupt"_s) {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(QByteArray(4096, '\x7f'));
    } else if (damage == u"truncated"_s) {
        QFile out(file);
        QVERIFY(out.open(QIODevice::ReadWrite));
        QVERIFY(out.resize(out.size() / 2));
    } else {
        QVERIFY(QFile::remove(file));
        QVERIFY(QFile::copy(older, file)); // three of the four memories
    }

    m_engine.reset();
    const std::shared_ptr<qint64> now = m_now;
    m_engine = std::make_unique<Engine::Engine>(
        settings(), Clock([now] { return QDateTime::fromMSecsSinceEpoch(*now, QTimeZone::utc()); }));
    QSignalSpy progress(m_engine.get(), &Engine::Engine::memoryIndexProgress);
    QVERIFY(m_engine->start());
    QTRY_VERIFY(!progress.isEmpty() && progress.last().at(1).toInt() == progress.last().at(2).toInt());
    QCOMPARE(progress.last().at(0).toString(), u"aria"_s);
    QCOMPARE(progress.last().at(2).toInt(), 4);

    auto stats = memory().stats(u"aria"_s);
    QVERIFY(stats);
    QCOMPARE(stats->indexes.size(), 1);
    QVERIFY(stats->indexes.at(0).inStep);
    QVERIFY(stats->indexes.at(0).filePresent); // saved right after the rebuild
    QCOMPARE(stats->indexes.at(0).indexed, 4);
    auto found = search(u"Where does the user sing in a choir?"_s, u"aria"_s, false, 1);
    QVERIFY(found);
    QCOMPARE(contents(found->hits), QStringList{u"The user sings in a choir on Sundays."_s});
    QCOMPARE(memory().list(u"aria"_s, 0, 10)->total, 4); // nothing lost
}

void tst_MemoryService::searchWaitsForARebuild()
{
    for (int i = 0; i < 600; ++i) // more than one rebuild page
        QVERIFY(store(draft(u"aria"_s, distinctFact(i))));
    m_engine->shutdown();
    QVERIFY(QFile::remove(indexFile(u"aria"_s, kBuiltin)));
    startEngine(settings());
    QVERIFY(memory().indexes().isRebuilding());
    QCOMPARE(memory().list(u"aria"_s, 0, 1)->total, 600);
    auto result = search(distinctFact(599), u"aria"_s, false, 3);
    QVERIFY(result);
    QVERIFY(!memory().indexes().isRebuilding());
    QCOMPARE(result->hits.size(), 3);
    QVERIFY(contents(result->hits).contains(distinctFact(599)));
}

void tst_MemoryService::memoriesSurviveARestart()
{
    auto stored = store(draft(u"kira"_s, u"The user is writing a thesis on Byzantine coins."_s, Visibility::Shared, 0.8));
    QVERIFY(stored);
    startEngine(settings()); // a new engine on the same database and index folder
    QVERIFY(!memory().indexes().isRebuilding()); // the saved index was in step
    auto fetched = memory().get(stored->memory.id);
    QVERIFY(fetched);
    QCOMPARE(*fetched, stored->memory);
    auto found = search(u"What is the thesis about?"_s, u"kira"_s);
    QVERIFY(found);
    QCOMPARE(found->hits.size(), 1);
    QCOMPARE(found->hits.at(0).memory.id, stored->memory.id);
}

void tst_MemoryService::deletingAPersonaForgetsItsMemories()
{
    VERIFY_OK(m_engine->personas().create(QJsonObject{{u"name"_s, u"Nova"_s}}));
    QVERIFY(store(draft(u"nova"_s, u"Nova's secret: the user fears spiders."_s, Visibility::Private)));
    QVERIFY(store(draft(u"nova"_s, u"The user is planning a trip to Japan."_s, Visibility::Shared)));
    QVERIFY(store(draft(u"aria"_s, u"The user plays the cello in an orchestra."_s, Visibility::Shared)));
    QVERIFY(memory().indexes().saveDirty());
    const QString file = indexFile(u"nova"_s, kBuiltin);
    QVERIFY(QFile::exists(file));

    auto deleted = m_engine->deletePersona(u"Nova"_s);
    VERIFY_OK(deleted);
    QCOMPARE(deleted->persona.id, u"nova"_s);
    QCOMPARE(deleted->memoriesDeleted, 2);
    QVERIFY(!QFile::exists(file));
    QCOMPARE(memory().list(QString(), 0, 10)->total, 1); // Aria's stays
    // Its shared memory no longer surfaces in another persona's cross-persona recall.
    auto kiraCross = search(u"What is the user planning, what does the user play?"_s, u"kira"_s, true, 10);
    VERIFY_OK(kiraCross);
    QCOMPARE(contents(kiraCross->hits), QStringList{u"The user plays the cello in an orchestra."_s});

    // A persona created again under the same name (so the same id) starts knowing nothing.
    VERIFY_OK(m_engine->personas().create(QJsonObject{{u"name"_s, u"Nova"_s}}));
    QCOMPARE(memory().list(u"nova"_s, 0, 10)->total, 0);
    auto fresh = search(u"What does the user fear?"_s, u"nova"_s, false, 10);
    VERIFY_OK(fresh);
    QVERIFY(fresh->hits.isEmpty());

    // Built-in personas cannot be deleted, and keep what they remember.
    QCOMPARE(m_engine->deletePersona(u"aria"_s).error().code, ErrorCode::Conflict);
    QCOMPARE(memory().list(u"aria"_s, 0, 10)->total, 1);
}

void tst_MemoryService::updateReembedsAndDeleteForgets()
{
    auto stored = store(draft(u"aria"_s, u"The user's favourite tea is jasmine."_s));
    QVERIFY(stored);
    MemoryPatch patch;
    patch.content = u"The user's favourite drink is cold brew coffee."_s;
    patch.importance = 0.9;
    patch.visibility = Visibility::Shared;
    auto updated = await<Result<MemoryRecord>>([&](auto done) { memory().update(stored->memory.id, patch, this, done); });
    QVERIFY(updated && *updated);
    QCOMPARE((*updated)->content, *patch.content);
    QCOMPARE((*updated)->importance, 0.9);
    QCOMPARE((*updated)->visibility, Visibility::Shared);
    auto found = search(u"cold brew coffee"_s, u"aria"_s, false, 1);
    QCOMPARE(found->hits.at(0).score.relevanceRaw > 0.5, true); // the new vector is indexed

    auto empty = await<Result<MemoryRecord>>([&](auto done) { memory().update(stored->memory.id, {}, this, done); });
    QCOMPARE((*empty).error().code, ErrorCode::InvalidArgument);

    auto removed = memory().remove(stored->memory.id);
    QVERIFY(removed);
    QCOMPARE(removed->content, *patch.content);
    QCOMPARE(memory().remove(stored->memory.id).error().code, ErrorCode::NotFound);
    QCOMPARE(memory().indexes().size(u"aria"_s, kBuiltin), 0);
    QVERIFY(search(u"coffee"_s, u"aria"_s)->hits.isEmpty());
}

void tst_MemoryService::statsCountBandsAndIndexHealth()
{
    QVERIFY(store(draft(u"aria"_s, u"The user's name is Sam."_s, Visibility::Private, 0.9)));
    QVERIFY(store(draft(u"aria"_s, u"The user likes rain."_s, Visibility::Private, 0.5)));
    QVERIFY(store(draft(u"kira"_s, u"The user reads Latin."_s, Visibility::Private, 0.1)));
    auto all = memory().stats(QString());
    QVERIFY(all);
    QCOMPARE(all->total, 3);
    QCOMPARE(all->high, 1);
    QCOMPARE(all->medium, 1);
    QCOMPARE(all->low, 1);
    QVERIFY(std::abs(all->averageImportance - 0.5) < 1e-12);
    QCOMPARE(all->personas.size(), 2);
    QCOMPARE(all->personas.at(0).personaId, u"aria"_s);
    QCOMPARE(all->personas.at(0).count, 2);
    QCOMPARE(all->indexes.size(), 2);
    QVERIFY(all->storageBytes > 3 * 384 * 4);
    QCOMPARE(all->writeEmbedder, kBuiltin);
    for (const IndexHealth &index : all->indexes) {
        QVERIFY(index.inStep);
        QVERIFY(index.dirty); // not saved yet
        QCOMPARE(index.indexed, index.stored);
    }
    auto kira = memory().stats(u"Kira"_s);
    QCOMPARE(kira->total, 1);
    QCOMPARE(kira->personas.size(), 1);
    QCOMPARE(kira->indexes.size(), 1);
    QVERIFY(memory().indexes().saveDirty());
    QVERIFY(memory().stats(u"kira"_s)->indexes.at(0).filePresent);
    QCOMPARE(memory().stats(u"nobody"_s).error().code, ErrorCode::NotFound);
}

void tst_MemoryService::decayLowersImportanceToTheFloor()
{
    auto plain = store(draft(u"aria"_s, u"The user likes rain."_s, Visibility::Private, 0.5));
    auto core = store(draft(u"aria"_s, u"The user's name is Sam."_s, Visibility::Private, 0.85));
    QVERIFY(plain && core);
    *m_now += 3 * kDay;
    QCOMPARE(*memory().decay(), 0); // accessed within a week: protected
    *m_now += 7 * kDay;
    QCOMPARE(*memory().decay(), 1);
    QVERIFY(std::abs(memory().get(plain->memory.id)->importance - 0.5 * std::pow(0.99, 10)) < 1e-9);
    QCOMPARE(memory().get(core->memory.id)->importance, 0.85); // important: never decays
    *m_now += 30 * kDay;
    QVERIFY(memory().runMaintenance());
    QVERIFY(std::abs(memory().get(plain->memory.id)->importance - 0.5 * std::pow(0.99, 40)) < 1e-9);
    *m_now += 3000 * kDay;
    QVERIFY(memory().decay());
    QCOMPARE(memory().get(plain->memory.id)->importance, 0.05); // the floor
}

void tst_MemoryService::pruningFollowsItsRules()
{
    Engine::Settings s = settings();
    s.memoryPruneStart = 8;
    s.memoryPruneTarget = 5;
    s.memoryPruneMax = 20;
    s.memoryPruneMin = 2;
    s.memoryPruneShare = 0.25;
    startEngine(s);
    QList<qint64> ids;
    for (int i = 0; i < 10; ++i) {
        auto stored = store(draft(u"aria"_s, distinctFact(i), Visibility::Private, i == 0 ? 0.9 : 0.1 + 0.05 * i));
        QVERIFY(stored);
        ids.append(stored->memory.id);
    }
    QVERIFY(store(draft(u"kira"_s, u"The user reads Latin."_s, Visibility::Private, 0.05)));

    auto fresh = memory().prune(QString(), false);
    QVERIFY(fresh);
    QCOMPARE(fresh->pruned, 0); // everything was used this week
    *m_now += 10 * kDay;
    QSignalSpy changed(&memory(), &MemoryService::memoriesChanged);
    auto report = memory().prune(u"aria"_s, false);
    QVERIFY(report);
    QCOMPARE(report->personas.size(), 1);
    const PersonaPruneReport &aria = report->personas.at(0);
    QCOMPARE(aria.before, 10);
    QCOMPARE(aria.pruned, 2); // wants 5, a quarter of 10 per run
    QCOMPARE(aria.after, 8);
    QCOMPARE(aria.protectedCount, 1);
    QCOMPARE(aria.memories.at(0).id, ids.at(1)); // the least important first
    QCOMPARE(aria.memories.at(1).id, ids.at(2));
    QVERIFY(std::abs(aria.averageImportancePruned - 0.175) < 1e-9);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(memory().list(u"aria"_s, 0, 20)->total, 8);
    QCOMPARE(memory().indexes().size(u"aria"_s, kBuiltin), 8);
    QCOMPARE(memory().get(ids.at(1)).error().code, ErrorCode::NotFound);
    // A second run goes no further than the start threshold allows; the protected memory stays.
    auto second = memory().prune(u"aria"_s, false);
    QCOMPARE(second->pruned, 0);
    QVERIFY(memory().get(ids.at(0)));
    // Kira's single memory is far below her threshold.
    QCOMPARE(memory().list(u"kira"_s, 0, 5)->total, 1);
}

void tst_MemoryService::dryRunChangesNothing()
{
    Engine::Settings s = settings();
    s.memoryPruneStart = 3;
    s.memoryPruneTarget = 2;
    s.memoryPruneMin = 1;
    s.memoryPruneShare = 1.0;
    startEngine(s);
    for (int i = 0; i < 5; ++i)
        QVERIFY(store(draft(u"kira"_s, distinctFact(i), Visibility::Private, 0.1 * (i + 1))));
    *m_now += 30 * kDay;
    auto dry = memory().prune(QString(), true);
    QVERIFY(dry);
    QVERIFY(dry->dryRun);
    QCOMPARE(dry->pruned, 3);
    QCOMPARE(dry->before, 5);
    QCOMPARE(dry->after, 2);
    QVERIFY(std::abs(dry->averageImportancePruned - 0.2) < 1e-9);
    QVERIFY(dry->personas.at(0).needsPruning);
    QVERIFY(!dry->personas.at(0).reason.isEmpty());
    QCOMPARE(memory().list(u"kira"_s, 0, 10)->total, 5); // nothing removed
    auto real = memory().prune(QString(), false);
    QCOMPARE(real->pruned, 3);
    QCOMPARE(real->personas.at(0).memories.size(), dry->personas.at(0).memories.size());
    for (qsizetype i = 0; i < real->personas.at(0).memories.size(); ++i)
        QCOMPARE(real->personas.at(0).memories.at(i).id, dry->personas.at(0).memories.at(i).id);
}

void tst_MemoryService::recallsAreRecordedPerModelCall()
{
    // A model call row for the recalls to hang on: a real chat turn records one.
    auto session = m_engine->sessions().open(Conversation::SessionOpen{u"mcp"_s, u"websocket"_s, {}, {}});
    QVERIFY(session);
    QVERIFY(store(draft(u"aria"_s, u"The user's favourite tea is jasmine."_s, Visibility::Private, 0.6)));
    auto channel = Conversation::TurnChannel::create();
    QSignalSpy finished(channel.get(), &Conversation::TurnChannel::finished);
    m_engine->chat().startTurn(Conversation::TurnRequest{session->id, u"aria"_s, u"Which tea?"_s, {}, {}, false}, channel);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWaitMs);
    auto calls = m_engine->conversations().modelCalls(finished.at(0).at(0).value<Conversation::TurnResult>()->conversationId, 10);
    QVERIFY(calls && !calls->isEmpty());
    auto recalls = memory().recalls(calls->constLast().id);
    QVERIFY(recalls);
    QCOMPARE(recalls->size(), 1);
    QCOMPARE(recalls->at(0).rank, 1);
    QCOMPARE(recalls->at(0).content, u"The user's favourite tea is jasmine."_s);
    QVERIFY(recalls->at(0).memoryExists);
    QCOMPARE(recalls->at(0).score.importance, 0.6);
    QVERIFY(recalls->at(0).score.total > 0);
    QVERIFY(memory().remove(recalls->at(0).memoryId));
    auto afterDelete = memory().recalls(calls->constLast().id);
    QCOMPARE(afterDelete->size(), 1); // why it was recalled outlives the memory
    QVERIFY(!afterDelete->at(0).memoryExists);
}

void tst_MemoryService::mapIsDeterministic()
{
    const QStringList facts = {u"The user's favourite tea is jasmine."_s, u"The user drinks green tea."_s,
                               u"The user works as a nurse."_s, u"The user works night shifts at the hospital."_s,
                               u"The user has a cat."_s, u"The user's cat is called Miso."_s};
    for (const QString &fact : facts)
        QVERIFY(store(draft(fact.contains(u"cat"_s) ? u"kira"_s : u"aria"_s, fact)));
    auto first = await<Result<MemoryMap>>([&](auto done) { memory().map(QString(), this, done); });
    auto second = await<Result<MemoryMap>>([&](auto done) { memory().map(QString(), this, done); });
    QVERIFY(first && *first && second && *second);
    const MemoryMap &map = **first;
    QCOMPARE(map.embedder, kBuiltin);
    QCOMPARE(map.points.size(), 6);
    QCOMPARE(map.leftOut, 0);
    QVERIFY(map.explained > 0.0 && map.explained <= 1.0);
    bool spread = false;
    for (qsizetype i = 0; i < map.points.size(); ++i) {
        QCOMPARE(map.points.at(i).x, (*second)->points.at(i).x);
        QCOMPARE(map.points.at(i).y, (*second)->points.at(i).y);
        QCOMPARE(map.points.at(i).memoryId, (*second)->points.at(i).memoryId);
        spread = spread || std::abs(map.points.at(i).x) > 1e-6;
    }
    QVERIFY(spread);
    auto kira = await<Result<MemoryMap>>([&](auto done) { memory().map(u"kira"_s, this, done); });
    QCOMPARE((*kira)->points.size(), 2);
    for (const MapPoint &point : (*kira)->points)
        QCOMPARE(point.personaId, u"kira"_s);
}

void tst_MemoryService::ollamaEmbedderIsUsedWhenItWorks()
{
    startEngine(settings(u"ollama"_s));
    QTRY_VERIFY_WITH_TIMEOUT(memory().ollamaAvailable(), kWaitMs); // the check at start
    auto stored = store(draft(u"aria"_s, u"The user's favourite tea is jasmine."_s));
    VERIFY_OK(stored);
    QCOMPARE(stored->memory.embedder, kOllama);
    QCOMPARE(stored->memory.dimension, 768);
    const QList<QJsonObject> requests = m_fake->embedRequests();
    QVERIFY(requests.size() >= 2);
    QCOMPARE(requests.last().value("model"_L1).toString(), u"nomic-embed-text"_s);
    auto found = search(u"The user's favourite tea is jasmine."_s, u"aria"_s);
    QVERIFY(found);
    QCOMPARE(found->embedders, QStringList{kOllama});
    QVERIFY(found->hits.at(0).score.relevanceRaw > 0.999); // the fake embeds a text the same way every time
    QVERIFY(QFile::exists(indexFile(u"aria"_s, kOllama)) || memory().indexes().hasUnsavedChanges());
}

void tst_MemoryService::fallsBackToTheBuiltinEmbedderAndRetries()
{
    const QList<FakeOllama::Model> chatOnly = {FakeOllama::Model{u"llama3.1:8b"_s, u"sha256:1"_s}};
    m_fake->setModels(chatOnly); // no embedding model: /api/embed answers 404
    startEngine(settings(u"ollama"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!m_fake->embedRequests().isEmpty(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(memory().writeEmbedderId(), kBuiltin, kWaitMs);
    auto offline = store(draft(u"aria"_s, u"The user's favourite tea is jasmine."_s));
    QVERIFY(offline);
    QCOMPARE(offline->memory.embedder, kBuiltin);
    const qsizetype asked = m_fake->embedRequests().size();
    QVERIFY(store(draft(u"aria"_s, u"The user lives in Porto."_s)));
    QCOMPARE(m_fake->embedRequests().size(), asked); // not asked again within the minute

    // The model arrives; a minute after the failure Ollama is tried again and used.
    m_fake->setModels({FakeOllama::Model{u"llama3.1:8b"_s, u"sha256:1"_s},
                       FakeOllama::Model{u"nomic-embed-text:latest"_s, u"sha256:2"_s, 2048, {u"embedding"_s}}});
    *m_now += 61 * 1000;
    auto online = store(draft(u"aria"_s, u"The user plays the cello."_s));
    QVERIFY(online);
    QCOMPARE(online->memory.embedder, kOllama);

    // A search embeds the query with both embedders and ranks across both indexes.
    auto found = search(u"The user's favourite tea is jasmine."_s, u"aria"_s, false, 5);
    QVERIFY(found);
    QCOMPARE(found->embedders, (QStringList{kBuiltin, kOllama}));
    QCOMPARE(found->hits.size(), 3);
    QCOMPARE(found->hits.at(0).memory.id, offline->memory.id);
    auto stats = memory().stats(u"aria"_s);
    QCOMPARE(stats->indexes.size(), 2);

    // Ollama goes away: memories of its embedder are skipped (and said so), the others still found.
    m_fake->close();
    *m_now += 61 * 1000;
    auto degraded = search(u"tea"_s, u"aria"_s, false, 5);
    QVERIFY(degraded);
    QCOMPARE(degraded->embedders, QStringList{kBuiltin});
    QCOMPARE(degraded->skipped.size(), 1);
    QVERIFY(degraded->skipped.at(0).startsWith(kOllama));
    QCOMPARE(degraded->hits.size(), 2);
}

void tst_MemoryService::startsWithOllamaDown()
{
    m_fake->close();
    startEngine(settings(u"ollama"_s)); // QVERIFYs that it starts
    auto stored = store(draft(u"kira"_s, u"The user is learning Greek."_s));
    VERIFY_OK(stored);
    QCOMPARE(stored->memory.embedder, kBuiltin);
    QVERIFY(!memory().ollamaAvailable());
    QCOMPARE(search(u"Greek"_s, u"kira"_s)->hits.size(), 1);
}

void tst_MemoryService::theModelCanRateImportance()
{
    Engine::Settings s = settings();
    s.memoryImportanceByModel = true;
    startEngine(s);
    FakeOllama::ChatScript eight;
    eight.chunks = {u"8"_s};
    FakeOllama::ChatScript refusal;
    refusal.chunks = {u"I'd rather not say."_s};
    m_fake->enqueueChatScript(eight);
    m_fake->enqueueChatScript(refusal);
    memory().formFromExchange(u"aria"_s, u"s"_s, 0, u"My favourite tea is jasmine. I live in Porto."_s);
    QTRY_COMPARE_WITH_TIMEOUT(memory().list(u"aria"_s, 0, 10)->total, 2, kWaitMs);
    const QList<QJsonObject> requests = m_fake->chatRequests();
    QCOMPARE(requests.size(), 2);
    const QString prompt = requests.at(0).value("messages"_L1).toArray().at(0).toObject().value("content"_L1).toString();
    QVERIFY2(prompt.contains(u"Memory: The user's favourite tea is jasmine.\nRating:"_s), qPrintable(prompt));
    QCOMPARE(requests.at(0).value("model"_L1).toString(), u"llama3.1:8b"_s);
    QCOMPARE(requests.at(0).value("options"_L1).toObject().value("temperature"_L1).toDouble(), 0.0);
    double tea = 0;
    double porto = 0;
    const auto formed = memory().list(u"aria"_s, 0, 10);
    for (const MemoryRecord &record : formed->memories)
        (record.content.contains(u"tea"_s) ? tea : porto) = record.importance;
    QCOMPARE(tea, 0.8);                                                          // the model's rating
    QCOMPARE(porto, extractMemories(u"I live in Porto."_s).value(0).importance); // no rating: the heuristic
}

void tst_MemoryService::theChatSectionListsOneLineEach()
{
    MemoryHit first;
    first.memory.content = u"The user's favourite tea\nis jasmine."_s;
    MemoryHit second;
    second.memory.content = QString(1000, u'a');
    const QString text = MemoryHook::sectionText({first, second});
    const QStringList lines = text.split(u'\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), u"- The user's favourite tea is jasmine."_s);
    QCOMPARE(lines.at(1).size(), 2 + 400);
    QVERIFY(lines.at(1).endsWith(u'\u2026'));
    QCOMPARE(MemoryHook::sectionTitle(), u"What you remember"_s);
}

QTEST_GUILESS_MAIN(tst_MemoryService)
#include "tst_memoryservice.moc"
