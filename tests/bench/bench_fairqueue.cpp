// SPDX-License-Identifier: MIT
// Fairness of the model queue: one session sends many long chats (each to its own persona, so
// they all wait at once), then many other sessions send one short chat each, against a fake
// model that writes one token every --token-ms. With llm/parallel 1 the calls queue; the figure
// is how long the short chats wait for their first token, in long replies. A first-come queue
// would put every short chat behind all of the long ones.
#include <conversation/turnchannel.h>
#include <engine/engineclient.h>
#include <engine/enginehost.h>

#include "benchhelp.h"
#include "fakeollama.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Studio;

namespace {

const char kUsage[] =
    "bench_fairqueue: how long short chats wait behind a session that sends many long ones.\n"
    "One session sends --long chats of --long-tokens tokens (each to its own persona, all at once);\n"
    "then --short other sessions send one chat of --short-tokens tokens each. The fake model writes\n"
    "a token every --token-ms ms; llm/parallel is 1. Prints the short chats' wait for their first\n"
    "token (p50, p99, max) in ms and in long replies, and the long chats' too.\n"
    "\n"
    "usage: bench_fairqueue [--long 20] [--short 20] [--long-tokens 100] [--short-tokens 3] [--token-ms 20]\n"
    "  --long N          long chats from the one busy session (default 20)\n"
    "  --short N         sessions that send one short chat each (default 20)\n"
    "  --long-tokens N   tokens of a long reply (default 100)\n"
    "  --short-tokens N  tokens of a short reply (default 3)\n"
    "  --token-ms N      the fake model's time per token (default 20)\n"
    "  --help, -h        this text\n";

void spinUntil(const std::function<bool()> &done, int limitMs)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(1);
    QTimer::singleShot(limitMs, &loop, [] { qFatal("the benchmark stalled"); });
    if (!done())
        loop.exec();
}

template<typename T>
T await(QFuture<T> future)
{
    spinUntil([&] { return future.isFinished(); }, 60000);
    return future.result();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

struct Turn
{
    Conversation::TurnChannelPtr channel;
    QElapsedTimer clock;
    double firstTokenMs = -1;
    bool done = false;
    bool ok = false;
};

int option(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    if (BenchHelp::asked(argc, argv, kUsage))
        return 0;
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"persona.*.info=false\npersona.*.warning=false"_s);
    const QStringList args = app.arguments();
    const int longCount = option(args, u"--long"_s, 20);
    const int shortCount = option(args, u"--short"_s, 20);
    const int longTokens = option(args, u"--long-tokens"_s, 100);
    const int shortTokens = option(args, u"--short-tokens"_s, 3);
    const int tokenMs = option(args, u"--token-ms"_s, 20);

    FakeOllama fake;
    if (!fake.listen())
        qFatal("the fake model cannot listen");
    FakeOllama::ChatScript script;
    script.chunkDelayMs = tokenMs;
    script.replyFor = [longTokens, shortTokens](const QJsonObject &request) {
        const QString question = request.value("messages"_L1).toArray().last().toObject().value("content"_L1).toString();
        const int tokens = question.startsWith(u"long"_s) ? longTokens : shortTokens;
        return QStringList(tokens, u"word "_s);
    };
    fake.setDefaultChatScript(script);

    QTemporaryDir dir;
    Engine::Settings settings;
    settings.dbPath = dir.filePath(u"bench.sqlite"_s);
    settings.ollamaUrl = fake.url();
    settings.model = u"llama3.1:8b"_s;
    settings.llmParallel = 1;
    settings.memoryEmbedder = u"builtin"_s;
    settings.memoryRecallK = 0;
    Engine::EngineHost host(settings);
    if (auto started = await(host.start()); !started)
        qFatal("the engine did not start: %s", qPrintable(started.error().message));
    Engine::EngineClient *engine = host.client();

    auto openSession = [engine](const QString &name) {
        auto session = await(engine->openSession(Conversation::SessionOpen{u"mcp"_s, u"bench"_s, name, u"1"_s}));
        if (!session)
            qFatal("cannot open a session: %s", qPrintable(session.error().message));
        return session->id;
    };
    // A session cannot have two turns in one conversation at once: the busy one talks to many personas.
    QStringList personas;
    for (int i = 0; i < longCount; ++i) {
        auto persona = await(engine->createPersona(QJsonObject{{u"name"_s, u"Bard %1"_s.arg(i)}}));
        if (!persona)
            qFatal("cannot create a persona: %s", qPrintable(persona.error().message));
        personas.append(persona->id);
    }

    std::vector<std::unique_ptr<Turn>> longTurns;
    std::vector<std::unique_ptr<Turn>> shortTurns;
    auto send = [engine](const QString &session, const QString &persona, const QString &message) {
        auto turn = std::make_unique<Turn>();
        turn->channel = Conversation::TurnChannel::create();
        Turn *raw = turn.get();
        QObject::connect(turn->channel.get(), &Conversation::TurnChannel::delta, turn->channel.get(), [raw] {
            if (raw->firstTokenMs < 0)
                raw->firstTokenMs = double(raw->clock.nsecsElapsed()) / 1e6;
        });
        QObject::connect(turn->channel.get(), &Conversation::TurnChannel::finished, turn->channel.get(),
                         [raw](const Conversation::TurnResult &result) {
                             raw->done = true;
                             raw->ok = bool(result);
                             if (!result)
                                 std::fprintf(stderr, "a chat failed: %s\n", qPrintable(result.error().message));
                         });
        Conversation::TurnRequest request;
        request.sessionId = session;
        request.persona = persona;
        request.message = message;
        turn->clock.start();
        engine->chat(request, turn->channel);
        return turn;
    };

    const QString busy = openSession(u"busy"_s);
    QStringList others;
    for (int i = 0; i < shortCount; ++i)
        others.append(openSession(u"client %1"_s.arg(i)));

    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < longCount; ++i)
        longTurns.push_back(send(busy, personas.at(i), u"long question %1"_s.arg(i)));
    // The short ones come once the long ones wait and the first of them is being answered.
    spinUntil([&] { return longTurns.front()->firstTokenMs >= 0; }, 60000);
    for (int i = 0; i < shortCount; ++i)
        shortTurns.push_back(send(others.at(i), u"aria"_s, u"short question"_s));

    const int limitMs = 60000 + (longCount * longTokens + shortCount * shortTokens) * tokenMs * 3;
    auto allDone = [](const std::vector<std::unique_ptr<Turn>> &turns) {
        return std::all_of(turns.begin(), turns.end(), [](const auto &turn) { return turn->done; });
    };
    spinUntil([&] { return allDone(longTurns) && allDone(shortTurns); }, limitMs);

    auto waits = [](const std::vector<std::unique_ptr<Turn>> &turns) {
        std::vector<double> values;
        for (const auto &turn : turns) {
            if (turn->ok && turn->firstTokenMs >= 0)
                values.push_back(turn->firstTokenMs);
        }
        return values;
    };
    const double longReplyMs = double(longTokens * tokenMs);
    const std::vector<double> shortWaits = waits(shortTurns);
    const std::vector<double> longWaits = waits(longTurns);
    std::printf("bench_fairqueue: %d long chats (%d tokens) from one session, %d short chats (%d tokens) from %d "
                "sessions, %d ms per token, llm/parallel 1; a long reply takes %.0f ms\n",
                longCount, longTokens, shortCount, shortTokens, shortCount, tokenMs, longReplyMs);
    std::printf("%-12s %5s %10s %10s %10s %14s\n", "chats", "ok", "p50 ms", "p99 ms", "max ms", "p99 in long");
    std::printf("%-12s %5zu %10.0f %10.0f %10.0f %14.2f\n", "short", shortWaits.size(), percentile(shortWaits, 0.5),
                percentile(shortWaits, 0.99), percentile(shortWaits, 1.0), percentile(shortWaits, 0.99) / longReplyMs);
    std::printf("%-12s %5zu %10.0f %10.0f %10.0f %14.2f\n", "long", longWaits.size(), percentile(longWaits, 0.5),
                percentile(longWaits, 0.99), percentile(longWaits, 1.0), percentile(longWaits, 0.99) / longReplyMs);
    std::printf("wall time %.1f s; target: the short chats' p99 wait <= 2 long replies (%.0f ms): %s\n",
                double(wall.elapsed()) / 1000.0, 2 * longReplyMs,
                percentile(shortWaits, 0.99) <= 2 * longReplyMs ? "met" : "missed");
    host.stop();
    return shortWaits.size() == size_t(shortCount) && longWaits.size() == size_t(longCount) ? 0 : 1;
}
