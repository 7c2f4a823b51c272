// SPDX-License-Identifier: MIT
#include "enginelog.h"

namespace Studio::Engine {
Q_LOGGING_CATEGORY(lcEngine, "persona.engine", QtInfoMsg)
}
