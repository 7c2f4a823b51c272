// SPDX-License-Identifier: MIT
#pragma once

#include <conversation/chattypes.h>
#include <conversation/sessionservice.h>
#include <persona/persona.h>
#include <store/records.h>

#include <QFuture>
#include <QString>

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::Mcp {

/** @brief What one MCP client may see of the stored sessions: the session it created or
 *  resumed, and nothing of anybody else's. Another client's session answers exactly as an
 *  unknown one would, error text and order of checks included, so that an id tells nothing
 *  about whether it exists. The desktop window and the command line do not come through here:
 *  they are the local user and see everything.
 *  The calls mirror EngineClient's; an empty sessionId means the client's own session.
 *  Thread: the MCP thread (the futures finish on the engine thread). A value type. */
class SessionScope
{
public:
    SessionScope(Engine::EngineClient *engine, QString ownSessionId);

    /** The session a request names: its own when requested is empty. */
    QString resolve(const QString &requested) const;
    bool sees(const QString &sessionId) const;

    QFuture<Result<Conversation::ConversationPage>> history(const QString &sessionId, const QString &personaRef,
                                                            int offset, int limit) const;
    QFuture<Result<Conversation::SessionDetail>> session(const QString &sessionId) const;
    QFuture<Result<Personas::Persona>> activePersona(const QString &sessionId) const;
    /** The client's own session, when it is in the list the engine would give. */
    QFuture<Result<QList<Store::SessionRow>>> sessions(bool openOnly) const;

private:
    Engine::EngineClient *m_engine;
    QString m_own;
};

} // namespace Studio::Mcp
