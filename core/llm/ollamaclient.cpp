// SPDX-License-Identifier: MIT
#include "ollamaclient.h"

#include "llmlog.h"
#include "httpstream.h"
#include "ndjsonchatparser.h"

#include <common/jsonutil.h>

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace Studio::Llm {

namespace {

constexpr qsizetype kMaxErrorBodyBytes = 64 * 1024;
constexpr qsizetype kMaxQuotedErrorChars = 300;

// Ollama's names default to the tag "latest" (spec §1.1), so "nomic-embed-text" and
// "nomic-embed-text:latest" are the same model.
QString normalizedModelName(const QString &name)
{
    const qsizetype slash = name.lastIndexOf(u'/');
    if (name.indexOf(u':', slash + 1) >= 0)
        return name;
    return name + ":latest"_L1;
}

QUrl endpoint(const QUrl &baseUrl, const QString &path)
{
    QUrl url = baseUrl;
    QString basePath = baseUrl.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QNetworkRequest jsonRequest(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    // We run our own connect, first-token and idle timers; Qt's transfer timeout would fire
    // during a legitimately long model load.
    request.setTransferTimeout(0);
    // Ollama speaks HTTP/1.1; aborting a reply must close its own socket, not a shared h2 stream.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    return request;
}

// Failures where no byte of the answer arrived: safe to try again.
bool isConnectionFailure(HttpStream::Failure failure)
{
    switch (failure) {
    case HttpStream::Failure::ConnectionRefused:
    case HttpStream::Failure::HostNotFound:
    case HttpStream::Failure::ClosedBeforeAnswer:
        return true;
    default:
        return false;
    }
}

/** Ollama's {"error": "..."} text, or the start of whatever else the body holds. */
QString errorText(const QByteArray &body, bool *isOllamaError = nullptr)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const bool isJsonError = parseError.error == QJsonParseError::NoError && document.isObject()
        && document.object().value("error"_L1).isString();
    if (isOllamaError)
        *isOllamaError = isJsonError;
    if (isJsonError)
        return document.object().value("error"_L1).toString();
    return QString::fromUtf8(body).trimmed().left(kMaxQuotedErrorChars);
}

Error httpError(const QUrl &baseUrl, const QString &model, int status, const QByteArray &body)
{
    bool isOllamaError = false;
    QString text = errorText(body, &isOllamaError);
    if (text.isEmpty())
        text = u"(empty body)"_s;
    // A 404 with Ollama's JSON error is "model not found"; a plain 404 page means the URL is
    // not Ollama's API (a wrong path prefix, another server on the port).
    if (status == 404 && isOllamaError)
        return Error{ErrorCode::LlmModelMissing,
                     u"Model '%1' is not installed on the Ollama server at %2: %3. Run `ollama pull %1`."_s.arg(
                         model, baseUrl.toString(), text),
                     status};
    return Error{ErrorCode::LlmHttp, u"Ollama at %1 answered HTTP %2: %3"_s.arg(baseUrl.toString()).arg(status).arg(text),
                 status};
}

/** The outcome of one of the small JSON calls (version, tags, show). */
struct JsonReply
{
    int status = 0; // 0: no HTTP answer at all
    QString networkError;
    QByteArray body;
    QJsonObject json;
    bool isJson = false;
    bool timedOut = false; // aborted by the request timeout; status is then 0
};

/** Calls done once with the reply's outcome; the reply is aborted after timeoutMs. */
void awaitJson(QNetworkReply *reply, int timeoutMs, QObject *context, std::function<void(const JsonReply &)> done)
{
    auto timedOut = std::make_shared<bool>(false);
    if (timeoutMs > 0) {
        auto *timer = new QTimer(reply);
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
            *timedOut = true;
            reply->abort();
        });
        timer->start(timeoutMs);
    }
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, timedOut, timeoutMs, done = std::move(done)] {
        reply->deleteLater();
        JsonReply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // An aborted reply is closed: reading it would only warn.
        if (!*timedOut)
            result.body = reply->readAll();
        if (*timedOut)
            result.networkError = u"no answer within %1 ms"_s.arg(timeoutMs);
        else if (reply->error() != QNetworkReply::NoError)
            result.networkError = reply->errorString();
        if (*timedOut)
            result.status = 0;
        result.timedOut = *timedOut;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(result.body, &parseError);
        result.isJson = parseError.error == QJsonParseError::NoError && document.isObject();
        result.json = document.object();
        done(result);
    });
}

/** The vectors of an /api/embed reply for expectedCount texts, or why there are none. */
Result<QList<QList<float>>> parseEmbedReply(const JsonReply &reply, const QUrl &baseUrl, const QString &model,
                                            qsizetype expectedCount, int timeoutMs)
{
    const QString base = baseUrl.toString();
    if (reply.timedOut)
        return fail(ErrorCode::Timeout, u"Ollama at %1 did not answer the embedding request for '%2' within %3 ms "
                                        "(request timeout)."_s.arg(base, model, QString::number(timeoutMs)));
    if (reply.status == 0)
        return fail(ErrorCode::LlmUnreachable, u"Cannot reach Ollama at %1: %2."_s.arg(base, reply.networkError));
    if (reply.status != 200)
        return fail(httpError(baseUrl, model, reply.status, reply.body.left(kMaxErrorBodyBytes)));
    if (!reply.networkError.isEmpty())
        return fail(ErrorCode::LlmHttp,
                    u"The connection to Ollama at %1 broke during the embedding reply: %2."_s.arg(
                        base, reply.networkError),
                    reply.status);

    const auto malformed = [&base](const QString &why) {
        return fail(ErrorCode::LlmMalformed, u"Ollama at %1 sent an embedding reply that %2."_s.arg(base, why));
    };
    if (!reply.isJson || !reply.json.value("embeddings"_L1).isArray())
        return malformed(u"is not {\"embeddings\": [[...], ...]}"_s);
    const QJsonArray embeddings = reply.json.value("embeddings"_L1).toArray();
    if (embeddings.size() != expectedCount)
        return malformed(u"has %1 vectors for %2 texts"_s.arg(embeddings.size()).arg(expectedCount));

    QList<QList<float>> vectors;
    vectors.reserve(embeddings.size());
    for (qsizetype i = 0; i < embeddings.size(); ++i) {
        const QJsonArray numbers = embeddings.at(i).toArray();
        if (numbers.isEmpty())
            return malformed(u"has no vector for text %1"_s.arg(i + 1));
        if (!vectors.isEmpty() && numbers.size() != vectors.first().size())
            return malformed(
                u"mixes vectors of %1 and %2 dimensions"_s.arg(vectors.first().size()).arg(numbers.size()));
        QList<float> vector;
        vector.reserve(numbers.size());
        for (const QJsonValue &number : numbers) {
            if (!number.isDouble())
                return malformed(u"has a vector with a non-number in it"_s);
            vector.append(float(number.toDouble()));
        }
        vectors.append(std::move(vector));
    }
    return vectors;
}

QList<ModelInfo> parseModels(const QJsonObject &tags)
{
    QList<ModelInfo> models;
    const QJsonArray entries = tags.value("models"_L1).toArray();
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QJsonObject details = entry.value("details"_L1).toObject();
        ModelInfo model;
        model.name = entry.value("name"_L1).toString();
        if (model.name.isEmpty())
            model.name = entry.value("model"_L1).toString();
        model.digest = entry.value("digest"_L1).toString();
        model.sizeBytes = entry.value("size"_L1).toInteger();
        model.family = details.value("family"_L1).toString();
        model.parameterSize = details.value("parameter_size"_L1).toString();
        model.quantizationLevel = details.value("quantization_level"_L1).toString();
        model.modifiedAt = entry.value("modified_at"_L1).toString();
        if (!model.name.isEmpty())
            models.append(model);
    }
    return models;
}

void applyProxyPolicy(QNetworkAccessManager *network, const QUrl &baseUrl)
{
    // A desktop's http_proxy must not capture requests to a local Ollama.
    const QHostAddress address(baseUrl.host());
    const bool loopback = baseUrl.host() == "localhost"_L1 || address.isLoopback();
    network->setProxy(loopback ? QNetworkProxy(QNetworkProxy::NoProxy) : QNetworkProxy(QNetworkProxy::DefaultProxy));
}

} // namespace

/** The state of one chat call from leaving the queue to finished. A QObject child of the client
 *  so that it can be the context of the reply's connections and be deleted later: handlers that
 *  emit signals (whose slots may cancel) can still look at it afterwards. */
struct OllamaClient::Running : QObject
{
    enum class Phase {
        Connecting,       // until requestSent: the connect timeout runs
        WaitingFirstByte, // until the first body byte (the first-token timer runs until text arrives)
        Streaming,        // the idle timeout runs between reads
        RetryWait,        // the backoff before the next attempt
    };

    Running(ChatCall *chatCall, const ClientConfig &clientConfig, QObject *parent)
        : QObject(parent)
        , key(chatCall)
        , id(chatCall->id())
        , model(chatCall->request().model)
        , call(chatCall)
        , config(clientConfig)
        , timer(new QTimer(this))
        , firstTokenTimer(new QTimer(this))
        , totalTimer(new QTimer(this))
    {
        timer->setSingleShot(true);
        firstTokenTimer->setSingleShot(true);
        totalTimer->setSingleShot(true);
    }

    void stopTimers()
    {
        timer->stop();
        firstTokenTimer->stop();
        totalTimer->stop();
    }

    void restartTimer(int ms)
    {
        if (ms > 0)
            timer->start(ms);
        else
            timer->stop();
    }

    /** Takes the chunks into the completion and emits delta(); false when a slot ended the call
     *  or the reply reached config.maxReplyChars (then truncated is set and the caller ends it). */
    bool apply(const QList<ChatChunk> &chunks)
    {
        for (const ChatChunk &chunk : chunks) {
            if (!chunk.model.isEmpty())
                completion.model = chunk.model;
            if (chunk.done) {
                completion.doneReason = chunk.doneReason;
                completion.metrics = chunk.metrics;
            }
            if (chunk.content.isEmpty() && chunk.thinking.isEmpty())
                continue;
            QString content = chunk.content;
            QString thinking = chunk.thinking;
            // The limit bounds what one call can make us hold, whatever the model does.
            const qsizetype limit = config.maxReplyChars > 0 ? config.maxReplyChars : -1;
            if (limit >= 0) {
                content.truncate(std::max<qsizetype>(0, limit - completion.content.size()));
                thinking.truncate(std::max<qsizetype>(0, limit - completion.thinking.size()));
            }
            completion.content += content;
            completion.thinking += thinking;
            if (completion.firstTokenMs < 0) {
                completion.firstTokenMs = clock.elapsed() - sentAtMs;
                firstTokenTimer->stop();
            }
            if (call && (!content.isEmpty() || !thinking.isEmpty()))
                Q_EMIT call->delta(content, thinking);
            if (finished || cancelRequested)
                return false;
            if (limit >= 0 && (completion.content.size() >= limit || content.size() < chunk.content.size())) {
                completion.truncated = true;
                completion.doneReason = u"length"_s;
                return false;
            }
        }
        return true;
    }

    ChatCall *key; // the hash key; never dereferenced, the caller may have deleted the call
    quint64 id;
    QString model;
    QPointer<ChatCall> call;
    ClientConfig config; // as it was when the call left the queue
    QTimer *timer;           // connect, idle between chunks, retry backoff
    QTimer *firstTokenTimer; // from the request going out to the first token of text
    QTimer *totalTimer;      // from leaving the queue to the end
    QPointer<HttpStream> reply; // the /api/chat exchange of the current attempt
    Phase phase = Phase::Connecting;
    NdjsonChatParser parser;
    ChatCompletion completion;
    QElapsedTimer clock; // since leaving the queue
    qint64 sentAtMs = 0; // clock value when the current attempt went out
    QUrl url;
    QByteArray body;
    int httpStatus = 0;
    bool gotBody = false;
    QByteArray errorBody;
    bool cancelRequested = false;
    bool finished = false;
};

// ---------------------------------------------------------------------------------------------

ChatCall::ChatCall(quint64 id, ChatRequest request, OllamaClient *client)
    : QObject(client)
    , m_id(id)
    , m_request(std::move(request))
    , m_client(client)
{
}

void ChatCall::cancel()
{
    if (m_client)
        m_client->cancelCall(this);
}

// ---------------------------------------------------------------------------------------------

OllamaClient::OllamaClient(ClientConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_network(new QNetworkAccessManager(this))
{
    applyProxyPolicy(m_network, m_config.baseUrl);
}

OllamaClient::~OllamaClient()
{
    // Close the sockets of running calls so that Ollama stops generating; no finished() is
    // emitted from a destructor.
    for (Running *running : std::as_const(m_running)) {
        running->finished = true;
        running->stopTimers();
        if (HttpStream *reply = running->reply) {
            disconnect(reply, nullptr, running, nullptr);
            reply->abort();
        }
    }
}

void OllamaClient::setConfig(const ClientConfig &config)
{
    if (config.baseUrl != m_config.baseUrl) {
        m_digests.clear(); // digests belong to the server they came from
        applyProxyPolicy(m_network, config.baseUrl);
    }
    m_config = config;
}

ChatCall *OllamaClient::chat(const ChatRequest &request)
{
    auto *call = new ChatCall(m_nextCallId++, request, this);

    const int maxConcurrent = std::max(1, m_config.maxConcurrent);
    const qsizetype freeSlots = std::max<qsizetype>(0, maxConcurrent - m_running.size());
    const qsizetype waitingAfter = m_queue.size() + 1 - freeSlots;
    if (waitingAfter > std::max(0, m_config.maxQueued)) {
        qCWarning(lcLlm) << "chat call" << call->id() << "refused: queue full," << m_queue.size() << "waiting";
        const int limit = m_config.maxQueued;
        // Asynchronous even here, so that the caller can connect to finished() first.
        QTimer::singleShot(0, call, [call, limit] {
            ChatResult result;
            result.error = Error{ErrorCode::Busy,
                                 u"Too many chat requests are waiting for the model (at most %1 may queue); "
                                 "try again later."_s.arg(limit)};
            Q_EMIT call->finished(result);
            call->deleteLater();
        });
        return call;
    }

    m_queue.enqueue(call->id(), request.lane);
    m_queued.insert(call->id(), call);
    if (m_config.maxQueueWaitMs > 0) {
        const int waitMs = m_config.maxQueueWaitMs;
        QTimer::singleShot(waitMs, call, [this, call, waitMs] {
            if (!m_queue.contains(call->id()))
                return;
            qCWarning(lcLlm) << "chat call" << call->id() << "waited" << waitMs << "ms in the queue: refused";
            dropQueued(call, Error{ErrorCode::Busy,
                                   u"The model is busy: this request waited %1 s in the queue behind others "
                                   "(llm/max_queue_wait_ms) and was not sent; try again later."_s.arg(
                                       QString::number(waitMs / 1000.0, 'g', 3))});
        });
    }
    QMetaObject::invokeMethod(this, [this] { startNext(); }, Qt::QueuedConnection);
    schedulePositionReport();
    return call;
}

void OllamaClient::dropQueued(ChatCall *call, Error error)
{
    m_queue.remove(call->id());
    m_queued.remove(call->id());
    m_reportedAhead.remove(call->id());
    schedulePositionReport();
    QTimer::singleShot(0, call, [call, error = std::move(error)] {
        ChatResult result;
        result.error = error;
        Q_EMIT call->finished(result);
        call->deleteLater();
    });
}

void OllamaClient::schedulePositionReport()
{
    if (m_positionReportPending)
        return;
    m_positionReportPending = true;
    QMetaObject::invokeMethod(this, [this] { reportPositions(); }, Qt::QueuedConnection);
}

void OllamaClient::reportPositions()
{
    m_positionReportPending = false;
    int ahead = 0;
    for (const quint64 id : m_queue.order()) {
        const QPointer<ChatCall> call = m_queued.value(id);
        const auto reported = m_reportedAhead.constFind(id);
        if (call && (reported == m_reportedAhead.constEnd() || *reported != ahead)) {
            m_reportedAhead.insert(id, ahead);
            Q_EMIT call->waiting(ahead);
        }
        ++ahead;
    }
}

void OllamaClient::startNext()
{
    const int maxConcurrent = std::max(1, m_config.maxConcurrent);
    bool moved = false;
    while (m_running.size() < maxConcurrent && !m_queue.isEmpty()) {
        const quint64 nextId = *m_queue.takeNext();
        const QPointer<ChatCall> call = m_queued.take(nextId);
        m_reportedAhead.remove(nextId);
        moved = true;
        if (!call)
            continue;

        auto *running = new Running(call, m_config, this);
        m_running.insert(call, running);
        connect(running->timer, &QTimer::timeout, running, [this, running] { handleTimeout(running); });
        connect(running->firstTokenTimer, &QTimer::timeout, running, [this, running] {
            finishCall(running,
                       Error{ErrorCode::Timeout,
                             u"Ollama at %1 sent no text within %2 ms of the request (first-token timeout, "
                             "llm/first_token_timeout_ms); loading a large model can take that long, so raise "
                             "the timeout if this repeats."_s.arg(running->config.baseUrl.toString(),
                                                                  QString::number(running->config.firstTokenTimeoutMs))});
        });
        connect(running->totalTimer, &QTimer::timeout, running, [this, running] {
            finishCall(running, Error{ErrorCode::Timeout,
                                      u"Ollama at %1 did not finish the reply within %2 ms (total timeout, "
                                      "llm/total_timeout_ms); the request was stopped."_s.arg(
                                          running->config.baseUrl.toString(),
                                          QString::number(running->config.totalTimeoutMs))});
        });
        // A caller that deletes a running call instead of cancelling it still frees the slot
        // and closes the connection.
        connect(call, &QObject::destroyed, running, [this, running] {
            if (running->finished || running->cancelRequested)
                return;
            running->cancelRequested = true;
            finishCall(running, Error{ErrorCode::Cancelled, u"The chat call was deleted while it ran."_s});
        });
        running->clock.start();
        if (running->config.totalTimeoutMs > 0)
            running->totalTimer->start(running->config.totalTimeoutMs);
        running->url = endpoint(running->config.baseUrl, u"/api/chat"_s);
        const QJsonObject body = call->request().toJson();
        running->body = toCompactJson(body);

        const QString model = call->request().model;
        const QString digest = knownDigest(model);
        qCInfo(lcLlm).noquote() << "chat call" << call->id() << "->" << running->url.toString() << "model" << model
                                << (digest.isEmpty() ? u"(unknown digest)"_s : digest);

        sendAttempt(running);
        // Slots of these signals may cancel the call; Running stays valid until deleteLater.
        Q_EMIT chatRequestSent(call->id(), model, digest, body);
        if (call && !running->finished && !running->cancelRequested)
            Q_EMIT call->started();
    }
    if (moved)
        schedulePositionReport();
}

void OllamaClient::endIfTruncated(Running *running)
{
    if (running->finished || !running->completion.truncated)
        return;
    qCInfo(lcLlm).noquote() << "chat call" << running->id << "reached" << running->config.maxReplyChars
                            << "characters (llm/max_reply_chars): stopped, reply kept";
    finishCall(running, std::nullopt); // closes the connection, so the model stops generating
}

void OllamaClient::sendAttempt(Running *running)
{
    running->firstTokenTimer->stop(); // a new attempt: nothing arrived on the last one
    ++running->completion.attempts;
    running->phase = Running::Phase::Connecting;
    running->gotBody = false;
    running->httpStatus = 0;
    running->errorBody.clear();
    running->parser = NdjsonChatParser();
    running->sentAtMs = running->clock.elapsed();

    auto *reply = new HttpStream(running);
    running->reply = reply;
    // From here the first-token deadline runs until text arrives, whatever bytes come before
    // it (headers, empty chunks); the idle timeout starts with the body.
    auto requestIsOut = [running] {
        if (running->phase != Running::Phase::Connecting)
            return;
        running->phase = Running::Phase::WaitingFirstByte;
        running->timer->stop();
        if (running->completion.firstTokenMs < 0 && running->config.firstTokenTimeoutMs > 0
            && !running->firstTokenTimer->isActive())
            running->firstTokenTimer->start(running->config.firstTokenTimeoutMs);
    };
    connect(reply, &HttpStream::requestSent, running, requestIsOut);
    // Headers mean the request certainly went out, even if requestSent was missed.
    connect(reply, &HttpStream::headReceived, running, requestIsOut);
    connect(reply, &HttpStream::readyRead, running, [this, running] { handleReadyRead(running); });
    connect(reply, &HttpStream::finished, running, [this, running] { handleReplyFinished(running); });
    running->restartTimer(running->config.connectTimeoutMs);
    reply->post(running->url, "application/json", running->body);
}

void OllamaClient::handleReadyRead(Running *running)
{
    if (running->finished || running->cancelRequested || !running->reply)
        return;
    HttpStream *reply = running->reply;
    if (running->httpStatus == 0)
        running->httpStatus = reply->status();
    const QByteArray bytes = reply->readAll();
    if (bytes.isEmpty())
        return;

    running->gotBody = true;
    running->phase = Running::Phase::Streaming;
    running->restartTimer(running->config.idleTimeoutMs);

    if (running->httpStatus != 200) {
        // An error status: the body is one JSON object, read whole when the reply finishes.
        if (running->errorBody.size() < kMaxErrorBodyBytes)
            running->errorBody.append(bytes.left(kMaxErrorBodyBytes - running->errorBody.size()));
        return;
    }

    const Result<QList<ChatChunk>> chunks = running->parser.feed(bytes);
    if (!chunks) {
        finishCall(running, chunks.error());
        return;
    }
    if (!running->apply(*chunks))
        return endIfTruncated(running);
    // The parser hands out the good lines before an error line of the same read and keeps the
    // error for the next call: fail now rather than wait for the end of the body.
    if (!running->parser.sawFinalChunk()) {
        if (const Result<QList<ChatChunk>> pending = running->parser.feed(QByteArray()); !pending)
            finishCall(running, pending.error());
    }
}

void OllamaClient::handleReplyFinished(Running *running)
{
    if (running->finished || running->cancelRequested || !running->reply)
        return;
    HttpStream *reply = running->reply;
    running->reply = nullptr;
    disconnect(reply, nullptr, running, nullptr);
    reply->deleteLater();
    running->timer->stop();

    const int status = reply->status();
    const HttpStream::Failure networkError = reply->failure();
    const QByteArray rest = reply->readAll();
    const QString baseUrl = running->config.baseUrl.toString();

    if (status == 0) {
        // No HTTP answer at all. Only a request that produced no output may go again.
        if (!running->gotBody && isConnectionFailure(networkError)
            && running->completion.attempts <= running->config.maxRetries) {
            const int delayMs = running->config.retryBaseDelayMs * (1 << std::min(running->completion.attempts - 1, 16));
            qCInfo(lcLlm).noquote() << "chat call" << running->id << "attempt" << running->completion.attempts
                                    << "failed:" << reply->errorString() << "- retrying in" << delayMs << "ms";
            running->phase = Running::Phase::RetryWait;
            running->timer->start(std::max(0, delayMs));
            return;
        }
        finishCall(running, Error{ErrorCode::LlmUnreachable,
                                  u"Cannot reach Ollama at %1: %2."_s.arg(baseUrl, reply->errorString())});
        return;
    }

    if (status != 200) {
        running->errorBody.append(rest.left(std::max<qsizetype>(0, kMaxErrorBodyBytes - running->errorBody.size())));
        finishCall(running, httpError(running->config.baseUrl, running->model, status,
                                      running->errorBody));
        return;
    }

    if (!rest.isEmpty()) {
        const Result<QList<ChatChunk>> chunks = running->parser.feed(rest);
        if (!chunks) {
            finishCall(running, chunks.error());
            return;
        }
        if (!running->apply(*chunks))
            return endIfTruncated(running);
    }
    const Result<QList<ChatChunk>> tail = running->parser.finish();
    if (!tail) {
        if (networkError != HttpStream::Failure::None && tail.error().code == ErrorCode::LlmMalformed) {
            // The body was cut off by the network, not by Ollama.
            finishCall(running, Error{ErrorCode::LlmHttp,
                                      u"The connection to Ollama at %1 broke during the reply: %2."_s.arg(
                                          baseUrl, reply->errorString()),
                                      status});
            return;
        }
        finishCall(running, tail.error());
        return;
    }
    if (!running->apply(*tail))
        return endIfTruncated(running);
    finishCall(running, std::nullopt);
}

void OllamaClient::handleTimeout(Running *running)
{
    if (running->finished || running->cancelRequested)
        return;
    const QString baseUrl = running->config.baseUrl.toString();
    const Running::Phase phase = running->phase;
    if (phase == Running::Phase::RetryWait) {
        sendAttempt(running);
        return;
    }

    if (HttpStream *reply = running->reply) {
        running->reply = nullptr;
        disconnect(reply, nullptr, running, nullptr);
        reply->abort(); // closes the connection at once: the model stops generating
        reply->deleteLater();
    }

    switch (phase) {
    case Running::Phase::Connecting:
        // Nothing reached the model yet, so this counts as a connection failure.
        if (running->completion.attempts <= running->config.maxRetries) {
            const int delayMs = running->config.retryBaseDelayMs * (1 << std::min(running->completion.attempts - 1, 16));
            qCInfo(lcLlm).noquote() << "chat call" << running->id << "attempt" << running->completion.attempts
                                    << "could not connect within" << running->config.connectTimeoutMs
                                    << "ms - retrying in" << delayMs << "ms";
            running->phase = Running::Phase::RetryWait;
            running->timer->start(std::max(0, delayMs));
            return;
        }
        finishCall(running, Error{ErrorCode::Timeout, u"Could not connect to Ollama at %1 within %2 ms (connect timeout, llm/connect_timeout_ms)."_s.arg(
                                                          baseUrl, QString::number(running->config.connectTimeoutMs))});
        return;
    case Running::Phase::WaitingFirstByte:
        return; // the first-token timer guards this phase, not this one
    case Running::Phase::Streaming:
        finishCall(running, Error{ErrorCode::Timeout,
                                  u"Ollama at %1 sent nothing for %2 ms in the middle of the reply (idle timeout, llm/idle_timeout_ms)."_s.arg(
                                      baseUrl, QString::number(running->config.idleTimeoutMs))});
        return;
    case Running::Phase::RetryWait:
        break;
    }
}

void OllamaClient::cancelCall(ChatCall *call)
{
    if (m_queue.contains(call->id())) {
        qCInfo(lcLlm) << "chat call" << call->id() << "cancelled while queued";
        dropQueued(call, Error{ErrorCode::Cancelled, u"The chat request was cancelled before it was sent."_s});
        return;
    }

    Running *running = m_running.value(call);
    if (!running || running->finished || running->cancelRequested)
        return;
    running->cancelRequested = true;
    running->stopTimers();
    // Closing the socket is Ollama's only cancel mechanism (spec §1.8): abort now, not later.
    if (HttpStream *reply = running->reply) {
        running->reply = nullptr;
        disconnect(reply, nullptr, running, nullptr);
        reply->abort(); // closes the connection at once: the model stops generating
        reply->deleteLater();
    }
    // finished() arrives from the event loop, never from inside cancel().
    QMetaObject::invokeMethod(
        running,
        [this, running] {
            finishCall(running, Error{ErrorCode::Cancelled, u"The chat request was cancelled."_s});
        },
        Qt::QueuedConnection);
}

void OllamaClient::finishCall(Running *running, std::optional<Error> error)
{
    if (running->finished)
        return;
    running->finished = true;
    running->stopTimers();
    if (HttpStream *reply = running->reply) {
        running->reply = nullptr;
        disconnect(reply, nullptr, running, nullptr);
        reply->abort(); // closes the connection at once: the model stops generating
        reply->deleteLater();
    }
    m_running.remove(running->key);
    running->completion.elapsedMs = running->clock.elapsed();

    if (!error) {
        qCInfo(lcLlm).noquote() << "chat call" << running->id << "done:" << running->completion.doneReason
                                << running->completion.metrics.evalCount << "tokens in"
                                << running->completion.elapsedMs << "ms";
    } else if (error->code == ErrorCode::Cancelled) {
        qCInfo(lcLlm).noquote() << "chat call" << running->id << "cancelled after"
                                << running->completion.elapsedMs << "ms";
    } else {
        qCWarning(lcLlm).noquote() << "chat call" << running->id << "failed:" << errorCodeName(error->code)
                                   << error->message;
    }

    ChatResult result{running->completion, std::move(error)};
    if (ChatCall *call = running->call) {
        Q_EMIT call->finished(result);
        call->deleteLater();
    }
    running->deleteLater();
    QMetaObject::invokeMethod(this, [this] { startNext(); }, Qt::QueuedConnection);
}

QNetworkReply *OllamaClient::getJson(const QString &path)
{
    QNetworkRequest request = jsonRequest(endpoint(m_config.baseUrl, path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QVariant());
    return m_network->get(request);
}

QNetworkReply *OllamaClient::postJson(const QString &path, const QJsonObject &body)
{
    return m_network->post(jsonRequest(endpoint(m_config.baseUrl, path)), toCompactJson(body));
}

void OllamaClient::checkServer(const QString &model, QObject *context, std::function<void(ServerReport)> done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    auto deliver = [guard, hasContext, done = std::move(done)](const ServerReport &report) {
        if (hasContext && !guard)
            return;
        done(report);
    };

    ServerReport report;
    report.url = m_config.baseUrl;
    report.model = model;
    const QString baseUrl = m_config.baseUrl.toString();
    const int timeoutMs = m_config.requestTimeoutMs;

    awaitJson(getJson(u"/api/version"_s), timeoutMs, this, [=, this](const JsonReply &version) mutable {
        if (version.status == 0) {
            report.error = u"Cannot reach Ollama at %1: %2."_s.arg(baseUrl, version.networkError);
            deliver(report);
            return;
        }
        if (version.status != 200 || !version.json.value("version"_L1).isString()) {
            report.error = u"The server at %1 does not look like Ollama: GET /api/version answered HTTP %2."_s.arg(
                baseUrl, QString::number(version.status));
            deliver(report);
            return;
        }
        report.reachable = true;
        report.version = version.json.value("version"_L1).toString();

        awaitJson(getJson(u"/api/tags"_s), timeoutMs, this, [=, this](const JsonReply &tags) mutable {
            if (tags.status == 200 && tags.isJson) {
                report.models = parseModels(tags.json);
                m_digests.clear();
                for (const ModelInfo &info : std::as_const(report.models))
                    m_digests.insert(normalizedModelName(info.name), info.digest);
            } else {
                report.error = u"Ollama at %1 could not list its models: %2"_s.arg(
                    baseUrl, tags.status == 0 ? tags.networkError
                                              : u"HTTP %1 %2"_s.arg(QString::number(tags.status), errorText(tags.body)));
            }
            if (model.isEmpty()) {
                deliver(report);
                return;
            }
            report.digest = knownDigest(model);

            awaitJson(postJson(u"/api/show"_s, QJsonObject{{u"model"_s, model}}), timeoutMs, this,
                      [=](const JsonReply &show) mutable {
                          if (show.status == 200 && show.isJson) {
                              report.modelPresent = true;
                              const QJsonArray capabilities = show.json.value("capabilities"_L1).toArray();
                              for (const QJsonValue &capability : capabilities)
                                  report.capabilities.append(capability.toString());
                              const QJsonObject info = show.json.value("model_info"_L1).toObject();
                              for (auto it = info.begin(); it != info.end(); ++it) {
                                  if (it.key().endsWith(".context_length"_L1)) {
                                      report.contextLength = int(it.value().toInteger());
                                      break;
                                  }
                              }
                          } else if (show.status == 404) {
                              report.modelPresent = false;
                              report.error = u"Model '%1' is not installed on the Ollama server at %2: %3. "
                                             "Run `ollama pull %1`."_s.arg(model, baseUrl, errorText(show.body));
                          } else {
                              // The show call failed for another reason; the tags list still tells presence.
                              report.modelPresent = std::any_of(
                                  report.models.cbegin(), report.models.cend(), [&model](const ModelInfo &info) {
                                      return normalizedModelName(info.name) == normalizedModelName(model);
                                  });
                              report.error = u"Ollama at %1 could not describe the model '%2': %3"_s.arg(
                                  baseUrl, model,
                                  show.status == 0 ? show.networkError
                                                   : u"HTTP %1 %2"_s.arg(QString::number(show.status),
                                                                         errorText(show.body)));
                          }
                          deliver(report);
                      });
        });
    });
}

void OllamaClient::listModels(QObject *context, std::function<void(Result<QList<ModelInfo>>)> done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    const QString baseUrl = m_config.baseUrl.toString();
    awaitJson(getJson(u"/api/tags"_s), m_config.requestTimeoutMs, this,
              [this, guard, hasContext, baseUrl, done = std::move(done)](const JsonReply &tags) {
                  Result<QList<ModelInfo>> result;
                  if (tags.status == 0) {
                      result = fail(ErrorCode::LlmUnreachable,
                                    u"Cannot reach Ollama at %1: %2."_s.arg(baseUrl, tags.networkError));
                  } else if (tags.status != 200) {
                      result = fail(ErrorCode::LlmHttp,
                                    u"Ollama at %1 answered HTTP %2: %3"_s.arg(baseUrl, QString::number(tags.status),
                                                                             errorText(tags.body)),
                                    tags.status);
                  } else if (!tags.isJson || !tags.json.value("models"_L1).isArray()) {
                      result = fail(ErrorCode::LlmMalformed,
                                    u"Ollama at %1 sent a model list that is not {\"models\": [...]}."_s.arg(baseUrl));
                  } else {
                      result = parseModels(tags.json);
                      m_digests.clear();
                      for (const ModelInfo &info : std::as_const(*result))
                          m_digests.insert(normalizedModelName(info.name), info.digest);
                  }
                  if (hasContext && !guard)
                      return;
                  done(std::move(result));
              });
}

void OllamaClient::embed(const QString &model, const QStringList &texts, QObject *context,
                         std::function<void(Result<QList<QList<float>>>)> done)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    if (texts.isEmpty()) {
        // Ollama would answer {"embeddings": []} (spec §1.5): skip the round trip, stay asynchronous.
        QTimer::singleShot(0, this, [guard, hasContext, done = std::move(done)] {
            if (hasContext && !guard)
                return;
            done(QList<QList<float>>());
        });
        return;
    }

    QJsonArray input;
    for (const QString &text : texts)
        input.append(text);
    const QUrl baseUrl = m_config.baseUrl;
    const int timeoutMs = m_config.requestTimeoutMs;
    const qsizetype count = texts.size();
    qCDebug(lcLlm).noquote() << "embed" << count << "texts with" << model << "at" << baseUrl.toString();
    awaitJson(postJson(u"/api/embed"_s, QJsonObject{{u"model"_s, model}, {u"input"_s, input}}), timeoutMs, this,
              [guard, hasContext, baseUrl, model, count, timeoutMs, done = std::move(done)](const JsonReply &reply) {
                  Result<QList<QList<float>>> result = parseEmbedReply(reply, baseUrl, model, count, timeoutMs);
                  if (!result)
                      qCWarning(lcLlm).noquote() << "embed with" << model << "failed:"
                                                 << errorCodeName(result.error().code) << result.error().message;
                  if (hasContext && !guard)
                      return;
                  done(std::move(result));
              });
}

QString OllamaClient::knownDigest(const QString &model) const
{
    return m_digests.value(normalizedModelName(model));
}

int OllamaClient::runningCount() const
{
    return int(m_running.size());
}

int OllamaClient::queuedCount() const
{
    // A caller may have deleted a queued call; startNext() skips those.
    return int(std::count_if(m_queued.cbegin(), m_queued.cend(), [](const QPointer<ChatCall> &call) { return !call.isNull(); }));
}

} // namespace Studio::Llm
