// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Studio::Mcp {

/** Where and why a value failed its schema. path is a JSON Pointer-like path of the value
 *  ("/persona", "/options/max_tokens", "/traits/2"; "" for the root). */
struct SchemaViolation
{
    QString path;
    QString message; // one sentence naming the path, e.g. "/max_tokens must be at most 4096"

    bool operator==(const SchemaViolation &) const = default;
};

/** @brief Checks a JSON value against the JSON Schema subset our tools declare: "type" (string,
 *  number, integer, boolean, object, array, null, or an array of these), "properties",
 *  "required", "additionalProperties" (false, or a schema), "enum", "const", "minimum",
 *  "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength" (in Unicode code
 *  points), "pattern" (ECMAScript-like, via QRegularExpression, unanchored as JSON Schema says),
 *  "items" (one schema), "minItems", "maxItems", "uniqueItems", "anyOf", "oneOf", "default" and
 *  descriptive keywords (ignored). Integers must be integral numbers (1.0 counts, 1.5 does not).
 *  Returns the first violation in document order (properties in the order of the schema's
 *  "properties", then "required", then additional properties), or nothing when the value is valid.
 *  Pure function; thread-safe. */
std::optional<SchemaViolation> validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema);

/** What a value is, for error messages: "a string", "a number", "a boolean", "null", "an
 *  array", "an object" (integral numbers are "a number" too). */
QString jsonTypeName(const QJsonValue &value);

} // namespace Studio::Mcp
