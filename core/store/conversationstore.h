// SPDX-License-Identifier: MIT
#pragma once

#include "records.h"

#include <common/error.h>

#include <QList>

#include <optional>

namespace Studio::Store {

class Database;

/** @brief Conversations (session x persona), their messages and the model calls made for them.
 *  Thread: the database's. */
class ConversationStore final
{
public:
    explicit ConversationStore(Database &database);

    /** The conversation of (session, persona) that is not archived, if any. */
    Result<std::optional<ConversationRow>> live(const QString &sessionId, const QString &personaId);
    Result<ConversationRow> create(const QString &sessionId, const QString &personaId, qint64 nowMs);
    Result<std::optional<ConversationRow>> find(qint64 id);
    /** Every conversation of a session, newest first. */
    Result<QList<ConversationRow>> forSession(const QString &sessionId, bool includeArchived);
    /** Every conversation with a persona across sessions, newest first. */
    Result<QList<ConversationRow>> forPersona(const QString &personaId, int limit);
    Result<void> archive(qint64 id, qint64 nowMs);
    Result<void> setSummary(qint64 id, const QString &summary, qint64 throughMessageId, qint64 nowMs);

    /** Stores a message (and bumps the conversation's updated time) in one transaction; returns it with its id. */
    Result<MessageRow> addMessage(MessageRow message);
    /** Deletes every message of the conversation with id >= fromId (one transaction). */
    Result<int> deleteMessagesFrom(qint64 conversationId, qint64 fromId);
    /** The newest `limit` messages, oldest first. */
    Result<QList<MessageRow>> lastMessages(qint64 conversationId, int limit);
    /** Messages with afterId < id < beforeId (beforeId 0: no upper bound), oldest first, at most limit. */
    Result<QList<MessageRow>> messagesBetween(qint64 conversationId, qint64 afterId, qint64 beforeId, int limit);
    /** A page of messages, oldest first. */
    Result<QList<MessageRow>> page(qint64 conversationId, int offset, int limit);
    Result<int> messageCount(qint64 conversationId);
    Result<qint64> totalMessages();

    Result<qint64> addModelCall(const ModelCallRow &call);
    Result<void> finishModelCall(const ModelCallRow &call);
    /** The newest `limit` model calls of a conversation, oldest first. */
    Result<QList<ModelCallRow>> modelCalls(qint64 conversationId, int limit);

private:
    Database &m_db;
};

} // namespace Studio::Store
