// SPDX-License-Identifier: MIT
#include "requestcontext.h"

#include "mcpsession.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

RequestContext::RequestContext(McpSession *session, RpcMessage message)
    : m_session(session)
    , m_message(std::move(message))
{
    m_timer.start();
}

QString RequestContext::sessionId() const
{
    return m_session ? m_session->sessionId() : QString();
}

QJsonValue RequestContext::progressToken() const
{
    const QJsonValue token = params().value("_meta"_L1).toObject().value("progressToken"_L1);
    return (token.isString() || token.isDouble()) ? token : QJsonValue(QJsonValue::Undefined);
}

void RequestContext::send(const QByteArray &bytes, bool isError)
{
    if (m_done || m_cancelled)
        return;
    m_done = true;
    if (!m_session)
        return;
    m_session->sendRaw(bytes, m_message.id, m_message.method, isError);
    m_session->finishRequest(this, isError);
}

void RequestContext::respond(const QJsonValue &result)
{
    send(rpcResult(m_message.id, result), false);
}

void RequestContext::respondSerialized(const QByteArray &compactResult)
{
    send(rpcResultSerialized(m_message.id, compactResult), false);
}

void RequestContext::respondPartial(const QJsonValue &result)
{
    if (m_done || m_cancelled || !m_session)
        return;
    m_session->sendRaw(rpcResult(m_message.id, result), m_message.id, m_message.method, false);
}

void RequestContext::fail(const RpcError &error)
{
    send(rpcError(m_message.id, error), true);
}

QJsonObject RequestContext::toolResultObject(const QString &text, const QJsonObject &structured)
{
    QJsonObject result{{u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}}}},
                       {u"isError"_s, false}};
    if (!structured.isEmpty())
        result.insert(u"structuredContent"_s, structured);
    return result;
}

void RequestContext::toolResult(const QString &text, const QJsonObject &structured)
{
    respond(toolResultObject(text, structured));
}

void RequestContext::toolError(const QString &message)
{
    respond(QJsonObject{{u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, message}}}},
                        {u"isError"_s, true}});
}

void RequestContext::progress(double progress, const QString &message, double total)
{
    const QJsonValue token = progressToken();
    if (token.isUndefined() || m_done || m_cancelled || !m_session)
        return;
    QJsonObject params{{u"progressToken"_s, token}, {u"progress"_s, progress}};
    if (total >= 0)
        params.insert(u"total"_s, total);
    if (!message.isEmpty())
        params.insert(u"message"_s, message);
    m_session->sendRaw(rpcNotification(u"notifications/progress"_s, params), m_message.id,
                       u"notifications/progress"_s, false);
}

void RequestContext::log(const QString &level, const QJsonValue &data, const QString &logger)
{
    if (m_done || m_cancelled || !m_session || !m_session->wantsLog(level))
        return;
    m_session->sendRaw(rpcNotification(u"notifications/message"_s,
                                       QJsonObject{{u"level"_s, level}, {u"logger"_s, logger}, {u"data"_s, data}}),
                       m_message.id, u"notifications/message"_s, false);
}

void RequestContext::onCancel(std::function<void()> handler)
{
    m_cancelHandler = std::move(handler);
}

void RequestContext::cancel()
{
    if (m_done || m_cancelled)
        return;
    m_cancelled = true;
    if (auto handler = std::exchange(m_cancelHandler, {}))
        handler();
}

RpcError rpcErrorFor(const Error &error)
{
    switch (error.code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::TooLarge:
        return RpcError::make(RpcErrorCode::InvalidParams, error.message);
    case ErrorCode::NotFound:
        return RpcError::make(RpcErrorCode::InvalidParams, error.message);
    case ErrorCode::Busy:
        return RpcError::make(RpcErrorCode::TooManyRequests, error.message);
    default:
        return RpcError::make(RpcErrorCode::InternalError, error.message);
    }
}

} // namespace Studio::Mcp
