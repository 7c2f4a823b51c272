// SPDX-License-Identifier: MIT
#pragma once

#include "embedder.h"

#include <common/error.h>

#include <QList>
#include <QString>

#include <memory>

namespace Studio::Memory {

struct IndexHit
{
    qint64 label = 0;       // the memory id
    float similarity = 0.f; // inner product = cosine on normalised vectors, in [-1, 1]
};

/** @brief Approximate nearest neighbours over unit vectors: hnswlib's HierarchicalNSW<float>
 *  with an inner-product space (distance 1 - dot); label = memory id.
 *
 *  hnswlib is included by vectorindex.cpp only (it cannot be included twice in one binary) and
 *  none of its exceptions leave this class: every failure is a Result. Vectors are normalised
 *  again on the way in, so similarity is the cosine even for a caller that forgot.
 *
 *  Deletion is hnswlib's markDelete: the slot stays in the graph (and the file) until the index
 *  is rebuilt; adding the label again revives it with the new vector.
 *
 *  Not thread-safe: one owner thread (the memory service's); search() is const but sets the
 *  search breadth inside hnswlib, so even concurrent searches are not allowed. */
class VectorIndex
{
public:
    /** m: graph degree (hnswlib M, 2..100); efConstruction: build breadth (>= 1). */
    static Result<std::unique_ptr<VectorIndex>> create(int dimension, qsizetype initialCapacity = 1024,
                                                       int m = 16, int efConstruction = 200);

    /** Loads a file written by save(). A missing file is NotFound; a truncated, corrupt or
     *  unreadable one, or one built for another dimension, is Storage. Never throws, never
     *  crashes: the header and every graph link are checked before the index is used. */
    static Result<std::unique_ptr<VectorIndex>> load(const QString &path, int dimension);

    ~VectorIndex();
    VectorIndex(const VectorIndex &) = delete;
    VectorIndex &operator=(const VectorIndex &) = delete;

    int dimension() const;
    qint64 size() const;     // live elements (deleted ones excluded)
    qint64 capacity() const; // slots allocated, live and deleted; grows by doubling

    /** Adds or replaces. InvalidArgument for a wrong dimension and for NaN, infinite or zero
     *  vectors (a zero vector has no direction, so its inner products mean nothing). */
    Result<void> add(qint64 label, const Vector &vector);

    /** markDelete; NotFound for a label that is unknown or already removed. */
    Result<void> remove(qint64 label);

    bool contains(qint64 label) const; // live
    QList<qint64> labels() const;      // live, ascending

    /** The k most similar live vectors, best first; fewer when fewer are live. ef (raised to k
     *  when smaller) trades time for recall. InvalidArgument for a wrong dimension, a NaN or zero
     *  query, or k < 0. */
    Result<QList<IndexHit>> search(const Vector &query, int k, int ef = 64) const;

    /** Atomic: writes <path>.tmp, checks its size, fsyncs it, renames it over path and fsyncs the
     *  directory. On failure path is untouched and no .tmp is left. Storage on I/O errors. */
    Result<void> save(const QString &path) const;

private:
    struct Private;
    explicit VectorIndex(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

/** The inner-product kernel chosen for this CPU at run time ("avx2+fma", "sse", "scalar"),
 *  for logs and benchmarks. */
QString vectorKernelName();

} // namespace Studio::Memory
