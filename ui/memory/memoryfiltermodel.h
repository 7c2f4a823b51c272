// SPDX-License-Identifier: MIT
#pragma once

#include <QSortFilterProxyModel>

namespace Studio::Ui {

/** @brief Filters the memory table by persona and by text (content, persona name, kind; any
 *  case) and sorts it by the source's SortRole. Thread: the GUI thread only. */
class MemoryFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryFilterModel)

public:
    explicit MemoryFilterModel(QObject *parent = nullptr);

    /** Only this persona's memories; empty: every persona. */
    void setPersonaFilter(const QString &personaId);
    QString personaFilter() const { return m_personaId; }
    void setTextFilter(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    /** By the column's SortRole; ties by memory id, so equal values keep a stable, newest-first order. */
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_personaId;
};

} // namespace Studio::Ui
