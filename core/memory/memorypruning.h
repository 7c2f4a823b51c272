// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Studio::Memory {

/** Memories that neither decay nor get pruned. */
struct ProtectionPolicy
{
    double importance = 0.8; // importance >= this: a core memory (names, big life facts)
    double recentDays = 7.0; // accessed (recalled, merged, stored) within this many days
};

/** Importance fades with the time since the last access:
 *
 *      importance(now) = importance(last access) * ratePerDay ^ (days since last access)
 *
 *  applied incrementally: each run multiplies by ratePerDay ^ (days since the later of the last
 *  access and the previous run), which composes to the formula above. Never below floor (a
 *  memory stored with less keeps what it has); protected memories are left alone. */
struct DecayPolicy
{
    double ratePerDay = 0.99;
    double floor = 0.05;
};

/** Pruning bounds the memories of one persona (the old server's defaults). */
struct PrunePolicy
{
    int startAt = 900;     // pruning starts when a persona has more than this
    int target = 800;      // and trims down to this
    int hardMax = 1000;    // above this, recency no longer protects (importance still does)
    int minCount = 100;    // never fewer memories than this
    double maxShare = 0.1; // never more than this share of the persona's memories in one run
    ProtectionPolicy protect;
};

bool isProtected(double importance, qint64 lastAccessedMs, qint64 nowMs, const ProtectionPolicy &protect);

struct DecayInput
{
    double importance = 0.0;
    qint64 lastAccessedMs = 0;
    qint64 decayedMs = 0; // decay was applied up to here
};

/** The importance after decay up to nowMs, or nothing when it does not change (protected,
 *  at or below the floor, no time passed). */
std::optional<double> decayedImportance(const DecayInput &memory, qint64 nowMs, const DecayPolicy &decay,
                                        const ProtectionPolicy &protect);

struct PruneItem
{
    qint64 id = 0;
    double importance = 0.0;
    qint64 lastAccessedMs = 0;
};

struct PrunePlan
{
    int before = 0;
    QList<qint64> remove;     // lowest importance first, then least recently accessed
    int protectedCount = 0;   // memories no rule may remove
    bool needsPruning = false;
    QString reason;           // one sentence for reports
};

/** @brief Decides what one persona's pruning removes. Rules, each a hard limit:
 *  1. nothing happens at or below startAt (unless force, which trims toward target anyway);
 *  2. it removes count - target at most;
 *  3. never below minCount;
 *  4. never more than maxShare of the count in one run (rounded down, at least 1);
 *  5. protected memories stay (isProtected); above hardMax only importance protects;
 *  6. lowest importance goes first, ties by the oldest last access, then the lowest id.
 *  Pure, so a dry run and a real run agree. */
PrunePlan planPrune(const QList<PruneItem> &items, qint64 nowMs, const PrunePolicy &policy, bool force);

} // namespace Studio::Memory
