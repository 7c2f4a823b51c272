// SPDX-License-Identifier: MIT
#pragma once

// An MCP client without a socket, for the suites that drive the MCP core directly: it feeds
// bytes into one McpSession with receive() and keeps every message the session writes, parsed,
// so a test sees exactly what a transport would carry.
// Header-only: the suites that use it link studio_mcp.

#include "wsclient.h" // the JSON-RPC message builders

#include <mcp/mcpserver.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTest>

namespace StudioTest {

class SessionClient
{
public:
    explicit SessionClient(Studio::Mcp::McpServer *server, const QString &transport = QStringLiteral("websocket"))
        : session(server->createSession(Studio::Mcp::TransportInfo{transport, QStringLiteral("test"), {}, {}}))
    {
        QObject::connect(session, &Studio::Mcp::McpSession::outgoing, session,
                         [this](const QByteArray &message, const QJsonValue &) {
                             received.append(QJsonDocument::fromJson(message).object());
                         });
    }
    ~SessionClient() { delete session; }
    SessionClient(const SessionClient &) = delete;
    SessionClient &operator=(const SessionClient &) = delete;

    void send(const QByteArray &bytes) { session->receive(bytes); }

    /** Waits for the response to id (and returns it); notifications stay in `received`. */
    QJsonObject call(const QJsonValue &id, const QString &method, const QJsonObject &params = {}, int timeoutMs = 10000)
    {
        send(rpcRequestJson(id, method, params));
        return waitFor(id, timeoutMs);
    }

    /** The response with this id, waiting for it; empty if none came in time. */
    QJsonObject waitFor(const QJsonValue &id, int timeoutMs = 10000) { return waitForResponse(received, id, timeoutMs); }

    /** The notifications with this method received so far, in order. */
    QList<QJsonObject> notifications(const QString &method) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &message : received) {
            if (message.value(QLatin1StringView("method")).toString() == method)
                list.append(message);
        }
        return list;
    }

    /** The handshake as client "harness" 9.9 (what the stored session then shows), initialized
     *  notification included; returns the initialize response. */
    QJsonObject initialize(const QString &protocolVersion = QStringLiteral("2025-06-18"))
    {
        send(initializeJson(0, QStringLiteral("harness"), protocolVersion, QStringLiteral("9.9")));
        const QJsonObject response = waitFor(0);
        send(rpcNotificationJson(QStringLiteral("notifications/initialized")));
        return response;
    }

    /** A tools/call; meta (a progress token, say) goes in params._meta when given. */
    QJsonObject tool(int id, const QString &name, const QJsonObject &arguments = {}, const QJsonObject &meta = {})
    {
        QJsonObject params{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}};
        if (!meta.isEmpty())
            params.insert(QStringLiteral("_meta"), meta);
        return call(id, QStringLiteral("tools/call"), params);
    }

    Studio::Mcp::McpSession *session;
    QList<QJsonObject> received;
};

} // namespace StudioTest
