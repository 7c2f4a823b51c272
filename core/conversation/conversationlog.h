// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace Studio::Conversation {
Q_DECLARE_LOGGING_CATEGORY(lcConversation)
}
