// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Studio::Store {

/** One forward step of the schema: after it runs, PRAGMA user_version is `version`. */
struct Migration
{
    int version;
    QList<QString> statements;
};

/** Every migration in order; the last one's version is the current schema version. */
const QList<Migration> &migrations();
int latestSchemaVersion();

} // namespace Studio::Store
