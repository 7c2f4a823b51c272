// SPDX-License-Identifier: MIT
#include "ndjsonchatparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Studio::Llm {

namespace {

constexpr qsizetype kMaxQuotedBytes = 120;

// Enough of a bad line to recognise it in a log, never a whole megabyte of garbage.
QString quoted(const QByteArray &line)
{
    const QByteArray head = line.left(kMaxQuotedBytes);
    return QString::fromUtf8(head) + (line.size() > kMaxQuotedBytes ? u"…"_s : QString());
}

} // namespace

Result<ChatChunk> NdjsonChatParser::parseLine(const QByteArray &line)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(ErrorCode::LlmMalformed,
                    u"The chat stream holds a line that is not JSON (%1 at offset %2): %3"_s.arg(
                        parseError.errorString(), QString::number(parseError.offset), quoted(line)));
    if (!document.isObject())
        return fail(ErrorCode::LlmMalformed,
                    u"The chat stream holds a line that is not a JSON object: %1"_s.arg(quoted(line)));

    const QJsonObject object = document.object();
    // After HTTP 200 Ollama can only report a failure in-band, as {"error": "..."} (spec §1.7).
    if (const QJsonValue error = object.value("error"_L1); !error.isUndefined()) {
        const QString text = error.isString() ? error.toString()
                                              : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
        return fail(ErrorCode::LlmHttp, u"Ollama stopped the reply with an error: %1"_s.arg(text), 200);
    }
    // "done" is not omitempty in api.ChatResponse, so its absence means this is not Ollama's chat stream.
    const QJsonValue done = object.value("done"_L1);
    if (!done.isBool())
        return fail(ErrorCode::LlmMalformed,
                    u"The chat stream holds an object without a boolean \"done\": %1"_s.arg(quoted(line)));

    ChatChunk chunk;
    chunk.model = object.value("model"_L1).toString();
    const QJsonObject message = object.value("message"_L1).toObject();
    chunk.content = message.value("content"_L1).toString();
    chunk.thinking = message.value("thinking"_L1).toString();
    chunk.done = done.toBool();
    if (chunk.done) {
        chunk.doneReason = object.value("done_reason"_L1).toString();
        // Metric fields are omitempty: absent means zero (spec §1.2).
        chunk.metrics.promptEvalCount = int(object.value("prompt_eval_count"_L1).toInteger());
        chunk.metrics.evalCount = int(object.value("eval_count"_L1).toInteger());
        chunk.metrics.totalDurationNs = object.value("total_duration"_L1).toInteger();
        chunk.metrics.loadDurationNs = object.value("load_duration"_L1).toInteger();
        chunk.metrics.promptEvalDurationNs = object.value("prompt_eval_duration"_L1).toInteger();
        chunk.metrics.evalDurationNs = object.value("eval_duration"_L1).toInteger();
    }
    return chunk;
}

Result<QList<ChatChunk>> NdjsonChatParser::feed(const QByteArray &bytes)
{
    if (m_failure)
        return fail(*m_failure);
    if (m_sawFinal)
        return QList<ChatChunk>{}; // trailing bytes after the final chunk are not our business
    m_buffer.append(bytes);
    return takeLines(false);
}

Result<QList<ChatChunk>> NdjsonChatParser::finish()
{
    if (m_failure)
        return fail(*m_failure);
    if (m_sawFinal)
        return QList<ChatChunk>{};
    Result<QList<ChatChunk>> chunks = takeLines(true);
    if (!chunks)
        return chunks;
    if (m_failure) // an error line right after good ones in the same last piece
        return fail(*m_failure);
    if (!m_sawFinal) {
        m_failure = Error{ErrorCode::LlmMalformed,
                          u"The chat stream ended without its final chunk (\"done\": true)."_s};
        return fail(*m_failure);
    }
    return chunks;
}

Result<QList<ChatChunk>> NdjsonChatParser::takeLines(bool endOfBody)
{
    QList<ChatChunk> chunks;
    qsizetype start = 0;
    while (!m_sawFinal) {
        qsizetype end = m_buffer.indexOf('\n', start);
        qsizetype next = end + 1;
        if (end < 0) {
            if (!endOfBody || start >= m_buffer.size())
                break;
            end = m_buffer.size(); // the last line may lack its newline
            next = end;
        }
        // Bytes are only decoded per complete line, so a UTF-8 sequence split across reads is safe.
        const QByteArray line = m_buffer.sliced(start, end - start).trimmed(); // also drops a CR of CRLF
        start = next;
        if (line.isEmpty())
            continue;

        Result<ChatChunk> chunk = line.size() > kMaxLineBytes ? Result<ChatChunk>(fail(lineTooLong())) : parseLine(line);
        if (!chunk) {
            m_failure = chunk.error();
            m_buffer.clear();
            // Chunks that completed before the bad line are still delivered (the caller keeps a
            // partial reply); the failure is then reported by the next feed() or by finish().
            if (chunks.isEmpty())
                return fail(*m_failure);
            return chunks;
        }
        m_sawFinal = chunk->done;
        chunks.append(std::move(*chunk));
    }
    if (m_sawFinal)
        m_buffer.clear(); // lines after the final chunk are ignored
    else
        m_buffer.remove(0, start);
    // What is left is an unfinished line: one that long would never be a chat chunk, and
    // waiting for its end would let a broken server fill the memory.
    if (m_buffer.size() > kMaxLineBytes) {
        m_failure = lineTooLong();
        m_buffer.clear();
        if (chunks.isEmpty())
            return fail(*m_failure);
    }
    return chunks;
}

Error NdjsonChatParser::lineTooLong()
{
    return Error{ErrorCode::LlmMalformed,
                 u"The chat stream holds a line of more than %1 MiB; a chat chunk is never that long, so the reply "
                 "was stopped."_s.arg(kMaxLineBytes / (1024 * 1024))};
}

} // namespace Studio::Llm
