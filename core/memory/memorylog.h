// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace Studio::Memory {

/** "persona.memory": index loads, saves and failures, embedder errors. Info and above by default. */
Q_DECLARE_LOGGING_CATEGORY(lcMemory)

} // namespace Studio::Memory
