// SPDX-License-Identifier: MIT
// persona-studio-conformance: the app with the MCP conformance suite's fixtures added to the
// same MCP core. Test-only; never installed.
#include "conformancefixtures.h"

#include <entrypoint.h>

int main(int argc, char *argv[])
{
    return Studio::App::runPersonaStudio(argc, argv, installConformanceFixtures);
}
