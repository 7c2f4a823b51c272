// SPDX-License-Identifier: MIT
#pragma once

#include "mcpserver.h"

#include <common/error.h>

#include <functional>
#include <memory>
#include <optional>

namespace Studio::Mcp {

class RequestContext;

/** The tools of the shipped app (spec/mcp.md "Tools"), each a thin adapter onto the engine's
 *  service API. Memory and relationship tools join with their features. */
QList<ToolDefinition> personaStudioTools(McpServer *server);

/** Parses a JSON literal of a schema; a broken literal is a programming error. */
QJsonObject schemaFromLiteral(const char *json);

/** Runs use with the persona the call names, or, when it names none (nullopt), with the
 *  session's active persona; if that cannot be found, the call ends with a tool error worded by
 *  advise. */
void withPersonaOrActive(McpServer *server, const std::shared_ptr<RequestContext> &call,
                         const std::optional<QString> &persona, std::function<void(const QString &personaRef)> use,
                         QString (*advise)(const Error &));

} // namespace Studio::Mcp
