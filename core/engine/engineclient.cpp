// SPDX-License-Identifier: MIT
#include "engineclient.h"

#include <conversation/chatservice.h>
#include <conversation/conversationservice.h>
#include <llm/ollamaclient.h>
#include <conversation/sessionservice.h>
#include <memory/memoryservice.h>
#include <persona/personaregistry.h>

using namespace Qt::StringLiterals;

namespace Studio::Engine {

using Personas::Persona;

EngineClient::EngineClient(Engine *engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
}

QFuture<Result<QList<Persona>>> EngineClient::listPersonas()
{
    return call([](Engine &e) -> Result<QList<Persona>> { return e.personas().list(); });
}

QFuture<Result<Persona>> EngineClient::persona(const QString &idOrName)
{
    return call([idOrName](Engine &e) { return e.personas().find(idOrName); });
}

QFuture<Result<Persona>> EngineClient::createPersona(const QJsonObject &fields)
{
    return call([fields](Engine &e) { return e.personas().create(fields); });
}

QFuture<Result<Persona>> EngineClient::updatePersona(const QString &idOrName, const QJsonObject &patch)
{
    return call([idOrName, patch](Engine &e) { return e.personas().update(idOrName, patch); });
}

QFuture<Result<PersonaDeletion>> EngineClient::deletePersona(const QString &idOrName)
{
    return call([idOrName](Engine &e) { return e.deletePersona(idOrName); });
}

QFuture<Result<Persona>> EngineClient::resetPersona(const QString &idOrName)
{
    return call([idOrName](Engine &e) { return e.personas().reset(idOrName); });
}

QFuture<Result<Store::SessionRow>> EngineClient::openSession(const Conversation::SessionOpen &request)
{
    return call([request](Engine &e) { return e.sessions().open(request); });
}

QFuture<Result<Store::SessionRow>> EngineClient::resumeSession(const QString &sessionId)
{
    return call([sessionId](Engine &e) { return e.sessions().resume(sessionId); });
}

QFuture<Result<Store::SessionRow>> EngineClient::cliSession()
{
    return call([](Engine &e) { return e.sessions().cliSession(); });
}

QFuture<Result<Store::SessionRow>> EngineClient::desktopSession()
{
    return call([](Engine &e) { return e.sessions().ownSession(u"desktop"_s); });
}

QFuture<Result<bool>> EngineClient::closeSession(const QString &sessionId)
{
    return call([sessionId](Engine &e) { return e.sessions().close(sessionId); });
}

QFuture<Result<Conversation::SessionDetail>> EngineClient::session(const QString &sessionId)
{
    return call([sessionId](Engine &e) { return e.sessions().detail(sessionId); });
}

QFuture<Result<QList<Store::SessionRow>>> EngineClient::sessions(bool openOnly)
{
    return call([openOnly](Engine &e) { return e.sessions().list(openOnly); });
}

QFuture<Result<Persona>> EngineClient::switchPersona(const QString &sessionId, const QString &idOrName)
{
    return call([sessionId, idOrName](Engine &e) { return e.sessions().setActivePersona(sessionId, idOrName); });
}

QFuture<Result<Persona>> EngineClient::activePersona(const QString &sessionId)
{
    return call([sessionId](Engine &e) { return e.sessions().activePersona(sessionId); });
}

QFuture<Result<void>> EngineClient::setSessionClient(const QString &sessionId, const QString &name,
                                                     const QString &version, const QString &transport)
{
    return call([=](Engine &e) { return e.sessions().setClient(sessionId, name, version, transport); });
}

QFuture<Result<Conversation::ConversationPage>> EngineClient::history(const QString &sessionId,
                                                                      const QString &personaRef, int offset, int limit)
{
    return call([=](Engine &e) { return e.conversations().history(sessionId, personaRef, offset, limit); });
}

QFuture<Result<Conversation::ConversationPage>> EngineClient::conversationPage(qint64 conversationId, int offset,
                                                                               int limit)
{
    return call([=](Engine &e) { return e.conversations().page(conversationId, offset, limit); });
}

QFuture<Result<Store::ConversationRow>> EngineClient::resetConversation(const QString &sessionId,
                                                                       const QString &personaRef)
{
    return call([=](Engine &e) { return e.conversations().reset(sessionId, personaRef); });
}

QFuture<Result<Store::ConversationRow>> EngineClient::startConversation(const QString &sessionId,
                                                                       const QString &personaRef)
{
    return call([=](Engine &e) -> Result<Store::ConversationRow> {
        auto persona = e.personas().find(personaRef);
        if (!persona)
            return fail(persona.error());
        if (auto session = e.sessions().get(sessionId); !session)
            return fail(session.error());
        return e.conversations().liveOrCreate(sessionId, persona->id, true);
    });
}

QFuture<Result<QList<Store::ModelCallRow>>> EngineClient::modelCalls(qint64 conversationId, int limit)
{
    return call([=](Engine &e) { return e.conversations().modelCalls(conversationId, limit); });
}

QFuture<Result<Memory::StoredMemory>> EngineClient::storeMemory(const Memory::MemoryDraft &draft)
{
    using Value = Result<Memory::StoredMemory>;
    return callAsync<Value>([draft](Engine &e, std::function<void(Value)> answer) {
        e.memory().store(draft, &e, std::move(answer));
    });
}

QFuture<Result<Memory::MemoryRecord>> EngineClient::updateMemory(qint64 id, const Memory::MemoryPatch &patch)
{
    using Value = Result<Memory::MemoryRecord>;
    return callAsync<Value>([id, patch](Engine &e, std::function<void(Value)> answer) {
        e.memory().update(id, patch, &e, std::move(answer));
    });
}

QFuture<Result<Memory::MemoryRecord>> EngineClient::deleteMemory(qint64 id)
{
    return call([id](Engine &e) { return e.memory().remove(id); });
}

QFuture<Result<Memory::MemoryRecord>> EngineClient::memory(qint64 id)
{
    return call([id](Engine &e) { return e.memory().get(id); });
}

QFuture<Result<Memory::RecallResult>> EngineClient::searchMemory(const Memory::MemoryQuery &query)
{
    using Value = Result<Memory::RecallResult>;
    return callAsync<Value>([query](Engine &e, std::function<void(Value)> answer) {
        e.memory().search(query, &e, std::move(answer));
    });
}

QFuture<Result<Memory::MemoryPage>> EngineClient::memories(const QString &persona, int offset, int limit)
{
    return call([=](Engine &e) { return e.memory().list(persona, offset, limit); });
}

QFuture<Result<Memory::MemoryStats>> EngineClient::memoryStats(const QString &persona)
{
    return call([persona](Engine &e) { return e.memory().stats(persona); });
}

QFuture<Result<Memory::PruneReport>> EngineClient::pruneMemories(const QString &persona, bool dryRun, bool force)
{
    return call([=](Engine &e) { return e.memory().prune(persona, dryRun, force); });
}

QFuture<Result<QList<Memory::RecallRecord>>> EngineClient::recallsForModelCall(qint64 modelCallId)
{
    return call([modelCallId](Engine &e) { return e.memory().recalls(modelCallId); });
}

QFuture<Result<Memory::MemoryMap>> EngineClient::memoryMap(const QString &persona)
{
    using Value = Result<Memory::MemoryMap>;
    return callAsync<Value>([persona](Engine &e, std::function<void(Value)> answer) {
        e.memory().map(persona, &e, std::move(answer));
    });
}

void EngineClient::chat(const Conversation::TurnRequest &request, const Conversation::TurnChannelPtr &channel)
{
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, request, channel] { engine->chat().startTurn(request, channel); },
        Qt::QueuedConnection);
}

QFuture<Llm::ServerReport> EngineClient::checkServer()
{
    auto promise = std::make_shared<QPromise<Llm::ServerReport>>();
    QFuture<Llm::ServerReport> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine, promise] {
            engine->checkServer(engine, [promise](Llm::ServerReport report) {
                promise->addResult(report);
                promise->finish();
            });
        },
        Qt::QueuedConnection);
    return future;
}

QFuture<Llm::ServerReport> EngineClient::checkServerAt(const QUrl &url, const QString &model)
{
    auto promise = std::make_shared<QPromise<Llm::ServerReport>>();
    QFuture<Llm::ServerReport> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine, promise, url, model] {
            // A client of its own, so the check neither waits behind chat calls nor changes
            // the address every other call uses.
            Llm::ClientConfig config = engine->llm().config();
            config.baseUrl = url;
            config.maxRetries = 0;
            auto *probe = new Llm::OllamaClient(config, engine);
            probe->checkServer(model, probe, [promise, probe](Llm::ServerReport report) {
                promise->addResult(report);
                promise->finish();
                probe->deleteLater();
            });
        },
        Qt::QueuedConnection);
    return future;
}

QFuture<Result<QList<Llm::ModelInfo>>> EngineClient::listModels()
{
    auto promise = std::make_shared<QPromise<Result<QList<Llm::ModelInfo>>>>();
    auto future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine, promise] {
            engine->llm().listModels(engine, [promise](Result<QList<Llm::ModelInfo>> models) {
                promise->addResult(models);
                promise->finish();
            });
        },
        Qt::QueuedConnection);
    return future;
}

QFuture<EngineStatus> EngineClient::status()
{
    return call([](Engine &e) { return e.status(); });
}

QFuture<bool> EngineClient::applySettings(const Settings &settings)
{
    return call([settings](Engine &e) {
        e.applySettings(settings);
        return true;
    });
}

QFuture<bool> EngineClient::whenIdle()
{
    auto promise = std::make_shared<QPromise<bool>>();
    QFuture<bool> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine, promise] {
            engine->whenIdle([promise] {
                promise->addResult(true);
                promise->finish();
            });
        },
        Qt::QueuedConnection);
    return future;
}

QFuture<Settings> EngineClient::settings()
{
    return call([](Engine &e) { return e.settings(); });
}

} // namespace Studio::Engine
