// SPDX-License-Identifier: MIT
#include "conversationservice.h"

#include <persona/personaregistry.h>
#include <store/conversationstore.h>
#include <store/database.h>
#include <store/sessionstore.h>

using namespace Qt::StringLiterals;

namespace Studio::Conversation {

namespace {
constexpr int kMaxPage = 1000;
}

ConversationService::ConversationService(Store::Database &database, Personas::PersonaRegistry &personas, Clock clock,
                                         QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_personas(personas)
    , m_clock(std::move(clock))
{
}

Result<Store::ConversationRow> ConversationService::liveOrCreate(const QString &sessionId, const QString &personaId,
                                                                 bool fresh)
{
    Store::ConversationStore store(m_db);
    Result<Store::ConversationRow> result = fail(ErrorCode::Internal, u"no conversation"_s);
    auto done = m_db.transaction([&]() -> Result<void> {
        auto live = store.live(sessionId, personaId);
        if (!live)
            return fail(live.error());
        if (live->has_value() && !fresh) {
            result = **live;
            return {};
        }
        if (live->has_value()) {
            if (auto archived = store.archive((*live)->id, m_clock.nowMs()); !archived)
                return archived;
        }
        result = store.create(sessionId, personaId, m_clock.nowMs());
        if (!result)
            return fail(result.error());
        return {};
    });
    if (!done)
        return fail(done.error());
    return result;
}

Result<ConversationPage> ConversationService::history(const QString &sessionId, const QString &personaRef, int offset,
                                                      int limit)
{
    auto persona = m_personas.find(personaRef);
    if (!persona)
        return fail(persona.error());
    auto session = Store::SessionStore(m_db).find(sessionId);
    if (!session)
        return fail(session.error());
    if (!session->has_value())
        return fail(sessionNotFound(sessionId));
    auto live = Store::ConversationStore(m_db).live(sessionId, persona->id);
    if (!live)
        return fail(live.error());
    if (!live->has_value()) {
        ConversationPage empty;
        empty.conversation.sessionId = sessionId;
        empty.conversation.personaId = persona->id;
        empty.personaName = persona->name;
        return empty;
    }
    return page((*live)->id, offset, limit);
}

Result<ConversationPage> ConversationService::page(qint64 conversationId, int offset, int limit)
{
    Store::ConversationStore store(m_db);
    auto conversation = store.find(conversationId);
    if (!conversation)
        return fail(conversation.error());
    if (!conversation->has_value())
        return fail(ErrorCode::NotFound, u"Conversation %1 not found"_s.arg(conversationId));
    auto total = store.messageCount(conversationId);
    if (!total)
        return fail(total.error());
    limit = qBound(1, limit, kMaxPage);
    if (offset < 0)
        offset = qMax(0, *total - limit);
    auto messages = store.page(conversationId, offset, limit);
    if (!messages)
        return fail(messages.error());
    ConversationPage page;
    page.conversation = **conversation;
    auto persona = m_personas.find(page.conversation.personaId);
    page.personaName = persona ? persona->name : page.conversation.personaId;
    page.messages = *messages;
    page.offset = offset;
    page.total = *total;
    return page;
}

Result<Store::ConversationRow> ConversationService::reset(const QString &sessionId, const QString &personaRef)
{
    auto persona = m_personas.find(personaRef);
    if (!persona)
        return fail(persona.error());
    Store::ConversationStore store(m_db);
    auto live = store.live(sessionId, persona->id);
    if (!live)
        return fail(live.error());
    if (!live->has_value())
        return fail(ErrorCode::NotFound,
                    u"there is no conversation with %1 in this session to reset"_s.arg(persona->name));
    if (auto archived = store.archive((*live)->id, m_clock.nowMs()); !archived)
        return fail(archived.error());
    Q_EMIT conversationReset(sessionId, persona->id, (*live)->id);
    Store::ConversationRow row = **live;
    row.archivedMs = m_clock.nowMs();
    return row;
}

Result<QList<Store::ModelCallRow>> ConversationService::modelCalls(qint64 conversationId, int limit)
{
    return Store::ConversationStore(m_db).modelCalls(conversationId, qBound(1, limit, kMaxPage));
}

Result<qint64> ConversationService::totalMessages()
{
    return Store::ConversationStore(m_db).totalMessages();
}

} // namespace Studio::Conversation
