// SPDX-License-Identifier: MIT
#include "memoryinspector.h"

#include "memoryeditdialog.h"
#include "memoryfiltermodel.h"
#include "memoryhitsmodel.h"
#include "memorymapview.h"
#include "memorytablemodel.h"
#include "personacolour.h"
#include "scorebarsdelegate.h"

#include "inspector/inspectorformat.h"

#include <engine/engineclient.h>
#include <memory/memorytypes.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

constexpr int kReloadMs = 300;       // at most about three refreshes a second, however busy
constexpr int kPageSize = 500;       // memories per engine call while loading the table
constexpr int kMaxMemories = 20000;  // the table shows the newest this many
constexpr int kDefaultRecallCount = 10;
constexpr int kMinContentChars = 28; // the memory column is never narrower than this
constexpr int kMinHitChars = 16;     // nor a hit's (its row has the bars too)

void configureTable(QTreeView *view)
{
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAllColumnsShowFocus(true);
    view->setItemsExpandable(false);
    view->setTextElideMode(Qt::ElideRight);
    view->header()->setSectionsMovable(false);
}

/** Column widths from the font (the wider of header and sample), so they scale with the font. */
void sizeColumns(QTreeView *view, const QList<std::pair<int, QString>> &samples)
{
    const QFontMetrics metrics = view->fontMetrics();
    const int padding = metrics.averageCharWidth() * 3;
    for (const auto &[column, sample] : samples) {
        const QString header = view->model()->headerData(column, Qt::Horizontal).toString();
        view->header()->resizeSection(
            column, qMax(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header)) + padding);
    }
}

QToolButton *toolButton(QWidget *parent, const QString &objectName)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(true);
    return button;
}

QString legendEntry(const QColor &colour, const QString &label)
{
    return u"<span style=\"color: %1;\">&#9632;</span>&nbsp;%2"_s.arg(colour.name(), label.toHtmlEscaped());
}

} // namespace

MemoryInspector::MemoryInspector(const UiContext &context, QWidget *parent)
    : QDockWidget(parent)
    , m_context(context)
    , m_model(new MemoryTableModel(this))
    , m_filter(new MemoryFilterModel(this))
    , m_hits(new MemoryHitsModel(this))
    , m_reloadTimer(new QTimer(this))
{
    setObjectName(u"memoryInspector"_s);
    m_model->setObjectName(u"memoryTableModel"_s);
    m_filter->setObjectName(u"memoryFilterModel"_s);
    m_hits->setObjectName(u"memoryHitsModel"_s);
    m_filter->setSourceModel(m_model);

    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(kReloadMs);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] {
        if (!isVisible()) {
            m_memoriesStale = true;
            return;
        }
        reloadMemories(); // the map follows when what it shows changed (see loadMemoryPage)
    });

    buildUi();
    retranslateUi();
    connectEngine();
    connect(this, &QDockWidget::visibilityChanged, this, &MemoryInspector::handleVisibilityChanged);
    reloadPersonas();
    checkRebuilds();
}

MemoryInspector::~MemoryInspector() = default;

void MemoryInspector::buildUi()
{
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    const int gap = fontMetrics().averageCharWidth();
    layout->setContentsMargins(gap, gap / 2, gap, gap / 2);
    layout->setSpacing(gap / 2);

    // Filter row: persona and text.
    auto *filterRow = new QHBoxLayout;
    m_personaFilter = new QComboBox(content);
    m_personaFilter->setObjectName(u"memoryPersonaFilter"_s);
    m_personaFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_personaFilter, &QComboBox::currentIndexChanged, this, &MemoryInspector::handlePersonaFilterChanged);
    m_textFilter = new QLineEdit(content);
    m_textFilter->setObjectName(u"memoryFilter"_s);
    m_textFilter->setClearButtonEnabled(true);
    connect(m_textFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setTextFilter(text);
        updateStatus();
    });
    filterRow->addWidget(m_personaFilter);
    filterRow->addWidget(m_textFilter, 1);
    layout->addLayout(filterRow);

    // Actions and counts.
    auto *actionRow = new QHBoxLayout;
    m_add = toolButton(content, u"addMemory"_s);
    m_edit = toolButton(content, u"editMemory"_s);
    m_delete = toolButton(content, u"deleteMemory"_s);
    connect(m_add, &QToolButton::clicked, this, &MemoryInspector::addMemory);
    connect(m_edit, &QToolButton::clicked, this, &MemoryInspector::editMemory);
    connect(m_delete, &QToolButton::clicked, this, &MemoryInspector::deleteSelected);
    m_status = new QLabel(content);
    m_status->setObjectName(u"memoryStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long errors never widen the dock
    actionRow->addWidget(m_add);
    actionRow->addWidget(m_edit);
    actionRow->addWidget(m_delete);
    actionRow->addWidget(m_status, 1);
    layout->addLayout(actionRow);

    m_progress = new QProgressBar(content);
    m_progress->setObjectName(u"memoryIndexProgress"_s);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);

    m_splitter = new QSplitter(Qt::Vertical, content);
    m_splitter->setObjectName(u"memorySplitter"_s);
    m_splitter->setChildrenCollapsible(false);

    m_table = new QTreeView(m_splitter);
    m_table->setObjectName(u"memoryTable"_s);
    configureTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MemoryTableModel::CreatedColumn, Qt::DescendingOrder);
    // The memory takes the room the other columns leave, but never less than kMinContentChars:
    // in a narrow dock the table scrolls sideways rather than squeeze the text away.
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setMinimumSectionSize(fontMetrics().averageCharWidth() * 4);
    m_table->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table->header(), &QHeaderView::customContextMenuRequested, this, &MemoryInspector::showColumnMenu);
    m_table->viewport()->installEventFilter(this);
    sizeColumns(m_table, {{MemoryTableModel::PersonaColumn, u"Persona"_s},
                          {MemoryTableModel::ImportanceColumn, u"0.00"_s},
                          {MemoryTableModel::CreatedColumn, InspectorFormat::moment(1)},
                          {MemoryTableModel::LastAccessColumn, InspectorFormat::moment(1)},
                          {MemoryTableModel::CountColumn, u"000"_s},
                          {MemoryTableModel::VisibilityColumn, MemoryTableModel::visibilityText(Memory::Visibility::Private)}});
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MemoryInspector::handleCurrentMemoryChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MemoryInspector::updateButtons);
    connect(m_table, &QTreeView::activated, this, &MemoryInspector::editMemory);
    m_deleteAction = new QAction(m_table);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_deleteAction, &QAction::triggered, this, &MemoryInspector::deleteSelected);
    m_table->addAction(m_deleteAction);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &MemoryInspector::updateStatus);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MemoryInspector::updateStatus);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MemoryInspector::updateStatus);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MemoryInspector::updateStatus);

    m_map = new MemoryMapView(m_splitter);
    m_map->setObjectName(u"memoryMap"_s);
    connect(m_map, &MemoryMapView::memoryClicked, this, [this](qint64 id) { selectMemory(id); });

    // Recall: a query as one persona, the hits with their scores.
    auto *recallPage = new QWidget(m_splitter);
    recallPage->setObjectName(u"recallPage"_s);
    auto *recallLayout = new QVBoxLayout(recallPage);
    recallLayout->setContentsMargins(0, 0, 0, 0);
    recallLayout->setSpacing(gap / 2);
    auto *queryRow = new QHBoxLayout;
    m_query = new QLineEdit(recallPage);
    m_query->setObjectName(u"memoryQuery"_s);
    m_query->setClearButtonEnabled(true);
    connect(m_query, &QLineEdit::returnPressed, this, [this] { runQuery(m_query->text()); });
    connect(m_query, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.trimmed().isEmpty() && m_shownModelCall == 0)
            clearHits();
    });
    m_recall = toolButton(recallPage, u"runRecall"_s);
    connect(m_recall, &QToolButton::clicked, this, [this] { runQuery(m_query->text()); });
    queryRow->addWidget(m_query, 1);
    queryRow->addWidget(m_recall);
    recallLayout->addLayout(queryRow);

    auto *scopeRow = new QHBoxLayout;
    m_recallPersona = new QComboBox(recallPage);
    m_recallPersona->setObjectName(u"recallPersona"_s);
    m_recallPersona->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_crossPersona = new QCheckBox(recallPage);
    m_crossPersona->setObjectName(u"recallCrossPersona"_s);
    m_recallCount = new QSpinBox(recallPage);
    m_recallCount->setObjectName(u"recallCount"_s);
    m_recallCount->setRange(1, 100);
    m_recallCount->setValue(kDefaultRecallCount);
    scopeRow->addWidget(m_recallPersona);
    scopeRow->addWidget(m_crossPersona, 1);
    scopeRow->addWidget(m_recallCount);
    recallLayout->addLayout(scopeRow);

    m_hitsHeader = new QLabel(recallPage);
    m_hitsHeader->setObjectName(u"recallHeader"_s);
    m_hitsHeader->setTextFormat(Qt::PlainText);
    m_hitsHeader->setWordWrap(true);
    m_legend = new QLabel(recallPage);
    m_legend->setObjectName(u"recallLegend"_s);
    m_legend->setTextFormat(Qt::RichText);
    recallLayout->addWidget(m_hitsHeader);
    recallLayout->addWidget(m_legend);

    m_hitsView = new QTreeView(recallPage);
    m_hitsView->setObjectName(u"memoryHits"_s);
    configureTable(m_hitsView);
    m_hitsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_hitsView->setUniformRowHeights(false); // the bars set the row height
    m_hitsView->setModel(m_hits);
    m_hitsView->setItemDelegateForColumn(MemoryHitsModel::ScoreColumn, new ScoreBarsDelegate(m_hitsView));
    m_hitsView->header()->setStretchLastSection(false);
    m_hitsView->header()->setMinimumSectionSize(fontMetrics().averageCharWidth() * 3);
    m_hitsView->viewport()->installEventFilter(this);
    sizeColumns(m_hitsView, {{MemoryHitsModel::RankColumn, u"00"_s},
                             {MemoryHitsModel::ScoreColumn, u"0.00 ██████████"_s},
                             {MemoryHitsModel::PersonaColumn, u"Persona"_s}});
    connect(m_hitsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MemoryInspector::handleHitSelected);
    recallLayout->addWidget(m_hitsView, 1);

    const int line = fontMetrics().height() + 6;
    m_splitter->setSizes({line * 10, line * 9, line * 10});
    layout->addWidget(m_splitter, 1);
    setWidget(content);
    updateButtons();
}

void MemoryInspector::retranslateUi()
{
    setWindowTitle(tr("Memories"));
    if (m_personaFilter->count() > 0)
        m_personaFilter->setItemText(0, tr("All personas"));
    m_personaFilter->setAccessibleName(tr("Show the memories of"));
    m_textFilter->setPlaceholderText(tr("Filter memories"));
    m_textFilter->setAccessibleName(tr("Filter memories by text, persona or kind"));
    m_add->setText(tr("&Add…"));
    m_add->setToolTip(tr("Add a memory"));
    m_add->setAccessibleName(tr("Add a memory"));
    m_edit->setText(tr("&Edit…"));
    m_edit->setToolTip(tr("Edit the selected memory"));
    m_edit->setAccessibleName(tr("Edit the selected memory"));
    m_delete->setText(tr("&Delete"));
    m_delete->setToolTip(tr("Delete the selected memories"));
    m_delete->setAccessibleName(tr("Delete the selected memories"));
    m_deleteAction->setText(tr("Delete the selected memories"));
    m_status->setAccessibleName(tr("Memory counts"));
    m_progress->setAccessibleName(tr("Index rebuild progress"));
    m_table->setAccessibleName(tr("Memories"));
    m_table->setAccessibleDescription(
        tr("Every stored memory; Delete removes the selected ones, Enter edits one; the header's context menu "
           "chooses the columns"));
    m_map->setAccessibleName(tr("Map of the memories"));
    m_map->setAccessibleDescription(
        tr("Each memory as a point: similar memories lie close together; colour shows the persona, size the "
           "importance. Click a point to select its memory in the table."));
    m_query->setPlaceholderText(tr("Recall memories for…"));
    m_query->setAccessibleName(tr("Recall query"));
    m_recall->setText(tr("&Recall"));
    m_recall->setAccessibleName(tr("Run recall"));
    m_recallPersona->setAccessibleName(tr("Recall as persona"));
    m_recallPersona->setToolTip(tr("Whose memory to search"));
    m_crossPersona->setText(tr("Others' shared too"));
    m_crossPersona->setAccessibleName(tr("Also recall other personas' shared memories"));
    m_crossPersona->setToolTip(tr("Also search the memories other personas have shared"));
    m_recallCount->setPrefix(tr("top "));
    m_recallCount->setAccessibleName(tr("Number of memories to recall"));
    m_hitsHeader->setAccessibleName(tr("Recall result"));
    m_legend->setText(legendEntry(ScoreBarsDelegate::relevanceColour(), tr("relevance")) + u"&nbsp; "_s
                      + legendEntry(ScoreBarsDelegate::recencyColour(), tr("recency")) + u"&nbsp; "_s
                      + legendEntry(ScoreBarsDelegate::importanceColour(), tr("importance")));
    m_legend->setAccessibleName(tr("Score bars: relevance, recency, importance"));
    m_hitsView->setAccessibleName(tr("Recalled memories with their scores"));
    m_map->setPlaceholderText(tr("No memories to map yet."));
    setHitsHeader(m_hitsText);
    updateStatus();
    for (QTreeView *view : {m_table, m_hitsView}) {
        view->header()->viewport()->update();
        view->viewport()->update();
    }
}

void MemoryInspector::changeEvent(QEvent *event)
{
    QDockWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

bool MemoryInspector::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && (watched == m_table->viewport() || watched == m_hitsView->viewport()))
        fitContentColumns();
    return QDockWidget::eventFilter(watched, event);
}

void MemoryInspector::fitContentColumns()
{
    auto fit = [this](QTreeView *view, int column, int minChars) {
        const int minimum = fontMetrics().averageCharWidth() * minChars;
        QHeaderView *header = view->header();
        int others = 0;
        for (int section = 0; section < header->count(); ++section) {
            if (section != column && !header->isSectionHidden(section))
                others += header->sectionSize(section);
        }
        header->resizeSection(column, qMax(minimum, view->viewport()->width() - others));
    };
    fit(m_table, MemoryTableModel::ContentColumn, kMinContentChars);
    fit(m_hitsView, MemoryHitsModel::ContentColumn, kMinHitChars);
}

void MemoryInspector::showColumnMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QHeaderView *header = m_table->header();
    for (int column = 0; column < MemoryTableModel::ColumnCount; ++column) {
        if (column == MemoryTableModel::ContentColumn)
            continue; // the memory itself is always shown
        QAction *action = menu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        connect(action, &QAction::toggled, this, [this, header, column](bool shown) {
            header->setSectionHidden(column, !shown);
            fitContentColumns();
        });
    }
    menu->popup(header->viewport()->mapToGlobal(pos));
}

void MemoryInspector::connectEngine()
{
    const Engine::Engine *engine = m_context.engine->engine();
    connect(engine, &Engine::Engine::memoriesChanged, this, &MemoryInspector::scheduleReload);
    connect(engine, &Engine::Engine::memoryIndexProgress, this, &MemoryInspector::handleIndexProgress);
    connect(engine, &Engine::Engine::personasChanged, this, &MemoryInspector::reloadPersonas);
}

void MemoryInspector::handleVisibilityChanged(bool visible)
{
    if (!visible)
        return;
    if (m_memoriesStale)
        reloadMemories();
    else if (m_mapStale)
        reloadMap();
}

void MemoryInspector::scheduleReload()
{
    if (!isVisible()) {
        m_memoriesStale = true;
        return;
    }
    if (!m_reloadTimer->isActive())
        m_reloadTimer->start(); // not restarted: a steady stream of changes still refreshes
}

void MemoryInspector::reloadPersonas()
{
    const quint64 ticket = ++m_personasTicket;
    m_context.engine->listPersonas().then(this, [this, ticket](const Result<QList<Personas::Persona>> &personas) {
        if (ticket != m_personasTicket)
            return;
        if (!personas) {
            reportError(tr("Could not load the personas: %1").arg(personas.error().message));
            return;
        }
        m_personas.clear();
        m_personaNames.clear();
        for (const Personas::Persona &persona : *personas) {
            m_personas.append({persona.id, persona.name});
            m_personaNames.insert(persona.id, persona.name);
        }
        m_model->setPersonaNames(m_personaNames);
        m_hits->setPersonaNames(m_personaNames);
        m_map->setPersonaNames(m_personaNames);

        // Refill both combos, keeping what was chosen.
        const QString filterId = m_personaFilter->currentData().toString();
        const QString recallId = m_recallPersona->currentData().toString();
        const int iconSize = fontMetrics().height() - 2;
        {
            const QSignalBlocker blockFilter(m_personaFilter);
            m_personaFilter->clear();
            m_personaFilter->addItem(tr("All personas"), QString());
            m_recallPersona->clear();
            for (const auto &[id, name] : std::as_const(m_personas)) {
                m_personaFilter->addItem(personaIcon(id, iconSize), name, id);
                m_recallPersona->addItem(personaIcon(id, iconSize), name, id);
            }
            m_personaFilter->setCurrentIndex(qMax(0, m_personaFilter->findData(filterId)));
        }
        if (const int at = m_recallPersona->findData(recallId); at >= 0)
            m_recallPersona->setCurrentIndex(at);
        if (m_personaFilter->currentData().toString() != filterId)
            handlePersonaFilterChanged(); // the filtered persona is gone
        updateButtons();
    });
}

void MemoryInspector::reloadMemories()
{
    m_memoriesStale = false;
    if (m_memoriesLoading) {
        m_memoriesAgain = true;
        return;
    }
    m_memoriesLoading = true;
    m_memoriesAgain = false;
    loadMemoryPage(++m_memoriesTicket, 0, std::make_shared<QList<Memory::MemoryRecord>>());
}

void MemoryInspector::loadMemoryPage(quint64 ticket, int offset,
                                     const std::shared_ptr<QList<Memory::MemoryRecord>> &loaded)
{
    m_context.engine->memories(QString(), offset, kPageSize)
        .then(this, [this, ticket, offset, loaded](const Result<Memory::MemoryPage> &page) {
            if (ticket != m_memoriesTicket)
                return;
            if (!page) {
                m_memoriesLoading = false;
                reportError(tr("Could not load the memories: %1").arg(page.error().message));
                return;
            }
            loaded->append(page->memories);
            const int next = offset + int(page->memories.size());
            if (!page->memories.isEmpty() && next < page->total && loaded->size() < kMaxMemories) {
                loadMemoryPage(ticket, next, loaded);
                return;
            }
            // Pages read while memories were added can overlap: keep the first of each id.
            QSet<qint64> seen;
            QList<Memory::MemoryRecord> memories;
            memories.reserve(loaded->size());
            for (const Memory::MemoryRecord &memory : std::as_const(*loaded)) {
                if (!seen.contains(memory.id)) {
                    seen.insert(memory.id);
                    memories.append(memory);
                }
            }
            m_totalMemories = page->total;
            m_memoriesLoading = false;
            m_error.clear();
            m_model->setMemories(memories);
            // Recalls only touch last access and count, which the map does not show: it is
            // projected again (a PCA of every vector) only when points come, go, move or resize.
            size_t signature = 0;
            for (const Memory::MemoryRecord &memory : std::as_const(memories))
                signature = qHashMulti(signature, memory.id, memory.personaId, memory.content, memory.importance);
            if (signature != m_mapSignature || m_mapStale) {
                m_mapSignature = signature;
                reloadMap();
            }
            updateStatus();
            updateButtons();
            Q_EMIT memoriesRefreshed();
            if (m_memoriesAgain)
                scheduleReload();
        });
}

void MemoryInspector::reloadMap()
{
    m_mapStale = false;
    if (m_mapLoading) {
        m_mapAgain = true;
        return;
    }
    m_mapLoading = true;
    m_mapAgain = false;
    if (m_map->pointCount() == 0)
        m_map->setPlaceholderText(tr("Projecting the memories…"));
    const quint64 ticket = ++m_mapTicket;
    m_context.engine->memoryMap(m_filter->personaFilter())
        .then(this, [this, ticket](const Result<Memory::MemoryMap> &map) {
            if (ticket != m_mapTicket)
                return;
            m_mapLoading = false;
            if (!map) {
                m_map->clear();
                m_map->setPlaceholderText(tr("Could not map the memories: %1").arg(map.error().message));
            } else {
                m_map->setPlaceholderText(tr("No memories to map yet."));
                m_map->setMap(*map);
                m_map->setHighlighted(m_model->highlighted());
            }
            Q_EMIT mapRefreshed();
            if (m_mapAgain)
                scheduleReload();
        });
}

void MemoryInspector::checkRebuilds()
{
    // A rebuild started with the engine, before this dock listened: its state, then its signals.
    m_context.engine->memoryStats(QString()).then(this, [this](const Result<Memory::MemoryStats> &stats) {
        if (!stats)
            return;
        for (const Memory::IndexHealth &index : stats->indexes) {
            if (index.rebuilding && !m_rebuilds.contains(index.personaId))
                m_rebuilds.insert(index.personaId, {int(index.indexed), int(qMax(index.stored, index.indexed + 1))});
        }
        updateProgress();
    });
}

void MemoryInspector::handleIndexProgress(const QString &personaId, int done, int total)
{
    if (done >= total)
        m_rebuilds.remove(personaId);
    else
        m_rebuilds.insert(personaId, {done, total});
    updateProgress();
}

void MemoryInspector::updateProgress()
{
    if (m_rebuilds.isEmpty()) {
        m_progress->setVisible(false);
        return;
    }
    int allDone = 0;
    int allTotal = 0;
    for (const auto &[personaDone, personaTotal] : std::as_const(m_rebuilds)) {
        allDone += personaDone;
        allTotal += personaTotal;
    }
    m_progress->setRange(0, qMax(1, allTotal));
    m_progress->setValue(allDone);
    m_progress->setFormat(m_rebuilds.size() == 1
                              ? tr("Rebuilding the index of %1: %p%")
                                    .arg(m_personaNames.value(m_rebuilds.constBegin().key(), m_rebuilds.constBegin().key()))
                              : tr("Rebuilding %n indexes: %p%", nullptr, int(m_rebuilds.size())));
    m_progress->setVisible(true);
}

void MemoryInspector::handlePersonaFilterChanged()
{
    const QString personaId = m_personaFilter->currentData().toString();
    m_filter->setPersonaFilter(personaId);
    if (!personaId.isEmpty()) {
        if (const int at = m_recallPersona->findData(personaId); at >= 0)
            m_recallPersona->setCurrentIndex(at);
    }
    updateStatus();
    if (isVisible())
        reloadMap(); // the map projects the chosen persona's memories only
    else
        m_mapStale = true;
}

void MemoryInspector::handleCurrentMemoryChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    m_map->setCurrentMemory(current.isValid() ? current.data(MemoryTableModel::MemoryIdRole).toLongLong() : 0);
}

void MemoryInspector::handleHitSelected(const QModelIndex &current)
{
    if (current.isValid() && current.data(MemoryHitsModel::ExistsRole).toBool())
        selectMemory(current.data(MemoryHitsModel::MemoryIdRole).toLongLong());
}

bool MemoryInspector::selectMemory(qint64 memoryId)
{
    const int sourceRow = m_model->rowOf(memoryId);
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_filter->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        // Hidden by a filter: clear the filters rather than select nothing.
        m_textFilter->clear();
        m_personaFilter->setCurrentIndex(0);
        index = m_filter->mapFromSource(m_model->index(sourceRow, 0));
        if (!index.isValid())
            return false;
    }
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    m_map->setCurrentMemory(memoryId);
    return true;
}

QList<qint64> MemoryInspector::selectedMemories() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<qint64> ids;
    ids.reserve(rows.size());
    for (const QModelIndex &row : std::as_const(rows))
        ids.append(row.data(MemoryTableModel::MemoryIdRole).toLongLong());
    return ids;
}

void MemoryInspector::runQuery(const QString &text)
{
    const QString query = text.trimmed();
    if (m_query->text() != text) {
        const QSignalBlocker blocker(m_query);
        m_query->setText(text);
    }
    if (query.isEmpty()) {
        clearHits();
        return;
    }
    const QString personaId = m_recallPersona->currentData().toString();
    if (personaId.isEmpty()) {
        setHitsHeader(tr("Choose a persona to recall as."));
        return;
    }
    Memory::MemoryQuery request;
    request.text = query;
    request.persona = personaId;
    request.crossPersona = m_crossPersona->isChecked();
    request.k = m_recallCount->value();
    request.touch = false; // looking must not change last access, count or recency
    m_shownModelCall = 0;
    setHitsHeader(tr("Recalling…"));
    const quint64 ticket = ++m_hitsTicket;
    const QString personaName = m_personaNames.value(personaId, personaId);
    m_context.engine->searchMemory(request).then(
        this, [this, ticket, query, personaName](const Result<Memory::RecallResult> &result) {
            if (ticket != m_hitsTicket)
                return;
            if (!result) {
                m_hits->clear();
                m_model->setHighlighted({});
                m_map->setHighlighted({});
                setHitsHeader(tr("Recall failed: %1").arg(result.error().message));
                return;
            }
            const QList<MemoryHitsModel::Hit> hits = MemoryHitsModel::fromRecall(*result);
            m_hits->setHits(hits);
            QSet<qint64> ids;
            for (const MemoryHitsModel::Hit &hit : hits)
                ids.insert(hit.memoryId);
            m_model->setHighlighted(ids);
            m_map->setHighlighted(ids);
            QString header = hits.isEmpty()
                ? tr("%1 recalls nothing for “%2”.").arg(personaName, query)
                : tr("%n memories recalled by %1 for “%2” (of %3 scored), best first.", nullptr, int(hits.size()))
                      .arg(personaName, query, QLocale().toString(result->candidates));
            if (!result->skipped.isEmpty())
                header += u' ' + tr("Left out: %1.").arg(result->skipped.join(u"; "_s));
            setHitsHeader(header);
            Q_EMIT hitsShown();
        });
}

void MemoryInspector::showRecall(qint64 modelCallId)
{
    show();
    raise();
    {
        const QSignalBlocker blocker(m_query);
        m_query->clear();
    }
    m_shownModelCall = modelCallId;
    setHitsHeader(tr("Loading what model call %1 recalled…").arg(modelCallId));
    const quint64 ticket = ++m_hitsTicket;
    m_context.engine->recallsForModelCall(modelCallId)
        .then(this, [this, ticket, modelCallId](const Result<QList<Memory::RecallRecord>> &records) {
            if (ticket != m_hitsTicket)
                return;
            if (!records) {
                m_hits->clear();
                setHitsHeader(tr("Could not load what model call %1 recalled: %2")
                                  .arg(QString::number(modelCallId), records.error().message));
                return;
            }
            const QList<MemoryHitsModel::Hit> hits = MemoryHitsModel::fromRecords(*records);
            m_hits->setHits(hits);
            QSet<qint64> ids;
            int deleted = 0;
            for (const MemoryHitsModel::Hit &hit : hits) {
                ids.insert(hit.memoryId);
                deleted += hit.exists ? 0 : 1;
            }
            m_model->setHighlighted(ids);
            m_map->setHighlighted(ids);
            // Recall as the turn's persona, so a follow-up query searches the same memory.
            if (!hits.isEmpty()) {
                if (const int at = m_recallPersona->findData(hits.first().personaId); at >= 0)
                    m_recallPersona->setCurrentIndex(at);
            }
            QString header = hits.isEmpty()
                ? tr("Model call %1 recalled no memories.").arg(modelCallId)
                : tr("%n memories recalled for model call %1, with the scores they had then.", nullptr,
                     int(hits.size()))
                      .arg(modelCallId);
            if (deleted > 0)
                header += u' ' + tr("%n of them deleted since.", nullptr, deleted);
            setHitsHeader(header);
            if (!hits.isEmpty())
                m_hitsView->setFocus();
            Q_EMIT hitsShown();
        });
}

void MemoryInspector::clearHits()
{
    ++m_hitsTicket;
    m_shownModelCall = 0;
    m_hits->clear();
    m_model->setHighlighted({});
    m_map->setHighlighted({});
    setHitsHeader(QString());
}

void MemoryInspector::setHitsHeader(const QString &text)
{
    m_hitsText = text;
    m_hitsHeader->setText(text.isEmpty() ? tr("Type what to recall and press Enter: the hits show why each memory "
                                              "was chosen.")
                                         : text);
}

void MemoryInspector::addMemory()
{
    if (m_personas.isEmpty())
        return;
    auto *dialog = new MemoryEditDialog(m_personas, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString filtered = m_personaFilter->currentData().toString();
    dialog->setPersona(filtered.isEmpty() ? m_recallPersona->currentData().toString() : filtered);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_context.engine->storeMemory(dialog->draft()).then(this, [this](const Result<Memory::StoredMemory> &stored) {
            if (!stored) {
                reportError(tr("Could not store the memory: %1").arg(stored.error().message));
                return;
            }
            m_error.clear();
            const qint64 id = stored->memory.id;
            // Select the new (or merged-into) memory once the refresh shows it.
            auto once = std::make_shared<QMetaObject::Connection>();
            auto tries = std::make_shared<int>(3);
            *once = connect(this, &MemoryInspector::memoriesRefreshed, this, [this, id, once, tries] {
                const bool shown = m_model->rowOf(id) >= 0;
                if (shown || --*tries == 0)
                    disconnect(*once);
                if (shown)
                    selectMemory(id);
            });
            if (stored->merged)
                m_status->setText(tr("Merged into a memory that says nearly the same."));
            scheduleReload();
        });
    });
    dialog->open();
}

void MemoryInspector::editMemory()
{
    const QList<qint64> ids = selectedMemories();
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const qint64 id = current.isValid() && m_table->selectionModel()->isRowSelected(current.row(), current.parent())
        ? current.data(MemoryTableModel::MemoryIdRole).toLongLong()
        : (ids.isEmpty() ? 0 : ids.first());
    const std::optional<Memory::MemoryRecord> memory = m_model->memoryById(id);
    if (!memory)
        return;
    auto *dialog = new MemoryEditDialog(m_personas, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setMemory(*memory);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const Memory::MemoryPatch patch = dialog->patch();
        if (patch.isEmpty())
            return;
        m_context.engine->updateMemory(id, patch).then(this, [this](const Result<Memory::MemoryRecord> &updated) {
            if (!updated) {
                reportError(tr("Could not change the memory: %1").arg(updated.error().message));
                return;
            }
            m_error.clear();
            scheduleReload();
        });
    });
    dialog->open();
}

void MemoryInspector::deleteSelected()
{
    const QList<qint64> ids = selectedMemories();
    if (ids.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete memories"), QString(),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"deleteConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (ids.size() == 1) {
        QString content = m_model->memoryById(ids.first()).value_or(Memory::MemoryRecord{}).content.simplified();
        if (content.size() > 200)
            content = content.left(199) + QChar(0x2026);
        box->setText(tr("Delete this memory?"));
        box->setInformativeText(tr("“%1”\n\nThe persona will no longer recall it.").arg(content));
    } else {
        box->setText(tr("Delete %n memories?", nullptr, int(ids.size())));
        box->setInformativeText(tr("The personas will no longer recall them."));
    }
    QPushButton *confirm = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(confirm, &QPushButton::clicked, this, [this, ids] {
        auto remaining = std::make_shared<int>(int(ids.size()));
        for (const qint64 id : ids) {
            m_context.engine->deleteMemory(id).then(this, [this, remaining](const Result<Memory::MemoryRecord> &deleted) {
                if (!deleted)
                    reportError(tr("Could not delete the memory: %1").arg(deleted.error().message));
                if (--*remaining == 0)
                    scheduleReload();
            });
        }
    });
    box->open();
}

void MemoryInspector::updateButtons()
{
    const int selected = int(m_table->selectionModel()->selectedRows().size());
    m_add->setEnabled(!m_personas.isEmpty());
    m_edit->setEnabled(selected >= 1);
    m_delete->setEnabled(selected >= 1);
    m_deleteAction->setEnabled(selected >= 1);
}

void MemoryInspector::updateStatus()
{
    if (!m_error.isEmpty()) {
        m_status->setText(m_error);
        m_status->setToolTip(m_error);
        return;
    }
    const int loaded = m_model->rowCount();
    const int shown = m_filter->rowCount();
    QString text = shown == loaded ? tr("%n memories", nullptr, loaded)
                                   : tr("%1 of %n memories", nullptr, loaded).arg(QLocale().toString(shown));
    if (m_totalMemories > loaded)
        text = tr("%1 (the newest of %2)").arg(text, QLocale().toString(m_totalMemories));
    m_status->setText(text);
    m_status->setToolTip(text);
}

void MemoryInspector::reportError(const QString &text)
{
    m_error = text;
    updateStatus();
    Q_EMIT errorOccurred(text);
}

} // namespace Studio::Ui
