// SPDX-License-Identifier: MIT
#pragma once

#include <functional>

namespace Studio::Mcp {
class McpServer;
}

namespace Studio::App {

/** The whole program behind main(): parse the command line, run, return the exit code.
 *  extendServer is for test-only builds (conformance fixtures); the shipped app passes none. */
int runPersonaStudio(int argc, char *argv[], std::function<void(Mcp::McpServer *)> extendServer = {});

} // namespace Studio::App
