// SPDX-License-Identifier: MIT
#include "sessionscope.h"

#include <engine/engineclient.h>
#include <persona/personaregistry.h>

namespace Studio::Mcp {

SessionScope::SessionScope(Engine::EngineClient *engine, QString ownSessionId)
    : m_engine(engine)
    , m_own(std::move(ownSessionId))
{
}

QString SessionScope::resolve(const QString &requested) const
{
    return requested.isEmpty() ? m_own : requested;
}

bool SessionScope::sees(const QString &sessionId) const
{
    return !m_own.isEmpty() && sessionId == m_own;
}

QFuture<Result<Conversation::ConversationPage>> SessionScope::history(const QString &sessionId,
                                                                      const QString &personaRef, int offset,
                                                                      int limit) const
{
    const QString id = resolve(sessionId);
    if (sees(id))
        return m_engine->history(id, personaRef, offset, limit);
    // The engine looks the persona up before the session: an unknown persona is reported first.
    return m_engine->call([id, personaRef](Engine::Engine &engine) -> Result<Conversation::ConversationPage> {
        if (auto persona = engine.personas().find(personaRef); !persona)
            return fail(persona.error());
        return fail(Conversation::sessionNotFound(id));
    });
}

QFuture<Result<Conversation::SessionDetail>> SessionScope::session(const QString &sessionId) const
{
    const QString id = resolve(sessionId);
    if (sees(id))
        return m_engine->session(id);
    return QtFuture::makeReadyFuture(Result<Conversation::SessionDetail>(fail(Conversation::sessionNotFound(id))));
}

QFuture<Result<Personas::Persona>> SessionScope::activePersona(const QString &sessionId) const
{
    const QString id = resolve(sessionId);
    if (sees(id))
        return m_engine->activePersona(id);
    return QtFuture::makeReadyFuture(Result<Personas::Persona>(fail(Conversation::sessionNotFound(id))));
}

QFuture<Result<QList<Store::SessionRow>>> SessionScope::sessions(bool openOnly) const
{
    const QString own = m_own;
    return m_engine->call([own, openOnly](Engine::Engine &engine) -> Result<QList<Store::SessionRow>> {
        QList<Store::SessionRow> visible;
        if (own.isEmpty())
            return visible;
        auto row = engine.sessions().get(own);
        if (!row)
            return row.error().code == ErrorCode::NotFound ? Result<QList<Store::SessionRow>>(visible)
                                                           : fail(row.error());
        if (!openOnly || row->isOpen())
            visible.append(*row);
        return visible;
    });
}

} // namespace Studio::Mcp
