// SPDX-License-Identifier: MIT
#include "trafficlog.h"

namespace Studio::Mcp {

TrafficLog::TrafficLog(qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(qMax<qsizetype>(1, capacity))
{
    m_ring.reserve(m_capacity);
}

void TrafficLog::append(TrafficEvent event)
{
    if (event.payload.size() > kPayloadMax)
        event.payload.truncate(kPayloadMax);
    bool signal = false;
    {
        QMutexLocker lock(&m_mutex);
        if (m_ring.size() < m_capacity) {
            m_ring.append(std::move(event));
        } else {
            m_ring[m_head] = std::move(event);
            m_head = (m_head + 1) % m_capacity;
            ++m_dropped;
        }
        signal = !std::exchange(m_signalled, true);
    }
    // Emitted outside the lock, once per batch: a busy endpoint costs the reader one wake-up.
    if (signal)
        Q_EMIT eventsAvailable();
}

QList<TrafficEvent> TrafficLog::takeAll()
{
    QMutexLocker lock(&m_mutex);
    QList<TrafficEvent> events;
    events.reserve(m_ring.size());
    for (qsizetype i = 0; i < m_ring.size(); ++i)
        events.append(std::move(m_ring[(m_head + i) % m_ring.size()]));
    m_ring.clear();
    m_head = 0;
    m_signalled = false;
    return events;
}

qsizetype TrafficLog::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_ring.size();
}

} // namespace Studio::Mcp
