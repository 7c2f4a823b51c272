// SPDX-License-Identifier: MIT
#include "memoryprojection.h"

#include <cmath>
#include <vector>

namespace Studio::Memory {

namespace {

constexpr int kMaxIterations = 200;
constexpr double kConverged = 1e-10;

using Column = std::vector<double>;

double norm(const Column &v)
{
    double sum = 0.0;
    for (const double x : v)
        sum += x * x;
    return std::sqrt(sum);
}

/** cov * v, with cov = X^T X / n of the centred rows. */
Column covarianceTimes(const std::vector<Column> &rows, const Column &v)
{
    Column out(v.size(), 0.0);
    for (const Column &row : rows) {
        double projection = 0.0;
        for (size_t i = 0; i < v.size(); ++i)
            projection += row[i] * v[i];
        for (size_t i = 0; i < v.size(); ++i)
            out[i] += projection * row[i];
    }
    const double n = double(rows.size());
    for (double &x : out)
        x /= n;
    return out;
}

void removeComponent(Column &v, const Column &axis)
{
    double along = 0.0;
    for (size_t i = 0; i < v.size(); ++i)
        along += v[i] * axis[i];
    for (size_t i = 0; i < v.size(); ++i)
        v[i] -= along * axis[i];
}

/** The dominant eigenvector of the covariance (orthogonal to `against`, when given) and its eigenvalue. */
std::pair<Column, double> principalAxis(const std::vector<Column> &rows, size_t dimension, const Column *against)
{
    Column v(dimension);
    // A fixed, uneven start: it has a component along every axis that matters in practice.
    for (size_t i = 0; i < dimension; ++i)
        v[i] = 1.0 + 0.5 * std::sin(double(i) * 0.7071 + 0.3);
    if (against)
        removeComponent(v, *against);
    double length = norm(v);
    if (length == 0.0)
        return {Column(dimension, 0.0), 0.0};
    for (double &x : v)
        x /= length;
    double eigenvalue = 0.0;
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        Column next = covarianceTimes(rows, v);
        if (against)
            removeComponent(next, *against);
        eigenvalue = norm(next);
        if (eigenvalue == 0.0)
            return {Column(dimension, 0.0), 0.0};
        double change = 0.0;
        for (size_t i = 0; i < dimension; ++i) {
            next[i] /= eigenvalue;
            change += (next[i] - v[i]) * (next[i] - v[i]);
        }
        v = std::move(next);
        if (change < kConverged)
            break;
    }
    // The sign of an eigenvector is arbitrary; fix it so the map does not flip between runs.
    size_t largest = 0;
    for (size_t i = 1; i < dimension; ++i) {
        if (std::abs(v[i]) > std::abs(v[largest]))
            largest = i;
    }
    if (v[largest] < 0)
        for (double &x : v)
            x = -x;
    return {v, eigenvalue};
}

} // namespace

Projection projectTo2D(const QList<Vector> &vectors)
{
    Projection projection;
    if (vectors.isEmpty())
        return projection;
    const size_t dimension = size_t(vectors.constFirst().size());
    const size_t n = size_t(vectors.size());
    Column mean(dimension, 0.0);
    for (const Vector &vector : vectors) {
        for (size_t i = 0; i < dimension && i < size_t(vector.size()); ++i)
            mean[i] += double(vector.at(qsizetype(i)));
    }
    for (double &x : mean)
        x /= double(n);
    std::vector<Column> rows(n, Column(dimension, 0.0));
    double totalVariance = 0.0;
    for (size_t r = 0; r < n; ++r) {
        const Vector &vector = vectors.at(qsizetype(r));
        for (size_t i = 0; i < dimension && i < size_t(vector.size()); ++i) {
            rows[r][i] = double(vector.at(qsizetype(i))) - mean[i];
            totalVariance += rows[r][i] * rows[r][i];
        }
    }
    totalVariance /= double(n);

    const auto [first, firstValue] = principalAxis(rows, dimension, nullptr);
    const auto [second, secondValue] = principalAxis(rows, dimension, &first);
    projection.points.reserve(qsizetype(n));
    for (const Column &row : rows) {
        double x = 0.0;
        double y = 0.0;
        for (size_t i = 0; i < dimension; ++i) {
            x += row[i] * first[i];
            y += row[i] * second[i];
        }
        projection.points.append(QPointF(x, y));
    }
    projection.explained = totalVariance > 0.0 ? std::min(1.0, (firstValue + secondValue) / totalVariance) : 0.0;
    return projection;
}

} // namespace Studio::Memory
