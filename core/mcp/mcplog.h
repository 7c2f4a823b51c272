// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace Studio::Mcp {
Q_DECLARE_LOGGING_CATEGORY(lcMcp)
Q_DECLARE_LOGGING_CATEGORY(lcMcpIo) // raw traffic, off by default
}
