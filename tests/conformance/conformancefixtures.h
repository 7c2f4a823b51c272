// SPDX-License-Identifier: MIT
#pragma once

namespace Studio::Mcp {
class McpServer;
}

/** Adds the official MCP conformance suite's fixture tools, resources and prompts
 *  (test_simple_text, test://static-text, test_simple_prompt, ...) to an MCP server.
 *  Test-only: linked into persona-studio-conformance, never into the shipped app. */
void installConformanceFixtures(Studio::Mcp::McpServer *server);
