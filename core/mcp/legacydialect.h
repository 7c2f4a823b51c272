// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <memory>

namespace Studio::Mcp {

class McpServer;
class RequestContext;

/** @brief The original Python server's JSON-RPC dialect (spec/legacy-api.md): dotted methods,
 *  no initialize, on the same sessions and through the same engine services as the MCP tools.
 *  Methods of features Persona Studio does not have yet answer -32601 and say so.
 *  Thread: the MCP thread. */
class LegacyDialect final
{
public:
    explicit LegacyDialect(McpServer *server);

    void handle(const std::shared_ptr<RequestContext> &call);

private:
    using Call = std::shared_ptr<RequestContext>;

    void personaList(const Call &call);
    void personaSwitch(const Call &call);
    void personaChat(const Call &call, bool stream);
    void personaStatus(const Call &call);
    void personaCreate(const Call &call);
    void personaDelete(const Call &call);
    void conversationStart(const Call &call);
    void conversationEnd(const Call &call);
    void conversationStatus(const Call &call);
    void systemStatus(const Call &call);
    void systemModels(const Call &call);

    McpServer *m_server;
};

} // namespace Studio::Mcp
