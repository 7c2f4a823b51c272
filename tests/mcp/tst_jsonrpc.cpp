// SPDX-License-Identifier: MIT
#include <mcp/jsonrpc.h>

#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio::Mcp;

namespace {

constexpr int kRequest = int(RpcMessage::Kind::Request);
constexpr int kNotification = int(RpcMessage::Kind::Notification);
constexpr int kResponse = int(RpcMessage::Kind::Response);
constexpr int kErrorResponse = int(RpcMessage::Kind::ErrorResponse);
constexpr int kParseError = int(RpcErrorCode::ParseError);
constexpr int kInvalidRequest = int(RpcErrorCode::InvalidRequest);

/** The value as JSON text, so a comparison also sees the difference between "1" and 1. */
QByteArray text(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

/** Qt 6 keeps integers and doubles apart internally; CBOR exposes which one a value holds. */
bool holdsInteger(const QJsonValue &value)
{
    return QCborValue::fromJsonValue(value).isInteger();
}

QJsonObject objectOf(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QStringList keysOf(const QByteArray &bytes)
{
    return objectOf(bytes).keys();
}

} // namespace

class TestJsonRpc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesValidMessages_data();
    void parsesValidMessages();
    void refusesInvalidMessages_data();
    void refusesInvalidMessages();
    void normalisesIntegralIdsToIntegers();
    void parsesErrorResponseDetails();
    void parsesHugeMessage();
    void roundTripKeepsIdTypeAndValue_data();
    void roundTripKeepsIdTypeAndValue();
    void resultHasExactlyTheJsonRpcKeys();
    void errorHasExactlyTheJsonRpcKeys();
    void errorWithUnreadableIdCarriesNullId();
    void notificationAndRequestHaveExactlyTheJsonRpcKeys();
    void serialisesIntegerIdsWithoutFraction();
    void serializedResultMatchesBuiltResult_data();
    void serializedResultMatchesBuiltResult();
    void validatesIds_data();
    void validatesIds();
    void buildsIdKeys_data();
    void buildsIdKeys();
};

void TestJsonRpc::parsesValidMessages_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("id"); // JSON text of the id; empty for a notification
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("params"); // JSON text; empty when absent

    QTest::newRow("request with string id")
        << R"({"jsonrpc":"2.0","id":"abc","method":"ping"})"_ba << kRequest << R"("abc")"_ba << u"ping"_s << QByteArray();
    QTest::newRow("request with integer id")
        << R"({"jsonrpc":"2.0","id":7,"method":"tools/list"})"_ba << kRequest << "7"_ba << u"tools/list"_s << QByteArray();
    QTest::newRow("negative integer id")
        << R"({"jsonrpc":"2.0","id":-42,"method":"ping"})"_ba << kRequest << "-42"_ba << u"ping"_s << QByteArray();
    QTest::newRow("zero id") << R"({"jsonrpc":"2.0","id":0,"method":"ping"})"_ba << kRequest << "0"_ba << u"ping"_s
                             << QByteArray();
    QTest::newRow("id 1.0 is the integer 1")
        << R"({"jsonrpc":"2.0","id":1.0,"method":"ping"})"_ba << kRequest << "1"_ba << u"ping"_s << QByteArray();
    QTest::newRow("empty string id")
        << R"({"jsonrpc":"2.0","id":"","method":"ping"})"_ba << kRequest << R"("")"_ba << u"ping"_s << QByteArray();
    QTest::newRow("numeric-looking string id stays a string")
        << R"({"jsonrpc":"2.0","id":"1","method":"ping"})"_ba << kRequest << R"("1")"_ba << u"ping"_s << QByteArray();
    QTest::newRow("unknown method parses fine")
        << R"({"jsonrpc":"2.0","id":3,"method":"no/such/method"})"_ba << kRequest << "3"_ba << u"no/such/method"_s
        << QByteArray();
    QTest::newRow("params object")
        << R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"chat"}})"_ba << kRequest << "1"_ba
        << u"tools/call"_s << R"({"name":"chat"})"_ba;
    QTest::newRow("params array") << R"({"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]})"_ba << kRequest << "1"_ba
                                  << u"sum"_s << "[1,2]"_ba;
    QTest::newRow("params empty object") << R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{}})"_ba << kRequest
                                         << "1"_ba << u"ping"_s << "{}"_ba;
    QTest::newRow("notification without id")
        << R"({"jsonrpc":"2.0","method":"notifications/initialized"})"_ba << kNotification << QByteArray()
        << u"notifications/initialized"_s << QByteArray();
    QTest::newRow("notification with params")
        << R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4}})"_ba << kNotification
        << QByteArray() << u"notifications/cancelled"_s << R"({"requestId":4})"_ba;
    QTest::newRow("response with result")
        << R"({"jsonrpc":"2.0","id":5,"result":{"ok":true}})"_ba << kResponse << "5"_ba << QString() << QByteArray();
    QTest::newRow("response with null result")
        << R"({"jsonrpc":"2.0","id":"r","result":null})"_ba << kResponse << R"("r")"_ba << QString() << QByteArray();
    QTest::newRow("response with error")
        << R"({"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"Method not found"}})"_ba << kErrorResponse
        << "5"_ba << QString() << QByteArray();
    QTest::newRow("error response with null id")
        << R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})"_ba << kErrorResponse
        << "null"_ba << QString() << QByteArray();
    QTest::newRow("surrounding whitespace and newline")
        << " \t{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n"_ba << kRequest << "1"_ba << u"ping"_s << QByteArray();
    QTest::newRow("unknown extra member is tolerated")
        << R"({"jsonrpc":"2.0","id":1,"method":"ping","extra":1})"_ba << kRequest << "1"_ba << u"ping"_s << QByteArray();
    QTest::newRow("duplicate key, last wins")
        << R"({"jsonrpc":"2.0","id":1,"id":2,"method":"ping"})"_ba << kRequest << "2"_ba << u"ping"_s << QByteArray();
}

void TestJsonRpc::parsesValidMessages()
{
    QFETCH(QByteArray, input);
    QFETCH(int, kind);
    QFETCH(QByteArray, id);
    QFETCH(QString, method);
    QFETCH(QByteArray, params);

    const auto parsed = parseRpcMessage(input);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().error.message));
    QCOMPARE(int(parsed->kind), kind);
    if (id.isEmpty())
        QVERIFY(parsed->id.isUndefined() || parsed->id.isNull());
    else
        QCOMPARE(text(parsed->id), id);
    QCOMPARE(parsed->method, method);
    if (params.isEmpty())
        QVERIFY(parsed->params.isUndefined());
    else
        QCOMPARE(text(parsed->params), params);
    QCOMPARE(parsed->isRequest(), kind == kRequest);
    QCOMPARE(parsed->isNotification(), kind == kNotification);
}

void TestJsonRpc::refusesInvalidMessages_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("id"); // JSON text of the id the error must echo
    QTest::addColumn<QString>("message");

    const QString batch = u"Invalid Request: batches are not supported; send one message at a time"_s;
    const QString version = u"Invalid Request: \"jsonrpc\" must be \"2.0\""_s;
    const QString badId = u"Invalid Request: id must be a string or an integer"_s;
    const QString badParams = u"Invalid Request: \"params\" must be an object or an array"_s;
    const QString badError =
        u"Invalid Request: \"error\" must be an object with an integer \"code\" and a string \"message\""_s;
    const QString methodAndResult =
        u"Invalid Request: a message cannot carry \"method\" together with \"result\" or \"error\""_s;

    // Malformed JSON and the shapes JSON-RPC refuses before looking inside.
    // Offsets are where Qt 6.4's parser stopped (the end of the input for an unterminated value).
    QTest::newRow("unterminated string") << R"({"jsonrpc":"2.0)"_ba << kParseError << "null"_ba
                                         << u"Parse error: invalid JSON at offset 16 (unterminated string)"_s;
    QTest::newRow("unterminated object") << R"({"jsonrpc":"2.0",)"_ba << kParseError << "null"_ba
                                         << u"Parse error: invalid JSON at offset 17 (unterminated object)"_s;
    QTest::newRow("unterminated array") << R"({"jsonrpc":"2.0","params":[1,2})"_ba << kParseError << "null"_ba
                                        << u"Parse error: invalid JSON at offset 31 (unterminated array)"_s;
    QTest::newRow("missing colon") << R"({"jsonrpc" "2.0"})"_ba << kParseError << "null"_ba
                                   << u"Parse error: invalid JSON at offset 12 (missing ':' after a key)"_s;
    QTest::newRow("trailing comma") << R"({"jsonrpc":"2.0",})"_ba << kParseError << "null"_ba
                                    << u"Parse error: invalid JSON at offset 18 (missing key after ',')"_s;
    QTest::newRow("invalid UTF-8") << "{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}"_ba << kParseError << "null"_ba
                                   << u"Parse error: invalid JSON at offset 27 (invalid UTF-8 in a string)"_s;
    QTest::newRow("bare word") << " hello"_ba << kParseError << "null"_ba
                               << u"Parse error: invalid JSON at offset 1 (a message must start with '{')"_s;
    QTest::newRow("truncated literal") << "tru"_ba << kParseError << "null"_ba
                                       << u"Parse error: invalid JSON at offset 1 (illegal value)"_s;
    QTest::newRow("unterminated top-level string") << R"("abc)"_ba << kParseError << "null"_ba
                                                   << u"Parse error: invalid JSON at offset 4 (unterminated string)"_s;
    QTest::newRow("two scalars with space") << "1 2"_ba << kParseError << "null"_ba
                                            << u"Parse error: invalid JSON at offset 3 (unexpected data after the top-level value)"_s;
    QTest::newRow("empty input") << QByteArray() << kParseError << "null"_ba << u"Parse error: empty message"_s;
    QTest::newRow("whitespace only") << " \r\n\t "_ba << kParseError << "null"_ba << u"Parse error: empty message"_s;
    QTest::newRow("trailing garbage")
        << R"({"jsonrpc":"2.0","id":1,"method":"ping"} x)"_ba << kParseError << "null"_ba
        << u"Parse error: invalid JSON at offset 41 (unexpected data after the message)"_s;
    QTest::newRow("two objects") << R"({"jsonrpc":"2.0","method":"a"}{"jsonrpc":"2.0","method":"b"})"_ba << kParseError
                                 << "null"_ba
                                 << u"Parse error: invalid JSON at offset 30 (unexpected data after the message)"_s;
    QTest::newRow("newline then second message")
        << "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\n{}"_ba << kParseError << "null"_ba
        << u"Parse error: invalid JSON at offset 31 (unexpected data after the message)"_s;
    QTest::newRow("two scalars") << "1,2"_ba << kParseError << "null"_ba
                                 << u"Parse error: invalid JSON (unexpected data after the top-level value)"_s;
    QTest::newRow("batch") << R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"_ba << kInvalidRequest << "null"_ba << batch;
    QTest::newRow("batch of two")
        << R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])"_ba
        << kInvalidRequest << "null"_ba << batch;
    QTest::newRow("empty array") << "[]"_ba << kInvalidRequest << "null"_ba
                                 << u"Invalid Request: an empty array is not a message; send one JSON object"_s;
    QTest::newRow("number") << "42"_ba << kInvalidRequest << "null"_ba
                            << u"Invalid Request: a message must be a JSON object, not a number"_s;
    QTest::newRow("string") << R"("ping")"_ba << kInvalidRequest << "null"_ba
                            << u"Invalid Request: a message must be a JSON object, not a string"_s;
    QTest::newRow("true") << " true "_ba << kInvalidRequest << "null"_ba
                          << u"Invalid Request: a message must be a JSON object, not a boolean"_s;
    QTest::newRow("null") << "null"_ba << kInvalidRequest << "null"_ba
                          << u"Invalid Request: a message must be a JSON object, not null"_s;

    // "jsonrpc"; the id is echoed whenever it could be read.
    QTest::newRow("missing jsonrpc") << R"({"id":1,"method":"ping"})"_ba << kInvalidRequest << "1"_ba << version;
    QTest::newRow("jsonrpc 1.0") << R"({"jsonrpc":"1.0","id":"a","method":"ping"})"_ba << kInvalidRequest
                                 << R"("a")"_ba << version;
    QTest::newRow("jsonrpc as number") << R"({"jsonrpc":2.0,"id":1,"method":"ping"})"_ba << kInvalidRequest << "1"_ba
                                       << version;
    QTest::newRow("empty object") << "{}"_ba << kInvalidRequest << "null"_ba << version;

    // Ids.
    QTest::newRow("fractional id") << R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})"_ba << kInvalidRequest
                                   << "null"_ba << badId;
    QTest::newRow("null id on request") << R"({"jsonrpc":"2.0","id":null,"method":"ping"})"_ba << kInvalidRequest
                                        << "null"_ba << badId;
    QTest::newRow("bool id") << R"({"jsonrpc":"2.0","id":true,"method":"ping"})"_ba << kInvalidRequest << "null"_ba
                             << badId;
    QTest::newRow("object id") << R"({"jsonrpc":"2.0","id":{"n":1},"method":"ping"})"_ba << kInvalidRequest
                               << "null"_ba << badId;
    QTest::newRow("array id") << R"({"jsonrpc":"2.0","id":[1],"method":"ping"})"_ba << kInvalidRequest << "null"_ba
                              << badId;
    QTest::newRow("id beyond 64 bits") << R"({"jsonrpc":"2.0","id":1e300,"method":"ping"})"_ba << kInvalidRequest
                                       << "null"_ba << badId;

    // Method and params.
    QTest::newRow("method not a string") << R"({"jsonrpc":"2.0","id":1,"method":7})"_ba << kInvalidRequest << "1"_ba
                                         << u"Invalid Request: \"method\" must be a string"_s;
    QTest::newRow("params string") << R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})"_ba
                                   << kInvalidRequest << "1"_ba << badParams;
    QTest::newRow("params null") << R"({"jsonrpc":"2.0","id":1,"method":"ping","params":null})"_ba << kInvalidRequest
                                 << "1"_ba << badParams;
    QTest::newRow("params number on notification")
        << R"({"jsonrpc":"2.0","method":"notifications/x","params":3})"_ba << kInvalidRequest << "null"_ba << badParams;
    QTest::newRow("method with result") << R"({"jsonrpc":"2.0","id":1,"method":"ping","result":{}})"_ba
                                        << kInvalidRequest << "1"_ba << methodAndResult;
    QTest::newRow("method with error")
        << R"({"jsonrpc":"2.0","id":2,"method":"ping","error":{"code":1,"message":"x"}})"_ba << kInvalidRequest
        << "2"_ba << methodAndResult;

    // Responses.
    QTest::newRow("response with both")
        << R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":-1,"message":"x"}})"_ba << kInvalidRequest << "1"_ba
        << u"Invalid Request: a response must carry either \"result\" or \"error\", not both"_s;
    QTest::newRow("neither method nor result")
        << R"({"jsonrpc":"2.0","id":1})"_ba << kInvalidRequest << "1"_ba
        << u"Invalid Request: a message needs \"method\" (request or notification) or \"result\" or \"error\" (response)"_s;
    QTest::newRow("response without id") << R"({"jsonrpc":"2.0","result":{}})"_ba << kInvalidRequest << "null"_ba
                                         << u"Invalid Request: a response must carry an id"_s;
    QTest::newRow("result with null id") << R"({"jsonrpc":"2.0","id":null,"result":{}})"_ba << kInvalidRequest
                                         << "null"_ba << badId;
    QTest::newRow("error with bool id")
        << R"({"jsonrpc":"2.0","id":false,"error":{"code":1,"message":"x"}})"_ba << kInvalidRequest << "null"_ba
        << u"Invalid Request: id must be a string, an integer or null"_s;
    QTest::newRow("error without code") << R"({"jsonrpc":"2.0","id":1,"error":{"message":"x"}})"_ba
                                        << kInvalidRequest << "1"_ba << badError;
    QTest::newRow("error with fractional code") << R"({"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"x"}})"_ba
                                                << kInvalidRequest << "1"_ba << badError;
    QTest::newRow("error with string code") << R"({"jsonrpc":"2.0","id":1,"error":{"code":"-1","message":"x"}})"_ba
                                            << kInvalidRequest << "1"_ba << badError;
    QTest::newRow("error without message") << R"({"jsonrpc":"2.0","id":1,"error":{"code":-1}})"_ba
                                           << kInvalidRequest << "1"_ba << badError;
    QTest::newRow("error not an object") << R"({"jsonrpc":"2.0","id":"e","error":"boom"})"_ba << kInvalidRequest
                                         << R"("e")"_ba << badError;
}

void TestJsonRpc::refusesInvalidMessages()
{
    QFETCH(QByteArray, input);
    QFETCH(int, code);
    QFETCH(QByteArray, id);
    QFETCH(QString, message);

    const auto parsed = parseRpcMessage(input);
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error().error.code, code);
    QCOMPARE(text(parsed.error().id), id);
    QCOMPARE(parsed.error().error.message, message);
    QVERIFY(parsed.error().error.data.isUndefined());
}

void TestJsonRpc::normalisesIntegralIdsToIntegers()
{
    const auto parsed = parseRpcMessage(R"({"jsonrpc":"2.0","id":1.0,"method":"ping"})"_ba);
    QVERIFY(parsed.has_value());
    QVERIFY(holdsInteger(parsed->id));
    QCOMPARE(parsed->id.toInteger(), 1);

    const auto large = parseRpcMessage(R"({"jsonrpc":"2.0","id":9007199254740993,"method":"ping"})"_ba);
    QVERIFY(large.has_value());
    QCOMPARE(large->id.toInteger(), Q_INT64_C(9007199254740993));
}

void TestJsonRpc::parsesErrorResponseDetails()
{
    const auto parsed =
        parseRpcMessage(R"({"jsonrpc":"2.0","id":9,"error":{"code":-32602,"message":"bad","data":{"field":"x"}}})"_ba);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->kind, RpcMessage::Kind::ErrorResponse);
    QCOMPARE(parsed->error.code, -32602);
    QCOMPARE(parsed->error.message, u"bad"_s);
    QCOMPARE(parsed->error.data.toObject().value("field"_L1).toString(), u"x"_s);

    const auto noData = parseRpcMessage(R"({"jsonrpc":"2.0","id":9,"error":{"code":-1,"message":"m"}})"_ba);
    QVERIFY(noData.has_value());
    QVERIFY(noData->error.data.isUndefined());
}

void TestJsonRpc::parsesHugeMessage()
{
    const QByteArray payload(1024 * 1024, 'a');
    const QByteArray input = R"({"jsonrpc":"2.0","id":1,"method":"chat","params":{"text":")"_ba + payload + R"("}})"_ba;
    const auto parsed = parseRpcMessage(input);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->paramsObject().value("text"_L1).toString().size(), payload.size());
}

void TestJsonRpc::roundTripKeepsIdTypeAndValue_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("id");

    QTest::newRow("string") << R"({"jsonrpc":"2.0","id":"req-1","method":"ping"})"_ba << R"("req-1")"_ba;
    QTest::newRow("numeric string") << R"({"jsonrpc":"2.0","id":"12","method":"ping"})"_ba << R"("12")"_ba;
    QTest::newRow("unicode string") << R"({"jsonrpc":"2.0","id":"ü-😀","method":"ping"})"_ba << R"("ü-😀")"_ba;
    QTest::newRow("integer") << R"({"jsonrpc":"2.0","id":12,"method":"ping"})"_ba << "12"_ba;
    QTest::newRow("negative") << R"({"jsonrpc":"2.0","id":-3,"method":"ping"})"_ba << "-3"_ba;
    QTest::newRow("zero") << R"({"jsonrpc":"2.0","id":0,"method":"ping"})"_ba << "0"_ba;
    QTest::newRow("1.0 becomes 1") << R"({"jsonrpc":"2.0","id":1.0,"method":"ping"})"_ba << "1"_ba;
    QTest::newRow("2^53") << R"({"jsonrpc":"2.0","id":9007199254740992,"method":"ping"})"_ba << "9007199254740992"_ba;
}

void TestJsonRpc::roundTripKeepsIdTypeAndValue()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, id);

    const auto request = parseRpcMessage(input);
    QVERIFY(request.has_value());

    const auto response = parseRpcMessage(rpcResult(request->id, QJsonObject{}));
    QVERIFY(response.has_value());
    QCOMPARE(response->kind, RpcMessage::Kind::Response);
    QCOMPARE(text(response->id), id);
    QCOMPARE(response->id.type(), request->id.type());
    QCOMPARE(holdsInteger(response->id), holdsInteger(request->id));
    QCOMPARE(rpcIdKey(response->id), rpcIdKey(request->id));

    const auto error = parseRpcMessage(rpcError(request->id, RpcError::make(RpcErrorCode::InternalError, u"x"_s)));
    QVERIFY(error.has_value());
    QCOMPARE(error->kind, RpcMessage::Kind::ErrorResponse);
    QCOMPARE(text(error->id), id);

    const auto again = parseRpcMessage(rpcRequest(request->id, request->method));
    QVERIFY(again.has_value());
    QCOMPARE(text(again->id), id);
    QCOMPARE(again->method, request->method);
}

void TestJsonRpc::resultHasExactlyTheJsonRpcKeys()
{
    const QByteArray bytes = rpcResult(QJsonValue(3), QJsonObject{{"tools"_L1, QJsonArray()}});
    QCOMPARE(keysOf(bytes), (QStringList{u"id"_s, u"jsonrpc"_s, u"result"_s}));
    QCOMPARE(objectOf(bytes).value("jsonrpc"_L1).toString(), u"2.0"_s);
    QVERIFY(!bytes.contains("error"));

    // An absent result still gives the required key; MCP results are objects.
    QCOMPARE(rpcResult(QJsonValue(u"a"_s), QJsonValue::Undefined), R"({"id":"a","jsonrpc":"2.0","result":{}})"_ba);
    QCOMPARE(rpcResult(QJsonValue(1), QJsonValue::Null), R"({"id":1,"jsonrpc":"2.0","result":null})"_ba);
}

void TestJsonRpc::errorHasExactlyTheJsonRpcKeys()
{
    const QByteArray plain = rpcError(QJsonValue(3), RpcError::make(RpcErrorCode::MethodNotFound, u"Method not found: x"_s));
    QCOMPARE(keysOf(plain), (QStringList{u"error"_s, u"id"_s, u"jsonrpc"_s}));
    const QJsonObject error = objectOf(plain).value("error"_L1).toObject();
    QCOMPARE(error.keys(), (QStringList{u"code"_s, u"message"_s}));
    QCOMPARE(error.value("code"_L1).toInt(), -32601);
    QCOMPARE(error.value("message"_L1).toString(), u"Method not found: x"_s);
    QVERIFY(!plain.contains("result"));

    const QByteArray withData = rpcError(
        QJsonValue(u"x"_s), RpcError::make(RpcErrorCode::InvalidParams, u"bad"_s, QJsonObject{{"path"_L1, u"/a"_s}}));
    const QJsonObject errorWithData = objectOf(withData).value("error"_L1).toObject();
    QCOMPARE(errorWithData.keys(), (QStringList{u"code"_s, u"data"_s, u"message"_s}));
    QCOMPARE(errorWithData.value("data"_L1).toObject().value("path"_L1).toString(), u"/a"_s);

    QCOMPARE(RpcError::make(RpcErrorCode::TooManyRequests, u"slow down"_s).toJson(),
             (QJsonObject{{"code"_L1, -32000}, {"message"_L1, u"slow down"_s}}));
}

void TestJsonRpc::errorWithUnreadableIdCarriesNullId()
{
    const auto failure = parseRpcMessage("{not json"_ba);
    QVERIFY(!failure.has_value());
    const QByteArray bytes = rpcError(failure.error().id, failure.error().error);
    QCOMPARE(keysOf(bytes), (QStringList{u"error"_s, u"id"_s, u"jsonrpc"_s}));
    QVERIFY(objectOf(bytes).value("id"_L1).isNull());
    QCOMPARE(objectOf(bytes).value("error"_L1).toObject().value("code"_L1).toInt(), -32700);

    // An undefined id is written as null too: the key is required in every response.
    QVERIFY(objectOf(rpcError(QJsonValue::Undefined, failure.error().error)).value("id"_L1).isNull());
}

void TestJsonRpc::notificationAndRequestHaveExactlyTheJsonRpcKeys()
{
    QCOMPARE(keysOf(rpcNotification(u"notifications/tools/list_changed"_s)), (QStringList{u"jsonrpc"_s, u"method"_s}));
    QCOMPARE(keysOf(rpcNotification(u"notifications/progress"_s, QJsonObject{{"progress"_L1, 1}})),
             (QStringList{u"jsonrpc"_s, u"method"_s, u"params"_s}));
    QCOMPARE(keysOf(rpcRequest(QJsonValue(1), u"ping"_s)), (QStringList{u"id"_s, u"jsonrpc"_s, u"method"_s}));
    QCOMPARE(keysOf(rpcRequest(QJsonValue(1), u"roots/list"_s, QJsonObject{})),
             (QStringList{u"id"_s, u"jsonrpc"_s, u"method"_s, u"params"_s}));

    const auto notification = parseRpcMessage(rpcNotification(u"notifications/progress"_s, QJsonObject{{"progress"_L1, 2}}));
    QVERIFY(notification.has_value());
    QCOMPARE(notification->kind, RpcMessage::Kind::Notification);
    QCOMPARE(notification->paramsObject(), (QJsonObject{{"progress"_L1, 2}}));
}

void TestJsonRpc::serialisesIntegerIdsWithoutFraction()
{
    QCOMPARE(rpcResult(QJsonValue(1.0), QJsonObject{}), R"({"id":1,"jsonrpc":"2.0","result":{}})"_ba);
    QCOMPARE(rpcResult(QJsonValue(qint64(-5)), QJsonObject{}), R"({"id":-5,"jsonrpc":"2.0","result":{}})"_ba);
    QCOMPARE(rpcRequest(QJsonValue(2.0), u"ping"_s), R"({"id":2,"jsonrpc":"2.0","method":"ping"})"_ba);
    QCOMPARE(rpcNotification(u"x"_s), R"({"jsonrpc":"2.0","method":"x"})"_ba);
}

void TestJsonRpc::serializedResultMatchesBuiltResult_data()
{
    QTest::addColumn<QJsonValue>("id");
    QTest::newRow("integer") << QJsonValue(42);
    QTest::newRow("integral double") << QJsonValue(3.0);
    QTest::newRow("negative") << QJsonValue(qint64(-9007199254740991));
    QTest::newRow("string") << QJsonValue(u"req-1"_s);
    QTest::newRow("string needing escapes") << QJsonValue(u"a\"b\\c\n\u00e9\u2603"_s);
    QTest::newRow("empty string") << QJsonValue(QString());
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
}

void TestJsonRpc::serializedResultMatchesBuiltResult()
{
    // A cached answer (rpcResultSerialized) must be byte for byte what rpcResult builds.
    QFETCH(QJsonValue, id);
    const QJsonObject result{{u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"hi"_s}}}},
                             {u"isError"_s, false}};
    const QByteArray compactResult = QJsonDocument(result).toJson(QJsonDocument::Compact);
    QCOMPARE(rpcResultSerialized(id, compactResult), rpcResult(id, result));
    QCOMPARE(rpcResultSerialized(id, QByteArray()), rpcResult(id, QJsonValue::Undefined));
}

void TestJsonRpc::validatesIds_data()
{
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<bool>("valid");

    QTest::newRow("string") << QJsonValue(u"a"_s) << true;
    QTest::newRow("empty string") << QJsonValue(QString()) << true;
    QTest::newRow("integer") << QJsonValue(7) << true;
    QTest::newRow("negative") << QJsonValue(-7) << true;
    QTest::newRow("integral double") << QJsonValue(3.0) << true;
    QTest::newRow("fraction") << QJsonValue(1.5) << false;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false;
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << false;
    QTest::newRow("bool") << QJsonValue(true) << false;
    QTest::newRow("object") << QJsonValue(QJsonObject{}) << false;
    QTest::newRow("array") << QJsonValue(QJsonArray{1}) << false;
}

void TestJsonRpc::validatesIds()
{
    QFETCH(QJsonValue, id);
    QFETCH(bool, valid);
    QCOMPARE(isValidRpcId(id), valid);
}

void TestJsonRpc::buildsIdKeys_data()
{
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QString>("key");

    QTest::newRow("string") << QJsonValue(u"abc"_s) << u"s:abc"_s;
    QTest::newRow("numeric string") << QJsonValue(u"1"_s) << u"s:1"_s;
    QTest::newRow("integer") << QJsonValue(1) << u"n:1"_s;
    QTest::newRow("integral double") << QJsonValue(1.0) << u"n:1"_s;
    QTest::newRow("negative") << QJsonValue(-12) << u"n:-12"_s;
    QTest::newRow("large") << QJsonValue(Q_INT64_C(9007199254740993)) << u"n:9007199254740993"_s;
    QTest::newRow("null has no key") << QJsonValue(QJsonValue::Null) << QString();
}

void TestJsonRpc::buildsIdKeys()
{
    QFETCH(QJsonValue, id);
    QFETCH(QString, key);
    QCOMPARE(rpcIdKey(id), key);
}

QTEST_APPLESS_MAIN(TestJsonRpc)

#include "tst_jsonrpc.moc"
