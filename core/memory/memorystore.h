// SPDX-License-Identifier: MIT
#pragma once

#include "memorypruning.h"
#include "memorytypes.h"

#include <common/error.h>

#include <QHash>
#include <QList>
#include <QString>

namespace Studio::Store {
class Database;
}

namespace Studio::Memory {

/** A memory with its vector, as the index and the scorer need it. */
struct MemoryRow
{
    MemoryRecord record;
    Vector vector;
};

/** One (persona, embedder) group of stored memories: what an index file holds. */
struct MemoryGroup
{
    QString personaId;
    QString embedder;
    int dimension = 0;
    qint64 count = 0;
};

/** A scored hit as the memory_recalls table keeps it. */
struct RecallRow
{
    qint64 memoryId = 0;
    int rank = 0;
    ScoreBreakdown score;
};

/** @brief The memories and memory_recalls tables (schema step 3): the source of truth of
 *  long-term memory. SQL lives here and nowhere else. Thread: the database's (the engine's). */
class MemoryStore final
{
public:
    explicit MemoryStore(Store::Database &database);

    /** Inserts record (its id is ignored) and returns the new id. */
    Result<qint64> insert(const MemoryRecord &record, const Vector &vector);
    /** Writes every field of record (and the vector, when not empty) over the row. */
    Result<void> update(const MemoryRecord &record, const Vector &vector = {});
    Result<void> remove(const QList<qint64> &ids);
    /** Every memory of the persona, private and shared; how many there were. */
    Result<int> removePersona(const QString &personaId);

    Result<MemoryRecord> get(qint64 id);
    /** Rows with vectors, in no particular order; ids not found are left out. */
    Result<QList<MemoryRow>> rows(const QList<qint64> &ids);

    /** Newest first; personaId empty: every persona. */
    Result<MemoryPage> page(const QString &personaId, int offset, int limit);
    Result<qint64> count(const QString &personaId);
    Result<QList<MemoryGroup>> groups();
    Result<QList<qint64>> ids(const QString &personaId, const QString &embedder);
    /** Up to limit (id, vector) of one group with id > afterId, ascending: an index rebuild's page. */
    Result<QList<std::pair<qint64, Vector>>> vectors(const QString &personaId, const QString &embedder, qint64 afterId,
                                                     int limit);
    /** Every memory (with vector) of one embedder for the given personas (empty: all). */
    Result<QList<MemoryRow>> rowsOfEmbedder(const QString &embedder, const QStringList &personaIds);
    Result<QStringList> personaIds();

    /** Sets last access to nowMs and counts one more access, for every id, in one transaction. */
    Result<void> touch(const QList<qint64> &ids, qint64 nowMs);

    /** What decay and pruning read of one persona. */
    Result<QList<MemoryRecord>> records(const QString &personaId);
    /** New importances (id -> importance), decayedMs set to nowMs, in one transaction. */
    Result<void> applyDecay(const QHash<qint64, double> &importances, qint64 nowMs);

    /** Count, importance bands (memorytypes.h) and average importance per persona, by id. */
    Result<QList<PersonaMemoryStats>> personaStats();

    /** Bytes of content and vectors of the stored memories. */
    Result<qint64> storageBytes();

    Result<void> addRecalls(qint64 modelCallId, const QList<RecallRow> &recalls);
    Result<QList<RecallRecord>> recalls(qint64 modelCallId);

private:
    Store::Database &m_db;
};

} // namespace Studio::Memory
