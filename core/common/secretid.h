// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Studio {

/** An identifier that is also a capability (a session id, a share handle): `bytes` bytes from
 *  the operating system's random source, base64url without padding (16 bytes: 22 characters,
 *  128 bits). Unguessable, so holding one is what grants access. Thread: any. */
QString newSecretId(int bytes = 16);

} // namespace Studio
