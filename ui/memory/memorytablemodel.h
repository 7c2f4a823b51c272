// SPDX-License-Identifier: MIT
#pragma once

#include <memory/memorytypes.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

#include <optional>

namespace Studio::Ui {

/** @brief Every memory the inspector shows, one row each, in the order they arrived (a sort
 *  proxy orders them). setMemories() merges a fresh list by id: rows are removed, updated and
 *  appended, never reset, so selection and scroll position survive a refresh.
 *  Thread: the GUI thread only. */
class MemoryTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryTableModel)

public:
    enum Column {
        ContentColumn,
        PersonaColumn,
        ImportanceColumn,
        CreatedColumn,
        LastAccessColumn,
        CountColumn,
        VisibilityColumn,
        ColumnCount,
    };
    enum Role {
        MemoryIdRole = Qt::UserRole + 1,
        PersonaIdRole,
        SortRole,   // the column's value for sorting (numbers and times as numbers)
        FilterRole, // content, persona name and kind, for the text filter
        KindRole,
        IsHitRole,  // bool: the memory is among the highlighted recall hits
    };

    explicit MemoryTableModel(QObject *parent = nullptr);

    /** Merges memories (any order) into the rows by id. */
    void setMemories(const QList<Memory::MemoryRecord> &memories);
    void setPersonaNames(const QHash<QString, QString> &names);
    QString personaName(const QString &personaId) const;
    /** Rows of these memories are highlighted (recall hits); empty: none. */
    void setHighlighted(const QSet<qint64> &memoryIds);
    QSet<qint64> highlighted() const { return m_highlighted; }

    int rowOf(qint64 memoryId) const;
    std::optional<Memory::MemoryRecord> memory(int row) const;
    std::optional<Memory::MemoryRecord> memoryById(qint64 memoryId) const;
    const QList<Memory::MemoryRecord> &memories() const { return m_memories; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** "Fact", "Event", ...: a kind as the user reads it. */
    static QString kindText(const QString &kind);
    static QString visibilityText(Memory::Visibility visibility);

private:
    void rebuildIndex();
    void emitRowChanged(int row);

    QList<Memory::MemoryRecord> m_memories;
    QHash<qint64, int> m_rowOf;
    QHash<QString, QString> m_personaNames;
    QSet<qint64> m_highlighted;
};

} // namespace Studio::Ui
