// SPDX-License-Identifier: MIT
#pragma once

#include "engine.h"
#include "engineclient.h"

#include <QFuture>
#include <QObject>

class QThread;

namespace Studio::Engine {

/** @brief Runs the Engine on a thread of its own and owns that thread. Created and destroyed
 *  by the composition root on the main thread; stop() (or the destructor) stops every turn,
 *  closes the database on the engine thread and joins it. */
class EngineHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineHost)

public:
    explicit EngineHost(Settings settings, Clock clock = Clock(), QObject *parent = nullptr);
    ~EngineHost() override;

    /** Starts the thread and the engine on it; the future says whether the engine could start. */
    QFuture<Result<void>> start();
    void stop();

    EngineClient *client() const { return m_client; }
    const Engine *engine() const { return m_engine; }

private:
    QThread *m_thread;
    Engine *m_engine;
    EngineClient *m_client;
};

/** Registers the value types that cross threads in queued signals. */
void registerEngineMetaTypes();

} // namespace Studio::Engine
