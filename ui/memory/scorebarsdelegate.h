// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace Studio::Ui {

/** @brief Draws a recall hit's score as three small bars (relevance, recency, importance, each
 *  0..1) and the total beside them; reads MemoryHitsModel's roles. Thread: the GUI thread. */
class ScoreBarsDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScoreBarsDelegate)

public:
    explicit ScoreBarsDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /** The bars' colours, in order relevance, recency, importance (also the legend's). */
    static QColor relevanceColour();
    static QColor recencyColour();
    static QColor importanceColour();
};

} // namespace Studio::Ui
