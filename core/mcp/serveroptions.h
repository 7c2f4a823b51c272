// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace Studio::Mcp {

/** Settings of the MCP endpoint. Loopback by default; a token is required beyond loopback. */
struct ServerOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8000;                 // 0: any free port (tests)
    QString path = QStringLiteral("/mcp");
    QString token;                       // bearer token; empty: none (refused when not loopback)
    QStringList allowedOrigins;          // beyond loopback origins, e.g. "https://app.example"
    QStringList allowedHosts;            // beyond loopback names, for the Host header
    qint64 maxMessageBytes = 4 * 1024 * 1024;
    int maxInFlight = 16;                // requests being answered at once, per session
    double ratePerSecond = 200;          // request-rate bucket per session: refill rate ...
    int rateBurst = 400;                 // ... and size
    int maxConnections = 1000;           // WebSocket connections + open HTTP streams
    int webSocketThreads = 1;            // threads serving WebSocket clients, the MCP thread included (McpHost)
    int handshakeTimeoutMs = 10000;      // WebSocket upgrade and HTTP header read
    int httpSessionIdleMs = 30 * 60 * 1000; // an HTTP session with no request for this long expires (mcp/http_session_idle_s)
    int maxSessionsPerClient = 256;      // live sessions per remote address
    QString databaseId;                  // databaseIdFor() of the app's database; a relay names it to be let in

    bool isLoopbackOnly() const { return address.isLoopback(); }
};

/** What the stdio bridge sends (`?database=`) so that it relays only to an app on the same
 *  database: a hash of the database file's absolute path, which says nothing about the path. */
QString databaseIdFor(const QString &databasePath);

} // namespace Studio::Mcp
