// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"

#include <QByteArray>

namespace Studio::Llm {

/** @brief Incremental parser of Ollama's streamed /api/chat body (NDJSON).
 *
 *  Bytes arrive in arbitrary pieces: a line may be split across reads and one read may hold
 *  many lines. feed() returns the chunks of every line completed so far. A line holding
 *  {"error": "..."} (Ollama's way to fail after HTTP 200) or a line that is not a JSON object
 *  is an error (ErrorCode::LlmHttp with httpStatus 200, resp. ErrorCode::LlmMalformed); after
 *  an error the parser stays failed. finish() is called at the end of the body: it parses a
 *  last line without a newline and fails with LlmMalformed when no final chunk (done: true)
 *  arrived, e.g. an empty body. Lines after the final chunk are ignored. Empty lines are skipped.
 *  A line of more than kMaxLineBytes, finished or not, is LlmMalformed.
 *  Thread: any, one parser per reply. */
class NdjsonChatParser
{
public:
    /** A longer line (complete or still arriving) is an error: no chat chunk is that large. */
    static constexpr qsizetype kMaxLineBytes = 1024 * 1024;

    Result<QList<ChatChunk>> feed(const QByteArray &bytes);
    Result<QList<ChatChunk>> finish();

    bool sawFinalChunk() const { return m_sawFinal; }

    /** Parses one complete line (without its newline). */
    static Result<ChatChunk> parseLine(const QByteArray &line);

private:
    Result<QList<ChatChunk>> takeLines(bool endOfBody);
    static Error lineTooLong();

    QByteArray m_buffer;
    bool m_sawFinal = false;
    std::optional<Error> m_failure;
};

} // namespace Studio::Llm
