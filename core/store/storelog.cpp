// SPDX-License-Identifier: MIT
#include "storelog.h"

namespace Studio::Store {
Q_LOGGING_CATEGORY(lcStore, "persona.store", QtInfoMsg)
}
