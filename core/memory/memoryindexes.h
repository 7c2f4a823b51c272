// SPDX-License-Identifier: MIT
#pragma once

#include "memorytypes.h"
#include "vectorindex.h"

#include <common/error.h>

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace Studio::Memory {

class MemoryStore;

/** @brief The hnswlib indexes, one per (persona, embedder), kept in step with SQLite.
 *
 *  Files live in one folder next to the database (`<db>.memory/<persona>--<embedder>.hnsw`,
 *  the embedder id made file-safe). open() loads each and compares it with SQLite (the set of
 *  ids, hence the count); a missing, unreadable or stale file is rebuilt from the stored
 *  vectors, a page at a time from the event loop, with progress(). A search waits (whenReady)
 *  until its index is rebuilt. Changes made during a rebuild go into the index being built,
 *  so nothing is lost. saveDirty() writes changed indexes atomically (VectorIndex::save);
 *  deleting a file loses nothing but the time to rebuild it.
 *  Thread: the engine's (VectorIndex is single-threaded). */
class MemoryIndexes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryIndexes)

public:
    /** folder empty: indexes live in memory only (an in-memory database). */
    MemoryIndexes(MemoryStore &store, QString folder, QObject *parent = nullptr);
    ~MemoryIndexes() override;

    /** Loads and checks every stored group's index; rebuilds start in the background. */
    Result<void> open();

    QString folder() const { return m_folder; }
    /** "<persona>--<embedder>.hnsw" with every character outside [A-Za-z0-9._-] as '_'. */
    static QString fileName(const QString &personaId, const QString &embedder);
    QString filePath(const QString &personaId, const QString &embedder) const;

    /** True unless the group's index is being rebuilt. */
    bool isReady(const QString &personaId, const QString &embedder) const;
    /** Runs fn now when ready, else once the rebuild has finished. */
    void whenReady(const QString &personaId, const QString &embedder, std::function<void()> fn);
    bool isRebuilding() const;

    /** Adds or replaces a vector, creating the group's index on first use. */
    Result<void> add(const QString &personaId, const QString &embedder, qint64 id, const Vector &vector);
    void remove(const QString &personaId, const QString &embedder, qint64 id);
    /** Forgets every index of the persona and deletes their files (the persona is gone).
     *  A rebuild in progress stops; searches waiting for it run and find nothing. */
    void dropPersona(const QString &personaId);
    /** The k nearest of the group, best first; empty when the group has no index. */
    Result<QList<IndexHit>> search(const QString &personaId, const QString &embedder, const Vector &query, int k) const;
    qint64 size(const QString &personaId, const QString &embedder) const;

    /** Rebuilds one group from SQLite (in the background), e.g. after its file went bad. */
    void rebuild(const QString &personaId, const QString &embedder, int dimension);

    /** Saves every index with unsaved changes (atomically); the first failure is returned,
     *  the other indexes are still tried. */
    Result<void> saveDirty();
    bool hasUnsavedChanges() const;

    /** The state of one group; stored = its count in SQLite. */
    IndexHealth health(const QString &personaId, const QString &embedder, int dimension, qint64 stored) const;

Q_SIGNALS:
    /** A rebuild's progress: done of total vectors; done == total when it is finished. */
    void progress(const QString &personaId, const QString &embedder, int done, int total);

private:
    struct Entry;
    static QString keyOf(const QString &personaId, const QString &embedder);
    Entry *entry(const QString &personaId, const QString &embedder) const;
    void rebuildStep(const QString &key, quint64 generation);
    void finishRebuild(Entry *entry);

    MemoryStore &m_store;
    QString m_folder;
    QHash<QString, Entry *> m_entries;
};

} // namespace Studio::Memory
