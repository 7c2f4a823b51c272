// SPDX-License-Identifier: MIT
#pragma once

#include "jsonrpc.h"

#include <common/error.h>

#include <QElapsedTimer>
#include <QJsonObject>
#include <QPointer>

#include <functional>

namespace Studio::Mcp {

class McpSession;

/** @brief One request being answered: its id, params, progress token and cancellation.
 *  Exactly one of respond()/fail() sends the response; after a cancel nothing is sent (MCP:
 *  no response to a cancelled request). Handlers keep the shared pointer while they work
 *  asynchronously. Thread: the MCP thread. */
class RequestContext final
{
public:
    RequestContext(McpSession *session, RpcMessage message);

    const QJsonValue &id() const { return m_message.id; }
    const QString &method() const { return m_message.method; }
    QJsonObject params() const { return m_message.paramsObject(); }
    /** params as sent: an object, an array, or Undefined when absent. */
    const QJsonValue &rawParams() const { return m_message.params; }
    McpSession *session() const { return m_session; }
    QString sessionId() const;
    /** params._meta.progressToken, or Undefined. */
    QJsonValue progressToken() const;

    void respond(const QJsonValue &result);
    /** respond() with a result that is already compact JSON (a cached answer). */
    void respondSerialized(const QByteArray &compactResult);
    /** A result that does not end the request: the old dialect's chat_stream sends several
     *  responses with one id (stream_start, stream_chunk...), the last through respond(). */
    void respondPartial(const QJsonValue &result);
    void fail(const RpcError &error);
    void fail(RpcErrorCode code, const QString &message) { fail(RpcError::make(code, message)); }

    /** A tools/call result with text content and, when given, structuredContent. */
    void toolResult(const QString &text, const QJsonObject &structured = {});
    /** The tools/call result object toolResult() sends. */
    static QJsonObject toolResultObject(const QString &text, const QJsonObject &structured = {});
    /** A tools/call result with isError: true and a message that says what to do. */
    void toolError(const QString &message);

    /** notifications/progress for this request, when the client sent a progress token. */
    void progress(double progress, const QString &message, double total = -1);

    /** notifications/message tied to this request (MCP logging), when the session's level allows it. */
    void log(const QString &level, const QJsonValue &data, const QString &logger = QStringLiteral("persona-studio"));

    /** Called once when the client cancels (notifications/cancelled) or the session closes. */
    void onCancel(std::function<void()> handler);
    void cancel();
    bool isCancelled() const { return m_cancelled; }
    bool isDone() const { return m_done; }
    qint64 elapsedMs() const { return m_timer.elapsed(); }

private:
    void send(const QByteArray &bytes, bool isError);

    QPointer<McpSession> m_session;
    RpcMessage m_message;
    QElapsedTimer m_timer;
    std::function<void()> m_cancelHandler;
    bool m_cancelled = false;
    bool m_done = false;
};

/** Maps an engine error to a JSON-RPC error (protocol-level failures only; domain failures
 *  of tools are tool results with isError). */
RpcError rpcErrorFor(const Error &error);

} // namespace Studio::Mcp
