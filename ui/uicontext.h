// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Studio::Engine {
class EngineClient;
}
namespace Studio::Mcp {
class TrafficLog;
}

namespace Studio::Ui {

/** What every window part needs from the composition root. Nothing here is owned. */
struct UiContext
{
    Engine::EngineClient *engine = nullptr; // the service API; queued to the engine thread
    Mcp::TrafficLog *traffic = nullptr;     // MCP traffic for the inspector; null when the endpoint is off
    QString desktopSessionId;               // the desktop's own stored session
    QString settingsFile;                   // the INI file the settings dialog edits
};

} // namespace Studio::Ui
