// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"

#include <common/clock.h>
#include <persona/persona.h>
#include <store/records.h>

#include <QObject>

class QTimer;

namespace Studio::Store {
class Database;
}
namespace Studio::Personas {
class PersonaRegistry;
}

namespace Studio::Conversation {

/** Who opens a session. kind: "desktop", "cli" or "mcp"; serialized, never rename. */
struct SessionOpen
{
    QString kind;
    QString transport;
    QString clientName;
    QString clientVersion;
};

/** @brief Sessions: open, resume, active persona, activity, close, and the idle sweep.
 *  Thread: the engine's. */
class SessionService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionService)

public:
    SessionService(Store::Database &database, Personas::PersonaRegistry &personas, Clock clock,
                   QObject *parent = nullptr);

    Result<Store::SessionRow> open(const SessionOpen &request);
    /** Reopens a stored session (closed ones too): its active persona and conversations come back. */
    Result<Store::SessionRow> resume(const QString &sessionId);
    /** The newest open command-line session, or a new one. */
    Result<Store::SessionRow> cliSession() { return ownSession(QStringLiteral("cli")); }
    /** The newest open session of a front door of our own ("cli", "desktop"), or a new one. */
    Result<Store::SessionRow> ownSession(const QString &kind);

    Result<Store::SessionRow> get(const QString &sessionId);
    Result<SessionDetail> detail(const QString &sessionId);
    Result<QList<Store::SessionRow>> list(bool openOnly, int limit = 1000);

    Result<Personas::Persona> setActivePersona(const QString &sessionId, const QString &personaRef);
    /** The session's active persona; falls back to the default when it was deleted. */
    Result<Personas::Persona> activePersona(const QString &sessionId);
    Result<void> setClient(const QString &sessionId, const QString &name, const QString &version,
                           const QString &transport);
    Result<void> touch(const QString &sessionId);
    Result<bool> close(const QString &sessionId);

    /** Closes the sessions idle for longer than the timeout; returns how many. */
    Result<int> sweepIdle();
    void setIdleTimeoutHours(double hours);
    double idleTimeoutHours() const { return m_idleTimeoutHours; }
    /** Runs sweepIdle every intervalMs (0 stops it). */
    void startSweeping(int intervalMs);

Q_SIGNALS:
    void sessionOpened(const Studio::Store::SessionRow &session);
    void sessionChanged(const Studio::Store::SessionRow &session);
    void sessionClosed(const QString &sessionId);

private:
    void emitChanged(const QString &sessionId);

    Store::Database &m_db;
    Personas::PersonaRegistry &m_personas;
    Clock m_clock;
    double m_idleTimeoutHours = 24.0;
    QTimer *m_sweepTimer = nullptr;
};

} // namespace Studio::Conversation
