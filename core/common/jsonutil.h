// SPDX-License-Identifier: MIT
#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonObject>

namespace Studio {

/** Parses bytes that must hold one JSON object; the error says where parsing stopped. */
Result<QJsonObject> parseJsonObject(const QByteArray &bytes);

/** Compact UTF-8 serialisation, what goes on the wire and into the store. */
QByteArray toCompactJson(const QJsonObject &object);

} // namespace Studio
