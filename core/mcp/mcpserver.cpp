// SPDX-License-Identifier: MIT
#include "mcpserver.h"

#include "legacydialect.h"
#include "mcplog.h"
#include "mcptools.h"
#include "memorytools.h"
#include "requestcontext.h"
#include "sessionscope.h"
#include "schemavalidator.h"

#include <engine/engineclient.h>

#include <QDateTime>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Studio::Mcp {

namespace {

constexpr int kPageSize = 50;
constexpr int kResourceMemories = 1000; // persona://{id}/memories: the newest this many (pruning keeps about as many)

/** Cursors are opaque to clients: base64 of the offset. */
QString cursorFor(int offset)
{
    return QString::fromLatin1(QByteArray::number(offset).toBase64());
}

std::optional<int> offsetFromCursor(const QJsonValue &cursor)
{
    if (cursor.isUndefined() || cursor.isNull())
        return 0;
    if (!cursor.isString())
        return std::nullopt;
    bool ok = false;
    const int offset = QByteArray::fromBase64(cursor.toString().toLatin1()).toInt(&ok);
    if (!ok || offset < 0)
        return std::nullopt;
    return offset;
}

/** One page of items with nextCursor; false (and an error sent) for a bad cursor. */
bool page(const std::shared_ptr<RequestContext> &call, const QJsonArray &items, const QString &key)
{
    const auto offset = offsetFromCursor(call->params().value("cursor"_L1));
    if (!offset || *offset > items.size()) {
        call->fail(RpcErrorCode::InvalidParams, u"invalid cursor: pass back the nextCursor of a previous page"_s);
        return false;
    }
    QJsonArray slice;
    for (int i = *offset; i < items.size() && i < *offset + kPageSize; ++i)
        slice.append(items.at(i));
    QJsonObject result{{key, slice}};
    if (*offset + kPageSize < items.size())
        result.insert("nextCursor"_L1, cursorFor(*offset + kPageSize));
    call->respond(result);
    return true;
}

QString personaUri(const QString &id)
{
    return u"persona://"_s + id;
}

QString conversationUri(const QString &sessionId, const QString &personaId)
{
    return u"conversation://%1/%2"_s.arg(sessionId, personaId);
}

QString markdownTranscript(const Conversation::ConversationPage &page)
{
    QString text = u"# Conversation with %1\n\nSession `%2`, %3 messages.\n"_s.arg(page.personaName,
                                                                               page.conversation.sessionId)
                       .arg(page.total);
    if (!page.conversation.summary.isEmpty())
        text += u"\n> **Summary of earlier messages:** %1\n"_s.arg(page.conversation.summary);
    for (const Store::MessageRow &message : page.messages) {
        const QString speaker = message.role == u"user"_s ? u"User"_s : page.personaName;
        text += u"\n**%1** (%2)%3:\n\n%4\n"_s.arg(speaker, isoUtc(message.createdMs),
                                                 message.cutOff ? u" *(cut off)*"_s : QString(), message.content);
    }
    return text;
}

QJsonObject textMessage(const QString &role, const QString &text)
{
    return QJsonObject{{u"role"_s, role}, {u"content"_s, QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}}}};
}

} // namespace

struct McpServer::Fixtures
{
    ExtraResources listResources;
    ResourceReader readResource;
    PromptLister listPrompts;
    PromptGetter getPrompt;
};

QJsonObject ToolDefinition::toJson() const
{
    QJsonObject json{
        {u"name"_s, name},
        {u"title"_s, title},
        {u"description"_s, description},
        {u"inputSchema"_s, inputSchema},
        {u"annotations"_s,
         QJsonObject{{u"title"_s, title},
                     {u"readOnlyHint"_s, readOnly},
                     {u"destructiveHint"_s, destructive},
                     {u"idempotentHint"_s, idempotent},
                     {u"openWorldHint"_s, openWorld}}},
    };
    if (!outputSchema.isEmpty())
        json.insert(u"outputSchema"_s, outputSchema);
    return json;
}

const QStringList &McpServer::supportedProtocolVersions()
{
    static const QStringList versions = {u"2025-11-25"_s, u"2025-06-18"_s, u"2025-03-26"_s, u"2024-11-05"_s};
    return versions;
}

QString McpServer::latestProtocolVersion()
{
    return supportedProtocolVersions().constFirst();
}

McpServer::McpServer(Engine::EngineClient *engine, ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(std::move(options))
    , m_fixtures(std::make_unique<Fixtures>())
    , m_legacy(std::make_unique<LegacyDialect>(this))
{
    m_uptime.start();
    for (const ToolDefinition &tool : personaStudioTools(this))
        addTool(tool);

    const Engine::Engine *events = engine->engine();
    connect(events, &Engine::Engine::personasChanged, this, [this] {
        ++m_personasGeneration;
        m_personaAnswers.clear();
        broadcast(u"notifications/resources/list_changed"_s);
        broadcast(u"notifications/tools/list_changed"_s);
    });
    connect(events, &Engine::Engine::messageAdded, this, [this](const Conversation::MessageEvent &event) {
        handleMessageAdded(event.sessionId, event.personaId);
    });
    // persona://{id}/memories changes with every store, recall, decay and prune.
    connect(events, &Engine::Engine::memoriesChanged, this, [this](const QString &personaId) {
        const QString uri = personaUri(personaId) + u"/memories"_s;
        for (McpSession *session : std::as_const(m_sessions)) {
            if (session->isSubscribed(uri))
                session->notify(u"notifications/resources/updated"_s, QJsonObject{{u"uri"_s, uri}});
        }
    });
}

McpServer::~McpServer()
{
    const auto sessions = m_sessions;
    for (McpSession *session : sessions) {
        session->m_server = nullptr;
        m_metrics->clientSessionClosed(clientOf(session->transportInfo().peer));
    }
}

QString McpServer::clientOf(const QString &peer)
{
    const qsizetype colon = peer.lastIndexOf(u':');
    if (colon <= 0 || peer.endsWith(u']'))
        return peer;
    return peer.left(colon);
}

std::optional<QString> McpServer::refuseNewSession(const QString &peer) const
{
    const int limit = m_options.maxSessionsPerClient;
    if (limit <= 0 || m_metrics->clientSessions(clientOf(peer)) < limit)
        return std::nullopt;
    return u"too many sessions: %1 already has %2 live sessions here (mcp/max_sessions_per_client); close one "
           "(DELETE it, or close its connection) first"_s.arg(clientOf(peer)).arg(limit);
}

McpSession *McpServer::createSession(const TransportInfo &info)
{
    auto *session = new McpSession(this, info);
    session->setParent(nullptr); // the transport owns it
    m_sessions.append(session);
    m_metrics->clientSessionOpened(clientOf(info.peer));
    return session;
}

QList<McpSession *> McpServer::sessions() const
{
    return m_sessions;
}

void McpServer::sessionDestroyed(McpSession *session)
{
    if (m_sessions.removeOne(session))
        m_metrics->clientSessionClosed(clientOf(session->transportInfo().peer));
}

void McpServer::addTool(const ToolDefinition &tool)
{
    for (ToolDefinition &existing : m_tools) {
        if (existing.name == tool.name) {
            existing = tool;
            return;
        }
    }
    m_tools.append(tool);
}

const ToolDefinition *McpServer::tool(const QString &name) const
{
    for (const ToolDefinition &tool : m_tools) {
        if (tool.name == name)
            return &tool;
    }
    return nullptr;
}

void McpServer::keepPersonaAnswer(const QString &key, quint64 generation, const QByteArray &answer)
{
    if (generation == m_personasGeneration)
        m_personaAnswers.insert(key, answer);
}

void McpServer::addFixtureResources(ExtraResources list, ResourceReader read)
{
    m_fixtures->listResources = std::move(list);
    m_fixtures->readResource = std::move(read);
}

void McpServer::addFixturePrompts(PromptLister list, PromptGetter get)
{
    m_fixtures->listPrompts = std::move(list);
    m_fixtures->getPrompt = std::move(get);
}

void McpServer::recordTraffic(McpSession *session, bool incoming, const QString &method, const QJsonValue &id,
                              const QByteArray &bytes, double latencyMs, bool isError)
{
    if (lcMcpIo().isDebugEnabled())
        qCDebug(lcMcpIo).noquote() << (incoming ? "<-" : "->") << QString::fromUtf8(bytes.left(2000));
    if (!m_trafficLog)
        return; // nobody inspects: no copies
    TrafficEvent event;
    event.sessionId = session->sessionId();
    event.incoming = incoming;
    event.method = method;
    event.id = id;
    event.bytes = bytes.size();
    event.latencyMs = latencyMs;
    event.isError = isError;
    event.atMs = QDateTime::currentMSecsSinceEpoch();
    event.payload = bytes.left(TrafficLog::kPayloadMax);
    if (event.sessionId.isEmpty() && !session->isClosed()) {
        // Before the stored session exists (initialize, a first dialect call) the event waits,
        // so the inspector files it under the session it belongs to.
        session->holdTraffic(std::move(event));
        return;
    }
    m_trafficLog->append(std::move(event));
}

void McpServer::broadcast(const QString &method, const QJsonObject &params)
{
    for (McpSession *session : std::as_const(m_sessions)) {
        if (session->isInitialized() && !session->isClosed())
            session->notify(method, params);
    }
}

void McpServer::handleMessageAdded(const QString &sessionId, const QString &personaId)
{
    const QString uri = conversationUri(sessionId, personaId);
    for (McpSession *session : std::as_const(m_sessions)) {
        // Only the session's own client hears of it, whatever another client subscribed to.
        if (session->sessionId() == sessionId && session->isSubscribed(uri))
            session->notify(u"notifications/resources/updated"_s, QJsonObject{{u"uri"_s, uri}});
    }
}

void McpServer::dispatchMcp(McpSession *session, const std::shared_ptr<RequestContext> &call)
{
    Q_UNUSED(session)
    using Handler = void (McpServer::*)(const std::shared_ptr<RequestContext> &);
    static const QHash<QString, Handler> handlers = {
        {u"tools/list"_s, &McpServer::listTools},
        {u"tools/call"_s, &McpServer::callTool},
        {u"resources/list"_s, &McpServer::listResources},
        {u"resources/templates/list"_s, &McpServer::listResourceTemplates},
        {u"resources/read"_s, &McpServer::readResource},
        {u"prompts/list"_s, &McpServer::listPrompts},
        {u"prompts/get"_s, &McpServer::getPrompt},
        {u"completion/complete"_s, &McpServer::complete},
    };
    const Handler handler = handlers.value(call->method());
    if (!handler)
        return call->fail(RpcErrorCode::MethodNotFound, u"Method not found: %1"_s.arg(call->method()));
    (this->*handler)(call);
}

void McpServer::listTools(const std::shared_ptr<RequestContext> &call)
{
    QJsonArray tools;
    for (const ToolDefinition &tool : std::as_const(m_tools))
        tools.append(tool.toJson());
    page(call, tools, u"tools"_s);
}

void McpServer::callTool(const std::shared_ptr<RequestContext> &call)
{
    const QJsonObject params = call->params();
    const QJsonValue name = params.value("name"_L1);
    if (!name.isString())
        return call->fail(RpcErrorCode::InvalidParams, u"tools/call needs the tool's name"_s);
    const ToolDefinition *tool = this->tool(name.toString());
    if (!tool)
        return call->fail(RpcErrorCode::InvalidParams,
                          u"Unknown tool: %1 (tools/list names the tools)"_s.arg(name.toString()));
    QJsonValue arguments = params.value("arguments"_L1);
    // Absent means "no arguments"; null is a value of the wrong type, which the schema refuses.
    if (arguments.isUndefined())
        arguments = QJsonObject();
    if (!arguments.isObject())
        return call->fail(RpcError::make(RpcErrorCode::InvalidParams,
                                         u"Invalid arguments for tool %1: 'arguments' must be an object, not %2"_s.arg(
                                             tool->name, jsonTypeName(arguments)),
                                         QJsonObject{{u"path"_s, u"/arguments"_s}}));
    if (auto violation = validateAgainstSchema(arguments, tool->inputSchema)) {
        return call->fail(RpcError::make(RpcErrorCode::InvalidParams,
                                         u"Invalid arguments for tool %1: %2"_s.arg(tool->name, violation->message),
                                         QJsonObject{{u"path"_s, QString(u"/arguments"_s + violation->path)}}));
    }
    tool->run(arguments.toObject(), call);
}

void McpServer::listResources(const std::shared_ptr<RequestContext> &call)
{
    m_engine->listPersonas().then(this, [this, call](const Result<QList<Personas::Persona>> &personas) {
        if (!personas)
            return call->fail(rpcErrorFor(personas.error()));
        QJsonArray resources;
        for (const Personas::Persona &persona : *personas) {
            resources.append(QJsonObject{{u"uri"_s, personaUri(persona.id)},
                                         {u"name"_s, persona.id},
                                         {u"title"_s, persona.name},
                                         {u"description"_s, u"%1's profile: %2"_s.arg(persona.name, persona.description)},
                                         {u"mimeType"_s, u"application/json"_s}});
            resources.append(QJsonObject{{u"uri"_s, QString(personaUri(persona.id) + u"/memories"_s)},
                                         {u"name"_s, u"memories-%1"_s.arg(persona.id)},
                                         {u"title"_s, u"%1's memories"_s.arg(persona.name)},
                                         {u"description"_s, u"What %1 remembers, newest first"_s.arg(persona.name)},
                                         {u"mimeType"_s, u"application/json"_s}});
        }
        if (m_fixtures->listResources) {
            for (const QJsonValue &extra : m_fixtures->listResources())
                resources.append(extra);
        }
        m_engine->session(call->sessionId())
            .then(this, [call, resources, personas](const Result<Conversation::SessionDetail> &detail) mutable {
                if (detail) {
                    for (const Store::ConversationRow &conversation : detail->conversations) {
                        if (conversation.archivedMs)
                            continue;
                        QString name = conversation.personaId;
                        for (const Personas::Persona &persona : *personas) {
                            if (persona.id == conversation.personaId)
                                name = persona.name;
                        }
                        resources.append(QJsonObject{
                            {u"uri"_s, conversationUri(conversation.sessionId, conversation.personaId)},
                            {u"name"_s, u"conversation-%1"_s.arg(conversation.personaId)},
                            {u"title"_s, u"Conversation with %1 (this session)"_s.arg(name)},
                            {u"description"_s, u"The transcript, with the running summary of older turns"_s},
                            {u"mimeType"_s, u"text/markdown"_s}});
                    }
                }
                page(call, resources, u"resources"_s);
            });
    });
}

void McpServer::listResourceTemplates(const std::shared_ptr<RequestContext> &call)
{
    const QJsonArray templates = {
        QJsonObject{{u"uriTemplate"_s, u"persona://{id}"_s},
                    {u"name"_s, u"persona"_s},
                    {u"title"_s, u"Persona profile"_s},
                    {u"description"_s, u"A persona's definition as JSON; id as in list_personas"_s},
                    {u"mimeType"_s, u"application/json"_s}},
        QJsonObject{{u"uriTemplate"_s, u"persona://{id}/memories"_s},
                    {u"name"_s, u"memories"_s},
                    {u"title"_s, u"Persona memories"_s},
                    {u"description"_s, u"A persona's long-term memories as JSON, newest first, with importance, "
                                       "visibility and last access"_s},
                    {u"mimeType"_s, u"application/json"_s}},
        QJsonObject{{u"uriTemplate"_s, u"conversation://{session}/{persona}"_s},
                    {u"name"_s, u"conversation"_s},
                    {u"title"_s, u"Conversation transcript"_s},
                    {u"description"_s, u"The live conversation of a session with a persona, as Markdown; "
                                       "subscribe for notifications/resources/updated on every new message"_s},
                    {u"mimeType"_s, u"text/markdown"_s}},
    };
    page(call, templates, u"resourceTemplates"_s);
}

void McpServer::readResource(const std::shared_ptr<RequestContext> &call)
{
    const QJsonValue uriValue = call->params().value("uri"_L1);
    if (!uriValue.isString())
        return call->fail(RpcErrorCode::InvalidParams, u"resources/read needs a uri string"_s);
    const QString uri = uriValue.toString();
    auto notFound = [call, uri](const QString &why) {
        call->fail(RpcError::make(RpcErrorCode::ResourceNotFound, u"Resource not found: %1 (%2)"_s.arg(uri, why),
                                  QJsonObject{{u"uri"_s, uri}}));
    };
    if (m_fixtures->readResource) {
        QJsonArray contents;
        if (m_fixtures->readResource(uri, &contents))
            return call->respond(QJsonObject{{u"contents"_s, contents}});
    }
    if (uri.startsWith("persona://"_L1) && uri.endsWith("/memories"_L1)) {
        const QString id = uri.mid(10, uri.size() - 10 - 9);
        if (id.isEmpty() || id.contains(u'/'))
            return notFound(u"use persona://{id}/memories"_s);
        m_engine->persona(id).then(this, [this, call, uri, notFound](const Result<Personas::Persona> &persona) {
            if (!persona)
                return notFound(persona.error().message);
            m_engine->memories(persona->id, 0, kResourceMemories)
                .then(this, [call, uri, notFound, personaId = persona->id](const Result<Memory::MemoryPage> &page) {
                    if (!page)
                        return notFound(page.error().message);
                    const QString text = QString::fromUtf8(
                        QJsonDocument(memoriesDocument(personaId, *page)).toJson(QJsonDocument::Indented));
                    call->respond(QJsonObject{{u"contents"_s, QJsonArray{QJsonObject{{u"uri"_s, uri},
                                                                                      {u"mimeType"_s, u"application/json"_s},
                                                                                      {u"text"_s, text}}}}});
                });
        });
        return;
    }
    if (uri.startsWith("persona://"_L1)) {
        const QString id = uri.mid(10);
        if (id.isEmpty() || id.contains(u'/'))
            return notFound(u"use persona://{id}"_s);
        m_engine->persona(id).then(this, [call, uri, notFound](const Result<Personas::Persona> &persona) {
            if (!persona)
                return notFound(persona.error().message);
            const QString text = QString::fromUtf8(QJsonDocument(persona->toPublicJson()).toJson(QJsonDocument::Indented));
            call->respond(QJsonObject{{u"contents"_s, QJsonArray{QJsonObject{{u"uri"_s, uri},
                                                                              {u"mimeType"_s, u"application/json"_s},
                                                                              {u"text"_s, text}}}}});
        });
        return;
    }
    if (uri.startsWith("conversation://"_L1)) {
        const QStringList parts = uri.mid(15).split(u'/');
        if (parts.size() != 2 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
            return notFound(u"use conversation://{session}/{persona}"_s);
        SessionScope(m_engine, call->sessionId())
            .history(parts.at(0), parts.at(1), -1, 1000)
            .then(this, [call, uri, notFound](const Result<Conversation::ConversationPage> &page) {
                if (!page)
                    return notFound(page.error().message);
                call->respond(QJsonObject{{u"contents"_s, QJsonArray{QJsonObject{{u"uri"_s, uri},
                                                                                  {u"mimeType"_s, u"text/markdown"_s},
                                                                                  {u"text"_s, markdownTranscript(*page)}}}}});
            });
        return;
    }
    notFound(u"this server serves persona://, persona://{id}/memories and conversation:// URIs"_s);
}

void McpServer::listPrompts(const std::shared_ptr<RequestContext> &call)
{
    QJsonArray prompts = {
        QJsonObject{{u"name"_s, u"roleplay"_s},
                    {u"title"_s, u"Speak as a persona"_s},
                    {u"description"_s, u"The persona's system prompt and the summary of its conversation in this "
                                       "session, so the host model can speak as the persona itself"_s},
                    {u"arguments"_s, QJsonArray{QJsonObject{{u"name"_s, u"persona"_s},
                                                            {u"description"_s, u"Persona id or name"_s},
                                                            {u"required"_s, true}}}}},
        QJsonObject{{u"name"_s, u"summarize_conversation"_s},
                    {u"title"_s, u"Summarise a conversation"_s},
                    {u"description"_s, u"A conversation with a persona as messages, with an instruction to "
                                       "summarise it"_s},
                    {u"arguments"_s,
                     QJsonArray{QJsonObject{{u"name"_s, u"persona"_s},
                                            {u"description"_s, u"Persona id or name"_s},
                                            {u"required"_s, true}},
                                QJsonObject{{u"name"_s, u"session"_s},
                                            {u"description"_s, u"Session id (default: this session)"_s},
                                            {u"required"_s, false}}}}},
    };
    if (m_fixtures->listPrompts) {
        for (const QJsonValue &extra : m_fixtures->listPrompts())
            prompts.append(extra);
    }
    page(call, prompts, u"prompts"_s);
}

void McpServer::getPrompt(const std::shared_ptr<RequestContext> &call)
{
    const QJsonObject params = call->params();
    const QString name = params.value("name"_L1).toString();
    const QJsonValue argumentsValue = params.value("arguments"_L1);
    if (!argumentsValue.isUndefined() && !argumentsValue.isNull() && !argumentsValue.isObject())
        return call->fail(RpcErrorCode::InvalidParams, u"prompt arguments must be an object of strings"_s);
    const QJsonObject arguments = argumentsValue.toObject();
    if (m_fixtures->getPrompt) {
        QJsonObject result;
        RpcError error;
        error.code = 0;
        if (m_fixtures->getPrompt(name, arguments, &result, &error))
            return error.code ? call->fail(error) : call->respond(result);
    }
    if (name != u"roleplay"_s && name != u"summarize_conversation"_s)
        return call->fail(RpcErrorCode::InvalidParams, u"Unknown prompt: %1 (prompts/list names them)"_s.arg(name));
    const QString personaRef = arguments.value("persona"_L1).toString();
    if (personaRef.trimmed().isEmpty())
        return call->fail(RpcErrorCode::InvalidParams, u"the prompt '%1' needs the argument 'persona'"_s.arg(name));
    const SessionScope scope(m_engine, call->sessionId());
    const QString sessionId = scope.resolve(arguments.value("session"_L1).toString());

    m_engine->persona(personaRef).then(this, [this, call, name, scope, sessionId](const Result<Personas::Persona> &persona) {
        if (!persona)
            return call->fail(RpcErrorCode::InvalidParams, persona.error().message);
        scope.history(sessionId, persona->id, -1, 200)
            .then(this, [call, name, persona](const Result<Conversation::ConversationPage> &history) {
                if (!history)
                    return call->fail(rpcErrorFor(history.error()));
                if (name == u"roleplay"_s) {
                    QString text = u"Speak as %1 from now on. Stay in character.\n\n%2"_s.arg(persona->name,
                                                                                            persona->systemPrompt());
                    if (!history->conversation.summary.isEmpty())
                        text += u"\n\n## Summary of your conversation so far\n"_s + history->conversation.summary;
                    if (!persona->greeting.isEmpty())
                        text += u"\n\nIf this is the first message, greet the user like this: "_s + persona->greeting;
                    return call->respond(QJsonObject{
                        {u"description"_s, u"Role-play as %1"_s.arg(persona->name)},
                        {u"messages"_s, QJsonArray{textMessage(u"user"_s, text)}}});
                }
                QJsonArray messages;
                if (!history->conversation.summary.isEmpty())
                    messages.append(textMessage(u"user"_s, u"(Summary of earlier messages: %1)"_s.arg(
                                                              history->conversation.summary)));
                for (const Store::MessageRow &message : history->messages)
                    messages.append(textMessage(message.role, message.content));
                messages.append(textMessage(
                    u"user"_s,
                    u"Summarise the conversation above between the user and %1 in at most 200 words: the facts "
                    "the user shared, what was decided or promised, and open questions."_s.arg(persona->name)));
                call->respond(QJsonObject{
                    {u"description"_s, u"Summarise the conversation with %1 (%2 messages)"_s.arg(persona->name)
                                           .arg(history->total)},
                    {u"messages"_s, messages}});
            });
    });
}

void McpServer::complete(const std::shared_ptr<RequestContext> &call)
{
    const QJsonObject params = call->params();
    const QJsonObject ref = params.value("ref"_L1).toObject();
    const QJsonObject argument = params.value("argument"_L1).toObject();
    const QString argumentName = argument.value("name"_L1).toString();
    const QString value = argument.value("value"_L1).toString();
    const QString refType = ref.value("type"_L1).toString();
    if (refType != u"ref/prompt"_s && refType != u"ref/resource"_s)
        return call->fail(RpcErrorCode::InvalidParams, u"ref.type must be ref/prompt or ref/resource"_s);

    auto respond = [call](QStringList values) {
        values.removeDuplicates();
        const int total = int(values.size());
        values = values.mid(0, 100);
        call->respond(QJsonObject{{u"completion"_s, QJsonObject{{u"values"_s, QJsonArray::fromStringList(values)},
                                                               {u"total"_s, total},
                                                               {u"hasMore"_s, total > values.size()}}}});
    };
    const bool wantsPersona = argumentName == u"persona"_s
                              || (refType == u"ref/resource"_s && argumentName == u"id"_s);
    if (wantsPersona) {
        m_engine->listPersonas().then(this, [respond, value](const Result<QList<Personas::Persona>> &personas) {
            QStringList values;
            if (personas) {
                for (const Personas::Persona &persona : *personas) {
                    if (persona.id.startsWith(value, Qt::CaseInsensitive))
                        values.append(persona.id);
                    else if (persona.name.startsWith(value, Qt::CaseInsensitive))
                        values.append(persona.name);
                }
            }
            respond(values);
        });
        return;
    }
    if (argumentName == u"session"_s) {
        SessionScope(m_engine, call->sessionId()).sessions(false).then(this, [respond, value](const Result<QList<Store::SessionRow>> &sessions) {
            QStringList values;
            if (sessions) {
                for (const Store::SessionRow &session : *sessions) {
                    if (session.id.startsWith(value, Qt::CaseInsensitive))
                        values.append(session.id);
                }
            }
            respond(values);
        });
        return;
    }
    respond({});
}

void McpServer::systemStatus(QObject *context, std::function<void(const SystemStatus &)> done)
{
    QPointer<QObject> guard(context);
    m_engine->checkServer().then(this, [this, guard, done](const Llm::ServerReport &report) {
        m_engine->status().then(this, [this, guard, done, report](const Engine::EngineStatus &status) {
            if (!guard)
                return;
            SystemStatus result;
            result.healthy = report.reachable && report.modelPresent && status.databaseOk;
            result.serving = report.reachable && status.databaseOk;
            QJsonObject database{{u"ok"_s, status.databaseOk}, {u"schema_version"_s, status.schemaVersion}};
            if (!status.databaseOk)
                database.insert(u"error"_s, status.databaseError);
            QJsonObject byTransport;
            const auto open = m_metrics->openConnectionsByTransport();
            for (auto it = open.begin(); it != open.end(); ++it)
                byTransport.insert(it.key(), it.value());
            result.json = QJsonObject{
                {u"status"_s, result.healthy ? u"healthy"_s : u"degraded"_s},
                {u"version"_s, status.version},
                {u"uptime_seconds"_s, double(status.uptimeMs) / 1000.0},
                {u"ollama"_s, QJsonObject{{u"reachable"_s, report.reachable},
                                          {u"url"_s, report.url.toString()},
                                          {u"version"_s, report.version},
                                          {u"model"_s, report.model},
                                          {u"model_present"_s, report.modelPresent},
                                          {u"advice"_s, report.advice()}}},
                {u"database"_s, database},
                {u"personas"_s, status.personas},
                {u"open_sessions"_s, status.openSessions},
                {u"messages"_s, double(status.messages)},
                {u"connections"_s, m_metrics->openConnections()},
                {u"connections_by_transport"_s, byTransport},
                {u"running_chats"_s, status.runningTurns},
                {u"queued_model_calls"_s, status.llmQueued},
                {u"requests_total"_s, double(m_metrics->totalRequests())},
                {u"versions"_s, QJsonObject{{u"app"_s, status.version},
                                            {u"qt"_s, QString::fromLatin1(qVersion())},
                                            {u"schema"_s, status.schemaVersion},
                                            {u"mcp"_s, QJsonArray::fromStringList(supportedProtocolVersions())}}},
            };
            if (result.healthy)
                result.text = u"Persona Studio %1 is healthy: Ollama %2 at %3 has %4."_s.arg(
                    status.version, report.version, report.url.toString(), report.model);
            else if (!status.databaseOk)
                result.text = u"Persona Studio %1 is degraded: its database fails (%2). %3"_s.arg(
                    status.version, status.databaseError, report.advice());
            else
                result.text = u"Persona Studio %1 is degraded. %2"_s.arg(status.version, report.advice());
            done(result);
        });
    });
}

} // namespace Studio::Mcp
