// SPDX-License-Identifier: MIT
#include "chattypes.h"

namespace Studio::Conversation {

Error sessionNotFound(const QString &sessionId)
{
    return Error{ErrorCode::NotFound, QStringLiteral("Session '%1' not found").arg(sessionId)};
}

int estimateTokens(const QString &text)
{
    // UTF-8 length / 4, rounded up: close to BPE tokenisers on English prose, and on the safe
    // (over-estimating) side for most other scripts.
    qsizetype bytes = 0;
    for (const QChar c : text)
        bytes += c.unicode() < 0x80 ? 1 : (c.unicode() < 0x800 ? 2 : (c.isSurrogate() ? 2 : 3));
    return int((bytes + 3) / 4);
}

} // namespace Studio::Conversation
