// SPDX-License-Identifier: MIT
#include "engine.h"

#include "enginelog.h"

#include <conversation/chatservice.h>
#include <conversation/conversationservice.h>
#include <conversation/sessionservice.h>
#include <conversation/summarizer.h>
#include <llm/ollamaclient.h>
#include <memory/memoryhook.h>
#include <memory/memoryservice.h>
#include <persona/personaregistry.h>
#include <store/database.h>
#include <store/sessionstore.h>

#include <QCoreApplication>
#include <QDeadlineTimer>

using namespace Qt::StringLiterals;

namespace Studio::Engine {

namespace {
constexpr int kMaxSweepIntervalMs = 10 * 60 * 1000;
constexpr int kShutdownGraceMs = 3000;
}

Llm::ClientConfig clientConfigFor(const Settings &settings)
{
    Llm::ClientConfig config;
    config.baseUrl = settings.ollamaUrl;
    config.connectTimeoutMs = settings.connectTimeoutMs;
    config.firstTokenTimeoutMs = settings.firstTokenTimeoutMs;
    config.idleTimeoutMs = settings.idleTimeoutMs;
    config.totalTimeoutMs = settings.totalTimeoutMs;
    config.maxRetries = settings.llmRetries;
    config.maxConcurrent = settings.llmParallel;
    config.maxQueueWaitMs = settings.maxQueueWaitMs;
    config.maxReplyChars = settings.maxReplyChars;
    return config;
}

Conversation::ChatConfig chatConfigFor(const Settings &settings)
{
    Conversation::ChatConfig config;
    config.model = settings.model;
    config.numCtx = settings.numCtx;
    config.windowMessages = settings.windowMessages;
    config.keepAlive = settings.keepAlive;
    config.maxReplyTokens = settings.maxReplyTokens;
    config.maxReplyChars = settings.maxReplyChars;
    return config;
}

Memory::MemoryConfig memoryConfigFor(const Settings &settings)
{
    Memory::MemoryConfig config;
    config.embedder = settings.memoryEmbedder;
    config.embedModel = settings.memoryEmbedModel;
    config.recallK = settings.memoryRecallK;
    config.weights = Memory::RecallWeights{settings.memoryWeightRelevance, settings.memoryWeightRecency,
                                           settings.memoryWeightImportance};
    config.minImportance = settings.memoryMinImportance;
    config.decay.ratePerDay = settings.memoryDecayPerDay;
    config.decay.floor = settings.memoryImportanceFloor;
    config.prune.protect.importance = settings.memoryProtectImportance;
    config.prune.protect.recentDays = settings.memoryProtectDays;
    config.prune.startAt = settings.memoryPruneStart;
    config.prune.target = settings.memoryPruneTarget;
    config.prune.hardMax = settings.memoryPruneMax;
    config.prune.minCount = settings.memoryPruneMin;
    config.prune.maxShare = settings.memoryPruneShare;
    config.maintenanceMinutes = settings.memoryMaintenanceMinutes;
    config.importanceByModel = settings.memoryImportanceByModel;
    config.ratingModel = settings.model;
    config.ratingNumCtx = settings.numCtx;
    return config;
}

Engine::Engine(Settings settings, Clock clock, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_clock(std::move(clock))
{
    m_uptime.start();
}

Engine::~Engine()
{
    shutdown();
}

Result<void> Engine::start()
{
    if (m_db)
        return {};
    auto database = Store::Database::open(m_settings.dbPath);
    if (!database)
        return fail(database.error());
    m_db = std::move(*database);

    m_personas = new Personas::PersonaRegistry(*m_db, m_clock, this);
    if (auto loaded = m_personas->load(); !loaded) {
        shutdown();
        return loaded;
    }
    m_llm = new Llm::OllamaClient(clientConfigFor(m_settings), this);
    // Memory starts before chat so that the first turn can recall; its indexes that need a
    // rebuild are rebuilt in the background, and an unreachable Ollama only means the built-in
    // embedder for now.
    m_memory = new Memory::MemoryService(*m_db, *m_personas, *m_llm, m_clock, memoryConfigFor(m_settings), this);
    connect(m_memory, &Memory::MemoryService::memoriesChanged, this, &Engine::memoriesChanged);
    connect(m_memory, &Memory::MemoryService::indexProgress, this, &Engine::memoryIndexProgress);
    connect(m_memory, &Memory::MemoryService::idle, this, &Engine::checkIdle, Qt::QueuedConnection);
    if (auto memoryStarted = m_memory->start(); !memoryStarted) {
        shutdown();
        return memoryStarted;
    }
    m_memoryHook = std::make_unique<Memory::MemoryHook>(*m_memory);
    m_sessions = new Conversation::SessionService(*m_db, *m_personas, m_clock, this);
    m_sessions->setIdleTimeoutHours(m_settings.sessionTimeoutHours);
    m_conversations = new Conversation::ConversationService(*m_db, *m_personas, m_clock, this);
    m_summarizer = new Conversation::Summarizer(*m_db, *m_llm, m_clock, this);
    m_chat = new Conversation::ChatService(*m_db, *m_personas, *m_sessions, *m_conversations, *m_summarizer, *m_llm,
                                           m_clock, this);
    m_chat->setConfig(chatConfigFor(m_settings));
    m_chat->addHook(m_memoryHook.get());

    connect(m_personas, &Personas::PersonaRegistry::personasChanged, this, &Engine::personasChanged);
    connect(m_sessions, &Conversation::SessionService::sessionOpened, this, &Engine::sessionOpened);
    connect(m_sessions, &Conversation::SessionService::sessionChanged, this, &Engine::sessionChanged);
    connect(m_sessions, &Conversation::SessionService::sessionClosed, this, &Engine::sessionClosed);
    connect(m_chat, &Conversation::ChatService::messageAdded, this, &Engine::messageAdded);
    connect(m_chat, &Conversation::ChatService::messagesRemoved, this, &Engine::messagesRemoved);
    connect(m_chat, &Conversation::ChatService::modelCallStarted, this, &Engine::modelCallStarted);
    connect(m_chat, &Conversation::ChatService::modelCallFinished, this, &Engine::modelCallFinished);
    connect(m_summarizer, &Conversation::Summarizer::modelCallStarted, this, &Engine::modelCallStarted);
    connect(m_summarizer, &Conversation::Summarizer::modelCallFinished, this, &Engine::modelCallFinished);
    // Queued: the summarizer and the chat service finish their bookkeeping first.
    connect(m_summarizer, &Conversation::Summarizer::summaryUpdated, this, &Engine::checkIdle, Qt::QueuedConnection);
    connect(m_summarizer, &Conversation::Summarizer::summaryFailed, this, &Engine::checkIdle, Qt::QueuedConnection);
    connect(m_chat, &Conversation::ChatService::modelCallFinished, this, &Engine::checkIdle, Qt::QueuedConnection);

    if (auto swept = m_sessions->sweepIdle(); !swept)
        qCWarning(lcEngine) << "session sweep failed:" << swept.error().message;
    const qint64 timeoutMs = qint64(m_settings.sessionTimeoutHours * 3600.0 * 1000.0);
    m_sessions->startSweeping(int(qBound<qint64>(1000, timeoutMs / 4, qint64(kMaxSweepIntervalMs))));
    qCInfo(lcEngine) << "engine started with" << m_db->path() << "schema" << m_db->schemaVersion() << "and"
                     << m_personas->count() << "personas; Ollama at" << m_settings.ollamaUrl.toString();
    return {};
}

void Engine::shutdown()
{
    if (!m_db)
        return;
    if (m_chat) {
        // A cancelled turn stores its partial reply when its call reports back, which happens
        // through this thread's event loop: let it, for a bounded time.
        m_chat->cancelAll();
        QDeadlineTimer deadline(kShutdownGraceMs);
        while ((m_chat->runningTurns() > 0 || m_summarizer->runningCount() > 0
                || (m_memory && m_memory->pendingWork() > 0))
               && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    delete m_chat;
    m_chat = nullptr;
    if (m_memory) {
        // After the chat service (the hook must outlive it); saves the changed indexes.
        m_memory->shutdown();
        delete m_memory;
        m_memory = nullptr;
    }
    m_memoryHook.reset();
    delete m_summarizer;
    m_summarizer = nullptr;
    delete m_conversations;
    m_conversations = nullptr;
    delete m_sessions;
    m_sessions = nullptr;
    delete m_llm;
    m_llm = nullptr;
    delete m_personas;
    m_personas = nullptr;
    m_db.reset();
    qCInfo(lcEngine) << "engine stopped";
}

void Engine::applySettings(const Settings &settings)
{
    const QString dbPath = m_settings.dbPath;
    m_settings = settings;
    m_settings.dbPath = dbPath; // the open database stays until the next start
    if (!m_db)
        return;
    m_llm->setConfig(clientConfigFor(m_settings));
    m_chat->setConfig(chatConfigFor(m_settings));
    m_sessions->setIdleTimeoutHours(m_settings.sessionTimeoutHours);
    m_memory->setConfig(memoryConfigFor(m_settings));
    qCInfo(lcEngine) << "settings applied; model" << m_settings.model << "at" << m_settings.ollamaUrl.toString();
}

void Engine::checkServer(QObject *context, std::function<void(Llm::ServerReport)> done)
{
    m_llm->checkServer(m_settings.model, context, [this, done](Llm::ServerReport report) {
        m_lastReport = report;
        m_serverChecked = true;
        if (!report.reachable || !report.modelPresent)
            qCWarning(lcEngine).noquote() << report.advice();
        Q_EMIT serverReportChanged(report);
        if (done)
            done(report);
    });
}

void Engine::whenIdle(std::function<void()> done)
{
    if (m_summarizer->runningCount() == 0 && m_chat->runningTurns() == 0 && m_memory->pendingWork() == 0)
        return done();
    m_idleWaiters.append(std::move(done));
}

Result<PersonaDeletion> Engine::deletePersona(const QString &idOrName)
{
    auto removed = m_personas->remove(idOrName);
    if (!removed)
        return fail(removed.error());
    PersonaDeletion deletion{*removed, 0};
    // Its memories go with it: a persona created later under the same name (so the same id)
    // must not wake up knowing them, and its shared ones would keep surfacing in the others'
    // recall. Its conversations stay in the history.
    if (auto forgotten = m_memory->forgetPersona(removed->id))
        deletion.memoriesDeleted = *forgotten;
    else
        qCWarning(lcEngine).noquote() << "persona" << removed->id << "deleted, but its memories could not be:"
                                      << forgotten.error().message;
    return deletion;
}

void Engine::checkIdle()
{
    if (m_idleWaiters.isEmpty() || !m_summarizer || m_summarizer->runningCount() > 0 || m_chat->runningTurns() > 0
        || m_memory->pendingWork() > 0)
        return;
    const auto waiters = std::exchange(m_idleWaiters, {});
    for (const auto &waiter : waiters)
        waiter();
}

EngineStatus Engine::status()
{
    EngineStatus status;
    status.uptimeMs = m_uptime.elapsed();
    status.version = QStringLiteral(PERSONA_STUDIO_VERSION);
    status.dbPath = m_db->path();
    status.dbBytes = m_db->sizeOnDisk();
    status.schemaVersion = m_db->schemaVersion();
    status.personas = m_personas->count();
    auto open = m_sessions->list(true, 100000);
    if (open)
        status.openSessions = int(open->size());
    auto messages = m_conversations->totalMessages();
    if (messages)
        status.messages = *messages;
    if (!open || !messages) {
        status.databaseOk = false;
        status.databaseError = !open ? open.error().message : messages.error().message;
    }
    status.runningTurns = m_chat->runningTurns();
    status.llmRunning = m_llm->runningCount();
    status.llmQueued = m_llm->queuedCount();
    status.server = m_lastReport;
    status.serverChecked = m_serverChecked;
    return status;
}

} // namespace Studio::Engine
