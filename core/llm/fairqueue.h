// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <compare>
#include <map>
#include <optional>

namespace Studio::Llm {

/** @brief The waiting line of model calls: round-robin between lanes (one lane per session), so
 *  that a client with twenty calls waiting cannot starve one with a single call.
 *
 *  Start-time fair queuing with unit cost: a call gets the tag max(virtual time, its lane's last
 *  tag) + 1, the call with the smallest tag goes first (ties: arrival order), and serving a call
 *  moves the virtual time to where that call started (its tag - 1). A lane that arrives while
 *  another lane's calls wait is served before that lane's next one, never behind all of them. Ids are the caller's; each is queued at most
 *  once. Thread: any, one owner (a value type). */
class FairQueue
{
public:
    void enqueue(quint64 id, const QString &lane);
    /** The next call to serve, removed from the queue; nothing when empty. */
    std::optional<quint64> takeNext();
    /** Removes a waiting call (cancelled, timed out); false when it was not queued. */
    bool remove(quint64 id);
    bool contains(quint64 id) const { return m_keys.contains(id); }

    qsizetype size() const { return m_keys.size(); }
    bool isEmpty() const { return m_keys.isEmpty(); }
    /** The waiting calls in the order they will be served. O(n). */
    QList<quint64> order() const;
    /** How many calls will be served before id; -1 when it is not queued. O(n). */
    int ahead(quint64 id) const;

private:
    struct Key
    {
        quint64 tag;
        quint64 sequence;
        auto operator<=>(const Key &) const = default;
    };

    void forgetIdleLanes();

    std::map<Key, quint64> m_waiting;
    QHash<quint64, Key> m_keys;
    QHash<QString, quint64> m_laneTags; // the tag of each lane's newest call
    quint64 m_virtualTime = 0;
    quint64 m_nextSequence = 0;
};

} // namespace Studio::Llm
