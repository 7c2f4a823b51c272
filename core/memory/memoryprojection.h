// SPDX-License-Identifier: MIT
#pragma once

#include "embedder.h"

#include <QList>
#include <QPointF>

namespace Studio::Memory {

struct Projection
{
    QList<QPointF> points; // one per input vector, in order
    double explained = 0.0; // share of the total variance on the two axes, 0..1
};

/** @brief Principal component analysis down to two dimensions, for the memory map.
 *
 *  The vectors are centred on their mean; the first two principal axes come from power
 *  iteration on the covariance (applied as X^T (X v) / n, never formed as a d x d matrix),
 *  the second deflated against the first. Deterministic: a fixed start vector and each axis
 *  turned so that its largest coordinate is positive, so the same memories always give the
 *  same map. All vectors must have the same length. Pure and thread-safe: the service runs
 *  it off the engine thread. */
Projection projectTo2D(const QList<Vector> &vectors);

} // namespace Studio::Memory
