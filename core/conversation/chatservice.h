// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"
#include "turnchannel.h"
#include "turnhook.h"

#include <common/clock.h>
#include <persona/persona.h>
#include <store/records.h>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace Studio::Store {
class Database;
}
namespace Studio::Llm {
class ChatCall;
class OllamaClient;
struct ChatResult;
}
namespace Studio::Personas {
class PersonaRegistry;
}

namespace Studio::Conversation {

class ConversationService;
class SessionService;
class Summarizer;

/** @brief Runs chat turns (DESIGN.md "A chat turn"): stores the user message, builds the
 *  context within the budget, streams the model's reply to the turn's channel, stores the
 *  reply with Ollama's counters, and lets the summary catch up. One turn at a time per
 *  conversation. Thread: the engine's. */
class ChatService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatService)

public:
    ChatService(Store::Database &database, Personas::PersonaRegistry &personas, SessionService &sessions,
                ConversationService &conversations, Summarizer &summarizer, Llm::OllamaClient &llm, Clock clock,
                QObject *parent = nullptr);
    ~ChatService() override;

    void setConfig(const ChatConfig &config);
    const ChatConfig &config() const { return m_config; }

    /** Hooks are not owned; they must outlive this service. */
    void addHook(TurnHook *hook);

    /** Starts a turn; everything that follows is reported through the channel. */
    void startTurn(const TurnRequest &request, const TurnChannelPtr &channel);
    /** Stops every running turn, keeping what was said so far (shutdown). */
    void cancelAll();
    int runningTurns() const { return int(m_turns.size()); }

Q_SIGNALS:
    void messageAdded(const Studio::Conversation::MessageEvent &event);
    void messagesRemoved(const Studio::Conversation::MessagesRemoved &event);
    void modelCallStarted(const Studio::Store::ModelCallRow &call);
    void modelCallFinished(const Studio::Store::ModelCallRow &call);

private:
    struct Turn;

    void cancelTurn(quint64 turnId);
    void gatherSections(quint64 turnId);
    void continueTurn(quint64 turnId);
    void abandon(quint64 turnId, const Error &error);
    void finishTurn(quint64 turnId, const Llm::ChatResult &result);
    void refuse(const TurnChannelPtr &channel, const Error &error);
    /** Checks the request and finds session, persona and conversation; marks it busy. */
    Result<void> resolve(Turn &turn);
    /** Builds the context with the hooks' sections, stores the message, records the model call. */
    Result<void> build(Turn &turn);

    Store::Database &m_db;
    Personas::PersonaRegistry &m_personas;
    SessionService &m_sessions;
    ConversationService &m_conversations;
    Summarizer &m_summarizer;
    Llm::OllamaClient &m_llm;
    Clock m_clock;
    ChatConfig m_config;
    QList<TurnHook *> m_hooks;
    quint64 m_nextTurnId = 1;
    QHash<quint64, Turn *> m_turns;
    QSet<qint64> m_busyConversations;
};

} // namespace Studio::Conversation
