// SPDX-License-Identifier: MIT
#include <llm/ollamaclient.h>

#include <fakeollama.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Llm;

namespace {

constexpr int kWaitMs = 10000;

const QString kChatModel = u"llama3.1:8b"_s;
const QString kSha = u"sha256:0f2d7a3e41b5c6d798e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6"_s;

ChatRequest sampleRequest(const QString &model = kChatModel)
{
    ChatRequest request;
    request.model = model;
    request.messages = {ChatMessage{u"system"_s, u"You are Aria, an elven bard."_s},
                        ChatMessage{u"user"_s, u"Sing me something — short, please ✓"_s}};
    request.options.numCtx = 4096;
    return request;
}

ClientConfig configFor(const QUrl &url)
{
    ClientConfig config;
    config.baseUrl = url;
    config.retryBaseDelayMs = 20; // keeps the retry tests fast; the backoff shape is the same
    return config;
}

/** A URL where nothing listens: a port that a server had and gave back. */
QUrl closedUrl()
{
    FakeOllama fake;
    if (!fake.listen())
        return {};
    const QUrl url = fake.url();
    fake.close();
    return url;
}

/** Spies on every signal of one call; the call may delete itself later, the spies stay. */
struct Watch
{
    explicit Watch(ChatCall *chatCall)
        : call(chatCall)
        , id(chatCall->id())
        , started(chatCall, &ChatCall::started)
        , delta(chatCall, &ChatCall::delta)
        , finished(chatCall, &ChatCall::finished)
    {
    }

    ChatResult result() const { return finished.at(0).at(0).value<ChatResult>(); }
    QStringList deltas() const
    {
        QStringList list;
        for (const QList<QVariant> &arguments : delta)
            list.append(arguments.at(0).toString());
        return list;
    }
    ErrorCode code() const { return result().error ? result().error->code : ErrorCode::Internal; }
    QString message() const { return result().error ? result().error->message : QString(); }

    QPointer<ChatCall> call;
    quint64 id;
    QSignalSpy started;
    QSignalSpy delta;
    QSignalSpy finished;
};

FakeOllama::ChatScript slowScript(int chunkDelayMs, int chunkCount = 5)
{
    FakeOllama::ChatScript script;
    script.chunkDelayMs = chunkDelayMs;
    script.chunks.clear();
    for (int i = 0; i < chunkCount; ++i)
        script.chunks.append(u"word%1 "_s.arg(i));
    return script;
}

/** A bare TCP server for failures FakeOllama does not script: it hands each connection's
 *  first bytes to onRequest, which decides what to write and when to close. */
class RawServer final : public QObject
{
public:
    explicit RawServer(std::function<void(QTcpSocket *)> onRequest)
        : m_onRequest(std::move(onRequest))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++accepted;
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->readAll();
                    if (!socket->property("answered").toBool()) {
                        socket->setProperty("answered", true);
                        m_onRequest(socket);
                    }
                });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }

    int accepted = 0;

private:
    QTcpServer m_server;
    std::function<void(QTcpSocket *)> m_onRequest;
};

} // namespace

class tst_OllamaClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // the fake itself speaks Ollama's wire format
    void fakeStreamsChunkedNdjson();
    void fakeAnswersBasicEndpoints_data();
    void fakeAnswersBasicEndpoints();

    void streamsAReply();
    void reportsOllamasOwnMetricsAndThinking();
    void computesChunksFromTheRequest();
    void sendsTheRequestBody_data();
    void sendsTheRequestBody();
    void missingModelIsLlmModelMissing();
    void httpErrorBeforeTheStream_data();
    void httpErrorBeforeTheStream();
    void errorMidStreamKeepsPartialContentAndIsNotRetried();
    void endOfBodyWithoutFinalChunkIsMalformed();
    void garbageBodyIsMalformed();
    void doneReasonLength();
    void timeouts_data();
    void timeouts();
    void slowHeadersWithinTheFirstTokenTimeoutSucceed();
    void cancelDuringSlowDripClosesTheConnection();
    void cancelOfQueuedCallNeverReachesTheServer();
    void deletingARunningCallFreesItsSlot();
    void maxConcurrentOneSerializesCalls();
    void maxConcurrentTwoRunsInParallel();
    void queueOverflowIsBusy();
    void neverEndingReplyStopsAtTheLengthLimit();
    void headersThenSilenceIsTheFirstTokenTimeout();
    void emptyChunksDoNotCountAsTheFirstToken();
    void tricklingReplyHitsTheTotalTimeout();
    void oversizedLineIsAnError();
    void queueServesSessionsInTurn();
    void queuedCallsLearnTheirPlace();
    void queueWaitLimitIsBusy();
    void refusedConnectionIsRetriedThenUnreachable_data();
    void refusedConnectionIsRetriedThenUnreachable();
    void refusedConnectionWithDefaultSettingsFailsFast();
    void connectionClosedBeforeAnswerIsRetried();
    void connectionDroppedMidStreamIsNotRetried();

    void checkServerReportsVersionModelsAndModel();
    void checkServerModelMissing();
    void checkServerUnreachable();
    void checkServerSkipsCallbackOfDestroyedContext();
    void listModels();
    void listModelsUnreachable();
    void chatRequestSentCarriesModelDigestAndBody();
};

void tst_OllamaClient::initTestCase()
{
    qRegisterMetaType<ChatResult>();
}

// ---------------------------------------------------------------------------------------------
// FakeOllama on the wire

void tst_OllamaClient::fakeStreamsChunkedNdjson()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    QTcpSocket socket;
    socket.connectToHost(fake.url().host(), quint16(fake.url().port()));
    QVERIFY(socket.waitForConnected(kWaitMs));

    const QByteArray body = R"({"model":"llama3.1:8b","messages":[{"role":"user","content":"hi"}]})";
    socket.write("POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response += socket.readAll()).endsWith("\r\n0\r\n\r\n"), kWaitMs);

    const qsizetype headerEnd = response.indexOf("\r\n\r\n");
    const QByteArray head = response.left(headerEnd + 2); // each header line with its CRLF
    QVERIFY(head.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(head.contains("Content-Type: application/x-ndjson\r\n"));
    QVERIFY(head.contains("Transfer-Encoding: chunked\r\n"));

    // De-chunk: every HTTP chunk holds exactly one NDJSON line.
    QList<QByteArray> lines;
    qsizetype pos = headerEnd + 4;
    while (true) {
        const qsizetype sizeEnd = response.indexOf("\r\n", pos);
        bool ok = false;
        const qsizetype size = response.mid(pos, sizeEnd - pos).toLongLong(&ok, 16);
        QVERIFY(ok);
        if (size == 0)
            break;
        const QByteArray data = response.mid(sizeEnd + 2, size);
        QCOMPARE(data.count('\n'), 1);
        QVERIFY(data.endsWith('\n'));
        lines.append(data.chopped(1));
        pos = sizeEnd + 2 + size + 2;
    }
    QCOMPARE(lines.size(), 3);
    // Raw strings stay out of macro arguments: moc's preprocessor does not understand them there.
    const QByteArray firstStart = R"({"model":"llama3.1:8b","created_at":")";
    const QByteArray firstEnd = R"("message":{"role":"assistant","content":"Hello"},"done":false})";
    const QByteArray finalPart = R"("message":{"role":"assistant","content":""},"done":true,"done_reason":"stop")";
    const QByteArray promptCount = R"("prompt_eval_count":42)";
    const QByteArray evalCount = R"("eval_count":7)";
    QVERIFY(lines.at(0).startsWith(firstStart));
    QVERIFY(lines.at(0).endsWith(firstEnd));
    QVERIFY(lines.at(2).contains(finalPart));
    QVERIFY(lines.at(2).contains(promptCount));
    QVERIFY(lines.at(2).contains(evalCount));
    QCOMPARE(fake.completedStreams(), 1);

    // Keep-alive: the same connection serves the next request.
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    response.clear();
    QTRY_VERIFY_WITH_TIMEOUT((response += socket.readAll()).endsWith("Ollama is running"), kWaitMs);
    QCOMPARE(fake.openConnections(), 1);
    QCOMPARE(fake.requests().size(), 2);
    QCOMPARE(fake.requests().at(0).headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(fake.requests().at(0).json.value("model"_L1).toString(), kChatModel);
}

void tst_OllamaClient::fakeAnswersBasicEndpoints_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("bodyPart");

    QTest::newRow("GET /") << QByteArray("GET / HTTP/1.1\r\n\r\n") << QByteArray("HTTP/1.1 200 OK")
                           << QByteArray("text/plain; charset=utf-8") << QByteArray("Ollama is running");
    QTest::newRow("GET /api/version") << QByteArray("GET /api/version HTTP/1.1\r\n\r\n")
                                      << QByteArray("HTTP/1.1 200 OK") << QByteArray("application/json; charset=utf-8")
                                      << QByteArray(R"({"version":"0.6.2"})");
    QTest::newRow("GET /api/tags") << QByteArray("GET /api/tags HTTP/1.1\r\n\r\n") << QByteArray("HTTP/1.1 200 OK")
                                   << QByteArray("application/json; charset=utf-8")
                                   << QByteArray(R"("name":"nomic-embed-text:latest")");
    QTest::newRow("chat without body") << QByteArray("POST /api/chat HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                                       << QByteArray("HTTP/1.1 400 Bad Request")
                                       << QByteArray("application/json; charset=utf-8")
                                       << QByteArray(R"({"error":"missing request body"})");
    const QByteArray showBody = R"({"model":"gemma3:1b"})";
    QTest::newRow("show unknown model")
        << QByteArray("POST /api/show HTTP/1.1\r\nContent-Length: " + QByteArray::number(showBody.size()) + "\r\n\r\n"
                      + showBody)
        << QByteArray("HTTP/1.1 404 Not Found") << QByteArray("application/json; charset=utf-8")
        << QByteArray(R"({"error":"model 'gemma3:1b' not found"})");
    const QByteArray embedChat = R"({"model":"nomic-embed-text","messages":[]})";
    QTest::newRow("chat with an embedding model")
        << QByteArray("POST /api/chat HTTP/1.1\r\nContent-Length: " + QByteArray::number(embedChat.size())
                      + "\r\n\r\n" + embedChat)
        << QByteArray("HTTP/1.1 400 Bad Request") << QByteArray("application/json; charset=utf-8")
        << QByteArray(R"({"error":"\"nomic-embed-text\" does not support chat"})");
}

void tst_OllamaClient::fakeAnswersBasicEndpoints()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, bodyPart);

    FakeOllama fake;
    QVERIFY(fake.listen());
    QTcpSocket socket;
    socket.connectToHost(fake.url().host(), quint16(fake.url().port()));
    QVERIFY(socket.waitForConnected(kWaitMs));
    socket.write(request);

    QByteArray response;
    qsizetype headerEnd = -1;
    qsizetype length = -1;
    const auto complete = [&] {
        response += socket.readAll();
        headerEnd = response.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return false;
        const QRegularExpression lengthHeader(u"Content-Length: (\\d+)"_s);
        const QRegularExpressionMatch match = lengthHeader.match(QString::fromLatin1(response.left(headerEnd)));
        length = match.hasMatch() ? match.captured(1).toLongLong() : -1;
        return length >= 0 && response.size() >= headerEnd + 4 + length;
    };
    QTRY_VERIFY_WITH_TIMEOUT(complete(), kWaitMs);
    const QByteArray head = response.left(headerEnd + 2);
    QVERIFY2(head.startsWith(QByteArray(statusLine + "\r\n")), head.constData());
    QVERIFY2(head.contains(QByteArray("Content-Type: " + contentType + "\r\n")), head.constData());
    QVERIFY2(response.mid(headerEnd + 4).contains(bodyPart), response.constData());
}

// ---------------------------------------------------------------------------------------------
// Chat

void tst_OllamaClient::streamsAReply()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);

    const ChatResult result = watch.result();
    QVERIFY2(result.ok(), qPrintable(watch.message()));
    QCOMPARE(watch.started.size(), 1);
    QCOMPARE(watch.deltas(), (QStringList{u"Hello"_s, u" there!"_s}));
    QCOMPARE(result.completion.content, u"Hello there!"_s);
    QCOMPARE(result.completion.thinking, QString());
    QCOMPARE(result.completion.model, kChatModel);
    QCOMPARE(result.completion.doneReason, u"stop"_s);
    QCOMPARE(result.completion.metrics.promptEvalCount, 42);
    QCOMPARE(result.completion.metrics.evalCount, 7);
    QVERIFY(result.completion.metrics.evalDurationNs > 0);
    QVERIFY(result.completion.metrics.totalDurationNs
            > result.completion.metrics.evalDurationNs + result.completion.metrics.promptEvalDurationNs);
    QCOMPARE(result.completion.attempts, 1);
    QVERIFY(result.completion.firstTokenMs >= 0);
    QVERIFY(result.completion.elapsedMs >= result.completion.firstTokenMs);
    QCOMPARE(fake.chatRequests().size(), 1);
    QCOMPARE(fake.completedStreams(), 1);
    QCOMPARE(fake.cancelledStreams(), 0);

    // The call cleans up after itself and frees its slot.
    QTRY_VERIFY_WITH_TIMEOUT(watch.call.isNull(), kWaitMs);
    QCOMPARE(client.runningCount(), 0);
    QCOMPARE(client.queuedCount(), 0);
    QCOMPARE(watch.finished.size(), 1);
}

void tst_OllamaClient::reportsOllamasOwnMetricsAndThinking()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    // Lines in the shape of Ollama's docs (api.md, "Generate a chat completion"), with thinking.
    script.rawBody =
        R"({"model":"llama3.1:8b","created_at":"2023-08-04T08:52:19.385406455Z","message":{"role":"assistant","content":"","thinking":"Hmm."},"done":false})"
        "\n"
        R"({"model":"llama3.1:8b","created_at":"2023-08-04T08:52:19.385406455Z","message":{"role":"assistant","content":"The"},"done":false})"
        "\n"
        R"({"model":"llama3.1:8b","created_at":"2023-08-04T08:52:19.385406455Z","message":{"role":"assistant","content":" sky"},"done":false})"
        "\n"
        R"({"model":"llama3.1:8b","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000})"
        "\n";
    fake.enqueueChatScript(script);
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    const ChatCompletion completion = watch.result().completion;
    QVERIFY2(watch.result().ok(), qPrintable(watch.message()));
    QCOMPARE(watch.delta.size(), 3);
    QCOMPARE(watch.delta.at(0).at(1).toString(), u"Hmm."_s);
    QCOMPARE(completion.thinking, u"Hmm."_s);
    QCOMPARE(completion.content, u"The sky"_s);
    QCOMPARE(completion.metrics.totalDurationNs, qint64(4883583458));
    QCOMPARE(completion.metrics.loadDurationNs, qint64(1334875));
    QCOMPARE(completion.metrics.promptEvalCount, 26);
    QCOMPARE(completion.metrics.promptEvalDurationNs, qint64(342546000));
    QCOMPARE(completion.metrics.evalCount, 282);
    QCOMPARE(completion.metrics.evalDurationNs, qint64(4535599000));
}

void tst_OllamaClient::computesChunksFromTheRequest()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.replyFor = [](const QJsonObject &request) {
        const QJsonArray messages = request.value("messages"_L1).toArray();
        return QStringList{u"You said: "_s, messages.last().toObject().value("content"_L1).toString()};
    };
    fake.setDefaultChatScript(script);
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.result().completion.content, u"You said: Sing me something — short, please ✓"_s);
}

void tst_OllamaClient::sendsTheRequestBody_data()
{
    QTest::addColumn<ChatOptions>("options");
    QTest::addColumn<QString>("model");

    QTest::newRow("defaults") << ChatOptions{} << kChatModel;
    ChatOptions all;
    all.numCtx = 16384;
    all.temperature = 0.25;
    all.numPredict = 300;
    all.keepAlive = u"10m"_s;
    QTest::newRow("everything set") << all << kChatModel;
    ChatOptions thinking;
    thinking.think = true;
    thinking.numPredict = 0;
    QTest::newRow("thinking model") << thinking << u"qwen3:8b"_s;
}

void tst_OllamaClient::sendsTheRequestBody()
{
    QFETCH(ChatOptions, options);
    QFETCH(QString, model);

    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.setModels({FakeOllama::Model{kChatModel, kSha, 131072, {u"completion"_s, u"tools"_s}},
                    FakeOllama::Model{u"qwen3:8b"_s, kSha, 40960, {u"completion"_s, u"thinking"_s}}});
    OllamaClient client(configFor(fake.url()));

    ChatRequest request = sampleRequest(model);
    request.options = options;
    Watch watch(client.chat(request));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QVERIFY2(watch.result().ok(), qPrintable(watch.message()));

    QCOMPARE(fake.chatRequests().size(), 1);
    const QJsonObject sent = fake.chatRequests().at(0);
    QCOMPARE(sent, request.toJson());
    QCOMPARE(sent.value("model"_L1).toString(), model);
    QCOMPARE(sent.value("stream"_L1), QJsonValue(true));
    QCOMPARE(sent.value("think"_L1), QJsonValue(options.think));
    const QJsonObject sentOptions = sent.value("options"_L1).toObject();
    QCOMPARE(sentOptions.value("num_ctx"_L1).toInt(), options.numCtx);
    QCOMPARE(sentOptions.contains("temperature"_L1), options.temperature.has_value());
    if (options.temperature)
        QCOMPARE(sentOptions.value("temperature"_L1).toDouble(), *options.temperature);
    QCOMPARE(sentOptions.contains("num_predict"_L1), options.numPredict.has_value());
    if (options.numPredict)
        QCOMPARE(sentOptions.value("num_predict"_L1).toInt(), *options.numPredict);
    QCOMPARE(sent.contains("keep_alive"_L1), !options.keepAlive.isEmpty());
    if (!options.keepAlive.isEmpty())
        QCOMPARE(sent.value("keep_alive"_L1).toString(), options.keepAlive);
    const QJsonArray messages = sent.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject(), (QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, request.messages.at(0).content}}));
    QCOMPARE(messages.at(1).toObject().value("content"_L1).toString(), request.messages.at(1).content);

    const FakeOllama::RecordedRequest recorded = fake.requests().constLast();
    QCOMPARE(recorded.method, QByteArray("POST"));
    QCOMPARE(recorded.path, QByteArray("/api/chat"));
    QCOMPARE(recorded.headers.value("content-type"), QByteArray("application/json"));
}

void tst_OllamaClient::missingModelIsLlmModelMissing()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest(u"mistral:7b"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmModelMissing);
    QCOMPARE(watch.result().error->httpStatus, 404);
    QVERIFY(watch.result().error->isLlmUnavailable());
    QVERIFY2(watch.message().contains(u"model 'mistral:7b' not found"_s), qPrintable(watch.message()));
    QVERIFY2(watch.message().contains(u"ollama pull mistral:7b"_s), qPrintable(watch.message()));
    QVERIFY2(watch.message().contains(fake.url().toString()), qPrintable(watch.message()));
    QCOMPARE(watch.result().completion.attempts, 1);
    QCOMPARE(watch.delta.size(), 0);
    QCOMPARE(fake.chatRequests().size(), 1);
}

void tst_OllamaClient::httpErrorBeforeTheStream_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("ollamaMessage");

    QTest::newRow("500 runner died") << 500 << u"llama runner process has terminated: signal: killed"_s;
    QTest::newRow("503 queue full") << 503 << u"server busy, please try again.  maximum pending requests exceeded"_s;
    QTest::newRow("400 does not support thinking") << 400 << u"\"llama3.1:8b\" does not support thinking"_s;
    QTest::newRow("502 bad gateway") << 502 << u"bad gateway"_s;
}

void tst_OllamaClient::httpErrorBeforeTheStream()
{
    QFETCH(int, status);
    QFETCH(QString, ollamaMessage);

    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.status = status;
    script.errorMessage = ollamaMessage;
    fake.enqueueChatScript(script);
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmHttp);
    QCOMPARE(watch.result().error->httpStatus, status);
    QCOMPARE(watch.message(), u"Ollama at %1 answered HTTP %2: %3"_s.arg(fake.url().toString()).arg(status).arg(ollamaMessage));
    QCOMPARE(watch.delta.size(), 0);
    QCOMPARE(watch.result().completion.content, QString());
    // An HTTP answer is not a connection failure: never retried.
    QCOMPARE(watch.result().completion.attempts, 1);
    QCOMPARE(fake.chatRequests().size(), 1);
}

void tst_OllamaClient::errorMidStreamKeepsPartialContentAndIsNotRetried()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.chunks = {u"Once"_s, u" upon"_s, u" a time"_s};
    script.errorAfterChunks = 2;
    script.errorMessage = u"an error was encountered while running the model: unexpected EOF"_s;
    fake.enqueueChatScript(script);
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmHttp);
    QCOMPARE(watch.result().error->httpStatus, 200);
    QVERIFY2(watch.message().contains(script.errorMessage), qPrintable(watch.message()));
    QCOMPARE(watch.result().completion.content, u"Once upon"_s);
    QCOMPARE(watch.deltas(), (QStringList{u"Once"_s, u" upon"_s}));
    QCOMPARE(watch.result().completion.attempts, 1);
    QCOMPARE(fake.chatRequests().size(), 1);
}

void tst_OllamaClient::endOfBodyWithoutFinalChunkIsMalformed()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.omitFinalChunk = true;
    fake.enqueueChatScript(script);
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmMalformed);
    QCOMPARE(watch.result().completion.content, u"Hello there!"_s);
    QCOMPARE(fake.chatRequests().size(), 1);
}

void tst_OllamaClient::garbageBodyIsMalformed()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.rawBody = "<html><body>It works!</body></html>\n";
    fake.enqueueChatScript(script);
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmMalformed);
    QVERIFY2(watch.message().contains(u"It works!"_s), qPrintable(watch.message()));
    QCOMPARE(watch.delta.size(), 0);
}

void tst_OllamaClient::doneReasonLength()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.chunks = {u"The story goes"_s};
    script.doneReason = u"length"_s;
    script.evalCount = 3;
    fake.enqueueChatScript(script);
    OllamaClient client(configFor(fake.url()));

    ChatRequest request = sampleRequest();
    request.options.numPredict = 3;
    Watch watch(client.chat(request));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QVERIFY(watch.result().ok());
    QCOMPARE(watch.result().completion.doneReason, u"length"_s);
    QCOMPARE(watch.result().completion.metrics.evalCount, 3);
    QCOMPARE(watch.result().completion.content, u"The story goes"_s);
}

void tst_OllamaClient::timeouts_data()
{
    QTest::addColumn<int>("headerDelayMs");
    QTest::addColumn<int>("chunkDelayMs");
    QTest::addColumn<bool>("hang");
    QTest::addColumn<int>("firstTokenTimeoutMs");
    QTest::addColumn<int>("idleTimeoutMs");
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("partial");

    QTest::newRow("headers late") << 2000 << 0 << false << 200 << 60000 << u"first-token timeout"_s << QString();
    QTest::newRow("headers on time, first chunk late") << 0 << 2000 << false << 200 << 60000
                                                       << u"first-token timeout"_s << QString();
    QTest::newRow("server accepts and never answers") << 0 << 0 << true << 200 << 60000 << u"first-token timeout"_s
                                                      << QString();
    QTest::newRow("stalls mid-reply") << 0 << 600 << false << 20000 << 200 << u"idle timeout"_s << u"word0 "_s;
}

void tst_OllamaClient::timeouts()
{
    QFETCH(int, headerDelayMs);
    QFETCH(int, chunkDelayMs);
    QFETCH(bool, hang);
    QFETCH(int, firstTokenTimeoutMs);
    QFETCH(int, idleTimeoutMs);
    QFETCH(QString, which);
    QFETCH(QString, partial);

    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script = slowScript(chunkDelayMs, 3);
    script.headerDelayMs = headerDelayMs;
    script.hang = hang;
    fake.enqueueChatScript(script);
    ClientConfig config = configFor(fake.url());
    config.firstTokenTimeoutMs = firstTokenTimeoutMs;
    config.idleTimeoutMs = idleTimeoutMs;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::Timeout);
    QVERIFY2(watch.message().contains(which), qPrintable(watch.message()));
    QVERIFY2(watch.message().contains(fake.url().toString()), qPrintable(watch.message()));
    QCOMPARE(watch.result().completion.content, partial);
    QCOMPARE(watch.result().completion.attempts, 1);
    // Timing out closes the connection, so Ollama stops generating.
    QTRY_COMPARE_WITH_TIMEOUT(fake.cancelledStreams(), 1, kWaitMs);
    QCOMPARE(fake.chatRequests().size(), 1);
}

void tst_OllamaClient::slowHeadersWithinTheFirstTokenTimeoutSucceed()
{
    // The connect timeout ends when the request is out; a slow model load is the first-token timeout's business.
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.headerDelayMs = 1000;
    fake.enqueueChatScript(script);
    ClientConfig config = configFor(fake.url());
    config.connectTimeoutMs = 300;
    config.firstTokenTimeoutMs = 5000;
    config.idleTimeoutMs = 100;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QVERIFY2(watch.result().ok(), qPrintable(watch.message()));
    QCOMPARE(watch.result().completion.content, u"Hello there!"_s);
    QVERIFY(watch.result().completion.firstTokenMs >= 900);
    QCOMPARE(fake.chatRequests().size(), 1);
}

void tst_OllamaClient::cancelDuringSlowDripClosesTheConnection()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.enqueueChatScript(slowScript(150, 50));
    OllamaClient client(configFor(fake.url()));
    QSignalSpy cancelled(&fake, &FakeOllama::streamCancelled);

    Watch watch(client.chat(sampleRequest()));
    QTRY_VERIFY_WITH_TIMEOUT(watch.delta.size() >= 2, kWaitMs);
    QCOMPARE(fake.activeStreams(), 1);
    watch.call->cancel();
    QCOMPARE(watch.finished.size(), 0); // finished comes from the event loop, not from inside cancel()
    watch.call->cancel();               // a second cancel is harmless

    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::Cancelled);
    const QString content = watch.result().completion.content;
    QCOMPARE(content, watch.deltas().join(QString()));
    QVERIFY(content.startsWith(u"word0 word1 "_s));
    QVERIFY(watch.deltas().size() < 50);
    QCOMPARE(watch.result().completion.doneReason, QString());

    // Ollama sees the socket close: the only cancel it knows (spec §1.8).
    QTRY_COMPARE_WITH_TIMEOUT(fake.cancelledStreams(), 1, kWaitMs);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(fake.activeStreams(), 0);
    QCOMPARE(fake.completedStreams(), 0);
    QCOMPARE(client.runningCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(watch.call.isNull(), kWaitMs);
    QCOMPARE(watch.finished.size(), 1);
}

void tst_OllamaClient::cancelOfQueuedCallNeverReachesTheServer()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.enqueueChatScript(slowScript(100, 4));
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 1;
    OllamaClient client(config);

    Watch first(client.chat(sampleRequest()));
    Watch second(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(first.started.size(), 1, kWaitMs);
    QCOMPARE(client.runningCount(), 1);
    QCOMPARE(client.queuedCount(), 1);

    second.call->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(second.finished.size(), 1, kWaitMs);
    QCOMPARE(second.code(), ErrorCode::Cancelled);
    QCOMPARE(second.result().completion.attempts, 0);
    QCOMPARE(second.started.size(), 0);
    QCOMPARE(client.queuedCount(), 0);

    QTRY_COMPARE_WITH_TIMEOUT(first.finished.size(), 1, kWaitMs);
    QVERIFY(first.result().ok());
    QTRY_COMPARE_WITH_TIMEOUT(client.runningCount(), 0, kWaitMs);
    QCOMPARE(fake.chatRequests().size(), 1);
    QCOMPARE(second.finished.size(), 1);
}

void tst_OllamaClient::deletingARunningCallFreesItsSlot()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.enqueueChatScript(slowScript(100, 50));
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 1;
    OllamaClient client(config);

    Watch first(client.chat(sampleRequest()));
    Watch second(client.chat(sampleRequest()));
    QTRY_VERIFY_WITH_TIMEOUT(first.delta.size() >= 1, kWaitMs);
    delete first.call;

    QTRY_COMPARE_WITH_TIMEOUT(fake.cancelledStreams(), 1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(second.finished.size(), 1, kWaitMs);
    QVERIFY(second.result().ok());
    QCOMPARE(first.finished.size(), 0);
    QCOMPARE(fake.chatRequests().size(), 2);
}

void tst_OllamaClient::maxConcurrentOneSerializesCalls()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.enqueueChatScript(slowScript(100, 3));
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 1;
    OllamaClient client(config);

    QStringList events;
    connect(&fake, &FakeOllama::requestReceived, this,
            [&events](const QByteArray &method, const QByteArray &path) {
                events.append(QString::fromLatin1(method + ' ' + path));
            });
    ChatCall *firstCall = client.chat(sampleRequest());
    ChatCall *secondCall = client.chat(sampleRequest());
    Watch first(firstCall);
    Watch second(secondCall);
    int chatRequestsWhenFirstFinished = -1;
    connect(firstCall, &ChatCall::finished, this, [&] {
        chatRequestsWhenFirstFinished = int(fake.chatRequests().size());
        events.append(u"first finished"_s);
    });
    connect(secondCall, &ChatCall::finished, this, [&] { events.append(u"second finished"_s); });

    QTRY_COMPARE_WITH_TIMEOUT(second.finished.size(), 1, kWaitMs);
    QVERIFY(first.result().ok());
    QVERIFY(second.result().ok());
    QCOMPARE(chatRequestsWhenFirstFinished, 1);
    QCOMPARE(events, (QStringList{u"POST /api/chat"_s, u"first finished"_s, u"POST /api/chat"_s, u"second finished"_s}));
    QCOMPARE(first.result().completion.content, u"word0 word1 word2 "_s);
    QCOMPARE(second.result().completion.content, u"Hello there!"_s);
    QVERIFY(first.id < second.id);
}

void tst_OllamaClient::maxConcurrentTwoRunsInParallel()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.setDefaultChatScript(slowScript(100, 3));
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 2;
    OllamaClient client(config);

    Watch first(client.chat(sampleRequest()));
    Watch second(client.chat(sampleRequest()));
    Watch third(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(fake.activeStreams(), 2, kWaitMs);
    QCOMPARE(client.runningCount(), 2);
    QCOMPARE(client.queuedCount(), 1);
    QCOMPARE(first.finished.size(), 0);
    QCOMPARE(fake.chatRequests().size(), 2);

    QTRY_COMPARE_WITH_TIMEOUT(third.finished.size(), 1, kWaitMs);
    QVERIFY(first.result().ok() && second.result().ok() && third.result().ok());
    QCOMPARE(fake.chatRequests().size(), 3);
}

void tst_OllamaClient::queueOverflowIsBusy()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.setDefaultChatScript(slowScript(50, 2));
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 1;
    config.maxQueued = 1;
    OllamaClient client(config);

    Watch running(client.chat(sampleRequest()));
    Watch queued(client.chat(sampleRequest()));
    Watch refused(client.chat(sampleRequest()));
    QVERIFY(refused.call);
    QCOMPARE(refused.finished.size(), 0); // not from inside chat(): the caller connects first

    QTRY_COMPARE_WITH_TIMEOUT(refused.finished.size(), 1, kWaitMs);
    QCOMPARE(refused.code(), ErrorCode::Busy);
    QCOMPARE(refused.started.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(queued.finished.size(), 1, kWaitMs);
    QVERIFY(running.result().ok());
    QVERIFY(queued.result().ok());
    QCOMPARE(fake.chatRequests().size(), 2);
}

namespace {

ChatRequest laneRequest(const QString &lane)
{
    ChatRequest request = sampleRequest();
    request.lane = lane;
    return request;
}

} // namespace

void tst_OllamaClient::neverEndingReplyStopsAtTheLengthLimit()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.chunks = {QString(1000, u'a'), QString(1000, u'b')};
    script.endless = true;
    fake.enqueueChatScript(script);
    ClientConfig config = configFor(fake.url());
    config.maxReplyChars = 10500;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    const ChatResult result = watch.result();
    QVERIFY2(result.ok(), qPrintable(watch.message()));
    QVERIFY(result.completion.truncated);
    QCOMPARE(result.completion.doneReason, u"length"_s);
    QCOMPARE(result.completion.content.size(), 10500);
    QVERIFY(result.completion.content.endsWith(QString(500, u'a')));
    // What was handed out as deltas is exactly what was kept.
    QCOMPARE(watch.deltas().join(QString()), result.completion.content);
    // The connection was closed, so the model stops generating.
    QTRY_COMPARE_WITH_TIMEOUT(fake.cancelledStreams(), 1, kWaitMs);
    QCOMPARE(client.runningCount(), 0);
}

void tst_OllamaClient::headersThenSilenceIsTheFirstTokenTimeout()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.hangAfterHeaders = true;
    fake.enqueueChatScript(script);
    ClientConfig config = configFor(fake.url());
    config.firstTokenTimeoutMs = 300;
    config.idleTimeoutMs = 60000;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::Timeout);
    QVERIFY2(watch.message().contains(u"first-token timeout"_s), qPrintable(watch.message()));
    QVERIFY(watch.message().contains(u"llm/first_token_timeout_ms"_s));
    QTRY_COMPARE_WITH_TIMEOUT(fake.cancelledStreams(), 1, kWaitMs);
}

void tst_OllamaClient::emptyChunksDoNotCountAsTheFirstToken()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.chunks = {QString()};
    script.endless = true;
    script.chunkDelayMs = 20; // bytes keep coming, so the idle timeout never fires
    fake.enqueueChatScript(script);
    ClientConfig config = configFor(fake.url());
    config.firstTokenTimeoutMs = 400;
    config.idleTimeoutMs = 60000;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::Timeout);
    QVERIFY2(watch.message().contains(u"first-token timeout"_s), qPrintable(watch.message()));
    QCOMPARE(watch.delta.size(), 0);
}

void tst_OllamaClient::tricklingReplyHitsTheTotalTimeout()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.chunks = {u"drip "_s};
    script.endless = true;
    script.trickleMs = 2; // a byte every 2 ms (a line in ~0.3 s): never idle, never done
    fake.enqueueChatScript(script);
    ClientConfig config = configFor(fake.url());
    config.idleTimeoutMs = 60000;
    config.firstTokenTimeoutMs = 60000;
    config.totalTimeoutMs = 2500; // several lines arrive first, also in a sanitizer build
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::Timeout);
    QVERIFY2(watch.message().contains(u"total timeout"_s), qPrintable(watch.message()));
    QVERIFY(watch.message().contains(u"llm/total_timeout_ms"_s));
    // What trickled in before is kept for the caller.
    QVERIFY2(watch.result().completion.content.startsWith(u"drip"_s), qPrintable(watch.result().completion.content));
    QTRY_COMPARE_WITH_TIMEOUT(fake.cancelledStreams(), 1, kWaitMs);
}

void tst_OllamaClient::oversizedLineIsAnError()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript script;
    script.rawBody = "{\"model\":\"llama3.1:8b\",\"message\":{\"content\":\"" + QByteArray(2 * 1024 * 1024, 'x');
    fake.enqueueChatScript(script);
    OllamaClient client(configFor(fake.url()));

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmMalformed);
    QVERIFY2(watch.message().contains(u"1 MiB"_s), qPrintable(watch.message()));
}

void tst_OllamaClient::queueServesSessionsInTurn()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.setDefaultChatScript(slowScript(5, 2));
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 1;
    OllamaClient client(config);

    QStringList served;
    QList<std::shared_ptr<Watch>> watches;
    auto send = [&](const QString &lane, const QString &name) {
        ChatCall *call = client.chat(laneRequest(lane));
        connect(call, &ChatCall::started, this, [&served, name] { served.append(name); });
        watches.append(std::make_shared<Watch>(call));
    };
    // One session sends five before anybody else; two others send one each afterwards.
    for (int i = 1; i <= 5; ++i)
        send(u"hog"_s, u"hog%1"_s.arg(i));
    send(u"alice"_s, u"alice"_s);
    send(u"bob"_s, u"bob"_s);
    QTRY_COMPARE_WITH_TIMEOUT(served.size(), 7, kWaitMs);
    QCOMPARE(served, (QStringList{u"hog1"_s, u"alice"_s, u"bob"_s, u"hog2"_s, u"hog3"_s, u"hog4"_s, u"hog5"_s}));
    for (const auto &watch : std::as_const(watches)) {
        QTRY_COMPARE_WITH_TIMEOUT(watch->finished.size(), 1, kWaitMs);
        QVERIFY(watch->result().ok());
    }
}

void tst_OllamaClient::queuedCallsLearnTheirPlace()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.setDefaultChatScript(slowScript(30, 2));
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 1;
    OllamaClient client(config);

    Watch running(client.chat(laneRequest(u"a"_s)));
    ChatCall *second = client.chat(laneRequest(u"b"_s));
    ChatCall *third = client.chat(laneRequest(u"c"_s));
    QSignalSpy thirdWaiting(third, &ChatCall::waiting);
    QSignalSpy secondWaiting(second, &ChatCall::waiting);
    Watch last(third);
    QTRY_COMPARE_WITH_TIMEOUT(last.finished.size(), 1, kWaitMs);
    QList<int> places;
    for (const QList<QVariant> &arguments : std::as_const(thirdWaiting))
        places.append(arguments.at(0).toInt());
    QCOMPARE(places, (QList<int>{1, 0}));
    QCOMPARE(secondWaiting.size(), 1);
    QCOMPARE(secondWaiting.at(0).at(0).toInt(), 0);
    QCOMPARE(running.started.size(), 1);
}

void tst_OllamaClient::queueWaitLimitIsBusy()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    FakeOllama::ChatScript stuck;
    stuck.hang = true;
    fake.enqueueChatScript(stuck);
    ClientConfig config = configFor(fake.url());
    config.maxConcurrent = 1;
    config.maxQueueWaitMs = 300;
    config.firstTokenTimeoutMs = 60000;
    OllamaClient client(config);

    Watch running(client.chat(sampleRequest()));
    Watch waiting(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(waiting.finished.size(), 1, kWaitMs);
    QCOMPARE(waiting.code(), ErrorCode::Busy);
    QVERIFY2(waiting.message().contains(u"llm/max_queue_wait_ms"_s), qPrintable(waiting.message()));
    QCOMPARE(waiting.started.size(), 0);
    QCOMPARE(client.queuedCount(), 0);
    QCOMPARE(fake.chatRequests().size(), 1);
    QCOMPARE(running.finished.size(), 0);
    running.call->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(running.finished.size(), 1, kWaitMs);
}

void tst_OllamaClient::refusedConnectionIsRetriedThenUnreachable_data()
{
    QTest::addColumn<int>("maxRetries");
    QTest::newRow("no retries") << 0;
    QTest::newRow("one retry") << 1;
    QTest::newRow("three retries") << 3;
}

void tst_OllamaClient::refusedConnectionIsRetriedThenUnreachable()
{
    QFETCH(int, maxRetries);
    const QUrl url = closedUrl();
    QVERIFY(url.isValid());
    ClientConfig config = configFor(url);
    config.maxRetries = maxRetries;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmUnreachable);
    QVERIFY(watch.result().error->isLlmUnavailable());
    QCOMPARE(watch.result().completion.attempts, maxRetries + 1);
    QVERIFY2(watch.message().startsWith(u"Cannot reach Ollama at %1: "_s.arg(url.toString())), qPrintable(watch.message()));
    QCOMPARE(watch.started.size(), 1);
    QCOMPARE(watch.delta.size(), 0);
}

void tst_OllamaClient::refusedConnectionWithDefaultSettingsFailsFast()
{
    const QUrl url = closedUrl();
    ClientConfig config;
    config.baseUrl = url;
    OllamaClient client(config);

    QElapsedTimer clock;
    clock.start();
    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmUnreachable);
    QCOMPARE(watch.result().completion.attempts, config.maxRetries + 1);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

void tst_OllamaClient::connectionClosedBeforeAnswerIsRetried()
{
    RawServer server([](QTcpSocket *socket) { socket->abort(); });
    QVERIFY(server.listen());
    ClientConfig config = configFor(server.url());
    config.maxRetries = 2;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    QCOMPARE(watch.code(), ErrorCode::LlmUnreachable);
    QCOMPARE(watch.result().completion.attempts, 3);
    QVERIFY2(watch.message().startsWith(u"Cannot reach Ollama at %1: "_s.arg(server.url().toString())),
             qPrintable(watch.message()));
    // Qt itself may reconnect once or twice inside one attempt; each attempt connects at least once.
    QVERIFY2(server.accepted >= 3, qPrintable(QString::number(server.accepted)));
}

void tst_OllamaClient::connectionDroppedMidStreamIsNotRetried()
{
    const QByteArray line =
        R"({"model":"llama3.1:8b","created_at":"2025-01-14T10:12:41.5Z","message":{"role":"assistant","content":"Half a"},"done":false})"
        "\n";
    RawServer server([line](QTcpSocket *socket) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + QByteArray::number(line.size(), 16) + "\r\n" + line + "\r\n");
        socket->flush();
        QTimer::singleShot(50, socket, [socket] { socket->abort(); });
    });
    QVERIFY(server.listen());
    ClientConfig config = configFor(server.url());
    config.maxRetries = 3;
    OllamaClient client(config);

    Watch watch(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(watch.finished.size(), 1, kWaitMs);
    // Depending on timing Qt reports the abort as a network error or as the end of the body;
    // either way it is a failed reply that keeps its partial text and is not retried.
    QVERIFY2(watch.code() == ErrorCode::LlmHttp || watch.code() == ErrorCode::LlmMalformed,
             qPrintable(errorCodeName(watch.code())));
    QVERIFY2(watch.message().contains(u"broke during the reply"_s) || watch.message().contains(u"final chunk"_s),
             qPrintable(watch.message()));
    QCOMPARE(watch.result().completion.content, u"Half a"_s);
    QCOMPARE(watch.result().completion.attempts, 1);
    QCOMPARE(server.accepted, 1);
}

// ---------------------------------------------------------------------------------------------
// Model check

void tst_OllamaClient::checkServerReportsVersionModelsAndModel()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.setVersion(u"0.9.6"_s);
    fake.setModels({FakeOllama::Model{kChatModel, kSha, 131072, {u"completion"_s, u"tools"_s}},
                    FakeOllama::Model{u"nomic-embed-text:latest"_s, u"sha256:"_s + QString(64, u'a'), 2048,
                                      {u"embedding"_s}}});
    OllamaClient client(configFor(fake.url()));
    QCOMPARE(client.knownDigest(kChatModel), QString());

    std::optional<ServerReport> report;
    int calls = 0;
    client.checkServer(kChatModel, this, [&](ServerReport r) {
        report = r;
        ++calls;
    });
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), kWaitMs);
    QCOMPARE(calls, 1);
    QVERIFY2(report->error.isEmpty(), qPrintable(report->error));
    QVERIFY(report->reachable);
    QCOMPARE(report->url, fake.url());
    QCOMPARE(report->version, u"0.9.6"_s);
    QCOMPARE(report->models.size(), 2);
    QCOMPARE(report->models.at(0).name, kChatModel);
    QCOMPARE(report->models.at(0).digest, kSha);
    QCOMPARE(report->models.at(0).family, u"llama"_s);
    QCOMPARE(report->model, kChatModel);
    QVERIFY(report->modelPresent);
    QCOMPARE(report->digest, kSha);
    QCOMPARE(report->contextLength, 131072);
    QCOMPARE(report->capabilities, (QStringList{u"completion"_s, u"tools"_s}));
    QCOMPARE(report->advice(), QString());
    QCOMPARE(client.knownDigest(kChatModel), kSha);
    // Ollama's default tag: "nomic-embed-text" is "nomic-embed-text:latest".
    QCOMPARE(client.knownDigest(u"nomic-embed-text"_s), u"sha256:"_s + QString(64, u'a'));

    QStringList paths;
    for (const FakeOllama::RecordedRequest &request : fake.requests())
        paths.append(QString::fromLatin1(request.method + ' ' + request.path));
    QCOMPARE(paths, (QStringList{u"GET /api/version"_s, u"GET /api/tags"_s, u"POST /api/show"_s}));
    QCOMPARE(fake.requests().at(2).json.value("model"_L1).toString(), kChatModel);
}

void tst_OllamaClient::checkServerModelMissing()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    OllamaClient client(configFor(fake.url()));

    std::optional<ServerReport> report;
    client.checkServer(u"mistral:7b"_s, this, [&](ServerReport r) { report = r; });
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), kWaitMs);
    QVERIFY(report->reachable);
    QCOMPARE(report->models.size(), 2); // the defaults: llama3.1:8b and nomic-embed-text
    QVERIFY(!report->modelPresent);
    QCOMPARE(report->digest, QString());
    QCOMPARE(report->contextLength, 0);
    QVERIFY2(report->error.contains(u"model 'mistral:7b' not found"_s), qPrintable(report->error));
    QCOMPARE(report->advice(), u"The model 'mistral:7b' is not installed. Run `ollama pull mistral:7b`."_s);
}

void tst_OllamaClient::checkServerUnreachable()
{
    const QUrl url = closedUrl();
    OllamaClient client(configFor(url));

    std::optional<ServerReport> report;
    client.checkServer(kChatModel, nullptr, [&](ServerReport r) { report = r; });
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), kWaitMs);
    QVERIFY(!report->reachable);
    QVERIFY(!report->modelPresent);
    QCOMPARE(report->url, url);
    QVERIFY2(report->error.startsWith(u"Cannot reach Ollama at %1: "_s.arg(url.toString())), qPrintable(report->error));
    const QString advice = report->advice();
    QVERIFY2(advice.contains(u"`ollama serve`"_s), qPrintable(advice));
    QVERIFY2(advice.contains(url.toString()), qPrintable(advice));
}

void tst_OllamaClient::checkServerSkipsCallbackOfDestroyedContext()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    OllamaClient client(configFor(fake.url()));

    auto context = std::make_unique<QObject>();
    bool calledForDestroyed = false;
    client.checkServer(kChatModel, context.get(), [&](ServerReport) { calledForDestroyed = true; });
    context.reset();

    // A second check with a live context runs after the first chain has answered.
    QTRY_COMPARE_WITH_TIMEOUT(fake.requests().size(), 3, kWaitMs);
    std::optional<ServerReport> report;
    client.checkServer(kChatModel, this, [&](ServerReport r) { report = r; });
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), kWaitMs);
    QVERIFY(report->modelPresent);
    QCOMPARE(fake.requests().size(), 6);
    QVERIFY(!calledForDestroyed);
}

void tst_OllamaClient::listModels()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    OllamaClient client(configFor(fake.url()));

    std::optional<Result<QList<ModelInfo>>> models;
    client.listModels(this, [&](Result<QList<ModelInfo>> result) { models = std::move(result); });
    QTRY_VERIFY_WITH_TIMEOUT(models.has_value(), kWaitMs);
    QVERIFY(models->has_value());
    const QList<ModelInfo> list = models->value();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).name, kChatModel);
    QVERIFY(list.at(0).digest.startsWith(u"sha256:"_s));
    QCOMPARE(list.at(0).digest.size(), 7 + 64);
    QCOMPARE(list.at(0).parameterSize, u"8.0B"_s);
    QCOMPARE(list.at(0).quantizationLevel, u"Q4_K_M"_s);
    QVERIFY(list.at(0).sizeBytes > 0);
    QVERIFY(!list.at(0).modifiedAt.isEmpty());
    QCOMPARE(list.at(1).name, u"nomic-embed-text:latest"_s);
    QCOMPARE(client.knownDigest(kChatModel), list.at(0).digest);
}

void tst_OllamaClient::listModelsUnreachable()
{
    const QUrl url = closedUrl();
    OllamaClient client(configFor(url));

    std::optional<Result<QList<ModelInfo>>> models;
    client.listModels(this, [&](Result<QList<ModelInfo>> result) { models = std::move(result); });
    QTRY_VERIFY_WITH_TIMEOUT(models.has_value(), kWaitMs);
    QVERIFY(!models->has_value());
    QCOMPARE(models->error().code, ErrorCode::LlmUnreachable);
    QVERIFY(models->error().message.contains(url.toString()));
}

void tst_OllamaClient::chatRequestSentCarriesModelDigestAndBody()
{
    FakeOllama fake;
    QVERIFY(fake.listen());
    fake.setModels({FakeOllama::Model{kChatModel, kSha, 131072, {u"completion"_s}}});
    OllamaClient client(configFor(fake.url()));
    QSignalSpy sent(&client, &OllamaClient::chatRequestSent);

    // Before any model check the digest is unknown.
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"llama3\\.1:8b.*unknown digest"_s));
    Watch before(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(before.finished.size(), 1, kWaitMs);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.at(0).at(0).toULongLong(), before.id);
    QCOMPARE(sent.at(0).at(1).toString(), kChatModel);
    QCOMPARE(sent.at(0).at(2).toString(), QString());
    QCOMPARE(sent.at(0).at(3).toJsonObject(), sampleRequest().toJson());

    bool checked = false;
    client.checkServer(kChatModel, this, [&](ServerReport) { checked = true; });
    QTRY_VERIFY_WITH_TIMEOUT(checked, kWaitMs);

    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(u"llama3\\.1:8b.*"_s + QRegularExpression::escape(kSha)));
    Watch after(client.chat(sampleRequest()));
    QTRY_COMPARE_WITH_TIMEOUT(after.finished.size(), 1, kWaitMs);
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent.at(1).at(0).toULongLong(), after.id);
    QCOMPARE(sent.at(1).at(2).toString(), kSha);
}

QTEST_GUILESS_MAIN(tst_OllamaClient)
#include "tst_ollamaclient.moc"
