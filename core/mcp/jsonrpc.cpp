// SPDX-License-Identifier: MIT
#include "jsonrpc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

const auto kJsonRpc = "jsonrpc"_L1;
const auto kId = "id"_L1;
const auto kMethod = "method"_L1;
const auto kParams = "params"_L1;
const auto kResult = "result"_L1;
const auto kError = "error"_L1;
const auto kCode = "code"_L1;
const auto kMessage = "message"_L1;
const auto kData = "data"_L1;
const auto kVersion = "2.0"_L1;

/** Stable English for Qt's parse errors: QJsonParseError::errorString() goes through the
 *  translator, and wire messages must not change with the user's language. */
QString parseErrorReason(QJsonParseError::ParseError error)
{
    switch (error) {
    case QJsonParseError::NoError:
        return u"no error"_s;
    case QJsonParseError::UnterminatedObject:
        return u"unterminated object"_s;
    case QJsonParseError::MissingNameSeparator:
        return u"missing ':' after a key"_s;
    case QJsonParseError::UnterminatedArray:
        return u"unterminated array"_s;
    case QJsonParseError::MissingValueSeparator:
        return u"missing ',' between values"_s;
    case QJsonParseError::IllegalValue:
        return u"illegal value"_s;
    case QJsonParseError::TerminationByNumber:
        return u"input ends inside a number"_s;
    case QJsonParseError::IllegalNumber:
        return u"illegal number"_s;
    case QJsonParseError::IllegalEscapeSequence:
        return u"invalid escape sequence"_s;
    case QJsonParseError::IllegalUTF8String:
        return u"invalid UTF-8 in a string"_s;
    case QJsonParseError::UnterminatedString:
        return u"unterminated string"_s;
    case QJsonParseError::MissingObject:
        return u"missing key after ','"_s;
    case QJsonParseError::DeepNesting:
        return u"nested too deeply"_s;
    case QJsonParseError::DocumentTooLarge:
        return u"document too large"_s;
    case QJsonParseError::GarbageAtEnd:
        return u"unexpected data after the message"_s;
    }
    return u"unknown error"_s;
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

RpcParseFailure parseFailure(const QString &message)
{
    return RpcParseFailure{QJsonValue::Null, RpcError::make(RpcErrorCode::ParseError, message)};
}

RpcParseFailure invalidRequest(const QJsonValue &id, const QString &message)
{
    return RpcParseFailure{id, RpcError::make(RpcErrorCode::InvalidRequest, u"Invalid Request: "_s + message)};
}

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/** The integer an integral JSON number holds (ids, error codes); nothing for the rest. */
std::optional<qint64> integralNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    // 2^63 is exactly representable; anything at or beyond it cannot be a qint64.
    constexpr double kLimit = 9223372036854775808.0;
    if (!std::isfinite(d) || std::trunc(d) != d || d >= kLimit || d < -kLimit)
        return std::nullopt;
    // toInteger() is exact for ids Qt parsed as integers; the fallback covers 1.0 and the like.
    return value.toInteger(qint64(d));
}

/** The id as it goes on the wire: integral numbers as integers, so 1.0 is echoed as 1. */
QJsonValue wireId(const QJsonValue &id)
{
    if (const auto integer = integralNumber(id))
        return QJsonValue(*integer);
    if (id.isUndefined())
        return QJsonValue::Null;
    return id;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/** Qt's parser only takes objects and arrays at the top level, so "1" and "\"x\"" come back
 *  as illegal values. Tell valid-but-not-an-object (an Invalid Request in JSON-RPC's terms)
 *  apart from real garbage by parsing the text again as the only element of an array. */
RpcParseFailure classifyNonContainer(const QByteArray &bytes, qsizetype start)
{
    // Qt calls a bare word an "illegal number"; a byte that cannot start any JSON value is
    // better explained by what a message must look like.
    if (!QByteArrayView("\"-0123456789tfn").contains(bytes.at(start)))
        return parseFailure(u"Parse error: invalid JSON at offset %1 (a message must start with '{')"_s.arg(start));
    QJsonParseError error;
    const QByteArray wrapped = '[' + bytes.mid(start) + ']';
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError) {
        // The wrapped text has one byte, the bracket, where the original had bytes 0..start.
        const qsizetype offset = qBound(start, start + qsizetype(error.offset) - 1, bytes.size());
        // Inside the wrapping array "1 2" reads as a missing comma; on its own it is extra data.
        const QString reason = error.error == QJsonParseError::MissingValueSeparator
            ? u"unexpected data after the top-level value"_s
            : parseErrorReason(error.error);
        return parseFailure(u"Parse error: invalid JSON at offset %1 (%2)"_s.arg(offset).arg(reason));
    }
    const QJsonArray values = document.array();
    if (values.size() != 1)
        return parseFailure(u"Parse error: invalid JSON (unexpected data after the top-level value)"_s);
    return invalidRequest(QJsonValue::Null,
                          u"a message must be a JSON object, not %1"_s.arg(jsonTypeName(values.first())));
}

std::expected<RpcError, QString> readErrorObject(const QJsonValue &value)
{
    const QString shape = u"\"error\" must be an object with an integer \"code\" and a string \"message\""_s;
    if (!value.isObject())
        return std::unexpected(shape);
    const QJsonObject object = value.toObject();
    const QJsonValue code = object.value(kCode);
    const auto integer = integralNumber(code);
    if (!integer || *integer < std::numeric_limits<int>::min() || *integer > std::numeric_limits<int>::max())
        return std::unexpected(shape);
    const QJsonValue message = object.value(kMessage);
    if (!message.isString())
        return std::unexpected(shape);
    RpcError error;
    error.code = int(*integer);
    error.message = message.toString();
    error.data = object.value(kData); // Undefined when absent, as RpcError wants
    return error;
}

} // namespace

RpcError RpcError::make(RpcErrorCode code, const QString &message, const QJsonValue &data)
{
    return RpcError{int(code), message, data};
}

QJsonObject RpcError::toJson() const
{
    QJsonObject object{{kCode, code}, {kMessage, message}};
    // A default-constructed QJsonValue is null, not undefined, so an RpcError built without
    // data holds null; "data": null tells a client nothing, so null is left out as well.
    if (!data.isUndefined() && !data.isNull())
        object.insert(kData, data);
    return object;
}

bool isValidRpcId(const QJsonValue &id)
{
    return id.isString() || integralNumber(id).has_value();
}

std::expected<RpcMessage, RpcParseFailure> parseRpcMessage(const QByteArray &bytes)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt skips a UTF-8 byte order mark itself; skip it here too to find the first real byte.
        qsizetype start = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
        while (start < bytes.size() && isJsonWhitespace(bytes.at(start)))
            ++start;
        if (start == bytes.size())
            return std::unexpected(parseFailure(u"Parse error: empty message"_s));
        if (bytes.at(start) != '{' && bytes.at(start) != '[')
            return std::unexpected(classifyNonContainer(bytes, start));
        return std::unexpected(parseFailure(u"Parse error: invalid JSON at offset %1 (%2)"_s
                                                .arg(parseError.offset)
                                                .arg(parseErrorReason(parseError.error))));
    }
    if (document.isArray()) {
        if (document.array().isEmpty())
            return std::unexpected(invalidRequest(QJsonValue::Null, u"an empty array is not a message; send one JSON object"_s));
        return std::unexpected(invalidRequest(QJsonValue::Null, u"batches are not supported; send one message at a time"_s));
    }

    const QJsonObject object = document.object();
    // Read the id first so that every later refusal can be answered to the right request.
    const QJsonValue rawId = object.value(kId);
    const QJsonValue id = isValidRpcId(rawId) ? wireId(rawId) : QJsonValue(QJsonValue::Null);

    if (object.value(kJsonRpc) != QJsonValue(kVersion))
        return std::unexpected(invalidRequest(id, u"\"jsonrpc\" must be \"2.0\""_s));

    const bool hasMethod = object.contains(kMethod);
    const bool hasResult = object.contains(kResult);
    const bool hasError = object.contains(kError);
    const bool hasId = object.contains(kId);

    RpcMessage message;
    // A default QJsonValue is null, but RpcMessage promises undefined params when absent.
    message.params = QJsonValue(QJsonValue::Undefined);
    if (hasMethod) {
        if (hasResult || hasError)
            return std::unexpected(
                invalidRequest(id, u"a message cannot carry \"method\" together with \"result\" or \"error\""_s));
        const QJsonValue method = object.value(kMethod);
        if (!method.isString())
            return std::unexpected(invalidRequest(id, u"\"method\" must be a string"_s));
        if (object.contains(kParams)) {
            const QJsonValue params = object.value(kParams);
            if (!params.isObject() && !params.isArray())
                return std::unexpected(invalidRequest(id, u"\"params\" must be an object or an array"_s));
            message.params = params;
        }
        if (hasId) {
            if (!isValidRpcId(rawId))
                return std::unexpected(invalidRequest(id, u"id must be a string or an integer"_s));
            message.kind = RpcMessage::Kind::Request;
            message.id = id;
        } else {
            message.kind = RpcMessage::Kind::Notification;
        }
        message.method = method.toString();
        return message;
    }

    if (hasResult && hasError)
        return std::unexpected(invalidRequest(id, u"a response must carry either \"result\" or \"error\", not both"_s));
    if (!hasResult && !hasError)
        return std::unexpected(invalidRequest(
            id, u"a message needs \"method\" (request or notification) or \"result\" or \"error\" (response)"_s));
    if (!hasId)
        return std::unexpected(invalidRequest(id, u"a response must carry an id"_s));

    if (hasResult) {
        if (!isValidRpcId(rawId))
            return std::unexpected(invalidRequest(id, u"id must be a string or an integer"_s));
        message.kind = RpcMessage::Kind::Response;
        message.id = id;
        message.result = object.value(kResult);
        return message;
    }

    // An error answering a request the peer could not read carries a null id (JSON-RPC 2.0 §5).
    if (!rawId.isNull() && !isValidRpcId(rawId))
        return std::unexpected(invalidRequest(id, u"id must be a string, an integer or null"_s));
    auto error = readErrorObject(object.value(kError));
    if (!error)
        return std::unexpected(invalidRequest(id, error.error()));
    message.kind = RpcMessage::Kind::ErrorResponse;
    message.id = id;
    message.error = *error;
    return message;
}

QByteArray rpcResult(const QJsonValue &id, const QJsonValue &result)
{
    // QJsonObject drops a key whose value is undefined, and "result" is required; MCP results
    // are objects, so an absent result becomes the empty one (what ping answers).
    const QJsonValue body = result.isUndefined() ? QJsonValue(QJsonObject()) : result;
    return compact(QJsonObject{{kJsonRpc, kVersion}, {kId, wireId(id)}, {kResult, body}});
}

QByteArray rpcResultSerialized(const QJsonValue &id, const QByteArray &compactResult)
{
    // The keys in the order QJsonObject writes them, so both forms look alike on the wire.
    QByteArray idJson;
    if (const auto integer = integralNumber(id)) {
        idJson = QByteArray::number(*integer);
    } else {
        // Strings (escaped) and anything else, written by Qt as the only element of an array.
        idJson = QJsonDocument(QJsonArray{wireId(id)}).toJson(QJsonDocument::Compact);
        idJson = idJson.mid(1, idJson.size() - 2);
    }
    QByteArray message;
    message.reserve(compactResult.size() + idJson.size() + 32);
    message += "{\"id\":"_ba;
    message += idJson;
    message += ",\"jsonrpc\":\"2.0\",\"result\":"_ba;
    message += compactResult.isEmpty() ? "{}"_ba : compactResult;
    message += '}';
    return message;
}

QByteArray rpcError(const QJsonValue &id, const RpcError &error)
{
    return compact(QJsonObject{{kJsonRpc, kVersion}, {kId, wireId(id)}, {kError, error.toJson()}});
}

QByteArray rpcNotification(const QString &method, const QJsonValue &params)
{
    QJsonObject object{{kJsonRpc, kVersion}, {kMethod, method}};
    // Only structured params are legal on the wire; anything else means "no params".
    if (params.isObject() || params.isArray())
        object.insert(kParams, params);
    return compact(object);
}

QByteArray rpcRequest(const QJsonValue &id, const QString &method, const QJsonValue &params)
{
    QJsonObject object{{kJsonRpc, kVersion}, {kId, wireId(id)}, {kMethod, method}};
    if (params.isObject() || params.isArray())
        object.insert(kParams, params);
    return compact(object);
}

QString rpcIdKey(const QJsonValue &id)
{
    if (id.isString())
        return u"s:"_s + id.toString();
    if (const auto integer = integralNumber(id))
        return u"n:"_s + QString::number(*integer);
    // Not an id we accept: no key, so it can never match an in-flight request.
    return QString();
}

} // namespace Studio::Mcp
