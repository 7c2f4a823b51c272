// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace Studio::Conversation {

/** @brief The handle of one chat turn, shared by the front door that asked and the engine.
 *
 *  The engine emits the signals on its thread; a receiver on another thread gets them queued,
 *  in order. started and finished are emitted exactly once each for an accepted turn (a turn
 *  refused before it starts emits only finished). cancel() may be called from any thread, at
 *  any time, also before the engine has picked the turn up. Create with create(); the object
 *  is deleted (deleteLater, on its own thread) when the last owner lets go. */
class TurnChannel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TurnChannel)

public:
    static std::shared_ptr<TurnChannel> create();

    void cancel();
    bool isCancelled() const { return m_cancelled.load(); }

    /** Engine side: what cancel() runs; runs at once when cancel() came first. */
    void setCancelHandler(std::function<void()> handler);

Q_SIGNALS:
    void started(qint64 conversationId, qint64 userMessageId, const QString &personaId);
    /** The model call waits in the queue behind `ahead` others (emitted when that changes, and
     *  only while it waits: the first delta means it is being answered). */
    void waiting(int ahead);
    void delta(const QString &text, int tokensSoFar);
    void finished(const Studio::Conversation::TurnResult &result);

private:
    TurnChannel() = default;

    std::atomic_bool m_cancelled = false;
    QMutex m_mutex;
    std::function<void()> m_cancelHandler;
};

using TurnChannelPtr = std::shared_ptr<TurnChannel>;

} // namespace Studio::Conversation
