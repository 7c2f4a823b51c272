// SPDX-License-Identifier: MIT
#include "memorystore.h"

#include <store/database.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

namespace {

// Column order of kColumns, read by recordFrom().
const QString kColumns = u"id, persona_id, content, kind, importance, valence, visibility, created_ms, updated_ms, "
                         "last_accessed_ms, access_count, decayed_ms, embedder, dimension, source_session_id, "
                         "source_message_id"_s;
constexpr int kColumnCount = 16;

const QString kInsert = u"INSERT INTO memories (persona_id, content, kind, importance, valence, visibility, "
                        "created_ms, updated_ms, last_accessed_ms, access_count, decayed_ms, embedder, dimension, "
                        "vector, source_session_id, source_message_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
const QString kUpdate = u"UPDATE memories SET content = ?, kind = ?, importance = ?, valence = ?, visibility = ?, "
                        "updated_ms = ?, last_accessed_ms = ?, access_count = ?, decayed_ms = ? WHERE id = ?"_s;
const QString kUpdateVector = u"UPDATE memories SET embedder = ?, dimension = ?, vector = ? WHERE id = ?"_s;
// A JSON array of ids keeps one prepared statement for any number of them.
const QString kDelete = u"DELETE FROM memories WHERE id IN (SELECT value FROM json_each(?))"_s;
const QString kTouch = u"UPDATE memories SET last_accessed_ms = ?, access_count = access_count + 1 "
                       "WHERE id IN (SELECT value FROM json_each(?))"_s;
const QString kGet = u"SELECT %1 FROM memories WHERE id = ?"_s.arg(kColumns);
const QString kRows = u"SELECT %1, vector FROM memories WHERE id IN (SELECT value FROM json_each(?))"_s.arg(kColumns);
const QString kPageAll = u"SELECT %1 FROM memories ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?"_s.arg(kColumns);
const QString kPageOne =
    u"SELECT %1 FROM memories WHERE persona_id = ? ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?"_s.arg(kColumns);
const QString kCountAll = u"SELECT COUNT(*) FROM memories"_s;
const QString kCountOne = u"SELECT COUNT(*) FROM memories WHERE persona_id = ?"_s;
const QString kGroups = u"SELECT persona_id, embedder, MAX(dimension), COUNT(*) FROM memories "
                        "GROUP BY persona_id, embedder ORDER BY persona_id, embedder"_s;
const QString kIds = u"SELECT id FROM memories WHERE persona_id = ? AND embedder = ? ORDER BY id"_s;
const QString kVectors = u"SELECT id, dimension, vector FROM memories WHERE persona_id = ? AND embedder = ? AND id > ? "
                         "ORDER BY id LIMIT ?"_s;
const QString kOfEmbedderAll = u"SELECT %1, vector FROM memories WHERE embedder = ? ORDER BY id"_s.arg(kColumns);
const QString kOfEmbedderSome = u"SELECT %1, vector FROM memories WHERE embedder = ? "
                                "AND persona_id IN (SELECT value FROM json_each(?)) ORDER BY id"_s.arg(kColumns);
const QString kPersonaIds = u"SELECT DISTINCT persona_id FROM memories ORDER BY persona_id"_s;
const QString kRecords = u"SELECT %1 FROM memories WHERE persona_id = ? ORDER BY id"_s.arg(kColumns);
const QString kDecay = u"UPDATE memories SET importance = ?, decayed_ms = ? WHERE id = ?"_s;
const QString kStorage = u"SELECT COALESCE(SUM(LENGTH(CAST(content AS BLOB)) + LENGTH(vector)), 0) FROM memories"_s;
const QString kPersonaStats = u"SELECT persona_id, COUNT(*), SUM(importance >= ?), SUM(importance >= ? AND importance < ?), "
                              "SUM(importance < ?), AVG(importance) FROM memories GROUP BY persona_id ORDER BY persona_id"_s;
const QString kAddRecall = u"INSERT INTO memory_recalls (model_call_id, memory_id, rank, relevance, relevance_raw, "
                           "recency, importance, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s;
const QString kRecalls = u"SELECT r.memory_id, r.rank, r.relevance, r.relevance_raw, r.recency, r.importance, r.score, "
                         "m.id IS NOT NULL, COALESCE(m.persona_id, ''), COALESCE(m.content, '') "
                         "FROM memory_recalls r LEFT JOIN memories m ON m.id = r.memory_id "
                         "WHERE r.model_call_id = ? ORDER BY r.rank"_s;

QString idsJson(const QList<qint64> &ids)
{
    QJsonArray array;
    for (const qint64 id : ids)
        array.append(double(id));
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

MemoryRecord recordFrom(const QSqlQuery &query)
{
    MemoryRecord record;
    record.id = query.value(0).toLongLong();
    record.personaId = query.value(1).toString();
    record.content = query.value(2).toString();
    record.kind = query.value(3).toString();
    record.importance = query.value(4).toDouble();
    record.valence = query.value(5).toDouble();
    record.visibility = visibilityFromName(query.value(6).toString()).value_or(Visibility::Private);
    record.createdMs = query.value(7).toLongLong();
    record.updatedMs = query.value(8).toLongLong();
    record.lastAccessedMs = query.value(9).toLongLong();
    record.accessCount = query.value(10).toInt();
    record.decayedMs = query.value(11).toLongLong();
    record.embedder = query.value(12).toString();
    record.dimension = query.value(13).toInt();
    record.sourceSessionId = query.value(14).toString();
    if (!query.value(15).isNull())
        record.sourceMessageId = query.value(15).toLongLong();
    return record;
}

QVariant optionalId(const std::optional<qint64> &id)
{
    return id ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace

MemoryStore::MemoryStore(Store::Database &database)
    : m_db(database)
{
}

Result<qint64> MemoryStore::insert(const MemoryRecord &r, const Vector &vector)
{
    return m_db.insert(kInsert, {r.personaId, r.content, r.kind, r.importance, r.valence, visibilityName(r.visibility),
                                 r.createdMs, r.updatedMs, r.lastAccessedMs, r.accessCount, r.decayedMs, r.embedder,
                                 r.dimension, vectorToBlob(vector), r.sourceSessionId, optionalId(r.sourceMessageId)});
}

Result<void> MemoryStore::update(const MemoryRecord &r, const Vector &vector)
{
    return m_db.transaction([&]() -> Result<void> {
        auto changed = m_db.change(kUpdate, {r.content, r.kind, r.importance, r.valence, visibilityName(r.visibility),
                                             r.updatedMs, r.lastAccessedMs, r.accessCount, r.decayedMs, r.id});
        if (!changed)
            return fail(changed.error());
        if (*changed == 0)
            return fail(ErrorCode::NotFound, u"Memory %1 not found"_s.arg(r.id));
        if (!vector.isEmpty()) {
            auto stored = m_db.change(kUpdateVector, {r.embedder, r.dimension, vectorToBlob(vector), r.id});
            if (!stored)
                return fail(stored.error());
        }
        return {};
    });
}

Result<void> MemoryStore::remove(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return {};
    auto removed = m_db.change(kDelete, {idsJson(ids)});
    if (!removed)
        return fail(removed.error());
    return {};
}

Result<int> MemoryStore::removePersona(const QString &personaId)
{
    return m_db.change(u"DELETE FROM memories WHERE persona_id = ?"_s, {personaId});
}

Result<MemoryRecord> MemoryStore::get(qint64 id)
{
    std::optional<MemoryRecord> found;
    auto ran = m_db.select(kGet, {id}, [&](const QSqlQuery &query) { found = recordFrom(query); });
    if (!ran)
        return fail(ran.error());
    if (!found)
        return fail(ErrorCode::NotFound, u"Memory %1 not found"_s.arg(id));
    return *found;
}

Result<QList<MemoryRow>> MemoryStore::rows(const QList<qint64> &ids)
{
    QList<MemoryRow> rows;
    if (ids.isEmpty())
        return rows;
    auto ran = m_db.select(kRows, {idsJson(ids)}, [&](const QSqlQuery &query) {
        MemoryRow row;
        row.record = recordFrom(query);
        row.vector = vectorFromBlob(query.value(kColumnCount).toByteArray(), row.record.dimension);
        rows.append(row);
    });
    if (!ran)
        return fail(ran.error());
    return rows;
}

Result<MemoryPage> MemoryStore::page(const QString &personaId, int offset, int limit)
{
    MemoryPage page;
    page.offset = offset;
    auto total = count(personaId);
    if (!total)
        return fail(total.error());
    page.total = int(*total);
    const auto collect = [&](const QSqlQuery &query) { page.memories.append(recordFrom(query)); };
    auto ran = personaId.isEmpty() ? m_db.select(kPageAll, {limit, offset}, collect)
                                   : m_db.select(kPageOne, {personaId, limit, offset}, collect);
    if (!ran)
        return fail(ran.error());
    return page;
}

Result<qint64> MemoryStore::count(const QString &personaId)
{
    qint64 total = 0;
    auto ran = personaId.isEmpty()
                   ? m_db.select(kCountAll, {}, [&](const QSqlQuery &query) { total = query.value(0).toLongLong(); })
                   : m_db.select(kCountOne, {personaId},
                                 [&](const QSqlQuery &query) { total = query.value(0).toLongLong(); });
    if (!ran)
        return fail(ran.error());
    return total;
}

Result<QList<MemoryGroup>> MemoryStore::groups()
{
    QList<MemoryGroup> groups;
    auto ran = m_db.select(kGroups, {}, [&](const QSqlQuery &query) {
        groups.append(MemoryGroup{query.value(0).toString(), query.value(1).toString(), query.value(2).toInt(),
                                  query.value(3).toLongLong()});
    });
    if (!ran)
        return fail(ran.error());
    return groups;
}

Result<QList<qint64>> MemoryStore::ids(const QString &personaId, const QString &embedder)
{
    QList<qint64> ids;
    auto ran = m_db.select(kIds, {personaId, embedder},
                           [&](const QSqlQuery &query) { ids.append(query.value(0).toLongLong()); });
    if (!ran)
        return fail(ran.error());
    return ids;
}

Result<QList<std::pair<qint64, Vector>>> MemoryStore::vectors(const QString &personaId, const QString &embedder,
                                                              qint64 afterId, int limit)
{
    QList<std::pair<qint64, Vector>> vectors;
    auto ran = m_db.select(kVectors, {personaId, embedder, afterId, limit}, [&](const QSqlQuery &query) {
        vectors.append({query.value(0).toLongLong(), vectorFromBlob(query.value(2).toByteArray(), query.value(1).toInt())});
    });
    if (!ran)
        return fail(ran.error());
    return vectors;
}

Result<QList<MemoryRow>> MemoryStore::rowsOfEmbedder(const QString &embedder, const QStringList &personaIds)
{
    QList<MemoryRow> rows;
    const auto collect = [&](const QSqlQuery &query) {
        MemoryRow row;
        row.record = recordFrom(query);
        row.vector = vectorFromBlob(query.value(kColumnCount).toByteArray(), row.record.dimension);
        rows.append(row);
    };
    auto ran = personaIds.isEmpty()
                   ? m_db.select(kOfEmbedderAll, {embedder}, collect)
                   : m_db.select(kOfEmbedderSome,
                                 {embedder, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(personaIds))
                                                                  .toJson(QJsonDocument::Compact))},
                                 collect);
    if (!ran)
        return fail(ran.error());
    return rows;
}

Result<QStringList> MemoryStore::personaIds()
{
    QStringList ids;
    auto ran = m_db.select(kPersonaIds, {}, [&](const QSqlQuery &query) { ids.append(query.value(0).toString()); });
    if (!ran)
        return fail(ran.error());
    return ids;
}

Result<void> MemoryStore::touch(const QList<qint64> &ids, qint64 nowMs)
{
    if (ids.isEmpty())
        return {};
    // One statement is one transaction: every hit of a recall is touched, or none.
    auto touched = m_db.change(kTouch, {nowMs, idsJson(ids)});
    if (!touched)
        return fail(touched.error());
    return {};
}

Result<QList<MemoryRecord>> MemoryStore::records(const QString &personaId)
{
    QList<MemoryRecord> records;
    auto ran = m_db.select(kRecords, {personaId}, [&](const QSqlQuery &query) { records.append(recordFrom(query)); });
    if (!ran)
        return fail(ran.error());
    return records;
}

Result<void> MemoryStore::applyDecay(const QHash<qint64, double> &importances, qint64 nowMs)
{
    if (importances.isEmpty())
        return {};
    return m_db.transaction([&]() -> Result<void> {
        for (auto it = importances.begin(); it != importances.end(); ++it) {
            auto changed = m_db.change(kDecay, {it.value(), nowMs, it.key()});
            if (!changed)
                return fail(changed.error());
        }
        return {};
    });
}

Result<QList<PersonaMemoryStats>> MemoryStore::personaStats()
{
    QList<PersonaMemoryStats> stats;
    auto ran = m_db.select(kPersonaStats, {kHighImportance, kMediumImportance, kHighImportance, kMediumImportance},
                           [&](const QSqlQuery &query) {
                               PersonaMemoryStats persona;
                               persona.personaId = query.value(0).toString();
                               persona.count = query.value(1).toInt();
                               persona.high = query.value(2).toInt();
                               persona.medium = query.value(3).toInt();
                               persona.low = query.value(4).toInt();
                               persona.averageImportance = query.value(5).toDouble();
                               stats.append(persona);
                           });
    if (!ran)
        return fail(ran.error());
    return stats;
}

Result<qint64> MemoryStore::storageBytes()
{
    qint64 bytes = 0;
    auto ran = m_db.select(kStorage, {}, [&](const QSqlQuery &query) { bytes = query.value(0).toLongLong(); });
    if (!ran)
        return fail(ran.error());
    return bytes;
}

Result<void> MemoryStore::addRecalls(qint64 modelCallId, const QList<RecallRow> &recalls)
{
    if (recalls.isEmpty())
        return {};
    return m_db.transaction([&]() -> Result<void> {
        for (const RecallRow &recall : recalls) {
            const ScoreBreakdown &s = recall.score;
            auto added = m_db.insert(kAddRecall, {modelCallId, recall.memoryId, recall.rank, s.relevance,
                                                  s.relevanceRaw, s.recency, s.importance, s.total});
            if (!added)
                return fail(added.error());
        }
        return {};
    });
}

Result<QList<RecallRecord>> MemoryStore::recalls(qint64 modelCallId)
{
    QList<RecallRecord> recalls;
    auto ran = m_db.select(kRecalls, {modelCallId}, [&](const QSqlQuery &query) {
        RecallRecord record;
        record.modelCallId = modelCallId;
        record.memoryId = query.value(0).toLongLong();
        record.rank = query.value(1).toInt();
        record.score.relevance = query.value(2).toDouble();
        record.score.relevanceRaw = query.value(3).toDouble();
        record.score.recency = query.value(4).toDouble();
        record.score.importance = query.value(5).toDouble();
        record.score.total = query.value(6).toDouble();
        record.memoryExists = query.value(7).toBool();
        record.personaId = query.value(8).toString();
        record.content = query.value(9).toString();
        recalls.append(record);
    });
    if (!ran)
        return fail(ran.error());
    return recalls;
}

} // namespace Studio::Memory
