// SPDX-License-Identifier: MIT
#pragma once

// What the endpoint suites start in init(): a real engine on its own thread, its database in a
// temporary directory, against the in-process fake Ollama. Header-only: the suites link the
// engine through studio_mcp.

#include "fakeollama.h"

#include <engine/enginehost.h>
#include <engine/settings.h>

#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

namespace StudioTest {

struct EngineFixture
{
    QTemporaryDir dir;
    FakeOllama fake;
    std::unique_ptr<Studio::Engine::EngineHost> host;

    /** Starts the fake and the engine (settings adjusted by tweak); empty, or what failed. */
    QString start(const std::function<void(Studio::Engine::Settings &)> &tweak = {})
    {
        if (!fake.listen())
            return QStringLiteral("the fake Ollama cannot listen");
        return startEngine(tweak);
    }

    /** Starts the engine alone, on the listening fake and the same database: after host.reset()
     *  this is the app restarting. Empty, or what failed. */
    QString startEngine(const std::function<void(Studio::Engine::Settings &)> &tweak = {})
    {
        Studio::Engine::Settings settings;
        settings.dbPath = dir.filePath(QStringLiteral("studio.sqlite"));
        settings.ollamaUrl = fake.url();
        settings.model = QStringLiteral("llama3.1:8b");
        settings.llmRetries = 0;
        if (tweak)
            tweak(settings);
        host = std::make_unique<Studio::Engine::EngineHost>(settings);
        auto started = host->start();
        if (!QTest::qWaitFor([&] { return started.isFinished(); }, 10000))
            return QStringLiteral("the engine did not start within 10 s");
        return started.result() ? QString() : started.result().error().message;
    }
};

} // namespace StudioTest
