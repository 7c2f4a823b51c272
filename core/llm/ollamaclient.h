// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"
#include "fairqueue.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace Studio::Llm {

/** Client settings; every timeout in milliseconds, 0 disables it. */
struct ClientConfig
{
    QUrl baseUrl = QUrl(QStringLiteral("http://127.0.0.1:11434"));
    int connectTimeoutMs = 5000;     // until the request is sent
    int firstTokenTimeoutMs = 120000; // from sent to the first token of text (a cold model load is slow)
    int idleTimeoutMs = 60000;       // between two chunks once the reply streams
    int totalTimeoutMs = 600000;     // from leaving the queue to the end, retries included
    int requestTimeoutMs = 10000;    // the non-streaming calls: version, tags, show
    int maxRetries = 2;              // connection failures before any output; never after
    int retryBaseDelayMs = 250;      // doubled on each retry
    int maxConcurrent = 1;           // calls at once (llm/parallel); Ollama's own parallelism is its setting
    int maxQueued = 4096;            // further calls fail at once with ErrorCode::Busy
    int maxQueueWaitMs = 120000;     // a call waiting longer fails with ErrorCode::Busy
    int maxReplyChars = 64000;       // past it the call is aborted and the reply kept, cut off ("length")
};

class OllamaClient;

/** @brief One /api/chat call: queued, then streaming, then finished exactly once.
 *  Owned by the OllamaClient; deletes itself (deleteLater) after finished. Thread: the client's. */
class ChatCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatCall)

public:
    quint64 id() const { return m_id; }
    const ChatRequest &request() const { return m_request; }

    /** Aborts the HTTP request at once (or leaves the queue); finished() follows with
     *  ErrorCode::Cancelled and whatever content had arrived. No-op once finished. */
    void cancel();

Q_SIGNALS:
    /** While queued: how many calls will be served before this one (emitted when it changes). */
    void waiting(int ahead);
    void started();                                            // left the queue, request going out
    void delta(const QString &content, const QString &thinking); // a chunk with text
    void finished(const Studio::Llm::ChatResult &result);

private:
    friend class OllamaClient;
    ChatCall(quint64 id, ChatRequest request, OllamaClient *client);

    quint64 m_id;
    ChatRequest m_request;
    QPointer<OllamaClient> m_client;
};

/** @brief Talks to Ollama's HTTP API: streamed chat with a concurrency limit and a fair queue
 *  (round-robin over ChatRequest::lane), deadlines (connect, first token, idle, total, queue
 *  wait), a bound on the reply's length, retries of connection failures, cancellation, and the
 *  model check.
 *  One QNetworkAccessManager; lives on the engine thread and is used only there. */
class OllamaClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OllamaClient)

public:
    explicit OllamaClient(ClientConfig config, QObject *parent = nullptr);
    ~OllamaClient() override;

    void setConfig(const ClientConfig &config); // applies to calls started afterwards
    const ClientConfig &config() const { return m_config; }

    /** Starts (or queues) a streamed chat call. Never returns null; errors arrive via finished(). */
    ChatCall *chat(const ChatRequest &request);

    /** /api/version + /api/tags + /api/show(model). done runs once, on this thread, unless
     *  context was destroyed first. Never fails: an unreachable server is a report too. */
    void checkServer(const QString &model, QObject *context, std::function<void(ServerReport)> done);

    /** /api/tags. */
    void listModels(QObject *context, std::function<void(Result<QList<ModelInfo>>)> done);

    /** POST /api/embed {model, input: [texts]} (spec §1.5): one vector per text, in order, as
     *  Ollama sent it (normalised by Ollama). done runs once, on this thread, unless context was
     *  destroyed first; an empty texts list gives an empty list without a request. Not queued
     *  behind chat calls. Errors: LlmUnreachable, LlmModelMissing (with `ollama pull` advice),
     *  LlmHttp (with Ollama's message), LlmMalformed (not one equal-length number array per
     *  text), Timeout (requestTimeoutMs for the whole request). */
    void embed(const QString &model, const QStringList &texts, QObject *context,
               std::function<void(Result<QList<QList<float>>>)> done);

    /** The digest last seen for a model in /api/tags or /api/show; empty when unknown. */
    QString knownDigest(const QString &model) const;

    int runningCount() const;
    int queuedCount() const;

Q_SIGNALS:
    /** Emitted as each chat request leaves the queue: the exact body, for logging and the inspector. */
    void chatRequestSent(quint64 callId, const QString &model, const QString &digest, const QJsonObject &body);

private:
    friend class ChatCall;
    struct Running;

    void cancelCall(ChatCall *call);
    void startNext();
    /** Fails a queued call without it ever being sent (cancel, queue-wait timeout). */
    void dropQueued(ChatCall *call, Error error);
    /** Tells waiting calls their place, once per event-loop pass however often the queue moved. */
    void schedulePositionReport();
    void reportPositions();
    void sendAttempt(Running *running);
    void handleReadyRead(Running *running);
    void handleReplyFinished(Running *running);
    void handleTimeout(Running *running);
    /** Ends a call whose reply reached maxReplyChars: kept as it is, doneReason "length". */
    void endIfTruncated(Running *running);
    void finishCall(Running *running, std::optional<Error> error);
    QNetworkReply *getJson(const QString &path);
    QNetworkReply *postJson(const QString &path, const QJsonObject &body);

    ClientConfig m_config;
    QNetworkAccessManager *m_network;
    quint64 m_nextCallId = 1;
    FairQueue m_queue;                          // ids of the waiting calls
    QHash<quint64, QPointer<ChatCall>> m_queued; // the waiting calls by id
    QHash<quint64, int> m_reportedAhead;         // the place each waiting call was last told
    bool m_positionReportPending = false;
    QHash<ChatCall *, Running *> m_running;
    QHash<QString, QString> m_digests;
};

} // namespace Studio::Llm
