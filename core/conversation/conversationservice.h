// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"

#include <common/clock.h>

#include <QObject>

namespace Studio::Store {
class Database;
}
namespace Studio::Personas {
class PersonaRegistry;
}

namespace Studio::Conversation {

/** @brief Conversations of (session, persona): the live one, its history in pages, resets,
 *  and the model calls made for it. Thread: the engine's. */
class ConversationService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationService)

public:
    ConversationService(Store::Database &database, Personas::PersonaRegistry &personas, Clock clock,
                        QObject *parent = nullptr);

    /** The live conversation, creating it when there is none (or always, archiving the old one, when fresh). */
    Result<Store::ConversationRow> liveOrCreate(const QString &sessionId, const QString &personaId, bool fresh);

    /** A page of the live conversation of (session, persona); offset < 0 means the last `limit` messages.
     *  No conversation yet gives an empty page with conversation id 0. */
    Result<ConversationPage> history(const QString &sessionId, const QString &personaRef, int offset, int limit);
    Result<ConversationPage> page(qint64 conversationId, int offset, int limit);

    /** Archives the live conversation (it stays in the history); the next message starts a new one.
     *  Returns the archived conversation, or NotFound when there was none. */
    Result<Store::ConversationRow> reset(const QString &sessionId, const QString &personaRef);

    Result<QList<Store::ModelCallRow>> modelCalls(qint64 conversationId, int limit);
    Result<qint64> totalMessages();

Q_SIGNALS:
    void conversationReset(const QString &sessionId, const QString &personaId, qint64 conversationId);

private:
    Store::Database &m_db;
    Personas::PersonaRegistry &m_personas;
    Clock m_clock;
};

} // namespace Studio::Conversation
