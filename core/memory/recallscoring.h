// SPDX-License-Identifier: MIT
#pragma once

#include "memorytypes.h"

#include <QList>

namespace Studio::Memory {

/** Weights of the recall score; equal by default, as in Generative Agents (Park et al. 2023). */
struct RecallWeights
{
    double relevance = 1.0;
    double recency = 1.0;
    double importance = 1.0;

    bool operator==(const RecallWeights &) const = default;
};

/** Recency decays by this factor per hour since the last access (Generative Agents). */
inline constexpr double kRecencyDecayPerHour = 0.995;

/** 0.995^(hours since lastAccessedMs); 1 for an access in the future (clock skew). */
double recencyScore(qint64 lastAccessedMs, qint64 nowMs);

/** A memory found by the index, before scoring. */
struct ScoringCandidate
{
    qint64 id = 0;
    double relevanceRaw = 0.0; // cosine with the query
    qint64 lastAccessedMs = 0;
    double importance = 0.0;
};

struct ScoredCandidate
{
    qint64 id = 0;
    ScoreBreakdown score;
};

/** @brief The recall score (DESIGN.md "Memory"):
 *
 *      total = wRel * relevance + wRec * recency + wImp * importance
 *
 *  where relevance is the cosine min-max-normalised over the candidate set ((raw - min) /
 *  (max - min); 1 for every candidate when they are all equally relevant, so a lone candidate
 *  is fully relevant), recency = 0.995^(hours since last access) and importance is the
 *  memory's own (0..1). Negative weights count as 0.
 *
 *  Returns every candidate with its breakdown, best first; ties go to the more relevant, then
 *  to the newer id. Pure: the same input gives the same output. */
QList<ScoredCandidate> rankCandidates(const QList<ScoringCandidate> &candidates, const RecallWeights &weights,
                                      qint64 nowMs);

} // namespace Studio::Memory
