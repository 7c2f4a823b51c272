// SPDX-License-Identifier: MIT
#pragma once

#include "engine.h"

#include <conversation/chattypes.h>
#include <conversation/sessionservice.h>
#include <conversation/turnchannel.h>
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
    QFuture<Result<Personas::Persona>> deletePersona(const QString &idOrName);
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

    /** Starts a chat turn reported through channel (TurnChannel::create()). Connect to the
     *  channel's signals before calling: the engine thread may start at once. */
    void chat(const Conversation::TurnRequest &request, const Conversation::TurnChannelPtr &channel);

    // Model server and health
    QFuture<Llm::ServerReport> checkServer();
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
    QPointer<Engine> m_engine;
};

} // namespace Studio::Engine
