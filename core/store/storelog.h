// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace Studio::Store {
Q_DECLARE_LOGGING_CATEGORY(lcStore)
}
