// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace Studio::Ui {

/** A persona's colour: its id hashed onto the hue circle, the same as the avatar circles of the
 *  persona sidebar (personasidebar.cpp), so a persona looks the same in every view. */
QColor personaColour(const QString &personaId);

/** A small disc in the persona's colour, for combo boxes. */
QIcon personaIcon(const QString &personaId, int size);

} // namespace Studio::Ui
