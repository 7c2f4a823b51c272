// SPDX-License-Identifier: MIT
// The GUI thread under load: the longest event-loop stalls (p50, p99, max) while 50 MCP
// WebSocket clients call tools as fast as they can and a chat reply streams into an open tab
// with the session inspector open; then the cold start of the real app (process start to
// window shown and endpoint listening).
//
//   bench_gui [seconds=5]     (QT_QPA_PLATFORM=offscreen works; a display is not needed)
#include <chat/chattab.h>
#include <engine/enginehost.h>
#include <mainwindow.h>
#include <mcp/mcphost.h>
#include <mcp/trafficlog.h>

#include "fakeollama.h"
#include "benchhelp.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <algorithm>
#include <atomic>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Studio;

namespace {

template<typename T>
T await(QFuture<T> future)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (future.isFinished())
            loop.quit();
    });
    poll.start(1);
    if (!future.isFinished())
        loop.exec();
    return future.result();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5))];
}

/** 50 WebSocket clients on a thread of their own, each calling list_personas back to back. */
class LoadClients final : public QObject
{
public:
    std::atomic<qint64> calls = 0;

    void start(const QUrl &url, int count)
    {
        for (int i = 0; i < count; ++i) {
            auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
            auto id = std::make_shared<int>(0);
            connect(socket, &QWebSocket::connected, socket, [socket, id] {
                socket->sendTextMessage(u"{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                                        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":"
                                        "{\"name\":\"bench\",\"version\":\"1\"}}}"_s);
            });
            connect(socket, &QWebSocket::textMessageReceived, socket, [this, socket, id](const QString &) {
                ++calls;
                socket->sendTextMessage(u"{\"jsonrpc\":\"2.0\",\"id\":%1,\"method\":\"tools/call\",\"params\":"
                                        "{\"name\":\"list_personas\",\"arguments\":{}}}"_s.arg(++*id));
            });
            QWebSocketHandshakeOptions options;
            options.setSubprotocols({u"mcp"_s});
            socket->open(QNetworkRequest(url), options);
        }
    }
};

constexpr const char *kUsage = R"(bench_gui: the GUI thread under load. The longest event-loop stalls (p50, p99, max) while 50 MCP
WebSocket clients call tools as fast as they can and a chat reply streams into an open tab with
the session inspector open (fake Ollama on its own thread); then the cold start of the real app
(process start to window shown and endpoint listening). QT_QPA_PLATFORM=offscreen works; a
display is not needed. Loopback, temporary files; stops by itself.

usage: bench_gui [seconds]
  -h, --help   this text; runs nothing
  seconds      length of the loaded window (default 5, at least 1)
)";

} // namespace

int main(int argc, char *argv[])
{
    if (BenchHelp::asked(argc, argv, kUsage)) // before anything starts
        return 0;
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"persona.*.info=false\npersona.*.warning=false"_s);
    const int seconds = argc > 1 ? std::max(1, atoi(argv[1])) : 5;
    QTemporaryDir dir;

    // The fake Ollama lives on a thread of its own too: the GUI thread only draws.
    QThread ollamaThread;
    ollamaThread.start();
    FakeOllama *fake = nullptr;
    auto *ollamaHome = new QObject;
    ollamaHome->moveToThread(&ollamaThread);
    QMetaObject::invokeMethod(
        ollamaHome,
        [&fake] {
            fake = new FakeOllama;
            fake->listen();
            FakeOllama::ChatScript story;
            for (int i = 0; i < 4000; ++i)
                story.chunks.append(i % 12 == 11 ? u"word.\n\n"_s : u"word "_s);
            story.chunkDelayMs = 2;
            fake->setDefaultChatScript(story);
        },
        Qt::BlockingQueuedConnection); // setup only, before the event loops run

    Engine::Settings settings;
    settings.dbPath = dir.filePath(u"gui.sqlite"_s);
    settings.ollamaUrl = fake->url();
    settings.model = u"llama3.1:8b"_s;
    Engine::EngineHost engine(settings);
    if (!await(engine.start()))
        return 1;
    Mcp::TrafficLog traffic(20000);
    Mcp::ServerOptions options;
    options.port = 0;
    options.ratePerSecond = 1e6;
    options.rateBurst = 1000000;
    Mcp::McpHost mcp(engine.client(), options);
    mcp.useTrafficLog(&traffic);
    auto url = await(mcp.start());
    if (!url)
        return 1;

    Ui::UiContext context;
    context.engine = engine.client();
    context.traffic = &traffic;
    context.desktopSessionId = await(engine.client()->desktopSession())->id;
    context.settingsFile = dir.filePath(u"settings.ini"_s);
    Ui::MainWindow window(context);
    window.show();

    QThread loadThread;
    loadThread.start();
    auto *load = new LoadClients;
    load->moveToThread(&loadThread);
    QUrl ws = *url;
    ws.setScheme(u"ws"_s);
    QMetaObject::invokeMethod(load, [load, ws] { load->start(ws, 50); }, Qt::QueuedConnection);

    Ui::ChatTab *tab = window.openChat(u"aria"_s);
    QTimer::singleShot(300, tab, [tab] {
        tab->input()->setPlainText(u"Tell me a very long story"_s);
        tab->send();
    });

    // A 5 ms heartbeat on the GUI thread: how late each beat comes is how long the loop stalled.
    std::vector<double> stalls;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer beat;
    beat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&beat, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        stalls.push_back(std::max(0.0, double(now - last) / 1e6 - 5.0));
        last = now;
    });
    QTimer::singleShot(1000, [&] { // after warm-up
        stalls.clear();
        last = clock.nsecsElapsed();
        load->calls = 0;
        beat.start(5);
    });
    QEventLoop run;
    QTimer::singleShot(1000 + seconds * 1000, &run, &QEventLoop::quit);
    run.exec();
    beat.stop();
    const qint64 calls = load->calls.load();
    const bool streaming = tab->isReplying();
    std::printf("GUI event loop under load for %d s: 50 WebSocket clients calling list_personas, a reply streaming "
                "into a chat tab (%s), the session inspector open\n",
                seconds, streaming ? "still streaming" : "finished");
    std::printf("  MCP calls answered: %lld (%.0f/s); GUI heartbeat 5 ms, %zu beats\n", calls,
                double(calls) / seconds, stalls.size());
    std::printf("  stall beyond the beat: p50 %.2f ms  p99 %.2f ms  max %.2f ms   (target p99 <= 16 ms)\n",
                percentile(stalls, 0.5), percentile(stalls, 0.99), percentile(stalls, 1.0));
    tab->stop();
    QMetaObject::invokeMethod(load, [load] { delete load; }, Qt::BlockingQueuedConnection);
    loadThread.quit();
    loadThread.wait();
    mcp.stop();
    engine.stop();
    QMetaObject::invokeMethod(ollamaHome, [&fake, ollamaHome] {
        delete fake;
        delete ollamaHome;
    }, Qt::BlockingQueuedConnection);
    ollamaThread.quit();
    ollamaThread.wait();

    // Cold start of the real app: process start until it answers with its listening endpoint
    // (the window is created before the endpoint starts).
    std::vector<double> starts;
    for (int round = 0; round < 5; ++round) {
        QTemporaryDir startDir;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString instance = u"bench-gui-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(round);
        env.insert(u"PERSONA_STUDIO_INSTANCE"_s, instance);
        if (env.value(u"DISPLAY"_s).isEmpty())
            env.insert(u"DISPLAY"_s, u":offscreen"_s);
        if (env.value(u"QT_QPA_PLATFORM"_s).isEmpty())
            env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        QElapsedTimer started;
        started.start();
        process.start(QStringLiteral(PERSONA_STUDIO_BIN),
                      {u"--db"_s, startDir.filePath(u"db.sqlite"_s), u"--settings"_s, startDir.filePath(u"s.ini"_s),
                       u"--listen"_s, u"127.0.0.1:0"_s, u"--ollama-url"_s, u"http://127.0.0.1:9"_s});
        double ms = -1;
        while (started.elapsed() < 10000) {
            QLocalSocket socket;
            socket.connectToServer(instance);
            if (socket.waitForConnected(50)) {
                socket.write("endpoint\n");
                if (socket.waitForReadyRead(200) && socket.readLine().startsWith("http")) {
                    ms = double(started.nsecsElapsed()) / 1e6;
                    break;
                }
            }
            QThread::msleep(2);
        }
        starts.push_back(ms);
        process.terminate();
        process.waitForFinished(5000);
    }
    std::printf("cold start to window shown and endpoint listening (5 runs): p50 %.0f ms  max %.0f ms   (target <= 500 ms)\n",
                percentile(starts, 0.5), percentile(starts, 1.0));
    return 0;
}
