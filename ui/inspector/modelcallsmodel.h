// SPDX-License-Identifier: MIT
#pragma once

#include <store/records.h>

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace Studio::Ui {

/** @brief The model calls of one conversation (chat turns and summary folds), oldest first,
 *  capped; a running call is updated in place when it finishes. Thread: the GUI thread only. */
class ModelCallsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelCallsModel)

public:
    enum Column {
        TimeColumn,
        PurposeColumn,
        ModelColumn,
        PromptTokensColumn,
        CompletionTokensColumn,
        DurationColumn,
        FirstTokenColumn,
        ResultColumn,
        ColumnCount,
    };
    enum Role {
        CallIdRole = Qt::UserRole + 1,
        RequestRole, // QByteArray: the /api/chat body as sent
        IsRunningRole,
        IsErrorRole,
    };

    static constexpr int kMaxCalls = 500;

    explicit ModelCallsModel(QObject *parent = nullptr);

    void setCalls(const QList<Store::ModelCallRow> &calls);
    void clear();
    /** A call started (appended) or finished (updated in place). */
    void upsert(const Store::ModelCallRow &call);

    int rowOf(qint64 callId) const;
    std::optional<Store::ModelCallRow> call(int row) const;
    static bool isRunning(const Store::ModelCallRow &call);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString resultText(const Store::ModelCallRow &call) const;

    QList<Store::ModelCallRow> m_calls;
};

} // namespace Studio::Ui
