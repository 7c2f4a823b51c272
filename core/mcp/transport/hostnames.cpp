// SPDX-License-Identifier: MIT
#include "hostnames.h"

#include <QHostInfo>
#include <QNetworkInterface>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

QString hostText(QHostAddress address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        // A Host header cannot carry a zone usefully ("%25eth0" is rarely sent); match without it.
        address.setScopeId(QString());
        return u'[' + address.toString().toLower() + u']';
    }
    return address.toString();
}

} // namespace

QStringList machineHostNames(const QHostAddress &listenAddress)
{
    QStringList names;
    auto add = [&names](QString name) {
        name = name.trimmed().toLower();
        while (name.endsWith(u'.'))
            name.chop(1);
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    };

    const QString hostName = QHostInfo::localHostName();
    if (!hostName.isEmpty()) {
        add(hostName);
        const QString shortName = hostName.section(u'.', 0, 0);
        add(shortName);
        add(shortName + u".local"_s);
        const QString domain = QHostInfo::localDomainName();
        if (!domain.isEmpty())
            add(shortName + u'.' + domain);
    }
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses)
        add(hostText(address));
    if (!listenAddress.isNull() && listenAddress != QHostAddress::Any && listenAddress != QHostAddress::AnyIPv4
        && listenAddress != QHostAddress::AnyIPv6)
        add(hostText(listenAddress));
    return names;
}

} // namespace Studio::Mcp
