// SPDX-License-Identifier: MIT
#include "entrypoint.h"

int main(int argc, char *argv[])
{
    return Studio::App::runPersonaStudio(argc, argv);
}
