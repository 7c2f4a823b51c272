// SPDX-License-Identifier: MIT
#include "personacolour.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace Studio::Ui {

QColor personaColour(const QString &personaId)
{
    return QColor::fromHsl(int(qHash(personaId) % 360), 140, 120);
}

QIcon personaIcon(const QString &personaId, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(personaColour(personaId));
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return QIcon(pixmap);
}

} // namespace Studio::Ui
