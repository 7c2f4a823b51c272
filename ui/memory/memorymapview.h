// SPDX-License-Identifier: MIT
#pragma once

#include <memory/memorytypes.h>

#include <QHash>
#include <QList>
#include <QSet>
#include <QWidget>

namespace Studio::Ui {

/** @brief A 2D map of the embedding space: one point per memory (a projection the engine
 *  computes off the GUI thread), coloured by persona and sized by importance. Hovering shows the
 *  content; a click reports the memory. Recall hits are ringed, the current memory is marked.
 *  Thread: the GUI thread. */
class MemoryMapView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryMapView)

public:
    explicit MemoryMapView(QWidget *parent = nullptr);

    void setMap(const Memory::MemoryMap &map);
    void clear();
    const QList<Memory::MapPoint> &points() const { return m_map.points; }
    int pointCount() const { return int(m_map.points.size()); }
    const Memory::MemoryMap &map() const { return m_map; }

    void setPersonaNames(const QHash<QString, QString> &names);
    void setCurrentMemory(qint64 memoryId);
    qint64 currentMemory() const { return m_current; }
    void setHighlighted(const QSet<qint64> &memoryIds);
    QSet<qint64> highlighted() const { return m_highlighted; }
    /** A text for an empty map (loading, failed, nothing stored). */
    void setPlaceholderText(const QString &text);

    /** Where a memory's point is drawn, in widget coordinates; null when not on the map. */
    QPointF pointPosition(qint64 memoryId) const;
    /** The memory whose point is under pos (the topmost), or 0. */
    qint64 memoryAt(const QPointF &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void memoryClicked(qint64 memoryId);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRectF plotRect() const;
    QPointF toWidget(const Memory::MapPoint &point) const;
    double radius(const Memory::MapPoint &point) const;
    int pointIndexAt(const QPointF &pos) const;
    QString tooltipFor(const Memory::MapPoint &point) const;

    Memory::MemoryMap m_map;
    QHash<qint64, int> m_indexOf;
    QRectF m_bounds; // of the projected coordinates
    QHash<QString, QString> m_personaNames;
    QSet<qint64> m_highlighted;
    qint64 m_current = 0;
    qint64 m_hovered = 0;
    QString m_placeholder;
};

} // namespace Studio::Ui
