// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"

#include <persona/persona.h>

#include <QString>

#include <functional>

namespace Studio::Conversation {

/** A titled block of text that goes into the system message (e.g. "What you remember"). */
struct ContextSection
{
    QString title;
    QString text;
};

/** What a hook knows about the turn it contributes to. */
struct TurnContext
{
    quint64 turnId = 0;          // unique while the process runs
    Personas::Persona persona;
    QString sessionId;
    qint64 conversationId = 0;
    QString userMessage;
};

/** @brief The seam through which long-term memory (and later relationships and mood) joins a
 *  chat turn (DESIGN.md "A chat turn", steps 3-4 and 6): it adds context before the model call,
 *  learns which model call carried it, and learns from the finished exchange. Every method runs
 *  on the engine thread and must not block. */
class TurnHook
{
public:
    virtual ~TurnHook() = default;

    /** Sections for the system message of this turn; call done exactly once, possibly later
     *  (e.g. after embedding the message). The turn waits for it, within a time limit. */
    virtual void contextFor(const TurnContext &turn, std::function<void(QList<ContextSection>)> done) = 0;
    /** The model request carrying this turn's sections was recorded as modelCallId. */
    virtual void turnSent(const TurnContext &turn, qint64 modelCallId) { Q_UNUSED(turn) Q_UNUSED(modelCallId) }
    /** The exchange was stored (not called for failed or cancelled turns). */
    virtual void turnCompleted(const TurnContext &turn, const TurnOutcome &outcome) { Q_UNUSED(turn) Q_UNUSED(outcome) }
    /** The turn ended without a reply to learn from (refused, failed, cancelled). */
    virtual void turnAbandoned(const TurnContext &turn) { Q_UNUSED(turn) }
};

} // namespace Studio::Conversation
