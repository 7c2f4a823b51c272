// SPDX-License-Identifier: MIT
#include "recallscoring.h"

#include <algorithm>
#include <cmath>

namespace Studio::Memory {

namespace {
constexpr double kMsPerHour = 3600.0 * 1000.0;
// Below this spread the cosines are equal for all practical purposes (float vectors).
constexpr double kFlatSpread = 1e-9;
}

double recencyScore(qint64 lastAccessedMs, qint64 nowMs)
{
    const double hours = std::max(0.0, double(nowMs - lastAccessedMs) / kMsPerHour);
    return std::pow(kRecencyDecayPerHour, hours);
}

QList<ScoredCandidate> rankCandidates(const QList<ScoringCandidate> &candidates, const RecallWeights &weights,
                                      qint64 nowMs)
{
    QList<ScoredCandidate> scored;
    if (candidates.isEmpty())
        return scored;
    double lowest = candidates.constFirst().relevanceRaw;
    double highest = lowest;
    for (const ScoringCandidate &candidate : candidates) {
        lowest = std::min(lowest, candidate.relevanceRaw);
        highest = std::max(highest, candidate.relevanceRaw);
    }
    const double spread = highest - lowest;
    const double wRel = std::max(0.0, weights.relevance);
    const double wRec = std::max(0.0, weights.recency);
    const double wImp = std::max(0.0, weights.importance);

    scored.reserve(candidates.size());
    for (const ScoringCandidate &candidate : candidates) {
        ScoreBreakdown score;
        score.relevanceRaw = candidate.relevanceRaw;
        score.relevance = spread > kFlatSpread ? (candidate.relevanceRaw - lowest) / spread : 1.0;
        score.recency = recencyScore(candidate.lastAccessedMs, nowMs);
        score.importance = std::clamp(candidate.importance, 0.0, 1.0);
        score.total = wRel * score.relevance + wRec * score.recency + wImp * score.importance;
        scored.append(ScoredCandidate{candidate.id, score});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const ScoredCandidate &a, const ScoredCandidate &b) {
        if (a.score.total != b.score.total)
            return a.score.total > b.score.total;
        if (a.score.relevanceRaw != b.score.relevanceRaw)
            return a.score.relevanceRaw > b.score.relevanceRaw;
        return a.id > b.id;
    });
    return scored;
}

} // namespace Studio::Memory
