// SPDX-License-Identifier: MIT
// search_memory over MCP at 100k memories (issue 5's benchmark: p99 <= 5 ms). The engine and its
// MCP endpoint (McpHost, its own thread) run in this process, with the built-in embedder:
//
//  1. 100,000 varied memories of "aria" are inserted into a fresh database through MemoryStore,
//     in one transaction, with vectors from HashingEmbedder::embedNow (what the service would
//     give them);
//  2. the engine starts, finds no index file and rebuilds the index from SQLite (timed until
//     memoryIndexProgress says done == total); it is stopped (the index is saved) and started
//     again, so the measured engine loads the saved index like a real restart (the rebuild saves
//     its result itself; the engine log says how long that took);
//  3. ONE WebSocket client (subprotocol "mcp") initializes, then calls tools/call search_memory
//     {"query": ..., "persona": "aria", "k": 5} sequentially: 200 warm-up calls, then 2,000
//     measured; round-trip p50/p90/p99/max and calls/s are printed.
//
// Not a CTest test. bench_memorymcp [--count <memories>] [--calls <n>] [--keep]
#include <engine/enginehost.h>
#include <mcp/mcphost.h>
#include <memory/hashingembedder.h>
#include <memory/memorystore.h>
#include <store/database.h>
#include "benchhelp.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Studio;

namespace {

// QTest::qWaitFor sleeps 10 ms per poll: run a real event loop and look every 2 ms instead.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(2);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start();
    deadline.start(timeoutMs);
    loop.exec();
    return done();
}

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const size_t index = std::min(sorted.size() - 1, size_t(p * double(sorted.size() - 1) + 0.5));
    return sorted[index];
}

const QStringList kThings = {u"colour"_s, u"food"_s, u"book"_s, u"film"_s, u"song"_s, u"city"_s, u"season"_s,
                             u"animal"_s, u"drink"_s, u"game"_s, u"flower"_s, u"sport"_s, u"band"_s, u"painter"_s,
                             u"holiday"_s, u"dessert"_s, u"car"_s, u"tree"_s, u"poet"_s, u"mountain"_s};
const QStringList kValues = {u"blue"_s, u"ramen"_s, u"Dune"_s, u"Alien"_s, u"Clair de lune"_s, u"Lisbon"_s,
                             u"autumn"_s, u"otter"_s, u"green tea"_s, u"chess"_s, u"tulip"_s, u"tennis"_s,
                             u"Radiohead"_s, u"Vermeer"_s, u"Christmas"_s, u"tiramisu"_s, u"Volvo"_s, u"oak"_s,
                             u"Neruda"_s, u"Kilimanjaro"_s, u"crimson"_s, u"sushi"_s, u"Emma"_s, u"Heat"_s,
                             u"Jolene"_s, u"Kyoto"_s, u"spring"_s, u"heron"_s, u"espresso"_s, u"Go"_s, u"orchid"_s};
const QStringList kPeople = {u"sister"_s, u"brother"_s, u"friend Sam"_s, u"neighbour"_s, u"boss"_s, u"cousin"_s,
                             u"dentist"_s, u"teacher"_s, u"partner"_s, u"uncle"_s};
const QStringList kVerbs = {u"visited"_s, u"called"_s, u"argued with"_s, u"cooked for"_s, u"hiked with"_s,
                            u"wrote to"_s, u"met"_s, u"helped"_s};
const QStringList kPlaces = {u"Paris"_s, u"the lake"_s, u"the office"_s, u"Berlin"_s, u"the market"_s,
                             u"the old library"_s, u"the beach"_s, u"Oslo"_s, u"the gym"_s, u"the station"_s};

/** A varied synthetic memory, deterministic in n. */
QString sentence(quint64 n, QString *kind)
{
    const auto pick = [](const QStringList &list, quint64 x) { return list.at(qsizetype(x % quint64(list.size()))); };
    const quint64 h = n * 0x9E3779B97F4A7C15ull;
    const quint64 a = h >> 7, b = h >> 19, c = h >> 31, d = h >> 43;
    switch (n % 4) {
    case 0:
        *kind = u"preference"_s;
        return u"The user's favourite %1 is %2 (#%3)"_s.arg(pick(kThings, a), pick(kValues, b)).arg(n);
    case 1:
        *kind = u"event"_s;
        return u"The user %1 their %2 in %3 on day %4 (#%5)"_s.arg(pick(kVerbs, a), pick(kPeople, b), pick(kPlaces, c))
            .arg(d % 365)
            .arg(n);
    case 2:
        *kind = u"fact"_s;
        return u"The user's %1 lives near %2 and likes %3 (#%4)"_s.arg(pick(kPeople, a), pick(kPlaces, b), pick(kValues, c))
            .arg(n);
    default:
        *kind = u"note"_s;
        return u"The user felt %1 about the %2 at %3 (#%4)"_s
            .arg(pick(QStringList{u"happy"_s, u"tired"_s, u"anxious"_s, u"proud"_s, u"calm"_s}, a), pick(kThings, b),
                 pick(kPlaces, c))
            .arg(n);
    }
}

QString query(int i)
{
    const auto pick = [](const QStringList &list, int x) { return list.at(x % list.size()); };
    switch (i % 4) {
    case 0:
        return u"what is the user's favourite %1"_s.arg(pick(kThings, i / 4));
    case 1:
        return u"when did the user visit their %1 in %2"_s.arg(pick(kPeople, i / 4), pick(kPlaces, i / 7));
    case 2:
        return u"does the user like %1"_s.arg(pick(kValues, i / 4));
    default:
        return u"how did the user feel at %1"_s.arg(pick(kPlaces, i / 4));
    }
}

Engine::Settings settingsFor(const QString &dbPath)
{
    Engine::Settings settings;
    settings.dbPath = dbPath;
    settings.ollamaUrl = QUrl(u"http://127.0.0.1:9"_s); // nothing listens: only the built-in embedder is used
    settings.model = u"llama3.1:8b"_s;
    settings.memoryEmbedder = u"builtin"_s;
    // Pruning would trim 100k memories to 800: keep every one.
    settings.memoryPruneStart = 10000000;
    settings.memoryPruneTarget = 10000000;
    settings.memoryPruneMax = 10000000;
    return settings;
}

std::unique_ptr<Engine::EngineHost> startEngine(const QString &dbPath,
                                               const std::function<void(Engine::EngineHost *)> &beforeStart = {})
{
    auto host = std::make_unique<Engine::EngineHost>(settingsFor(dbPath));
    if (beforeStart)
        beforeStart(host.get());
    auto started = host->start();
    if (!waitUntil([&] { return started.isFinished(); }, 60000) || !started.result()) {
        std::fprintf(stderr, "engine did not start: %s\n",
                     started.isFinished() ? qPrintable(started.result().error().message) : "timeout");
        return nullptr;
    }
    return host;
}

constexpr const char *kUsage = R"(bench_memorymcp: search_memory over MCP at 100k memories. The engine and its MCP endpoint run in
this process (built-in embedder, temporary database): the memories are inserted, the index is
rebuilt from SQLite (timed), saved and loaded again as on a restart, then ONE WebSocket client
(subprotocol "mcp") calls tools/call search_memory sequentially: 200 warm-up calls, then the
measured ones; round-trip p50/p90/p99/max and calls/s. Loopback; stops by itself.

usage: bench_memorymcp [options]
  -h, --help       this text; runs nothing
  --count <n>      memories to insert (default 100000)
  --calls <n>      measured search_memory calls (default 2000)
  --keep           keep the temporary directory (database and index)
)";

} // namespace

int main(int argc, char **argv)
{
    if (BenchHelp::asked(argc, argv, kUsage)) // before anything starts
        return 0;
    QCoreApplication app(argc, argv);
    Engine::registerEngineMetaTypes();
    int count = 100000;
    int calls = 2000;
    const int warmup = 200;
    bool keep = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--count"_s && i + 1 < args.size())
            count = args[++i].toInt();
        else if (args[i] == u"--calls"_s && i + 1 < args.size())
            calls = args[++i].toInt();
        else if (args[i] == u"--keep"_s)
            keep = true;
    }

    QTemporaryDir dir;
    dir.setAutoRemove(!keep);
    const QString dbPath = dir.filePath(u"bench.sqlite"_s);
    std::printf("bench_memorymcp: %d memories of aria, %d warm-up + %d measured search_memory calls (k=5)\n", count,
                warmup, calls);
    if (keep)
        std::printf("directory kept: %s\n", qPrintable(dir.path()));

    // 1. Seed through the store, one transaction.
    QElapsedTimer timer;
    timer.start();
    {
        auto db = Store::Database::open(dbPath);
        if (!db) {
            std::fprintf(stderr, "database: %s\n", qPrintable(db.error().message));
            return 1;
        }
        Memory::MemoryStore store(**db);
        Memory::HashingEmbedder embedder;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto seeded = (*db)->transaction([&]() -> Result<void> {
            for (int n = 0; n < count; ++n) {
                Memory::MemoryRecord record;
                record.personaId = u"aria"_s;
                record.content = sentence(quint64(n), &record.kind);
                record.importance = 0.1 + 0.8 * double((quint64(n) * 2654435761u) % 1000) / 1000.0;
                // Spread over the last 30 days so recency varies.
                record.createdMs = now - qint64((quint64(n) * 0x9E3779B97F4A7C15ull >> 20) % (30ull * 24 * 3600 * 1000));
                record.updatedMs = record.createdMs;
                record.lastAccessedMs = record.createdMs;
                record.decayedMs = now;
                record.embedder = embedder.id();
                record.dimension = embedder.dimension();
                auto inserted = store.insert(record, embedder.embedNow(record.content));
                if (!inserted)
                    return fail(inserted.error());
            }
            return {};
        });
        if (!seeded) {
            std::fprintf(stderr, "seeding: %s\n", qPrintable(seeded.error().message));
            return 1;
        }
    }
    const double seedS = double(timer.nsecsElapsed()) / 1e9;
    std::printf("seeding: %d memories in %.1f s (%.0f/s), database %.1f MiB\n", count, seedS, count / seedS,
                double(QFileInfo(dbPath).size()) / (1024.0 * 1024.0));
    std::fflush(stdout);

    // 2. The engine rebuilds the missing index; stopping it saves the index; a restart loads it.
    timer.restart();
    bool built = false;
    int lastDone = 0, lastTotal = 0;
    auto host = startEngine(dbPath, [&](Engine::EngineHost *starting) {
        QObject::connect(starting->engine(), &Engine::Engine::memoryIndexProgress, &app,
                         [&](const QString &, int done, int total) {
                             lastDone = done;
                             lastTotal = total;
                             built = done == total;
                         });
    });
    if (!host)
        return 1;
    if (!waitUntil([&] { return built; }, 30 * 60 * 1000)) {
        std::fprintf(stderr, "index rebuild did not finish (%d of %d)\n", lastDone, lastTotal);
        return 1;
    }
    const double buildS = double(timer.nsecsElapsed()) / 1e9;
    std::printf("index rebuild at engine start: %d vectors in %.1f s (%.0f/s)\n", lastTotal, buildS,
                lastTotal / buildS);
    timer.restart();
    host.reset(); // shutdown saves unsaved index changes (the rebuild already saved its result)
    const double saveS = double(timer.nsecsElapsed()) / 1e9;
    qint64 indexBytes = 0;
    for (const QFileInfo &file : QDir(dbPath + u".memory"_s).entryInfoList(QDir::Files))
        indexBytes += file.size();
    std::printf("engine stop: %.2f s, index files on disk %.1f MiB\n", saveS, double(indexBytes) / (1024.0 * 1024.0));
    timer.restart();
    host = startEngine(dbPath);
    if (!host)
        return 1;
    std::printf("engine restart (index loaded from file): %.2f s\n", double(timer.nsecsElapsed()) / 1e9);
    std::fflush(stdout);

    // 3. The MCP endpoint and one WebSocket client.
    Mcp::ServerOptions options;
    options.port = 0;
    options.ratePerSecond = 1e6;
    options.rateBurst = 1000000;
    Mcp::McpHost mcp(host->client(), options);
    auto listening = mcp.start();
    if (!waitUntil([&] { return listening.isFinished(); }, 10000) || !listening.result()) {
        std::fprintf(stderr, "MCP endpoint did not start\n");
        return 1;
    }
    QUrl url = *listening.result();
    url.setScheme(u"ws"_s);

    QWebSocket socket;
    QByteArray reply;
    bool replied = false;
    QEventLoop *waiting = nullptr;
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &app, [&](const QString &text) {
        const QByteArray bytes = text.toUtf8();
        if (!bytes.contains("\"id\""))
            return; // a notification
        reply = bytes;
        replied = true;
        if (waiting)
            waiting->quit();
    });
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols({u"mcp"_s});
    socket.open(url, handshake);
    if (!waitUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000)) {
        std::fprintf(stderr, "WebSocket did not connect: %s\n", qPrintable(socket.errorString()));
        return 1;
    }

    // One call: send, wait in an event loop quit by the reply (no polling), return the reply.
    const auto call = [&](const QByteArray &message) -> bool {
        replied = false;
        socket.sendTextMessage(QString::fromUtf8(message));
        if (replied)
            return true;
        QEventLoop loop;
        waiting = &loop;
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        waiting = nullptr;
        return replied;
    };

    if (!call(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench_memorymcp","version":"1"}}})"_ba)
        || !reply.contains("\"result\"")) {
        std::fprintf(stderr, "initialize failed: %s\n", reply.constData());
        return 1;
    }
    socket.sendTextMessage(u"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"_s);

    std::vector<double> latencies;
    latencies.reserve(size_t(calls));
    int errors = 0, empty = 0, hitsTotal = 0;
    QString firstError, sampleText;
    QElapsedTimer measured;
    for (int i = 0; i < warmup + calls; ++i) {
        if (i == warmup)
            measured.start();
        const QJsonObject request{
            {u"jsonrpc"_s, u"2.0"_s},
            {u"id"_s, i + 1},
            {u"method"_s, u"tools/call"_s},
            {u"params"_s, QJsonObject{{u"name"_s, u"search_memory"_s},
                                      {u"arguments"_s, QJsonObject{{u"query"_s, query(i)},
                                                                    {u"persona"_s, u"aria"_s},
                                                                    {u"k"_s, 5}}}}}};
        const QByteArray message = QJsonDocument(request).toJson(QJsonDocument::Compact);
        const qint64 sent = measured.isValid() ? measured.nsecsElapsed() : 0;
        const bool ok = call(message);
        const qint64 received = measured.isValid() ? measured.nsecsElapsed() : 0;
        if (i >= warmup)
            latencies.push_back(double(received - sent) / 1e6);
        // Checked outside the timed span: the answer must be a result with hits.
        const QJsonObject answer = QJsonDocument::fromJson(reply).object();
        const QJsonObject result = answer.value("result"_L1).toObject();
        const bool isError = !ok || answer.contains("error"_L1) || result.value("isError"_L1).toBool()
                             || answer.value("id"_L1).toInt() != i + 1;
        if (isError) {
            ++errors;
            if (firstError.isEmpty())
                firstError = ok ? QString::fromUtf8(reply.left(300)) : u"timeout"_s;
            continue;
        }
        const int hits = int(result.value("structuredContent"_L1).toObject().value("hits"_L1).toArray().size());
        hitsTotal += hits;
        if (hits == 0)
            ++empty;
        if (i == warmup)
            sampleText = result.value("content"_L1).toArray().first().toObject().value("text"_L1).toString();
    }
    const double wallS = double(measured.nsecsElapsed()) / 1e9;
    std::sort(latencies.begin(), latencies.end());
    std::printf("search_memory over MCP (1 WebSocket client, sequential, %d measured): p50 %.3f ms, p90 %.3f ms, "
                "p99 %.3f ms, max %.3f ms, %.0f calls/s\n",
                calls, percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                latencies.empty() ? 0.0 : latencies.back(), calls / wallS);
    const auto slow = std::count_if(latencies.begin(), latencies.end(), [](double ms) { return ms > 2.0; });
    std::printf("tail: p95 %.3f ms, p99.5 %.3f ms, %lld of %d calls over 2 ms\n", percentile(latencies, 0.95),
                percentile(latencies, 0.995), static_cast<long long>(slow), calls);
    std::printf("answers: %d errors, %d with no hits, %.2f hits per call on average (all %d calls)\n", errors, empty,
                double(hitsTotal) / double(warmup + calls - errors), warmup + calls);
    if (!firstError.isEmpty())
        std::printf("first error: %s\n", qPrintable(firstError));
    std::printf("sample answer (\"%s\"):\n%s\n", qPrintable(query(warmup)), qPrintable(sampleText.left(600)));
    std::printf("target p99 <= 5 ms: %s\n", percentile(latencies, 0.99) <= 5.0 ? "met" : "NOT met");
    std::fflush(stdout);

    socket.close();
    mcp.stop();
    host.reset();
    return errors == 0 ? 0 : 1;
}
