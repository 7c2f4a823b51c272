// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>
#include <store/records.h>

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Studio::Conversation {

/** The one answer for a session id nobody may see: an unknown one, or another client's. Both
 *  read exactly alike, so a guessed id tells nothing about whether it exists. */
Error sessionNotFound(const QString &sessionId);

/** Settings of chat turns; the engine fills them from the effective configuration. */
struct ChatConfig
{
    QString model = QStringLiteral("llama3.1:8b"); // a persona's own model wins
    int numCtx = 8192;
    int windowMessages = 20;      // last N messages sent verbatim
    int maxReplyTokens = 4096;    // num_predict: what a caller asks for, at most this
    int maxReplyChars = 64000;    // the client stops a reply there (for the text of the cut-off note)
    QString keepAlive;            // empty: Ollama's default
    int maxMessageChars = 32000;  // a longer user message is refused
    int summaryWords = 200;       // target length of the running summary
    int hookTimeoutMs = 10000;    // a context hook (memory recall) slower than this is left out of the turn
};

/** A chat turn as a front door asks for it. */
struct TurnRequest
{
    QString sessionId;
    QString persona;                 // id or name; empty: the session's active persona
    QString message;
    std::optional<int> maxTokens;    // the reply's token budget (num_predict)
    std::optional<double> temperature;
    bool newConversation = false;    // archive the current conversation and start afresh

    /** Send: a new message. Regenerate: drop the last reply and answer the last message again
     *  (message is ignored). EditLast: replace the last message (and its reply) with message. */
    enum class Kind {
        Send,
        Regenerate,
        EditLast,
    };
    Kind kind = Kind::Send;
};

/** What a finished turn produced. processingMs runs from receiving the message to storing the reply. */
struct TurnOutcome
{
    QString sessionId;
    QString personaId;
    QString personaName;
    qint64 conversationId = 0;
    qint64 userMessageId = 0;
    qint64 replyMessageId = 0;
    QString reply;
    QString model;
    QString doneReason;
    int promptTokens = 0;     // Ollama's prompt_eval_count
    int completionTokens = 0; // Ollama's eval_count
    qint64 processingMs = 0;
    bool cutOff = false;

    bool operator==(const TurnOutcome &) const = default;
};

using TurnResult = Result<TurnOutcome>;

/** Messages removed from a conversation (regenerate, edit): every message with id >= fromId. */
struct MessagesRemoved
{
    QString sessionId;
    QString personaId;
    qint64 conversationId = 0;
    qint64 fromId = 0;
};

/** A stored message with where it belongs, for live views and subscriptions. */
struct MessageEvent
{
    QString sessionId;
    QString personaId;
    Store::MessageRow message;
};

/** A conversation with one page of its messages. */
struct ConversationPage
{
    Store::ConversationRow conversation;
    QString personaName;
    QList<Store::MessageRow> messages;
    int offset = 0;
    int total = 0;
};

/** A session with its conversations. */
struct SessionDetail
{
    Store::SessionRow session;
    QList<Store::ConversationRow> conversations;
};

/** Rough token estimate used only for the context budget (Ollama's own counts are kept for
 *  everything reported): about four bytes of UTF-8 per token plus a per-message overhead. */
int estimateTokens(const QString &text);
constexpr int kPerMessageTokenOverhead = 4;

} // namespace Studio::Conversation

Q_DECLARE_METATYPE(Studio::Conversation::TurnOutcome)
Q_DECLARE_METATYPE(Studio::Conversation::TurnResult)
Q_DECLARE_METATYPE(Studio::Conversation::MessageEvent)
Q_DECLARE_METATYPE(Studio::Conversation::MessagesRemoved)
