// SPDX-License-Identifier: MIT
#include "chattypes.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Studio::Llm {

QJsonObject ChatRequest::toJson() const
{
    QJsonArray jsonMessages;
    for (const ChatMessage &message : messages)
        jsonMessages.append(QJsonObject{{u"role"_s, message.role}, {u"content"_s, message.content}});

    // num_ctx is always sent: Ollama's default context (2048 or 4096 depending on the version)
    // silently truncates long histories, so the caller's budget must be the server's too.
    QJsonObject jsonOptions{{u"num_ctx"_s, options.numCtx}};
    if (options.temperature)
        jsonOptions.insert(u"temperature"_s, *options.temperature);
    if (options.numPredict)
        jsonOptions.insert(u"num_predict"_s, *options.numPredict);

    // "think" is sent explicitly: omitting it on a thinking model means true (spec §1.2).
    QJsonObject body{
        {u"model"_s, model},
        {u"messages"_s, jsonMessages},
        {u"stream"_s, true},
        {u"think"_s, options.think},
        {u"options"_s, jsonOptions},
    };
    if (!options.keepAlive.isEmpty())
        body.insert(u"keep_alive"_s, options.keepAlive);
    return body;
}

QString ServerReport::advice() const
{
    if (!reachable)
        return u"Ollama is not reachable at %1. Start it with `ollama serve` "
               "(or set the URL with --ollama-url or OLLAMA_HOST)."_s
            .arg(url.toString());
    if (!model.isEmpty() && !modelPresent)
        return u"The model '%1' is not installed. Run `ollama pull %1`."_s.arg(model);
    return {};
}

} // namespace Studio::Llm
