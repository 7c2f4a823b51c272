// SPDX-License-Identifier: MIT
#include "mcptools.h"

#include "mcplog.h"
#include "memorytools.h"
#include "requestcontext.h"
#include "sessionscope.h"

#include <engine/engineclient.h>
#include <llm/chattypes.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

using Call = std::shared_ptr<RequestContext>;
using Personas::Persona;

QJsonObject schemaFromLiteral(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("broken schema literal at offset %d: %s", error.offset, json);
    return document.object();
}

void withPersonaOrActive(McpServer *server, const std::shared_ptr<RequestContext> &call,
                         const std::optional<QString> &persona, std::function<void(const QString &personaRef)> use,
                         QString (*advise)(const Error &))
{
    if (persona)
        return use(*persona);
    server->engine()->activePersona(call->sessionId()).then(server, [call, use, advise](const Result<Persona> &active) {
        if (!active)
            return call->toolError(advise(active.error()));
        use(active->id);
    });
}

namespace {

// --- shared schema parts ---------------------------------------------------------------------

constexpr auto kPersonaArg = R"({"type": "string", "minLength": 1, "maxLength": 100,
    "description": "The persona's id or name, case-insensitive; list_personas shows them"})";

constexpr auto kPersonaFields = R"(
    "name": {"type": "string", "minLength": 1, "maxLength": 64, "description": "Unique display name"},
    "description": {"type": "string", "maxLength": 4000, "description": "Who the persona is, one or two sentences"},
    "personality": {"type": "string", "maxLength": 4000},
    "traits": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 1000}, "maxItems": 32},
    "speaking_style": {"type": "string", "maxLength": 4000},
    "greeting": {"type": "string", "maxLength": 4000},
    "example_lines": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 1000}, "maxItems": 32},
    "system_prompt": {"type": "string", "maxLength": 16000,
        "description": "Template; {{name}}, {{description}}, {{personality}}, {{traits}}, {{speaking_style}}, {{greeting}} and {{examples}} are filled in"},
    "model": {"type": "string", "maxLength": 200, "description": "Ollama model for this persona; empty: the app's model"},
    "temperature": {"type": "number", "minimum": 0, "maximum": 2},
    "thinking": {"type": "boolean", "description": "Let thinking models think before answering"})";

constexpr auto kPersonaSummarySchema = R"({"type": "object", "properties": {
    "id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
    "traits": {"type": "array", "items": {"type": "string"}}, "model": {"type": "string"},
    "built_in": {"type": "boolean"}, "modified": {"type": "boolean"}},
    "required": ["id", "name", "description", "traits", "model", "built_in", "modified"]})";

QJsonObject personaSummary(const Persona &persona)
{
    return QJsonObject{{u"id"_s, persona.id},
                       {u"name"_s, persona.name},
                       {u"description"_s, persona.description},
                       {u"traits"_s, QJsonArray::fromStringList(persona.traits)},
                       {u"model"_s, persona.model},
                       {u"built_in"_s, persona.builtIn},
                       {u"modified"_s, persona.modified}};
}

QJsonObject personaOutputSchema()
{
    QJsonObject schema = schemaFromLiteral(R"({"type": "object", "properties": {"persona": {"type": "object"}}, "required": ["persona"]})");
    QJsonObject properties = schemaFromLiteral((u"{"_s + QString::fromLatin1(kPersonaFields) + u"}"_s).toUtf8().constData());
    properties.insert(u"id"_s, QJsonObject{{u"type"_s, u"string"_s}});
    properties.insert(u"built_in"_s, QJsonObject{{u"type"_s, u"boolean"_s}});
    properties.insert(u"modified"_s, QJsonObject{{u"type"_s, u"boolean"_s}});
    properties.insert(u"topic_preferences"_s, QJsonObject{{u"type"_s, u"object"_s}});
    QJsonObject persona{{u"type"_s, u"object"_s},
                        {u"properties"_s, properties},
                        {u"required"_s, QJsonArray{u"id"_s, u"name"_s, u"built_in"_s, u"modified"_s}}};
    schema.insert(u"properties"_s, QJsonObject{{u"persona"_s, persona}});
    return schema;
}

/** A sentence for a failed call that says what the caller can do. */
QString advise(const Error &error)
{
    switch (error.code) {
    case ErrorCode::NotFound:
        if (error.message.startsWith("Persona"_L1))
            return error.message + u". Call list_personas to see the ids and names."_s;
        return error.message + u"."_s;
    case ErrorCode::LlmUnreachable:
        return error.message + u" Start Ollama (`ollama serve`) and call the tool again."_s;
    case ErrorCode::LlmModelMissing:
        return error.message;
    case ErrorCode::Timeout:
        return error.message + u" The model may still be loading; try again in a moment."_s;
    case ErrorCode::Busy:
        return error.message + u"."_s;
    case ErrorCode::Conflict:
    case ErrorCode::InvalidArgument:
    case ErrorCode::TooLarge:
        return error.message + u"."_s;
    default:
        return u"Persona Studio could not do this: %1."_s.arg(error.message);
    }
}

QJsonObject messageJson(const Store::MessageRow &message)
{
    QJsonObject json{{u"id"_s, double(message.id)},
                     {u"role"_s, message.role},
                     {u"content"_s, message.content},
                     {u"created_at"_s, isoUtc(message.createdMs)},
                     {u"cut_off"_s, message.cutOff}};
    if (message.role == u"assistant"_s) {
        json.insert(u"model"_s, message.model);
        json.insert(u"prompt_tokens"_s, message.promptTokens);
        json.insert(u"completion_tokens"_s, message.completionTokens);
        json.insert(u"processing_ms"_s, double(message.totalMs));
    }
    return json;
}

QJsonObject sessionJson(const Store::SessionRow &session)
{
    QJsonObject json{{u"id"_s, session.id},
                     {u"kind"_s, session.kind},
                     {u"transport"_s, session.transport},
                     {u"client_name"_s, session.clientName},
                     {u"client_version"_s, session.clientVersion},
                     {u"created_at"_s, isoUtc(session.createdMs)},
                     {u"last_active_at"_s, isoUtc(session.lastActiveMs)},
                     {u"active_persona"_s, session.activePersonaId},
                     {u"open"_s, session.isOpen()}};
    if (session.closedMs)
        json.insert(u"closed_at"_s, isoUtc(*session.closedMs));
    return json;
}

constexpr auto kSessionSchema = R"({"type": "object", "properties": {
    "id": {"type": "string"}, "kind": {"type": "string"}, "transport": {"type": "string"},
    "client_name": {"type": "string"}, "client_version": {"type": "string"},
    "created_at": {"type": "string"}, "last_active_at": {"type": "string"}, "closed_at": {"type": "string"},
    "active_persona": {"type": "string"}, "open": {"type": "boolean"}},
    "required": ["id", "kind", "transport", "created_at", "last_active_at", "active_persona", "open"]})";

QString pretty(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

// --- the tools -------------------------------------------------------------------------------

ToolDefinition listPersonas(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"list_personas"_s;
    tool.title = u"List personas"_s;
    tool.description = u"Lists every persona you can chat with: id, name, description, traits, model, and whether "
                       "it is built in. Call this first; chat and the other tools take a persona's id or name."_s;
    tool.inputSchema = schemaFromLiteral(R"({"type": "object", "properties": {}, "additionalProperties": false})");
    QJsonObject output = schemaFromLiteral(R"({"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["personas", "count"]})");
    QJsonObject properties = output.value("properties"_L1).toObject();
    properties.insert(u"personas"_s, QJsonObject{{u"type"_s, u"array"_s}, {u"items"_s, schemaFromLiteral(kPersonaSummarySchema)}});
    output.insert(u"properties"_s, properties);
    tool.outputSchema = output;
    tool.readOnly = true;
    tool.idempotent = true;
    tool.run = [server, name = tool.name](const QJsonObject &, const Call &call) {
        if (const QByteArray cached = server->cachedPersonaAnswer(name); !cached.isEmpty())
            return call->respondSerialized(cached);
        const quint64 generation = server->personasGeneration();
        server->engine()->listPersonas().then(server, [call, server, name, generation](const Result<QList<Persona>> &personas) {
            if (!personas)
                return call->toolError(advise(personas.error()));
            QJsonArray list;
            QStringList lines;
            for (const Persona &persona : *personas) {
                list.append(personaSummary(persona));
                lines.append(u"- %1 (id: %2%3): %4"_s.arg(persona.name, persona.id,
                                                          persona.builtIn ? u", built-in"_s : QString(),
                                                          persona.description));
            }
            const QJsonObject result = RequestContext::toolResultObject(
                u"%1 personas:\n%2"_s.arg(personas->size()).arg(lines.join(u'\n')),
                QJsonObject{{u"personas"_s, list}, {u"count"_s, int(personas->size())}});
            const QByteArray answer = QJsonDocument(result).toJson(QJsonDocument::Compact);
            server->keepPersonaAnswer(name, generation, answer);
            call->respondSerialized(answer);
        });
    };
    return tool;
}

ToolDefinition getPersona(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"get_persona"_s;
    tool.title = u"Get a persona"_s;
    tool.description = u"Returns one persona's full definition: personality, traits, speaking style, greeting, "
                       "example lines, system prompt template, model and temperature."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {\"persona\": %1}, "
                                          "\"required\": [\"persona\"], \"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaArg)).toUtf8().constData());
    tool.outputSchema = personaOutputSchema();
    tool.readOnly = true;
    tool.idempotent = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        server->engine()->persona(arguments.value("persona"_L1).toString())
            .then(server, [call](const Result<Persona> &persona) {
                if (!persona)
                    return call->toolError(advise(persona.error()));
                const QJsonObject json = persona->toPublicJson();
                call->toolResult(pretty(json), QJsonObject{{u"persona"_s, json}});
            });
    };
    return tool;
}

ToolDefinition createPersona(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"create_persona"_s;
    tool.title = u"Create a persona"_s;
    tool.description = u"Creates a new persona. Only the name is required; give a description, personality, traits "
                       "and speaking style for a persona worth talking to. Returns it with its new id."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {%1}, \"required\": [\"name\"], "
                                          "\"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaFields)).toUtf8().constData());
    tool.outputSchema = personaOutputSchema();
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        server->engine()->createPersona(arguments).then(server, [call](const Result<Persona> &persona) {
            if (!persona)
                return call->toolError(advise(persona.error()));
            const QJsonObject json = persona->toPublicJson();
            call->toolResult(u"Created %1 (id: %2)."_s.arg(persona->name, persona->id), QJsonObject{{u"persona"_s, json}});
        });
    };
    return tool;
}

ToolDefinition updatePersona(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"update_persona"_s;
    tool.title = u"Update a persona"_s;
    tool.description = u"Changes the given fields of a persona; fields left out stay as they are. Editing a built-in "
                       "persona (Aria, Kira) keeps an edited copy; reset: true brings back the original."_s;
    tool.inputSchema = schemaFromLiteral(
        (u"{\"type\": \"object\", \"properties\": {\"persona\": %1, \"reset\": {\"type\": \"boolean\", "
         "\"description\": \"Restore a built-in persona's original definition (no other fields allowed)\"}, %2}, "
         "\"required\": [\"persona\"], \"additionalProperties\": false}"_s)
            .arg(QString::fromLatin1(kPersonaArg), QString::fromLatin1(kPersonaFields)).toUtf8().constData());
    tool.outputSchema = personaOutputSchema();
    tool.idempotent = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        QJsonObject patch = arguments;
        const QString ref = patch.take("persona"_L1).toString();
        const bool reset = patch.take("reset"_L1).toBool(false);
        auto done = [call](const Result<Persona> &persona) {
            if (!persona)
                return call->toolError(advise(persona.error()));
            call->toolResult(u"%1 is updated."_s.arg(persona->name), QJsonObject{{u"persona"_s, persona->toPublicJson()}});
        };
        if (reset) {
            if (!patch.isEmpty())
                return call->toolError(u"reset: true restores the original definition; send other changes in a second call."_s);
            server->engine()->resetPersona(ref).then(server, done);
            return;
        }
        if (patch.isEmpty())
            return call->toolError(u"Nothing to change: give at least one field, e.g. description."_s);
        server->engine()->updatePersona(ref, patch).then(server, done);
    };
    return tool;
}

ToolDefinition deletePersona(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"delete_persona"_s;
    tool.title = u"Delete a persona"_s;
    tool.description = u"Deletes a persona you created and everything it remembered (its long-term memories). "
                       "Its past conversations stay in the history. Built-in personas cannot be deleted (use "
                       "update_persona with reset: true to undo edits)."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {\"persona\": %1}, "
                                          "\"required\": [\"persona\"], \"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaArg)).toUtf8().constData());
    tool.outputSchema = schemaFromLiteral(R"({"type": "object", "properties": {"deleted": {"type": "boolean"},
        "persona_id": {"type": "string"}, "name": {"type": "string"}, "memories_deleted": {"type": "integer"}},
        "required": ["deleted", "persona_id", "name", "memories_deleted"]})");
    tool.destructive = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        server->engine()->deletePersona(arguments.value("persona"_L1).toString())
            .then(server, [call](const Result<Engine::PersonaDeletion> &deletion) {
                if (!deletion)
                    return call->toolError(advise(deletion.error()));
                const Persona &persona = deletion->persona;
                call->toolResult(u"Deleted %1 and %2 memories."_s.arg(persona.name).arg(deletion->memoriesDeleted),
                                 QJsonObject{{u"deleted"_s, true},
                                             {u"persona_id"_s, persona.id},
                                             {u"name"_s, persona.name},
                                             {u"memories_deleted"_s, deletion->memoriesDeleted}});
            });
    };
    return tool;
}

ToolDefinition switchPersona(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"switch_persona"_s;
    tool.title = u"Switch the active persona"_s;
    tool.description = u"Sets the persona that chat talks to when no persona is given, for this session."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {\"persona\": %1}, "
                                          "\"required\": [\"persona\"], \"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaArg)).toUtf8().constData());
    tool.outputSchema = schemaFromLiteral(R"({"type": "object", "properties": {"persona_id": {"type": "string"},
        "name": {"type": "string"}, "description": {"type": "string"}, "status": {"type": "string"}},
        "required": ["persona_id", "name", "description", "status"]})");
    tool.idempotent = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        server->engine()->switchPersona(call->sessionId(), arguments.value("persona"_L1).toString())
            .then(server, [call](const Result<Persona> &persona) {
                if (!persona)
                    return call->toolError(advise(persona.error()));
                call->toolResult(u"Now talking to %1."_s.arg(persona->name),
                                 QJsonObject{{u"persona_id"_s, persona->id},
                                             {u"name"_s, persona->name},
                                             {u"description"_s, persona->description},
                                             {u"status"_s, u"active"_s}});
            });
    };
    return tool;
}

ToolDefinition chat(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"chat"_s;
    tool.title = u"Chat with a persona"_s;
    tool.description = u"Sends a message to a persona and returns its reply; the persona remembers this session's "
                       "conversation (older turns as a running summary). Send _meta.progressToken to receive the "
                       "reply as it is written (notifications/progress: progress = tokens so far, message = new "
                       "text). Cancelling the request stops the model at once; the partial reply is kept."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {"
                                          "\"message\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 32000, "
                                          "\"description\": \"What you say to the persona\"}, "
                                          "\"persona\": %1, "
                                          "\"max_tokens\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 32768, "
                                          "\"description\": \"Longest reply in tokens\"}, "
                                          "\"temperature\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 2}, "
                                          "\"conversation\": {\"type\": \"string\", \"enum\": [\"continue\", \"new\"], "
                                          "\"description\": \"new: start a fresh conversation with the persona "
                                          "(the old one stays in the history)\"}}, "
                                          "\"required\": [\"message\"], \"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaArg)).toUtf8().constData());
    tool.outputSchema = schemaFromLiteral(R"({"type": "object", "properties": {
        "reply": {"type": "string"}, "persona_id": {"type": "string"}, "persona_name": {"type": "string"},
        "conversation_id": {"type": "integer"}, "message_id": {"type": "integer"},
        "prompt_tokens": {"type": "integer"}, "completion_tokens": {"type": "integer"},
        "processing_ms": {"type": "integer"}, "model": {"type": "string"}, "done_reason": {"type": "string"},
        "cut_off": {"type": "boolean"}},
        "required": ["reply", "persona_id", "persona_name", "conversation_id", "prompt_tokens", "completion_tokens",
                     "processing_ms", "model", "done_reason", "cut_off"]})");
    tool.openWorld = false;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        Conversation::TurnRequest request;
        request.sessionId = call->sessionId();
        request.persona = arguments.value("persona"_L1).toString();
        request.message = arguments.value("message"_L1).toString();
        if (arguments.contains("max_tokens"_L1))
            request.maxTokens = arguments.value("max_tokens"_L1).toInt();
        if (arguments.contains("temperature"_L1))
            request.temperature = arguments.value("temperature"_L1).toDouble();
        request.newConversation = arguments.value("conversation"_L1).toString() == u"new"_s;

        // The holder keeps the channel alive until the turn finishes; the lambdas connected to
        // the channel must not own it, or it would own itself.
        auto holder = std::make_shared<Conversation::TurnChannelPtr>(Conversation::TurnChannel::create());
        Conversation::TurnChannel *channel = holder->get();
        call->onCancel([holder] {
            if (*holder)
                (*holder)->cancel();
        });
        QObject::connect(channel, &Conversation::TurnChannel::waiting, server, [call, waits = 0](int ahead) mutable {
            // MCP progress must grow with every notification, and the reply's count starts at 1
            // token: the wait reports 1/2, 2/3, 3/4, ... and says where the call stands in words.
            ++waits;
            call->progress(1.0 - 1.0 / (waits + 1), ahead == 0 ? u"waiting for the model, next in line"_s
                                                               : u"waiting for the model, %1 ahead"_s.arg(ahead));
        });
        QObject::connect(channel, &Conversation::TurnChannel::delta, server,
                         [call](const QString &text, int tokens) { call->progress(tokens, text); });
        QObject::connect(channel, &Conversation::TurnChannel::finished, server,
                         [server, call, holder](const Conversation::TurnResult &result) {
                             holder->reset();
                             if (!result) {
                                 call->log(u"error"_s, u"chat failed: %1"_s.arg(result.error().message));
                                 return call->toolError(advise(result.error()));
                             }
                             call->log(u"info"_s, u"%1 replied in %2 ms (%3 prompt + %4 reply tokens)"_s
                                                      .arg(result->personaName)
                                                      .arg(result->processingMs)
                                                      .arg(result->promptTokens)
                                                      .arg(result->completionTokens));
                             server->metrics().llmTokens(result->promptTokens, result->completionTokens,
                                                         double(result->processingMs) / 1000.0);
                             const QJsonObject structured{
                                 {u"reply"_s, result->reply},
                                 {u"persona_id"_s, result->personaId},
                                 {u"persona_name"_s, result->personaName},
                                 {u"conversation_id"_s, double(result->conversationId)},
                                 {u"message_id"_s, double(result->replyMessageId)},
                                 {u"prompt_tokens"_s, result->promptTokens},
                                 {u"completion_tokens"_s, result->completionTokens},
                                 {u"processing_ms"_s, double(result->processingMs)},
                                 {u"model"_s, result->model},
                                 {u"done_reason"_s, result->doneReason},
                                 {u"cut_off"_s, result->cutOff}};
                             QString text = result->reply;
                             if (result->doneReason == u"length"_s && result->cutOff)
                                 text += u"\n\n[The reply was cut off: it reached the length limit for one reply.]"_s;
                             call->toolResult(text, structured);
                         });
        server->engine()->chat(request, *holder);
    };
    return tool;
}

ToolDefinition getConversation(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"get_conversation"_s;
    tool.title = u"Read a conversation"_s;
    tool.description = u"Returns the messages of the conversation with a persona (this session's unless a session "
                       "is given), oldest first, in pages, with the running summary of older turns. Without an "
                       "offset you get the newest page; next_offset / previous_offset page through it."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {\"persona\": %1, "
                                          "\"session\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 100}, "
                                          "\"offset\": {\"type\": \"integer\", \"minimum\": 0}, "
                                          "\"limit\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 200}}, "
                                          "\"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaArg)).toUtf8().constData());
    tool.outputSchema = schemaFromLiteral(R"({"type": "object", "properties": {
        "session_id": {"type": "string"}, "persona_id": {"type": "string"}, "persona_name": {"type": "string"},
        "conversation_id": {"type": "integer"}, "summary": {"type": "string"}, "total": {"type": "integer"},
        "offset": {"type": "integer"}, "next_offset": {"type": "integer"}, "previous_offset": {"type": "integer"},
        "messages": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "role": {"type": "string"}, "content": {"type": "string"},
            "created_at": {"type": "string"}, "cut_off": {"type": "boolean"}}, "required": ["id", "role", "content", "created_at"]}}},
        "required": ["session_id", "persona_id", "persona_name", "conversation_id", "summary", "total", "offset", "messages"]})");
    tool.readOnly = true;
    tool.idempotent = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        const SessionScope scope(server->engine(), call->sessionId());
        const QString sessionId = scope.resolve(arguments.value("session"_L1).toString());
        const int limit = arguments.value("limit"_L1).toInt(50);
        const int offset = arguments.contains("offset"_L1) ? arguments.value("offset"_L1).toInt() : -1;
        auto read = [server, call, scope, sessionId, offset, limit](const QString &personaRef) {
            scope.history(sessionId, personaRef, offset, limit)
                .then(server, [call, sessionId, limit](const Result<Conversation::ConversationPage> &page) {
                    if (!page)
                        return call->toolError(advise(page.error()));
                    QJsonArray messages;
                    QStringList lines;
                    for (const Store::MessageRow &message : page->messages) {
                        messages.append(messageJson(message));
                        lines.append(u"%1: %2"_s.arg(message.role == u"user"_s ? u"User"_s : page->personaName,
                                                     message.content));
                    }
                    QJsonObject structured{{u"session_id"_s, sessionId},
                                           {u"persona_id"_s, page->conversation.personaId},
                                           {u"persona_name"_s, page->personaName},
                                           {u"conversation_id"_s, double(page->conversation.id)},
                                           {u"summary"_s, page->conversation.summary},
                                           {u"total"_s, page->total},
                                           {u"offset"_s, page->offset},
                                           {u"messages"_s, messages}};
                    if (page->offset + page->messages.size() < page->total)
                        structured.insert(u"next_offset"_s, page->offset + int(page->messages.size()));
                    if (page->offset > 0)
                        structured.insert(u"previous_offset"_s, qMax(0, page->offset - limit));
                    QString text = page->total == 0
                                       ? u"No conversation with %1 in this session yet."_s.arg(page->personaName)
                                       : u"Messages %1-%2 of %3 with %4:\n%5"_s.arg(page->offset + 1)
                                             .arg(page->offset + page->messages.size())
                                             .arg(page->total)
                                             .arg(page->personaName, lines.join(u'\n'));
                    if (!page->conversation.summary.isEmpty())
                        text.prepend(u"Summary of earlier messages: %1\n\n"_s.arg(page->conversation.summary));
                    call->toolResult(text, structured);
                });
        };
        if (arguments.contains("persona"_L1))
            return read(arguments.value("persona"_L1).toString());
        scope.activePersona(sessionId).then(server, [call, read](const Result<Persona> &persona) {
            if (!persona)
                return call->toolError(advise(persona.error()));
            read(persona->id);
        });
    };
    return tool;
}

ToolDefinition resetConversation(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"reset_conversation"_s;
    tool.title = u"Start the conversation afresh"_s;
    tool.description = u"Ends this session's conversation with a persona (the active one when none is given); the "
                       "next chat starts a new conversation. The old one stays in the history."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {\"persona\": %1}, "
                                          "\"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaArg)).toUtf8().constData());
    tool.outputSchema = schemaFromLiteral(R"({"type": "object", "properties": {"reset": {"type": "boolean"},
        "persona_id": {"type": "string"}, "archived_conversation_id": {"type": "integer"}},
        "required": ["reset", "persona_id", "archived_conversation_id"]})");
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        auto reset = [server, call](const QString &personaRef) {
            server->engine()->resetConversation(call->sessionId(), personaRef)
                .then(server, [call](const Result<Store::ConversationRow> &row) {
                    if (!row)
                        return call->toolError(advise(row.error()));
                    call->toolResult(u"The conversation is reset; the next message starts a new one."_s,
                                     QJsonObject{{u"reset"_s, true},
                                                 {u"persona_id"_s, row->personaId},
                                                 {u"archived_conversation_id"_s, double(row->id)}});
                });
        };
        withPersonaOrActive(server, call,
                            arguments.contains("persona"_L1)
                                ? std::optional<QString>(arguments.value("persona"_L1).toString())
                                : std::nullopt,
                            reset, advise);
    };
    return tool;
}

ToolDefinition listSessions(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"list_sessions"_s;
    tool.title = u"List sessions"_s;
    tool.description = u"Lists the sessions this client may see: its own (a client sees only the session it "
                       "created or resumed; the desktop and the command line see every session)."_s;
    tool.inputSchema = schemaFromLiteral(R"({"type": "object", "properties": {
        "open_only": {"type": "boolean", "description": "Only sessions that are still open"},
        "limit": {"type": "integer", "minimum": 1, "maximum": 1000}}, "additionalProperties": false})");
    QJsonObject output = schemaFromLiteral(R"({"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["sessions", "count"]})");
    QJsonObject properties = output.value("properties"_L1).toObject();
    properties.insert(u"sessions"_s, QJsonObject{{u"type"_s, u"array"_s}, {u"items"_s, schemaFromLiteral(kSessionSchema)}});
    output.insert(u"properties"_s, properties);
    tool.outputSchema = output;
    tool.readOnly = true;
    tool.idempotent = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        const int limit = arguments.value("limit"_L1).toInt(100);
        SessionScope(server->engine(), call->sessionId())
            .sessions(arguments.value("open_only"_L1).toBool(false))
            .then(server, [call, limit](const Result<QList<Store::SessionRow>> &sessions) {
                if (!sessions)
                    return call->toolError(advise(sessions.error()));
                QJsonArray list;
                QStringList lines;
                for (const Store::SessionRow &session : sessions->mid(0, limit)) {
                    list.append(sessionJson(session));
                    lines.append(u"- %1 %2 %3 %4, last active %5%6"_s.arg(
                        session.id, session.kind, session.transport, session.clientName, isoUtc(session.lastActiveMs),
                        session.isOpen() ? QString() : u" (closed)"_s));
                }
                call->toolResult(u"%1 sessions:\n%2"_s.arg(list.size()).arg(lines.join(u'\n')),
                                 QJsonObject{{u"sessions"_s, list}, {u"count"_s, int(list.size())}});
            });
    };
    return tool;
}

ToolDefinition getSession(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"get_session"_s;
    tool.title = u"Get a session"_s;
    tool.description = u"Returns one session (this one when no id is given) with its conversations."_s;
    tool.inputSchema = schemaFromLiteral(R"({"type": "object", "properties": {
        "session": {"type": "string", "minLength": 1, "maxLength": 100}}, "additionalProperties": false})");
    QJsonObject output = schemaFromLiteral(R"({"type": "object", "properties": {
        "conversations": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "persona_id": {"type": "string"}, "summary": {"type": "string"},
            "created_at": {"type": "string"}, "updated_at": {"type": "string"}, "archived": {"type": "boolean"}},
            "required": ["id", "persona_id", "archived"]}}}, "required": ["session", "conversations"]})");
    QJsonObject properties = output.value("properties"_L1).toObject();
    properties.insert(u"session"_s, schemaFromLiteral(kSessionSchema));
    output.insert(u"properties"_s, properties);
    tool.outputSchema = output;
    tool.readOnly = true;
    tool.idempotent = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        const SessionScope scope(server->engine(), call->sessionId());
        scope.session(arguments.value("session"_L1).toString()).then(server, [call](const Result<Conversation::SessionDetail> &detail) {
            if (!detail)
                return call->toolError(advise(detail.error()));
            QJsonArray conversations;
            for (const Store::ConversationRow &conversation : detail->conversations) {
                conversations.append(QJsonObject{{u"id"_s, double(conversation.id)},
                                                 {u"persona_id"_s, conversation.personaId},
                                                 {u"summary"_s, conversation.summary},
                                                 {u"created_at"_s, isoUtc(conversation.createdMs)},
                                                 {u"updated_at"_s, isoUtc(conversation.updatedMs)},
                                                 {u"archived"_s, conversation.archivedMs.has_value()}});
            }
            const QJsonObject structured{{u"session"_s, sessionJson(detail->session)}, {u"conversations"_s, conversations}};
            call->toolResult(pretty(structured), structured);
        });
    };
    return tool;
}

ToolDefinition systemStatus(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"system_status"_s;
    tool.title = u"System status"_s;
    tool.description = u"Reports Persona Studio's health: whether Ollama is reachable and the model installed (and "
                       "how to fix it if not), whether the database works, versions, uptime, connections and "
                       "counts. GET /health serves the same document."_s;
    tool.inputSchema = schemaFromLiteral(R"({"type": "object", "properties": {}, "additionalProperties": false})");
    tool.outputSchema = schemaFromLiteral(R"({"type": "object", "properties": {
        "status": {"type": "string", "enum": ["healthy", "degraded"]},
        "version": {"type": "string"}, "uptime_seconds": {"type": "number"},
        "ollama": {"type": "object", "properties": {"reachable": {"type": "boolean"}, "url": {"type": "string"},
            "version": {"type": "string"}, "model": {"type": "string"}, "model_present": {"type": "boolean"},
            "advice": {"type": "string"}}, "required": ["reachable", "url", "model", "model_present"]},
        "database": {"type": "object", "properties": {"ok": {"type": "boolean"}, "schema_version": {"type": "integer"},
            "error": {"type": "string"}}, "required": ["ok", "schema_version"]},
        "personas": {"type": "integer"}, "open_sessions": {"type": "integer"}, "messages": {"type": "integer"},
        "connections": {"type": "integer"}, "connections_by_transport": {"type": "object"},
        "running_chats": {"type": "integer"}, "queued_model_calls": {"type": "integer"},
        "requests_total": {"type": "integer"}, "versions": {"type": "object"}},
        "required": ["status", "version", "uptime_seconds", "ollama", "database", "personas", "open_sessions",
                     "messages", "connections"]})");
    tool.readOnly = true;
    tool.openWorld = true; // asks the Ollama server
    tool.run = [server](const QJsonObject &, const Call &call) {
        server->systemStatus(server, [call](const McpServer::SystemStatus &status) {
            call->toolResult(status.text, status.json);
        });
    };
    return tool;
}

ToolDefinition listModels(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"list_models"_s;
    tool.title = u"List models"_s;
    tool.description = u"Lists the models the Ollama server has installed and which one Persona Studio uses; a "
                       "persona's own model (update_persona model) must be one of them."_s;
    tool.inputSchema = schemaFromLiteral(R"({"type": "object", "properties": {}, "additionalProperties": false})");
    tool.outputSchema = schemaFromLiteral(R"({"type": "object", "properties": {
        "configured_model": {"type": "string"},
        "models": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "digest": {"type": "string"}, "size_bytes": {"type": "integer"},
            "family": {"type": "string"}, "parameter_size": {"type": "string"}, "quantization": {"type": "string"},
            "in_use": {"type": "boolean"}}, "required": ["name", "in_use"]}}},
        "required": ["configured_model", "models"]})");
    tool.readOnly = true;
    tool.openWorld = true;
    tool.run = [server](const QJsonObject &, const Call &call) {
        server->engine()->settings().then(server, [server, call](const Engine::Settings &settings) {
            server->engine()->listModels().then(server, [call, settings](const Result<QList<Llm::ModelInfo>> &models) {
                if (!models)
                    return call->toolError(advise(models.error()));
                QJsonArray list;
                QStringList lines;
                const QString configured = settings.model.contains(u':') ? settings.model : settings.model + u":latest"_s;
                for (const Llm::ModelInfo &model : *models) {
                    const bool inUse = model.name == settings.model || model.name == configured;
                    list.append(QJsonObject{{u"name"_s, model.name},
                                            {u"digest"_s, model.digest},
                                            {u"size_bytes"_s, double(model.sizeBytes)},
                                            {u"family"_s, model.family},
                                            {u"parameter_size"_s, model.parameterSize},
                                            {u"quantization"_s, model.quantizationLevel},
                                            {u"in_use"_s, inUse}});
                    lines.append(u"- %1%2"_s.arg(model.name, inUse ? u" (in use)"_s : QString()));
                }
                call->toolResult(u"Persona Studio uses %1. Installed:\n%2"_s.arg(settings.model, lines.join(u'\n')),
                                 QJsonObject{{u"configured_model"_s, settings.model}, {u"models"_s, list}});
            });
        });
    };
    return tool;
}

} // namespace

QList<ToolDefinition> personaStudioTools(McpServer *server)
{
    return QList<ToolDefinition>{listPersonas(server), getPersona(server), createPersona(server), updatePersona(server),
            deletePersona(server),  switchPersona(server),   chat(server),          getConversation(server),
            resetConversation(server), listSessions(server), getSession(server),    systemStatus(server),
            listModels(server)} + memoryTools(server);
}

} // namespace Studio::Mcp
