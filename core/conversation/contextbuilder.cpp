// SPDX-License-Identifier: MIT
#include "contextbuilder.h"

using namespace Qt::StringLiterals;

namespace Studio::Conversation {

QString composeSystemMessage(const QString &systemPrompt, const QList<ContextSection> &sections,
                             const QString &summary)
{
    // One system message: several chat templates keep only the first one.
    QString text = systemPrompt.trimmed();
    for (const ContextSection &section : sections) {
        if (section.text.trimmed().isEmpty())
            continue;
        text += u"\n\n## "_s + section.title + u'\n' + section.text.trimmed();
    }
    if (!summary.trimmed().isEmpty())
        text += u"\n\n## Summary of the conversation so far\n"_s + summary.trimmed();
    return text;
}

Result<BuiltContext> buildContext(const ContextInput &input)
{
    if (input.window.isEmpty())
        return fail(ErrorCode::Internal, u"a chat request needs the new message"_s);

    const int budget = input.numCtx - input.replyReserve;
    auto messageCost = [](const QString &text) { return estimateTokens(text) + kPerMessageTokenOverhead; };

    QString system = composeSystemMessage(input.systemPrompt, input.sections, input.summary);
    int systemCost = messageCost(system);
    int windowCost = 0;
    for (const Store::MessageRow &message : input.window)
        windowCost += messageCost(message.content);

    BuiltContext built;
    int first = 0;
    const int last = int(input.window.size()) - 1;
    while (systemCost + windowCost > budget && first < last) {
        windowCost -= messageCost(input.window.at(first).content);
        ++first;
        ++built.droppedMessages;
    }
    if (systemCost + windowCost > budget && !input.summary.trimmed().isEmpty()) {
        system = composeSystemMessage(input.systemPrompt, input.sections, {});
        systemCost = messageCost(system);
        built.summaryDropped = true;
    }
    if (systemCost + windowCost > budget)
        return fail(ErrorCode::TooLarge,
                    u"the message does not fit the model's context: about %1 tokens with the persona's prompt, "
                    "but num_ctx %2 leaves room for %3 (after %4 kept for the reply); shorten the message or "
                    "raise the context size"_s.arg(systemCost + windowCost).arg(input.numCtx).arg(budget)
                        .arg(input.replyReserve));

    built.messages.append(Llm::ChatMessage{u"system"_s, system});
    for (int i = first; i <= last; ++i) {
        const Store::MessageRow &message = input.window.at(i);
        built.messages.append(Llm::ChatMessage{message.role, message.content});
    }
    built.estimatedTokens = systemCost + windowCost;
    return built;
}

} // namespace Studio::Conversation
