// SPDX-License-Identifier: MIT
// App-added time per chat turn: the whole turn (service API call on the caller's thread ->
// engine thread -> store -> context -> HTTP to an instant fake Ollama -> stream -> store ->
// result back on the caller's thread), with 10k messages already stored. The fake answers at
// once, so the figure is an upper bound of what the app adds to the model's own time.
//
//   bench_chatturn [turns=500] [stored=10000]
#include <conversation/conversationservice.h>
#include <conversation/sessionservice.h>
#include <engine/engine.h>
#include <engine/enginehost.h>
#include <store/conversationstore.h>
#include <store/database.h>

#include "fakeollama.h"
#include "benchhelp.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <numeric>
#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;
using namespace Studio;

namespace {

// QTest::qWaitFor sleeps 10 ms between polls, which would dominate the figures (and the fake
// Ollama shares this thread): wait in a real event loop instead.
void spinUntil(const std::function<bool()> &done)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(0);
    QTimer::singleShot(60000, &loop, [] { qFatal("the benchmark stalled for 60 s"); });
    if (!done())
        loop.exec();
}

template<typename T>
T await(QFuture<T> future)
{
    spinUntil([&] { return future.isFinished(); });
    return future.result();
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

long rssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

constexpr const char *kUsage = R"(bench_chatturn: the time the app adds to one chat turn. The whole turn (service API call on the
caller's thread -> engine thread -> store -> context -> HTTP to an instant fake Ollama in this
process -> stream -> store -> result back), with `stored` messages already in the conversation.
The fake answers at once, so the figures (p50/p90/p99/max per turn) are an upper bound of what
the app adds to the model's own time. Temporary database; stops by itself.

usage: bench_chatturn [turns] [stored]
  -h, --help   this text; runs nothing
  turns        measured turns (default 500, at least 10)
  stored       messages stored in the conversation before the first turn (default 10000)
)";

} // namespace

int main(int argc, char *argv[])
{
    if (BenchHelp::asked(argc, argv, kUsage)) // before anything starts
        return 0;
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"persona.*.info=false"_s);
    const int turns = argc > 1 ? std::max(10, atoi(argv[1])) : 500;
    const int stored = argc > 2 ? std::max(0, atoi(argv[2])) : 10000;

    QTemporaryDir dir;
    FakeOllama fake;
    if (!fake.listen())
        return 1;
    FakeOllama::ChatScript instant;
    instant.chunks = {u"Well "_s, u"met, "_s, u"traveller!"_s};
    fake.setDefaultChatScript(instant);

    Engine::Settings settings;
    settings.dbPath = dir.filePath(u"bench.sqlite"_s);
    settings.ollamaUrl = fake.url();
    settings.model = u"llama3.1:8b"_s;

    // Seed: one session whose conversation with Aria already holds `stored` messages,
    // all folded into the summary, as after a long acquaintance.
    QString sessionId;
    {
        Engine::Engine seeder(settings, Clock());
        if (!seeder.start())
            return 1;
        sessionId = seeder.sessions().open({u"desktop"_s, {}, u"bench"_s, {}})->id;
        auto conversation = seeder.conversations().liveOrCreate(sessionId, u"aria"_s, false);
        Store::ConversationStore store(seeder.database());
        QElapsedTimer seeding;
        seeding.start();
        qint64 lastId = 0;
        auto seeded = seeder.database().transaction([&]() -> Result<void> {
            for (int i = 0; i < stored; ++i) {
                Store::MessageRow row;
                row.conversationId = conversation->id;
                row.role = i % 2 == 0 ? u"user"_s : u"assistant"_s;
                row.content = u"Stored message %1 about songs, rivers and the road north."_s.arg(i);
                row.createdMs = QDateTime::currentMSecsSinceEpoch();
                auto added = store.addMessage(row);
                if (!added)
                    return fail(added.error());
                lastId = added->id;
            }
            return {};
        });
        if (!seeded)
            return 1;
        store.setSummary(conversation->id, u"They have talked for a long time."_s, lastId,
                         QDateTime::currentMSecsSinceEpoch());
        std::printf("seeded %d messages in %lld ms\n", stored, qint64(seeding.elapsed()));
    }

    Engine::EngineHost host(settings);
    if (!await(host.start()))
        return 1;
    Engine::EngineClient *client = host.client();
    // Warm up: first requests pay for connection set-up and statement preparation.
    auto runTurn = [&](int i) -> double {
        QElapsedTimer timer;
        timer.start();
        auto channel = Conversation::TurnChannel::create();
        bool done = false;
        bool ok = false;
        QObject::connect(channel.get(), &Conversation::TurnChannel::finished, &app,
                         [&](const Conversation::TurnResult &result) {
                             ok = result.has_value();
                             done = true;
                         });
        client->chat({sessionId, u"aria"_s, u"Turn %1: sing me something short."_s.arg(i), {}, {}, false}, channel);
        spinUntil([&] { return done; });
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        // The summary folds in the background after each turn; it is not part of the turn.
        await(client->whenIdle());
        return ok ? ms : -1.0;
    };
    for (int i = 0; i < 20; ++i)
        runTurn(i);

    std::vector<double> latencies;
    latencies.reserve(size_t(turns));
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < turns; ++i) {
        const double ms = runTurn(i);
        if (ms < 0) {
            std::printf("turn %d failed\n", i);
            return 1;
        }
        latencies.push_back(ms);
    }
    const double mean = std::accumulate(latencies.begin(), latencies.end(), 0.0) / double(latencies.size());
    std::printf("chat turn (app + loopback HTTP + instant fake), %d turns, %d messages stored:\n", turns, stored);
    std::printf("  p50 %.3f ms   p90 %.3f ms   p99 %.3f ms   max %.3f ms   mean %.3f ms\n",
                percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                percentile(latencies, 1.0), mean);
    std::printf("  wall %.1f s incl. background summaries; RSS %ld KiB\n", double(wall.elapsed()) / 1000.0,
                rssKiB());
    return 0;
}
