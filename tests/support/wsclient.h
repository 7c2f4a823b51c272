// SPDX-License-Identifier: MIT
#pragma once

// JSON-RPC helpers and a QWebSocket MCP client for the endpoint suites (the helpers serve
// sessionclient.h too). Header-only: the suites that use it link Qt WebSockets through studio_mcp.

#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTest>
#include <QWebSocket>

namespace StudioTest {

inline QByteArray rpcRequestJson(const QJsonValue &id, const QString &method, const QJsonObject &params = {})
{
    QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id},
                        {QStringLiteral("method"), method}};
    if (!params.isEmpty())
        message.insert(QStringLiteral("params"), params);
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

inline QByteArray rpcNotificationJson(const QString &method, const QJsonObject &params = {})
{
    QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("method"), method}};
    if (!params.isEmpty())
        message.insert(QStringLiteral("params"), params);
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

inline QByteArray initializeJson(int id = 1, const QString &clientName = QStringLiteral("tst-ws"),
                                 const QString &protocolVersion = QStringLiteral("2025-06-18"),
                                 const QString &clientVersion = QStringLiteral("1"))
{
    return rpcRequestJson(
        id, QStringLiteral("initialize"),
        QJsonObject{{QStringLiteral("protocolVersion"), protocolVersion},
                    {QStringLiteral("capabilities"), QJsonObject()},
                    {QStringLiteral("clientInfo"),
                     QJsonObject{{QStringLiteral("name"), clientName}, {QStringLiteral("version"), clientVersion}}}});
}

/** A tools/call response's first text content, structuredContent and isError flag. */
inline QString toolText(const QJsonObject &response)
{
    return response.value(QLatin1StringView("result")).toObject().value(QLatin1StringView("content")).toArray()
        .at(0).toObject().value(QLatin1StringView("text")).toString();
}

inline QJsonObject toolStructured(const QJsonObject &response)
{
    return response.value(QLatin1StringView("result")).toObject().value(QLatin1StringView("structuredContent")).toObject();
}

inline bool isToolError(const QJsonObject &response)
{
    return response.value(QLatin1StringView("result")).toObject().value(QLatin1StringView("isError")).toBool();
}

/** The response with this id among the received messages, waiting for it to arrive (the event
 *  loop runs meanwhile); empty if none came in time. Notifications are skipped. */
inline QJsonObject waitForResponse(const QList<QJsonObject> &received, const QJsonValue &id, int timeoutMs)
{
    QJsonObject found;
    [[maybe_unused]] const bool arrived = QTest::qWaitFor(
        [&] {
            for (const QJsonObject &message : std::as_const(received)) {
                if (message.value(QLatin1StringView("id")) == id && !message.contains(QLatin1StringView("method"))) {
                    found = message;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

/** The result of an engine call, waiting for it (the event loop runs meanwhile). */
template<typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10000))
        qFatal("an engine call did not finish within 10 s");
    return future.result();
}

/** A QWebSocket client that keeps every text message it receives, parsed. */
class WsClient
{
public:
    WsClient()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &message) {
            received.append(QJsonDocument::fromJson(message.toUtf8()).object());
        });
        QObject::connect(&socket, &QWebSocket::connected, &socket, [this] { connected = true; });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] { disconnected = true; });
    }
    ~WsClient() { socket.disconnect(); }
    WsClient(const WsClient &) = delete;
    WsClient &operator=(const WsClient &) = delete;

    bool waitConnected() { return QTest::qWaitFor([this] { return connected || disconnected; }, 10000) && connected; }
    void send(const QByteArray &json) { socket.sendTextMessage(QString::fromUtf8(json)); }
    /** The response with this id, waiting for it; notifications before it stay in `received`. */
    QJsonObject waitFor(const QJsonValue &id, int timeoutMs = 10000) { return waitForResponse(received, id, timeoutMs); }
    QJsonObject call(const QJsonValue &id, const QString &method, const QJsonObject &params = {})
    {
        send(rpcRequestJson(id, method, params));
        return waitFor(id);
    }
    /** A notification with this method arrived (waiting for it). */
    bool waitForNotification(const QString &method, int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [&] {
                for (const QJsonObject &message : std::as_const(received)) {
                    if (message.value(QLatin1StringView("method")).toString() == method
                        && !message.contains(QLatin1StringView("id")))
                        return true;
                }
                return false;
            },
            timeoutMs);
    }

    QWebSocket socket;
    QList<QJsonObject> received;
    bool connected = false;
    bool disconnected = false;
};

} // namespace StudioTest
