// SPDX-License-Identifier: MIT
#include "personacolour.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

#include <array>

namespace Studio::Ui {

QColor personaColour(const QString &personaId)
{
    static constexpr std::array<QRgb, 12> kPalette = {0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xe6550d, 0x8c564b,
                                                      0xc2357f, 0x138d90, 0x7a8b12, 0x3b4cc0, 0xb8860b, 0x5254a3};
    quint32 hash = 2166136261u;
    for (const char byte : personaId.toUtf8()) {
        hash ^= quint8(byte);
        hash *= 16777619u;
    }
    return QColor(kPalette[hash % kPalette.size()]);
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
