// SPDX-License-Identifier: MIT
#include "memoryindexes.h"

#include "memorylog.h"
#include "memorystore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

namespace {
// One page of a rebuild per event-loop pass: about 20 ms at 384-d, so a rebuild never holds
// the engine thread for long (requests, chat streams and other searches go on meanwhile).
constexpr int kRebuildPage = 256;
constexpr qsizetype kInitialCapacity = 256;
}

struct MemoryIndexes::Entry
{
    QString personaId;
    QString embedder;
    int dimension = 0;
    std::unique_ptr<VectorIndex> index;
    bool dirty = false;
    bool rebuilding = false;
    quint64 generation = 0; // a new rebuild abandons the pages of an older one
    qint64 cursor = 0;      // the rebuild has read every id up to here
    qint64 done = 0;
    qint64 total = 0;
    QList<std::function<void()>> waiters;
};

MemoryIndexes::MemoryIndexes(MemoryStore &store, QString folder, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_folder(std::move(folder))
{
}

MemoryIndexes::~MemoryIndexes()
{
    qDeleteAll(m_entries);
}

QString MemoryIndexes::keyOf(const QString &personaId, const QString &embedder)
{
    return personaId + u'\x1f' + embedder;
}

QString MemoryIndexes::fileName(const QString &personaId, const QString &embedder)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]"_s);
    QString persona = personaId;
    QString maker = embedder;
    return persona.replace(unsafe, u"_"_s) + u"--"_s + maker.replace(unsafe, u"_"_s) + u".hnsw"_s;
}

QString MemoryIndexes::filePath(const QString &personaId, const QString &embedder) const
{
    if (m_folder.isEmpty())
        return {};
    return QDir(m_folder).filePath(fileName(personaId, embedder));
}

MemoryIndexes::Entry *MemoryIndexes::entry(const QString &personaId, const QString &embedder) const
{
    return m_entries.value(keyOf(personaId, embedder));
}

Result<void> MemoryIndexes::open()
{
    auto groups = m_store.groups();
    if (!groups)
        return fail(groups.error());
    QSet<QString> expectedFiles;
    for (const MemoryGroup &group : std::as_const(*groups)) {
        const QString path = filePath(group.personaId, group.embedder);
        expectedFiles.insert(fileName(group.personaId, group.embedder));
        QString why;
        std::unique_ptr<VectorIndex> loaded;
        if (path.isEmpty()) {
            why = u"in-memory database"_s;
        } else if (!QFileInfo::exists(path)) {
            why = u"missing"_s;
        } else if (auto index = VectorIndex::load(path, group.dimension); !index) {
            why = u"unreadable (%1)"_s.arg(index.error().message);
        } else {
            auto ids = m_store.ids(group.personaId, group.embedder);
            if (!ids)
                return fail(ids.error());
            if ((*index)->labels() != *ids)
                why = u"stale (%1 vectors, %2 memories)"_s.arg((*index)->size()).arg(ids->size());
            else
                loaded = std::move(*index);
        }
        if (loaded) {
            auto *e = new Entry;
            e->personaId = group.personaId;
            e->embedder = group.embedder;
            e->dimension = group.dimension;
            e->index = std::move(loaded);
            m_entries.insert(keyOf(group.personaId, group.embedder), e);
            qCInfo(lcMemory).noquote() << "index" << fileName(group.personaId, group.embedder) << "loaded with"
                                       << group.count << "vectors";
            continue;
        }
        if (!path.isEmpty())
            qCWarning(lcMemory).noquote() << u"index %1 is %2; rebuilding it from the database"_s.arg(path, why);
        rebuild(group.personaId, group.embedder, group.dimension);
    }
    // Files of groups that no longer have memories, and temporary files of a save that a crash
    // interrupted, would otherwise sit there for ever.
    if (!m_folder.isEmpty()) {
        const QDir folder(m_folder);
        for (const QString &name : folder.entryList({u"*.hnsw"_s, u"*.hnsw.tmp"_s}, QDir::Files)) {
            if (!expectedFiles.contains(name))
                QFile::remove(folder.filePath(name));
        }
    }
    return {};
}

bool MemoryIndexes::isReady(const QString &personaId, const QString &embedder) const
{
    const Entry *e = entry(personaId, embedder);
    return !e || !e->rebuilding;
}

void MemoryIndexes::whenReady(const QString &personaId, const QString &embedder, std::function<void()> fn)
{
    Entry *e = entry(personaId, embedder);
    if (!e || !e->rebuilding)
        return fn();
    e->waiters.append(std::move(fn));
}

bool MemoryIndexes::isRebuilding() const
{
    for (const Entry *e : m_entries) {
        if (e->rebuilding)
            return true;
    }
    return false;
}

Result<void> MemoryIndexes::add(const QString &personaId, const QString &embedder, qint64 id, const Vector &vector)
{
    Entry *e = entry(personaId, embedder);
    if (!e) {
        auto created = VectorIndex::create(int(vector.size()), kInitialCapacity);
        if (!created)
            return fail(created.error());
        e = new Entry;
        e->personaId = personaId;
        e->embedder = embedder;
        e->dimension = int(vector.size());
        e->index = std::move(*created);
        m_entries.insert(keyOf(personaId, embedder), e);
    }
    if (auto added = e->index->add(id, vector); !added)
        return added;
    e->dirty = true;
    return {};
}

void MemoryIndexes::remove(const QString &personaId, const QString &embedder, qint64 id)
{
    Entry *e = entry(personaId, embedder);
    if (!e || !e->index->contains(id))
        return;
    if (e->index->remove(id))
        e->dirty = true;
}

void MemoryIndexes::dropPersona(const QString &personaId)
{
    QList<Entry *> dropped;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it.value()->personaId == personaId) {
            dropped.append(it.value());
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    for (Entry *e : std::as_const(dropped)) {
        if (const QString path = filePath(e->personaId, e->embedder); !path.isEmpty()) {
            QFile::remove(path);
            QFile::remove(path + u".tmp"_s);
        }
        qCInfo(lcMemory).noquote() << "index" << fileName(e->personaId, e->embedder) << "dropped with its persona";
        const auto waiters = std::exchange(e->waiters, {});
        delete e;
        for (const auto &waiter : waiters)
            waiter();
    }
}

Result<QList<IndexHit>> MemoryIndexes::search(const QString &personaId, const QString &embedder, const Vector &query,
                                              int k) const
{
    const Entry *e = entry(personaId, embedder);
    if (!e || e->index->size() == 0)
        return QList<IndexHit>();
    // ef at least 64 and at least k: recall@k stays near 1 at the sizes pruning allows.
    return e->index->search(query, k, std::max(64, k));
}

qint64 MemoryIndexes::size(const QString &personaId, const QString &embedder) const
{
    const Entry *e = entry(personaId, embedder);
    return e ? e->index->size() : 0;
}

void MemoryIndexes::rebuild(const QString &personaId, const QString &embedder, int dimension)
{
    const QString key = keyOf(personaId, embedder);
    Entry *e = m_entries.value(key);
    if (!e) {
        e = new Entry;
        e->personaId = personaId;
        e->embedder = embedder;
        m_entries.insert(key, e);
    }
    auto ids = m_store.ids(personaId, embedder); // the total for progress; inserts meanwhile raise it
    auto created = VectorIndex::create(dimension, kInitialCapacity);
    if (!created) {
        qCWarning(lcMemory).noquote() << "cannot create an index for" << key << ":" << created.error().message;
        return;
    }
    e->dimension = dimension;
    e->index = std::move(*created);
    e->rebuilding = true;
    e->dirty = true;
    e->cursor = 0;
    e->done = 0;
    e->total = ids ? ids->size() : 0;
    const quint64 generation = ++e->generation;
    Q_EMIT progress(personaId, embedder, 0, int(e->total));
    QTimer::singleShot(0, this, [this, key, generation] { rebuildStep(key, generation); });
}

void MemoryIndexes::rebuildStep(const QString &key, quint64 generation)
{
    Entry *e = m_entries.value(key);
    if (!e || e->generation != generation || !e->rebuilding)
        return;
    auto page = m_store.vectors(e->personaId, e->embedder, e->cursor, kRebuildPage);
    if (!page) {
        qCWarning(lcMemory).noquote() << "rebuilding" << key << "failed:" << page.error().message;
        return finishRebuild(e);
    }
    for (const auto &[id, vector] : std::as_const(*page)) {
        e->cursor = id;
        if (auto added = e->index->add(id, vector); !added)
            qCWarning(lcMemory) << "memory" << id << "left out of its index:" << added.error().message;
        ++e->done;
    }
    e->total = std::max(e->total, e->done);
    if (page->size() < kRebuildPage)
        return finishRebuild(e);
    Q_EMIT progress(e->personaId, e->embedder, int(e->done), int(e->total));
    QTimer::singleShot(0, this, [this, key, generation] { rebuildStep(key, generation); });
}

void MemoryIndexes::finishRebuild(Entry *e)
{
    e->rebuilding = false;
    e->total = e->done;
    // Saved at once, so the next start finds it in step instead of rebuilding again.
    if (!m_folder.isEmpty()) {
        QDir().mkpath(m_folder);
        if (auto saved = e->index->save(filePath(e->personaId, e->embedder)); saved)
            e->dirty = false;
    }
    qCInfo(lcMemory).noquote() << "index" << fileName(e->personaId, e->embedder) << "rebuilt with" << e->done
                               << "vectors";
    Q_EMIT progress(e->personaId, e->embedder, int(e->done), int(e->total));
    const auto waiters = std::exchange(e->waiters, {});
    for (const auto &waiter : waiters)
        waiter();
}

Result<void> MemoryIndexes::saveDirty()
{
    if (m_folder.isEmpty())
        return {};
    std::optional<Error> firstError;
    for (Entry *e : std::as_const(m_entries)) {
        if (!e->dirty || e->rebuilding)
            continue;
        if (!QDir().mkpath(m_folder)) {
            return fail(ErrorCode::Storage, u"Cannot create the folder %1 for the memory indexes."_s.arg(
                                                QDir::toNativeSeparators(m_folder)));
        }
        if (auto saved = e->index->save(filePath(e->personaId, e->embedder)); saved)
            e->dirty = false;
        else if (!firstError)
            firstError = saved.error();
    }
    if (firstError)
        return fail(*firstError);
    return {};
}

bool MemoryIndexes::hasUnsavedChanges() const
{
    if (m_folder.isEmpty())
        return false;
    for (const Entry *e : m_entries) {
        if (e->dirty)
            return true;
    }
    return false;
}

IndexHealth MemoryIndexes::health(const QString &personaId, const QString &embedder, int dimension, qint64 stored) const
{
    IndexHealth health;
    health.personaId = personaId;
    health.embedder = embedder;
    health.dimension = dimension;
    health.stored = stored;
    const QString path = filePath(personaId, embedder);
    const QFileInfo file(path);
    health.filePresent = !path.isEmpty() && file.isFile();
    health.fileBytes = health.filePresent ? file.size() : 0;
    const Entry *e = entry(personaId, embedder);
    if (!e)
        return health;
    health.indexed = e->index->size();
    health.dirty = e->dirty && !m_folder.isEmpty();
    health.rebuilding = e->rebuilding;
    if (!e->rebuilding) {
        auto ids = m_store.ids(personaId, embedder);
        health.inStep = ids && e->index->labels() == *ids;
    }
    return health;
}

} // namespace Studio::Memory
