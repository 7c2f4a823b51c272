// SPDX-License-Identifier: MIT
#include "memorypruning.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

namespace {
constexpr double kMsPerDay = 24.0 * 3600.0 * 1000.0;
}

bool isProtected(double importance, qint64 lastAccessedMs, qint64 nowMs, const ProtectionPolicy &protect)
{
    if (importance >= protect.importance)
        return true;
    return double(nowMs - lastAccessedMs) < protect.recentDays * kMsPerDay;
}

std::optional<double> decayedImportance(const DecayInput &memory, qint64 nowMs, const DecayPolicy &decay,
                                        const ProtectionPolicy &protect)
{
    if (isProtected(memory.importance, memory.lastAccessedMs, nowMs, protect))
        return std::nullopt;
    if (memory.importance <= decay.floor)
        return std::nullopt;
    const qint64 from = std::max(memory.lastAccessedMs, memory.decayedMs);
    const double days = double(nowMs - from) / kMsPerDay;
    if (days <= 0.0)
        return std::nullopt;
    const double rate = std::clamp(decay.ratePerDay, 0.0, 1.0);
    const double next = std::max(decay.floor, memory.importance * std::pow(rate, days));
    if (next >= memory.importance)
        return std::nullopt;
    return next;
}

PrunePlan planPrune(const QList<PruneItem> &items, qint64 nowMs, const PrunePolicy &policy, bool force)
{
    PrunePlan plan;
    const int count = int(items.size());
    plan.before = count;
    const bool overHardMax = count > policy.hardMax;
    ProtectionPolicy protect = policy.protect;
    if (overHardMax)
        protect.recentDays = 0; // rule 5: the hard maximum outranks recency, never importance

    QList<PruneItem> eligible;
    for (const PruneItem &item : items) {
        if (isProtected(item.importance, item.lastAccessedMs, nowMs, protect))
            ++plan.protectedCount;
        else
            eligible.append(item);
    }

    if (count <= policy.startAt && !force) {
        plan.reason = u"%1 memories; pruning starts above %2."_s.arg(count).arg(policy.startAt);
        return plan;
    }
    const int wanted = count - policy.target;
    if (wanted <= 0) {
        plan.reason = u"%1 memories, not above the target of %2."_s.arg(count).arg(policy.target);
        return plan;
    }
    plan.needsPruning = true;
    const int shareLimit = std::max(1, int(std::floor(double(count) * std::clamp(policy.maxShare, 0.0, 1.0))));
    const int floorLimit = std::max(0, count - policy.minCount);
    const int limit = std::min({wanted, shareLimit, floorLimit, int(eligible.size())});

    std::sort(eligible.begin(), eligible.end(), [](const PruneItem &a, const PruneItem &b) {
        if (a.importance != b.importance)
            return a.importance < b.importance;
        if (a.lastAccessedMs != b.lastAccessedMs)
            return a.lastAccessedMs < b.lastAccessedMs;
        return a.id < b.id;
    });
    for (int i = 0; i < limit; ++i)
        plan.remove.append(eligible.at(i).id);

    QString bound;
    if (limit == wanted)
        bound = u"down to the target of %1"_s.arg(policy.target);
    else if (limit == floorLimit)
        bound = u"no further: at least %1 are always kept"_s.arg(policy.minCount);
    else if (limit == shareLimit)
        bound = u"at most %1% of them per run"_s.arg(std::round(policy.maxShare * 100.0));
    else
        bound = u"only %1 are not protected (importance >= %2 or accessed within %3 days)"_s.arg(eligible.size())
                    .arg(policy.protect.importance)
                    .arg(protect.recentDays);
    plan.reason = u"%1 memories, above %2%3: %4 pruned, %5."_s.arg(count)
                      .arg(force && count <= policy.startAt ? policy.target : policy.startAt)
                      .arg(overHardMax ? u" and the hard maximum of %1"_s.arg(policy.hardMax) : QString())
                      .arg(limit)
                      .arg(bound);
    return plan;
}

} // namespace Studio::Memory
