// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"
#include "turnhook.h"

#include <llm/chattypes.h>
#include <store/records.h>

namespace Studio::Conversation {

/** What goes into one model request, before the budget is applied. */
struct ContextInput
{
    QString systemPrompt;             // the persona's, never dropped
    QList<ContextSection> sections;   // from turn hooks (memories, ...)
    QString summary;                  // running summary of older turns
    QList<Store::MessageRow> window;  // last N stored messages, oldest first; the new user message is last
    int numCtx = 8192;
    int replyReserve = 1024;          // tokens kept free for the reply
};

struct BuiltContext
{
    QList<Llm::ChatMessage> messages; // system first, then the window
    int estimatedTokens = 0;
    int droppedMessages = 0;          // oldest window messages left out to fit the budget
    bool summaryDropped = false;
};

/** @brief Builds the messages of a chat request within the model's context budget:
 *  drops the oldest window messages first, then the summary, never the system prompt or the
 *  new message (when those alone do not fit, the turn fails with ErrorCode::TooLarge). */
Result<BuiltContext> buildContext(const ContextInput &input);

/** The system message: the persona's prompt, then each section, then the summary. */
QString composeSystemMessage(const QString &systemPrompt, const QList<ContextSection> &sections,
                             const QString &summary);

} // namespace Studio::Conversation
