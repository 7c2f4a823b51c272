// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QStringList>

namespace Studio::Mcp {

/** The names a client on the network may rightly put in `Host` to reach this machine when the
 *  endpoint listens beyond loopback: the host name, its `.local` (mDNS) name and the fully
 *  qualified name when there is a domain, and every address of every interface (IPv6 in
 *  brackets, link-local ones without their zone). Lower case, without ports. listenAddress, when
 *  it is a specific address, is included too. Asks the operating system each time; call it once
 *  when starting to listen. Thread: any. */
QStringList machineHostNames(const QHostAddress &listenAddress = {});

} // namespace Studio::Mcp
