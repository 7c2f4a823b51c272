// SPDX-License-Identifier: MIT
#include "scorebarsdelegate.h"

#include "memoryhitsmodel.h"

#include <QApplication>
#include <QPainter>

namespace Studio::Ui {

namespace {

constexpr int kBarHeight = 4;
constexpr int kBarGap = 2;
constexpr int kPadding = 3;

} // namespace

ScoreBarsDelegate::ScoreBarsDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QColor ScoreBarsDelegate::relevanceColour()
{
    return QColor(0x3b, 0x82, 0xd6);
}

QColor ScoreBarsDelegate::recencyColour()
{
    return QColor(0x2e, 0xa8, 0x6b);
}

QColor ScoreBarsDelegate::importanceColour()
{
    return QColor(0xe0, 0x8a, 0x1e);
}

void ScoreBarsDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString total = opt.text;
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QRect r = option.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    const int totalWidth = option.fontMetrics.horizontalAdvance(total) + kPadding * 2;
    const int barsWidth = qMax(0, r.width() - totalWidth);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const double values[] = {index.data(MemoryHitsModel::RelevanceRole).toDouble(),
                             index.data(MemoryHitsModel::RecencyRole).toDouble(),
                             index.data(MemoryHitsModel::ImportanceRole).toDouble()};
    const QColor colours[] = {relevanceColour(), recencyColour(), importanceColour()};
    const int stack = 3 * kBarHeight + 2 * kBarGap;
    int y = r.top() + (r.height() - stack) / 2;
    QColor track = option.palette.color(textRole);
    track.setAlpha(40);
    for (int i = 0; i < 3; ++i) {
        const QRectF bar(r.left(), y, barsWidth, kBarHeight);
        painter->setPen(Qt::NoPen);
        painter->setBrush(track);
        painter->drawRoundedRect(bar, 1.5, 1.5);
        const double value = qBound(0.0, values[i], 1.0);
        if (value > 0.0) {
            painter->setBrush(colours[i]);
            painter->drawRoundedRect(QRectF(bar.left(), bar.top(), qMax(2.0, bar.width() * value), bar.height()), 1.5,
                                     1.5);
        }
        y += kBarHeight + kBarGap;
    }
    painter->setPen(option.palette.color(textRole));
    painter->drawText(QRect(r.left() + barsWidth, r.top(), totalWidth, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                      total);
    painter->restore();
}

QSize ScoreBarsDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize text = QStyledItemDelegate::sizeHint(option, index);
    const int stack = 3 * kBarHeight + 2 * kBarGap + 2 * kPadding;
    return {qMax(text.width() + option.fontMetrics.averageCharWidth() * 12, 120), qMax(text.height(), stack)};
}

} // namespace Studio::Ui
