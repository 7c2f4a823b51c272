// SPDX-License-Identifier: MIT
#pragma once

#include "memoryformation.h"
#include "memorypruning.h"
#include "memorystore.h"
#include "memorytypes.h"
#include "recallscoring.h"

#include <common/clock.h>
#include <common/error.h>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace Studio::Store {
class Database;
}
namespace Studio::Personas {
class PersonaRegistry;
}
namespace Studio::Llm {
class OllamaClient;
}

namespace Studio::Memory {

class HashingEmbedder;
class MemoryIndexes;
class OllamaEmbedder;

/** Settings of long-term memory; the engine fills them from the memory/ settings. */
struct MemoryConfig
{
    QString embedder = QStringLiteral("ollama"); // "ollama" (falls back to the built-in) or "builtin"
    QString embedModel = QStringLiteral("nomic-embed-text");
    int recallK = 5;                 // memories that enter a chat turn
    RecallWeights weights;
    double minImportance = 0.0;      // memories below this are not recalled
    DecayPolicy decay;
    PrunePolicy prune;
    int maintenanceMinutes = 60;     // decay and pruning run this often
    int saveMinutes = 5;             // changed indexes are saved this often
    int ollamaRetryMs = 60000;       // after a failure the Ollama embedder is tried again this late
    double duplicateSimilarity = 0.95; // a new memory this close to an existing one is merged into it
    bool importanceByModel = false;  // formed memories get the chat model's own 1-10 rating
    QString ratingModel = QStringLiteral("llama3.1:8b"); // when the persona names no model of its own
    int ratingNumCtx = 8192;         // the chat's num_ctx: another one would make Ollama reload the model
};

/** Memory content is at most this long (characters). */
inline constexpr int kMaxMemoryChars = 4000;

/** @brief Long-term memory (DESIGN.md "Memory"): stores, recalls, forms, decays and prunes the
 *  memories of personas, with SQLite as the source of truth and one hnswlib index per
 *  (persona, embedder) beside it.
 *
 *  Embedders: the configured Ollama model, checked once at start; while it fails (Ollama down,
 *  model not pulled) new memories get the built-in hashing embedder, and Ollama is tried again a
 *  minute (ollamaRetryMs) after the failure. A search embeds the query with every embedder that
 *  made memories in its scope; memories of an embedder that cannot run now are left out and
 *  named in RecallResult::skipped.
 *
 *  Asynchronous calls (they embed) answer through done on this thread, unless context was
 *  destroyed first; the others answer at once. Thread: the engine's. */
class MemoryService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryService)

public:
    MemoryService(Store::Database &database, Personas::PersonaRegistry &personas, Llm::OllamaClient &llm, Clock clock,
                  MemoryConfig config, QObject *parent = nullptr);
    ~MemoryService() override;

    /** Opens the indexes (rebuilding what is missing or stale in the background), checks the
     *  Ollama embedder and starts the maintenance and save timers. */
    Result<void> start();
    /** Stops the timers and saves every changed index. */
    void shutdown();

    void setConfig(const MemoryConfig &config);
    const MemoryConfig &config() const { return m_config; }

    // --- asynchronous --------------------------------------------------------------------------
    /** Stores a memory, or merges it into a near-duplicate of the same persona and embedder
     *  (cosine >= duplicateSimilarity): content and kind become the new ones, importance the
     *  higher, shared wins over private, and the access counts. */
    void store(const MemoryDraft &draft, QObject *context, std::function<void(Result<StoredMemory>)> done);
    /** Changes a memory; a new content is embedded again (with today's embedder). */
    void update(qint64 id, const MemoryPatch &patch, QObject *context, std::function<void(Result<MemoryRecord>)> done);
    /** Recalls memories (recallscoring.h); every hit is touched (last access, count) in one
     *  transaction, and reported as it was before. */
    void search(const MemoryQuery &query, QObject *context, std::function<void(Result<RecallResult>)> done);
    /** A 2D map of the memories of one embedder (the one with the most memories in scope),
     *  computed off the engine thread. persona empty: every persona. */
    void map(const QString &persona, QObject *context, std::function<void(Result<MemoryMap>)> done);
    /** Forms memories from what the user said in a finished turn (memoryformation.h); with
     *  importanceByModel the chat model rates each one first (a failed rating keeps the
     *  heuristic's importance). */
    void formFromExchange(const QString &personaId, const QString &sessionId, qint64 userMessageId,
                          const QString &userMessage);

    // --- immediate -----------------------------------------------------------------------------
    Result<MemoryRecord> get(qint64 id);
    Result<MemoryRecord> remove(qint64 id);
    /** Deletes every memory of a persona that is being deleted, and its index files; how many. */
    Result<int> forgetPersona(const QString &personaId);
    /** Newest first; persona empty: every persona. */
    Result<MemoryPage> list(const QString &persona, int offset, int limit);
    /** persona empty: every persona. */
    Result<MemoryStats> stats(const QString &persona);
    /** Pruning now (memorypruning.h); dryRun says what it would do. persona empty: all. */
    Result<PruneReport> prune(const QString &persona, bool dryRun, bool force = false);
    /** Decays the importance of every memory up to now; returns how many changed. */
    Result<int> decay();
    /** Decay, then pruning, then saving the indexes: what the background timer runs. */
    Result<PruneReport> runMaintenance();
    Result<void> recordRecalls(qint64 modelCallId, const QList<MemoryHit> &hits);
    Result<QList<RecallRecord>> recalls(qint64 modelCallId);
    /** Whether the persona has any memory (a chat turn skips recall otherwise). */
    bool hasMemories(const QString &personaId);

    /** The embedder new memories get now. */
    QString writeEmbedderId() const;
    bool ollamaAvailable() const;
    /** Embedding, storing or searching still under way (the CLI waits for it before exiting). */
    int pendingWork() const { return m_pending; }
    MemoryIndexes &indexes() { return *m_indexes; }

Q_SIGNALS:
    /** Memories of the persona were stored, changed, touched or removed. */
    void memoriesChanged(const QString &personaId);
    /** An index rebuild's progress; done == total when it is finished. */
    void indexProgress(const QString &personaId, int done, int total);
    /** pendingWork() went down to 0. */
    void idle();

private:
    struct Embedded
    {
        QString embedder;
        QList<Vector> vectors;
    };
    struct SearchState;
    class WorkToken;
    friend class WorkToken;

    std::shared_ptr<WorkToken> beginWork();
    Result<QString> resolvePersona(const QString &ref);
    /** The store's groups, cached until a write adds, moves or removes a memory. */
    Result<QList<MemoryGroup>> cachedGroups();
    bool shouldTryOllama() const;
    void markOllama(bool available, const QString &why = {});
    void probeOllama();
    void embedForWrite(const QStringList &texts, std::function<void(Result<Embedded>)> done);
    void embedWith(const QString &embedderId, const QStringList &texts, std::function<void(Result<QList<Vector>>)> done);
    Result<StoredMemory> storeEmbedded(const QString &personaId, const MemoryDraft &draft, const QString &embedder,
                                       const Vector &vector);
    void rateImportance(const QString &personaId, QList<FormedMemory> formed,
                        std::function<void(QList<FormedMemory>)> done);
    void storeFormed(const QString &personaId, const QString &sessionId, qint64 userMessageId,
                     const QList<FormedMemory> &formed, const std::shared_ptr<WorkToken> &work);
    void continueSearch(const std::shared_ptr<SearchState> &state);
    Result<RecallResult> finishSearch(const std::shared_ptr<SearchState> &state);
    Result<void> checkDraft(const MemoryDraft &draft) const;

    Store::Database &m_db;
    Personas::PersonaRegistry &m_personas;
    QPointer<Llm::OllamaClient> m_llm;
    Clock m_clock;
    MemoryConfig m_config;
    std::unique_ptr<MemoryStore> m_store;
    std::optional<QList<MemoryGroup>> m_groups;
    std::unique_ptr<MemoryIndexes> m_indexes;
    std::unique_ptr<HashingEmbedder> m_builtin;
    std::unique_ptr<OllamaEmbedder> m_ollama;
    enum class OllamaState {
        Unknown,
        Available,
        Unavailable,
    };
    OllamaState m_ollamaState = OllamaState::Unknown;
    qint64 m_ollamaFailedMs = 0;
    QTimer m_maintenanceTimer;
    QTimer m_saveTimer;
    int m_pending = 0;
    bool m_started = false;
};

} // namespace Studio::Memory
