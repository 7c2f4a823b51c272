// SPDX-License-Identifier: MIT
// libFuzzer harness: the JSON-RPC 2.0 decoder (core/mcp/jsonrpc). Every input is one message
// as a WebSocket frame, an HTTP body or a stdio line would carry it. Invariants besides "no
// crash, no sanitizer report": what parses is re-serialised by our own writers and must parse
// back to the same message; a refusal's error response must itself be valid JSON-RPC.
#include "fuzzsupport.h"

#include <mcp/jsonrpc.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Studio::Mcp;

namespace {

QByteArray describe(const QByteArray &input, const QByteArray &serialized)
{
    return "input: " + input.left(400) + "\nre-serialised: " + serialized.left(400);
}

RpcMessage reparse(const QByteArray &input, const QByteArray &serialized)
{
    auto again = parseRpcMessage(serialized);
    if (!again)
        StudioFuzz::invariantFailed("our own serialisation does not parse",
                                    describe(input, serialized) + "\nerror: " + again.error().error.message.toUtf8());
    return *again;
}

/** value as Qt reads it back after writing it. Qt 6.4 keeps an object key's leading U+FEFF when
 *  parsing but drops it when the key becomes a QString (and so when writing): such a key changes
 *  on the first round trip, in Qt, not in our codec. Comparing with the normal form checks that
 *  our writers lose nothing else. */
QJsonValue normalForm(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument::fromJson(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)).object();
    if (value.isArray())
        return QJsonDocument::fromJson(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)).array();
    return value;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    auto parsed = parseRpcMessage(input);
    if (!parsed) {
        const RpcParseFailure &failure = parsed.error();
        STUDIO_FUZZ_CHECK(failure.id.isNull() || isValidRpcId(failure.id), input.left(400));
        STUDIO_FUZZ_CHECK(failure.error.code < 0, input.left(400));
        const QByteArray answer = rpcError(failure.id, failure.error);
        const RpcMessage back = reparse(input, answer);
        STUDIO_FUZZ_CHECK(back.kind == RpcMessage::Kind::ErrorResponse, describe(input, answer));
        STUDIO_FUZZ_CHECK(back.error.code == failure.error.code, describe(input, answer));
        STUDIO_FUZZ_CHECK(back.error.message == failure.error.message, describe(input, answer));
        return 0;
    }

    const RpcMessage &message = *parsed;
    switch (message.kind) {
    case RpcMessage::Kind::Request: {
        STUDIO_FUZZ_CHECK(isValidRpcId(message.id), input.left(400));
        STUDIO_FUZZ_CHECK(!rpcIdKey(message.id).isEmpty(), input.left(400));
        const QByteArray out = rpcRequest(message.id, message.method, message.params);
        const RpcMessage back = reparse(input, out);
        STUDIO_FUZZ_CHECK(back.kind == RpcMessage::Kind::Request, describe(input, out));
        STUDIO_FUZZ_CHECK(back.id == message.id, describe(input, out));
        STUDIO_FUZZ_CHECK(rpcIdKey(back.id) == rpcIdKey(message.id), describe(input, out));
        STUDIO_FUZZ_CHECK(back.method == message.method, describe(input, out));
        STUDIO_FUZZ_CHECK(back.params == normalForm(message.params), describe(input, out));
        // The answer a dispatcher would send must parse as the response to this id.
        const QByteArray answer = rpcResult(message.id, message.paramsObject());
        const RpcMessage response = reparse(input, answer);
        STUDIO_FUZZ_CHECK(response.kind == RpcMessage::Kind::Response, describe(input, answer));
        STUDIO_FUZZ_CHECK(rpcIdKey(response.id) == rpcIdKey(message.id), describe(input, answer));
        const QByteArray cached = rpcResultSerialized(
            message.id, QJsonDocument(message.paramsObject()).toJson(QJsonDocument::Compact));
        STUDIO_FUZZ_CHECK(reparse(input, cached).result == response.result, describe(input, cached));
        break;
    }
    case RpcMessage::Kind::Notification: {
        const QByteArray out = rpcNotification(message.method, message.params);
        const RpcMessage back = reparse(input, out);
        STUDIO_FUZZ_CHECK(back.kind == RpcMessage::Kind::Notification, describe(input, out));
        STUDIO_FUZZ_CHECK(back.method == message.method, describe(input, out));
        STUDIO_FUZZ_CHECK(back.params == normalForm(message.params), describe(input, out));
        break;
    }
    case RpcMessage::Kind::Response: {
        const QByteArray out = rpcResult(message.id, message.result);
        const RpcMessage back = reparse(input, out);
        STUDIO_FUZZ_CHECK(back.kind == RpcMessage::Kind::Response, describe(input, out));
        STUDIO_FUZZ_CHECK(back.id == message.id, describe(input, out));
        STUDIO_FUZZ_CHECK(back.result == normalForm(message.result), describe(input, out));
        break;
    }
    case RpcMessage::Kind::ErrorResponse: {
        const QByteArray out = rpcError(message.id, message.error);
        const RpcMessage back = reparse(input, out);
        STUDIO_FUZZ_CHECK(back.kind == RpcMessage::Kind::ErrorResponse, describe(input, out));
        STUDIO_FUZZ_CHECK(back.id == message.id, describe(input, out));
        STUDIO_FUZZ_CHECK(back.error.code == message.error.code, describe(input, out));
        STUDIO_FUZZ_CHECK(back.error.message == message.error.message, describe(input, out));
        break;
    }
    }
    return 0;
}
