// SPDX-License-Identifier: MIT
#pragma once

#include "memorytypes.h"

#include <conversation/turnhook.h>

#include <QHash>

namespace Studio::Memory {

class MemoryService;

/** @brief Long-term memory in a chat turn (DESIGN.md "A chat turn", steps 3 and 6):
 *  - contextFor: recalls the top k (memory/recall_k) of the persona's own memories, private and
 *    shared, for the user's message, and gives them as the section "What you remember", one
 *    line each, most relevant first (nothing when the persona has no memories);
 *  - turnSent: records those hits with their scores for the model call (memory_recalls), so
 *    the inspector can show why each memory was recalled; hits that arrived after the turn's
 *    time limit were not in the context and are not recorded;
 *  - turnCompleted: forms new memories from what the user said.
 *  Not owned by the ChatService; lives as long as the MemoryService. Thread: the engine's. */
class MemoryHook final : public Conversation::TurnHook
{
public:
    explicit MemoryHook(MemoryService &service);

    /** The section's title, as the model sees it. */
    static QString sectionTitle();
    /** The section's text for a recall: "- <content>" per hit, in order. */
    static QString sectionText(const QList<MemoryHit> &hits);

    void contextFor(const Conversation::TurnContext &turn,
                    std::function<void(QList<Conversation::ContextSection>)> done) override;
    void turnSent(const Conversation::TurnContext &turn, qint64 modelCallId) override;
    void turnCompleted(const Conversation::TurnContext &turn, const Conversation::TurnOutcome &outcome) override;
    void turnAbandoned(const Conversation::TurnContext &turn) override;

private:
    struct Pending
    {
        QList<MemoryHit> hits;
        bool answered = false; // the sections went to the turn before it was sent
        bool sent = false;     // the turn went on (with or without them)
    };

    MemoryService &m_service;
    QHash<quint64, Pending> m_turns;
};

} // namespace Studio::Memory
