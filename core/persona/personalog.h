// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace Studio::Personas {
Q_DECLARE_LOGGING_CATEGORY(lcPersona)
}
