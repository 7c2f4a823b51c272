// SPDX-License-Identifier: MIT
#include "trafficfiltermodel.h"

#include "trafficmodel.h"

namespace Studio::Ui {

TrafficFilterModel::TrafficFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterKeyColumn(TrafficModel::MethodColumn);
    setFilterRole(TrafficModel::MethodRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    // Rows never change once appended: nothing to re-filter on dataChanged.
    setDynamicSortFilter(false);
}

void TrafficFilterModel::setSessionId(const QString &sessionId)
{
    if (sessionId == m_sessionId)
        return;
    m_sessionId = sessionId;
    invalidateRowsFilter();
}

void TrafficFilterModel::setMethodFilter(const QString &text)
{
    setFilterFixedString(text.trimmed());
}

bool TrafficFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_sessionId.isEmpty()) {
        // Straight to the event: this runs for every appended row, so skip the QVariant round trip.
        if (const auto *traffic = qobject_cast<const TrafficModel *>(sourceModel())) {
            if (traffic->event(sourceRow).sessionId != m_sessionId)
                return false;
        } else if (sourceModel()->index(sourceRow, 0, sourceParent).data(TrafficModel::SessionIdRole).toString()
                   != m_sessionId) {
            return false;
        }
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace Studio::Ui
