// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"

#include <common/clock.h>
#include <llm/chattypes.h>
#include <persona/persona.h>
#include <store/records.h>

#include <QHash>
#include <QObject>
#include <QSet>

namespace Studio::Store {
class Database;
}
namespace Studio::Llm {
class ChatCall;
class OllamaClient;
}

namespace Studio::Conversation {

/** @brief Folds the messages that fell out of the window into the conversation's running
 *  summary, with a background call to the model. At most one call per conversation runs; a
 *  failure is logged and retried after the next turn, never failing a turn. Thread: the engine's. */
class Summarizer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Summarizer)

public:
    Summarizer(Store::Database &database, Llm::OllamaClient &llm, Clock clock, QObject *parent = nullptr);

    void setConfig(const ChatConfig &config) { m_config = config; }

    /** Starts a fold when messages older than the window are not in the summary yet.
     *  Returns true when a model call was started (or one is already running). */
    bool schedule(qint64 conversationId, const Personas::Persona &persona);
    bool isRunning(qint64 conversationId) const { return m_running.contains(conversationId); }
    int runningCount() const { return int(m_running.size()); }
    /** Cancels every fold; the summary catches up after a later turn. */
    void cancelAll();

    /** The request that folds `messages` into `summary` (public for tests and the inspector). */
    static QList<Llm::ChatMessage> foldPrompt(const QString &personaName, const QString &summary,
                                              const QList<Store::MessageRow> &messages, int summaryWords);

Q_SIGNALS:
    void summaryUpdated(qint64 conversationId, const QString &summary, qint64 throughMessageId);
    void summaryFailed(qint64 conversationId, const QString &error);
    void modelCallStarted(const Studio::Store::ModelCallRow &call);
    void modelCallFinished(const Studio::Store::ModelCallRow &call);

private:
    Store::Database &m_db;
    Llm::OllamaClient &m_llm;
    Clock m_clock;
    ChatConfig m_config;
    QHash<qint64, Llm::ChatCall *> m_running; // conversation -> its fold call
};

} // namespace Studio::Conversation
