// SPDX-License-Identifier: MIT
#include "conformancefixtures.h"

#include <mcp/mcpserver.h>
#include <mcp/mcptools.h>
#include <mcp/requestcontext.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Studio::Mcp;

namespace {

using Call = std::shared_ptr<RequestContext>;

// A 1x1 PNG and a minimal WAV, as the suite's reference server uses.
constexpr auto kPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
constexpr auto kWav = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

QJsonObject text(const QString &value)
{
    return QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, value}};
}

QJsonObject image()
{
    return QJsonObject{{u"type"_s, u"image"_s}, {u"data"_s, QLatin1StringView(kPng)}, {u"mimeType"_s, u"image/png"_s}};
}

void respondWith(const Call &call, const QJsonArray &content, bool isError = false)
{
    call->respond(QJsonObject{{u"content"_s, content}, {u"isError"_s, isError}});
}

ToolDefinition fixture(const QString &name, const QString &description,
                       std::function<void(const QJsonObject &, const Call &)> run,
                       const QJsonObject &inputSchema = QJsonObject{{u"type"_s, u"object"_s},
                                                                    {u"properties"_s, QJsonObject()}})
{
    ToolDefinition tool;
    tool.name = name;
    tool.title = name;
    tool.description = description;
    tool.inputSchema = inputSchema;
    tool.readOnly = true;
    tool.run = std::move(run);
    return tool;
}

/** Sends steps one after another, ~50 ms apart, then finishes; stops when the call is cancelled. */
void stepped(McpServer *server, const Call &call, QList<std::function<void()>> steps)
{
    if (steps.isEmpty() || call->isCancelled())
        return;
    auto step = steps.takeFirst();
    step();
    if (!steps.isEmpty())
        QTimer::singleShot(50, server, [server, call, steps] { stepped(server, call, steps); });
}

void elicit(McpServer *server, const Call &call, const QJsonObject &params, const QString &prefix)
{
    McpSession *session = call->session();
    if (!session)
        return;
    session->requestFromClient(u"elicitation/create"_s, params, call->id(),
                               [call, prefix](const QJsonObject &result, const std::optional<RpcError> &error) {
                                   if (error)
                                       return respondWith(call, {text(u"Elicitation failed: "_s + error->message)}, true);
                                   const QString content = QString::fromUtf8(QJsonDocument(result.value("content"_L1).toObject())
                                                                                 .toJson(QJsonDocument::Compact));
                                   respondWith(call, {text(u"%1: action=%2, content=%3"_s.arg(
                                                         prefix, result.value("action"_L1).toString(), content))});
                               });
    Q_UNUSED(server)
}

QList<ToolDefinition> fixtureTools(McpServer *server)
{
    QList<ToolDefinition> tools;
    tools.append(fixture(u"test_simple_text"_s, u"Returns a simple text response"_s, [](const QJsonObject &, const Call &call) {
        respondWith(call, {text(u"This is a simple text response for testing."_s)});
    }));
    tools.append(fixture(u"test_image_content"_s, u"Returns an image"_s,
                         [](const QJsonObject &, const Call &call) { respondWith(call, {image()}); }));
    tools.append(fixture(u"test_audio_content"_s, u"Returns audio"_s, [](const QJsonObject &, const Call &call) {
        respondWith(call, {QJsonObject{{u"type"_s, u"audio"_s}, {u"data"_s, QLatin1StringView(kWav)}, {u"mimeType"_s, u"audio/wav"_s}}});
    }));
    tools.append(fixture(u"test_embedded_resource"_s, u"Returns an embedded resource"_s, [](const QJsonObject &, const Call &call) {
        respondWith(call, {QJsonObject{{u"type"_s, u"resource"_s},
                                       {u"resource"_s, QJsonObject{{u"uri"_s, u"test://embedded-resource"_s},
                                                                   {u"mimeType"_s, u"text/plain"_s},
                                                                   {u"text"_s, u"This is an embedded resource content."_s}}}}});
    }));
    tools.append(fixture(u"test_multiple_content_types"_s, u"Returns text, an image and a resource"_s,
                         [](const QJsonObject &, const Call &call) {
                             respondWith(call, {text(u"Multiple content types test:"_s), image(),
                                                QJsonObject{{u"type"_s, u"resource"_s},
                                                            {u"resource"_s, QJsonObject{{u"uri"_s, u"test://mixed-content-resource"_s},
                                                                                        {u"mimeType"_s, u"application/json"_s},
                                                                                        {u"text"_s, u"{\"test\":\"data\",\"value\":123}"_s}}}}});
                         }));
    tools.append(fixture(u"test_tool_with_logging"_s, u"Logs three messages while it runs"_s,
                         [server](const QJsonObject &, const Call &call) {
                             stepped(server, call,
                                     {[call] { call->log(u"info"_s, u"Tool execution started"_s, u"conformance"_s); },
                                      [call] { call->log(u"info"_s, u"Tool processing data"_s, u"conformance"_s); },
                                      [call] {
                                          call->log(u"info"_s, u"Tool execution completed"_s, u"conformance"_s);
                                          respondWith(call, {text(u"Tool with logging executed successfully"_s)});
                                      }});
                         }));
    tools.append(fixture(u"test_error_handling"_s, u"Always fails with isError"_s, [](const QJsonObject &, const Call &call) {
        respondWith(call, {text(u"This tool intentionally returns an error for testing"_s)}, true);
    }));
    tools.append(fixture(u"test_tool_with_progress"_s, u"Reports progress three times"_s,
                         [server](const QJsonObject &, const Call &call) {
                             stepped(server, call,
                                     {[call] { call->progress(0, {}, 100); }, [call] { call->progress(50, {}, 100); },
                                      [call] {
                                          call->progress(100, {}, 100);
                                          const QJsonValue token = call->progressToken();
                                          respondWith(call, {text(token.isString() ? token.toString()
                                                                                   : QString::number(token.toDouble()))});
                                      }});
                         }));
    tools.append(fixture(
        u"test_sampling"_s, u"Asks the client's model through sampling/createMessage"_s,
        [](const QJsonObject &arguments, const Call &call) {
            McpSession *session = call->session();
            if (!session)
                return;
            const QJsonObject params{
                {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, text(arguments.value("prompt"_L1).toString())}}}},
                {u"maxTokens"_s, 100}};
            session->requestFromClient(u"sampling/createMessage"_s, params, call->id(),
                                       [call](const QJsonObject &result, const std::optional<RpcError> &error) {
                                           if (error)
                                               return respondWith(call, {text(u"Sampling failed: "_s + error->message)}, true);
                                           respondWith(call, {text(u"LLM response: "_s
                                                                   + result.value("content"_L1).toObject().value("text"_L1).toString())});
                                       });
        },
        QJsonObject{{u"type"_s, u"object"_s},
                    {u"properties"_s, QJsonObject{{u"prompt"_s, QJsonObject{{u"type"_s, u"string"_s}}}}},
                    {u"required"_s, QJsonArray{u"prompt"_s}}}));
    tools.append(fixture(
        u"test_elicitation"_s, u"Asks the user for information through elicitation/create"_s,
        [server](const QJsonObject &arguments, const Call &call) {
            elicit(server, call,
                   QJsonObject{{u"message"_s, arguments.value("message"_L1).toString()},
                               {u"requestedSchema"_s, schemaFromLiteral(R"json({"type": "object", "properties": {
                                    "username": {"type": "string", "description": "User's response"},
                                    "email": {"type": "string", "description": "User's email address"}},
                                    "required": ["username", "email"]})json")}},
                   u"User response"_s);
        },
        QJsonObject{{u"type"_s, u"object"_s},
                    {u"properties"_s, QJsonObject{{u"message"_s, QJsonObject{{u"type"_s, u"string"_s}}}}},
                    {u"required"_s, QJsonArray{u"message"_s}}}));
    tools.append(fixture(u"test_elicitation_sep1034_defaults"_s, u"Elicitation with default values"_s,
                         [server](const QJsonObject &, const Call &call) {
                             elicit(server, call, schemaFromLiteral(R"json({"mode": "form",
                                 "message": "Please review and update the form fields with defaults",
                                 "requestedSchema": {"type": "object", "properties": {
                                   "name": {"type": "string", "description": "User name", "default": "John Doe"},
                                   "age": {"type": "integer", "description": "User age", "default": 30},
                                   "score": {"type": "number", "description": "User score", "default": 95.5},
                                   "status": {"type": "string", "description": "User status", "enum": ["active", "inactive", "pending"], "default": "active"},
                                   "verified": {"type": "boolean", "description": "Verification status", "default": true}},
                                   "required": []}})json"),
                                    u"Elicitation completed"_s);
                         }));
    tools.append(fixture(u"test_elicitation_sep1330_enums"_s, u"Elicitation with enum forms"_s,
                         [server](const QJsonObject &, const Call &call) {
                             elicit(server, call, schemaFromLiteral(R"json({"mode": "form",
                                 "message": "Please select options from the enum fields",
                                 "requestedSchema": {"type": "object", "properties": {
                                   "untitledSingle": {"type": "string", "description": "Select one option", "enum": ["option1", "option2", "option3"]},
                                   "titledSingle": {"type": "string", "description": "Select one option with titles", "oneOf": [
                                     {"const": "value1", "title": "First Option"}, {"const": "value2", "title": "Second Option"},
                                     {"const": "value3", "title": "Third Option"}]},
                                   "legacyEnum": {"type": "string", "description": "Select one option (legacy)", "enum": ["opt1", "opt2", "opt3"],
                                     "enumNames": ["Option One", "Option Two", "Option Three"]},
                                   "untitledMulti": {"type": "array", "description": "Select multiple options", "minItems": 1, "maxItems": 3,
                                     "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
                                   "titledMulti": {"type": "array", "description": "Select multiple options with titles", "minItems": 1, "maxItems": 3,
                                     "items": {"anyOf": [{"const": "value1", "title": "First Choice"}, {"const": "value2", "title": "Second Choice"},
                                       {"const": "value3", "title": "Third Choice"}]}}},
                                   "required": []}})json"),
                                    u"Elicitation completed"_s);
                         }));
    tools.append(fixture(u"json_schema_2020_12_tool"_s, u"Tool with JSON Schema 2020-12 features"_s,
                         [](const QJsonObject &arguments, const Call &call) {
                             respondWith(call, {text(QString::fromUtf8(QJsonDocument(arguments).toJson(QJsonDocument::Compact)))});
                         },
                         schemaFromLiteral(R"json({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                             "$defs": {"address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}},
                             "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
                             "additionalProperties": false})json")));
    tools.append(fixture(u"test_reconnection"_s, u"Answers after a pause (SSE reconnection test)"_s,
                         [server](const QJsonObject &, const Call &call) {
                             QTimer::singleShot(100, server, [call] {
                                 respondWith(call, {text(u"Reconnection test completed successfully. If you received this, "
                                                         "the client properly reconnected after stream closure."_s)});
                             });
                         }));
    return tools;
}

QJsonArray fixtureResources()
{
    auto resource = [](const QString &uri, const QString &name, const QString &mimeType) {
        return QJsonObject{{u"uri"_s, uri}, {u"name"_s, name}, {u"description"_s, name}, {u"mimeType"_s, mimeType}};
    };
    return {resource(u"test://static-text"_s, u"Static text resource"_s, u"text/plain"_s),
            resource(u"test://static-binary"_s, u"Static binary resource"_s, u"image/png"_s),
            resource(u"test://watched-resource"_s, u"Watched resource"_s, u"text/plain"_s)};
}

bool readFixtureResource(const QString &uri, QJsonArray *contents)
{
    static const QRegularExpression templated(u"^test://template/([^/]+)/data$"_s);
    if (uri == u"test://static-text"_s) {
        *contents = {QJsonObject{{u"uri"_s, uri}, {u"mimeType"_s, u"text/plain"_s},
                                 {u"text"_s, u"This is the content of the static text resource."_s}}};
        return true;
    }
    if (uri == u"test://static-binary"_s) {
        *contents = {QJsonObject{{u"uri"_s, uri}, {u"mimeType"_s, u"image/png"_s}, {u"blob"_s, QLatin1StringView(kPng)}}};
        return true;
    }
    if (uri == u"test://watched-resource"_s) {
        *contents = {QJsonObject{{u"uri"_s, uri}, {u"mimeType"_s, u"text/plain"_s}, {u"text"_s, u"Watched resource content"_s}}};
        return true;
    }
    if (const auto match = templated.match(uri); match.hasMatch()) {
        const QString id = match.captured(1);
        *contents = {QJsonObject{{u"uri"_s, uri}, {u"mimeType"_s, u"application/json"_s},
                                 {u"text"_s, QString::fromUtf8(QJsonDocument(QJsonObject{{u"id"_s, id},
                                                                                         {u"templateTest"_s, true},
                                                                                         {u"data"_s, QString(u"Data for ID: "_s + id)}})
                                                                   .toJson(QJsonDocument::Compact))}}};
        return true;
    }
    return false;
}

QJsonArray fixturePrompts()
{
    auto argument = [](const QString &name) {
        return QJsonObject{{u"name"_s, name}, {u"description"_s, name}, {u"required"_s, true}};
    };
    return {QJsonObject{{u"name"_s, u"test_simple_prompt"_s}, {u"description"_s, u"A simple prompt"_s}},
            QJsonObject{{u"name"_s, u"test_prompt_with_arguments"_s}, {u"description"_s, u"A prompt with arguments"_s},
                        {u"arguments"_s, QJsonArray{argument(u"arg1"_s), argument(u"arg2"_s)}}},
            QJsonObject{{u"name"_s, u"test_prompt_with_embedded_resource"_s}, {u"description"_s, u"A prompt with a resource"_s},
                        {u"arguments"_s, QJsonArray{argument(u"resourceUri"_s)}}},
            QJsonObject{{u"name"_s, u"test_prompt_with_image"_s}, {u"description"_s, u"A prompt with an image"_s}}};
}

bool getFixturePrompt(const QString &name, const QJsonObject &arguments, QJsonObject *result, RpcError *)
{
    auto message = [](const QJsonObject &content) { return QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, content}}; };
    if (name == u"test_simple_prompt"_s) {
        *result = {{u"messages"_s, QJsonArray{message(text(u"This is a simple prompt for testing."_s))}}};
        return true;
    }
    if (name == u"test_prompt_with_arguments"_s) {
        *result = {{u"messages"_s, QJsonArray{message(text(u"Prompt with arguments: arg1='%1', arg2='%2'"_s.arg(
                                         arguments.value("arg1"_L1).toString(), arguments.value("arg2"_L1).toString())))}}};
        return true;
    }
    if (name == u"test_prompt_with_embedded_resource"_s) {
        const QString uri = arguments.value("resourceUri"_L1).toString(u"test://example-resource"_s);
        *result = {{u"messages"_s,
                    QJsonArray{message(QJsonObject{{u"type"_s, u"resource"_s},
                                                   {u"resource"_s, QJsonObject{{u"uri"_s, uri}, {u"mimeType"_s, u"text/plain"_s},
                                                                               {u"text"_s, u"Embedded resource content for testing."_s}}}}),
                               message(text(u"Please process the embedded resource above."_s))}}};
        return true;
    }
    if (name == u"test_prompt_with_image"_s) {
        *result = {{u"messages"_s, QJsonArray{message(image()), message(text(u"Please analyze the image above."_s))}}};
        return true;
    }
    return false;
}

} // namespace

void installConformanceFixtures(McpServer *server)
{
    for (const ToolDefinition &tool : fixtureTools(server))
        server->addTool(tool);
    server->addFixtureResources(fixtureResources, readFixtureResource);
    server->addFixturePrompts(fixturePrompts, getFixturePrompt);
}
