// SPDX-License-Identifier: MIT
#include "memorymapview.h"

#include "personacolour.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

constexpr double kMinRadius = 3.0;
constexpr double kRadiusPerImportance = 6.0; // importance 1 -> 9 px
constexpr double kHitSlop = 3.0;             // pixels around a point that still hit it
constexpr int kMaxTooltipChars = 400;

} // namespace

MemoryMapView::MemoryMapView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MemoryMapView::setMap(const Memory::MemoryMap &map)
{
    m_map = map;
    m_indexOf.clear();
    m_indexOf.reserve(m_map.points.size());
    double minX = std::numeric_limits<double>::max();
    double minY = minX;
    double maxX = std::numeric_limits<double>::lowest();
    double maxY = maxX;
    for (int i = 0; i < m_map.points.size(); ++i) {
        const Memory::MapPoint &point = m_map.points.at(i);
        m_indexOf.insert(point.memoryId, i);
        minX = std::min(minX, point.x);
        maxX = std::max(maxX, point.x);
        minY = std::min(minY, point.y);
        maxY = std::max(maxY, point.y);
    }
    m_bounds = m_map.points.isEmpty() ? QRectF() : QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    if (!m_indexOf.contains(m_hovered))
        m_hovered = 0;
    update();
}

void MemoryMapView::clear()
{
    setMap({});
}

void MemoryMapView::setPersonaNames(const QHash<QString, QString> &names)
{
    m_personaNames = names;
    update();
}

void MemoryMapView::setCurrentMemory(qint64 memoryId)
{
    if (memoryId == m_current)
        return;
    m_current = memoryId;
    update();
}

void MemoryMapView::setHighlighted(const QSet<qint64> &memoryIds)
{
    if (memoryIds == m_highlighted)
        return;
    m_highlighted = memoryIds;
    update();
}

void MemoryMapView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

QSize MemoryMapView::sizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 24, line * 14};
}

QSize MemoryMapView::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 8, line * 6};
}

QRectF MemoryMapView::plotRect() const
{
    // Room for the legend above and the caption below, and for the largest point at the edges.
    const double line = fontMetrics().height();
    const double margin = kMinRadius + kRadiusPerImportance + 4;
    return QRectF(rect()).adjusted(margin, line + 6 + margin, -margin, -(line + 6 + margin));
}

QPointF MemoryMapView::toWidget(const Memory::MapPoint &point) const
{
    const QRectF plot = plotRect();
    // A flat axis (one point, or all on a line) is drawn through the middle.
    const double fx = m_bounds.width() > 0 ? (point.x - m_bounds.left()) / m_bounds.width() : 0.5;
    const double fy = m_bounds.height() > 0 ? (point.y - m_bounds.top()) / m_bounds.height() : 0.5;
    return {plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height()};
}

double MemoryMapView::radius(const Memory::MapPoint &point) const
{
    return kMinRadius + kRadiusPerImportance * qBound(0.0, point.importance, 1.0);
}

QPointF MemoryMapView::pointPosition(qint64 memoryId) const
{
    const auto it = m_indexOf.constFind(memoryId);
    if (it == m_indexOf.cend())
        return {};
    return toWidget(m_map.points.at(*it));
}

int MemoryMapView::pointIndexAt(const QPointF &pos) const
{
    // The nearest point whose disc (plus a little slop) holds pos; later points are drawn on top
    // and win ties.
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (int i = int(m_map.points.size()) - 1; i >= 0; --i) {
        const Memory::MapPoint &point = m_map.points.at(i);
        const QPointF delta = toWidget(point) - pos;
        const double distance = std::hypot(delta.x(), delta.y());
        if (distance <= radius(point) + kHitSlop && distance < bestDistance) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}

qint64 MemoryMapView::memoryAt(const QPointF &pos) const
{
    const int i = pointIndexAt(pos);
    return i >= 0 ? m_map.points.at(i).memoryId : 0;
}

QString MemoryMapView::tooltipFor(const Memory::MapPoint &point) const
{
    QString content = point.content;
    if (content.size() > kMaxTooltipChars)
        content = content.left(kMaxTooltipChars - 1) + QChar(0x2026);
    const QString persona = m_personaNames.value(point.personaId, point.personaId);
    return u"<p style=\"white-space: pre-wrap;\">%1</p><p><i>%2</i></p>"_s.arg(
        content.toHtmlEscaped(),
        tr("%1 · importance %2").arg(persona, QLocale().toString(point.importance, 'f', 2)).toHtmlEscaped());
}

bool MemoryMapView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = pointIndexAt(help->pos());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), tooltipFor(m_map.points.at(i)), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void MemoryMapView::mouseMoveEvent(QMouseEvent *event)
{
    const qint64 hovered = memoryAt(event->position());
    if (hovered != m_hovered) {
        m_hovered = hovered;
        setCursor(hovered ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void MemoryMapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        if (const qint64 id = memoryAt(event->position())) {
            setCurrentMemory(id);
            Q_EMIT memoryClicked(id);
            event->accept();
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void MemoryMapView::leaveEvent(QEvent *event)
{
    if (m_hovered) {
        m_hovered = 0;
        update();
    }
    QWidget::leaveEvent(event);
}

void MemoryMapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::Text);
    QColor muted = text;
    muted.setAlpha(150);
    QColor faint = text;
    faint.setAlpha(30);

    const QRectF plot = plotRect();
    const double line = fontMetrics().height();

    if (m_map.points.isEmpty()) {
        painter.setPen(muted);
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }

    // Axes through the origin of the projection (the mean of the vectors), when it is in view.
    painter.setPen(QPen(faint, 1, Qt::DashLine));
    if (m_bounds.left() <= 0 && m_bounds.right() >= 0 && m_bounds.width() > 0) {
        const double x = plot.left() + (0 - m_bounds.left()) / m_bounds.width() * plot.width();
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    if (m_bounds.top() <= 0 && m_bounds.bottom() >= 0 && m_bounds.height() > 0) {
        const double y = plot.bottom() - (0 - m_bounds.top()) / m_bounds.height() * plot.height();
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }

    // Points: persona colour, a darker rim; hits get a ring, the current memory a thick one.
    const QColor highlight = palette().color(QPalette::Highlight);
    const Memory::MapPoint *current = nullptr;
    for (const Memory::MapPoint &point : std::as_const(m_map.points)) {
        const QPointF centre = toWidget(point);
        const double r = radius(point);
        QColor fill = personaColour(point.personaId);
        fill.setAlpha(point.memoryId == m_hovered ? 255 : 200);
        painter.setPen(QPen(fill.darker(140), 1));
        painter.setBrush(fill);
        painter.drawEllipse(centre, r, r);
        if (m_highlighted.contains(point.memoryId)) {
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(text, 1.5));
            painter.drawEllipse(centre, r + 3, r + 3);
        }
        if (point.memoryId == m_current)
            current = &point;
    }
    if (current) {
        const QPointF centre = toWidget(*current);
        const double r = radius(*current);
        painter.setBrush(personaColour(current->personaId));
        painter.setPen(QPen(highlight, 3));
        painter.drawEllipse(centre, r + 2, r + 2);
    }

    // Legend: one swatch and name per persona on the map, in the order they first appear.
    QStringList personas;
    for (const Memory::MapPoint &point : std::as_const(m_map.points)) {
        if (!personas.contains(point.personaId))
            personas.append(point.personaId);
    }
    double x = 6;
    const double swatch = line * 0.6;
    for (const QString &persona : std::as_const(personas)) {
        const QString name = m_personaNames.value(persona, persona);
        const double itemWidth = swatch + 4 + fontMetrics().horizontalAdvance(name) + 12;
        if (x + itemWidth > rect().width() - 6 && x > 6)
            break; // no room: the tooltip still names the persona
        painter.setPen(Qt::NoPen);
        painter.setBrush(personaColour(persona));
        painter.drawEllipse(QRectF(x, 3 + (line - swatch) / 2, swatch, swatch));
        painter.setPen(text);
        painter.drawText(QRectF(x + swatch + 4, 3, itemWidth, line), Qt::AlignLeft | Qt::AlignVCenter, name);
        x += itemWidth;
    }

    // Caption: what the axes are.
    // A list of facts joined by dots, as in the inspectors' other summaries.
    QStringList facts{tr("%n memories", nullptr, int(m_map.points.size())), m_map.embedder};
    if (m_map.explained > 0)
        facts << tr("%1% of the variance shown").arg(qRound(m_map.explained * 100));
    if (m_map.leftOut > 0)
        facts << tr("%n of other embedders left out", nullptr, m_map.leftOut);
    const QString caption = facts.join(u" · "_s);
    painter.setPen(muted);
    painter.drawText(QRectF(6, height() - line - 3, width() - 12, line), Qt::AlignLeft | Qt::AlignVCenter,
                     fontMetrics().elidedText(caption, Qt::ElideRight, width() - 12));
}

} // namespace Studio::Ui
