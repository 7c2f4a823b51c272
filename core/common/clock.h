// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>

#include <functional>

namespace Studio {

/** @brief The time source of the engine, injectable so tests can move time
 *  (session expiry, recency) without sleeping. Always UTC. */
class Clock
{
public:
    using NowFunction = std::function<QDateTime()>;

    Clock();
    explicit Clock(NowFunction now);

    QDateTime now() const;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }

private:
    NowFunction m_now;
};

/** Milliseconds since the epoch (what the store keeps) to an ISO 8601 UTC string. */
QString isoUtc(qint64 msecsSinceEpoch);

} // namespace Studio
