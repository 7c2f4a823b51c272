// SPDX-License-Identifier: MIT
#include "clock.h"

#include <QTimeZone>

namespace Studio {

Clock::Clock()
    : m_now([] { return QDateTime::currentDateTimeUtc(); })
{
}

Clock::Clock(NowFunction now)
    : m_now(std::move(now))
{
}

QDateTime Clock::now() const
{
    return m_now();
}

QString isoUtc(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

} // namespace Studio
