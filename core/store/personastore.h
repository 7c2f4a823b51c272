// SPDX-License-Identifier: MIT
#pragma once

#include "records.h"

#include <common/error.h>

#include <QList>

namespace Studio::Store {

class Database;

/** @brief Rows of user personas and user copies of built-ins. Thread: the database's. */
class PersonaStore final
{
public:
    explicit PersonaStore(Database &database);

    Result<QList<PersonaRow>> all();
    /** Inserts or replaces the row with this id (a user copy of a built-in shares its id). */
    Result<void> save(const PersonaRow &row);
    Result<bool> remove(const QString &id);

private:
    Database &m_db;
};

} // namespace Studio::Store
