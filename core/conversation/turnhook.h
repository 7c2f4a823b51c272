// SPDX-License-Identifier: MIT
#pragma once

#include "chattypes.h"

#include <persona/persona.h>

#include <QString>

namespace Studio::Conversation {

/** A titled block of text that goes into the system message (e.g. "What you remember"). */
struct ContextSection
{
    QString title;
    QString text;
};

/** @brief The seam through which long-term memory (and later relationships and mood) joins a
 *  chat turn: it adds context before the model call and learns from the finished exchange.
 *  Hooks run on the engine thread and must not block. */
class TurnHook
{
public:
    virtual ~TurnHook() = default;

    /** Sections for the system message of this turn (step 3-4 of a chat turn). */
    virtual QList<ContextSection> contextFor(const Personas::Persona &persona, const QString &sessionId,
                                             const QString &userMessage) = 0;
    /** The stored exchange (step 6); not called for failed turns. */
    virtual void turnCompleted(const Personas::Persona &persona, const TurnOutcome &outcome,
                               const QString &userMessage) = 0;
};

} // namespace Studio::Conversation
