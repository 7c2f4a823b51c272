// SPDX-License-Identifier: MIT
// Load on the MCP endpoint of the real app: persona-studio runs headless in its own process,
// against an instant fake Ollama in this one; the clients live on this process's main thread,
// event-driven and non-blocking.
//
//  - WebSocket clients (QWebSocket, subprotocol "mcp") and Streamable HTTP keep-alive clients
//    (a raw QTcpSocket each, one persistent connection, a minimal incremental HTTP/1.1 reader).
//    Every client initializes its own session, then calls sequentially: send tools/call, wait
//    for its response, record the latency, send the next. list_personas and chat ("hi") at
//    1 / 50 / 500 clients: calls/s, p50 / p90 / p99 / max latency, errors.
//  - Idle capacity: 1k / 5k / 10k WebSocket clients, connected and initialized, then idle; the
//    server's VmRSS before and after, KiB per connection, and a short 50-client probe of
//    list_personas with those idle connections open.
//  - With each run, the CPU the server's threads, this process and the rest of the machine used
//    (/proc), and the CPU per answered call: on a shared 2-core machine the calls/s move with
//    what else runs, the CPU per call much less.
//
// With --url it loads any MCP endpoint instead (ws:// or wss:// WebSocket, http:// Streamable
// HTTP, either application/json or text/event-stream answers) and starts nothing: e.g. the
// official MCP TypeScript SDK's server (tests/bench/sdk-echo-server.mjs) against the app.
//
// Everything is loopback, bounded in count and time, and stops by itself. Not a CTest test (only
// its --help is: bench-help). `bench_mcpload --help` lists the options (kUsage below):
//
//   bench_mcpload [--quick] [--clients <a,b,...>] [--duration <s>] [--warmup <s>]
//                 [--server-no-glib] [--keep] [--run <what>]... [--idle-rounds <n>] [--idle-levels <list>]
//   bench_mcpload --url <ws://...|wss://...|http://...> [--tool <name>] [--arguments <json>]
//                 [--clients <a,b,...>] [--duration <s>] [--warmup <s>] [--quick]
#include "benchhelp.h"
#include "fakeollama.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMap>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QElapsedTimer g_clock;
FakeOllama *g_fake = nullptr;

qint64 nowNs()
{
    return g_clock.nsecsElapsed();
}

// --- waiting in the event loop -------------------------------------------------------------------

// QTest::qWaitFor sleeps 10 ms between polls and a 0 ms poll timer keeps a core busy (this machine
// has two, shared with the server): run a real event loop, look at the condition every 5 ms.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
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

void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// --- small helpers -------------------------------------------------------------------------------

double percentile(std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const size_t index = std::min(sorted.size() - 1, size_t(p * double(sorted.size() - 1) + 0.5));
    return sorted[index];
}

long vmRssKiB(qint64 pid)
{
    QFile status(pid ? u"/proc/%1/status"_s.arg(pid) : u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

QString oneLine(QByteArrayView text, qsizetype max = 160)
{
    QString line = QString::fromUtf8(text.first(std::min(text.size(), max)));
    line.replace(u'\n', u' ');
    line.replace(u'\r', u' ');
    return line;
}

/** CPU time of this process and of each thread of the server, for the share each used. */
struct CpuSample
{
    qint64 atNs = 0;
    double benchSeconds = 0;
    double machineBusySeconds = 0; // all processes, all cores (/proc/stat)
    QHash<int, QPair<QString, double>> serverThreads; // tid -> (name, seconds)
};

CpuSample sampleCpu(qint64 serverPid)
{
    CpuSample sample;
    sample.atNs = nowNs();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    sample.benchSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                          + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    const double tick = double(sysconf(_SC_CLK_TCK));
    QFile machine(u"/proc/stat"_s);
    if (machine.open(QIODevice::ReadOnly)) {
        // "cpu  user nice system idle iowait irq softirq steal ...": busy = all but idle and iowait.
        const QList<QByteArray> fields = machine.readLine().simplified().split(' ');
        for (qsizetype i = 1; i < fields.size() && i <= 8; ++i) {
            if (i != 4 && i != 5)
                sample.machineBusySeconds += double(fields[i].toLongLong()) / tick;
        }
    }
    const QString taskDir = u"/proc/%1/task"_s.arg(serverPid);
    for (const QString &tid : QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(taskDir + u'/' + tid + u"/stat"_s);
        QFile comm(taskDir + u'/' + tid + u"/comm"_s);
        if (!stat.open(QIODevice::ReadOnly) || !comm.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const qsizetype paren = text.lastIndexOf(')');
        if (paren < 0)
            continue;
        // After "(comm) ": state is field 3, utime 14, stime 15.
        const QList<QByteArray> fields = text.mid(paren + 2).split(' ');
        if (fields.size() < 13)
            continue;
        const double seconds = double(fields[11].toLongLong() + fields[12].toLongLong()) / tick;
        sample.serverThreads.insert(tid.toInt(), {QString::fromUtf8(comm.readAll().trimmed()), seconds});
    }
    return sample;
}

/** Server CPU seconds between two samples: all threads, and the busiest one. */
QPair<double, double> serverSeconds(const CpuSample &a, const CpuSample &b)
{
    double total = 0;
    double busiest = 0;
    for (auto it = b.serverThreads.cbegin(); it != b.serverThreads.cend(); ++it) {
        const double used = it.value().second - a.serverThreads.value(it.key()).second;
        total += used;
        busiest = qMax(busiest, used);
    }
    return {total, busiest};
}

/** "server 180% (mcp 98%, engine 61%, ...) bench 95% ..." between two samples. */
QString cpuShare(const CpuSample &a, const CpuSample &b)
{
    const double wall = double(b.atNs - a.atNs) / 1e9;
    if (wall <= 0)
        return {};
    QMap<QString, double> byName;
    double total = 0;
    for (auto it = b.serverThreads.cbegin(); it != b.serverThreads.cend(); ++it) {
        const double before = a.serverThreads.value(it.key()).second;
        const double used = it.value().second - before;
        byName[it.value().first] += used;
        total += used;
    }
    QList<QPair<double, QString>> threads;
    for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
        if (it.value() / wall >= 0.03)
            threads.append({it.value(), it.key()});
    }
    std::sort(threads.begin(), threads.end(), [](const auto &x, const auto &y) { return x.first > y.first; });
    QStringList parts;
    for (const auto &thread : threads)
        parts.append(u"%1 %2%"_s.arg(thread.second, QString::number(qRound(100 * thread.first / wall))));
    const double bench = b.benchSeconds - a.benchSeconds;
    const double others = qMax(0.0, (b.machineBusySeconds - a.machineBusySeconds) - total - bench);
    if (b.serverThreads.isEmpty()) // --url and the listening process not found
        return u"server not seen, bench %1% other processes (the server among them) %2% (of %3%)"_s.arg(
            QString::number(qRound(100 * bench / wall)), QString::number(qRound(100 * others / wall)),
            QString::number(100 * sysconf(_SC_NPROCESSORS_ONLN)));
    return u"server %1% (%2) bench %3% other processes %4% (of %5%)"_s.arg(
        QString::number(qRound(100 * total / wall)), parts.join(u", "_s), QString::number(qRound(100 * bench / wall)),
        QString::number(qRound(100 * others / wall)), QString::number(100 * sysconf(_SC_NPROCESSORS_ONLN)));
}

// --- JSON-RPC: a scan instead of a parse ---------------------------------------------------------

/** The top-level shape of a compact JSON-RPC message: a parse of every response would cost the
 *  load generator more than the server spends on it. */
struct Scan
{
    bool hasId = false;
    qint64 id = -1;
    bool result = false;
    bool error = false;
    bool method = false;
    bool toolError = false; // result.isError is true
};

Scan scanMessage(std::string_view json)
{
    Scan scan;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    bool expectKey = false;
    size_t keyStart = std::string_view::npos;
    std::string_view lastKey;
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
                if (keyStart != std::string_view::npos) {
                    lastKey = json.substr(keyStart, i - keyStart);
                    scan.result |= lastKey == "result";
                    scan.error |= lastKey == "error";
                    scan.method |= lastKey == "method";
                    keyStart = std::string_view::npos;
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            if (depth == 1 && expectKey) {
                keyStart = i + 1;
                expectKey = false;
            }
            break;
        case ':':
            if (depth == 1 && lastKey == "id") {
                size_t j = i + 1;
                while (j < json.size() && json[j] == ' ')
                    ++j;
                qint64 value = 0;
                bool digits = false;
                while (j < json.size() && json[j] >= '0' && json[j] <= '9') {
                    value = value * 10 + (json[j] - '0');
                    digits = true;
                    ++j;
                }
                if (digits) {
                    scan.hasId = true;
                    scan.id = value;
                }
            }
            lastKey = {};
            break;
        case '{':
            ++depth;
            expectKey = depth == 1;
            break;
        case '[':
            ++depth;
            break;
        case '}':
        case ']':
            --depth;
            break;
        case ',':
            expectKey = depth == 1;
            break;
        default:
            break;
        }
    }
    // CallToolResult.isError: tool failures are results, not JSON-RPC errors.
    if (scan.result) {
        const size_t at = json.find("\"isError\":");
        scan.toolError = at != std::string_view::npos && json.substr(at + 10, 4) == "true";
    }
    return scan;
}

std::string_view view(const QByteArray &bytes)
{
    return std::string_view(bytes.constData(), size_t(bytes.size()));
}

/** What went wrong, in words, from a response that is an error (parsed: errors are rare). */
QString errorText(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    if (object.contains("error"_L1)) {
        const QJsonObject error = object.value("error"_L1).toObject();
        return u"JSON-RPC %1: %2"_s.arg(error.value("code"_L1).toInteger()).arg(error.value("message"_L1).toString());
    }
    const QJsonArray content = object.value("result"_L1).toObject().value("content"_L1).toArray();
    if (!content.isEmpty())
        return u"tool error: "_s + content.first().toObject().value("text"_L1).toString().left(200);
    return oneLine(json);
}

const QByteArray kInitialize = R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench_mcpload","version":"1"}}})"_ba;
const QByteArray kInitialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})"_ba;

/** The tools/call every client sends: a name and its arguments (a compact JSON object). */
struct Tool
{
    QString name;
    QByteArray callSuffix; // what follows the id in the request

    static Tool make(const QString &name, const QJsonObject &arguments = {})
    {
        const QByteArray params = QJsonDocument(QJsonObject{{u"name"_s, name}, {u"arguments"_s, arguments}})
                                      .toJson(QJsonDocument::Compact);
        return {name, R"(,"method":"tools/call","params":)"_ba + params + '}'};
    }
    static Tool listPersonas() { return make(u"list_personas"_s); }
    static Tool chat() { return make(u"chat"_s, QJsonObject{{u"message"_s, u"hi"_s}}); }
    bool isChat() const { return name == u"chat"_s; }
};

QByteArray toolCall(const Tool &tool, qint64 id)
{
    QByteArray body = R"({"jsonrpc":"2.0","id":)"_ba;
    body += QByteArray::number(id);
    body += tool.callSuffix;
    return body;
}

// --- the load and its clients --------------------------------------------------------------------

class Client;

/** Counts of one stretch of time (warm-up or the measured window). */
struct Counters
{
    qint64 ok = 0;
    qint64 rpcErrors = 0;
    qint64 toolErrors = 0;
    qint64 transportErrors = 0;
};

/** One run: which tool, whether calls are being sent and recorded, and what came back. */
class Load
{
public:
    explicit Load(Tool tool) : m_tool(std::move(tool)) {}

    const Tool &tool() const { return m_tool; }
    bool issuing = false;   // a client that gets its answer sends the next call
    bool recording = false; // answers count in `measured` (else in `warmup`)
    int inFlight = 0;
    int opening = 0;
    int ready = 0;
    int failedToOpen = 0;
    int lost = 0; // clients that failed after being ready
    std::vector<double> latenciesMs;
    qsizetype responseBytes = 0; // of the last successful response (its JSON-RPC message)
    Counters warmup;
    Counters measured;
    QStringList samples; // a few error texts, distinct

    Counters &counters() { return recording ? measured : warmup; }

    void sample(const QString &text)
    {
        if (samples.size() < 4 && !samples.contains(text))
            samples.append(text);
    }

    void callSent() { ++inFlight; }
    void callAnswered(Client *client, const Scan &scan, const QByteArray &message, qint64 latencyNs);
    void callFailed(const QString &why)
    {
        --inFlight;
        ++counters().transportErrors;
        sample(why);
    }
    void opened()
    {
        --opening;
        ++ready;
    }
    void openFailed(const QString &why)
    {
        --opening;
        ++failedToOpen;
        sample(why);
    }

private:
    Tool m_tool;
};

class Client
{
public:
    enum class State { New, Opening, Ready, Calling, Failed, Closed };

    explicit Client(Load *load) : m_load(load) {}
    virtual ~Client() = default;

    State state() const { return m_state; }
    void setLoad(Load *load) { m_load = load; }

    /** Connects and initializes; ends in Ready (load->opened) or Failed (load->openFailed). */
    virtual void open() = 0;
    /** Sends one tools/call with a fresh id; the answer goes to load->callAnswered. */
    void call()
    {
        if (m_state != State::Ready)
            return;
        m_state = State::Calling;
        m_waiting = m_nextId++;
        m_load->callSent();
        m_sentNs = nowNs();
        sendCall(toolCall(m_load->tool(), m_waiting));
    }
    virtual void closeNow() = 0;
    /** For a call that is not answered: what this client has seen of it. */
    virtual QString stuck() const
    {
        return u"id %1 sent %2 ms ago"_s.arg(m_waiting).arg((nowNs() - m_sentNs) / 1000000);
    }

protected:
    virtual void sendCall(const QByteArray &body) = 0;

    void fail(const QString &why)
    {
        const State was = std::exchange(m_state, State::Failed);
        if (was == State::Opening)
            m_load->openFailed(why);
        else if (was == State::Calling) {
            ++m_load->lost;
            m_load->callFailed(why);
        } else if (was == State::Ready && m_load->issuing) {
            // (Once the load has stopped, an idle keep-alive connection may be closed: not a loss.)
            ++m_load->lost;
            m_load->sample(why);
        }
    }
    void opened()
    {
        m_state = State::Ready;
        m_load->opened();
    }
    /** A message for the call in flight, if it is its response. */
    void answer(const Scan &scan, const QByteArray &message)
    {
        if (m_state != State::Calling || !scan.hasId || scan.id != m_waiting || !(scan.result || scan.error))
            return; // notifications (log messages) and anything else
        const qint64 latency = nowNs() - m_sentNs;
        m_state = State::Ready;
        m_load->callAnswered(this, scan, message, latency);
    }

    Load *m_load;
    State m_state = State::New;
    qint64 m_nextId = 1;
    qint64 m_waiting = -1;
    qint64 m_sentNs = 0;
};

void Load::callAnswered(Client *client, const Scan &scan, const QByteArray &message, qint64 latencyNs)
{
    --inFlight;
    Counters &count = counters();
    if (scan.result && !scan.toolError) {
        ++count.ok;
        responseBytes = message.size();
        if (recording)
            latenciesMs.push_back(double(latencyNs) / 1e6);
    } else {
        ++(scan.error ? count.rpcErrors : count.toolErrors);
        if (samples.size() < 4 && !message.isEmpty())
            sample(errorText(message));
    }
    if (issuing)
        client->call();
}

/** A WebSocket client: QWebSocket with the "mcp" subprotocol. */
class WsClient final : public Client
{
public:
    WsClient(Load *load, const QUrl &url) : Client(load), m_url(url)
    {
        QObject::connect(&m_socket, &QWebSocket::connected, &m_socket, [this] {
            if (m_socket.subprotocol() != u"mcp"_s)
                return fail(u"the server did not select the subprotocol mcp"_s);
            m_socket.sendTextMessage(QString::fromUtf8(kInitialize));
        });
        QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString &text) {
            const QByteArray message = text.toUtf8();
            const Scan scan = scanMessage(view(message));
            if (m_state == State::Opening) {
                if (!scan.hasId || scan.id != 0)
                    return;
                if (!scan.result)
                    return fail(u"initialize failed: "_s + errorText(message));
                m_socket.sendTextMessage(QString::fromUtf8(kInitialized));
                return opened();
            }
            answer(scan, message);
        });
        QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket, [this] {
            if (m_state != State::Closed && m_state != State::Failed)
                fail(u"WebSocket closed by the server: code %1 %2 %3"_s.arg(int(m_socket.closeCode()))
                         .arg(m_socket.closeReason(), m_socket.errorString()));
        });
        QObject::connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), &m_socket,
                         [this](QAbstractSocket::SocketError) {
                             if (m_state != State::Closed && m_state != State::Failed
                                 && m_socket.state() == QAbstractSocket::UnconnectedState)
                                 fail(u"WebSocket error: "_s + m_socket.errorString());
                         });
    }

    void open() override
    {
        m_state = State::Opening;
        ++m_load->opening;
        QWebSocketHandshakeOptions options;
        options.setSubprotocols({u"mcp"_s});
        m_socket.open(QNetworkRequest(m_url), options);
    }

    void closeNow() override
    {
        m_state = State::Closed;
        m_socket.abort();
    }

protected:
    void sendCall(const QByteArray &body) override { m_socket.sendTextMessage(QString::fromUtf8(body)); }

private:
    QUrl m_url;
    QWebSocket m_socket;
};

/** One HTTP/1.1 response read incrementally: status, the few headers we need, and the body by
 *  Content-Length or chunked transfer coding (SSE responses are chunked). */
class ReplyReader
{
public:
    struct Reply
    {
        int status = 0;
        QByteArray contentType;
        QByteArray sessionId;
        bool close = false;
        QByteArray body;
    };
    enum class Step { NeedMore, Done, Bad };

    void append(const QByteArray &bytes) { m_buffer += bytes; }
    qsizetype buffered() const { return m_buffer.size(); }
    QString error() const { return m_error; }

    Step next(Reply *out)
    {
        if (!m_inBody) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n", m_pos);
            if (end < 0)
                return m_buffer.size() - m_pos > 64 * 1024 ? bad(u"response head over 64 KiB"_s) : Step::NeedMore;
            const QList<QByteArray> lines = m_buffer.sliced(m_pos, end - m_pos).split('\n');
            m_pos = end + 4;
            const QByteArray statusLine = lines.value(0).trimmed();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12)
                return bad(u"bad status line: "_s + oneLine(statusLine));
            m_reply = Reply{};
            m_reply.status = statusLine.mid(9, 3).toInt();
            m_length = -1;
            m_chunked = false;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray &line = lines[i];
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length")
                    m_length = value.toLongLong();
                else if (name == "transfer-encoding")
                    m_chunked = value.toLower().contains("chunked");
                else if (name == "content-type")
                    m_reply.contentType = value.toLower();
                else if (name == "mcp-session-id")
                    m_reply.sessionId = value;
                else if (name == "connection")
                    m_reply.close = value.toLower().contains("close");
            }
            if (m_reply.status >= 100 && m_reply.status < 200)
                return next(out); // 100 Continue: the real response follows
            if (!m_chunked && m_length < 0) {
                if (m_reply.status == 204 || m_reply.status == 304)
                    m_length = 0;
                else
                    return bad(u"response without Content-Length or chunked coding (status %1)"_s.arg(m_reply.status));
            }
            m_inBody = true;
        }
        if (m_chunked) {
            for (;;) {
                const qsizetype lineEnd = m_buffer.indexOf("\r\n", m_pos);
                if (lineEnd < 0)
                    return Step::NeedMore;
                QByteArray sizeText = m_buffer.sliced(m_pos, lineEnd - m_pos);
                if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
                    sizeText.truncate(semicolon);
                bool ok = false;
                const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
                if (!ok || size < 0)
                    return bad(u"bad chunk size: "_s + oneLine(sizeText));
                if (size == 0) {
                    // The last chunk, then trailers (none expected) and an empty line.
                    if (m_buffer.size() < lineEnd + 4)
                        return Step::NeedMore;
                    if (m_buffer.sliced(lineEnd + 2, 2) == "\r\n") {
                        m_pos = lineEnd + 4;
                    } else {
                        const qsizetype trailersEnd = m_buffer.indexOf("\r\n\r\n", lineEnd);
                        if (trailersEnd < 0)
                            return Step::NeedMore;
                        m_pos = trailersEnd + 4;
                    }
                    return done(out);
                }
                if (m_buffer.size() < lineEnd + 2 + size + 2)
                    return Step::NeedMore;
                m_reply.body += m_buffer.sliced(lineEnd + 2, size);
                if (m_buffer.sliced(lineEnd + 2 + size, 2) != "\r\n")
                    return bad(u"chunk not followed by CRLF"_s);
                m_pos = lineEnd + 2 + size + 2;
            }
        }
        if (m_buffer.size() - m_pos < m_length)
            return Step::NeedMore;
        m_reply.body = m_buffer.sliced(m_pos, m_length);
        m_pos += m_length;
        return done(out);
    }

private:
    Step done(Reply *out)
    {
        *out = std::move(m_reply);
        m_reply = Reply{};
        m_inBody = false;
        m_buffer.remove(0, m_pos);
        m_pos = 0;
        return Step::Done;
    }
    Step bad(const QString &why)
    {
        m_error = why;
        return Step::Bad;
    }

    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_inBody = false;
    bool m_chunked = false;
    qint64 m_length = -1;
    Reply m_reply;
    QString m_error;
};

/** The JSON-RPC messages of a response body: the body itself (application/json), or the data
 *  of each SSE event (text/event-stream: an event's data lines joined by newlines, events end
 *  at an empty line; comments, event names and ids are skipped). */
QList<QByteArray> messagesOf(const ReplyReader::Reply &reply)
{
    if (!reply.contentType.startsWith("text/event-stream"))
        return {reply.body};
    QList<QByteArray> messages;
    QByteArray data;
    bool hasData = false;
    auto dispatch = [&] {
        if (hasData)
            messages.append(data);
        data.clear();
        hasData = false;
    };
    QByteArray body = reply.body;
    body.replace("\r\n", "\n");
    body.replace('\r', '\n');
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("data:")) {
            if (hasData)
                data += '\n';
            data += line.mid(line.startsWith("data: ") ? 6 : 5);
            hasData = true;
        }
    }
    dispatch(); // a last event without its empty line
    return messages;
}

/** Where a Streamable HTTP client connects and what it puts in its requests. */
struct HttpTarget
{
    QString host;          // to connect to
    quint16 port = 0;
    QByteArray path;       // "/mcp"
    QByteArray hostHeader; // "127.0.0.1:8000"

    static HttpTarget of(const QUrl &url)
    {
        HttpTarget target;
        target.host = url.host();
        target.port = quint16(url.port(80));
        target.path = url.path(QUrl::FullyEncoded).toLatin1();
        if (target.path.isEmpty())
            target.path = "/";
        if (url.hasQuery())
            target.path += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        target.hostHeader = url.authority(QUrl::FullyEncoded).toLatin1();
        if (url.port() < 0)
            target.hostHeader += ":80";
        return target;
    }
};

/** The protocolVersion an initialize result names (empty when none). */
QByteArray negotiatedVersion(const QByteArray &initializeResponse)
{
    return QJsonDocument::fromJson(initializeResponse)
        .object()
        .value("result"_L1)
        .toObject()
        .value("protocolVersion"_L1)
        .toString()
        .toLatin1();
}

/** A Streamable HTTP client on one keep-alive connection (a raw QTcpSocket). */
class HttpClient final : public Client
{
public:
    HttpClient(Load *load, HttpTarget target) : Client(load), m_target(std::move(target))
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this] {
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
            post(kInitialize, false);
        });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { read(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
            if (m_state != State::Closed && m_state != State::Failed)
                fail(u"HTTP connection closed by the server"_s);
        });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &m_socket, [this](QAbstractSocket::SocketError) {
            if (m_state != State::Closed && m_state != State::Failed
                && m_socket.state() == QAbstractSocket::UnconnectedState)
                fail(u"HTTP socket error: "_s + m_socket.errorString());
        });
    }

    void open() override
    {
        m_state = State::Opening;
        ++m_load->opening;
        m_socket.connectToHost(m_target.host, m_target.port);
    }

    void closeNow() override
    {
        m_state = State::Closed;
        m_socket.abort();
    }
    QString stuck() const override
    {
        return Client::stuck() + u" on session %1, %2 bytes of a response buffered, socket state %3"_s.arg(
                   QString::fromLatin1(m_sessionId), QString::number(m_reader.buffered()),
                   QString::number(int(m_socket.state())));
    }

protected:
    void sendCall(const QByteArray &body) override { post(body, true); }

private:
    void post(const QByteArray &body, bool inSession)
    {
        QByteArray request;
        request.reserve(320 + body.size());
        request += "POST "_ba;
        request += m_target.path;
        request += " HTTP/1.1\r\nHost: "_ba;
        request += m_target.hostHeader;
        request += "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"_ba;
        if (inSession) {
            if (!m_sessionId.isEmpty()) { // a stateless server assigns none
                request += "Mcp-Session-Id: "_ba;
                request += m_sessionId;
                request += "\r\n"_ba;
            }
            request += "MCP-Protocol-Version: "_ba;
            request += m_protocolVersion;
            request += "\r\n"_ba;
        }
        request += "Content-Length: "_ba;
        request += QByteArray::number(body.size());
        request += "\r\n\r\n"_ba;
        request += body;
        m_socket.write(request);
    }

    void read()
    {
        m_reader.append(m_socket.readAll());
        for (;;) {
            ReplyReader::Reply reply;
            const ReplyReader::Step step = m_reader.next(&reply);
            if (step == ReplyReader::Step::NeedMore)
                return;
            if (step == ReplyReader::Step::Bad) {
                fail(m_reader.error());
                m_socket.abort();
                return;
            }
            handle(reply);
            if (reply.close && m_state != State::Failed) {
                fail(u"the server ended the keep-alive connection (Connection: close, status %1)"_s.arg(reply.status));
                m_socket.abort();
                return;
            }
        }
    }

    void handle(const ReplyReader::Reply &reply)
    {
        switch (m_step) {
        case Step::Initialize: {
            if (reply.status != 200)
                return fail(u"initialize: HTTP %1 %2"_s.arg(reply.status).arg(oneLine(reply.body)));
            for (const QByteArray &message : messagesOf(reply)) {
                const Scan scan = scanMessage(view(message));
                if (scan.hasId && scan.id == 0 && scan.result) {
                    m_sessionId = reply.sessionId;
                    m_protocolVersion = negotiatedVersion(message);
                    if (m_protocolVersion.isEmpty())
                        return fail(u"initialize: no protocolVersion in "_s + oneLine(message));
                    m_step = Step::Initialized;
                    return post(kInitialized, true);
                }
            }
            return fail(u"initialize: no result in %1"_s.arg(oneLine(reply.body)));
        }
        case Step::Initialized:
            if (reply.status / 100 != 2) // 202 Accepted by the specification
                return fail(u"notifications/initialized: HTTP %1 %2"_s.arg(reply.status).arg(oneLine(reply.body)));
            m_step = Step::Calls;
            return opened();
        case Step::Calls:
            if (m_state != State::Calling)
                return;
            if (reply.status != 200) {
                // Answered, but not with JSON-RPC: counts as an error of the call.
                Scan scan;
                scan.hasId = true;
                scan.id = m_waiting;
                scan.error = true;
                m_load->sample(u"HTTP %1: %2"_s.arg(reply.status).arg(oneLine(reply.body)));
                return answer(scan, QByteArray());
            }
            for (const QByteArray &message : messagesOf(reply)) {
                const Scan scan = scanMessage(view(message));
                if (scan.hasId && scan.id == m_waiting && (scan.result || scan.error))
                    return answer(scan, message);
            }
            return fail(u"HTTP 200 without the response: "_s + oneLine(reply.body));
        }
    }

    enum class Step { Initialize, Initialized, Calls };

    HttpTarget m_target;
    ReplyReader m_reader;
    QByteArray m_sessionId;
    QByteArray m_protocolVersion;
    Step m_step = Step::Initialize;
    QTcpSocket m_socket; // last: destroyed first, before what its handlers use
};

// --- the server under test -----------------------------------------------------------------------

/** The process listening on this local TCP port (/proc/net/tcp{,6} and /proc/<pid>/fd), or 0 when
 *  it cannot be seen (another user's process, or none). For --url on a loopback address. */
qint64 listenerPid(quint16 port)
{
    QSet<QByteArray> inodes;
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        file.readLine(); // the column names
        // "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ..."
        for (QByteArray line = file.readLine(); !line.isEmpty(); line = file.readLine()) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() < 10 || fields[3] != "0A") // 0A: LISTEN
                continue;
            const QByteArray local = fields[1];
            bool ok = false;
            if (local.mid(local.lastIndexOf(':') + 1).toUInt(&ok, 16) == port && ok)
                inodes.insert("socket:[" + fields[9] + ']');
        }
    }
    if (inodes.isEmpty())
        return 0;
    const QStringList pids = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        if (!pid.front().isDigit())
            continue;
        const QString fdDir = u"/proc/"_s + pid + u"/fd"_s;
        for (const QString &fd : QDir(fdDir).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
            char target[64];
            const ssize_t length = readlink(QFile::encodeName(fdDir + u'/' + fd).constData(), target, sizeof target);
            if (length > 0 && inodes.contains(QByteArray(target, qsizetype(length))))
                return pid.toLongLong();
        }
    }
    return 0;
}

class Server
{
public:
    bool start(const QStringList &arguments, bool noGlib, const QString &logPath)
    {
        m_logPath = logPath;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"QT_NO_GLIB"_s); // the bench's own setting must not leak into the server
        if (noGlib)
            environment.insert(u"QT_NO_GLIB"_s, u"1"_s);
        m_process.setProcessEnvironment(environment);
        // A file, not a pipe: a busy bench must never hold the server up on a full pipe.
        m_process.setStandardErrorFile(logPath);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(QStringLiteral(PERSONA_STUDIO_BIN), arguments);
        static const QRegularExpression endpoint(u"(http://127\\.0\\.0\\.1:(\\d+)/mcp)"_s);
        QRegularExpressionMatch match;
        waitUntil([&] {
            match = endpoint.match(QString::fromUtf8(readLog(false)));
            return match.hasMatch() || m_process.state() == QProcess::NotRunning;
        }, 20000);
        if (!match.hasMatch()) {
            std::printf("the server did not report its endpoint; its log:\n%s\n", readLog(false).constData());
            return false;
        }
        m_url = QUrl(match.captured(1));
        m_port = quint16(match.captured(2).toUInt());
        return true;
    }

    /** An endpoint this bench did not start (--url): nothing to stop and no log to read; `pid`
     *  (0: unknown) is whose CPU time is reported as the server's. */
    void attach(const QUrl &url, qint64 pid)
    {
        m_external = true;
        m_url = url;
        m_port = quint16(url.port());
        m_externalPid = pid;
    }
    bool external() const { return m_external; }

    bool running() const { return m_external || m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_external ? m_externalPid : m_process.processId(); }
    QUrl httpUrl() const { return m_url; }
    QUrl wsUrl() const
    {
        QUrl url = m_url;
        if (!m_external)
            url.setScheme(u"ws"_s);
        return url;
    }
    quint16 port() const { return m_port; }

    /** The log; with `fresh`, only what was written since the last call with `fresh`. */
    QByteArray readLog(bool fresh)
    {
        QFile file(m_logPath);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        if (!fresh)
            return file.readAll();
        file.seek(m_logOffset);
        const QByteArray text = file.readAll();
        m_logOffset += text.size();
        return text;
    }

    /** Warnings and worse logged since the last call; a few distinct ones are kept. */
    int newWarnings()
    {
        int count = 0;
        for (const QByteArray &line : readLog(true).split('\n')) {
            if (line.contains(" warning: ") || line.contains(" critical: ") || line.contains(" fatal: ")) {
                ++count;
                // Drop the time stamp, keep the category and message.
                const QString text = oneLine(line.mid(line.indexOf(' ') + 1), 220);
                QString shape = text;
                static const QRegularExpression numbers(u"[0-9a-f]{8}-[0-9a-f-]{27}|\\d+"_s);
                shape.replace(numbers, u"#"_s);
                if (!m_warningShapes.contains(shape) && m_warningShapes.size() < 12) {
                    m_warningShapes.insert(shape);
                    m_warningSamples.append(text);
                }
            }
        }
        m_totalWarnings += count;
        return count;
    }
    QStringList warningSamples() const { return m_warningSamples; }
    int totalWarnings() const { return m_totalWarnings; }

    QString stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return u"had already exited: %1, code %2"_s
                .arg(m_process.exitStatus() == QProcess::NormalExit ? u"normal exit"_s : u"crashed"_s)
                .arg(m_process.exitCode());
        QElapsedTimer timer;
        timer.start();
        m_process.terminate();
        // The fake Ollama lives on this thread: keep its event loop running while the app stops.
        if (!waitUntil([&] { return m_process.state() == QProcess::NotRunning; }, 15000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return u"did not stop within 15 s of SIGTERM; killed"_s;
        }
        return u"stopped on SIGTERM in %1 ms: %2, code %3"_s.arg(timer.elapsed())
            .arg(m_process.exitStatus() == QProcess::NormalExit ? u"normal exit"_s : u"crashed"_s)
            .arg(m_process.exitCode());
    }

private:
    QProcess m_process;
    bool m_external = false;
    qint64 m_externalPid = 0;
    QString m_logPath;
    qint64 m_logOffset = 0;
    QUrl m_url;
    quint16 m_port = 0;
    QSet<QString> m_warningShapes;
    QStringList m_warningSamples;
    int m_totalWarnings = 0;
};

/** GET path on a fresh connection; the body, or empty. */
QByteArray httpGet(quint16 port, const QByteArray &path)
{
    QTcpSocket socket;
    ReplyReader reader;
    ReplyReader::Reply reply;
    bool finished = false;
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] {
        QByteArray request = "GET "_ba;
        request += path;
        request += " HTTP/1.1\r\nHost: 127.0.0.1:"_ba;
        request += QByteArray::number(port);
        request += "\r\nConnection: close\r\n\r\n"_ba;
        socket.write(request);
    });
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] {
        reader.append(socket.readAll());
        finished = finished || reader.next(&reply) != ReplyReader::Step::NeedMore;
    });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    waitUntil([&] { return finished || socket.state() == QAbstractSocket::UnconnectedState; }, 5000);
    return reply.status == 200 ? reply.body : QByteArray();
}

// --- the runs ------------------------------------------------------------------------------------

enum class Transport { WebSocket, Http };

struct Options
{
    QList<int> levels = {1, 50, 500};
    int warmupMs = 1000;
    int measureMs = 3000;
    QList<int> idleLevels = {1000, 5000, 10000};
    int idleProbeClients = 50;
    int openWindow = 32;       // handshakes at once: the server listens with Qt's backlog of 50
    int openTimeoutMs = 60000; // per level
    QStringList runs;          // --run ws:list:50 ... (and idle); empty: all
    int idleRounds = 2;        // open and close the largest level this many times
};

std::unique_ptr<Client> makeClient(Transport transport, Load *load, Server &server)
{
    if (transport == Transport::WebSocket)
        return std::make_unique<WsClient>(load, server.wsUrl());
    return std::make_unique<HttpClient>(load, HttpTarget::of(server.httpUrl()));
}

/** Opens clients [from, to) with at most `window` handshakes at once. */
bool openClients(std::vector<std::unique_ptr<Client>> &clients, size_t from, Load &load, const Options &options,
                 Server &server)
{
    size_t next = from;
    auto refill = [&] {
        while (next < clients.size() && load.opening < options.openWindow)
            clients[next++]->open();
    };
    return waitUntil([&] {
        refill();
        return (next == clients.size() && load.opening == 0) || !server.running();
    }, options.openTimeoutMs);
}

QString latencyColumns(std::vector<double> &latencies)
{
    std::sort(latencies.begin(), latencies.end());
    return u"%1 %2 %3 %4"_s.arg(percentile(latencies, 0.50), 8, 'f', 3)
        .arg(percentile(latencies, 0.90), 8, 'f', 3)
        .arg(percentile(latencies, 0.99), 8, 'f', 3)
        .arg(latencies.empty() ? 0.0 : latencies.back(), 8, 'f', 2);
}

QString errorColumns(const Load &load)
{
    const Counters &m = load.measured;
    const Counters &w = load.warmup;
    return u"rpc %1 tool %2 transport %3 | warm-up: rpc %4 tool %5 transport %6 | open failed %7 lost %8"_s
        .arg(m.rpcErrors).arg(m.toolErrors).arg(m.transportErrors)
        .arg(w.rpcErrors).arg(w.toolErrors).arg(w.transportErrors)
        .arg(load.failedToOpen).arg(load.lost);
}

void printSamples(const Load &load)
{
    for (const QString &text : load.samples)
        std::printf("        e.g. %s\n", qPrintable(text.left(240)));
}

struct Measured
{
    double callsPerSecond = 0;
    QString latency;
    QString cpu;
};

/** Runs the load on clients that are already open: warm-up, then the measured window, then lets
 *  the calls in flight finish. */
Measured drive(std::vector<std::unique_ptr<Client>> &clients, Load &load, int warmupMs, int measureMs,
               Server &server)
{
    load.issuing = true;
    for (auto &client : clients)
        client->call();
    runFor(warmupMs);
    const CpuSample before = sampleCpu(server.pid());
    const int ollamaBefore = g_fake ? g_fake->completedStreams() : 0;
    load.recording = true;
    runFor(measureMs);
    load.recording = false;
    const CpuSample after = sampleCpu(server.pid());
    const int ollamaCalls = g_fake ? g_fake->completedStreams() - ollamaBefore : 0;
    load.issuing = false;
    if (!waitUntil([&] { return load.inFlight == 0 || !server.running(); }, 30000)) {
        load.sample(u"%1 calls still unanswered 30 s after the window"_s.arg(load.inFlight));
        int shown = 0;
        for (const auto &client : clients) {
            if (client->state() == Client::State::Calling && shown++ < 3)
                std::printf("        unanswered: %s\n", qPrintable(client->stuck()));
        }
    }
    Measured result;
    result.callsPerSecond = double(load.measured.ok) / (double(after.atNs - before.atNs) / 1e9);
    result.latency = latencyColumns(load.latenciesMs);
    result.cpu = cpuShare(before, after);
    const Counters &m = load.measured;
    const qint64 answered = m.ok + m.rpcErrors + m.toolErrors;
    if (answered > 0 && !after.serverThreads.isEmpty()) {
        const auto [total, busiest] = serverSeconds(before, after);
        const double calls = double(answered);
        result.cpu += u"; CPU per answered call: server %1 µs (busiest thread %2 µs), bench %3 µs"_s.arg(
            QString::number(total * 1e6 / calls, 'f', 1), QString::number(busiest * 1e6 / calls, 'f', 1),
            QString::number((after.benchSeconds - before.benchSeconds) * 1e6 / calls, 'f', 1));
    }
    if (load.tool().isChat() && g_fake) {
        result.cpu += u"; Ollama /api/chat streams completed (chats and summaries): %1/s"_s.arg(
            qRound(double(ollamaCalls) / (double(after.atNs - before.atNs) / 1e9)));
    }
    return result;
}

void closeAll(std::vector<std::unique_ptr<Client>> &clients)
{
    for (auto &client : clients)
        client->closeNow();
    clients.clear();
}

void runLoad(Transport transport, const Tool &tool, int count, const Options &options, Server &server)
{
    const QString name = u"%1 %2 %3"_s.arg(transport == Transport::WebSocket ? u"ws  "_s : u"http"_s)
                             .arg(tool.name, -13)
                             .arg(count, 4);
    Load load(tool);
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < count; ++i)
        clients.push_back(makeClient(transport, &load, server));
    QElapsedTimer opening;
    opening.start();
    openClients(clients, 0, load, options, server);
    const qint64 openMs = opening.elapsed();
    if (load.ready == 0) {
        std::printf("%s  no client could initialize (%s)\n", qPrintable(name), qPrintable(errorColumns(load)));
        printSamples(load);
        closeAll(clients);
        return;
    }
    const Measured result = drive(clients, load, options.warmupMs, options.measureMs, server);
    const QString warnings = server.external() ? QString()
                                               : u" | server warnings %1"_s.arg(server.newWarnings());
    std::printf("%s %9.0f %s %8lld  %s%s\n", qPrintable(name), result.callsPerSecond, qPrintable(result.latency),
                qint64(load.measured.ok), qPrintable(errorColumns(load)), qPrintable(warnings));
    std::printf("        %d clients ready in %lld ms; response %lld bytes; cpu: %s\n", load.ready, openMs,
                qint64(load.responseBytes), qPrintable(result.cpu));
    printSamples(load);
    std::fflush(stdout);
    closeAll(clients);
    // Let the server see the closes (each WebSocket close ends its stored session) before the next run.
    runFor(500);
}

void runIdle(const Options &options, Server &server)
{
    std::printf("\nidle WebSocket connections (connected + initialized, then silent); server VmRSS from "
                "/proc/<pid>/status;\nprobe = %d more WebSocket clients calling list_personas for %.1f s "
                "with the idle ones open\n",
                options.idleProbeClients, double(options.measureMs) / 1000.0 / 2);
    std::printf("%6s %7s %7s %8s %11s %11s %13s %12s | probe: %9s %8s %8s %8s %8s\n", "target", "open", "failed",
                "open ms", "rss KiB", "+rss KiB", "KiB/conn", "bench KiB", "calls/s", "p50 ms", "p90 ms", "p99 ms", "max ms");
    Load idle(Tool::listPersonas());
    std::vector<std::unique_ptr<Client>> clients;
    runFor(1000); // let the previous runs' closes settle
    const long baseline = vmRssKiB(server.pid());
    std::printf("%6s %7d %7s %8s %11ld\n", "0", 0, "", "", baseline);
    for (int level : options.idleLevels) {
        const size_t from = clients.size();
        while (clients.size() < size_t(level))
            clients.push_back(std::make_unique<WsClient>(&idle, server.wsUrl()));
        QElapsedTimer opening;
        opening.start();
        const bool settled = openClients(clients, from, idle, options, server);
        const qint64 openMs = opening.elapsed();
        if (!server.running())
            break;
        runFor(1500); // deferred work on the server (stored sessions) before reading its RSS
        const long rss = vmRssKiB(server.pid());
        const int open = idle.ready - idle.lost;
        const double perConnection = open > 0 ? double(rss - baseline) / double(open) : 0;

        Load probe(Tool::listPersonas());
        std::vector<std::unique_ptr<Client>> probeClients;
        for (int i = 0; i < options.idleProbeClients; ++i)
            probeClients.push_back(std::make_unique<WsClient>(&probe, server.wsUrl()));
        openClients(probeClients, 0, probe, options, server);
        const Measured measured = drive(probeClients, probe, options.warmupMs / 2, options.measureMs / 2, server);
        closeAll(probeClients);

        std::printf("%6d %7d %7d %8lld %11ld %11ld %13.1f %12ld | probe: %9.0f %s  (%s)\n", level, open,
                    idle.failedToOpen, openMs, rss, rss - baseline, perConnection, vmRssKiB(0),
                    measured.callsPerSecond, qPrintable(measured.latency), qPrintable(errorColumns(probe)));
        std::printf("        probe cpu: %s; server warnings %d\n", qPrintable(measured.cpu), server.newWarnings());
        printSamples(idle);
        printSamples(probe);
        std::fflush(stdout);
        if (!settled || idle.failedToOpen > 0 || idle.lost > 0) {
            std::printf("        stopping: level %d not reached within %d ms or connections failed\n", level,
                        options.openTimeoutMs);
            break;
        }
    }
    const size_t reached = clients.size();
    closeAll(clients);
    runFor(3000);
    const long afterFirst = vmRssKiB(server.pid());
    std::printf("after closing them all: server VmRSS %ld KiB (3 s later)\n", afterFirst);
    if (!server.running() || reached == 0)
        return;
    // Again, to tell memory kept for reuse (allocator) from memory lost per connection.
    for (int round = 2; round <= options.idleRounds && server.running(); ++round) {
        Load again(Tool::listPersonas());
        for (size_t i = 0; i < reached; ++i)
            clients.push_back(std::make_unique<WsClient>(&again, server.wsUrl()));
        QElapsedTimer opening;
        opening.start();
        openClients(clients, 0, again, options, server);
        const qint64 openMs = opening.elapsed();
        runFor(1500);
        const long reopened = vmRssKiB(server.pid());
        closeAll(clients);
        runFor(3000);
        std::printf("round %d: %d of %zu open again in %lld ms (failed %d): server VmRSS %ld KiB; closed again: "
                    "%ld KiB (3 s later)\n",
                    round, again.ready - again.lost, reached, openMs, again.failedToOpen, reopened,
                    vmRssKiB(server.pid()));
        printSamples(again);
    }
}

QString commandLineText(const QString &program, const QStringList &arguments)
{
    QStringList parts{program};
    for (const QString &argument : arguments)
        parts.append(argument.contains(u' ') ? u'\'' + argument + u'\'' : argument);
    return parts.join(u' ');
}

void printTableHead()
{
    std::printf("%-4s %-13s %4s %9s %8s %8s %8s %8s %8s  %s\n", "tr", "tool", "cli", "calls/s", "p50", "p90", "p99",
                "max", "ok", "errors in the window");
}

/** --url: the load on an endpoint this bench does not start (no app, no fake Ollama). */
int runUrl(const QUrl &url, const Tool &tool, const Options &options, const QStringList &arguments, qint64 files)
{
    const Transport transport = url.scheme() == u"http"_s ? Transport::Http : Transport::WebSocket;
    const QString host = url.host();
    const bool loopback = host == u"localhost"_s || QHostAddress(host).isLoopback();
    const quint16 port = quint16(url.port(url.scheme() == u"wss"_s ? 443 : 80));
    const qint64 pid = loopback ? listenerPid(port) : 0;
    Server server;
    server.attach(url, pid);

    std::printf("bench_mcpload --url: MCP endpoint load on %s (%s); machine: nproc %d, RLIMIT_NOFILE %lld\n",
                qPrintable(url.toString()), transport == Transport::Http ? "Streamable HTTP" : "WebSocket, subprotocol mcp",
                int(sysconf(_SC_NPROCESSORS_ONLN)), files);
    std::printf("command: %s\n", qPrintable(commandLineText(arguments.value(0), arguments.mid(1))));
    std::printf("tool: tools/call %s\n", toolCall(tool, 1).constData());
    if (pid > 0) {
        QFile cmdline(u"/proc/%1/cmdline"_s.arg(pid));
        const QByteArray command = cmdline.open(QIODevice::ReadOnly) ? cmdline.readAll().replace('\0', ' ').trimmed()
                                                                     : QByteArray();
        std::printf("server: pid %lld listens on port %d: %s; VmRSS %ld KiB\n", pid, int(port),
                    qPrintable(oneLine(command, 200)), vmRssKiB(pid));
    } else {
        std::printf("server: its process is not visible here (not loopback, or another user's): no server CPU figures\n");
    }
    std::printf("the machine is shared: other work may compete for the cores during the run\n\n");
    std::printf("sequential calls per client: %.1f s warm-up, then %.1f s measured; latency of successful calls; "
                "ms\n",
                double(options.warmupMs) / 1000.0, double(options.measureMs) / 1000.0);
    printTableHead();
    for (int level : options.levels)
        runLoad(transport, tool, level, options, server);
    if (pid > 0)
        std::printf("\nserver VmRSS after the runs: %ld KiB\n", vmRssKiB(pid));
    return 0;
}

constexpr const char *kUsage = R"(bench_mcpload: load on an MCP endpoint. Clients on this process's event loop initialize a
session each, then call tools/call sequentially (send, wait for the answer, send the next); it
reports calls/s, latency p50/p90/p99/max of the successful calls, errors in the measured window
(JSON-RPC, tool isError, transport), and the CPU the server, the bench and the rest of the machine
used. Loopback, bounded in count and time; stops by itself.

Without --url it starts the real app (persona-studio --headless, a temporary database and
settings) against an instant fake Ollama in this process, and runs WebSocket and Streamable HTTP
clients calling list_personas and chat ("hi") at 1 / 50 / 500 clients, then the idle-capacity
runs (1k / 5k / 10k idle WebSocket clients: server VmRSS, KiB per connection, a 50-client probe).

With --url it loads that endpoint instead and starts nothing (no app, no fake Ollama):
  ws:// or wss://  WebSocket clients (subprotocol "mcp")
  http://          Streamable HTTP clients on keep-alive connections: initialize, then every POST
                   with Mcp-Session-Id (if the server gave one) and MCP-Protocol-Version, then
                   notifications/initialized, then the calls; answers as application/json or
                   text/event-stream (the JSON-RPC response is found in the SSE data lines)

usage: bench_mcpload [options]
  -h, --help              this text; runs nothing
  --quick                 levels 1 and 50 clients, 0.3 s warm-up + 1 s measured, 1k idle only
  --clients <a,b,...>     client counts to run (default 1,50,500; --quick 1,50)
  --duration <seconds>    measured window per run (default 3; --quick 1)
  --warmup <seconds>      warm-up before each window (default 1; --quick 0.3)
  --url <url>             load this endpoint (ws://, wss:// or http://host:port/path) instead of the app
  --tool <name>           with --url: the tool to call (default list_personas)
  --arguments <json>      with --url: its arguments, a JSON object (default {})
  --run <what>            app only: only this run (repeatable): ws|http:list|chat:<clients>, or idle
  --idle-rounds <n>       app only: open and close the largest idle level n times (default 2)
  --idle-levels <a,b,...> app only: idle connection counts instead of 1000,5000,10000 (at most 12000)
  --server-no-glib        app only: start the server with QT_NO_GLIB=1 (the bench itself always uses it)
  --keep                  app only: keep the temporary directory (database, settings, server log)

examples:
  bench_mcpload --quick
  bench_mcpload --url http://127.0.0.1:8000/mcp --clients 1,50 --duration 3
  node tests/bench/sdk-echo-server.mjs 8100 &   # the official MCP TypeScript SDK's server
  bench_mcpload --url http://127.0.0.1:8100/mcp --tool echo --arguments '{"message":"hi"}'
  bench_mcpload --url ws://127.0.0.1:8000/mcp --tool chat --arguments '{"message":"hi"}'
)";

} // namespace

int main(int argc, char *argv[])
{
    if (BenchHelp::asked(argc, argv, kUsage)) // before anything starts: no server, no fake Ollama
        return 0;
    // The load generator's own event loop: glib's costs about 1 µs per open socket per pass
    // (TOOLCHAIN.md), which at 10k idle clients would slow the clients, not the server.
    qputenv("QT_NO_GLIB", "1");
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // line by line, also into a file or a pipe
    // 10k client sockets here and 10k in the server (which inherits the limit).
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"qt.network.*=false\nqt.websockets.*=false"_s);
    g_clock.start();

    const QStringList arguments = app.arguments();
    auto usageError = [](const QString &why) {
        std::fprintf(stderr, "bench_mcpload: %s (--help lists the options)\n", qPrintable(why));
        return 2;
    };
    bool quick = false;
    bool serverNoGlib = false;
    bool keep = false;
    QUrl url;
    QString toolName;
    QJsonObject toolArguments;
    bool hasArguments = false;
    QList<int> clientLevels;
    double durationSeconds = 0;
    double warmupSeconds = -1;
    Options options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &name = arguments[i];
        if (name == u"--quick"_s) {
            quick = true;
            continue;
        }
        if (name == u"--server-no-glib"_s) {
            serverNoGlib = true;
            continue;
        }
        if (name == u"--keep"_s) {
            keep = true;
            continue;
        }
        static const QStringList withValue{u"--run"_s, u"--idle-rounds"_s, u"--idle-levels"_s, u"--url"_s,
                                           u"--tool"_s, u"--arguments"_s, u"--clients"_s, u"--duration"_s,
                                           u"--warmup"_s};
        if (!withValue.contains(name))
            return usageError(u"unknown option %1"_s.arg(name));
        if (i + 1 >= arguments.size())
            return usageError(u"%1 needs a value"_s.arg(name));
        const QString value = arguments[++i];
        bool ok = true;
        if (name == u"--run"_s) {
            options.runs.append(value);
        } else if (name == u"--idle-rounds"_s) {
            options.idleRounds = qBound(1, value.toInt(), 20);
        } else if (name == u"--idle-levels"_s) {
            options.idleLevels.clear();
            for (const QString &level : value.split(u','))
                options.idleLevels.append(qBound(1, level.toInt(), 12000));
        } else if (name == u"--url"_s) {
            url = QUrl(value, QUrl::StrictMode);
            const QString scheme = url.scheme();
            if (!url.isValid() || url.host().isEmpty()
                || (scheme != u"ws"_s && scheme != u"wss"_s && scheme != u"http"_s))
                return usageError(u"--url wants ws://, wss:// or http://host:port/path, not '%1'"_s.arg(value));
        } else if (name == u"--tool"_s) {
            toolName = value;
            ok = !value.isEmpty();
        } else if (name == u"--arguments"_s) {
            QJsonParseError error{};
            const QJsonDocument document = QJsonDocument::fromJson(value.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                return usageError(u"--arguments wants a JSON object, e.g. '{\"message\":\"hi\"}'"_s);
            toolArguments = document.object();
            hasArguments = true;
        } else if (name == u"--clients"_s) {
            for (const QString &level : value.split(u',')) {
                const int count = level.toInt(&ok);
                if (!ok || count < 1 || count > 12000)
                    return usageError(u"--clients wants counts from 1 to 12000, e.g. 1,50,500"_s);
                clientLevels.append(count);
            }
        } else if (name == u"--duration"_s) {
            durationSeconds = value.toDouble(&ok);
            ok = ok && durationSeconds >= 0.1 && durationSeconds <= 600;
        } else if (name == u"--warmup"_s) {
            warmupSeconds = value.toDouble(&ok);
            ok = ok && warmupSeconds >= 0 && warmupSeconds <= 600;
        }
        if (!ok)
            return usageError(u"bad value for %1: '%2'"_s.arg(name, value));
    }
    if (url.isEmpty() && (!toolName.isEmpty() || hasArguments))
        return usageError(u"--tool and --arguments go with --url"_s);
    if (quick) {
        options.levels = {1, 50};
        options.warmupMs = 300;
        options.measureMs = 1000;
        options.idleLevels = {1000};
    }
    if (!clientLevels.isEmpty())
        options.levels = clientLevels;
    if (durationSeconds > 0)
        options.measureMs = qRound(durationSeconds * 1000);
    if (warmupSeconds >= 0)
        options.warmupMs = qRound(warmupSeconds * 1000);

    if (!url.isEmpty())
        return runUrl(url, Tool::make(toolName.isEmpty() ? u"list_personas"_s : toolName, toolArguments), options,
                      arguments, qint64(files.rlim_cur));

    QTemporaryDir dir;
    dir.setAutoRemove(!keep);
    FakeOllama fake;
    g_fake = &fake;
    if (!dir.isValid() || !fake.listen()) {
        std::printf("cannot create a temporary directory or start the fake Ollama\n");
        return 1;
    }
    FakeOllama::ChatScript instant; // the default two-chunk reply, at once
    fake.setDefaultChatScript(instant);

    const QString settingsPath = dir.filePath(u"settings.ini"_s);
    {
        QFile ini(settingsPath);
        if (!ini.open(QIODevice::WriteOnly)) {
            std::printf("cannot write %s\n", qPrintable(settingsPath));
            return 1;
        }
        ini.write("[mcp]\nrate_per_second=1000000\nmax_in_flight=64\nmax_connections=20000\n");
    }
    const QStringList serverArguments{u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s,
                                      u"--db"_s, dir.filePath(u"bench.sqlite"_s),
                                      u"--settings"_s, settingsPath,
                                      u"--ollama-url"_s, fake.url().toString()};

    std::printf("bench_mcpload%s: MCP endpoint load on the real app; machine: nproc %d (%d threads seen by Qt), "
                "RLIMIT_NOFILE %lld\n",
                quick ? " --quick" : "", int(sysconf(_SC_NPROCESSORS_ONLN)), QThread::idealThreadCount(),
                qint64(files.rlim_cur));
    std::printf("command: %s\n", qPrintable(commandLineText(arguments.value(0), arguments.mid(1))));
    std::printf("server:  %s%s\n", serverNoGlib ? "QT_NO_GLIB=1 " : "",
                qPrintable(commandLineText(QStringLiteral(PERSONA_STUDIO_BIN), serverArguments)));
    std::printf("settings: [mcp] rate_per_second=1000000 max_in_flight=64 max_connections=20000 (the rest default)\n");
    std::printf("fake Ollama: %s, in this process, instant default reply (2 chunks); the bench runs with QT_NO_GLIB=1\n",
                qPrintable(fake.url().toString()));
    std::printf("the machine is shared: other work may compete for the 2 cores during the run\n\n");

    Server server;
    if (!server.start(serverArguments, serverNoGlib, dir.filePath(u"server.log"_s)))
        return 1;
    std::printf("endpoint %s (pid %lld), VmRSS at start %ld KiB\n\n", qPrintable(server.httpUrl().toString()),
                server.pid(), vmRssKiB(server.pid()));
    server.newWarnings();

    std::printf("sequential calls per client: %.1f s warm-up, then %.1f s measured; latency of successful calls; "
                "ms\n",
                double(options.warmupMs) / 1000.0, double(options.measureMs) / 1000.0);
    printTableHead();
    for (Transport transport : {Transport::WebSocket, Transport::Http}) {
        for (const Tool &tool : {Tool::listPersonas(), Tool::chat()}) {
            for (int level : options.levels) {
                if (!server.running())
                    break;
                const QString key = u"%1:%2:%3"_s.arg(transport == Transport::WebSocket ? u"ws"_s : u"http"_s,
                                                      tool.isChat() ? u"chat"_s : u"list"_s,
                                                      QString::number(level));
                if (options.runs.isEmpty() || options.runs.contains(key))
                    runLoad(transport, tool, level, options, server);
            }
        }
    }
    if (server.running() && (options.runs.isEmpty() || options.runs.contains(u"idle"_s)))
        runIdle(options, server);

    if (server.running()) {
        // The gauges after every client has gone: open connections should be back to 0.
        runFor(1000);
        const QByteArray metrics = httpGet(server.port(), "/metrics"_ba);
        std::printf("\nserver /metrics after all clients closed (the http connection open is this request's):\n");
        for (const QByteArray &line : metrics.split('\n')) {
            if (line.startsWith("persona_studio_connections") || line.startsWith("persona_studio_requests_total")
                || line.startsWith("persona_studio_request_errors_total")
                || line.startsWith("persona_studio_http_responses_total"))
                std::printf("  %s\n", line.constData());
        }
    }
    server.newWarnings();
    std::printf("\nfake Ollama: %d chat streams completed, %d cancelled\n", fake.completedStreams(),
                fake.cancelledStreams());
    std::printf("server: %s; %d warnings in its log%s\n", qPrintable(server.stop()), server.totalWarnings(),
                server.warningSamples().isEmpty() ? "" : ", e.g.:");
    for (const QString &sample : server.warningSamples())
        std::printf("  %s\n", qPrintable(sample));
    if (keep)
        std::printf("kept %s\n", qPrintable(dir.path()));
    return 0;
}
