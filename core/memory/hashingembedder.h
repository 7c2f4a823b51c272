// SPDX-License-Identifier: MIT
#pragma once

#include "embedder.h"

namespace Studio::Memory {

/** @brief The built-in offline embedder: feature hashing, so memory works with no model at all.
 *
 *  Features of the case-folded (NFKC) text: each word (a run of letters and digits; all other
 *  characters separate words) and the character 3- and 4-grams of each word framed as "<word>".
 *  Every feature is hashed (64-bit FNV-1a) into one of dimension() buckets with a sign taken
 *  from the hash (signed hashing, so collisions cancel on average instead of piling up), and
 *  the sum is L2-normalised. A few English function words ("the", "is", "my", ...) count a
 *  quarter and bring no n-grams, so that sentences are not similar merely for sharing them.
 *
 *  Deterministic: the same text gives the same vector in every process and on every platform
 *  (no seeded hashes). Changing any of the above must change id().
 *
 *  A text without any letter or digit (empty, whitespace, punctuation) gives the ZERO vector of
 *  the dimension: it has no direction, VectorIndex refuses it, and callers skip such texts.
 *  Thread: any (no state besides the dimension). */
class HashingEmbedder final : public Embedder
{
public:
    explicit HashingEmbedder(int dimension = 384);

    QString id() const override;     // "hash-v1-<dimension>"
    int dimension() const override;

    /** Computes every vector at once and calls done from the event loop (never from here). */
    void embed(const QStringList &texts, QObject *context,
               std::function<void(Result<QList<Vector>>)> done) override;

    /** Synchronous; a unit vector, or the zero vector for a text without words (see above). */
    Vector embedNow(const QString &text) const;

private:
    int m_dimension;
};

} // namespace Studio::Memory
