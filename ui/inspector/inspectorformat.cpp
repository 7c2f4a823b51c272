// SPDX-License-Identifier: MIT
#include "inspectorformat.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

QString InspectorFormat::preciseTime(qint64 msSinceEpoch)
{
    // A fixed 24-hour pattern: traffic rows are read like a log, and milliseconds matter.
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toString(u"HH:mm:ss.zzz"_s);
}

QString InspectorFormat::moment(qint64 msSinceEpoch)
{
    if (msSinceEpoch <= 0)
        return {};
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    const QLocale locale;
    if (at.date() == QDate::currentDate())
        return locale.toString(at.time(), QLocale::ShortFormat);
    return locale.toString(at, QLocale::ShortFormat);
}

QString InspectorFormat::duration(double ms)
{
    if (ms < 0)
        return {};
    const QLocale locale;
    if (ms < 1000)
        return tr("%1 ms").arg(locale.toString(ms, 'f', ms < 10 && ms != qRound(ms) ? 1 : 0));
    return tr("%1 s").arg(locale.toString(ms / 1000.0, 'f', 1));
}

QString InspectorFormat::count(qint64 value)
{
    return QLocale().toString(value);
}

QString InspectorFormat::bytes(qint64 value)
{
    return QLocale().formattedDataSize(value, 1);
}

QString InspectorFormat::transport(const QString &transport)
{
    if (transport == "websocket"_L1)
        return tr("WebSocket");
    if (transport == "http"_L1)
        return tr("Streamable HTTP");
    if (transport == "stdio"_L1)
        return tr("stdio");
    if (transport.isEmpty() || transport == "desktop"_L1 || transport == "cli"_L1)
        return tr("in-process"); // the desktop and the command line call the engine directly
    return transport;
}

} // namespace Studio::Ui
