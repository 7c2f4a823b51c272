// SPDX-License-Identifier: MIT
#pragma once

#include <memory/memorytypes.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Studio::Ui {

/** @brief Recall hits, best first, each with its score breakdown: the answer of a query, or
 *  what was recalled for one model call. Thread: the GUI thread only. */
class MemoryHitsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryHitsModel)

public:
    enum Column {
        RankColumn,
        ContentColumn,
        ScoreColumn, // drawn as bars by ScoreBarsDelegate
        PersonaColumn,
        ColumnCount,
    };
    enum Role {
        MemoryIdRole = Qt::UserRole + 1,
        PersonaIdRole,
        RelevanceRole,    // double 0..1, normalised over the candidates
        RelevanceRawRole, // double -1..1, the cosine
        RecencyRole,      // double 0..1
        ImportanceRole,   // double 0..1
        TotalRole,        // double, the weighted sum
        ExistsRole,       // bool: false when the memory has been deleted since
    };

    struct Hit
    {
        qint64 memoryId = 0;
        QString personaId;
        QString content;
        int rank = 0;
        Memory::ScoreBreakdown score;
        bool exists = true;
    };

    explicit MemoryHitsModel(QObject *parent = nullptr);

    void setHits(const QList<Hit> &hits);
    void clear();
    static QList<Hit> fromRecall(const Memory::RecallResult &result);
    static QList<Hit> fromRecords(const QList<Memory::RecallRecord> &records);

    void setPersonaNames(const QHash<QString, QString> &names);
    const QList<Hit> &hits() const { return m_hits; }
    int rowOf(qint64 memoryId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** The breakdown in one sentence (tooltips, screen readers). */
    static QString breakdownText(const Memory::ScoreBreakdown &score);

private:
    QList<Hit> m_hits;
    QHash<QString, QString> m_personaNames;
};

} // namespace Studio::Ui
