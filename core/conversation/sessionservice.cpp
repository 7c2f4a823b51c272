// SPDX-License-Identifier: MIT
#include "sessionservice.h"

#include "conversationlog.h"

#include <persona/personaregistry.h>
#include <store/conversationstore.h>
#include <store/database.h>
#include <store/sessionstore.h>

#include <common/secretid.h>

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Studio::Conversation {

SessionService::SessionService(Store::Database &database, Personas::PersonaRegistry &personas, Clock clock,
                               QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_personas(personas)
    , m_clock(std::move(clock))
{
}

Result<Store::SessionRow> SessionService::open(const SessionOpen &request)
{
    static const QStringList kinds = {u"desktop"_s, u"cli"_s, u"mcp"_s};
    if (!kinds.contains(request.kind))
        return fail(ErrorCode::InvalidArgument, u"unknown session kind '%1'"_s.arg(request.kind));
    Store::SessionRow row;
    row.id = newSecretId(); // shown only to its creator: holding it is what lets a client resume
    row.kind = request.kind;
    row.transport = request.transport;
    row.clientName = request.clientName.left(200);
    row.clientVersion = request.clientVersion.left(100);
    row.createdMs = m_clock.nowMs();
    row.lastActiveMs = row.createdMs;
    row.activePersonaId = m_personas.defaultPersona().id;
    if (auto inserted = Store::SessionStore(m_db).insert(row); !inserted)
        return fail(inserted.error());
    qCInfo(lcConversation) << "session opened" << row.id << row.kind << row.transport << row.clientName;
    Q_EMIT sessionOpened(row);
    return row;
}

Result<Store::SessionRow> SessionService::get(const QString &sessionId)
{
    auto found = Store::SessionStore(m_db).find(sessionId);
    if (!found)
        return fail(found.error());
    if (!found->has_value())
        return fail(sessionNotFound(sessionId));
    return **found;
}

Result<Store::SessionRow> SessionService::resume(const QString &sessionId)
{
    auto session = get(sessionId);
    if (!session)
        return session;
    if (auto reopened = Store::SessionStore(m_db).reopen(sessionId, m_clock.nowMs()); !reopened)
        return fail(reopened.error());
    auto resumed = get(sessionId);
    if (resumed) {
        qCInfo(lcConversation) << "session resumed" << sessionId;
        Q_EMIT sessionChanged(*resumed);
    }
    return resumed;
}

Result<Store::SessionRow> SessionService::ownSession(const QString &kind)
{
    auto open = Store::SessionStore(m_db).list(true, kind, 1);
    if (!open)
        return fail(open.error());
    if (!open->isEmpty())
        return open->constFirst();
    return this->open(SessionOpen{kind, kind, u"persona-studio"_s, QStringLiteral(PERSONA_STUDIO_VERSION)});
}

Result<SessionDetail> SessionService::detail(const QString &sessionId)
{
    auto session = get(sessionId);
    if (!session)
        return fail(session.error());
    auto conversations = Store::ConversationStore(m_db).forSession(sessionId, true);
    if (!conversations)
        return fail(conversations.error());
    return SessionDetail{*session, *conversations};
}

Result<QList<Store::SessionRow>> SessionService::list(bool openOnly, int limit)
{
    return Store::SessionStore(m_db).list(openOnly, {}, limit);
}

Result<Personas::Persona> SessionService::setActivePersona(const QString &sessionId, const QString &personaRef)
{
    auto persona = m_personas.find(personaRef);
    if (!persona)
        return persona;
    if (auto session = get(sessionId); !session)
        return fail(session.error());
    if (auto set = Store::SessionStore(m_db).setActivePersona(sessionId, persona->id, m_clock.nowMs()); !set)
        return fail(set.error());
    emitChanged(sessionId);
    return persona;
}

Result<Personas::Persona> SessionService::activePersona(const QString &sessionId)
{
    auto session = get(sessionId);
    if (!session)
        return fail(session.error());
    auto persona = m_personas.find(session->activePersonaId);
    if (persona)
        return persona;
    return m_personas.defaultPersona();
}

Result<void> SessionService::setClient(const QString &sessionId, const QString &name, const QString &version,
                                       const QString &transport)
{
    if (auto set = Store::SessionStore(m_db).setClient(sessionId, name.left(200), version.left(100), transport); !set)
        return set;
    emitChanged(sessionId);
    return {};
}

Result<void> SessionService::touch(const QString &sessionId)
{
    return Store::SessionStore(m_db).touch(sessionId, m_clock.nowMs());
}

Result<bool> SessionService::close(const QString &sessionId)
{
    auto closed = Store::SessionStore(m_db).close(sessionId, m_clock.nowMs());
    if (closed && *closed) {
        qCInfo(lcConversation) << "session closed" << sessionId;
        Q_EMIT sessionClosed(sessionId);
    }
    return closed;
}

void SessionService::setIdleTimeoutHours(double hours)
{
    m_idleTimeoutHours = hours;
}

Result<int> SessionService::sweepIdle()
{
    const qint64 now = m_clock.nowMs();
    const qint64 cutoff = now - qint64(m_idleTimeoutHours * 3600.0 * 1000.0);
    auto closed = Store::SessionStore(m_db).closeIdleBefore(cutoff, now);
    if (!closed)
        return fail(closed.error());
    for (const QString &id : std::as_const(*closed)) {
        qCInfo(lcConversation) << "session expired after" << m_idleTimeoutHours << "idle hours:" << id;
        Q_EMIT sessionClosed(id);
    }
    return int(closed->size());
}

void SessionService::startSweeping(int intervalMs)
{
    if (!m_sweepTimer) {
        m_sweepTimer = new QTimer(this);
        connect(m_sweepTimer, &QTimer::timeout, this, [this] {
            if (auto swept = sweepIdle(); !swept)
                qCWarning(lcConversation) << "session sweep failed:" << swept.error().message;
        });
    }
    if (intervalMs <= 0) {
        m_sweepTimer->stop();
        return;
    }
    m_sweepTimer->start(intervalMs);
}

void SessionService::emitChanged(const QString &sessionId)
{
    if (auto session = get(sessionId))
        Q_EMIT sessionChanged(*session);
}

} // namespace Studio::Conversation
