// SPDX-License-Identifier: MIT
#include "personastore.h"

#include "database.h"

using namespace Qt::StringLiterals;

namespace Studio::Store {

PersonaStore::PersonaStore(Database &database)
    : m_db(database)
{
}

Result<QList<PersonaRow>> PersonaStore::all()
{
    QList<PersonaRow> rows;
    auto ran = m_db.select(u"SELECT id, name, definition, created_ms, updated_ms FROM personas ORDER BY created_ms, id"_s,
                           {}, [&](const QSqlQuery &q) {
                               rows.append(PersonaRow{q.value(0).toString(), q.value(1).toString(),
                                                      q.value(2).toString().toUtf8(), q.value(3).toLongLong(),
                                                      q.value(4).toLongLong()});
                           });
    if (!ran)
        return fail(ran.error());
    return rows;
}

Result<void> PersonaStore::save(const PersonaRow &row)
{
    // Upsert keeps created_ms of an existing row. name_key is UNIQUE: the database is the
    // last guard against two personas with one case-insensitive name.
    auto done = m_db.change(
        u"INSERT INTO personas (id, name, name_key, definition, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, "
        "definition = excluded.definition, updated_ms = excluded.updated_ms"_s,
        {row.id, row.name, row.name.toCaseFolded(), QString::fromUtf8(row.definition), row.createdMs, row.updatedMs});
    if (!done)
        return fail(done.error());
    return {};
}

Result<bool> PersonaStore::remove(const QString &id)
{
    auto done = m_db.change(u"DELETE FROM personas WHERE id = ?"_s, {id});
    if (!done)
        return fail(done.error());
    return *done > 0;
}

} // namespace Studio::Store
