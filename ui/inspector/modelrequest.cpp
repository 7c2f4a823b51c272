// SPDX-License-Identifier: MIT
#include "modelrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

// Must match Conversation::composeSystemMessage, which appends the summary last under this heading.
constexpr auto kSummaryHeading = "\n\n## Summary of the conversation so far\n"_L1;

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 10);
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace

ModelRequest ModelRequest::parse(const QByteArray &body)
{
    ModelRequest request;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        request.prettyJson = QString::fromUtf8(body);
        return request;
    }
    request.valid = true;
    request.prettyJson = QString::fromUtf8(document.toJson(QJsonDocument::Indented));

    const QJsonObject object = document.object();
    request.model = object.value("model"_L1).toString();
    const QJsonArray messages = object.value("messages"_L1).toArray();
    qsizetype first = 0;
    if (!messages.isEmpty() && messages.at(0).toObject().value("role"_L1).toString() == "system"_L1) {
        request.systemMessage = messages.at(0).toObject().value("content"_L1).toString();
        first = 1;
        const qsizetype at = request.systemMessage.lastIndexOf(kSummaryHeading);
        if (at >= 0) {
            request.systemPrompt = request.systemMessage.left(at);
            request.summary = request.systemMessage.mid(at + kSummaryHeading.size());
        } else {
            request.systemPrompt = request.systemMessage;
        }
    }
    for (qsizetype i = first; i < messages.size(); ++i) {
        const QJsonObject message = messages.at(i).toObject();
        request.window.append({message.value("role"_L1).toString(), message.value("content"_L1).toString()});
    }

    // Everything else that steers the model, in the order a reader looks for it.
    for (const auto key : {"model"_L1, "stream"_L1, "think"_L1, "keep_alive"_L1, "format"_L1}) {
        if (object.contains(key))
            request.options.append({QString(key), valueText(object.value(key))});
    }
    const QJsonObject options = object.value("options"_L1).toObject();
    for (auto it = options.begin(); it != options.end(); ++it)
        request.options.append({it.key(), valueText(it.value())});
    return request;
}

} // namespace Studio::Ui
