// SPDX-License-Identifier: MIT
#include "embedder.h"

#include <cmath>

namespace Studio::Memory {

bool normalizeVector(Vector &v)
{
    // Accumulate in double: 768 floats summed in float lose enough precision that a vector
    // normalised twice would drift.
    double sum = 0.0;
    for (const float x : std::as_const(v)) {
        if (!std::isfinite(x))
            return false;
        sum += double(x) * double(x);
    }
    if (!(sum > 0.0) || !std::isfinite(sum))
        return false;
    const double inverse = 1.0 / std::sqrt(sum);
    for (float &x : v)
        x = float(double(x) * inverse);
    return true;
}

} // namespace Studio::Memory
