// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QObject;

namespace Studio::Memory {

/** An embedding: L2-normalised (unit length), so inner product = cosine similarity. */
using Vector = QList<float>;

struct EmbedResult
{
    QList<Vector> vectors;
};

/** @brief Turns texts into vectors for the memory index. Each memory stores the id() of the
 *  embedder that made its vector; vectors of different embedders are never compared.
 *  Thread: the engine's. */
class Embedder
{
public:
    virtual ~Embedder() = default;

    /** Stable across runs and versions, stored with each memory: "hash-v1-384",
     *  "ollama:nomic-embed-text". A change of algorithm must change the id. */
    virtual QString id() const = 0;

    /** Length of the vectors; 0 until known (Ollama: learned from the first answer). */
    virtual int dimension() const = 0;

    /** Embeds texts (batched), one vector per text in order. done runs exactly once, on this
     *  thread and never from inside embed(), unless context was destroyed first. */
    virtual void embed(const QStringList &texts, QObject *context,
                       std::function<void(Result<QList<Vector>>)> done) = 0;

protected:
    Embedder() = default;
    Embedder(const Embedder &) = default;
    Embedder &operator=(const Embedder &) = default;
};

/** Scales v to unit length in place; false (v unchanged) when it is zero or not finite. */
bool normalizeVector(Vector &v);

} // namespace Studio::Memory
