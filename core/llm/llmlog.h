// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace Studio::Llm {

/** "persona.llm": requests leaving the queue, retries, failures. Info and above by default. */
Q_DECLARE_LOGGING_CATEGORY(lcLlm)

} // namespace Studio::Llm
