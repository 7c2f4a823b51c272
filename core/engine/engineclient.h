// SPDX-License-Identifier: MIT
#pragma once

#include "engine.h"

#include <conversation/chattypes.h>
#include <conversation/sessionservice.h>
#include <conversation/turnchannel.h>
#include <memory/memorytypes.h>
#include <persona/persona.h>

#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QPromise>

#include <memory>
#include <type_traits>

namespace Studio::Engine {

/** @brief The engine's service API: the only way in for the GUI, the MCP endpoint and the
 *  command line. Every call is queued to the engine thread and answered through a QFuture
 *  (use .then(context, ...)); a chat turn answers through its TurnChannel. Never blocks.
 *  Thread: any; the futures finish on the engine thread. For change notifications connect to
 *  engine()'s signals (queued across threads). */
class EngineClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineClient)

public:
    explicit EngineClient(Engine *engine, QObject *parent = nullptr);

    /** The engine, for connecting to its signals only: do not call its methods from another thread. */
    const Engine *engine() const { return m_engine; }

    // Personas
    QFuture<Result<QList<Personas::Persona>>> listPersonas();
    QFuture<Result<Personas::Persona>> persona(const QString &idOrName);
    QFuture<Result<Personas::Persona>> createPersona(const QJsonObject &fields);
    QFuture<Result<Personas::Persona>> updatePersona(const QString &idOrName, const QJsonObject &patch);
    QFuture<Result<PersonaDeletion>> deletePersona(const QString &idOrName);
    QFuture<Result<Personas::Persona>> resetPersona(const QString &idOrName);

    // Sessions
    QFuture<Result<Store::SessionRow>> openSession(const Conversation::SessionOpen &request);
    QFuture<Result<Store::SessionRow>> resumeSession(const QString &sessionId);
    QFuture<Result<Store::SessionRow>> cliSession();
    QFuture<Result<Store::SessionRow>> desktopSession();
    QFuture<Result<bool>> closeSession(const QString &sessionId);
    QFuture<Result<Conversation::SessionDetail>> session(const QString &sessionId);
    QFuture<Result<QList<Store::SessionRow>>> sessions(bool openOnly);
    QFuture<Result<Personas::Persona>> switchPersona(const QString &sessionId, const QString &idOrName);
    QFuture<Result<Personas::Persona>> activePersona(const QString &sessionId);
    QFuture<Result<void>> setSessionClient(const QString &sessionId, const QString &name, const QString &version,
                                           const QString &transport);

    // Conversations
    QFuture<Result<Conversation::ConversationPage>> history(const QString &sessionId, const QString &personaRef,
                                                            int offset, int limit);
    QFuture<Result<Conversation::ConversationPage>> conversationPage(qint64 conversationId, int offset, int limit);
    QFuture<Result<Store::ConversationRow>> resetConversation(const QString &sessionId, const QString &personaRef);
    /** Archives the live conversation with the persona (if any) and opens a new, empty one. */
    QFuture<Result<Store::ConversationRow>> startConversation(const QString &sessionId, const QString &personaRef);
    QFuture<Result<QList<Store::ModelCallRow>>> modelCalls(qint64 conversationId, int limit);

    // Long-term memory (Memory::MemoryService). A persona is given by id or name; where a
    // persona may be left out (empty), every persona is meant.
    /** Stores a memory, or merges it into a near-duplicate (StoredMemory::merged). */
    QFuture<Result<Memory::StoredMemory>> storeMemory(const Memory::MemoryDraft &draft);
    QFuture<Result<Memory::MemoryRecord>> updateMemory(qint64 id, const Memory::MemoryPatch &patch);
    /** Answers with the memory as it was. */
    QFuture<Result<Memory::MemoryRecord>> deleteMemory(qint64 id);
    QFuture<Result<Memory::MemoryRecord>> memory(qint64 id);
    /** Recalls memories with their score breakdown; touches the hits (last access, count). */
    QFuture<Result<Memory::RecallResult>> searchMemory(const Memory::MemoryQuery &query);
    /** Newest first. */
    QFuture<Result<Memory::MemoryPage>> memories(const QString &persona, int offset, int limit);
    QFuture<Result<Memory::MemoryStats>> memoryStats(const QString &persona);
    /** force: trim toward the target even below the start threshold (the old dialect's force). */
    QFuture<Result<Memory::PruneReport>> pruneMemories(const QString &persona, bool dryRun, bool force = false);
    /** What was recalled into a chat model call, with the scores it had then. */
    QFuture<Result<QList<Memory::RecallRecord>>> recallsForModelCall(qint64 modelCallId);
    /** A 2D PCA map of the memories (computed off every event-loop thread). */
    QFuture<Result<Memory::MemoryMap>> memoryMap(const QString &persona);

    /** Starts a chat turn reported through channel (TurnChannel::create()). Connect to the
     *  channel's signals before calling: the engine thread may start at once. */
    void chat(const Conversation::TurnRequest &request, const Conversation::TurnChannelPtr &channel);

    // Model server and health
    QFuture<Llm::ServerReport> checkServer();
    /** Checks another address and model without touching the running settings or the last
     *  report (the settings dialog's Verify, before anything is saved). */
    QFuture<Llm::ServerReport> checkServerAt(const QUrl &url, const QString &model);
    QFuture<Result<QList<Llm::ModelInfo>>> listModels();
    QFuture<EngineStatus> status();
    QFuture<Settings> settings();
    /** Applies new settings to the running engine (model, URL, timeouts, window, context size,
     *  session timeout); the database path takes effect at the next start. */
    QFuture<bool> applySettings(const Settings &settings);
    /** Finishes once no turn and no background summary is running. */
    QFuture<bool> whenIdle();

    /** Runs fn(Engine &) on the engine thread and hands back its result. */
    template<typename Function>
    auto call(Function &&fn) -> QFuture<std::invoke_result_t<Function, Engine &>>
    {
        using Value = std::invoke_result_t<Function, Engine &>;
        auto promise = std::make_shared<QPromise<Value>>();
        QFuture<Value> future = promise->future();
        promise->start();
        QMetaObject::invokeMethod(
            m_engine,
            [engine = m_engine, promise, fn = std::forward<Function>(fn)]() mutable {
                promise->addResult(fn(*engine));
                promise->finish();
            },
            Qt::QueuedConnection);
        return future;
    }

private:
    /** Runs start(Engine &, answer) on the engine thread; the future finishes when answer is
     *  called (later, for work that waits for an embedding). */
    template<typename Value, typename Start>
    QFuture<Value> callAsync(Start &&start)
    {
        auto promise = std::make_shared<QPromise<Value>>();
        QFuture<Value> future = promise->future();
        promise->start();
        QMetaObject::invokeMethod(
            m_engine,
            [engine = m_engine, promise, start = std::forward<Start>(start)]() mutable {
                start(*engine, [promise](Value value) {
                    promise->addResult(std::move(value));
                    promise->finish();
                });
            },
            Qt::QueuedConnection);
        return future;
    }

    QPointer<Engine> m_engine;
};

} // namespace Studio::Engine
