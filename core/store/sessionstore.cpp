// SPDX-License-Identifier: MIT
#include "sessionstore.h"

#include "database.h"

using namespace Qt::StringLiterals;

namespace Studio::Store {

namespace {

constexpr auto kSessionColumns =
    "id, kind, transport, client_name, client_version, created_ms, last_active_ms, active_persona_id, closed_ms";

SessionRow sessionFromQuery(const QSqlQuery &q)
{
    SessionRow row;
    row.id = q.value(0).toString();
    row.kind = q.value(1).toString();
    row.transport = q.value(2).toString();
    row.clientName = q.value(3).toString();
    row.clientVersion = q.value(4).toString();
    row.createdMs = q.value(5).toLongLong();
    row.lastActiveMs = q.value(6).toLongLong();
    row.activePersonaId = q.value(7).toString();
    if (!q.value(8).isNull())
        row.closedMs = q.value(8).toLongLong();
    return row;
}

Result<void> ignoreCount(const Result<int> &changed)
{
    if (!changed)
        return fail(changed.error());
    return {};
}

} // namespace

SessionStore::SessionStore(Database &database)
    : m_db(database)
{
}

Result<void> SessionStore::insert(const SessionRow &row)
{
    return ignoreCount(m_db.change(
        u"INSERT INTO sessions (id, kind, transport, client_name, client_version, created_ms, last_active_ms, "
        "active_persona_id, closed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {row.id, row.kind, row.transport, row.clientName, row.clientVersion, row.createdMs, row.lastActiveMs,
         row.activePersonaId, row.closedMs ? QVariant(*row.closedMs) : QVariant(QMetaType::fromType<qint64>())}));
}

Result<std::optional<SessionRow>> SessionStore::find(const QString &id)
{
    std::optional<SessionRow> found;
    auto ran = m_db.select(u"SELECT %1 FROM sessions WHERE id = ?"_s.arg(QLatin1StringView(kSessionColumns)), {id},
                           [&](const QSqlQuery &q) { found = sessionFromQuery(q); });
    if (!ran)
        return fail(ran.error());
    return found;
}

Result<QList<SessionRow>> SessionStore::list(bool openOnly, const QString &kind, int limit)
{
    QList<SessionRow> rows;
    const QString sql = u"SELECT %1 FROM sessions WHERE (? = 0 OR closed_ms IS NULL) AND (? = '' OR kind = ?) "
                        "ORDER BY last_active_ms DESC, id LIMIT ?"_s.arg(QLatin1StringView(kSessionColumns));
    auto ran = m_db.select(sql, {openOnly ? 1 : 0, kind, kind, limit},
                           [&](const QSqlQuery &q) { rows.append(sessionFromQuery(q)); });
    if (!ran)
        return fail(ran.error());
    return rows;
}

Result<void> SessionStore::touch(const QString &id, qint64 nowMs)
{
    return ignoreCount(m_db.change(u"UPDATE sessions SET last_active_ms = ? WHERE id = ?"_s, {nowMs, id}));
}

Result<void> SessionStore::setActivePersona(const QString &id, const QString &personaId, qint64 nowMs)
{
    return ignoreCount(m_db.change(u"UPDATE sessions SET active_persona_id = ?, last_active_ms = ? WHERE id = ?"_s,
                                   {personaId, nowMs, id}));
}

Result<void> SessionStore::setClient(const QString &id, const QString &name, const QString &version,
                                     const QString &transport)
{
    return ignoreCount(m_db.change(
        u"UPDATE sessions SET client_name = ?, client_version = ?, transport = ? WHERE id = ?"_s,
        {name, version, transport, id}));
}

Result<bool> SessionStore::close(const QString &id, qint64 nowMs)
{
    auto changed = m_db.change(u"UPDATE sessions SET closed_ms = ? WHERE id = ? AND closed_ms IS NULL"_s, {nowMs, id});
    if (!changed)
        return fail(changed.error());
    return *changed > 0;
}

Result<void> SessionStore::reopen(const QString &id, qint64 nowMs)
{
    return ignoreCount(
        m_db.change(u"UPDATE sessions SET closed_ms = NULL, last_active_ms = ? WHERE id = ?"_s, {nowMs, id}));
}

Result<QList<QString>> SessionStore::closeIdleBefore(qint64 cutoffMs, qint64 nowMs)
{
    QList<QString> ids;
    auto done = m_db.transaction([&]() -> Result<void> {
        auto ran = m_db.select(u"SELECT id FROM sessions WHERE closed_ms IS NULL AND last_active_ms < ?"_s, {cutoffMs},
                               [&](const QSqlQuery &q) { ids.append(q.value(0).toString()); });
        if (!ran)
            return ran;
        return ignoreCount(m_db.change(
            u"UPDATE sessions SET closed_ms = ? WHERE closed_ms IS NULL AND last_active_ms < ?"_s, {nowMs, cutoffMs}));
    });
    if (!done)
        return fail(done.error());
    return ids;
}

} // namespace Studio::Store
