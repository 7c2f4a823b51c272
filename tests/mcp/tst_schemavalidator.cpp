// SPDX-License-Identifier: MIT
#include <mcp/schemavalidator.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Studio::Mcp;

namespace {

QJsonObject schemaOf(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad schema literal in the test: %s", json.constData());
    return document.object();
}

/** Any JSON value, scalars included: Qt's parser only takes containers at the top level. */
QJsonValue valueOf(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + json + ']', &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad value literal in the test: %s", json.constData());
    return document.array().first();
}

} // namespace

class TestSchemaValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validates_data();
    void validates();
    void validatesAgainstToolLikeSchema_data();
    void validatesAgainstToolLikeSchema();
    void patternCacheIsSafeAcrossThreads();
};

void TestSchemaValidator::validates_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("path");    // empty with an empty message: valid
    QTest::addColumn<QString>("message"); // empty: valid

    const QString ok;

    // type, single and as a list
    QTest::newRow("type string ok") << R"({"type":"string"})"_ba << R"("x")"_ba << ok << ok;
    QTest::newRow("type string fails") << R"({"type":"string"})"_ba << "1"_ba << ok << u"(root) must be a string"_s;
    QTest::newRow("type object fails at root") << R"({"type":"object"})"_ba << "[]"_ba << ok
                                               << u"(root) must be an object"_s;
    QTest::newRow("type array ok") << R"({"type":"array"})"_ba << "[]"_ba << ok << ok;
    QTest::newRow("type array fails") << R"({"type":"array"})"_ba << "{}"_ba << ok << u"(root) must be an array"_s;
    QTest::newRow("type boolean ok") << R"({"type":"boolean"})"_ba << "false"_ba << ok << ok;
    QTest::newRow("type boolean fails") << R"({"type":"boolean"})"_ba << "0"_ba << ok << u"(root) must be a boolean"_s;
    QTest::newRow("type null ok") << R"({"type":"null"})"_ba << "null"_ba << ok << ok;
    QTest::newRow("type null fails") << R"({"type":"null"})"_ba << R"("")"_ba << ok << u"(root) must be null"_s;
    QTest::newRow("type number accepts integer") << R"({"type":"number"})"_ba << "3"_ba << ok << ok;
    QTest::newRow("type number accepts fraction") << R"({"type":"number"})"_ba << "0.5"_ba << ok << ok;
    QTest::newRow("type number fails") << R"({"type":"number"})"_ba << R"("3")"_ba << ok << u"(root) must be a number"_s;
    QTest::newRow("integer accepts 1.0") << R"({"type":"integer"})"_ba << "1.0"_ba << ok << ok;
    QTest::newRow("integer accepts -7") << R"({"type":"integer"})"_ba << "-7"_ba << ok << ok;
    QTest::newRow("integer refuses 1.5") << R"({"type":"integer"})"_ba << "1.5"_ba << ok << u"(root) must be an integer"_s;
    QTest::newRow("type list string ok") << R"({"type":["string","null"]})"_ba << R"("a")"_ba << ok << ok;
    QTest::newRow("type list null ok") << R"({"type":["string","null"]})"_ba << "null"_ba << ok << ok;
    QTest::newRow("type list fails") << R"({"type":["string","null"]})"_ba << "1"_ba << ok
                                     << u"(root) must be a string or null"_s;
    QTest::newRow("type list of three fails") << R"({"type":["string","integer","null"]})"_ba << "true"_ba << ok
                                              << u"(root) must be a string, an integer or null"_s;
    QTest::newRow("unknown type is a schema error") << R"({"type":"text"})"_ba << R"("a")"_ba << ok
                                                    << u"schema error: unknown type \"text\" at (root)"_s;
    QTest::newRow("no type accepts anything") << R"({"description":"anything","default":1})"_ba << "[1]"_ba << ok << ok;

    // enum and const
    QTest::newRow("enum ok") << R"({"enum":["happy","sad"]})"_ba << R"("sad")"_ba << ok << ok;
    QTest::newRow("enum fails") << R"({"type":"object","properties":{"mood":{"enum":["happy","sad"]}}})"_ba
                                << R"({"mood":"angry"})"_ba << u"/mood"_s << u"/mood must be one of: happy, sad"_s;
    QTest::newRow("enum mixed types ok number") << R"({"enum":["a",1,null,true,{"k":[1]}]})"_ba << "1.0"_ba << ok << ok;
    QTest::newRow("enum mixed types ok null") << R"({"enum":["a",1,null,true,{"k":[1]}]})"_ba << "null"_ba << ok << ok;
    QTest::newRow("enum mixed types ok object") << R"({"enum":["a",1,null,true,{"k":[1]}]})"_ba << R"({"k":[1]})"_ba
                                                << ok << ok;
    QTest::newRow("enum mixed types string 1 fails")
        << R"({"enum":["a",1,null,true,{"k":[1]}]})"_ba << R"("1")"_ba << ok
        << u"(root) must be one of: a, 1, null, true, {\"k\":[1]}"_s;
    QTest::newRow("enum bool is not number") << R"({"enum":[1,0]})"_ba << "true"_ba << ok
                                             << u"(root) must be one of: 1, 0"_s;
    QTest::newRow("const ok") << R"({"const":"chat"})"_ba << R"("chat")"_ba << ok << ok;
    QTest::newRow("const fails") << R"({"const":"chat"})"_ba << R"("talk")"_ba << ok << u"(root) must be chat"_s;
    QTest::newRow("const number equal as 1.0") << R"({"const":1})"_ba << "1.0"_ba << ok << ok;

    // numeric bounds
    QTest::newRow("minimum ok") << R"({"type":"number","minimum":0})"_ba << "0"_ba << ok << ok;
    QTest::newRow("minimum fails") << R"({"type":"number","minimum":0})"_ba << "-0.5"_ba << ok
                                   << u"(root) must be at least 0"_s;
    QTest::newRow("maximum ok") << R"({"properties":{"temperature":{"type":"number","maximum":2}}})"_ba
                                << R"({"temperature":2})"_ba << ok << ok;
    QTest::newRow("maximum fails") << R"({"properties":{"temperature":{"type":"number","maximum":2}}})"_ba
                                   << R"({"temperature":2.5})"_ba << u"/temperature"_s
                                   << u"/temperature must be at most 2"_s;
    QTest::newRow("maximum fractional bound") << R"({"maximum":0.7})"_ba << "0.75"_ba << ok
                                              << u"(root) must be at most 0.7"_s;
    QTest::newRow("large integer bound") << R"({"type":"integer","maximum":4096})"_ba << "1000000"_ba << ok
                                         << u"(root) must be at most 4096"_s;
    QTest::newRow("exclusiveMinimum ok") << R"({"exclusiveMinimum":0})"_ba << "0.001"_ba << ok << ok;
    QTest::newRow("exclusiveMinimum fails") << R"({"exclusiveMinimum":0})"_ba << "0"_ba << ok
                                            << u"(root) must be greater than 0"_s;
    QTest::newRow("exclusiveMaximum ok") << R"({"exclusiveMaximum":1})"_ba << "0.999"_ba << ok << ok;
    QTest::newRow("exclusiveMaximum fails") << R"({"exclusiveMaximum":1})"_ba << "1"_ba << ok
                                            << u"(root) must be less than 1"_s;
    QTest::newRow("draft 4 exclusive minimum fails") << R"({"minimum":1,"exclusiveMinimum":true})"_ba << "1"_ba << ok
                                                     << u"(root) must be greater than 1"_s;
    QTest::newRow("bounds ignore non-numbers") << R"({"minimum":5})"_ba << R"("abc")"_ba << ok << ok;

    // strings
    QTest::newRow("minLength ok") << R"({"type":"string","minLength":1})"_ba << R"("a")"_ba << ok << ok;
    QTest::newRow("minLength fails") << R"({"properties":{"name":{"type":"string","minLength":1}}})"_ba
                                     << R"({"name":""})"_ba << u"/name"_s
                                     << u"/name must be at least 1 character long"_s;
    QTest::newRow("minLength plural") << R"({"minLength":3})"_ba << R"("ab")"_ba << ok
                                      << u"(root) must be at least 3 characters long"_s;
    QTest::newRow("emoji is one code point for minLength") << R"({"minLength":1,"maxLength":1})"_ba
                                                           << R"("😀")"_ba << ok << ok;
    QTest::newRow("two emoji fail maxLength 1") << R"({"maxLength":1})"_ba << R"("😀😀")"_ba << ok
                                                << u"(root) must be at most 1 character long"_s;
    QTest::newRow("maxLength ok with emoji") << R"({"maxLength":3})"_ba << R"("a😀b")"_ba << ok << ok;
    QTest::newRow("maxLength fails") << R"({"maxLength":3})"_ba << R"("abcd")"_ba << ok
                                     << u"(root) must be at most 3 characters long"_s;
    QTest::newRow("pattern ok unanchored") << R"({"pattern":"[0-9]+"})"_ba << R"("abc123")"_ba << ok << ok;
    QTest::newRow("pattern ok anchored") << R"({"pattern":"^[a-z_]+$"})"_ba << R"("list_personas")"_ba << ok << ok;
    QTest::newRow("pattern fails") << R"({"properties":{"id":{"pattern":"^[a-z_]+$"}}})"_ba << R"({"id":"Bad-Id"})"_ba
                                   << u"/id"_s << u"/id must match the pattern ^[a-z_]+$"_s;
    QTest::newRow("invalid pattern") << R"({"properties":{"id":{"pattern":"(unclosed"}}})"_ba << R"({"id":"x"})"_ba
                                     << u"/id"_s << u"schema error: invalid pattern at /id"_s;

    // arrays
    QTest::newRow("items ok") << R"({"type":"array","items":{"type":"string"}})"_ba << R"(["a","b"])"_ba << ok << ok;
    QTest::newRow("items fails with index path")
        << R"({"properties":{"traits":{"type":"array","items":{"type":"string"}}}})"_ba
        << R"({"traits":["a","b",3,4]})"_ba << u"/traits/2"_s << u"/traits/2 must be a string"_s;
    QTest::newRow("minItems ok") << R"({"minItems":1})"_ba << "[0]"_ba << ok << ok;
    QTest::newRow("minItems fails") << R"({"minItems":1})"_ba << "[]"_ba << ok << u"(root) must have at least 1 item"_s;
    QTest::newRow("maxItems ok") << R"({"maxItems":2})"_ba << "[1,2]"_ba << ok << ok;
    QTest::newRow("maxItems fails") << R"({"maxItems":2})"_ba << "[1,2,3]"_ba << ok
                                    << u"(root) must have at most 2 items"_s;
    QTest::newRow("uniqueItems ok") << R"({"uniqueItems":true})"_ba << R"([1,"1",true,[1]])"_ba << ok << ok;
    QTest::newRow("uniqueItems fails") << R"({"uniqueItems":true})"_ba << R"(["a",1,"b",1.0])"_ba << ok
                                       << u"(root) must not contain duplicate items (items 1 and 3 are equal)"_s;
    QTest::newRow("uniqueItems false allows duplicates") << R"({"uniqueItems":false})"_ba << "[1,1]"_ba << ok << ok;
    QTest::newRow("nested array item object path")
        << R"({"type":"array","items":{"type":"object","properties":{"k":{"type":"integer"}}}})"_ba
        << R"([{"k":1},{"k":"x"}])"_ba << u"/1/k"_s << u"/1/k must be an integer"_s;

    // objects
    QTest::newRow("required ok") << R"({"type":"object","required":["persona"]})"_ba << R"({"persona":"ada"})"_ba << ok
                                 << ok;
    QTest::newRow("required fails") << R"({"type":"object","required":["persona"]})"_ba << "{}"_ba << u"/persona"_s
                                    << u"/persona is required"_s;
    QTest::newRow("nested object path")
        << R"({"properties":{"options":{"type":"object","properties":{"max_tokens":{"type":"integer"}}}}})"_ba
        << R"({"options":{"max_tokens":"many"}})"_ba << u"/options/max_tokens"_s
        << u"/options/max_tokens must be an integer"_s;
    QTest::newRow("nested required path")
        << R"({"properties":{"options":{"type":"object","required":["mode"]}}})"_ba << R"({"options":{}})"_ba
        << u"/options/mode"_s << u"/options/mode is required"_s;
    QTest::newRow("key with slash is escaped") << R"({"additionalProperties":false})"_ba << R"({"a/b~c":1})"_ba
                                               << u"/a~1b~0c"_s
                                               << u"/a~1b~0c is not allowed (additionalProperties is false)"_s;
    QTest::newRow("additionalProperties false ok") << R"({"properties":{"a":{}},"additionalProperties":false})"_ba
                                                   << R"({"a":1})"_ba << ok << ok;
    QTest::newRow("additionalProperties false fails")
        << R"({"properties":{"a":{}},"additionalProperties":false})"_ba << R"({"a":1,"extra":2})"_ba << u"/extra"_s
        << u"/extra is not allowed (additionalProperties is false)"_s;
    QTest::newRow("additionalProperties schema ok") << R"({"additionalProperties":{"type":"integer"}})"_ba
                                                    << R"({"x":1,"y":2})"_ba << ok << ok;
    QTest::newRow("additionalProperties schema fails")
        << R"({"properties":{"a":{"type":"string"}},"additionalProperties":{"type":"integer"}})"_ba
        << R"({"a":"s","y":"two"})"_ba << u"/y"_s << u"/y must be an integer"_s;
    QTest::newRow("additionalProperties true") << R"({"additionalProperties":true})"_ba << R"({"x":1})"_ba << ok << ok;
    QTest::newRow("object keywords ignore non-objects") << R"({"required":["a"],"additionalProperties":false})"_ba
                                                        << R"("text")"_ba << ok << ok;
    QTest::newRow("property schema false") << R"({"properties":{"gone":false}})"_ba << R"({"gone":1})"_ba << u"/gone"_s
                                           << u"/gone is not allowed"_s;

    // anyOf / oneOf
    QTest::newRow("anyOf first matches") << R"({"anyOf":[{"type":"string"},{"type":"integer"}]})"_ba << R"("a")"_ba
                                         << ok << ok;
    QTest::newRow("anyOf second matches") << R"({"anyOf":[{"type":"string"},{"type":"integer"}]})"_ba << "2"_ba << ok
                                          << ok;
    QTest::newRow("anyOf both match") << R"({"anyOf":[{"type":"number"},{"type":"integer"}]})"_ba << "2"_ba << ok << ok;
    QTest::newRow("anyOf none matches")
        << R"({"properties":{"v":{"anyOf":[{"type":"string"},{"type":"integer"}]}}})"_ba << R"({"v":1.5})"_ba << u"/v"_s
        << u"/v must match at least one schema in anyOf (/v must be a string; /v must be an integer)"_s;
    QTest::newRow("oneOf exactly one") << R"({"oneOf":[{"type":"string"},{"type":"integer"}]})"_ba << "3"_ba << ok << ok;
    QTest::newRow("oneOf none")
        << R"({"oneOf":[{"type":"string"},{"type":"integer"}]})"_ba << "true"_ba << ok
        << u"(root) must match exactly one schema in oneOf but matches none ((root) must be a string; (root) must be an integer)"_s;
    QTest::newRow("oneOf two match") << R"({"oneOf":[{"type":"number"},{"type":"integer"},{"type":"string"}]})"_ba
                                     << "3"_ba << ok
                                     << u"(root) must match exactly one schema in oneOf but matches schemas 0 and 1"_s;

    // first-violation order: type before everything, properties (schema order) before required
    // before additional properties, items in index order, numeric min before max.
    const QByteArray ordered = R"({"type":"object",
        "properties":{"a":{"type":"integer"},"b":{"type":"string"},"c":{},"d":{}},
        "required":["c","d"],
        "additionalProperties":false})"_ba;
    QTest::newRow("order: type first") << ordered << "[]"_ba << ok << u"(root) must be an object"_s;
    QTest::newRow("order: first property") << ordered << R"({"b":1,"a":"x","zzz":1})"_ba << u"/a"_s
                                           << u"/a must be an integer"_s;
    QTest::newRow("order: second property") << ordered << R"({"b":1,"a":1,"zzz":1})"_ba << u"/b"_s
                                            << u"/b must be a string"_s;
    QTest::newRow("order: required before additional") << ordered << R"({"a":1,"zzz":1})"_ba << u"/c"_s
                                                       << u"/c is required"_s;
    QTest::newRow("order: required in array order") << ordered << R"({"d":1})"_ba << u"/c"_s << u"/c is required"_s;
    QTest::newRow("order: additional last") << ordered << R"({"c":1,"d":2,"zzz":1,"yyy":2})"_ba << u"/yyy"_s
                                            << u"/yyy is not allowed (additionalProperties is false)"_s;
    QTest::newRow("required but undeclared counts as additional")
        << R"({"required":["x"],"additionalProperties":false})"_ba << R"({"x":1})"_ba << u"/x"_s
        << u"/x is not allowed (additionalProperties is false)"_s;
    QTest::newRow("order: all valid") << ordered << R"({"a":1,"b":"x","c":null,"d":[]})"_ba << ok << ok;
    QTest::newRow("order: enum before bounds") << R"({"enum":[10,20],"maximum":5})"_ba << "30"_ba << ok
                                               << u"(root) must be one of: 10, 20"_s;
    QTest::newRow("order: first bad item") << R"({"items":{"type":"integer","minimum":0}})"_ba << "[1,-1,1.5]"_ba
                                           << u"/1"_s << u"/1 must be at least 0"_s;
    QTest::newRow("order: minItems before items") << R"({"minItems":3,"items":{"type":"string"}})"_ba << "[1]"_ba << ok
                                                  << u"(root) must have at least 3 items"_s;
}

void TestSchemaValidator::validates()
{
    QFETCH(QByteArray, schema);
    QFETCH(QByteArray, value);
    QFETCH(QString, path);
    QFETCH(QString, message);

    const auto violation = validateAgainstSchema(valueOf(value), schemaOf(schema));
    if (message.isEmpty()) {
        QVERIFY2(!violation.has_value(), qPrintable(violation ? violation->message : QString()));
        return;
    }
    QVERIFY(violation.has_value());
    QCOMPARE(violation->message, message);
    QCOMPARE(violation->path, path);
}

void TestSchemaValidator::validatesAgainstToolLikeSchema_data()
{
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("valid full") << R"({"persona":"ada","message":"hi","max_tokens":256,"temperature":0.7})"_ba
                                << QString() << QString();
    QTest::newRow("valid minimal") << R"({"persona":"ada","message":"hi"})"_ba << QString() << QString();
    QTest::newRow("missing persona") << R"({"message":"hi"})"_ba << u"/persona"_s << u"/persona is required"_s;
    QTest::newRow("fractional max_tokens") << R"({"persona":"ada","message":"hi","max_tokens":10.5})"_ba
                                           << u"/max_tokens"_s << u"/max_tokens must be an integer"_s;
    QTest::newRow("max_tokens too large") << R"({"persona":"ada","message":"hi","max_tokens":5000})"_ba
                                          << u"/max_tokens"_s << u"/max_tokens must be at most 4096"_s;
    QTest::newRow("temperature too high") << R"({"persona":"ada","message":"hi","temperature":3})"_ba
                                          << u"/temperature"_s << u"/temperature must be at most 2"_s;
    QTest::newRow("empty message") << R"({"persona":"ada","message":""})"_ba << u"/message"_s
                                   << u"/message must be at least 1 character long"_s;
    QTest::newRow("unknown argument") << R"({"persona":"ada","message":"hi","stream":true})"_ba << u"/stream"_s
                                      << u"/stream is not allowed (additionalProperties is false)"_s;
    QTest::newRow("arguments not an object") << R"(["ada","hi"])"_ba << QString() << u"(root) must be an object"_s;
}

void TestSchemaValidator::validatesAgainstToolLikeSchema()
{
    QFETCH(QByteArray, arguments);
    QFETCH(QString, path);
    QFETCH(QString, message);

    static const QJsonObject chatSchema = schemaOf(R"({
        "type": "object",
        "title": "chat",
        "properties": {
            "persona": {"type": "string", "minLength": 1, "description": "id or name"},
            "message": {"type": "string", "minLength": 1, "maxLength": 32000},
            "max_tokens": {"type": "integer", "minimum": 1, "maximum": 4096, "default": 512},
            "temperature": {"type": "number", "minimum": 0, "maximum": 2},
            "conversation": {"type": ["string", "null"]}
        },
        "required": ["persona", "message"],
        "additionalProperties": false
    })"_ba);

    const auto violation = validateAgainstSchema(valueOf(arguments), chatSchema);
    if (message.isEmpty()) {
        QVERIFY2(!violation.has_value(), qPrintable(violation ? violation->message : QString()));
        return;
    }
    QVERIFY(violation.has_value());
    QCOMPARE(*violation, (SchemaViolation{path, message}));
}

void TestSchemaValidator::patternCacheIsSafeAcrossThreads()
{
    const QJsonObject schema = schemaOf(R"({"properties":{
        "a":{"pattern":"^[a-z]+$"},"b":{"pattern":"^[0-9]{3}$"},"c":{"pattern":"x|y"}}})"_ba);
    const QJsonValue good = valueOf(R"({"a":"abc","b":"123","c":"..y.."})"_ba);
    const QJsonValue bad = valueOf(R"({"a":"abc","b":"12","c":"x"})"_ba);

    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 500; ++i) {
                if (validateAgainstSchema(good, schema).has_value())
                    ++wrong;
                const auto violation = validateAgainstSchema(bad, schema);
                if (!violation || violation->path != "/b"_L1)
                    ++wrong;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(wrong.load(), 0);
}

QTEST_APPLESS_MAIN(TestSchemaValidator)

#include "tst_schemavalidator.moc"
