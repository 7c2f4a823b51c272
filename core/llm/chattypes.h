// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace Studio::Llm {

/** One message of an /api/chat request. role is "system", "user" or "assistant". */
struct ChatMessage
{
    QString role;
    QString content;

    bool operator==(const ChatMessage &) const = default;
};

/** The request options we set ourselves; everything else falls back to the Modelfile. */
struct ChatOptions
{
    int numCtx = 8192;                 // options.num_ctx, always sent
    std::optional<double> temperature; // options.temperature when set
    std::optional<int> numPredict;     // options.num_predict: the reply's token budget
    bool think = false;                // top-level "think"; sent as false unless a persona wants thinking
    QString keepAlive;                 // top-level "keep_alive" when not empty, e.g. "5m"
};

/** A request to POST /api/chat; toJson() is the exact body sent (always "stream": true). */
struct ChatRequest
{
    QString model;
    QList<ChatMessage> messages;
    ChatOptions options;
    QString lane; // who is waiting (a session id): the queue serves lanes round-robin; not sent

    QJsonObject toJson() const;
};

/** Ollama's own counters from the final chunk; zero when Ollama omitted them. Durations in ns. */
struct ChatMetrics
{
    int promptEvalCount = 0;
    int evalCount = 0;
    qint64 totalDurationNs = 0;
    qint64 loadDurationNs = 0;
    qint64 promptEvalDurationNs = 0;
    qint64 evalDurationNs = 0;
};

/** One parsed NDJSON line of a streamed /api/chat reply. */
struct ChatChunk
{
    QString model;
    QString content;  // message.content delta ("" in the final chunk)
    QString thinking; // message.thinking delta, if any
    bool done = false;
    QString doneReason; // final chunk only: "stop", "length", "load", "unload"
    ChatMetrics metrics; // final chunk only
};

/** What a finished (or failed, or cancelled) chat call produced. content holds what arrived
 *  before a failure or cancel, so the caller can keep a partial reply. */
struct ChatCompletion
{
    QString model;
    QString content;
    QString thinking;
    QString doneReason;
    ChatMetrics metrics;
    qint64 firstTokenMs = -1; // from sending the request to the first content; -1 if none
    qint64 elapsedMs = 0;     // from leaving the queue to the end
    int attempts = 0;         // 1 + retries of connection failures
    bool truncated = false;   // stopped at the client's length limit (doneReason "length")
};

struct ChatResult
{
    ChatCompletion completion;
    std::optional<Error> error; // set on failure, timeout and cancel (ErrorCode::Cancelled)

    bool ok() const { return !error.has_value(); }
};

/** An entry of GET /api/tags. */
struct ModelInfo
{
    QString name;
    QString digest;
    qint64 sizeBytes = 0;
    QString family;
    QString parameterSize;
    QString quantizationLevel;
    QString modifiedAt; // as Ollama sent it (RFC 3339)
};

/** The model check: /api/version, /api/tags, /api/show for the configured model. */
struct ServerReport
{
    QUrl url;
    bool reachable = false;
    QString version;
    QString error; // why the server or the model check failed, one sentence
    QList<ModelInfo> models;

    QString model;
    bool modelPresent = false;
    QString digest;
    int contextLength = 0;    // from /api/show model_info "<arch>.context_length"
    QStringList capabilities; // from /api/show

    /** One or two sentences that say what to do: start Ollama, or `ollama pull <model>`; empty when all is well. */
    QString advice() const;
};

} // namespace Studio::Llm

Q_DECLARE_METATYPE(Studio::Llm::ChatResult)
Q_DECLARE_METATYPE(Studio::Llm::ServerReport)
