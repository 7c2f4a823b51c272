// SPDX-License-Identifier: MIT
#pragma once

// An McpServer and its endpoint on 127.0.0.1, any free port, on the test's own thread: what the
// suites that drive the endpoint with raw sockets and QWebSocket start. Header-only: they link
// the MCP library anyway.

#include <engine/engineclient.h>
#include <mcp/mcpserver.h>
#include <mcp/transport/mcplistener.h>

#include <QDebug>

#include <memory>

namespace StudioTest {

struct EndpointFixture
{
    std::unique_ptr<Studio::Mcp::McpServer> server;
    std::unique_ptr<Studio::Mcp::McpEndpoint> endpoint;

    /** (Re)starts server and endpoint with these options on port 0; false (and a warning saying
     *  why) when the endpoint cannot listen. */
    bool start(Studio::Engine::EngineClient *engine, Studio::Mcp::ServerOptions options)
    {
        stop();
        options.port = 0;
        server = std::make_unique<Studio::Mcp::McpServer>(engine, options);
        endpoint = std::make_unique<Studio::Mcp::McpEndpoint>(server.get());
        const auto listening = endpoint->listen();
        if (!listening)
            qWarning() << listening.error().message;
        return bool(listening);
    }

    void stop()
    {
        endpoint.reset();
        server.reset();
    }
};

} // namespace StudioTest
