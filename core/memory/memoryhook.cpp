// SPDX-License-Identifier: MIT
#include "memoryhook.h"

#include "memorylog.h"
#include "memoryservice.h"

using namespace Qt::StringLiterals;

namespace Studio::Memory {

MemoryHook::MemoryHook(MemoryService &service)
    : m_service(service)
{
}

QString MemoryHook::sectionTitle()
{
    return u"What you remember"_s;
}

QString MemoryHook::sectionText(const QList<MemoryHit> &hits)
{
    // One line each, and not a long one: five stored essays would crowd the conversation out of
    // the context budget (the builder drops window messages before it drops this section).
    constexpr qsizetype kMaxLineChars = 400;
    QStringList lines;
    for (const MemoryHit &hit : hits) {
        QString line = hit.memory.content.simplified();
        if (line.size() > kMaxLineChars)
            line = line.left(kMaxLineChars - 1).trimmed() + u'\u2026';
        lines.append(u"- "_s + line);
    }
    return lines.join(u'\n');
}

void MemoryHook::contextFor(const Conversation::TurnContext &turn,
                            std::function<void(QList<Conversation::ContextSection>)> done)
{
    // No memories, no embedding request: a new persona's first turns cost nothing extra.
    if (m_service.config().recallK <= 0 || !m_service.hasMemories(turn.persona.id))
        return done({});
    const quint64 turnId = turn.turnId;
    m_turns.insert(turnId, Pending{});
    MemoryQuery query;
    query.text = turn.userMessage;
    query.persona = turn.persona.id;
    m_service.search(query, &m_service, [this, turnId, done](Result<RecallResult> result) {
        QList<MemoryHit> hits;
        if (result)
            hits = result->hits;
        else
            qCWarning(lcMemory) << "recall for turn" << turnId << "failed:" << result.error().message;
        auto it = m_turns.find(turnId);
        if (it != m_turns.end()) {
            if (it->sent) {
                m_turns.erase(it); // too late for the turn: it went on without these
            } else {
                it->hits = hits;
                it->answered = true; // before done(): the turn may be sent from inside it
            }
        }
        if (hits.isEmpty())
            return done({});
        done({Conversation::ContextSection{sectionTitle(), sectionText(hits)}});
    });
}

void MemoryHook::turnSent(const Conversation::TurnContext &turn, qint64 modelCallId)
{
    auto it = m_turns.find(turn.turnId);
    if (it == m_turns.end())
        return;
    if (!it->answered) {
        it->sent = true;
        return;
    }
    const QList<MemoryHit> hits = it->hits;
    m_turns.erase(it);
    if (modelCallId <= 0 || hits.isEmpty())
        return;
    if (auto recorded = m_service.recordRecalls(modelCallId, hits); !recorded)
        qCWarning(lcMemory) << "cannot record the recalled memories of model call" << modelCallId << ":"
                            << recorded.error().message;
}

void MemoryHook::turnCompleted(const Conversation::TurnContext &turn, const Conversation::TurnOutcome &outcome)
{
    m_turns.remove(turn.turnId);
    m_service.formFromExchange(outcome.personaId, outcome.sessionId, outcome.userMessageId, turn.userMessage);
}

void MemoryHook::turnAbandoned(const Conversation::TurnContext &turn)
{
    m_turns.remove(turn.turnId);
}

} // namespace Studio::Memory
