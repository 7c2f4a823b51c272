// SPDX-License-Identifier: MIT
#pragma once

#include "records.h"

#include <common/error.h>

#include <QList>

#include <optional>

namespace Studio::Store {

class Database;

/** @brief Rows of sessions: one per desktop, command line or MCP client. Thread: the database's. */
class SessionStore final
{
public:
    explicit SessionStore(Database &database);

    Result<void> insert(const SessionRow &row);
    Result<std::optional<SessionRow>> find(const QString &id);
    /** Newest first; openOnly skips closed sessions; kind filters when not empty. */
    Result<QList<SessionRow>> list(bool openOnly, const QString &kind = {}, int limit = 1000);

    Result<void> touch(const QString &id, qint64 nowMs);
    Result<void> setActivePersona(const QString &id, const QString &personaId, qint64 nowMs);
    Result<void> setClient(const QString &id, const QString &name, const QString &version, const QString &transport);
    Result<bool> close(const QString &id, qint64 nowMs);
    Result<void> reopen(const QString &id, qint64 nowMs);
    /** Closes every open session last active before cutoffMs; returns their ids. */
    Result<QList<QString>> closeIdleBefore(qint64 cutoffMs, qint64 nowMs);

private:
    Database &m_db;
};

} // namespace Studio::Store
