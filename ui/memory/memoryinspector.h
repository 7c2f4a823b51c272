// SPDX-License-Identifier: MIT
#pragma once

#include "uicontext.h"

#include <QDockWidget>
#include <QHash>
#include <QList>

#include <memory>
#include <utility>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QSpinBox;
class QSplitter;
class QTimer;
class QToolButton;
class QTreeView;

namespace Studio::Memory {
struct MemoryRecord;
}

namespace Studio::Ui {

class MemoryFilterModel;
class MemoryHitsModel;
class MemoryMapView;
class MemoryTableModel;

/** @brief The memory inspector dock: every memory in a table (filter, sort, add, edit,
 *  delete), a 2D map of the embedding space (the engine projects it off the GUI thread), and a
 *  query box that runs recall and shows each hit's score (relevance, recency, importance) as
 *  bars, highlighting the hits in the table and on the map. showRecall() shows what was recalled
 *  for one model call, with the scores it had then.
 *
 *  Fed by the engine's memoriesChanged (coalesced: at most one refresh per interval, none while
 *  the dock is hidden) and memoryIndexProgress (a progress bar). Engine answers come back
 *  through futures bound to this object; an answer to a superseded request is dropped.
 *  Thread: the GUI thread. */
class MemoryInspector final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryInspector)

public:
    explicit MemoryInspector(const UiContext &context, QWidget *parent = nullptr);
    ~MemoryInspector() override;

    /** Shows the dock with the memories recalled for a model call (a chat turn). */
    void showRecall(qint64 modelCallId);
    /** The model call whose recall is shown, or 0 (a query's hits, or nothing). */
    qint64 shownModelCall() const { return m_shownModelCall; }
    /** Runs recall for text as the recall persona (the query box's Return does this). */
    void runQuery(const QString &text);
    /** Selects a memory's row (clearing filters that hide it) and marks it on the map. */
    bool selectMemory(qint64 memoryId);
    /** The selected memories' ids, in table order. */
    QList<qint64> selectedMemories() const;

    MemoryTableModel *memoryModel() const { return m_model; }
    MemoryFilterModel *filterModel() const { return m_filter; }
    MemoryHitsModel *hitsModel() const { return m_hits; }
    MemoryMapView *mapView() const { return m_map; }

Q_SIGNALS:
    /** A refresh of the table finished (after a change, or the first load). */
    void memoriesRefreshed();
    void mapRefreshed();
    /** New hits are shown (a query's, or a model call's). */
    void hitsShown();
    void errorOccurred(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void retranslateUi();
    void connectEngine();
    void handleVisibilityChanged(bool visible);
    void scheduleReload();
    void reloadPersonas();
    void reloadMemories();
    void loadMemoryPage(quint64 ticket, int offset, const std::shared_ptr<QList<Memory::MemoryRecord>> &loaded);
    void reloadMap();
    void checkRebuilds();
    void handleIndexProgress(const QString &personaId, int done, int total);
    void updateProgress();
    void handlePersonaFilterChanged();
    void handleCurrentMemoryChanged();
    void handleHitSelected(const QModelIndex &current);
    void clearHits();
    void setHitsHeader(const QString &text);
    void addMemory();
    void editMemory();
    void deleteSelected();
    void updateButtons();
    void fitContentColumns();
    void showColumnMenu(const QPoint &pos);
    void updateStatus();
    void reportError(const QString &text);

    UiContext m_context;
    MemoryTableModel *m_model;
    MemoryFilterModel *m_filter;
    MemoryHitsModel *m_hits;
    QTimer *m_reloadTimer;

    QComboBox *m_personaFilter = nullptr;
    QLineEdit *m_textFilter = nullptr;
    QToolButton *m_add = nullptr;
    QToolButton *m_edit = nullptr;
    QToolButton *m_delete = nullptr;
    QAction *m_deleteAction = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QSplitter *m_splitter = nullptr;
    QTreeView *m_table = nullptr;
    MemoryMapView *m_map = nullptr;
    QLineEdit *m_query = nullptr;
    QToolButton *m_recall = nullptr;
    QComboBox *m_recallPersona = nullptr;
    QCheckBox *m_crossPersona = nullptr;
    QSpinBox *m_recallCount = nullptr;
    QLabel *m_hitsHeader = nullptr;
    QLabel *m_legend = nullptr;
    QTreeView *m_hitsView = nullptr;

    QList<std::pair<QString, QString>> m_personas; // (id, name), as listed
    QHash<QString, QString> m_personaNames;
    QHash<QString, std::pair<int, int>> m_rebuilds; // persona -> (done, total) of running index rebuilds
    QString m_error;
    QString m_hitsText;
    qint64 m_shownModelCall = 0;
    int m_totalMemories = 0;
    size_t m_mapSignature = 0; // of what the map shows of the loaded memories

    quint64 m_memoriesTicket = 0; // the newest request of each kind; older answers are dropped
    quint64 m_mapTicket = 0;
    quint64 m_hitsTicket = 0;
    quint64 m_personasTicket = 0;
    bool m_memoriesLoading = false;
    bool m_mapLoading = false;
    bool m_memoriesStale = true; // a change arrived while hidden (or nothing is loaded yet)
    bool m_mapStale = true;      // the map must be projected again at the next chance
    bool m_memoriesAgain = false; // a change arrived while a load was under way
    bool m_mapAgain = false;
};

} // namespace Studio::Ui
