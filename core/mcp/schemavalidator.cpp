// SPDX-License-Identifier: MIT
#include "schemavalidator.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

using Outcome = std::optional<SchemaViolation>;

QString shown(const QString &path)
{
    return path.isEmpty() ? u"(root)"_s : path;
}

Outcome violation(const QString &path, const QString &rule)
{
    return SchemaViolation{path, shown(path) + u' ' + rule};
}

/** JSON Pointer escaping (RFC 6901), so a key holding '/' or '~' still names one step. */
QString childPath(const QString &path, const QString &key)
{
    QString escaped = key;
    escaped.replace(u'~', "~0"_L1).replace(u'/', "~1"_L1);
    return path + u'/' + escaped;
}

QString childPath(const QString &path, qsizetype index)
{
    return path + u'/' + QString::number(index);
}

bool isIntegral(const QJsonValue &value)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    return std::isfinite(d) && std::trunc(d) == d;
}

/** Numbers as people write them: 4096 rather than 4096.0 or 4.096e+03. */
QString formatNumber(double d)
{
    constexpr double kExactIntegers = 9007199254740992.0; // 2^53
    if (std::trunc(d) == d && std::abs(d) <= kExactIntegers)
        return QString::number(qint64(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

QString formatValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        // Bare text reads best in "must be one of: happy, sad"; only the empty string needs quotes.
        return value.toString().isEmpty() ? u"\"\""_s : value.toString();
    case QJsonValue::Double:
        return formatNumber(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}

/** JSON Schema equality: numbers by value (1 equals 1.0), containers element by element. */
bool jsonEqual(const QJsonValue &a, const QJsonValue &b)
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case QJsonValue::Double:
        if (isIntegral(a) && isIntegral(b))
            return a.toInteger(qint64(a.toDouble())) == b.toInteger(qint64(b.toDouble()));
        return a.toDouble() == b.toDouble();
    case QJsonValue::Array: {
        const QJsonArray left = a.toArray();
        const QJsonArray right = b.toArray();
        if (left.size() != right.size())
            return false;
        for (qsizetype i = 0; i < left.size(); ++i) {
            if (!jsonEqual(left.at(i), right.at(i)))
                return false;
        }
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject left = a.toObject();
        const QJsonObject right = b.toObject();
        if (left.size() != right.size())
            return false;
        for (auto it = left.constBegin(); it != left.constEnd(); ++it) {
            const auto other = right.constFind(it.key());
            if (other == right.constEnd() || !jsonEqual(it.value(), other.value()))
                return false;
        }
        return true;
    }
    default:
        return a == b;
    }
}

qsizetype codePointCount(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        // A surrogate pair is one code point; count it at its high half only.
        if (!(text.at(i).isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate()))
            ++count;
    }
    return count;
}

QString plural(qsizetype n, const QString &singular, const QString &pluralForm)
{
    return QString::number(n) + u' ' + (n == 1 ? singular : pluralForm);
}

/** Compiled patterns, one cache per thread: QRegularExpression is reentrant, not thread-safe,
 *  so instances are never shared between threads. Schemas are ours and few, the cap only
 *  guards against a caller that builds patterns on the fly. */
const QRegularExpression &compiledPattern(const QString &pattern)
{
    thread_local QHash<QString, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end()) {
        if (cache.size() >= 256)
            cache.clear();
        QRegularExpression expression(pattern);
        expression.optimize();
        it = cache.insert(pattern, expression);
    }
    return it.value();
}

enum class TypeMatch { Matches, Fails, UnknownType };

TypeMatch matchesType(const QJsonValue &value, const QString &type)
{
    bool matches = false;
    if (type == "string"_L1)
        matches = value.isString();
    else if (type == "number"_L1)
        matches = value.isDouble();
    else if (type == "integer"_L1)
        matches = isIntegral(value);
    else if (type == "boolean"_L1)
        matches = value.isBool();
    else if (type == "object"_L1)
        matches = value.isObject();
    else if (type == "array"_L1)
        matches = value.isArray();
    else if (type == "null"_L1)
        matches = value.isNull();
    else
        return TypeMatch::UnknownType;
    return matches ? TypeMatch::Matches : TypeMatch::Fails;
}

QString typeWithArticle(const QString &type)
{
    if (type == "null"_L1)
        return type;
    if (type == "integer"_L1 || type == "object"_L1 || type == "array"_L1)
        return u"an "_s + type;
    return u"a "_s + type;
}

/** "a string", "a string or null", "a string, a number or null". */
QString joinTypes(const QStringList &types)
{
    QStringList named;
    for (const QString &type : types)
        named.append(typeWithArticle(type));
    if (named.size() <= 1)
        return named.value(0);
    const QString last = named.takeLast();
    return named.join(", "_L1) + u" or "_s + last;
}

Outcome validateValue(const QJsonValue &value, const QJsonValue &schema, const QString &path);

Outcome checkType(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    const QJsonValue typeKeyword = schema.value("type"_L1);
    QStringList types;
    if (typeKeyword.isString()) {
        types.append(typeKeyword.toString());
    } else if (typeKeyword.isArray()) {
        for (const QJsonValue &entry : typeKeyword.toArray())
            types.append(entry.toString());
    } else {
        return std::nullopt;
    }
    bool matched = false;
    for (const QString &type : std::as_const(types)) {
        switch (matchesType(value, type)) {
        case TypeMatch::UnknownType:
            return SchemaViolation{path, u"schema error: unknown type \"%1\" at %2"_s.arg(type, shown(path))};
        case TypeMatch::Matches:
            matched = true;
            break;
        case TypeMatch::Fails:
            break;
        }
    }
    if (matched)
        return std::nullopt;
    return violation(path, u"must be "_s + joinTypes(types));
}

Outcome checkEnumAndConst(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    if (schema.contains("enum"_L1)) {
        const QJsonArray allowed = schema.value("enum"_L1).toArray();
        const bool found = std::any_of(allowed.begin(), allowed.end(),
                                       [&value](const QJsonValue &candidate) { return jsonEqual(value, candidate); });
        if (!found) {
            QStringList shownValues;
            for (const QJsonValue &candidate : allowed)
                shownValues.append(formatValue(candidate));
            return violation(path, u"must be one of: "_s + shownValues.join(", "_L1));
        }
    }
    if (schema.contains("const"_L1)) {
        const QJsonValue expected = schema.value("const"_L1);
        if (!jsonEqual(value, expected))
            return violation(path, u"must be "_s + formatValue(expected));
    }
    return std::nullopt;
}

Outcome checkNumber(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    const double number = value.toDouble();
    const QJsonValue minimum = schema.value("minimum"_L1);
    const QJsonValue maximum = schema.value("maximum"_L1);
    const QJsonValue exclusiveMinimum = schema.value("exclusiveMinimum"_L1);
    const QJsonValue exclusiveMaximum = schema.value("exclusiveMaximum"_L1);
    // Draft 4 spelled exclusivity as a boolean beside minimum/maximum; later drafts as a number.
    const bool minimumIsExclusive = exclusiveMinimum.isBool() && exclusiveMinimum.toBool();
    const bool maximumIsExclusive = exclusiveMaximum.isBool() && exclusiveMaximum.toBool();

    if (minimum.isDouble()) {
        const double bound = minimum.toDouble();
        if (minimumIsExclusive ? !(number > bound) : !(number >= bound))
            return violation(path, (minimumIsExclusive ? u"must be greater than "_s : u"must be at least "_s)
                                       + formatNumber(bound));
    }
    if (maximum.isDouble()) {
        const double bound = maximum.toDouble();
        if (maximumIsExclusive ? !(number < bound) : !(number <= bound))
            return violation(path, (maximumIsExclusive ? u"must be less than "_s : u"must be at most "_s)
                                       + formatNumber(bound));
    }
    if (exclusiveMinimum.isDouble() && !(number > exclusiveMinimum.toDouble()))
        return violation(path, u"must be greater than "_s + formatNumber(exclusiveMinimum.toDouble()));
    if (exclusiveMaximum.isDouble() && !(number < exclusiveMaximum.toDouble()))
        return violation(path, u"must be less than "_s + formatNumber(exclusiveMaximum.toDouble()));
    return std::nullopt;
}

Outcome checkString(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    const QString text = value.toString();
    const QJsonValue minLength = schema.value("minLength"_L1);
    const QJsonValue maxLength = schema.value("maxLength"_L1);
    if (minLength.isDouble() || maxLength.isDouble()) {
        const qsizetype length = codePointCount(text);
        if (minLength.isDouble() && double(length) < minLength.toDouble()) {
            const auto bound = qsizetype(std::ceil(minLength.toDouble()));
            return violation(path, u"must be at least "_s + plural(bound, u"character"_s, u"characters"_s) + u" long"_s);
        }
        if (maxLength.isDouble() && double(length) > maxLength.toDouble()) {
            const auto bound = qsizetype(std::floor(maxLength.toDouble()));
            return violation(path, u"must be at most "_s + plural(bound, u"character"_s, u"characters"_s) + u" long"_s);
        }
    }
    const QJsonValue pattern = schema.value("pattern"_L1);
    if (pattern.isString()) {
        const QRegularExpression &expression = compiledPattern(pattern.toString());
        if (!expression.isValid())
            return SchemaViolation{path, u"schema error: invalid pattern at "_s + shown(path)};
        if (!expression.match(text).hasMatch())
            return violation(path, u"must match the pattern "_s + pattern.toString());
    }
    return std::nullopt;
}

Outcome checkArray(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    const QJsonArray array = value.toArray();
    const QJsonValue minItems = schema.value("minItems"_L1);
    const QJsonValue maxItems = schema.value("maxItems"_L1);
    if (minItems.isDouble() && double(array.size()) < minItems.toDouble()) {
        const auto bound = qsizetype(std::ceil(minItems.toDouble()));
        return violation(path, u"must have at least "_s + plural(bound, u"item"_s, u"items"_s));
    }
    if (maxItems.isDouble() && double(array.size()) > maxItems.toDouble()) {
        const auto bound = qsizetype(std::floor(maxItems.toDouble()));
        return violation(path, u"must have at most "_s + plural(bound, u"item"_s, u"items"_s));
    }
    // Only the single-schema form of "items"; tuple forms are outside the subset we declare.
    const QJsonValue items = schema.value("items"_L1);
    if (items.isObject() || items.isBool()) {
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (Outcome failed = validateValue(array.at(i), items, childPath(path, i)))
                return failed;
        }
    }
    if (schema.value("uniqueItems"_L1).toBool()) {
        for (qsizetype i = 1; i < array.size(); ++i) {
            for (qsizetype j = 0; j < i; ++j) {
                if (jsonEqual(array.at(i), array.at(j)))
                    return violation(path, u"must not contain duplicate items (items %1 and %2 are equal)"_s.arg(j).arg(i));
            }
        }
    }
    return std::nullopt;
}

Outcome checkObject(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    const QJsonObject object = value.toObject();
    const QJsonObject properties = schema.value("properties"_L1).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        const auto member = object.constFind(it.key());
        if (member == object.constEnd())
            continue;
        if (Outcome failed = validateValue(member.value(), it.value(), childPath(path, it.key())))
            return failed;
    }
    for (const QJsonValue &name : schema.value("required"_L1).toArray()) {
        if (name.isString() && !object.contains(name.toString()))
            return violation(childPath(path, name.toString()), u"is required"_s);
    }
    const QJsonValue additional = schema.value("additionalProperties"_L1);
    if (additional.isBool() && additional.toBool())
        return std::nullopt;
    if (!additional.isBool() && !additional.isObject())
        return std::nullopt;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (properties.contains(it.key()))
            continue;
        const QString memberPath = childPath(path, it.key());
        if (additional.isBool()) // false
            return violation(memberPath, u"is not allowed (additionalProperties is false)"_s);
        if (Outcome failed = validateValue(it.value(), additional, memberPath))
            return failed;
    }
    return std::nullopt;
}

QString joinMessages(const QStringList &messages)
{
    return u"("_s + messages.join("; "_L1) + u')';
}

Outcome checkCombinators(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    const QJsonValue anyOf = schema.value("anyOf"_L1);
    if (anyOf.isArray()) {
        QStringList reasons;
        bool matched = false;
        for (const QJsonValue &branch : anyOf.toArray()) {
            const Outcome failed = validateValue(value, branch, path);
            if (!failed) {
                matched = true;
                break;
            }
            reasons.append(failed->message);
        }
        if (!matched)
            return violation(path, u"must match at least one schema in anyOf "_s + joinMessages(reasons));
    }
    const QJsonValue oneOf = schema.value("oneOf"_L1);
    if (oneOf.isArray()) {
        QStringList reasons;
        QList<qsizetype> matches;
        const QJsonArray branches = oneOf.toArray();
        for (qsizetype i = 0; i < branches.size(); ++i) {
            const Outcome failed = validateValue(value, branches.at(i), path);
            if (failed)
                reasons.append(failed->message);
            else
                matches.append(i);
        }
        if (matches.isEmpty())
            return violation(path, u"must match exactly one schema in oneOf but matches none "_s + joinMessages(reasons));
        if (matches.size() > 1)
            return violation(path, u"must match exactly one schema in oneOf but matches schemas %1 and %2"_s
                                       .arg(matches.at(0))
                                       .arg(matches.at(1)));
    }
    return std::nullopt;
}

Outcome validateObjectSchema(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    // Document order: what the value is, then what it holds, then the alternatives.
    if (Outcome failed = checkType(value, schema, path))
        return failed;
    if (Outcome failed = checkEnumAndConst(value, schema, path))
        return failed;
    // Type-specific keywords apply only to values of that type (JSON Schema's rule), so a
    // schema without "type" does not refuse, say, a string because of "minimum".
    Outcome failed;
    if (value.isDouble())
        failed = checkNumber(value, schema, path);
    else if (value.isString())
        failed = checkString(value, schema, path);
    else if (value.isArray())
        failed = checkArray(value, schema, path);
    else if (value.isObject())
        failed = checkObject(value, schema, path);
    if (failed)
        return failed;
    return checkCombinators(value, schema, path);
}

Outcome validateValue(const QJsonValue &value, const QJsonValue &schema, const QString &path)
{
    // Boolean schemas: true accepts anything, false nothing. Other non-object schemas are
    // malformed; accept rather than refuse every call because of our own declaration.
    if (schema.isBool())
        return schema.toBool() ? Outcome() : violation(path, u"is not allowed"_s);
    if (!schema.isObject())
        return std::nullopt;
    return validateObjectSchema(value, schema.toObject(), path);
}

} // namespace

std::optional<SchemaViolation> validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema)
{
    return validateObjectSchema(value, schema, QString());
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return typeWithArticle(u"string"_s);
    case QJsonValue::Double:
        return typeWithArticle(u"number"_s);
    case QJsonValue::Bool:
        return typeWithArticle(u"boolean"_s);
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Array:
        return typeWithArticle(u"array"_s);
    case QJsonValue::Object:
        return typeWithArticle(u"object"_s);
    case QJsonValue::Undefined:
        break;
    }
    return u"missing"_s;
}

} // namespace Studio::Mcp
