// SPDX-License-Identifier: MIT
#include "mcplog.h"

namespace Studio::Mcp {
Q_LOGGING_CATEGORY(lcMcp, "persona.mcp", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMcpIo, "persona.mcp.io", QtWarningMsg)
}
