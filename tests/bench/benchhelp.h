// SPDX-License-Identifier: MIT
#pragma once

// Every bench answers --help and -h with what it measures and its options, and exits 0 before it
// starts anything (no QApplication, no server, no files): the bench-help CTest tests check it.

#include <cstdio>
#include <cstring>

namespace BenchHelp {

/** True (after printing `usage` to stdout) when the command line asks for help. */
inline bool asked(int argc, char **argv, const char *usage)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::fputs(usage, stdout);
            std::fflush(stdout);
            return true;
        }
    }
    return false;
}

} // namespace BenchHelp
