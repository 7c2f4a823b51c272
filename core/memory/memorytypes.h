// SPDX-License-Identifier: MIT
#pragma once

#include "embedder.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Studio::Memory {

// Value types of long-term memory, as the service hands them to front doors (EngineClient,
// MCP, the inspector). Times are milliseconds since the epoch, UTC.

/** Kinds of memory; serialized in the memories table and on the wire, never rename. */
namespace Kind {
inline constexpr auto kFact = "fact";             // something true about the user or the world
inline constexpr auto kEvent = "event";           // something that happened or is planned, often dated
inline constexpr auto kPreference = "preference"; // likes, dislikes, favourites
inline constexpr auto kNote = "note";             // anything else (feelings, free-form notes)
} // namespace Kind

/** Every kind a memory may have, in the order front doors list them. */
QStringList memoryKinds();
bool isMemoryKind(const QString &kind);

/** Who may recall a memory; serialized as "private"/"shared", never rename. */
enum class Visibility {
    Private, // only the persona that owns it
    Shared,  // also other personas, in a cross-persona search
};

QString visibilityName(Visibility visibility);
std::optional<Visibility> visibilityFromName(const QString &name);

/** Importance bands of the statistics (and of the old dialect's importance_distribution). */
inline constexpr double kHighImportance = 0.7;   // >= : high
inline constexpr double kMediumImportance = 0.4; // >= : medium, below: low

/** One memory as the store keeps it (without its vector). */
struct MemoryRecord
{
    qint64 id = 0;
    QString personaId;
    QString content;
    QString kind = QString::fromLatin1(Kind::kNote);
    double importance = 0.5; // 0..1
    double valence = 0.0;    // -1 (painful) .. 1 (happy)
    Visibility visibility = Visibility::Private;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    qint64 lastAccessedMs = 0;
    int accessCount = 0;
    qint64 decayedMs = 0;    // decay has been applied up to this time (see memorypruning.h)
    QString embedder;        // Embedder::id() of the vector's maker
    int dimension = 0;
    QString sourceSessionId;             // formed in this session; empty when stored by a tool
    std::optional<qint64> sourceMessageId; // from this user message

    bool operator==(const MemoryRecord &) const = default;
};

/** A memory to store. persona: id or name. importance/valence left out: the heuristics of
 *  memoryformation.h decide. */
struct MemoryDraft
{
    QString persona;
    QString content;
    QString kind = QString::fromLatin1(Kind::kNote);
    std::optional<double> importance;
    std::optional<double> valence;
    Visibility visibility = Visibility::Private;
    QString sourceSessionId;
    std::optional<qint64> sourceMessageId;
};

/** Fields to change; a new content is embedded again. */
struct MemoryPatch
{
    std::optional<QString> content;
    std::optional<QString> kind;
    std::optional<double> importance;
    std::optional<double> valence;
    std::optional<Visibility> visibility;

    bool isEmpty() const { return !content && !kind && !importance && !valence && !visibility; }
};

/** What storing did: a new memory, or a near-duplicate merged into an existing one. */
struct StoredMemory
{
    MemoryRecord memory;
    bool merged = false;
    double duplicateSimilarity = 0.0; // when merged: the cosine with the memory it joined
};

/** A recall request. persona: id or name. Scope:
 *  - persona, crossPersona false: that persona's memories (private and shared);
 *  - persona, crossPersona true: those, plus the SHARED memories of every other persona;
 *  - no persona, crossPersona true: the shared memories of every persona;
 *  - no persona, crossPersona false: refused (InvalidArgument). */
struct MemoryQuery
{
    QString text;
    QString persona;
    bool crossPersona = false;
    int k = 0;                          // 0: the configured recall_k
    std::optional<double> minImportance; // unset: the configured min_importance
    /** A recall counts as an access (last access, count, so recency and pruning protection);
     *  the memory inspector's trial queries must not change what they look at. */
    bool touch = true;
};

/** Why a memory was recalled (Generative Agents scoring, recallscoring.h). */
struct ScoreBreakdown
{
    double relevanceRaw = 0.0; // cosine of query and memory, -1..1
    double relevance = 0.0;    // relevanceRaw min-max-normalised over the candidates, 0..1
    double recency = 0.0;      // 0.995^(hours since last access), 0..1
    double importance = 0.0;   // the memory's importance, 0..1
    double total = 0.0;        // weighted sum of relevance, recency and importance

    bool operator==(const ScoreBreakdown &) const = default;
};

struct MemoryHit
{
    MemoryRecord memory; // as it was before this recall touched it
    ScoreBreakdown score;
    int rank = 0;        // 1 = best
};

struct RecallResult
{
    QList<MemoryHit> hits;       // best first
    int candidates = 0;          // memories scored before the top k were kept
    QStringList embedders;       // embedders whose indexes were searched
    QStringList skipped;         // "embedder: why" for memories that could not be searched now
};

struct MemoryPage
{
    QList<MemoryRecord> memories; // newest first
    int offset = 0;
    int total = 0;
};

/** The state of one (persona, embedder) index. */
struct IndexHealth
{
    QString personaId;
    QString embedder;
    int dimension = 0;
    qint64 indexed = 0;    // live vectors in the index
    qint64 stored = 0;     // memories in SQLite
    bool filePresent = false;
    qint64 fileBytes = 0;
    bool inStep = false;   // the index holds exactly the stored memories
    bool dirty = false;    // changes not yet saved to the file
    bool rebuilding = false;
};

struct PersonaMemoryStats
{
    QString personaId;
    int count = 0;
    int high = 0;
    int medium = 0;
    int low = 0;
    double averageImportance = 0.0;
};

struct MemoryStats
{
    int total = 0;
    int high = 0;
    int medium = 0;
    int low = 0;
    double averageImportance = 0.0;
    qint64 storageBytes = 0;            // memories' rows (content + vector) and index files
    QList<PersonaMemoryStats> personas; // by persona id
    QList<IndexHealth> indexes;
    QString writeEmbedder;              // the embedder new memories get now
    bool ollamaAvailable = false;       // the Ollama embedder answered its last request
};

/** What pruning did, or would do, to one persona. */
struct PersonaPruneReport
{
    QString personaId;
    int before = 0;
    int pruned = 0; // removed, or (dry run) would be removed
    int after = 0;
    int protectedCount = 0;
    double averageImportancePruned = 0.0;
    bool needsPruning = false;
    QList<MemoryRecord> memories; // the pruned ones (or the ones a dry run would prune)
    QString reason;               // one sentence: why this much, or why nothing
};

struct PruneReport
{
    bool dryRun = false;
    int before = 0;
    int pruned = 0;
    int after = 0;
    double averageImportancePruned = 0.0;
    qint64 processingMs = 0;
    QList<PersonaPruneReport> personas;
};

/** One memory recalled for a model call, as recorded when the call was sent. */
struct RecallRecord
{
    qint64 modelCallId = 0;
    qint64 memoryId = 0;
    int rank = 0;
    ScoreBreakdown score;
    bool memoryExists = false; // false: deleted since
    QString personaId;
    QString content;
};

struct MapPoint
{
    qint64 memoryId = 0;
    QString personaId;
    double x = 0.0;
    double y = 0.0;
    double importance = 0.0;
    QString content;
};

/** A 2D map of the embedding space (PCA of the vectors of one embedder). */
struct MemoryMap
{
    QString embedder;       // the embedder whose vectors are projected
    QList<MapPoint> points;
    int leftOut = 0;        // memories of other embedders (not comparable with these)
    double explained = 0.0; // share of the variance the two axes show, 0..1
};

/** Vectors are stored as float32 little-endian blobs. */
QByteArray vectorToBlob(const Vector &vector);
/** Empty when the blob does not hold `dimension` floats. */
Vector vectorFromBlob(const QByteArray &blob, int dimension);

double dot(const Vector &a, const Vector &b);

} // namespace Studio::Memory

Q_DECLARE_METATYPE(Studio::Memory::MemoryRecord)
Q_DECLARE_METATYPE(Studio::Memory::MemoryHit)
