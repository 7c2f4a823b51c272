// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <expected>

namespace Studio::Mcp {

/** JSON-RPC 2.0 error codes (https://www.jsonrpc.org/specification#error_object) and the
 *  server-defined ones (-32000..-32099) we use. Named once, here; sent on the wire, never renumber. */
enum class RpcErrorCode : int {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    // Server-defined
    TooManyRequests = -32000,  // in-flight limit or rate limit of the session
    NotInitialized = -32001,   // an MCP request before initialize
    ResourceNotFound = -32002, // resources/read of an unknown URI (the MCP specification's code)
    MessageTooLarge = -32003,  // over the session's message size limit
    Unauthorized = -32004,     // missing or wrong bearer token
};

struct RpcError
{
    int code = int(RpcErrorCode::InternalError);
    QString message;
    QJsonValue data; // undefined: no "data" key

    static RpcError make(RpcErrorCode code, const QString &message, const QJsonValue &data = QJsonValue::Undefined);
    QJsonObject toJson() const;
};

/** One parsed JSON-RPC message. The id is kept as the exact JSON value (a string or an
 *  integer-valued number) so it can be echoed back unchanged. */
struct RpcMessage
{
    enum class Kind {
        Request,
        Notification,
        Response,      // has "result"
        ErrorResponse, // has "error"
    };

    Kind kind = Kind::Request;
    QJsonValue id;     // Request, Response, ErrorResponse (may be null for an error to an unparseable request)
    QString method;    // Request, Notification
    QJsonValue params; // object or array; Undefined when absent
    QJsonValue result; // Response
    RpcError error;    // ErrorResponse

    bool isRequest() const { return kind == Kind::Request; }
    bool isNotification() const { return kind == Kind::Notification; }
    /** params as an object ({} when absent or not an object). */
    QJsonObject paramsObject() const { return params.toObject(); }
};

/** Why a message was refused, with the id to answer to (null when it could not be read). */
struct RpcParseFailure
{
    QJsonValue id = QJsonValue::Null;
    RpcError error;
};

/** @brief Strict JSON-RPC 2.0 parsing of one message (one WebSocket frame, one HTTP body, one
 *  stdio line). Refuses: invalid JSON (-32700), a batch array (-32600: MCP 2025-06-18 and later
 *  dropped batching), a non-object, "jsonrpc" missing or not exactly "2.0", an id that is not a
 *  string or an integer (null, bool, object, array, fractional number), a method that is not a
 *  string, params that are neither object nor array, a response with both or neither of
 *  result/error, an error object without an integer code and a string message (all -32600).
 *  When the id could be read it is returned with the failure so the error can echo it. */
std::expected<RpcMessage, RpcParseFailure> parseRpcMessage(const QByteArray &bytes);

/** True when the value is a valid JSON-RPC id for us: a string or an integer-valued number. */
bool isValidRpcId(const QJsonValue &id);

/** Compact serialisations; exactly the keys JSON-RPC defines (never "error": null beside a result). */
QByteArray rpcResult(const QJsonValue &id, const QJsonValue &result);
/** The same response around a result that is already compact JSON (an object): for answers
 *  served from a cache, which then skip building and serialising the result again. */
QByteArray rpcResultSerialized(const QJsonValue &id, const QByteArray &compactResult);
QByteArray rpcError(const QJsonValue &id, const RpcError &error);
QByteArray rpcNotification(const QString &method, const QJsonValue &params = QJsonValue::Undefined);
QByteArray rpcRequest(const QJsonValue &id, const QString &method, const QJsonValue &params = QJsonValue::Undefined);

/** A stable text form of an id for use as a hash key: "s:<string>" or "n:<integer>". */
QString rpcIdKey(const QJsonValue &id);

} // namespace Studio::Mcp
