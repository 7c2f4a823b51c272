// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

#include <expected>

namespace Studio {

/** @brief What went wrong, for callers that branch on the kind of failure.
 *  Front doors map these onto exit codes (CLI), JSON-RPC codes (MCP) and
 *  translated sentences (GUI); the message is stable English for logs and protocols. */
enum class ErrorCode {
    InvalidArgument,   // the caller can fix the input
    NotFound,          // unknown persona, session, conversation, message
    Conflict,          // duplicate name, built-in that cannot be deleted
    Busy,              // a reply is already being written, a queue is full
    Storage,           // SQLite failed (disk full, locked, corrupt)
    LlmUnreachable,    // no connection to the model server
    LlmModelMissing,   // the server answered 404 for the model
    LlmHttp,           // the server answered another HTTP error
    LlmMalformed,      // the stream was not Ollama's NDJSON
    Timeout,           // connect, first token or idle timeout
    Cancelled,         // a stop button, a notifications/cancelled, a closed socket
    TooLarge,          // message does not fit the model's context or a size limit
    Internal,          // a bug; the message says where
};

QString errorCodeName(ErrorCode code);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    int httpStatus = 0; // LlmHttp and LlmModelMissing: the server's status

    bool operator==(const Error &) const = default;

    bool isLlmUnavailable() const
    {
        return code == ErrorCode::LlmUnreachable || code == ErrorCode::LlmModelMissing;
    }
};

template<typename T>
using Result = std::expected<T, Error>;

/** Shorthand for returning a failure: `return fail(ErrorCode::NotFound, u"..."_s);` */
inline std::unexpected<Error> fail(ErrorCode code, const QString &message, int httpStatus = 0)
{
    return std::unexpected<Error>(Error{code, message, httpStatus});
}

inline std::unexpected<Error> fail(const Error &error)
{
    return std::unexpected<Error>(error);
}

} // namespace Studio

Q_DECLARE_METATYPE(Studio::Error)
