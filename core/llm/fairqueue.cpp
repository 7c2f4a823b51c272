// SPDX-License-Identifier: MIT
#include "fairqueue.h"

#include <algorithm>

namespace Studio::Llm {

void FairQueue::enqueue(quint64 id, const QString &lane)
{
    if (m_keys.contains(id))
        return;
    const quint64 tag = std::max(m_virtualTime, m_laneTags.value(lane, 0)) + 1;
    m_laneTags.insert(lane, tag);
    const Key key{tag, m_nextSequence++};
    m_waiting.emplace(key, id);
    m_keys.insert(id, key);
}

std::optional<quint64> FairQueue::takeNext()
{
    if (m_waiting.empty())
        return std::nullopt;
    const auto first = m_waiting.begin();
    const quint64 id = first->second;
    // The virtual time is the start of the call now served (its tag is where it ends): a lane
    // that arrives while it runs goes before the second call of a lane that has many waiting.
    m_virtualTime = std::max(m_virtualTime, first->first.tag - 1);
    m_waiting.erase(first);
    m_keys.remove(id);
    forgetIdleLanes();
    return id;
}

bool FairQueue::remove(quint64 id)
{
    const auto key = m_keys.constFind(id);
    if (key == m_keys.constEnd())
        return false;
    m_waiting.erase(*key);
    m_keys.erase(key);
    return true;
}

QList<quint64> FairQueue::order() const
{
    QList<quint64> ids;
    ids.reserve(qsizetype(m_waiting.size()));
    for (const auto &entry : m_waiting)
        ids.append(entry.second);
    return ids;
}

int FairQueue::ahead(quint64 id) const
{
    const auto key = m_keys.constFind(id);
    if (key == m_keys.constEnd())
        return -1;
    return int(std::distance(m_waiting.begin(), m_waiting.find(*key)));
}

void FairQueue::forgetIdleLanes()
{
    // A lane whose newest tag the virtual time has passed behaves exactly like a new lane.
    if (m_laneTags.size() <= 2 * m_keys.size() + 64)
        return;
    for (auto it = m_laneTags.begin(); it != m_laneTags.end();) {
        if (it.value() <= m_virtualTime)
            it = m_laneTags.erase(it);
        else
            ++it;
    }
}

} // namespace Studio::Llm
