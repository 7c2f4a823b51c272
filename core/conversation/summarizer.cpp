// SPDX-License-Identifier: MIT
#include "summarizer.h"

#include "conversationlog.h"

#include <common/jsonutil.h>
#include <llm/ollamaclient.h>
#include <store/conversationstore.h>
#include <store/database.h>

using namespace Qt::StringLiterals;

namespace Studio::Conversation {

namespace {
constexpr int kMaxMessagesPerFold = 200;
}

Summarizer::Summarizer(Store::Database &database, Llm::OllamaClient &llm, Clock clock, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_llm(llm)
    , m_clock(std::move(clock))
{
}

QList<Llm::ChatMessage> Summarizer::foldPrompt(const QString &personaName, const QString &summary,
                                               const QList<Store::MessageRow> &messages, int summaryWords)
{
    QString transcript;
    for (const Store::MessageRow &message : messages) {
        const QString speaker = message.role == u"user"_s ? u"User"_s : personaName;
        transcript += speaker + u": "_s + message.content.trimmed() + u"\n\n"_s;
    }
    const QString instruction =
        u"You keep the running summary of a conversation between a user and %1. Merge the summary so far "
        "with the new messages into one updated summary of at most %2 words, written in the third person. "
        "Keep every fact the user told about themselves (name, preferences, plans, people and places), "
        "promises made, open questions and the emotional tone. Drop small talk. Answer with the summary only."_s
            .arg(personaName)
            .arg(summaryWords);
    const QString body = u"Summary so far:\n%1\n\nNew messages:\n%2"_s.arg(
        summary.trimmed().isEmpty() ? u"(none yet)"_s : summary.trimmed(), transcript.trimmed());
    return {Llm::ChatMessage{u"system"_s, instruction}, Llm::ChatMessage{u"user"_s, body}};
}

bool Summarizer::schedule(qint64 conversationId, const Personas::Persona &persona)
{
    if (m_running.contains(conversationId))
        return true;
    // Chat turns come first: with the model's queue half full the summary waits for a later
    // turn (it folds everything outside the window then).
    if (m_llm.queuedCount() * 2 >= m_llm.config().maxQueued)
        return false;
    Store::ConversationStore store(m_db);
    auto conversation = store.find(conversationId);
    if (!conversation || !conversation->has_value())
        return false;
    // The window's oldest message marks where the verbatim part starts; everything older and
    // not yet folded is due.
    auto window = store.lastMessages(conversationId, m_config.windowMessages);
    if (!window || window->isEmpty())
        return false;
    auto due = store.messagesBetween(conversationId, (*conversation)->summarizedThrough, window->constFirst().id,
                                     kMaxMessagesPerFold);
    if (!due || due->isEmpty())
        return false;

    Llm::ChatRequest request;
    request.model = persona.model.isEmpty() ? m_config.model : persona.model;
    request.messages = foldPrompt(persona.name, (*conversation)->summary, *due, m_config.summaryWords);
    request.options.numCtx = m_config.numCtx;
    request.options.temperature = 0.2;
    request.options.numPredict = m_config.summaryWords * 3;
    request.options.keepAlive = m_config.keepAlive;

    Store::ModelCallRow callRow;
    callRow.conversationId = conversationId;
    callRow.purpose = u"summary"_s;
    callRow.model = request.model;
    callRow.digest = m_llm.knownDigest(request.model);
    callRow.request = toCompactJson(request.toJson());
    callRow.startedMs = m_clock.nowMs();
    if (auto id = store.addModelCall(callRow))
        callRow.id = *id;
    else
        qCWarning(lcConversation) << "cannot record the summary call:" << id.error().message;
    Q_EMIT modelCallStarted(callRow);

    const qint64 throughId = due->constLast().id;
    Llm::ChatCall *call = m_llm.chat(request);
    m_running.insert(conversationId, call);
    connect(call, &Llm::ChatCall::finished, this,
            [this, conversationId, throughId, callRow](const Llm::ChatResult &result) mutable {
                m_running.remove(conversationId);
                Store::ConversationStore calls(m_db);
                callRow.digest = m_llm.knownDigest(callRow.model);
                callRow.durationMs = result.completion.elapsedMs;
                callRow.firstTokenMs = result.completion.firstTokenMs;
                callRow.promptTokens = result.completion.metrics.promptEvalCount;
                callRow.completionTokens = result.completion.metrics.evalCount;
                callRow.doneReason = result.completion.doneReason;
                const QString summary = result.completion.content.trimmed();
                if (!result.ok() || summary.isEmpty()) {
                    callRow.error = result.ok() ? u"the model returned an empty summary"_s : result.error->message;
                    qCWarning(lcConversation) << "summary of conversation" << conversationId
                                              << "failed; it catches up after the next turn:" << callRow.error;
                    if (callRow.id)
                        calls.finishModelCall(callRow);
                    Q_EMIT modelCallFinished(callRow);
                    Q_EMIT summaryFailed(conversationId, callRow.error);
                    return;
                }
                if (callRow.id)
                    calls.finishModelCall(callRow);
                Q_EMIT modelCallFinished(callRow);
                if (auto saved = calls.setSummary(conversationId, summary, throughId, m_clock.nowMs()); !saved) {
                    qCWarning(lcConversation) << "cannot store the summary:" << saved.error().message;
                    Q_EMIT summaryFailed(conversationId, saved.error().message);
                    return;
                }
                qCInfo(lcConversation) << "conversation" << conversationId << "summarised through message"
                                       << throughId;
                Q_EMIT summaryUpdated(conversationId, summary, throughId);
            });
    return true;
}

void Summarizer::cancelAll()
{
    const auto calls = m_running.values();
    for (Llm::ChatCall *call : calls)
        call->cancel();
}

} // namespace Studio::Conversation
