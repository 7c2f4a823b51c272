// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace Studio::Engine {
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
}
