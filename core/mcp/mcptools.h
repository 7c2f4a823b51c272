// SPDX-License-Identifier: MIT
#pragma once

#include "mcpserver.h"

namespace Studio::Mcp {

/** The tools of the shipped app (spec/mcp.md "Tools"), each a thin adapter onto the engine's
 *  service API. Memory and relationship tools join with their features. */
QList<ToolDefinition> personaStudioTools(McpServer *server);

/** Parses a JSON literal of a schema; a broken literal is a programming error. */
QJsonObject schemaFromLiteral(const char *json);

} // namespace Studio::Mcp
