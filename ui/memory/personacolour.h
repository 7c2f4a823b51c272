// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace Studio::Ui {

/** A persona's colour, the same in every view (sidebar avatars, memory table, map, hits): one of
 *  twelve well-separated colours that carry white text, picked by a stable hash of the id
 *  (FNV-1a, the same in every run). Hues hashed onto the whole circle made Aria and Kira two
 *  hardly different greens. */
QColor personaColour(const QString &personaId);

/** A small disc in the persona's colour, for combo boxes. */
QIcon personaIcon(const QString &personaId, int size);

} // namespace Studio::Ui
