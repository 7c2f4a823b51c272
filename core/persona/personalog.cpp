// SPDX-License-Identifier: MIT
#include "personalog.h"

namespace Studio::Personas {
Q_LOGGING_CATEGORY(lcPersona, "persona.persona", QtInfoMsg)
}
