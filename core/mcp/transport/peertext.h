// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QString>

namespace Studio::Mcp {

/** "127.0.0.1:54321" or "[::1]:54321" (an IPv4-mapped IPv6 address as IPv4): how the inspector,
 *  the logs and the WebSocket hand-over name a client. */
QString peerText(const QHostAddress &address, quint16 port);

} // namespace Studio::Mcp
