// SPDX-License-Identifier: MIT
#include "memorytools.h"

#include "mcptools.h"
#include "requestcontext.h"

#include <engine/engineclient.h>

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

using Call = std::shared_ptr<RequestContext>;
using Personas::Persona;

constexpr auto kMemorySchema = R"json({"type": "object", "properties": {
    "id": {"type": "integer"}, "persona_id": {"type": "string"}, "content": {"type": "string"},
    "kind": {"type": "string"}, "importance": {"type": "number"}, "valence": {"type": "number"},
    "visibility": {"type": "string", "enum": ["private", "shared"]},
    "created_at": {"type": "string"}, "last_accessed_at": {"type": "string"},
    "access_count": {"type": "integer"}, "embedder": {"type": "string"}},
    "required": ["id", "persona_id", "content", "kind", "importance", "valence", "visibility", "created_at",
                 "last_accessed_at", "access_count", "embedder"]})json";

constexpr auto kScoreSchema = R"json({"type": "object", "properties": {
    "relevance": {"type": "number", "description": "cosine, min-max-normalised over the candidates"},
    "relevance_raw": {"type": "number", "description": "cosine of query and memory"},
    "recency": {"type": "number", "description": "0.995^(hours since the last access)"},
    "importance": {"type": "number"}, "total": {"type": "number"}},
    "required": ["relevance", "relevance_raw", "recency", "importance", "total"]})json";

constexpr auto kPersonaOrAll = R"json({"type": "string", "minLength": 1, "maxLength": 100,
    "description": "The persona's id or name, case-insensitive (list_personas shows them), or \"all\" for every persona"})json";

/** "all" (any case) or empty: every persona. */
QString personaScope(const QJsonObject &arguments, bool *all)
{
    const QString persona = arguments.value("persona"_L1).toString().trimmed();
    *all = persona.compare(u"all"_s, Qt::CaseInsensitive) == 0;
    return *all ? QString() : persona;
}

QString advise(const Error &error)
{
    switch (error.code) {
    case ErrorCode::NotFound:
        if (error.message.startsWith("Persona"_L1))
            return error.message + u". Call list_personas to see the ids and names."_s;
        if (error.message.startsWith("Memory"_L1))
            return error.message + u". search_memory or the persona://{id}/memories resource list the memories."_s;
        return error.message + u"."_s;
    case ErrorCode::InvalidArgument:
    case ErrorCode::TooLarge:
    case ErrorCode::Conflict:
        return error.message + u"."_s;
    case ErrorCode::LlmUnreachable:
    case ErrorCode::LlmModelMissing:
        return error.message + u" Memory keeps working with the built-in embedder."_s;
    default:
        return u"Persona Studio could not do this: %1."_s.arg(error.message);
    }
}

QJsonObject withProperties(const char *base, const QList<std::pair<QString, QJsonObject>> &extra)
{
    QJsonObject schema = schemaFromLiteral(base);
    QJsonObject properties = schema.value("properties"_L1).toObject();
    for (const auto &[name, value] : extra)
        properties.insert(name, value);
    schema.insert(u"properties"_s, properties);
    return schema;
}

QJsonObject hitSchema()
{
    QJsonObject schema = schemaFromLiteral(kMemorySchema);
    QJsonObject properties = schema.value("properties"_L1).toObject();
    properties.insert(u"rank"_s, QJsonObject{{u"type"_s, u"integer"_s}});
    properties.insert(u"score"_s, schemaFromLiteral(kScoreSchema));
    schema.insert(u"properties"_s, properties);
    QJsonArray required = schema.value("required"_L1).toArray();
    required.append(u"rank"_s);
    required.append(u"score"_s);
    schema.insert(u"required"_s, required);
    return schema;
}

QString percent(double value)
{
    return QString::number(value, 'f', 2);
}

// --- the tools -------------------------------------------------------------------------------

ToolDefinition searchMemory(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"search_memory"_s;
    tool.title = u"Search memories"_s;
    tool.description = u"Recalls what a persona remembers, by meaning: the memories closest to the query, re-ranked by "
                       "relevance, recency and importance (each hit with its score breakdown). Without a persona the "
                       "session's active persona is searched; cross_persona adds what other personas shared; "
                       "persona \"all\" searches the shared memories of every persona. Recalling counts as an access "
                       "(it refreshes the memories' recency)."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {"
                                          "\"query\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 4000, "
                                          "\"description\": \"What to recall, in plain words\"}, "
                                          "\"persona\": %1, "
                                          "\"cross_persona\": {\"type\": \"boolean\", \"description\": \"Also search the "
                                          "memories other personas shared\"}, "
                                          "\"k\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 50, "
                                          "\"description\": \"How many memories to return (default 5)\"}, "
                                          "\"min_importance\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1, "
                                          "\"description\": \"Leave out memories less important than this\"}}, "
                                          "\"required\": [\"query\"], \"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaOrAll)).toUtf8().constData());
    tool.outputSchema = withProperties(
        R"json({"type": "object", "properties": {"query": {"type": "string"}, "persona": {"type": "string"},
            "cross_persona": {"type": "boolean"}, "count": {"type": "integer"}, "candidates": {"type": "integer"},
            "embedders": {"type": "array", "items": {"type": "string"}},
            "skipped": {"type": "array", "items": {"type": "string"}}},
            "required": ["query", "persona", "cross_persona", "count", "hits"]})json",
        {{u"hits"_s, QJsonObject{{u"type"_s, u"array"_s}, {u"items"_s, hitSchema()}}}});
    // A recall touches the memories' last access and count: not read-only, not idempotent.
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        bool all = false;
        const QString persona = personaScope(arguments, &all);
        Memory::MemoryQuery query;
        query.text = arguments.value("query"_L1).toString();
        query.crossPersona = all || arguments.value("cross_persona"_L1).toBool(false);
        query.k = arguments.value("k"_L1).toInt(5);
        if (arguments.contains("min_importance"_L1))
            query.minImportance = arguments.value("min_importance"_L1).toDouble();
        auto run = [server, call, query](const QString &personaId) mutable {
            query.persona = personaId;
            server->engine()->searchMemory(query).then(server, [call, query](const Result<Memory::RecallResult> &result) {
                if (!result)
                    return call->toolError(advise(result.error()));
                QJsonArray hits;
                QStringList lines;
                for (const Memory::MemoryHit &hit : result->hits) {
                    hits.append(hitJson(hit));
                    // One arg() pass: the content may itself hold "%1".
                    lines.append(u"%1. %2 [%3, memory %4] score %5: relevance %6 (cosine %7), recency %8, importance %9"_s
                                     .arg(QString::number(hit.rank), hit.memory.content, hit.memory.personaId,
                                          QString::number(hit.memory.id), percent(hit.score.total),
                                          percent(hit.score.relevance), percent(hit.score.relevanceRaw),
                                          percent(hit.score.recency), percent(hit.score.importance)));
                }
                const QString scope = query.persona.isEmpty() ? u"all personas (shared memories)"_s : query.persona;
                QString text = hits.isEmpty() ? u"No memory of %1 matches \"%2\"."_s.arg(scope, query.text)
                                              : u"%1 memories of %2 for \"%3\":\n%4"_s.arg(hits.size())
                                                    .arg(scope, query.text, lines.join(u'\n'));
                if (!result->skipped.isEmpty())
                    text += u"\nNot searched now: %1"_s.arg(result->skipped.join(u"; "_s));
                call->toolResult(text, QJsonObject{{u"query"_s, query.text},
                                                   {u"persona"_s, query.persona.isEmpty() ? u"all"_s : query.persona},
                                                   {u"cross_persona"_s, query.crossPersona},
                                                   {u"count"_s, int(hits.size())},
                                                   {u"candidates"_s, result->candidates},
                                                   {u"embedders"_s, QJsonArray::fromStringList(result->embedders)},
                                                   {u"skipped"_s, QJsonArray::fromStringList(result->skipped)},
                                                   {u"hits"_s, hits}});
            });
        };
        withPersonaOrActive(server, call, (all || !persona.isEmpty()) ? std::optional<QString>(persona) : std::nullopt,
                            run, advise);
    };
    return tool;
}

ToolDefinition storeMemory(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"store_memory"_s;
    tool.title = u"Store a memory"_s;
    tool.description = u"Writes something a persona should remember (the session's active persona when none is "
                       "given). Without an importance Persona Studio scores it (names and life facts high, small "
                       "details low). A near-duplicate of an existing memory is merged into it instead of being "
                       "stored twice; merged tells which happened. shared lets other personas recall it too."_s;
    tool.inputSchema = schemaFromLiteral(
        (u"{\"type\": \"object\", \"properties\": {"
         "\"content\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 4000, \"description\": \"What to "
         "remember, as a sentence, e.g. 'The user's favourite tea is jasmine.'\"}, "
         "\"persona\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 100, \"description\": \"The persona's "
         "id or name, case-insensitive\"}, "
         "\"kind\": {\"type\": \"string\", \"enum\": [%1], \"description\": \"fact, event, preference or note "
         "(default)\"}, "
         "\"importance\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1}, "
         "\"valence\": {\"type\": \"number\", \"minimum\": -1, \"maximum\": 1, \"description\": \"Emotional tone, "
         "-1 painful to 1 happy\"}, "
         "\"visibility\": {\"type\": \"string\", \"enum\": [\"private\", \"shared\"], \"description\": \"private "
         "(default): only this persona; shared: other personas can recall it\"}}, "
         "\"required\": [\"content\"], \"additionalProperties\": false}"_s)
            .arg(u"\""_s + Memory::memoryKinds().join(u"\", \""_s) + u"\""_s)
            .toUtf8()
            .constData());
    tool.outputSchema = withProperties(
        R"json({"type": "object", "properties": {"merged": {"type": "boolean"},
            "duplicate_similarity": {"type": "number"}}, "required": ["memory", "merged"]})json",
        {{u"memory"_s, schemaFromLiteral(kMemorySchema)}});
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        Memory::MemoryDraft draft;
        draft.content = arguments.value("content"_L1).toString();
        draft.kind = arguments.value("kind"_L1).toString(QString::fromLatin1(Memory::Kind::kNote));
        if (arguments.contains("importance"_L1))
            draft.importance = arguments.value("importance"_L1).toDouble();
        if (arguments.contains("valence"_L1))
            draft.valence = arguments.value("valence"_L1).toDouble();
        draft.visibility = Memory::visibilityFromName(arguments.value("visibility"_L1).toString(u"private"_s))
                               .value_or(Memory::Visibility::Private);
        draft.sourceSessionId = call->sessionId();
        auto run = [server, call, draft](const QString &personaId) mutable {
            draft.persona = personaId;
            server->engine()->storeMemory(draft).then(server, [call](const Result<Memory::StoredMemory> &stored) {
                if (!stored)
                    return call->toolError(advise(stored.error()));
                QJsonObject structured{{u"memory"_s, memoryJson(stored->memory)}, {u"merged"_s, stored->merged}};
                QString text;
                if (stored->merged) {
                    structured.insert(u"duplicate_similarity"_s, stored->duplicateSimilarity);
                    text = u"Merged into memory %1 of %2 (a near-duplicate, similarity %3): %4"_s.arg(stored->memory.id)
                               .arg(stored->memory.personaId, percent(stored->duplicateSimilarity), stored->memory.content);
                } else {
                    text = u"Stored memory %1 of %2 (importance %3, %4): %5"_s.arg(stored->memory.id)
                               .arg(stored->memory.personaId, percent(stored->memory.importance),
                                    Memory::visibilityName(stored->memory.visibility), stored->memory.content);
                }
                call->toolResult(text, structured);
            });
        };
        const QString persona = arguments.value("persona"_L1).toString();
        withPersonaOrActive(server, call, !persona.trimmed().isEmpty() ? std::optional<QString>(persona) : std::nullopt,
                            run, advise);
    };
    return tool;
}

ToolDefinition deleteMemory(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"delete_memory"_s;
    tool.title = u"Forget a memory"_s;
    tool.description = u"Deletes one memory for good, by its id (search_memory and the persona://{id}/memories "
                       "resource show the ids). Returns the memory as it was."_s;
    tool.inputSchema = schemaFromLiteral(R"json({"type": "object", "properties": {
        "id": {"type": "integer", "minimum": 1, "description": "The memory's id"}},
        "required": ["id"], "additionalProperties": false})json");
    tool.outputSchema = withProperties(R"json({"type": "object", "properties": {"deleted": {"type": "boolean"}},
        "required": ["deleted", "memory"]})json",
                                       {{u"memory"_s, schemaFromLiteral(kMemorySchema)}});
    tool.destructive = true;
    tool.idempotent = true; // a second call changes nothing more
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        const qint64 id = qint64(arguments.value("id"_L1).toDouble());
        server->engine()->deleteMemory(id).then(server, [call](const Result<Memory::MemoryRecord> &memory) {
            if (!memory)
                return call->toolError(advise(memory.error()));
            call->toolResult(u"Forgot memory %1 of %2: %3"_s.arg(memory->id).arg(memory->personaId, memory->content),
                             QJsonObject{{u"deleted"_s, true}, {u"memory"_s, memoryJson(*memory)}});
        });
    };
    return tool;
}

ToolDefinition memoryStats(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"memory_stats"_s;
    tool.title = u"Memory statistics"_s;
    tool.description = u"Counts memories by persona and importance band (high >= 0.7, medium >= 0.4, low), their "
                       "average importance and storage size, and the health of each vector index (in step with the "
                       "database, saved, rebuilding). Without a persona: every persona."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {\"persona\": %1}, "
                                          "\"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaOrAll)).toUtf8().constData());
    tool.outputSchema = schemaFromLiteral(R"json({"type": "object", "properties": {
        "total": {"type": "integer"}, "average_importance": {"type": "number"}, "storage_bytes": {"type": "integer"},
        "importance_bands": {"type": "object", "properties": {"high": {"type": "integer"}, "medium": {"type": "integer"},
            "low": {"type": "integer"}}, "required": ["high", "medium", "low"]},
        "personas": {"type": "array", "items": {"type": "object", "properties": {
            "persona_id": {"type": "string"}, "count": {"type": "integer"}, "high": {"type": "integer"},
            "medium": {"type": "integer"}, "low": {"type": "integer"}, "average_importance": {"type": "number"}},
            "required": ["persona_id", "count", "high", "medium", "low", "average_importance"]}},
        "indexes": {"type": "array", "items": {"type": "object", "properties": {
            "persona_id": {"type": "string"}, "embedder": {"type": "string"}, "dimension": {"type": "integer"},
            "indexed": {"type": "integer"}, "stored": {"type": "integer"}, "file_present": {"type": "boolean"},
            "file_bytes": {"type": "integer"}, "in_step": {"type": "boolean"}, "unsaved_changes": {"type": "boolean"},
            "rebuilding": {"type": "boolean"}},
            "required": ["persona_id", "embedder", "indexed", "stored", "file_present", "in_step", "rebuilding"]}},
        "embedder": {"type": "object", "properties": {"active": {"type": "string"}, "ollama_available": {"type": "boolean"}},
            "required": ["active", "ollama_available"]}},
        "required": ["total", "average_importance", "storage_bytes", "importance_bands", "personas", "indexes", "embedder"]})json");
    tool.readOnly = true;
    tool.idempotent = true;
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        bool all = false;
        const QString persona = personaScope(arguments, &all);
        server->engine()->memoryStats(persona).then(server, [call](const Result<Memory::MemoryStats> &stats) {
            if (!stats)
                return call->toolError(advise(stats.error()));
            QJsonArray personas;
            QStringList lines;
            for (const Memory::PersonaMemoryStats &entry : stats->personas) {
                personas.append(QJsonObject{{u"persona_id"_s, entry.personaId},
                                            {u"count"_s, entry.count},
                                            {u"high"_s, entry.high},
                                            {u"medium"_s, entry.medium},
                                            {u"low"_s, entry.low},
                                            {u"average_importance"_s, entry.averageImportance}});
                lines.append(u"- %1: %2 memories (%3 high, %4 medium, %5 low), average importance %6"_s
                                 .arg(entry.personaId)
                                 .arg(entry.count)
                                 .arg(entry.high)
                                 .arg(entry.medium)
                                 .arg(entry.low)
                                 .arg(percent(entry.averageImportance)));
            }
            QJsonArray indexes;
            for (const Memory::IndexHealth &index : stats->indexes) {
                indexes.append(QJsonObject{{u"persona_id"_s, index.personaId},
                                           {u"embedder"_s, index.embedder},
                                           {u"dimension"_s, index.dimension},
                                           {u"indexed"_s, double(index.indexed)},
                                           {u"stored"_s, double(index.stored)},
                                           {u"file_present"_s, index.filePresent},
                                           {u"file_bytes"_s, double(index.fileBytes)},
                                           {u"in_step"_s, index.inStep},
                                           {u"unsaved_changes"_s, index.dirty},
                                           {u"rebuilding"_s, index.rebuilding}});
                lines.append(u"- index %1 / %2: %3 of %4 memories%5%6"_s.arg(index.personaId, index.embedder)
                                 .arg(index.indexed)
                                 .arg(index.stored)
                                 .arg(index.rebuilding ? u", rebuilding"_s
                                                       : (index.inStep ? u", in step"_s : u", OUT OF STEP"_s))
                                 .arg(index.filePresent ? QString() : u", not saved yet"_s));
            }
            const QJsonObject structured{
                {u"total"_s, stats->total},
                {u"average_importance"_s, stats->averageImportance},
                {u"storage_bytes"_s, double(stats->storageBytes)},
                {u"importance_bands"_s,
                 QJsonObject{{u"high"_s, stats->high}, {u"medium"_s, stats->medium}, {u"low"_s, stats->low}}},
                {u"personas"_s, personas},
                {u"indexes"_s, indexes},
                {u"embedder"_s, QJsonObject{{u"active"_s, stats->writeEmbedder},
                                            {u"ollama_available"_s, stats->ollamaAvailable}}}};
            call->toolResult(u"%1 memories, average importance %2, %3 KiB; new memories are embedded with %4.\n%5"_s
                                 .arg(stats->total)
                                 .arg(percent(stats->averageImportance))
                                 .arg(QString::number(double(stats->storageBytes) / 1024.0, 'f', 1), stats->writeEmbedder,
                                      lines.join(u'\n')),
                             structured);
        });
    };
    return tool;
}

ToolDefinition pruneMemories(McpServer *server)
{
    ToolDefinition tool;
    tool.name = u"prune_memories"_s;
    tool.title = u"Prune memories"_s;
    tool.description = u"Runs pruning now (it also runs hourly in the background): a persona with more memories than "
                       "the start threshold (900 by default) loses its least important, least recently used ones down "
                       "to the target (800), never below the minimum count, never more than a tenth per run, never "
                       "important (>= 0.8) or recently used memories. dry_run: true only reports what would go. "
                       "Without a persona: every persona."_s;
    tool.inputSchema = schemaFromLiteral((u"{\"type\": \"object\", \"properties\": {\"persona\": %1, "
                                          "\"dry_run\": {\"type\": \"boolean\", \"description\": \"Only report what "
                                          "would be pruned\"}}, \"additionalProperties\": false}"_s)
                                             .arg(QString::fromLatin1(kPersonaOrAll)).toUtf8().constData());
    tool.outputSchema = schemaFromLiteral(R"json({"type": "object", "properties": {
        "dry_run": {"type": "boolean"}, "before": {"type": "integer"}, "pruned": {"type": "integer"},
        "after": {"type": "integer"}, "average_importance_pruned": {"type": "number"},
        "processing_ms": {"type": "integer"},
        "personas": {"type": "array", "items": {"type": "object", "properties": {
            "persona_id": {"type": "string"}, "before": {"type": "integer"}, "pruned": {"type": "integer"},
            "after": {"type": "integer"}, "protected": {"type": "integer"}, "needs_pruning": {"type": "boolean"},
            "average_importance_pruned": {"type": "number"}, "reason": {"type": "string"},
            "memories": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "content": {"type": "string"}, "importance": {"type": "number"},
                "last_accessed_at": {"type": "string"}}, "required": ["id", "content", "importance"]}}},
            "required": ["persona_id", "before", "pruned", "after", "needs_pruning", "reason", "memories"]}}},
        "required": ["dry_run", "before", "pruned", "after", "average_importance_pruned", "personas"]})json");
    tool.destructive = true; // unless dry_run; annotations cannot depend on arguments
    tool.run = [server](const QJsonObject &arguments, const Call &call) {
        bool all = false;
        const QString persona = personaScope(arguments, &all);
        const bool dryRun = arguments.value("dry_run"_L1).toBool(false);
        server->engine()->pruneMemories(persona, dryRun).then(server, [call, dryRun](const Result<Memory::PruneReport> &report) {
            if (!report)
                return call->toolError(advise(report.error()));
            QJsonArray personas;
            QStringList lines;
            for (const Memory::PersonaPruneReport &entry : report->personas) {
                QJsonArray memories;
                for (const Memory::MemoryRecord &memory : entry.memories)
                    memories.append(QJsonObject{{u"id"_s, double(memory.id)},
                                                {u"content"_s, memory.content},
                                                {u"importance"_s, memory.importance},
                                                {u"last_accessed_at"_s, isoUtc(memory.lastAccessedMs)}});
                personas.append(QJsonObject{{u"persona_id"_s, entry.personaId},
                                            {u"before"_s, entry.before},
                                            {u"pruned"_s, entry.pruned},
                                            {u"after"_s, entry.after},
                                            {u"protected"_s, entry.protectedCount},
                                            {u"needs_pruning"_s, entry.needsPruning},
                                            {u"average_importance_pruned"_s, entry.averageImportancePruned},
                                            {u"reason"_s, entry.reason},
                                            {u"memories"_s, memories}});
                lines.append(u"- %1: %2"_s.arg(entry.personaId, entry.reason));
            }
            const QString head = dryRun ? u"Dry run: pruning would remove %1 of %2 memories (average importance %3)."_s
                                        : u"Pruned %1 of %2 memories (average importance %3)."_s;
            call->toolResult(head.arg(report->pruned).arg(report->before).arg(percent(report->averageImportancePruned))
                                 + (lines.isEmpty() ? u"\nNo memories yet."_s : u"\n"_s + lines.join(u'\n')),
                             QJsonObject{{u"dry_run"_s, report->dryRun},
                                         {u"before"_s, report->before},
                                         {u"pruned"_s, report->pruned},
                                         {u"after"_s, report->after},
                                         {u"average_importance_pruned"_s, report->averageImportancePruned},
                                         {u"processing_ms"_s, double(report->processingMs)},
                                         {u"personas"_s, personas}});
        });
    };
    return tool;
}

} // namespace

QJsonObject memoryJson(const Memory::MemoryRecord &memory)
{
    return QJsonObject{{u"id"_s, double(memory.id)},
                       {u"persona_id"_s, memory.personaId},
                       {u"content"_s, memory.content},
                       {u"kind"_s, memory.kind},
                       {u"importance"_s, memory.importance},
                       {u"valence"_s, memory.valence},
                       {u"visibility"_s, Memory::visibilityName(memory.visibility)},
                       {u"created_at"_s, isoUtc(memory.createdMs)},
                       {u"last_accessed_at"_s, isoUtc(memory.lastAccessedMs)},
                       {u"access_count"_s, memory.accessCount},
                       {u"embedder"_s, memory.embedder}};
}

QJsonObject scoreJson(const Memory::ScoreBreakdown &score)
{
    return QJsonObject{{u"relevance"_s, score.relevance},
                       {u"relevance_raw"_s, score.relevanceRaw},
                       {u"recency"_s, score.recency},
                       {u"importance"_s, score.importance},
                       {u"total"_s, score.total}};
}

QJsonObject hitJson(const Memory::MemoryHit &hit)
{
    QJsonObject json = memoryJson(hit.memory);
    json.insert(u"rank"_s, hit.rank);
    json.insert(u"score"_s, scoreJson(hit.score));
    return json;
}

QJsonObject memoriesDocument(const QString &personaId, const Memory::MemoryPage &page)
{
    QJsonArray memories;
    for (const Memory::MemoryRecord &memory : page.memories)
        memories.append(memoryJson(memory));
    return QJsonObject{{u"persona_id"_s, personaId},
                       {u"total"_s, page.total},
                       {u"count"_s, int(memories.size())},
                       {u"memories"_s, memories}};
}

QList<ToolDefinition> memoryTools(McpServer *server)
{
    return {searchMemory(server), storeMemory(server), deleteMemory(server), memoryStats(server),
            pruneMemories(server)};
}

} // namespace Studio::Mcp
