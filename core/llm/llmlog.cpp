// SPDX-License-Identifier: MIT
#include "llmlog.h"

namespace Studio::Llm {

// Info by default: one line per chat request (model and digest) is what a user needs to tell
// which model produced a reply; everything chattier stays at debug.
Q_LOGGING_CATEGORY(lcLlm, "persona.llm", QtInfoMsg)

} // namespace Studio::Llm
