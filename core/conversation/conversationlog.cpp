// SPDX-License-Identifier: MIT
#include "conversationlog.h"

namespace Studio::Conversation {
Q_LOGGING_CATEGORY(lcConversation, "persona.conversation", QtInfoMsg)
}
