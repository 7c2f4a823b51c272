// SPDX-License-Identifier: MIT
#include "enginehost.h"

#include "enginelog.h"

#include <QThread>

namespace Studio::Engine {

void registerEngineMetaTypes()
{
    qRegisterMetaType<Studio::Error>();
    qRegisterMetaType<Studio::Store::SessionRow>();
    qRegisterMetaType<Studio::Store::ConversationRow>();
    qRegisterMetaType<Studio::Store::MessageRow>();
    qRegisterMetaType<Studio::Store::ModelCallRow>();
    qRegisterMetaType<Studio::Conversation::TurnResult>();
    qRegisterMetaType<Studio::Conversation::MessageEvent>();
    qRegisterMetaType<Studio::Conversation::MessagesRemoved>();
    qRegisterMetaType<Studio::Llm::ServerReport>();
    qRegisterMetaType<Studio::Llm::ChatResult>();
    qRegisterMetaType<Studio::Engine::EngineStatus>();
}

EngineHost::EngineHost(Settings settings, Clock clock, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_engine(new Engine(std::move(settings), std::move(clock)))
{
    registerEngineMetaTypes();
    m_thread->setObjectName(QStringLiteral("engine"));
    m_engine->moveToThread(m_thread);
    m_client = new EngineClient(m_engine, this);
}

EngineHost::~EngineHost()
{
    stop();
    delete m_thread;
}

QFuture<Result<void>> EngineHost::start()
{
    if (!m_thread->isRunning())
        m_thread->start();
    return m_client->call([](Engine &engine) { return engine.start(); });
}

void EngineHost::stop()
{
    if (!m_thread->isRunning())
        return;
    // The engine is deleted on its own thread (its sockets and timers live there), then the
    // loop ends. Waiting is allowed here: this is shutdown.
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine] {
            engine->shutdown();
            delete engine;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    m_engine = nullptr;
}

} // namespace Studio::Engine
