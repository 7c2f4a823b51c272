// SPDX-License-Identifier: MIT
#include "chatservice.h"

#include "contextbuilder.h"
#include "conversationlog.h"
#include "conversationservice.h"
#include "sessionservice.h"
#include "summarizer.h"

#include <common/jsonutil.h>
#include <llm/ollamaclient.h>
#include <persona/personaregistry.h>
#include <store/conversationstore.h>
#include <store/database.h>

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Studio::Conversation {


struct ChatService::Turn
{
    quint64 id = 0;
    TurnRequest request;
    TurnChannelPtr channel;
    Personas::Persona persona;
    Store::ConversationRow conversation;
    Store::MessageRow userMessage;
    Llm::ChatRequest llmRequest;
    Store::ModelCallRow modelCall;
    QPointer<Llm::ChatCall> call;
    QElapsedTimer timer; // from receiving the message
    int tokens = 0;      // streamed chunks with text: Ollama sends about one token per chunk
    TurnContext hookContext;
    QList<ContextSection> sections; // from the hooks, in hook order
    bool cancelled = false;         // cancelled while the hooks were still working
};

ChatService::ChatService(Store::Database &database, Personas::PersonaRegistry &personas, SessionService &sessions,
                         ConversationService &conversations, Summarizer &summarizer, Llm::OllamaClient &llm,
                         Clock clock, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_personas(personas)
    , m_sessions(sessions)
    , m_conversations(conversations)
    , m_summarizer(summarizer)
    , m_llm(llm)
    , m_clock(std::move(clock))
{
}

ChatService::~ChatService()
{
    qDeleteAll(m_turns);
}

void ChatService::setConfig(const ChatConfig &config)
{
    m_config = config;
    m_summarizer.setConfig(config);
}

void ChatService::addHook(TurnHook *hook)
{
    m_hooks.append(hook);
}

void ChatService::refuse(const TurnChannelPtr &channel, const Error &error)
{
    Q_EMIT channel->finished(TurnResult(fail(error)));
}

void ChatService::startTurn(const TurnRequest &request, const TurnChannelPtr &channel)
{
    if (channel->isCancelled())
        return refuse(channel, Error{ErrorCode::Cancelled, u"the turn was cancelled before it started"_s});

    auto turn = std::make_unique<Turn>();
    turn->id = m_nextTurnId++;
    turn->request = request;
    turn->channel = channel;
    turn->timer.start();
    if (auto resolved = resolve(*turn); !resolved) {
        if (turn->conversation.id)
            m_busyConversations.remove(turn->conversation.id);
        return refuse(channel, resolved.error());
    }
    turn->hookContext = TurnContext{turn->id, turn->persona, turn->request.sessionId, turn->conversation.id,
                                    turn->request.message};
    const quint64 turnId = turn->id;
    m_turns.insert(turnId, turn.release());
    // The handler may run on any thread; the hop to ours makes the abort happen here.
    channel->setCancelHandler([this, turnId] {
        QMetaObject::invokeMethod(this, [this, turnId] { cancelTurn(turnId); }, Qt::QueuedConnection);
    });
    gatherSections(turnId);
}

void ChatService::gatherSections(quint64 turnId)
{
    Turn *turn = m_turns.value(turnId);
    if (m_hooks.isEmpty())
        return continueTurn(turnId);
    // Each hook answers once, maybe later (memory embeds the message first). A hook that does
    // not answer in time is left out of this turn rather than holding the reply back.
    struct Gathering
    {
        QList<QList<ContextSection>> perHook;
        int remaining = 0;
        bool finished = false;
    };
    auto gathering = std::make_shared<Gathering>();
    gathering->perHook.resize(m_hooks.size());
    gathering->remaining = int(m_hooks.size());
    auto complete = [this, turnId, gathering] {
        if (std::exchange(gathering->finished, true))
            return;
        Turn *current = m_turns.value(turnId);
        if (!current)
            return;
        for (const auto &sections : std::as_const(gathering->perHook))
            current->sections += sections;
        continueTurn(turnId);
    };
    QTimer::singleShot(m_config.hookTimeoutMs, this, [complete, gathering, turnId] {
        if (!gathering->finished)
            qCWarning(lcConversation) << "turn" << turnId << "goes on without" << gathering->remaining
                                      << "context hook(s) that did not answer in time";
        complete();
    });
    const TurnContext context = turn->hookContext;
    for (int i = 0; i < m_hooks.size(); ++i) {
        m_hooks.at(i)->contextFor(context, [gathering, i, complete](QList<ContextSection> sections) {
            if (gathering->finished)
                return;
            gathering->perHook[i] = std::move(sections);
            if (--gathering->remaining == 0)
                complete();
        });
    }
}

void ChatService::abandon(quint64 turnId, const Error &error)
{
    std::unique_ptr<Turn> turn(m_turns.take(turnId));
    if (!turn)
        return;
    m_busyConversations.remove(turn->conversation.id);
    for (TurnHook *hook : std::as_const(m_hooks))
        hook->turnAbandoned(turn->hookContext);
    refuse(turn->channel, error);
}

void ChatService::continueTurn(quint64 turnId)
{
    Turn *turn = m_turns.value(turnId);
    if (!turn)
        return;
    if (turn->cancelled || turn->channel->isCancelled())
        return abandon(turnId, Error{ErrorCode::Cancelled, u"the turn was cancelled before it started"_s});
    if (auto built = build(*turn); !built)
        return abandon(turnId, built.error());

    Q_EMIT turn->channel->started(turn->conversation.id, turn->userMessage.id, turn->persona.id);
    Llm::ChatCall *call = m_llm.chat(turn->llmRequest);
    turn->call = call;
    connect(call, &Llm::ChatCall::delta, this, [this, turnId](const QString &content, const QString &) {
        Turn *current = m_turns.value(turnId);
        if (!current || content.isEmpty())
            return;
        ++current->tokens;
        Q_EMIT current->channel->delta(content, current->tokens);
    });
    connect(call, &Llm::ChatCall::waiting, this, [this, turnId](int ahead) {
        if (Turn *current = m_turns.value(turnId))
            Q_EMIT current->channel->waiting(ahead);
    });
    connect(call, &Llm::ChatCall::finished, this,
            [this, turnId](const Llm::ChatResult &result) { finishTurn(turnId, result); });
    for (TurnHook *hook : std::as_const(m_hooks))
        hook->turnSent(turn->hookContext, turn->modelCall.id);
}

Result<void> ChatService::resolve(Turn &turn)
{
    const TurnRequest &request = turn.request;
    if (request.kind != TurnRequest::Kind::Regenerate && request.message.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, u"the message is empty"_s);
    if (request.message.size() > m_config.maxMessageChars)
        return fail(ErrorCode::TooLarge, u"the message has %1 characters; at most %2 are accepted"_s
                                             .arg(request.message.size())
                                             .arg(m_config.maxMessageChars));
    if (request.maxTokens && (*request.maxTokens < 1 || *request.maxTokens > m_config.numCtx))
        return fail(ErrorCode::InvalidArgument,
                    u"max_tokens must be between 1 and the context size (%1)"_s.arg(m_config.numCtx));
    if (request.temperature && (*request.temperature < 0.0 || *request.temperature > 2.0))
        return fail(ErrorCode::InvalidArgument, u"temperature must be between 0 and 2"_s);

    auto session = m_sessions.get(request.sessionId);
    if (!session)
        return fail(session.error());
    if (!session->isOpen()) {
        // A message to an expired session revives it: its history is still there.
        if (auto resumed = m_sessions.resume(request.sessionId); !resumed)
            return fail(resumed.error());
    }
    auto persona = request.persona.trimmed().isEmpty() ? m_sessions.activePersona(request.sessionId)
                                                       : m_personas.find(request.persona);
    if (!persona)
        return fail(persona.error());
    turn.persona = *persona;

    auto conversation = m_conversations.liveOrCreate(request.sessionId, turn.persona.id, request.newConversation);
    if (!conversation)
        return fail(conversation.error());
    turn.conversation = *conversation;
    // Refuse before anything is stored: a client retrying a full queue must cost little and
    // leave no question without its answer in the history.
    if (m_llm.queuedCount() >= m_llm.config().maxQueued)
        return fail(ErrorCode::Busy, u"too many chat requests are waiting for the model (%1 queued); try again "
                                     "in a moment"_s.arg(m_llm.queuedCount()));
    if (m_busyConversations.contains(turn.conversation.id)) {
        turn.conversation.id = 0; // not ours to release
        return fail(ErrorCode::Busy, u"%1 is still replying in this conversation; wait for the reply or stop it"_s
                                         .arg(turn.persona.name));
    }
    m_busyConversations.insert(turn.conversation.id);

    if (request.kind == TurnRequest::Kind::Regenerate) {
        // The hooks see the question being answered again.
        auto last = Store::ConversationStore(m_db).lastMessages(turn.conversation.id, 2);
        if (!last)
            return fail(last.error());
        for (const Store::MessageRow &message : *last) {
            if (message.role == u"user"_s)
                turn.request.message = message.content;
        }
    }
    return {};
}

Result<void> ChatService::build(Turn &turn)
{
    const TurnRequest &request = turn.request;
    Store::ConversationStore store(m_db);
    // Regenerate answers the stored last message again; edit replaces it. Both drop what
    // follows it first, in one transaction with the check of what is there.
    bool storeUserMessage = true;
    if (request.kind != TurnRequest::Kind::Send) {
        auto last = store.lastMessages(turn.conversation.id, 2);
        if (!last)
            return fail(last.error());
        qint64 lastUserId = 0;
        QString lastUserText;
        for (const Store::MessageRow &message : *last) {
            if (message.role == u"user"_s) {
                lastUserId = message.id;
                lastUserText = message.content;
            }
        }
        if (lastUserId == 0)
            return fail(ErrorCode::InvalidArgument, u"there is no message of yours to %1 in this conversation"_s.arg(
                                                        request.kind == TurnRequest::Kind::Regenerate
                                                            ? u"answer again"_s
                                                            : u"edit"_s));
        const qint64 dropFrom = request.kind == TurnRequest::Kind::Regenerate ? lastUserId + 1 : lastUserId;
        auto removed = store.deleteMessagesFrom(turn.conversation.id, dropFrom);
        if (!removed)
            return fail(removed.error());
        if (*removed > 0)
            Q_EMIT messagesRemoved(MessagesRemoved{request.sessionId, turn.persona.id, turn.conversation.id, dropFrom});
        if (request.kind == TurnRequest::Kind::Regenerate) {
            storeUserMessage = false;
            turn.request.message = lastUserText;
            turn.userMessage.id = lastUserId;
        }
    }
    // The window is built before the message is stored, so a message that cannot fit the
    // budget is refused without leaving a dangling question in the history.
    auto earlier = store.lastMessages(turn.conversation.id, qMax(0, m_config.windowMessages - (storeUserMessage ? 1 : 0)));
    if (!earlier)
        return fail(earlier.error());
    turn.userMessage.conversationId = turn.conversation.id;
    turn.userMessage.role = u"user"_s;
    turn.userMessage.content = turn.request.message;
    turn.userMessage.createdMs = m_clock.nowMs();
    if (!storeUserMessage && !earlier->isEmpty())
        earlier->removeLast(); // the stored question is appended below like a new one

    ContextInput input;
    input.systemPrompt = turn.persona.systemPrompt();
    input.sections = turn.sections;
    input.summary = turn.conversation.summary;
    input.window = *earlier;
    input.window.append(turn.userMessage);
    input.numCtx = m_config.numCtx;
    // Every call has a budget: a model that never stops must not run until the context is full.
    const int replyBudget = qBound(1, request.maxTokens.value_or(m_config.maxReplyTokens), qMax(1, m_config.maxReplyTokens));
    // A budget the caller asked for is kept free in the context; the default one only in part,
    // as most replies are far shorter than the limit.
    input.replyReserve = request.maxTokens ? replyBudget : qMin(replyBudget, qMin(1024, m_config.numCtx / 4));
    auto context = buildContext(input);
    if (!context)
        return fail(context.error());
    if (context->droppedMessages > 0)
        qCInfo(lcConversation) << "context budget: left out the oldest" << context->droppedMessages
                               << "window messages of conversation" << turn.conversation.id;

    if (storeUserMessage) {
        auto stored = store.addMessage(turn.userMessage);
        if (!stored)
            return fail(stored.error());
        turn.userMessage = *stored;
        Q_EMIT messageAdded(MessageEvent{request.sessionId, turn.persona.id, turn.userMessage});
    }
    if (auto touched = m_sessions.touch(request.sessionId); !touched)
        qCWarning(lcConversation) << "cannot update session activity:" << touched.error().message;

    Llm::ChatRequest &llmRequest = turn.llmRequest;
    llmRequest.model = turn.persona.model.isEmpty() ? m_config.model : turn.persona.model;
    llmRequest.messages = context->messages;
    llmRequest.options.numCtx = m_config.numCtx;
    llmRequest.options.temperature = request.temperature ? request.temperature : turn.persona.temperature;
    llmRequest.options.numPredict = replyBudget;
    llmRequest.lane = request.sessionId; // the model queue serves sessions in turn
    llmRequest.options.think = turn.persona.thinking;
    llmRequest.options.keepAlive = m_config.keepAlive;

    turn.modelCall.conversationId = turn.conversation.id;
    turn.modelCall.purpose = u"chat"_s;
    turn.modelCall.model = llmRequest.model;
    turn.modelCall.digest = m_llm.knownDigest(llmRequest.model);
    turn.modelCall.request = toCompactJson(llmRequest.toJson());
    turn.modelCall.startedMs = m_clock.nowMs();
    if (auto id = store.addModelCall(turn.modelCall))
        turn.modelCall.id = *id;
    else
        qCWarning(lcConversation) << "cannot record the model call:" << id.error().message;
    Q_EMIT modelCallStarted(turn.modelCall);
    return {};
}

void ChatService::cancelTurn(quint64 turnId)
{
    Turn *turn = m_turns.value(turnId);
    if (!turn)
        return;
    if (turn->call)
        return turn->call->cancel();
    // Still waiting for its context: nothing was stored or sent yet.
    turn->cancelled = true;
    abandon(turnId, Error{ErrorCode::Cancelled, u"the turn was cancelled before it started"_s});
}

void ChatService::cancelAll()
{
    const auto ids = m_turns.keys();
    for (quint64 id : ids)
        cancelTurn(id);
    m_summarizer.cancelAll();
}

void ChatService::finishTurn(quint64 turnId, const Llm::ChatResult &result)
{
    std::unique_ptr<Turn> turn(m_turns.take(turnId));
    if (!turn)
        return;
    m_busyConversations.remove(turn->conversation.id);

    const Llm::ChatCompletion &completion = result.completion;
    const bool cancelled = result.error && result.error->code == ErrorCode::Cancelled;
    TurnOutcome outcome;
    outcome.sessionId = turn->request.sessionId;
    outcome.personaId = turn->persona.id;
    outcome.personaName = turn->persona.name;
    outcome.conversationId = turn->conversation.id;
    outcome.userMessageId = turn->userMessage.id;
    outcome.reply = completion.content;
    outcome.model = completion.model.isEmpty() ? turn->llmRequest.model : completion.model;
    outcome.doneReason = cancelled ? u"cancelled"_s : completion.doneReason;
    outcome.promptTokens = completion.metrics.promptEvalCount;
    outcome.completionTokens = completion.metrics.evalCount;
    outcome.cutOff = !result.ok() || completion.truncated;

    std::optional<Error> storeError;
    Store::ConversationStore store(m_db);
    // Whatever the model said is kept, also when it was stopped or failed part-way.
    if (result.ok() || !completion.content.isEmpty()) {
        Store::MessageRow reply;
        reply.conversationId = turn->conversation.id;
        reply.role = u"assistant"_s;
        reply.content = completion.content;
        reply.createdMs = m_clock.nowMs();
        reply.promptTokens = outcome.promptTokens;
        reply.completionTokens = outcome.completionTokens;
        reply.model = outcome.model;
        reply.totalMs = turn->timer.elapsed();
        reply.firstTokenMs = completion.firstTokenMs;
        reply.doneReason = outcome.doneReason;
        reply.cutOff = outcome.cutOff;
        auto stored = store.addMessage(reply);
        if (stored) {
            outcome.replyMessageId = stored->id;
            Q_EMIT messageAdded(MessageEvent{outcome.sessionId, outcome.personaId, *stored});
        } else {
            storeError = stored.error();
            qCWarning(lcConversation) << "cannot store the reply:" << stored.error().message;
        }
    }
    outcome.processingMs = turn->timer.elapsed();

    Store::ModelCallRow &call = turn->modelCall;
    if (outcome.replyMessageId)
        call.messageId = outcome.replyMessageId;
    call.digest = m_llm.knownDigest(call.model);
    call.firstTokenMs = completion.firstTokenMs;
    call.durationMs = completion.elapsedMs;
    call.promptTokens = outcome.promptTokens;
    call.completionTokens = outcome.completionTokens;
    call.doneReason = outcome.doneReason;
    call.error = result.error ? result.error->message : QString();
    if (call.id) {
        if (auto finished = store.finishModelCall(call); !finished)
            qCWarning(lcConversation) << "cannot record the model call:" << finished.error().message;
    }
    Q_EMIT modelCallFinished(call);

    if (storeError)
        Q_EMIT turn->channel->finished(TurnResult(fail(*storeError)));
    else if (result.ok() || cancelled)
        Q_EMIT turn->channel->finished(TurnResult(outcome));
    else
        Q_EMIT turn->channel->finished(TurnResult(fail(*result.error)));

    for (TurnHook *hook : std::as_const(m_hooks)) {
        if (result.ok())
            hook->turnCompleted(turn->hookContext, outcome);
        else
            hook->turnAbandoned(turn->hookContext);
    }
    if (result.ok())
        m_summarizer.schedule(turn->conversation.id, turn->persona);
}

} // namespace Studio::Conversation
