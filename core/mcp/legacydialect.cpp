// SPDX-License-Identifier: MIT
#include "legacydialect.h"

#include "mcpserver.h"
#include "memorytools.h"
#include "requestcontext.h"
#include "schemavalidator.h"

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
        call->fail(RpcErrorCode::InvalidParams,
                   u"'%1' must be a non-empty string, not %2"_s.arg(key, value.isString() ? u"an empty one"_s
                                                                                         : jsonTypeName(value)));
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

// --- long-term memory: the old server's memory.* and persona.memory, on EngineClient's memory calls.

constexpr int kDefaultMemoryResults = 5;
constexpr int kMaxMemoryResults = 50;
constexpr int kDefaultPersonaMemoryLimit = 10;

/** An optional whole number in [1, max]; false (and -32602 sent) for anything else. */
bool readCount(const std::shared_ptr<RequestContext> &call, const QString &key, int fallback, int max, int *out)
{
    const QJsonValue value = call->params().value(key);
    if (value.isUndefined() || value.isNull()) {
        *out = fallback;
        return true;
    }
    if (!value.isDouble() || value.toDouble() != double(value.toInt()) || value.toInt() < 1 || value.toInt() > max) {
        call->fail(RpcErrorCode::InvalidParams, u"'%1' must be a whole number from 1 to %2"_s.arg(key).arg(max));
        return false;
    }
    *out = value.toInt();
    return true;
}

/** An optional number in [min, max]; false (and -32602 sent) for anything else. */
bool readNumber(const std::shared_ptr<RequestContext> &call, const QString &key, double min, double max,
                std::optional<double> *out)
{
    const QJsonValue value = call->params().value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isDouble() || value.toDouble() < min || value.toDouble() > max) {
        call->fail(RpcErrorCode::InvalidParams, u"'%1' must be a number from %2 to %3"_s.arg(key).arg(min).arg(max));
        return false;
    }
    *out = value.toDouble();
    return true;
}

/** The old server's memory item; ids are opaque strings there (they were UUIDs). */
QJsonObject dialectMemory(const Memory::MemoryRecord &memory)
{
    return QJsonObject{{u"id"_s, QString::number(memory.id)},
                       {u"content"_s, memory.content},
                       {u"importance"_s, memory.importance},
                       {u"created_at"_s, isoUtc(memory.createdMs)},
                       {u"persona_id"_s, memory.personaId},
                       {u"memory_type"_s, memory.kind},
                       {u"visibility"_s, Memory::visibilityName(memory.visibility)},
                       {u"access_count"_s, memory.accessCount},
                       {u"last_accessed"_s, isoUtc(memory.lastAccessedMs)}};
}

QJsonObject dialectHit(const Memory::MemoryHit &hit)
{
    QJsonObject json = dialectMemory(hit.memory);
    json.insert(u"similarity"_s, hit.score.relevanceRaw);
    json.insert(u"score"_s, hit.score.total);
    json.insert(u"score_breakdown"_s, scoreJson(hit.score));
    return json;
}

/** The old memory types onto ours; anything else is a note. */
QString kindForMemoryType(const QString &type)
{
    const QString lower = type.trimmed().toLower();
    if (Memory::isMemoryKind(lower))
        return lower;
    if (lower == u"episodic"_s || lower == u"experience"_s)
        return QString::fromLatin1(Memory::Kind::kEvent);
    if (lower == u"semantic"_s || lower == u"knowledge"_s)
        return QString::fromLatin1(Memory::Kind::kFact);
    return QString::fromLatin1(Memory::Kind::kNote);
}

/** Runs fn with persona_id, or the session's active persona when it is not given. */
void withPersona(McpServer *server, const std::shared_ptr<RequestContext> &call, std::function<void(QString)> fn)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, false, &personaId))
        return;
    if (!personaId.isEmpty())
        return fn(personaId);
    server->engine()->activePersona(call->sessionId()).then(server, [call, fn](const Result<Personas::Persona> &persona) {
        if (!persona)
            return call->fail(dialectError(persona.error()));
        fn(persona->id);
    });
}

void searchMemories(McpServer *server, const std::shared_ptr<RequestContext> &call, bool crossPersona)
{
    QString text;
    int count = 0;
    std::optional<double> minImportance;
    if (!readString(call, u"query"_s, true, &text) || !readCount(call, u"n_results"_s, kDefaultMemoryResults,
                                                                 kMaxMemoryResults, &count)
        || !readNumber(call, u"min_importance"_s, 0.0, 1.0, &minImportance))
        return;
    // Cross-persona: the active persona's memories and what the others shared.
    if (crossPersona && call->params().contains("persona_id"_L1))
        return call->fail(RpcErrorCode::InvalidParams,
                          u"memory.search_cross_persona searches from the active persona; switch persona first"_s);
    withPersona(server, call, [server, call, text, count, minImportance, crossPersona](const QString &personaId) {
        Memory::MemoryQuery query{text, personaId, crossPersona, count, minImportance};
        server->engine()->searchMemory(query).then(server, [call](const Result<Memory::RecallResult> &result) {
            if (!result)
                return call->fail(dialectError(result.error()));
            QJsonArray memories;
            for (const Memory::MemoryHit &hit : result->hits)
                memories.append(dialectHit(hit));
            call->respond(QJsonObject{{u"memories"_s, memories}, {u"total_results"_s, int(memories.size())}});
        });
    });
}

void memorySearch(McpServer *server, const std::shared_ptr<RequestContext> &call)
{
    searchMemories(server, call, false);
}

void memorySearchCrossPersona(McpServer *server, const std::shared_ptr<RequestContext> &call)
{
    searchMemories(server, call, true);
}

void memoryStore(McpServer *server, const std::shared_ptr<RequestContext> &call)
{
    QString content;
    QString memoryType;
    std::optional<double> importance;
    if (!readString(call, u"content"_s, true, &content) || !readString(call, u"memory_type"_s, false, &memoryType)
        || !readNumber(call, u"importance"_s, 0.0, 1.0, &importance))
        return;
    withPersona(server, call, [server, call, content, memoryType, importance](const QString &personaId) {
        Memory::MemoryDraft draft;
        draft.persona = personaId;
        draft.content = content;
        draft.kind = memoryType.isEmpty() ? QString::fromLatin1(Memory::Kind::kNote) : kindForMemoryType(memoryType);
        draft.importance = importance;
        draft.sourceSessionId = call->sessionId();
        server->engine()->storeMemory(draft).then(server, [call](const Result<Memory::StoredMemory> &stored) {
            if (!stored)
                return call->fail(dialectError(stored.error()));
            call->respond(QJsonObject{{u"memory_id"_s, QString::number(stored->memory.id)},
                                      {u"stored"_s, true},
                                      {u"merged"_s, stored->merged},
                                      {u"persona_id"_s, stored->memory.personaId},
                                      {u"memory_type"_s, stored->memory.kind},
                                      {u"importance"_s, stored->memory.importance}});
        });
    });
}

void memoryStats(McpServer *server, const std::shared_ptr<RequestContext> &call)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, false, &personaId))
        return;
    server->engine()->memoryStats(personaId).then(server, [call](const Result<Memory::MemoryStats> &stats) {
        if (!stats)
            return call->fail(dialectError(stats.error()));
        QJsonObject byPersona;
        for (const Memory::PersonaMemoryStats &entry : stats->personas)
            byPersona.insert(entry.personaId, entry.count);
        call->respond(QJsonObject{
            {u"total_memories"_s, stats->total},
            {u"memories_by_persona"_s, byPersona},
            {u"importance_distribution"_s,
             QJsonObject{{u"high"_s, stats->high}, {u"medium"_s, stats->medium}, {u"low"_s, stats->low}}},
            {u"avg_importance"_s, stats->averageImportance},
            {u"storage_size_mb"_s, double(stats->storageBytes) / (1024.0 * 1024.0)}});
    });
}

void memoryPrune(McpServer *server, const std::shared_ptr<RequestContext> &call)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, false, &personaId))
        return;
    const QJsonValue force = call->params().value("force"_L1);
    if (!force.isUndefined() && !force.isNull() && !force.isBool())
        return call->fail(RpcErrorCode::InvalidParams, u"'force' must be true or false"_s);
    server->engine()->pruneMemories(personaId, false, force.toBool(false))
        .then(server, [call](const Result<Memory::PruneReport> &report) {
            if (!report)
                return call->fail(dialectError(report.error()));
            call->respond(QJsonObject{{u"memories_before"_s, report->before},
                                      {u"memories_pruned"_s, report->pruned},
                                      {u"memories_after"_s, report->after},
                                      {u"avg_importance_pruned"_s, report->averageImportancePruned},
                                      {u"processing_time"_s, double(report->processingMs) / 1000.0}});
        });
}

void memoryPruneRecommendations(McpServer *server, const std::shared_ptr<RequestContext> &call)
{
    QString personaId;
    if (!readString(call, u"persona_id"_s, false, &personaId))
        return;
    server->engine()->pruneMemories(personaId, true).then(server, [call](const Result<Memory::PruneReport> &report) {
        if (!report)
            return call->fail(dialectError(report.error()));
        bool needed = false;
        QStringList reasons;
        for (const Memory::PersonaPruneReport &entry : report->personas) {
            needed = needed || entry.needsPruning;
            reasons.append(u"%1: %2"_s.arg(entry.personaId, entry.reason));
        }
        const QString recommendation =
            report->pruned > 0
                ? u"Prune: %1 of %2 memories would go (average importance %3). %4"_s.arg(report->pruned)
                      .arg(report->before)
                      .arg(report->averageImportancePruned, 0, 'f', 2)
                      .arg(reasons.join(u" "_s))
                : (reasons.isEmpty() ? u"No memories yet; nothing to prune."_s
                                     : u"No pruning needed. %1"_s.arg(reasons.join(u" "_s)));
        call->respond(QJsonObject{{u"recommendations"_s,
                                   QJsonObject{{u"needs_pruning"_s, needed},
                                               {u"current_count"_s, report->before},
                                               {u"would_prune"_s, report->pruned},
                                               {u"average_importance_to_prune"_s, report->averageImportancePruned},
                                               {u"recommendation"_s, recommendation}}}});
    });
}

void personaMemory(McpServer *server, const std::shared_ptr<RequestContext> &call)
{
    QString text;
    int limit = 0;
    if (!readString(call, u"query"_s, false, &text)
        || !readCount(call, u"limit"_s, kDefaultPersonaMemoryLimit, 1000, &limit))
        return;
    withPersona(server, call, [server, call, text, limit](const QString &personaId) {
        if (!text.trimmed().isEmpty()) {
            Memory::MemoryQuery query{text, personaId, false, std::min(limit, kMaxMemoryResults), std::nullopt};
            server->engine()->searchMemory(query).then(server, [call, personaId](const Result<Memory::RecallResult> &result) {
                if (!result)
                    return call->fail(dialectError(result.error()));
                QJsonArray memories;
                for (const Memory::MemoryHit &hit : result->hits)
                    memories.append(dialectHit(hit));
                call->respond(QJsonObject{{u"persona_id"_s, personaId},
                                          {u"memories"_s, memories},
                                          {u"total_results"_s, int(memories.size())}});
            });
            return;
        }
        // No query: the newest memories; there is no similarity to give (null, not a made-up number).
        server->engine()->memories(personaId, 0, limit).then(server, [call, personaId](const Result<Memory::MemoryPage> &page) {
            if (!page)
                return call->fail(dialectError(page.error()));
            QJsonArray memories;
            for (const Memory::MemoryRecord &memory : page->memories) {
                QJsonObject item = dialectMemory(memory);
                item.insert(u"similarity"_s, QJsonValue::Null);
                memories.append(item);
            }
            call->respond(QJsonObject{{u"persona_id"_s, personaId},
                                      {u"memories"_s, memories},
                                      {u"total_results"_s, int(memories.size())},
                                      {u"total_memories"_s, page->total}});
        });
    });
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
    // Every old method takes named parameters: positional ones ([]) would silently become defaults.
    if (const QJsonValue &params = call->rawParams(); !params.isUndefined() && !params.isNull() && !params.isObject())
        return call->fail(RpcErrorCode::InvalidParams,
                          u"'params' must be an object of named parameters, not %1"_s.arg(jsonTypeName(params)));
    const QString method = call->method();
    if (method == u"persona.chat"_s)
        return personaChat(call, false);
    if (method == u"persona.chat_stream"_s)
        return personaChat(call, true);
    if (const Handler handler = handlers.value(method))
        return (this->*handler)(call);
    using MemoryHandler = void (*)(McpServer *, const Call &);
    static const QHash<QString, MemoryHandler> memoryHandlers = {
        {u"memory.search"_s, &memorySearch},
        {u"memory.store"_s, &memoryStore},
        {u"memory.stats"_s, &memoryStats},
        {u"memory.prune"_s, &memoryPrune},
        {u"memory.prune_recommendations"_s, &memoryPruneRecommendations},
        {u"memory.search_cross_persona"_s, &memorySearchCrossPersona},
        {u"persona.memory"_s, &personaMemory},
    };
    if (const MemoryHandler handler = memoryHandlers.value(method))
        return handler(m_server, call);

    // Features of the old server that Persona Studio has not built yet: say so, never pretend.
    static const QHash<QString, QString> notYet = {
        {u"persona.relationship"_s, u"relationships"_s},
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
    m_server->engine()->deletePersona(personaId).then(m_server, [call](const Result<Engine::PersonaDeletion> &deletion) {
        if (!deletion)
            return call->fail(dialectError(deletion.error()));
        call->respond(QJsonObject{{u"deleted"_s, true},
                                  {u"persona_id"_s, deletion->persona.id},
                                  {u"memories_deleted"_s, deletion->memoriesDeleted}});
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
