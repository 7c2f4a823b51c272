// SPDX-License-Identifier: MIT
#include "memoryservice.h"

#include "hashingembedder.h"
#include "memoryformation.h"
#include "memoryindexes.h"
#include "memorylog.h"
#include "memoryprojection.h"
#include "memorystore.h"
#include "ollamaembedder.h"

#include <llm/ollamaclient.h>
#include <persona/personaregistry.h>
#include <store/database.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFuture>
#include <QSet>
#include <QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

namespace {

constexpr int kMaxRecallK = 200;
constexpr int kMinCandidates = 20;   // the index gives at least this many candidates to re-rank
constexpr int kCandidateFactor = 4;  // ... or k times this
constexpr int kDuplicateProbe = 5;   // neighbours checked for a near-duplicate
constexpr int kMsPerMinute = 60 * 1000;

QString builtinName()
{
    return u"builtin"_s;
}

/** Calls done unless its context was destroyed (a context given as null never expires). */
template<typename T>
std::function<void(T)> guarded(QObject *context, std::function<void(T)> done)
{
    if (!context)
        return done;
    QPointer<QObject> guard(context);
    return [guard, done = std::move(done)](T value) {
        if (guard)
            done(std::move(value));
    };
}

bool isZero(const Vector &vector)
{
    return std::all_of(vector.begin(), vector.end(), [](float x) { return x == 0.0f; });
}

} // namespace

/** Keeps pendingWork() up while an asynchronous operation (and every callback holding it) lives. */
class MemoryService::WorkToken
{
public:
    explicit WorkToken(MemoryService *service)
        : m_service(service)
    {
        ++service->m_pending;
    }
    ~WorkToken()
    {
        if (!m_service || --m_service->m_pending > 0)
            return;
        // Queued: whoever waits for idle hears it after the result was delivered.
        QMetaObject::invokeMethod(
            m_service.data(),
            [service = m_service] {
                if (service && service->m_pending == 0)
                    Q_EMIT service->idle();
            },
            Qt::QueuedConnection);
    }
    Q_DISABLE_COPY_MOVE(WorkToken)

private:
    QPointer<MemoryService> m_service;
};

struct MemoryService::SearchState
{
    QString text;
    QString ownId;       // empty: no own persona (shared memories of everyone)
    bool crossPersona = false;
    int k = 5;
    double minImportance = 0.0;
    bool touch = true;
    QList<MemoryGroup> groups;
    QHash<QString, Vector> queryVectors; // per embedder
    QStringList skipped;
    int remaining = 0;
    std::function<void(Result<RecallResult>)> done;
    std::shared_ptr<WorkToken> work;

    void finish(Result<RecallResult> result)
    {
        if (done)
            std::exchange(done, nullptr)(std::move(result));
        work.reset();
    }
};

MemoryService::MemoryService(Store::Database &database, Personas::PersonaRegistry &personas, Llm::OllamaClient &llm,
                             Clock clock, MemoryConfig config, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_personas(personas)
    , m_llm(&llm)
    , m_clock(std::move(clock))
    , m_store(std::make_unique<MemoryStore>(database))
    , m_builtin(std::make_unique<HashingEmbedder>())
{
    const QString dbPath = database.path();
    const QString folder = dbPath.isEmpty() || dbPath == u":memory:"_s ? QString() : dbPath + u".memory"_s;
    m_indexes = std::make_unique<MemoryIndexes>(*m_store, folder);
    connect(m_indexes.get(), &MemoryIndexes::progress, this,
            [this](const QString &personaId, const QString &, int done, int total) {
                Q_EMIT indexProgress(personaId, done, total);
            });
    m_maintenanceTimer.setTimerType(Qt::VeryCoarseTimer);
    m_saveTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_maintenanceTimer, &QTimer::timeout, this, [this] {
        if (auto ran = runMaintenance(); !ran)
            qCWarning(lcMemory) << "memory maintenance failed:" << ran.error().message;
    });
    connect(&m_saveTimer, &QTimer::timeout, this, [this] {
        if (!m_indexes->hasUnsavedChanges())
            return;
        if (auto saved = m_indexes->saveDirty(); !saved)
            qCWarning(lcMemory) << "saving the memory indexes failed:" << saved.error().message;
    });
    setConfig(config);
}

MemoryService::~MemoryService()
{
    if (m_started)
        shutdown();
}

Result<void> MemoryService::start()
{
    if (m_started)
        return {};
    if (auto opened = m_indexes->open(); !opened)
        return opened;
    m_started = true;
    probeOllama();
    m_maintenanceTimer.start();
    m_saveTimer.start();
    qCInfo(lcMemory).noquote() << "memory started; new memories use" << writeEmbedderId() << "; index folder"
                               << (m_indexes->folder().isEmpty() ? u"(none: in-memory database)"_s : m_indexes->folder());
    return {};
}

void MemoryService::shutdown()
{
    m_maintenanceTimer.stop();
    m_saveTimer.stop();
    if (auto saved = m_indexes->saveDirty(); !saved)
        qCWarning(lcMemory) << "saving the memory indexes at shutdown failed:" << saved.error().message;
    m_started = false;
}

void MemoryService::setConfig(const MemoryConfig &config)
{
    const bool embedderChanged = !m_ollama || config.embedder != m_config.embedder
                                 || config.embedModel != m_config.embedModel;
    m_config = config;
    m_maintenanceTimer.setInterval(std::max(1, m_config.maintenanceMinutes) * kMsPerMinute);
    m_saveTimer.setInterval(std::max(1, m_config.saveMinutes) * kMsPerMinute);
    if (!embedderChanged)
        return;
    m_ollama.reset();
    m_ollamaState = OllamaState::Unknown;
    if (m_config.embedder != builtinName() && m_llm && !m_config.embedModel.trimmed().isEmpty())
        m_ollama = std::make_unique<OllamaEmbedder>(*m_llm, m_config.embedModel);
    if (m_started)
        probeOllama();
}

std::shared_ptr<MemoryService::WorkToken> MemoryService::beginWork()
{
    return std::make_shared<WorkToken>(this);
}

// --- embedders ---------------------------------------------------------------------------------

QString MemoryService::writeEmbedderId() const
{
    if (m_ollama && shouldTryOllama())
        return m_ollama->id();
    return m_builtin->id();
}

bool MemoryService::ollamaAvailable() const
{
    return m_ollama && m_ollamaState == OllamaState::Available;
}

bool MemoryService::shouldTryOllama() const
{
    if (!m_ollama || !m_llm)
        return false;
    if (m_ollamaState != OllamaState::Unavailable)
        return true;
    return m_clock.nowMs() - m_ollamaFailedMs >= m_config.ollamaRetryMs;
}

void MemoryService::markOllama(bool available, const QString &why)
{
    if (available) {
        if (m_ollamaState != OllamaState::Available && m_ollama)
            qCInfo(lcMemory).noquote() << "memory embeds with" << m_ollama->id();
        m_ollamaState = OllamaState::Available;
        return;
    }
    if (m_ollamaState != OllamaState::Unavailable && m_ollama)
        qCWarning(lcMemory).noquote() << u"the embedding model %1 is unavailable (%2); new memories use the built-in "
                                         "embedder %3, and Ollama is tried again in a minute"_s.arg(
                                             m_ollama->model(), why, m_builtin->id());
    m_ollamaState = OllamaState::Unavailable;
    m_ollamaFailedMs = m_clock.nowMs();
}

void MemoryService::probeOllama()
{
    if (!m_ollama)
        return;
    const QString id = m_ollama->id();
    m_ollama->embed({u"Persona Studio checks its embedding model."_s}, this,
                    [this, id](Result<QList<Vector>> vectors) {
                        if (!m_ollama || m_ollama->id() != id)
                            return; // the settings changed meanwhile
                        markOllama(vectors.has_value(), vectors ? QString() : vectors.error().message);
                    });
}

void MemoryService::embedForWrite(const QStringList &texts, std::function<void(Result<Embedded>)> done)
{
    auto builtin = [this, texts, done] {
        Embedded embedded{m_builtin->id(), {}};
        for (const QString &text : texts)
            embedded.vectors.append(m_builtin->embedNow(text));
        done(embedded);
    };
    if (!shouldTryOllama())
        return builtin();
    const QString id = m_ollama->id();
    m_ollama->embed(texts, this, [this, id, done, builtin](Result<QList<Vector>> vectors) {
        if (vectors) {
            markOllama(true);
            return done(Embedded{id, *vectors});
        }
        // The memory is kept all the same, with the vector the built-in embedder gives it.
        markOllama(false, vectors.error().message);
        builtin();
    });
}

void MemoryService::embedWith(const QString &embedderId, const QStringList &texts,
                              std::function<void(Result<QList<Vector>>)> done)
{
    if (embedderId == m_builtin->id()) {
        QList<Vector> vectors;
        for (const QString &text : texts)
            vectors.append(m_builtin->embedNow(text));
        return done(vectors);
    }
    if (!m_ollama || m_ollama->id() != embedderId)
        return done(fail(ErrorCode::NotFound,
                         u"the embedder %1 is not configured (memory/embed_model names %2)"_s.arg(
                             embedderId, m_ollama ? m_ollama->model() : builtinName())));
    if (!shouldTryOllama())
        return done(fail(ErrorCode::LlmUnreachable, u"the embedding model %1 is unavailable; it is tried again a "
                                                    "minute after it failed"_s.arg(m_ollama->model())));
    m_ollama->embed(texts, this, [this, done](Result<QList<Vector>> vectors) {
        markOllama(vectors.has_value(), vectors ? QString() : vectors.error().message);
        done(std::move(vectors));
    });
}

// --- storing -----------------------------------------------------------------------------------

Result<QString> MemoryService::resolvePersona(const QString &ref)
{
    auto persona = m_personas.find(ref);
    if (persona)
        return persona->id;
    // Memories of a persona that was deleted can still be listed, searched and pruned by id.
    auto count = m_store->count(ref.trimmed());
    if (count && *count > 0)
        return ref.trimmed();
    return fail(persona.error());
}

Result<void> MemoryService::checkDraft(const MemoryDraft &draft) const
{
    const QString content = draft.content.trimmed();
    if (content.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"the memory is empty; give its content"_s);
    if (content.size() > kMaxMemoryChars)
        return fail(ErrorCode::InvalidArgument,
                    u"the memory has %1 characters; at most %2 are kept"_s.arg(content.size()).arg(kMaxMemoryChars));
    if (!isMemoryKind(draft.kind))
        return fail(ErrorCode::InvalidArgument,
                    u"the kind '%1' is unknown; use one of %2"_s.arg(draft.kind, memoryKinds().join(u", "_s)));
    if (draft.importance && !(*draft.importance >= 0.0 && *draft.importance <= 1.0))
        return fail(ErrorCode::InvalidArgument, u"importance must be between 0 and 1"_s);
    if (draft.valence && !(*draft.valence >= -1.0 && *draft.valence <= 1.0))
        return fail(ErrorCode::InvalidArgument, u"valence must be between -1 and 1"_s);
    return {};
}

void MemoryService::store(const MemoryDraft &draft, QObject *context, std::function<void(Result<StoredMemory>)> done)
{
    auto answer = guarded<Result<StoredMemory>>(context, std::move(done));
    if (auto checked = checkDraft(draft); !checked)
        return answer(fail(checked.error()));
    auto persona = m_personas.find(draft.persona);
    if (!persona)
        return answer(fail(persona.error()));
    const QString personaId = persona->id;
    auto work = beginWork();
    embedForWrite({draft.content.trimmed()}, [this, work, draft, personaId, answer](Result<Embedded> embedded) {
        if (!embedded)
            return answer(fail(embedded.error()));
        const Embedded result = *embedded;
        m_indexes->whenReady(personaId, result.embedder, [this, work, draft, personaId, answer, result] {
            auto stored = storeEmbedded(personaId, draft, result.embedder, result.vectors.value(0));
            if (stored)
                Q_EMIT memoriesChanged(personaId);
            answer(stored);
        });
    });
}

Result<StoredMemory> MemoryService::storeEmbedded(const QString &personaId, const MemoryDraft &draft,
                                                  const QString &embedder, const Vector &vector)
{
    if (vector.isEmpty() || isZero(vector))
        return fail(ErrorCode::InvalidArgument, u"the memory has no words to remember"_s);
    const QString content = draft.content.trimmed();
    const double importance = draft.importance.value_or(scoreImportance(content, draft.kind));
    const double valence = draft.valence.value_or(estimateValence(content));
    const qint64 now = m_clock.nowMs();

    // A near-duplicate of the same persona and embedder is merged into, not stored twice.
    auto neighbours = m_indexes->search(personaId, embedder, vector, kDuplicateProbe);
    if (!neighbours)
        return fail(neighbours.error());
    QList<qint64> ids;
    for (const IndexHit &hit : std::as_const(*neighbours))
        ids.append(hit.label);
    auto rows = m_store->rows(ids);
    if (!rows)
        return fail(rows.error());
    const MemoryRow *duplicate = nullptr;
    double best = -2.0;
    for (const MemoryRow &row : std::as_const(*rows)) {
        if (row.record.personaId != personaId || row.record.embedder != embedder || row.vector.isEmpty())
            continue;
        const double similarity = dot(row.vector, vector);
        if (similarity > best) {
            best = similarity;
            duplicate = &row;
        }
    }
    if (duplicate && best >= m_config.duplicateSimilarity) {
        MemoryRecord merged = duplicate->record;
        merged.content = content;
        merged.kind = draft.kind;
        merged.importance = std::max(merged.importance, importance);
        merged.valence = valence;
        if (draft.visibility == Visibility::Shared)
            merged.visibility = Visibility::Shared;
        merged.updatedMs = now;
        merged.lastAccessedMs = now;
        merged.accessCount += 1;
        if (auto updated = m_store->update(merged, vector); !updated)
            return fail(updated.error());
        if (auto indexed = m_indexes->add(personaId, embedder, merged.id, vector); !indexed)
            qCWarning(lcMemory) << "memory" << merged.id << "is stored but not indexed:" << indexed.error().message;
        qCDebug(lcMemory) << "merged a near-duplicate into memory" << merged.id << "similarity" << best;
        return StoredMemory{merged, true, best};
    }

    MemoryRecord record;
    record.personaId = personaId;
    record.content = content;
    record.kind = draft.kind;
    record.importance = importance;
    record.valence = valence;
    record.visibility = draft.visibility;
    record.createdMs = now;
    record.updatedMs = now;
    record.lastAccessedMs = now;
    record.decayedMs = now;
    record.embedder = embedder;
    record.dimension = int(vector.size());
    record.sourceSessionId = draft.sourceSessionId;
    record.sourceMessageId = draft.sourceMessageId;
    auto id = m_store->insert(record, vector);
    m_groups.reset();
    if (!id)
        return fail(id.error());
    record.id = *id;
    // SQLite has it; an index that refuses it is rebuilt at the next start (its labels differ).
    if (auto indexed = m_indexes->add(personaId, embedder, record.id, vector); !indexed)
        qCWarning(lcMemory) << "memory" << record.id << "is stored but not indexed:" << indexed.error().message;
    return StoredMemory{record, false, 0.0};
}

void MemoryService::formFromExchange(const QString &personaId, const QString &sessionId, qint64 userMessageId,
                                     const QString &userMessage)
{
    QList<FormedMemory> formed = extractMemories(userMessage);
    if (formed.isEmpty())
        return;
    auto work = beginWork();
    if (!m_config.importanceByModel || !m_llm)
        return storeFormed(personaId, sessionId, userMessageId, formed, work);
    rateImportance(personaId, formed, [this, personaId, sessionId, userMessageId, work](QList<FormedMemory> rated) {
        storeFormed(personaId, sessionId, userMessageId, rated, work);
    });
}

void MemoryService::rateImportance(const QString &personaId, QList<FormedMemory> formed,
                                   std::function<void(QList<FormedMemory>)> done)
{
    struct Rating
    {
        QList<FormedMemory> formed;
        qsizetype remaining = 0;
        std::function<void(QList<FormedMemory>)> done;
    };
    auto rating = std::make_shared<Rating>(Rating{formed, formed.size(), std::move(done)});
    auto persona = m_personas.find(personaId);
    const QString model = persona && !persona->model.isEmpty() ? persona->model : m_config.ratingModel;
    for (qsizetype i = 0; i < formed.size(); ++i) {
        Llm::ChatRequest request;
        request.model = model;
        request.messages = {Llm::ChatMessage{u"user"_s, importanceRatingPrompt(formed.at(i).content)}};
        request.options.numCtx = m_config.ratingNumCtx;
        request.options.temperature = 0.0;
        request.options.numPredict = 8; // "7" and an end of line; more is never needed
        Llm::ChatCall *call = m_llm->chat(request);
        connect(call, &Llm::ChatCall::finished, this, [rating, i](const Llm::ChatResult &result) {
            const auto value = result.ok() ? parseImportanceRating(result.completion.content) : std::nullopt;
            if (value)
                rating->formed[i].importance = *value;
            else
                qCInfo(lcMemory).noquote() << "the model gave no importance rating ("
                                           << (result.ok() ? result.completion.content.left(40) : result.error->message)
                                           << "); the heuristic's" << rating->formed.at(i).importance << "stays";
            if (--rating->remaining == 0)
                rating->done(rating->formed);
        });
    }
}

void MemoryService::storeFormed(const QString &personaId, const QString &sessionId, qint64 userMessageId,
                                const QList<FormedMemory> &formed, const std::shared_ptr<WorkToken> &work)
{
    QStringList texts;
    for (const FormedMemory &memory : formed)
        texts.append(memory.content);
    embedForWrite(texts, [this, work, formed, personaId, sessionId, userMessageId](Result<Embedded> embedded) {
        if (!embedded) {
            qCWarning(lcMemory) << "cannot form memories:" << embedded.error().message;
            return;
        }
        const Embedded result = *embedded;
        m_indexes->whenReady(personaId, result.embedder, [=, this] {
            int count = 0;
            for (qsizetype i = 0; i < formed.size(); ++i) {
                MemoryDraft draft;
                draft.persona = personaId;
                draft.content = formed.at(i).content;
                draft.kind = formed.at(i).kind;
                draft.importance = formed.at(i).importance;
                draft.valence = formed.at(i).valence;
                draft.sourceSessionId = sessionId;
                if (userMessageId > 0)
                    draft.sourceMessageId = userMessageId;
                auto stored = storeEmbedded(personaId, draft, result.embedder, result.vectors.value(i));
                if (!stored) {
                    qCWarning(lcMemory) << "cannot store a formed memory:" << stored.error().message;
                    continue;
                }
                ++count;
                qCDebug(lcMemory).noquote() << (stored->merged ? "merged" : "formed") << "memory" << stored->memory.id
                                            << "for" << personaId << ":" << stored->memory.content;
            }
            if (count > 0)
                Q_EMIT memoriesChanged(personaId);
        });
    });
}

void MemoryService::update(qint64 id, const MemoryPatch &patch, QObject *context,
                           std::function<void(Result<MemoryRecord>)> done)
{
    auto answer = guarded<Result<MemoryRecord>>(context, std::move(done));
    auto current = m_store->get(id);
    if (!current)
        return answer(fail(current.error()));
    if (patch.isEmpty())
        return answer(fail(ErrorCode::InvalidArgument, u"nothing to change: give content, kind, importance, "
                                                       "valence or visibility"_s));
    MemoryRecord record = *current;
    MemoryDraft check;
    check.content = patch.content.value_or(record.content);
    check.kind = patch.kind.value_or(record.kind);
    check.importance = patch.importance;
    check.valence = patch.valence;
    if (auto checked = checkDraft(check); !checked)
        return answer(fail(checked.error()));
    record.kind = check.kind;
    if (patch.importance)
        record.importance = *patch.importance;
    if (patch.valence)
        record.valence = *patch.valence;
    if (patch.visibility)
        record.visibility = *patch.visibility;
    record.updatedMs = m_clock.nowMs();
    const QString newContent = check.content.trimmed();
    if (newContent == record.content) {
        if (auto updated = m_store->update(record); !updated)
            return answer(fail(updated.error()));
        Q_EMIT memoriesChanged(record.personaId);
        return answer(record);
    }
    record.content = newContent;
    auto work = beginWork();
    embedForWrite({newContent}, [this, work, record, answer, old = *current](Result<Embedded> embedded) mutable {
        if (!embedded)
            return answer(fail(embedded.error()));
        const Vector vector = embedded->vectors.value(0);
        if (vector.isEmpty() || isZero(vector))
            return answer(fail(ErrorCode::InvalidArgument, u"the memory has no words to remember"_s));
        record.embedder = embedded->embedder;
        record.dimension = int(vector.size());
        auto updated = m_store->update(record, vector);
        m_groups.reset(); // the embedder may have changed
        if (!updated)
            return answer(fail(updated.error()));
        if (old.embedder != record.embedder)
            m_indexes->remove(old.personaId, old.embedder, old.id);
        if (auto indexed = m_indexes->add(record.personaId, record.embedder, record.id, vector); !indexed)
            qCWarning(lcMemory) << "memory" << record.id << "is stored but not indexed:" << indexed.error().message;
        Q_EMIT memoriesChanged(record.personaId);
        answer(record);
    });
}

Result<MemoryRecord> MemoryService::get(qint64 id)
{
    return m_store->get(id);
}

Result<MemoryRecord> MemoryService::remove(qint64 id)
{
    auto record = m_store->get(id);
    if (!record)
        return record;
    auto removed = m_store->remove({id});
    m_groups.reset();
    if (!removed)
        return fail(removed.error());
    m_indexes->remove(record->personaId, record->embedder, id);
    Q_EMIT memoriesChanged(record->personaId);
    return record;
}

Result<int> MemoryService::forgetPersona(const QString &personaId)
{
    auto removed = m_store->removePersona(personaId);
    m_groups.reset();
    if (!removed)
        return fail(removed.error());
    m_indexes->dropPersona(personaId);
    qCInfo(lcMemory).noquote() << "forgot" << *removed << "memories of the deleted persona" << personaId;
    Q_EMIT memoriesChanged(personaId);
    return *removed;
}

// --- recall ------------------------------------------------------------------------------------

bool MemoryService::hasMemories(const QString &personaId)
{
    auto groups = cachedGroups();
    if (!groups)
        return true; // let the search say what is wrong
    return std::any_of(groups->begin(), groups->end(),
                       [&personaId](const MemoryGroup &group) { return group.personaId == personaId; });
}

Result<QList<MemoryGroup>> MemoryService::cachedGroups()
{
    // Every search needs the (persona, embedder) groups; a GROUP BY over all memories on each
    // one would cost milliseconds at 100k memories, so they are kept until a write changes them.
    if (!m_groups) {
        auto groups = m_store->groups();
        if (!groups)
            return groups;
        m_groups = *groups;
    }
    return *m_groups;
}

void MemoryService::search(const MemoryQuery &query, QObject *context, std::function<void(Result<RecallResult>)> done)
{
    auto state = std::make_shared<SearchState>();
    state->done = guarded<Result<RecallResult>>(context, std::move(done));
    state->text = query.text.trimmed();
    if (state->text.isEmpty())
        return state->finish(fail(ErrorCode::InvalidArgument, u"the query is empty; say what to recall"_s));
    if (state->text.size() > kMaxMemoryChars)
        return state->finish(fail(ErrorCode::InvalidArgument, u"the query has %1 characters; at most %2 are used"_s
                                                                  .arg(state->text.size())
                                                                  .arg(kMaxMemoryChars)));
    state->k = std::clamp(query.k > 0 ? query.k : m_config.recallK, 1, kMaxRecallK);
    state->touch = query.touch;
    state->minImportance = query.minImportance.value_or(m_config.minImportance);
    if (!(state->minImportance >= 0.0 && state->minImportance <= 1.0))
        return state->finish(fail(ErrorCode::InvalidArgument, u"min_importance must be between 0 and 1"_s));
    state->crossPersona = query.crossPersona;
    if (!query.persona.trimmed().isEmpty()) {
        auto persona = resolvePersona(query.persona);
        if (!persona)
            return state->finish(fail(persona.error()));
        state->ownId = *persona;
    } else if (!query.crossPersona) {
        return state->finish(
            fail(ErrorCode::InvalidArgument, u"name the persona whose memories to search, or search across personas"_s));
    }
    auto groups = cachedGroups();
    if (!groups)
        return state->finish(fail(groups.error()));
    QSet<QString> embedders;
    for (const MemoryGroup &group : std::as_const(*groups)) {
        if (group.personaId == state->ownId || state->crossPersona) {
            state->groups.append(group);
            embedders.insert(group.embedder);
        }
    }
    if (state->groups.isEmpty())
        return state->finish(RecallResult{});
    state->work = beginWork();
    state->remaining = int(embedders.size());
    QStringList ordered(embedders.begin(), embedders.end());
    ordered.sort();
    for (const QString &embedder : std::as_const(ordered)) {
        embedWith(embedder, {state->text}, [this, state, embedder](Result<QList<Vector>> vectors) {
            if (vectors && !vectors->isEmpty() && !isZero(vectors->constFirst()))
                state->queryVectors.insert(embedder, vectors->constFirst());
            else
                state->skipped.append(u"%1: %2"_s.arg(embedder, vectors ? u"the query has no words to compare"_s
                                                                        : vectors.error().message));
            if (--state->remaining == 0)
                continueSearch(state);
        });
    }
}

void MemoryService::continueSearch(const std::shared_ptr<SearchState> &state)
{
    for (const MemoryGroup &group : std::as_const(state->groups)) {
        if (!state->queryVectors.contains(group.embedder))
            continue;
        if (!m_indexes->isReady(group.personaId, group.embedder)) {
            m_indexes->whenReady(group.personaId, group.embedder, [this, state] { continueSearch(state); });
            return;
        }
    }
    state->finish(finishSearch(state));
}

Result<RecallResult> MemoryService::finishSearch(const std::shared_ptr<SearchState> &state)
{
    const qint64 now = m_clock.nowMs();
    RecallResult result;
    result.skipped = state->skipped;
    QList<ScoringCandidate> candidates;
    QHash<qint64, MemoryRecord> records;
    QSet<QString> searched;
    const int wanted = std::max(state->k * kCandidateFactor, kMinCandidates);
    for (const MemoryGroup &group : std::as_const(state->groups)) {
        const auto vector = state->queryVectors.constFind(group.embedder);
        if (vector == state->queryVectors.constEnd())
            continue;
        searched.insert(group.embedder);
        const qint64 size = m_indexes->size(group.personaId, group.embedder);
        if (size == 0)
            continue;
        const bool own = group.personaId == state->ownId;
        // hnswlib 0.6.2 has no filters: filtered-out neighbours (others' private memories,
        // low importance) are made up for by asking for more until enough survive.
        qint64 ask = std::min<qint64>(wanted, size);
        while (true) {
            auto hits = m_indexes->search(group.personaId, group.embedder, *vector, int(ask));
            if (!hits)
                return fail(hits.error());
            QList<qint64> ids;
            for (const IndexHit &hit : std::as_const(*hits))
                ids.append(hit.label);
            auto rows = m_store->rows(ids);
            if (!rows)
                return fail(rows.error());
            QList<ScoringCandidate> found;
            for (const MemoryRow &row : std::as_const(*rows)) {
                const MemoryRecord &memory = row.record;
                // The index may be stale; SQLite decides what the memory is.
                if (memory.personaId != group.personaId || memory.embedder != group.embedder || row.vector.isEmpty())
                    continue;
                if (!own && memory.visibility != Visibility::Shared)
                    continue;
                if (memory.importance < state->minImportance)
                    continue;
                // Exact cosine from the stored vector: the score never depends on the index file.
                found.append(ScoringCandidate{memory.id, dot(row.vector, *vector), memory.lastAccessedMs,
                                              memory.importance});
                records.insert(memory.id, memory);
            }
            if (found.size() >= wanted || ask >= size) {
                candidates += found;
                break;
            }
            ask = std::min<qint64>(ask * kCandidateFactor, size);
        }
    }
    result.embedders = QStringList(searched.begin(), searched.end());
    result.embedders.sort();
    result.candidates = int(candidates.size());
    const QList<ScoredCandidate> ranked = rankCandidates(candidates, m_config.weights, now);
    QList<qint64> touched;
    QSet<QString> personas;
    for (const ScoredCandidate &scored : ranked) {
        if (result.hits.size() >= state->k)
            break;
        MemoryHit hit;
        hit.memory = records.value(scored.id);
        hit.score = scored.score;
        hit.rank = int(result.hits.size()) + 1;
        result.hits.append(hit);
        touched.append(scored.id);
        personas.insert(hit.memory.personaId);
    }
    if (!state->touch)
        return result;
    if (auto touchedOk = m_store->touch(touched, now); !touchedOk)
        qCWarning(lcMemory) << "cannot record the access of recalled memories:" << touchedOk.error().message;
    for (const QString &personaId : std::as_const(personas))
        Q_EMIT memoriesChanged(personaId);
    return result;
}

Result<void> MemoryService::recordRecalls(qint64 modelCallId, const QList<MemoryHit> &hits)
{
    QList<RecallRow> rows;
    for (const MemoryHit &hit : hits)
        rows.append(RecallRow{hit.memory.id, hit.rank, hit.score});
    return m_store->addRecalls(modelCallId, rows);
}

Result<QList<RecallRecord>> MemoryService::recalls(qint64 modelCallId)
{
    return m_store->recalls(modelCallId);
}

// --- listing and statistics --------------------------------------------------------------------

Result<MemoryPage> MemoryService::list(const QString &persona, int offset, int limit)
{
    if (offset < 0 || limit < 1)
        return fail(ErrorCode::InvalidArgument, u"offset must be 0 or more and limit 1 or more"_s);
    QString personaId;
    if (!persona.trimmed().isEmpty()) {
        auto resolved = resolvePersona(persona);
        if (!resolved)
            return fail(resolved.error());
        personaId = *resolved;
    }
    return m_store->page(personaId, offset, limit);
}

Result<MemoryStats> MemoryService::stats(const QString &persona)
{
    QString personaId;
    if (!persona.trimmed().isEmpty()) {
        auto resolved = resolvePersona(persona);
        if (!resolved)
            return fail(resolved.error());
        personaId = *resolved;
    }
    auto perPersona = m_store->personaStats();
    if (!perPersona)
        return fail(perPersona.error());
    MemoryStats stats;
    double importanceSum = 0.0;
    for (const PersonaMemoryStats &entry : std::as_const(*perPersona)) {
        if (!personaId.isEmpty() && entry.personaId != personaId)
            continue;
        stats.personas.append(entry);
        stats.total += entry.count;
        stats.high += entry.high;
        stats.medium += entry.medium;
        stats.low += entry.low;
        importanceSum += entry.averageImportance * entry.count;
    }
    if (!personaId.isEmpty() && stats.personas.isEmpty())
        stats.personas.append(PersonaMemoryStats{personaId, 0, 0, 0, 0, 0.0});
    stats.averageImportance = stats.total > 0 ? importanceSum / stats.total : 0.0;

    auto groups = cachedGroups();
    if (!groups)
        return fail(groups.error());
    qint64 indexBytes = 0;
    for (const MemoryGroup &group : std::as_const(*groups)) {
        if (!personaId.isEmpty() && group.personaId != personaId)
            continue;
        const IndexHealth health = m_indexes->health(group.personaId, group.embedder, group.dimension, group.count);
        indexBytes += health.fileBytes;
        stats.indexes.append(health);
    }
    if (personaId.isEmpty()) {
        auto bytes = m_store->storageBytes();
        if (!bytes)
            return fail(bytes.error());
        stats.storageBytes = *bytes + indexBytes;
    } else {
        // One persona: its share of the rows, by its count (the exact bytes are not worth a scan).
        auto bytes = m_store->storageBytes();
        auto all = m_store->count(QString());
        if (!bytes || !all)
            return fail(bytes ? all.error() : bytes.error());
        stats.storageBytes = (*all > 0 ? *bytes * stats.total / *all : 0) + indexBytes;
    }
    stats.writeEmbedder = writeEmbedderId();
    stats.ollamaAvailable = ollamaAvailable();
    return stats;
}

// --- decay and pruning -------------------------------------------------------------------------

Result<int> MemoryService::decay()
{
    auto personas = m_store->personaIds();
    if (!personas)
        return fail(personas.error());
    const qint64 now = m_clock.nowMs();
    int changed = 0;
    for (const QString &personaId : std::as_const(*personas)) {
        auto records = m_store->records(personaId);
        if (!records)
            return fail(records.error());
        QHash<qint64, double> importances;
        for (const MemoryRecord &record : std::as_const(*records)) {
            const auto next = decayedImportance(DecayInput{record.importance, record.lastAccessedMs, record.decayedMs},
                                                now, m_config.decay, m_config.prune.protect);
            if (next)
                importances.insert(record.id, *next);
        }
        if (importances.isEmpty())
            continue;
        if (auto applied = m_store->applyDecay(importances, now); !applied)
            return fail(applied.error());
        changed += int(importances.size());
        Q_EMIT memoriesChanged(personaId);
    }
    return changed;
}

Result<PruneReport> MemoryService::prune(const QString &persona, bool dryRun, bool force)
{
    QElapsedTimer timer;
    timer.start();
    QStringList personaIds;
    if (persona.trimmed().isEmpty()) {
        auto all = m_store->personaIds();
        if (!all)
            return fail(all.error());
        personaIds = *all;
    } else {
        auto resolved = resolvePersona(persona);
        if (!resolved)
            return fail(resolved.error());
        personaIds.append(*resolved);
    }
    const qint64 now = m_clock.nowMs();
    PruneReport report;
    report.dryRun = dryRun;
    double prunedImportance = 0.0;
    for (const QString &personaId : std::as_const(personaIds)) {
        auto records = m_store->records(personaId);
        if (!records)
            return fail(records.error());
        QList<PruneItem> items;
        QHash<qint64, MemoryRecord> byId;
        for (const MemoryRecord &record : std::as_const(*records)) {
            items.append(PruneItem{record.id, record.importance, record.lastAccessedMs});
            byId.insert(record.id, record);
        }
        const PrunePlan plan = planPrune(items, now, m_config.prune, force);
        PersonaPruneReport entry;
        entry.personaId = personaId;
        entry.before = plan.before;
        entry.pruned = int(plan.remove.size());
        entry.after = plan.before - entry.pruned;
        entry.protectedCount = plan.protectedCount;
        entry.needsPruning = plan.needsPruning;
        entry.reason = plan.reason;
        double sum = 0.0;
        for (const qint64 id : plan.remove) {
            entry.memories.append(byId.value(id));
            sum += byId.value(id).importance;
        }
        entry.averageImportancePruned = entry.pruned > 0 ? sum / entry.pruned : 0.0;
        if (!dryRun && !plan.remove.isEmpty()) {
            // One statement: the whole run is removed, or nothing.
            auto removed = m_store->remove(plan.remove);
            m_groups.reset();
            if (!removed)
                return fail(removed.error());
            for (const MemoryRecord &memory : std::as_const(entry.memories))
                m_indexes->remove(memory.personaId, memory.embedder, memory.id);
            qCInfo(lcMemory).noquote() << "pruned" << entry.pruned << "memories of" << personaId << ":" << plan.reason;
            Q_EMIT memoriesChanged(personaId);
        }
        report.before += entry.before;
        report.pruned += entry.pruned;
        report.after += entry.after;
        prunedImportance += sum;
        report.personas.append(entry);
    }
    report.averageImportancePruned = report.pruned > 0 ? prunedImportance / report.pruned : 0.0;
    report.processingMs = timer.elapsed();
    return report;
}

Result<PruneReport> MemoryService::runMaintenance()
{
    if (auto decayed = decay(); !decayed)
        return fail(decayed.error());
    auto pruned = prune(QString(), false, false);
    if (!pruned)
        return pruned;
    if (auto saved = m_indexes->saveDirty(); !saved)
        qCWarning(lcMemory) << "saving the memory indexes failed:" << saved.error().message;
    return pruned;
}

// --- the map -----------------------------------------------------------------------------------

void MemoryService::map(const QString &persona, QObject *context, std::function<void(Result<MemoryMap>)> done)
{
    auto answer = guarded<Result<MemoryMap>>(context, std::move(done));
    QString personaId;
    if (!persona.trimmed().isEmpty()) {
        auto resolved = resolvePersona(persona);
        if (!resolved)
            return answer(fail(resolved.error()));
        personaId = *resolved;
    }
    auto groups = cachedGroups();
    if (!groups)
        return answer(fail(groups.error()));
    QHash<QString, qint64> perEmbedder;
    qint64 total = 0;
    for (const MemoryGroup &group : std::as_const(*groups)) {
        if (!personaId.isEmpty() && group.personaId != personaId)
            continue;
        perEmbedder[group.embedder] += group.count;
        total += group.count;
    }
    if (perEmbedder.isEmpty())
        return answer(MemoryMap{});
    // Vectors of different embedders live in different spaces: the map shows the largest group.
    const QString preferred = writeEmbedderId();
    QString embedder;
    for (auto it = perEmbedder.begin(); it != perEmbedder.end(); ++it) {
        const qint64 best = embedder.isEmpty() ? -1 : perEmbedder.value(embedder);
        if (it.value() > best || (it.value() == best && (it.key() == preferred
                                                          || (embedder != preferred && it.key() < embedder))))
            embedder = it.key();
    }
    auto rows = m_store->rowsOfEmbedder(embedder, personaId.isEmpty() ? QStringList() : QStringList{personaId});
    if (!rows)
        return answer(fail(rows.error()));
    MemoryMap map;
    map.embedder = embedder;
    map.leftOut = int(total - rows->size());
    QList<Vector> vectors;
    for (const MemoryRow &row : std::as_const(*rows)) {
        if (row.vector.isEmpty())
            continue;
        vectors.append(row.vector);
        map.points.append(MapPoint{row.record.id, row.record.personaId, 0.0, 0.0, row.record.importance,
                                   row.record.content});
    }
    auto work = beginWork();
    // The projection reads only its copy of the vectors: no SQLite, no index off this thread.
    QtConcurrent::run([vectors] { return projectTo2D(vectors); })
        .then(this, [work, map, answer](const Projection &projection) mutable {
            for (qsizetype i = 0; i < map.points.size() && i < projection.points.size(); ++i) {
                map.points[i].x = projection.points.at(i).x();
                map.points[i].y = projection.points.at(i).y();
            }
            map.explained = projection.explained;
            answer(map);
            work.reset(); // here, on this thread: the token counts pendingWork()
        });
}

} // namespace Studio::Memory
