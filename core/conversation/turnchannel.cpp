// SPDX-License-Identifier: MIT
#include "turnchannel.h"

namespace Studio::Conversation {

std::shared_ptr<TurnChannel> TurnChannel::create()
{
    return std::shared_ptr<TurnChannel>(new TurnChannel, [](TurnChannel *channel) { channel->deleteLater(); });
}

void TurnChannel::cancel()
{
    std::function<void()> handler;
    {
        QMutexLocker lock(&m_mutex);
        if (m_cancelled.exchange(true))
            return;
        handler = m_cancelHandler;
    }
    if (handler)
        handler();
}

void TurnChannel::setCancelHandler(std::function<void()> handler)
{
    bool runNow = false;
    {
        QMutexLocker lock(&m_mutex);
        m_cancelHandler = handler;
        runNow = m_cancelled.load();
    }
    if (runNow && handler)
        handler();
}

} // namespace Studio::Conversation
