// SPDX-License-Identifier: MIT
#include "memoryfiltermodel.h"

#include "memorytablemodel.h"

namespace Studio::Ui {

MemoryFilterModel::MemoryFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(MemoryTableModel::SortRole);
    setFilterRole(MemoryTableModel::FilterRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    setDynamicSortFilter(true);
}

void MemoryFilterModel::setPersonaFilter(const QString &personaId)
{
    if (personaId == m_personaId)
        return;
    m_personaId = personaId;
    invalidateFilter();
}

void MemoryFilterModel::setTextFilter(const QString &text)
{
    setFilterFixedString(text.trimmed());
}

bool MemoryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_personaId.isEmpty()) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(MemoryTableModel::PersonaIdRole).toString() != m_personaId)
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool MemoryFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a != b)
        return QSortFilterProxyModel::lessThan(left, right);
    return left.data(MemoryTableModel::MemoryIdRole).toLongLong() < right.data(MemoryTableModel::MemoryIdRole).toLongLong();
}

} // namespace Studio::Ui
