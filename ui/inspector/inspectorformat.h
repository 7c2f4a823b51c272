// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>

namespace Studio::Ui {

/** @brief How the inspector writes times, durations and sizes: locale-aware, translated units.
 *  Thread: any (pure functions). */
class InspectorFormat final
{
    Q_DECLARE_TR_FUNCTIONS(Studio::Ui::InspectorFormat)

public:
    InspectorFormat() = delete;

    /** A wall-clock time with milliseconds, for traffic rows ("14:03:07.125"). */
    static QString preciseTime(qint64 msSinceEpoch);
    /** The time of day when today, otherwise the short date and time. */
    static QString moment(qint64 msSinceEpoch);
    /** "840 ms", "2.4 s"; empty for a negative value (not measured). */
    static QString duration(double ms);
    static QString count(qint64 value);
    static QString bytes(qint64 value);
    /** "WebSocket", "Streamable HTTP", "stdio", or "in-process" for the desktop and the command line. */
    static QString transport(const QString &transport);
};

} // namespace Studio::Ui
