// SPDX-License-Identifier: MIT
#pragma once

#include "settings.h"

#include <common/clock.h>
#include <conversation/chattypes.h>
#include <llm/chattypes.h>
#include <persona/persona.h>
#include <store/records.h>

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <memory>

namespace Studio::Store {
class Database;
}
namespace Studio::Personas {
class PersonaRegistry;
}
namespace Studio::Llm {
class OllamaClient;
struct ClientConfig;
}
namespace Studio::Conversation {
class ChatService;
class ConversationService;
class SessionService;
class Summarizer;
}
namespace Studio::Memory {
class MemoryHook;
class MemoryService;
struct MemoryConfig;
}

namespace Studio::Engine {

/** A snapshot of the engine's health for status views and tools. */
/** A deleted persona, and how many of its memories went with it. */
struct PersonaDeletion
{
    Personas::Persona persona;
    int memoriesDeleted = 0;
};

struct EngineStatus
{
    qint64 uptimeMs = 0;
    QString version;
    QString dbPath;
    qint64 dbBytes = 0;
    int schemaVersion = 0;
    bool databaseOk = true;  // the status queries ran
    QString databaseError;   // why not
    int personas = 0;
    int openSessions = 0;
    qint64 messages = 0;
    int runningTurns = 0;
    int llmRunning = 0;
    int llmQueued = 0;
    Llm::ServerReport server; // the last model check
    bool serverChecked = false;
};

/** @brief The engine: store, personas, LLM client, sessions, conversations and chat turns.
 *  Lives on the engine thread (see EngineHost); every method is called on that thread.
 *  Other threads use EngineClient. */
class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)

public:
    Engine(Settings settings, Clock clock, QObject *parent = nullptr);
    ~Engine() override;

    /** Opens the database, loads personas, starts long-term memory (its indexes are checked and,
     *  where needed, rebuilt in the background), the session sweep and a first model check. */
    Result<void> start();
    /** Stops every turn (keeping partial replies), saves the memory indexes and closes the database. */
    void shutdown();
    bool isStarted() const { return m_db != nullptr; }

    const Settings &settings() const { return m_settings; }
    /** Takes new settings into use: the next model request and chat turn use them. */
    void applySettings(const Settings &settings);
    Store::Database &database() { return *m_db; }
    Personas::PersonaRegistry &personas() { return *m_personas; }
    Llm::OllamaClient &llm() { return *m_llm; }
    Conversation::SessionService &sessions() { return *m_sessions; }
    Conversation::ConversationService &conversations() { return *m_conversations; }
    Conversation::ChatService &chat() { return *m_chat; }
    Memory::MemoryService &memory() { return *m_memory; }

    /** Runs the model check now; done runs on this thread with the report. */
    void checkServer(QObject *context, std::function<void(Llm::ServerReport)> done);
    /** Runs done once no turn, no summary and no memory formation is running (now, or when the
     *  last one ends); a short-lived process (the CLI) waits for this so nothing is lost. */
    void whenIdle(std::function<void()> done);
    const Llm::ServerReport &lastServerReport() const { return m_lastReport; }
    EngineStatus status();
    /** Deletes a persona the user created, and everything it remembered. */
    Result<PersonaDeletion> deletePersona(const QString &idOrName);

Q_SIGNALS:
    void personasChanged();
    void sessionOpened(const Studio::Store::SessionRow &session);
    void sessionChanged(const Studio::Store::SessionRow &session);
    void sessionClosed(const QString &sessionId);
    void messageAdded(const Studio::Conversation::MessageEvent &event);
    void messagesRemoved(const Studio::Conversation::MessagesRemoved &event);
    void modelCallStarted(const Studio::Store::ModelCallRow &call);
    void modelCallFinished(const Studio::Store::ModelCallRow &call);
    void serverReportChanged(const Studio::Llm::ServerReport &report);
    /** Memories of the persona were stored, changed, recalled, decayed or pruned. */
    void memoriesChanged(const QString &personaId);
    /** A memory index is being rebuilt from the database: done of total vectors (done == total: finished). */
    void memoryIndexProgress(const QString &personaId, int done, int total);

private:
    void checkIdle();

    Settings m_settings;
    Clock m_clock;
    QElapsedTimer m_uptime;
    std::unique_ptr<Store::Database> m_db;
    Personas::PersonaRegistry *m_personas = nullptr;
    Llm::OllamaClient *m_llm = nullptr;
    Conversation::SessionService *m_sessions = nullptr;
    Conversation::ConversationService *m_conversations = nullptr;
    Conversation::Summarizer *m_summarizer = nullptr;
    Conversation::ChatService *m_chat = nullptr;
    Memory::MemoryService *m_memory = nullptr;
    std::unique_ptr<Memory::MemoryHook> m_memoryHook;
    Llm::ServerReport m_lastReport;
    bool m_serverChecked = false;
    QList<std::function<void()>> m_idleWaiters;
};

/** The LLM client settings that follow from the engine settings. */
Llm::ClientConfig clientConfigFor(const Settings &settings);
/** The chat settings that follow from the engine settings. */
Conversation::ChatConfig chatConfigFor(const Settings &settings);
/** The memory settings that follow from the engine settings. */
Memory::MemoryConfig memoryConfigFor(const Settings &settings);

} // namespace Studio::Engine

Q_DECLARE_METATYPE(Studio::Engine::EngineStatus)
