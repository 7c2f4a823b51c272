// SPDX-License-Identifier: MIT
#include "legacydialect.h"

#include "mcpserver.h"
#include "requestcontext.h"

#include <engine/engineclient.h>

#include <QFile>
#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

using Personas::Persona;

constexpr int kDefaultTokenBudget = 500;

QJsonObject personaJson(const Persona &persona)
{
    QJsonObject json = persona.toPublicJson();
    json.insert(u"available"_s, true);
    json.insert(u"personality_traits"_s, QJsonArray::fromStringList(persona.traits));
    return json;
}

/** The old server's params were loose about types; a wrong type is still a clear -32602. */
bool readString(const std::shared_ptr<RequestContext> &call, const QString &key, bool required, QString *out)
{
    const QJsonValue value = call->params().value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            call->fail(RpcErrorCode::InvalidParams, u"'%1' is required"_s.arg(key));
        return !required;
    }
    if (!value.isString() || (required && value.toString().trimmed().isEmpty())) {
        call->fail(RpcErrorCode::InvalidParams, u"'%1' must be a non-empty string"_s.arg(key));
        return false;
    }
    *out = value.toString();
    return true;
}

RpcError dialectError(const Error &error)
{
    if (error.code == ErrorCode::NotFound || error.code == ErrorCode::InvalidArgument
        || error.code == ErrorCode::Conflict || error.code == ErrorCode::TooLarge)
        return RpcError::make(RpcErrorCode::InvalidParams, error.message);
    return RpcError::make(RpcErrorCode::InternalError, error.message);
}

double residentMegabytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

} // namespace

LegacyDialect::LegacyDialect(McpServer *server)
    : m_server(server)
{
}

void LegacyDialect::handle(const Call &call)
{
    using Handler = void (LegacyDialect::*)(const Call &);
    static const QHash<QString, Handler> handlers = {
        {u"persona.list"_s, &LegacyDialect::personaList},
        {u"persona.switch"_s, &LegacyDialect::personaSwitch},
        {u"persona.status"_s, &LegacyDialect::personaStatus},
        {u"persona.create"_s, &LegacyDialect::personaCreate},
        {u"persona.delete"_s, &LegacyDialect::personaDelete},
        {u"conversation.start"_s, &LegacyDialect::conversationStart},
        {u"conversation.end"_s, &LegacyDialect::conversationEnd},
        {u"conversation.status"_s, &LegacyDialect::conversationStatus},
        {u"system.status"_s, &LegacyDialect::systemStatus},
        {u"system.models"_s, &LegacyDialect::systemModels},
    };
    const QString method = call->method();
    if (method == u"persona.chat"_s)
        return personaChat(call, false);
    if (method == u"persona.chat_stream"_s)
        return personaChat(call, true);
    if (const Handler handler = handlers.value(method))
        return (this->*handler)(call);

    // Features of the old server that Persona Studio has not built yet: say so, never pretend.
    static const QHash<QString, QString> notYet = {
        {u"persona.memory"_s, u"long-term memory"_s},
        {u"persona.relationship"_s, u"relationships"_s},
        {u"memory."_s, u"long-term memory"_s},
        {u"relationship."_s, u"relationships"_s},
        {u"emotional."_s, u"emotional state"_s},
    };
    for (auto it = notYet.begin(); it != notYet.end(); ++it) {
        if (method == it.key() || (it.key().endsWith(u'.') && method.startsWith(it.key())))
            return call->fail(RpcErrorCode::MethodNotFound,
                              u"%1 is not available yet: Persona Studio does not have %2 yet"_s.arg(method, it.value()));
    }
    call->fail(RpcErrorCode::MethodNotFound, u"Method not found: %1"_s.arg(method));
}

void LegacyDialect::personaList(const Call &call)
{
    m_server->engine()->listPersonas().then(m_server, [call](const Result<QList<Persona>> &personas) {
        if (!personas)
            return call->fail(dialectError(personas.error()));
        QJsonArray list;
        for (const Persona &persona : *personas)
            list.append(personaJson(persona));
        call->respond(QJsonObject{{u"personas"_s, list},
                                  {u"total_count"_s, int(list.size())},
                                  {u"available_count"_s, int(list.size())}});
    });
}

void LegacyDialect::personaSwitch(const Call &call)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, true, &personaId))
        return;
    m_server->engine()->switchPersona(call->sessionId(), personaId).then(m_server, [call](const Result<Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        call->respond(QJsonObject{{u"persona_id"_s, persona->id},
                                  {u"name"_s, persona->name},
                                  {u"description"_s, persona->description},
                                  {u"status"_s, u"active"_s}});
    });
}

void LegacyDialect::personaChat(const Call &call, bool stream)
{
    QString message;
    if (!readString(call, u"message"_s, true, &message))
        return;
    const QJsonValue budget = call->params().value("token_budget"_L1);
    if (!budget.isUndefined() && !budget.isNull() && (!budget.isDouble() || budget.toDouble() < 1
                                                       || budget.toDouble() != double(budget.toInt())))
        return call->fail(RpcErrorCode::InvalidParams, u"'token_budget' must be a positive whole number"_s);

    Conversation::TurnRequest request;
    request.sessionId = call->sessionId();
    request.message = message;
    request.maxTokens = budget.isDouble() ? budget.toInt() : kDefaultTokenBudget;

    const QString streamId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto holder = std::make_shared<Conversation::TurnChannelPtr>(Conversation::TurnChannel::create());
    Conversation::TurnChannel *channel = holder->get();
    call->onCancel([holder] {
        if (*holder)
            (*holder)->cancel();
    });
    if (stream) {
        QObject::connect(channel, &Conversation::TurnChannel::started, m_server,
                         [call, streamId](qint64 conversationId, qint64, const QString &personaId) {
                             call->respondPartial(QJsonObject{{u"event_type"_s, u"stream_start"_s},
                                                              {u"stream_id"_s, streamId},
                                                              {u"data"_s, QJsonObject{{u"persona_id"_s, personaId},
                                                                                      {u"conversation_id"_s,
                                                                                       QString::number(conversationId)}}}});
                         });
        QObject::connect(channel, &Conversation::TurnChannel::delta, m_server,
                         [call, streamId](const QString &text, int) {
                             call->respondPartial(QJsonObject{{u"event_type"_s, u"stream_chunk"_s},
                                                              {u"stream_id"_s, streamId},
                                                              {u"data"_s, QJsonObject{{u"chunk"_s, text}}}});
                         });
    }
    QObject::connect(channel, &Conversation::TurnChannel::finished, m_server,
                     [call, holder, stream, streamId](const Conversation::TurnResult &result) {
                         holder->reset();
                         if (!result) {
                             if (!stream)
                                 return call->fail(dialectError(result.error()));
                             return call->respond(QJsonObject{{u"event_type"_s, u"stream_error"_s},
                                                              {u"stream_id"_s, streamId},
                                                              {u"data"_s, QJsonObject{{u"error"_s, result.error().message}}}});
                         }
                         const int tokensUsed = result->promptTokens + result->completionTokens;
                         const double seconds = double(result->processingMs) / 1000.0;
                         if (stream) {
                             return call->respond(QJsonObject{
                                 {u"event_type"_s, u"stream_complete"_s},
                                 {u"stream_id"_s, streamId},
                                 {u"data"_s, QJsonObject{{u"response"_s, result->reply},
                                                         {u"tokens_used"_s, tokensUsed},
                                                         {u"processing_time"_s, seconds},
                                                         {u"persona_id"_s, result->personaId},
                                                         {u"conversation_id"_s, QString::number(result->conversationId)}}}});
                         }
                         call->respond(QJsonObject{{u"response"_s, result->reply},
                                                   {u"response_type"_s, u"direct"_s},
                                                   {u"tokens_used"_s, tokensUsed},
                                                   {u"processing_time"_s, seconds},
                                                   {u"persona_id"_s, result->personaId},
                                                   {u"conversation_id"_s, QString::number(result->conversationId)}});
                     });
    m_server->engine()->chat(request, *holder);
}

void LegacyDialect::personaStatus(const Call &call)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, false, &personaId))
        return;
    auto respond = [call](const Result<Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        call->respond(QJsonObject{{u"persona_id"_s, persona->id},
                                  {u"name"_s, persona->name},
                                  {u"description"_s, persona->description},
                                  {u"is_available"_s, true},
                                  {u"model"_s, persona->model},
                                  {u"built_in"_s, persona->builtIn}});
    };
    if (personaId.isEmpty())
        m_server->engine()->activePersona(call->sessionId()).then(m_server, respond);
    else
        m_server->engine()->persona(personaId).then(m_server, respond);
}

void LegacyDialect::personaCreate(const Call &call)
{
    const QJsonObject params = call->params();
    QString name;
    if (!readString(call, u"name"_s, true, &name))
        return;
    QJsonObject fields{{u"name"_s, name}};
    const QJsonValue description = params.value("description"_L1);
    if (description.isString())
        fields.insert(u"description"_s, description);
    else if (!description.isUndefined() && !description.isNull())
        return call->fail(RpcErrorCode::InvalidParams, u"'description' must be a string"_s);
    if (params.contains("personality_traits"_L1))
        fields.insert(u"traits"_s, params.value("personality_traits"_L1));
    if (params.contains("topic_preferences"_L1))
        fields.insert(u"topic_preferences"_s, params.value("topic_preferences"_L1));
    m_server->engine()->createPersona(fields).then(m_server, [call](const Result<Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        call->respond(personaJson(*persona));
    });
}

void LegacyDialect::personaDelete(const Call &call)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, true, &personaId))
        return;
    m_server->engine()->deletePersona(personaId).then(m_server, [call](const Result<Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        call->respond(QJsonObject{{u"deleted"_s, true}, {u"persona_id"_s, persona->id}});
    });
}

void LegacyDialect::conversationStart(const Call &call)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, false, &personaId))
        return;
    Engine::EngineClient *engine = m_server->engine();
    auto start = [this, engine, call](const QString &persona) {
        engine->startConversation(call->sessionId(), persona)
            .then(m_server, [call](const Result<Store::ConversationRow> &conversation) {
                if (!conversation)
                    return call->fail(dialectError(conversation.error()));
                call->respond(QJsonObject{{u"conversation_id"_s, QString::number(conversation->id)},
                                          {u"persona_id"_s, conversation->personaId}});
            });
    };
    if (personaId.isEmpty()) {
        engine->activePersona(call->sessionId()).then(m_server, [call, start](const Result<Persona> &persona) {
            if (!persona)
                return call->fail(dialectError(persona.error()));
            start(persona->id);
        });
        return;
    }
    // Starting a conversation with a persona makes it the active one, as in the old server.
    engine->switchPersona(call->sessionId(), personaId).then(m_server, [call, start](const Result<Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        start(persona->id);
    });
}

void LegacyDialect::conversationEnd(const Call &call)
{
    Engine::EngineClient *engine = m_server->engine();
    engine->activePersona(call->sessionId()).then(m_server, [this, engine, call](const Result<Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        engine->history(call->sessionId(), persona->id, 0, 1)
            .then(m_server, [this, engine, call, persona](const Result<Conversation::ConversationPage> &page) {
                if (!page)
                    return call->fail(dialectError(page.error()));
                const int turns = page->total / 2;
                if (page->conversation.id == 0)
                    return call->respond(QJsonObject{{u"ended"_s, false}, {u"turn_count"_s, 0}});
                engine->resetConversation(call->sessionId(), persona->id)
                    .then(m_server, [call, turns](const Result<Store::ConversationRow> &ended) {
                        call->respond(QJsonObject{{u"ended"_s, ended.has_value()}, {u"turn_count"_s, turns}});
                    });
            });
    });
}

void LegacyDialect::conversationStatus(const Call &call)
{
    Engine::EngineClient *engine = m_server->engine();
    engine->activePersona(call->sessionId()).then(m_server, [this, engine, call](const Result<Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        engine->session(call->sessionId())
            .then(m_server, [this, engine, call, persona](const Result<Conversation::SessionDetail> &detail) {
                if (!detail)
                    return call->fail(dialectError(detail.error()));
                int live = 0;
                for (const Store::ConversationRow &conversation : detail->conversations)
                    live += conversation.archivedMs ? 0 : 1;
                engine->history(call->sessionId(), persona->id, 0, 1000)
                    .then(m_server, [call, persona, live](const Result<Conversation::ConversationPage> &page) {
                        if (!page)
                            return call->fail(dialectError(page.error()));
                        int turns = 0;
                        qint64 tokens = 0;
                        for (const Store::MessageRow &message : page->messages) {
                            turns += message.role == u"user"_s ? 1 : 0;
                            tokens += message.promptTokens + message.completionTokens;
                        }
                        const double duration = page->conversation.id == 0
                                                    ? 0.0
                                                    : double(QDateTime::currentMSecsSinceEpoch()
                                                             - page->conversation.createdMs) / 1000.0;
                        call->respond(QJsonObject{{u"active_conversations"_s, live},
                                                  {u"current_persona"_s, persona->id},
                                                  {u"turn_count"_s, turns},
                                                  {u"total_tokens"_s, double(tokens)},
                                                  {u"conversation_duration"_s, duration}});
                    });
            });
    });
}

void LegacyDialect::systemStatus(const Call &call)
{
    m_server->engine()->status().then(m_server, [this, call](const Engine::EngineStatus &status) {
        const bool ollamaOk = status.serverChecked ? status.server.reachable : true;
        auto respond = [this, call, status](bool reachable) {
            call->respond(QJsonObject{
                {u"status"_s, reachable ? u"healthy"_s : u"degraded"_s},
                {u"uptime_seconds"_s, double(status.uptimeMs) / 1000.0},
                {u"active_connections"_s, m_server->metrics().openConnections()},
                {u"total_requests"_s, double(m_server->metrics().totalRequests())},
                {u"avg_response_time"_s, m_server->metrics().averageLatencyMs() / 1000.0},
                {u"memory_usage_mb"_s, residentMegabytes()},
                {u"ollama_status"_s, reachable ? u"connected"_s : u"unreachable"_s}});
        };
        if (status.serverChecked && !ollamaOk)
            return respond(false);
        // Ask Ollama now: the status is what a client decides on.
        m_server->engine()->checkServer().then(m_server, [respond](const Llm::ServerReport &report) {
            respond(report.reachable);
        });
    });
}

void LegacyDialect::systemModels(const Call &call)
{
    m_server->engine()->settings().then(m_server, [this, call](const Engine::Settings &settings) {
        m_server->engine()->listModels().then(m_server, [call, settings](const Result<QList<Llm::ModelInfo>> &models) {
            if (!models)
                return call->fail(RpcErrorCode::InternalError, models.error().message);
            QJsonArray list;
            for (const Llm::ModelInfo &model : *models)
                list.append(QJsonObject{{u"name"_s, model.name},
                                        {u"size"_s, double(model.sizeBytes)},
                                        {u"digest"_s, model.digest},
                                        {u"family"_s, model.family},
                                        {u"parameter_size"_s, model.parameterSize}});
            call->respond(QJsonObject{{u"models"_s, list},
                                      {u"current_model"_s, settings.model},
                                      {u"total_count"_s, int(list.size())}});
        });
    });
}

} // namespace Studio::Mcp
