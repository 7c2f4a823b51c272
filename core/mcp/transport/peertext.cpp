// SPDX-License-Identifier: MIT
#include "peertext.h"

namespace Studio::Mcp {

QString peerText(const QHostAddress &address, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QString host = isV4 ? QHostAddress(v4).toString() : u'[' + address.toString() + u']';
    return host + u':' + QString::number(port);
}

} // namespace Studio::Mcp
