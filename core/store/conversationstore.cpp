// SPDX-License-Identifier: MIT
#include "conversationstore.h"

#include "database.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Store {

namespace {

constexpr auto kConversationColumns =
    "id, session_id, persona_id, summary, summarized_through, created_ms, updated_ms, archived_ms";
constexpr auto kMessageColumns = "id, conversation_id, role, content, created_ms, prompt_tokens, completion_tokens, "
                                 "model, total_ms, first_token_ms, done_reason, cut_off";
constexpr auto kModelCallColumns = "id, conversation_id, message_id, purpose, model, digest, request, started_ms, "
                                   "first_token_ms, duration_ms, prompt_tokens, completion_tokens, done_reason, error";

QVariant nullableId(const std::optional<qint64> &id)
{
    return id ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>());
}

ConversationRow conversationFromQuery(const QSqlQuery &q)
{
    ConversationRow row;
    row.id = q.value(0).toLongLong();
    row.sessionId = q.value(1).toString();
    row.personaId = q.value(2).toString();
    row.summary = q.value(3).toString();
    row.summarizedThrough = q.value(4).toLongLong();
    row.createdMs = q.value(5).toLongLong();
    row.updatedMs = q.value(6).toLongLong();
    if (!q.value(7).isNull())
        row.archivedMs = q.value(7).toLongLong();
    return row;
}

MessageRow messageFromQuery(const QSqlQuery &q)
{
    MessageRow row;
    row.id = q.value(0).toLongLong();
    row.conversationId = q.value(1).toLongLong();
    row.role = q.value(2).toString();
    row.content = q.value(3).toString();
    row.createdMs = q.value(4).toLongLong();
    row.promptTokens = q.value(5).toInt();
    row.completionTokens = q.value(6).toInt();
    row.model = q.value(7).toString();
    row.totalMs = q.value(8).toLongLong();
    row.firstTokenMs = q.value(9).toLongLong();
    row.doneReason = q.value(10).toString();
    row.cutOff = q.value(11).toBool();
    return row;
}

ModelCallRow modelCallFromQuery(const QSqlQuery &q)
{
    ModelCallRow row;
    row.id = q.value(0).toLongLong();
    row.conversationId = q.value(1).toLongLong();
    if (!q.value(2).isNull())
        row.messageId = q.value(2).toLongLong();
    row.purpose = q.value(3).toString();
    row.model = q.value(4).toString();
    row.digest = q.value(5).toString();
    row.request = q.value(6).toString().toUtf8();
    row.startedMs = q.value(7).toLongLong();
    row.firstTokenMs = q.value(8).toLongLong();
    row.durationMs = q.value(9).toLongLong();
    row.promptTokens = q.value(10).toInt();
    row.completionTokens = q.value(11).toInt();
    row.doneReason = q.value(12).toString();
    row.error = q.value(13).toString();
    return row;
}

template<typename Row, typename Mapper>
Result<QList<Row>> selectRows(Database &db, const QString &sql, const QVariantList &binds, Mapper mapper)
{
    QList<Row> rows;
    auto ran = db.select(sql, binds, [&](const QSqlQuery &q) { rows.append(mapper(q)); });
    if (!ran)
        return fail(ran.error());
    return rows;
}

Result<void> ignoreCount(const Result<int> &changed)
{
    if (!changed)
        return fail(changed.error());
    return {};
}

QString columns(const char *list)
{
    return QString::fromLatin1(list);
}

} // namespace

ConversationStore::ConversationStore(Database &database)
    : m_db(database)
{
}

Result<std::optional<ConversationRow>> ConversationStore::live(const QString &sessionId, const QString &personaId)
{
    auto rows = selectRows<ConversationRow>(
        m_db,
        u"SELECT %1 FROM conversations WHERE session_id = ? AND persona_id = ? AND archived_ms IS NULL"_s.arg(
            columns(kConversationColumns)),
        {sessionId, personaId}, conversationFromQuery);
    if (!rows)
        return fail(rows.error());
    if (rows->isEmpty())
        return std::optional<ConversationRow>();
    return std::optional<ConversationRow>(rows->constFirst());
}

Result<ConversationRow> ConversationStore::create(const QString &sessionId, const QString &personaId, qint64 nowMs)
{
    auto id = m_db.insert(
        u"INSERT INTO conversations (session_id, persona_id, created_ms, updated_ms) VALUES (?, ?, ?, ?)"_s,
        {sessionId, personaId, nowMs, nowMs});
    if (!id)
        return fail(id.error());
    ConversationRow row;
    row.id = *id;
    row.sessionId = sessionId;
    row.personaId = personaId;
    row.createdMs = nowMs;
    row.updatedMs = nowMs;
    return row;
}

Result<std::optional<ConversationRow>> ConversationStore::find(qint64 id)
{
    auto rows = selectRows<ConversationRow>(
        m_db, u"SELECT %1 FROM conversations WHERE id = ?"_s.arg(columns(kConversationColumns)), {id},
        conversationFromQuery);
    if (!rows)
        return fail(rows.error());
    if (rows->isEmpty())
        return std::optional<ConversationRow>();
    return std::optional<ConversationRow>(rows->constFirst());
}

Result<QList<ConversationRow>> ConversationStore::forSession(const QString &sessionId, bool includeArchived)
{
    return selectRows<ConversationRow>(
        m_db,
        u"SELECT %1 FROM conversations WHERE session_id = ? AND (? = 1 OR archived_ms IS NULL) "
        "ORDER BY updated_ms DESC, id DESC"_s.arg(columns(kConversationColumns)),
        {sessionId, includeArchived ? 1 : 0}, conversationFromQuery);
}

Result<QList<ConversationRow>> ConversationStore::forPersona(const QString &personaId, int limit)
{
    return selectRows<ConversationRow>(
        m_db,
        u"SELECT %1 FROM conversations WHERE persona_id = ? ORDER BY updated_ms DESC, id DESC LIMIT ?"_s.arg(
            columns(kConversationColumns)),
        {personaId, limit}, conversationFromQuery);
}

Result<void> ConversationStore::archive(qint64 id, qint64 nowMs)
{
    return ignoreCount(m_db.change(
        u"UPDATE conversations SET archived_ms = ?, updated_ms = ? WHERE id = ? AND archived_ms IS NULL"_s,
        {nowMs, nowMs, id}));
}

Result<void> ConversationStore::setSummary(qint64 id, const QString &summary, qint64 throughMessageId, qint64 nowMs)
{
    return ignoreCount(m_db.change(
        u"UPDATE conversations SET summary = ?, summarized_through = ?, updated_ms = ? WHERE id = ?"_s,
        {summary, throughMessageId, nowMs, id}));
}

Result<MessageRow> ConversationStore::addMessage(MessageRow message)
{
    auto done = m_db.transaction([&]() -> Result<void> {
        auto id = m_db.insert(
            u"INSERT INTO messages (conversation_id, role, content, created_ms, prompt_tokens, completion_tokens, "
            "model, total_ms, first_token_ms, done_reason, cut_off) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {message.conversationId, message.role, message.content, message.createdMs, message.promptTokens,
             message.completionTokens, message.model, message.totalMs, message.firstTokenMs, message.doneReason,
             message.cutOff ? 1 : 0});
        if (!id)
            return fail(id.error());
        message.id = *id;
        return ignoreCount(m_db.change(u"UPDATE conversations SET updated_ms = ? WHERE id = ?"_s,
                                       {message.createdMs, message.conversationId}));
    });
    if (!done)
        return fail(done.error());
    return message;
}

Result<int> ConversationStore::deleteMessagesFrom(qint64 conversationId, qint64 fromId)
{
    return m_db.change(u"DELETE FROM messages WHERE conversation_id = ? AND id >= ?"_s, {conversationId, fromId});
}

Result<QList<MessageRow>> ConversationStore::lastMessages(qint64 conversationId, int limit)
{
    auto rows = selectRows<MessageRow>(
        m_db,
        u"SELECT %1 FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?"_s.arg(columns(kMessageColumns)),
        {conversationId, limit}, messageFromQuery);
    if (rows)
        std::reverse(rows->begin(), rows->end());
    return rows;
}

Result<QList<MessageRow>> ConversationStore::messagesBetween(qint64 conversationId, qint64 afterId, qint64 beforeId,
                                                             int limit)
{
    return selectRows<MessageRow>(
        m_db,
        u"SELECT %1 FROM messages WHERE conversation_id = ? AND id > ? AND (? = 0 OR id < ?) ORDER BY id LIMIT ?"_s.arg(
            columns(kMessageColumns)),
        {conversationId, afterId, beforeId, beforeId, limit}, messageFromQuery);
}

Result<QList<MessageRow>> ConversationStore::page(qint64 conversationId, int offset, int limit)
{
    return selectRows<MessageRow>(
        m_db,
        u"SELECT %1 FROM messages WHERE conversation_id = ? ORDER BY id LIMIT ? OFFSET ?"_s.arg(
            columns(kMessageColumns)),
        {conversationId, limit, offset}, messageFromQuery);
}

Result<int> ConversationStore::messageCount(qint64 conversationId)
{
    int count = 0;
    auto ran = m_db.select(u"SELECT COUNT(*) FROM messages WHERE conversation_id = ?"_s, {conversationId},
                           [&](const QSqlQuery &q) { count = q.value(0).toInt(); });
    if (!ran)
        return fail(ran.error());
    return count;
}

Result<qint64> ConversationStore::totalMessages()
{
    qint64 count = 0;
    auto ran = m_db.select(u"SELECT COUNT(*) FROM messages"_s, {},
                           [&](const QSqlQuery &q) { count = q.value(0).toLongLong(); });
    if (!ran)
        return fail(ran.error());
    return count;
}

Result<qint64> ConversationStore::addModelCall(const ModelCallRow &call)
{
    return m_db.insert(
        u"INSERT INTO model_calls (conversation_id, message_id, purpose, model, digest, request, started_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
        {call.conversationId, nullableId(call.messageId), call.purpose, call.model, call.digest,
         QString::fromUtf8(call.request), call.startedMs});
}

Result<void> ConversationStore::finishModelCall(const ModelCallRow &call)
{
    return ignoreCount(m_db.change(
        u"UPDATE model_calls SET message_id = ?, digest = ?, first_token_ms = ?, duration_ms = ?, prompt_tokens = ?, "
        "completion_tokens = ?, done_reason = ?, error = ? WHERE id = ?"_s,
        {nullableId(call.messageId), call.digest, call.firstTokenMs, call.durationMs, call.promptTokens,
         call.completionTokens, call.doneReason, call.error, call.id}));
}

Result<QList<ModelCallRow>> ConversationStore::modelCalls(qint64 conversationId, int limit)
{
    auto rows = selectRows<ModelCallRow>(
        m_db,
        u"SELECT %1 FROM model_calls WHERE conversation_id = ? ORDER BY id DESC LIMIT ?"_s.arg(
            columns(kModelCallColumns)),
        {conversationId, limit}, modelCallFromQuery);
    if (rows)
        std::reverse(rows->begin(), rows->end());
    return rows;
}

} // namespace Studio::Store
