// SPDX-License-Identifier: MIT
#include "memorylog.h"

namespace Studio::Memory {

// Info by default: one line per index load or save (with its size and time) is what a user
// needs to tell why recall was slow or an index was rebuilt; per-query detail stays at debug.
Q_LOGGING_CATEGORY(lcMemory, "persona.memory", QtInfoMsg)

} // namespace Studio::Memory
