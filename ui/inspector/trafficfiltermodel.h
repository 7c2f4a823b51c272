// SPDX-License-Identifier: MIT
#pragma once

#include <QSortFilterProxyModel>

namespace Studio::Ui {

/** @brief Shows the traffic of one session (all sessions when none is set) whose method
 *  contains the filter text, case-insensitively. Sits on a TrafficModel.
 *  Thread: the GUI thread only. */
class TrafficFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficFilterModel)

public:
    explicit TrafficFilterModel(QObject *parent = nullptr);

    QString sessionId() const { return m_sessionId; }
    void setSessionId(const QString &sessionId);
    void setMethodFilter(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_sessionId;
};

} // namespace Studio::Ui
