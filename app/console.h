// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Studio::App {

/** Writes UTF-8 to stdout (the command's output) and stderr (diagnostics), unbuffered so a
 *  streamed reply appears as it arrives. */
namespace Console {
void out(const QString &text);
void err(const QString &text);
} // namespace Console

/** Exit codes of the command line; documented in README, never renumber. */
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2,
    ExitLlmUnavailable = 3,
};

} // namespace Studio::App
