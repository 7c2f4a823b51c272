// SPDX-License-Identifier: MIT
// The memory inspector against a real engine (on its own thread, a temporary database, the
// built-in embedder) and the in-test fake Ollama for chat turns. Every model the dock creates
// has a QAbstractItemModelTester attached.
#include <inspector/conversationlistmodel.h>
#include <inspector/modelcallsmodel.h>
#include <inspector/sessioninspector.h>
#include <mainwindow.h>
#include <memory/memoryeditdialog.h>
#include <memory/memoryfiltermodel.h>
#include <memory/memoryhitsmodel.h>
#include <memory/memoryinspector.h>
#include <memory/memorymapview.h>
#include <memory/memorytablemodel.h>
#include <memory/personacolour.h>

#include <engine/enginehost.h>

#include "fakeollama.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QToolTip>
#include <QTreeView>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace Studio;
using Studio::Ui::MemoryHitsModel;
using Studio::Ui::MemoryInspector;
using Studio::Ui::MemoryTableModel;

namespace {

/** Waits (with the event loop running) for a future's result. */
template<typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10000))
        qFatal("an engine call did not finish within 10 s");
    return future.result();
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

/** The row of the proxy showing this content, or -1. */
int rowWithContent(const QAbstractItemModel *model, const QString &content)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, MemoryTableModel::ContentColumn).data().toString() == content)
            return row;
    }
    return -1;
}

void attachTesters(QObject *root)
{
    const auto models = root->findChildren<QAbstractItemModel *>();
    for (QAbstractItemModel *model : models)
        new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, root);
}

} // namespace

class tst_MemoryInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void personaColoursAreStableAndDistinct();
    void showsStoredMemoriesInTheTable();
    void filtersByTextAndPersona();
    void sortsByAnyColumn();
    void followsChangesFromOutside();
    void deletesAfterConfirmation();
    void addsAndEditsThroughTheDialog();
    void mapHasOnePointPerMemoryAndClickSelectsTheRow();
    void queryShowsHitsWithBreakdownsInScoreOrder();
    void showRecallShowsTheTurnsHits();
    void sessionInspectorOpensTheTurnsRecall();
    void showsIndexRebuildProgress();
    void everyControlHasAnAccessibleName();

private:
    MemoryInspector *createInspector();
    Engine::EngineClient *client() const { return m_host->client(); }
    Memory::MemoryRecord store(const QString &persona, const QString &content, double importance,
                               Memory::Visibility visibility = Memory::Visibility::Private);
    Conversation::TurnOutcome chat(const QString &sessionId, const QString &message);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Engine::EngineHost> m_host;
    std::unique_ptr<MemoryInspector> m_inspector;
};

void tst_MemoryInspector::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void tst_MemoryInspector::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    Engine::Settings settings;
    settings.dbPath = m_dir->filePath(u"memories.sqlite"_s);
    settings.ollamaUrl = m_fake->url();
    settings.model = u"llama3.1:8b"_s;
    settings.llmRetries = 0;
    settings.memoryEmbedder = u"builtin"_s; // no embedding model: deterministic vectors, no HTTP
    m_host = std::make_unique<Engine::EngineHost>(settings);
    const auto started = await(m_host->start());
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
}

void tst_MemoryInspector::cleanup()
{
    m_inspector.reset();
    m_host.reset();
    m_fake.reset();
    m_dir.reset();
}

MemoryInspector *tst_MemoryInspector::createInspector()
{
    Ui::UiContext context;
    context.engine = client();
    m_inspector = std::make_unique<MemoryInspector>(context);
    attachTesters(m_inspector.get());
    m_inspector->resize(560, 900);
    m_inspector->show();
    // The first load: personas (for names) and the table.
    if (!QTest::qWaitFor([this] { return m_inspector->findChild<QComboBox *>(u"recallPersona"_s)->count() > 0; }, 10000))
        qFatal("the personas did not load");
    return m_inspector.get();
}

Memory::MemoryRecord tst_MemoryInspector::store(const QString &persona, const QString &content, double importance,
                                                Memory::Visibility visibility)
{
    Memory::MemoryDraft draft;
    draft.persona = persona;
    draft.content = content;
    draft.kind = QString::fromLatin1(Memory::Kind::kFact);
    draft.importance = importance;
    draft.visibility = visibility;
    const auto stored = await(client()->storeMemory(draft));
    if (!stored)
        qFatal("storing a memory failed: %s", qPrintable(stored.error().message));
    return stored->memory;
}

Conversation::TurnOutcome tst_MemoryInspector::chat(const QString &sessionId, const QString &message)
{
    using namespace Studio::Conversation;
    TurnChannelPtr channel = TurnChannel::create();
    std::optional<TurnResult> result;
    connect(channel.get(), &TurnChannel::finished, this, [&result](const TurnResult &r) { result = r; });
    client()->chat(TurnRequest{sessionId, u"aria"_s, message, {}, {}, false}, channel);
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        qFatal("a chat turn did not finish within 10 s");
    if (!*result)
        qFatal("a chat turn failed: %s", qPrintable(result->error().message));
    return **result;
}

void tst_MemoryInspector::showsStoredMemoriesInTheTable()
{
    store(u"aria"_s, u"The user's cat is called Miso."_s, 0.8);
    store(u"kira"_s, u"The user is training for a marathon in October."_s, 0.35, Memory::Visibility::Shared);
    MemoryInspector *inspector = createInspector();
    QCOMPARE(inspector->objectName(), u"memoryInspector"_s);
    QCOMPARE(inspector->windowTitle(), u"Memories"_s);
    auto *table = inspector->findChild<QTreeView *>(u"memoryTable"_s);
    QAbstractItemModel *shown = table->model();
    QTRY_COMPARE(shown->rowCount(), 2);

    const int cat = rowWithContent(shown, u"The user's cat is called Miso."_s);
    const int run = rowWithContent(shown, u"The user is training for a marathon in October."_s);
    QVERIFY(cat >= 0 && run >= 0);
    QCOMPARE(cell(shown, cat, MemoryTableModel::PersonaColumn), u"Aria"_s);
    QCOMPARE(cell(shown, run, MemoryTableModel::PersonaColumn), u"Kira"_s);
    QCOMPARE(cell(shown, cat, MemoryTableModel::ImportanceColumn), u"0.80"_s);
    QCOMPARE(cell(shown, run, MemoryTableModel::ImportanceColumn), u"0.35"_s);
    QCOMPARE(cell(shown, cat, MemoryTableModel::VisibilityColumn), u"Private"_s);
    QCOMPARE(cell(shown, run, MemoryTableModel::VisibilityColumn), u"Shared"_s);
    QCOMPARE(cell(shown, cat, MemoryTableModel::CountColumn), u"0"_s);
    QVERIFY(!cell(shown, cat, MemoryTableModel::CreatedColumn).isEmpty());
    QVERIFY(!cell(shown, cat, MemoryTableModel::LastAccessColumn).isEmpty());
    QVERIFY(shown->index(cat, MemoryTableModel::ContentColumn).data(Qt::ToolTipRole).toString().contains(u"Fact"_s));
    // The persona's colour is the sidebar's avatar colour.
    QCOMPARE(shown->index(cat, MemoryTableModel::PersonaColumn).data(Qt::DecorationRole).value<QColor>(),
             Ui::personaColour(u"aria"_s));
    // Newest first by default.
    QCOMPARE(table->header()->sortIndicatorSection(), int(MemoryTableModel::CreatedColumn));
    QCOMPARE(run, 0);
    QCOMPARE(inspector->findChild<QLabel *>(u"memoryStatus"_s)->text(), u"2 memories"_s);
}

void tst_MemoryInspector::filtersByTextAndPersona()
{
    store(u"aria"_s, u"The user's cat is called Miso."_s, 0.8);
    store(u"aria"_s, u"The user prefers tea to coffee."_s, 0.5);
    store(u"kira"_s, u"The user has a cat allergy."_s, 0.6);
    MemoryInspector *inspector = createInspector();
    QAbstractItemModel *shown = inspector->findChild<QTreeView *>(u"memoryTable"_s)->model();
    QTRY_COMPARE(shown->rowCount(), 3);

    auto *text = inspector->findChild<QLineEdit *>(u"memoryFilter"_s);
    QTest::keyClicks(text, u"CAT"_s);
    QCOMPARE(shown->rowCount(), 2);
    QCOMPARE(inspector->findChild<QLabel *>(u"memoryStatus"_s)->text(), u"2 of 3 memories"_s);

    // The persona filter narrows further; the persona's name matches the text filter too.
    auto *persona = inspector->findChild<QComboBox *>(u"memoryPersonaFilter"_s);
    QCOMPARE(persona->itemText(0), u"All personas"_s);
    persona->setCurrentIndex(persona->findData(u"kira"_s));
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(cell(shown, 0, MemoryTableModel::ContentColumn), u"The user has a cat allergy."_s);
    text->clear();
    QCOMPARE(shown->rowCount(), 1);
    persona->setCurrentIndex(0);
    QCOMPARE(shown->rowCount(), 3);
    QTest::keyClicks(text, u"kira"_s);
    QCOMPARE(shown->rowCount(), 1);
    text->clear();
    QTest::keyClicks(text, u"nothing like this"_s);
    QCOMPARE(shown->rowCount(), 0);
}

void tst_MemoryInspector::sortsByAnyColumn()
{
    store(u"aria"_s, u"Bravo"_s, 0.9);
    store(u"aria"_s, u"Alpha"_s, 0.1);
    store(u"kira"_s, u"Charlie"_s, 0.5);
    MemoryInspector *inspector = createInspector();
    auto *table = inspector->findChild<QTreeView *>(u"memoryTable"_s);
    QAbstractItemModel *shown = table->model();
    QTRY_COMPARE(shown->rowCount(), 3);
    QCOMPARE(cell(shown, 0, MemoryTableModel::ContentColumn), u"Charlie"_s); // newest first

    table->sortByColumn(MemoryTableModel::ImportanceColumn, Qt::DescendingOrder);
    QCOMPARE(cell(shown, 0, MemoryTableModel::ContentColumn), u"Bravo"_s);
    QCOMPARE(cell(shown, 1, MemoryTableModel::ContentColumn), u"Charlie"_s);
    QCOMPARE(cell(shown, 2, MemoryTableModel::ContentColumn), u"Alpha"_s);
    table->sortByColumn(MemoryTableModel::ContentColumn, Qt::AscendingOrder);
    QCOMPARE(cell(shown, 0, MemoryTableModel::ContentColumn), u"Alpha"_s);
    QCOMPARE(cell(shown, 2, MemoryTableModel::ContentColumn), u"Charlie"_s);
    // A click on a header sorts too.
    const int x = table->header()->sectionViewportPosition(MemoryTableModel::PersonaColumn) + 4;
    QTest::mouseClick(table->header()->viewport(), Qt::LeftButton, {}, QPoint(x, 4));
    QCOMPARE(table->header()->sortIndicatorSection(), int(MemoryTableModel::PersonaColumn));
    QCOMPARE(cell(shown, 0, MemoryTableModel::PersonaColumn),
             table->header()->sortIndicatorOrder() == Qt::AscendingOrder ? u"Aria"_s : u"Kira"_s);
}

void tst_MemoryInspector::followsChangesFromOutside()
{
    MemoryInspector *inspector = createInspector();
    auto *model = inspector->findChild<MemoryTableModel *>(u"memoryTableModel"_s);
    QCOMPARE(model->rowCount(), 0);

    // A burst of stores (as an MCP client might send) ends in the table, in few refreshes.
    QSignalSpy refreshed(inspector, &MemoryInspector::memoriesRefreshed);
    QList<QFuture<Result<Memory::StoredMemory>>> futures;
    const QStringList facts = {
        u"Owns a red bicycle."_s, u"Was born in Porto."_s, u"Hates cold soup."_s, u"Plays chess on Sundays."_s,
        u"Drives an old Volvo."_s, u"Knits scarves in winter."_s, u"Studied marine biology."_s,
        u"Keeps bees on the roof."_s, u"Collects vinyl records."_s, u"Fears thunderstorms."_s,
        u"Speaks fluent Japanese."_s, u"Grows tomatoes indoors."_s, u"Runs a small bakery."_s,
        u"Repairs antique clocks."_s, u"Swims before dawn."_s, u"Paints watercolour birds."_s,
        u"Volunteers at a shelter."_s, u"Brews kombucha."_s, u"Climbs frozen waterfalls."_s, u"Writes haiku daily."_s,
    };
    for (const QString &fact : facts) {
        Memory::MemoryDraft draft;
        draft.persona = u"aria"_s;
        draft.content = fact;
        draft.importance = 0.5;
        futures.append(client()->storeMemory(draft));
    }
    for (const auto &future : std::as_const(futures))
        QVERIFY(await(future));
    QTRY_COMPARE(model->rowCount(), 20);
    QVERIFY2(refreshed.size() <= 10, qPrintable(QString::number(refreshed.size())));

    // While the dock is hidden it does not refresh; shown again, it catches up.
    inspector->hide();
    QSignalSpy changed(client()->engine(), &Engine::Engine::memoriesChanged);
    refreshed.clear();
    Memory::MemoryDraft late;
    late.persona = u"kira"_s;
    late.content = u"Stored while nobody was looking."_s;
    QVERIFY(await(client()->storeMemory(late)));
    QTRY_VERIFY(changed.size() >= 1);
    QCOMPARE(model->rowCount(), 20);
    QCOMPARE(refreshed.size(), 0);
    inspector->show();
    QTRY_COMPARE(model->rowCount(), 21);

    // A change made elsewhere updates the row in place.
    const qint64 id = model->memories().first().id;
    Memory::MemoryPatch patch;
    patch.importance = 0.95;
    QVERIFY(await(client()->updateMemory(id, patch)));
    QTRY_COMPARE(model->memoryById(id)->importance, 0.95);
    QVERIFY(await(client()->deleteMemory(id)));
    QTRY_COMPARE(model->rowCount(), 20);
    QCOMPARE(model->rowOf(id), -1);
}

void tst_MemoryInspector::deletesAfterConfirmation()
{
    const Memory::MemoryRecord keep = store(u"aria"_s, u"Keep me."_s, 0.5);
    const Memory::MemoryRecord drop = store(u"aria"_s, u"Forget me."_s, 0.5);
    MemoryInspector *inspector = createInspector();
    auto *table = inspector->findChild<QTreeView *>(u"memoryTable"_s);
    QTRY_COMPARE(table->model()->rowCount(), 2);
    auto *deleteButton = inspector->findChild<QToolButton *>(u"deleteMemory"_s);
    QVERIFY(!deleteButton->isEnabled());

    // Cancel keeps it.
    QVERIFY(inspector->selectMemory(drop.id));
    QVERIFY(deleteButton->isEnabled());
    deleteButton->click();
    auto *box = inspector->findChild<QMessageBox *>(u"deleteConfirmation"_s);
    QVERIFY(box);
    QVERIFY(box->informativeText().contains(u"Forget me."_s));
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!inspector->findChild<QMessageBox *>(u"deleteConfirmation"_s));
    QVERIFY(await(client()->memories(QString(), 0, 10))->total == 2);

    // Delete (the key works as well as the button) removes it from the engine and the table.
    inspector->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(inspector));
    table->setFocus();
    QTRY_VERIFY(table->hasFocus());
    QTest::keyClick(table, Qt::Key_Delete);
    box = inspector->findChild<QMessageBox *>(u"deleteConfirmation"_s);
    QVERIFY(box);
    box->findChild<QPushButton *>(u"confirmDelete"_s)->click();
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(cell(table->model(), 0, MemoryTableModel::ContentColumn), u"Keep me."_s);
    const auto page = await(client()->memories(QString(), 0, 10));
    QVERIFY(page);
    QCOMPARE(page->total, 1);
    QCOMPARE(page->memories.first().id, keep.id);
}

void tst_MemoryInspector::addsAndEditsThroughTheDialog()
{
    MemoryInspector *inspector = createInspector();
    auto *model = inspector->findChild<MemoryTableModel *>(u"memoryTableModel"_s);
    auto *persona = inspector->findChild<QComboBox *>(u"memoryPersonaFilter"_s);
    persona->setCurrentIndex(persona->findData(u"kira"_s));

    inspector->findChild<QToolButton *>(u"addMemory"_s)->click();
    auto *dialog = inspector->findChild<Ui::MemoryEditDialog *>(u"memoryEditDialog"_s);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no text yet
    QCOMPARE(dialog->findChild<QComboBox *>(u"memoryPersona"_s)->currentData().toString(), u"kira"_s);
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(u"memoryContent"_s), u"The user's sister lives in Lisbon."_s);
    QVERIFY(ok->isEnabled());
    auto *kind = dialog->findChild<QComboBox *>(u"memoryKind"_s);
    kind->setCurrentIndex(kind->findData(u"event"_s));
    dialog->findChild<QSlider *>(u"memoryImportance"_s)->setValue(70);
    QCOMPARE(dialog->findChild<QLabel *>(u"memoryImportanceValue"_s)->text(), u"0.70"_s);
    auto *visibility = dialog->findChild<QComboBox *>(u"memoryVisibility"_s);
    visibility->setCurrentIndex(visibility->findData(u"shared"_s));
    ok->click();

    QTRY_COMPARE(model->rowCount(), 1);
    const Memory::MemoryRecord added = model->memories().first();
    QCOMPARE(added.personaId, u"kira"_s);
    QCOMPARE(added.content, u"The user's sister lives in Lisbon."_s);
    QCOMPARE(added.kind, u"event"_s);
    QCOMPARE(added.importance, 0.7);
    QCOMPARE(added.visibility, Memory::Visibility::Shared);
    // The new memory is selected.
    QTRY_COMPARE(inspector->selectedMemories(), QList<qint64>{added.id});

    // Edit: the persona is fixed; only what changed is sent.
    QTRY_VERIFY(!inspector->findChild<Ui::MemoryEditDialog *>(u"memoryEditDialog"_s));
    inspector->findChild<QToolButton *>(u"editMemory"_s)->click();
    dialog = inspector->findChild<Ui::MemoryEditDialog *>(u"memoryEditDialog"_s);
    QVERIFY(dialog && dialog->isEditing());
    QVERIFY(!dialog->findChild<QComboBox *>(u"memoryPersona"_s)->isEnabled());
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(u"memoryContent"_s)->toPlainText(), added.content);
    QCOMPARE(dialog->findChild<QSlider *>(u"memoryImportance"_s)->value(), 70);
    QVERIFY(dialog->patch().isEmpty());
    dialog->findChild<QSlider *>(u"memoryImportance"_s)->setValue(20);
    const Memory::MemoryPatch patch = dialog->patch();
    QVERIFY(patch.importance && !patch.content && !patch.kind && !patch.visibility);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_COMPARE(model->memoryById(added.id)->importance, 0.2);
    QCOMPARE(model->memoryById(added.id)->content, added.content);
    QCOMPARE(model->rowCount(), 1);

    // Cancel changes nothing.
    QTRY_VERIFY(!inspector->findChild<Ui::MemoryEditDialog *>(u"memoryEditDialog"_s));
    inspector->findChild<QToolButton *>(u"addMemory"_s)->click();
    dialog = inspector->findChild<Ui::MemoryEditDialog *>(u"memoryEditDialog"_s);
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(u"memoryContent"_s), u"Never stored."_s);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
    QTRY_VERIFY(!inspector->findChild<Ui::MemoryEditDialog *>(u"memoryEditDialog"_s));
    QCOMPARE(await(client()->memories(QString(), 0, 10))->total, 1);
}

void tst_MemoryInspector::mapHasOnePointPerMemoryAndClickSelectsTheRow()
{
    const QList<Memory::MemoryRecord> memories = {
        store(u"aria"_s, u"The user's cat is called Miso."_s, 0.9),
        store(u"aria"_s, u"The user likes hiking in the Alps."_s, 0.2),
        store(u"kira"_s, u"The user plays the cello in an orchestra."_s, 0.6),
        store(u"kira"_s, u"The user's favourite colour is green."_s, 0.4),
    };
    MemoryInspector *inspector = createInspector();
    Ui::MemoryMapView *map = inspector->findChild<Ui::MemoryMapView *>(u"memoryMap"_s);
    QVERIFY(map);
    QTRY_COMPARE(map->pointCount(), 4);
    QSet<qint64> ids;
    for (const Memory::MapPoint &point : map->points()) {
        ids.insert(point.memoryId);
        QVERIFY(!point.content.isEmpty());
        QVERIFY(std::isfinite(point.x) && std::isfinite(point.y));
    }
    QCOMPARE(ids, (QSet<qint64>{memories[0].id, memories[1].id, memories[2].id, memories[3].id}));
    QTRY_COMPARE(inspector->memoryModel()->rowCount(), 4);

    // Bigger importance, bigger point: the hit test reaches further from the centre.
    const QPointF big = map->pointPosition(memories[0].id);
    QVERIFY(!big.isNull());

    // Hover shows the content.
    const QPoint at = map->pointPosition(memories[2].id).toPoint();
    QHelpEvent help(QEvent::ToolTip, at, map->mapToGlobal(at));
    QApplication::sendEvent(map, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(u"cello"_s), qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains(u"Kira"_s));
    QToolTip::hideText();

    // A click selects the memory's row, even one a filter hides.
    QTest::keyClicks(inspector->findChild<QLineEdit *>(u"memoryFilter"_s), u"Miso"_s);
    QTest::mouseClick(map, Qt::LeftButton, {}, at);
    QCOMPARE(inspector->selectedMemories(), QList<qint64>{memories[2].id});
    QCOMPARE(map->currentMemory(), memories[2].id);
    QVERIFY(inspector->findChild<QLineEdit *>(u"memoryFilter"_s)->text().isEmpty());
    // And the table's selection marks the point.
    QVERIFY(inspector->selectMemory(memories[1].id));
    QCOMPARE(map->currentMemory(), memories[1].id);
    // Empty space selects nothing new.
    QCOMPARE(map->memoryAt(QPointF(1, 1)), 0);

    // The persona filter maps that persona's memories only.
    auto *persona = inspector->findChild<QComboBox *>(u"memoryPersonaFilter"_s);
    persona->setCurrentIndex(persona->findData(u"aria"_s));
    QTRY_COMPARE(map->pointCount(), 2);
    for (const Memory::MapPoint &point : map->points())
        QCOMPARE(point.personaId, u"aria"_s);

    // A new memory shows up on the map.
    store(u"aria"_s, u"The user visited Kyoto last spring."_s, 0.5);
    QTRY_COMPARE(map->pointCount(), 3);
}

void tst_MemoryInspector::queryShowsHitsWithBreakdownsInScoreOrder()
{
    store(u"aria"_s, u"The user drinks black coffee every morning."_s, 0.3);
    store(u"aria"_s, u"The user's coffee machine broke last week."_s, 0.9);
    store(u"aria"_s, u"The user's cat is called Miso."_s, 0.2);
    store(u"kira"_s, u"The user roasts coffee beans at home."_s, 0.7, Memory::Visibility::Shared);
    store(u"kira"_s, u"The user dislikes coffee shops that are loud."_s, 0.7, Memory::Visibility::Private);
    MemoryInspector *inspector = createInspector();
    auto *hits = inspector->findChild<MemoryHitsModel *>(u"memoryHitsModel"_s);
    auto *model = inspector->memoryModel();
    QTRY_COMPARE(model->rowCount(), 5);

    QTRY_COMPARE(inspector->mapView()->pointCount(), 5);
    QSignalSpy mapRefreshed(inspector, &MemoryInspector::mapRefreshed);

    auto *recallAs = inspector->findChild<QComboBox *>(u"recallPersona"_s);
    recallAs->setCurrentIndex(recallAs->findData(u"aria"_s));
    QSignalSpy shown(inspector, &MemoryInspector::hitsShown);
    auto *query = inspector->findChild<QLineEdit *>(u"memoryQuery"_s);
    QTest::keyClicks(query, u"coffee"_s);
    QTest::keyClick(query, Qt::Key_Return);
    QTRY_COMPARE(shown.size(), 1);

    QCOMPARE(hits->rowCount(), 3); // Aria's three; not Kira's
    double previous = std::numeric_limits<double>::max();
    for (int row = 0; row < hits->rowCount(); ++row) {
        const QModelIndex index = hits->index(row, MemoryHitsModel::ScoreColumn);
        QCOMPARE(index.data(MemoryHitsModel::PersonaIdRole).toString(), u"aria"_s);
        const double total = index.data(MemoryHitsModel::TotalRole).toDouble();
        QVERIFY2(total <= previous + 1e-9, "hits are best first");
        previous = total;
        for (int role : {MemoryHitsModel::RelevanceRole, MemoryHitsModel::RecencyRole, MemoryHitsModel::ImportanceRole}) {
            const double part = index.data(role).toDouble();
            QVERIFY(part >= 0.0 && part <= 1.0);
        }
        QCOMPARE(index.data().toString(), QLocale().toString(total, 'f', 2));
        QVERIFY(index.data(Qt::ToolTipRole).toString().startsWith(u"Relevance "_s));
        QCOMPARE(cell(hits, row, MemoryHitsModel::RankColumn), QString::number(row + 1));
        // The hit's row is highlighted in the table.
        const qint64 id = index.data(MemoryHitsModel::MemoryIdRole).toLongLong();
        QVERIFY(model->index(model->rowOf(id), 0).data(MemoryTableModel::IsHitRole).toBool());
    }
    // Both coffee memories rank above the cat (least relevant and least important).
    QVERIFY(cell(hits, 0, MemoryHitsModel::ContentColumn).contains(u"coffee"_s));
    QVERIFY(cell(hits, 1, MemoryHitsModel::ContentColumn).contains(u"coffee"_s));
    QCOMPARE(cell(hits, 2, MemoryHitsModel::ContentColumn), u"The user's cat is called Miso."_s);
    QVERIFY(inspector->findChild<QLabel *>(u"recallHeader"_s)->text().contains(u"3 memories recalled by Aria"_s));
    // The map rings the same hits.
    QCOMPARE(inspector->mapView()->highlighted(), model->highlighted());
    QCOMPARE(model->highlighted().size(), 3);

    // Selecting a hit selects its memory in the table.
    auto *hitsView = inspector->findChild<QTreeView *>(u"memoryHits"_s);
    hitsView->setCurrentIndex(hits->index(2, 0));
    QCOMPARE(inspector->selectedMemories(),
             QList<qint64>{hits->index(2, 0).data(MemoryHitsModel::MemoryIdRole).toLongLong()});

    // Others' shared memories join when asked, and only those.
    inspector->findChild<QCheckBox *>(u"recallCrossPersona"_s)->setChecked(true);
    inspector->findChild<QToolButton *>(u"runRecall"_s)->click();
    QTRY_COMPARE(shown.size(), 2);
    QCOMPARE(hits->rowCount(), 4);
    bool sawShared = false;
    for (int row = 0; row < hits->rowCount(); ++row) {
        const QString content = cell(hits, row, MemoryHitsModel::ContentColumn);
        QVERIFY(content != u"The user dislikes coffee shops that are loud."_s);
        sawShared = sawShared || content == u"The user roasts coffee beans at home."_s;
    }
    QVERIFY(sawShared);

    // Looking changes nothing: a trial recall does not count as an access (last access, count),
    // in the database or in the table, and the map is not projected again.
    for (int row = 0; row < hits->rowCount(); ++row) {
        const qint64 id = hits->index(row, 0).data(MemoryHitsModel::MemoryIdRole).toLongLong();
        const auto stored = await(client()->memory(id));
        QVERIFY(stored);
        QCOMPARE(stored->accessCount, 0);
        QCOMPARE(model->memoryById(id)->accessCount, 0);
    }
    QCOMPARE(mapRefreshed.size(), 0);

    // Clearing the query clears the hits and the highlights.
    query->clear();
    QCOMPARE(hits->rowCount(), 0);
    QVERIFY(model->highlighted().isEmpty());
}

void tst_MemoryInspector::showRecallShowsTheTurnsHits()
{
    const Memory::MemoryRecord cat = store(u"aria"_s, u"The user's cat is called Miso."_s, 0.9);
    const Memory::MemoryRecord tea = store(u"aria"_s, u"The user prefers green tea."_s, 0.4);
    const auto session = await(client()->desktopSession());
    QVERIFY(session);
    const Conversation::TurnOutcome turn = chat(session->id, u"What is my cat called?"_s);
    const auto calls = await(client()->modelCalls(turn.conversationId, 10));
    QVERIFY(calls && !calls->isEmpty());
    qint64 callId = 0;
    for (const Store::ModelCallRow &call : *calls) {
        if (call.purpose == u"chat"_s)
            callId = call.id;
    }
    QVERIFY(callId != 0);
    const auto recorded = await(client()->recallsForModelCall(callId));
    QVERIFY(recorded);
    QVERIFY(!recorded->isEmpty());
    QList<Memory::RecallRecord> byRank = *recorded;
    std::sort(byRank.begin(), byRank.end(), [](const auto &a, const auto &b) { return a.rank < b.rank; });

    MemoryInspector *inspector = createInspector();
    inspector->hide();
    QSignalSpy shown(inspector, &MemoryInspector::hitsShown);
    inspector->showRecall(callId);
    QVERIFY(inspector->isVisible());
    QTRY_COMPARE(shown.size(), 1);
    QCOMPARE(inspector->shownModelCall(), callId);
    auto *hits = inspector->hitsModel();
    QCOMPARE(hits->rowCount(), byRank.size());
    for (int row = 0; row < hits->rowCount(); ++row) {
        const Memory::RecallRecord &record = byRank.at(row);
        QCOMPARE(hits->index(row, 0).data(MemoryHitsModel::MemoryIdRole).toLongLong(), record.memoryId);
        QCOMPARE(hits->index(row, 0).data(MemoryHitsModel::TotalRole).toDouble(), record.score.total);
        QCOMPARE(hits->index(row, 0).data(MemoryHitsModel::RelevanceRole).toDouble(), record.score.relevance);
        QCOMPARE(hits->index(row, 0).data(MemoryHitsModel::RecencyRole).toDouble(), record.score.recency);
        QCOMPARE(hits->index(row, 0).data(MemoryHitsModel::ImportanceRole).toDouble(), record.score.importance);
    }
    // The cat memory was recalled for a question about the cat, first.
    QCOMPARE(hits->index(0, 0).data(MemoryHitsModel::MemoryIdRole).toLongLong(), cat.id);
    QVERIFY(inspector->findChild<QLabel *>(u"recallHeader"_s)->text().contains(QString::number(callId)));

    // A memory deleted since still shows, marked.
    QVERIFY(await(client()->deleteMemory(cat.id)));
    inspector->showRecall(callId);
    QTRY_COMPARE(shown.size(), 2);
    QVERIFY(!hits->index(0, 0).data(MemoryHitsModel::ExistsRole).toBool());
    QVERIFY(cell(hits, 0, MemoryHitsModel::ContentColumn).endsWith(u"(deleted)"_s));
    Q_UNUSED(tea);
}

void tst_MemoryInspector::sessionInspectorOpensTheTurnsRecall()
{
    store(u"aria"_s, u"The user's cat is called Miso."_s, 0.9);
    const auto session = await(client()->desktopSession());
    QVERIFY(session);
    Ui::UiContext context;
    context.engine = client();
    context.desktopSessionId = session->id;
    context.settingsFile = m_dir->filePath(u"settings.ini"_s);
    Ui::MainWindow window(context);
    attachTesters(&window);
    window.show();

    // The memory dock shares the right area with the sessions dock, behind it, and has a View toggle.
    MemoryInspector *memories = window.memoryInspector();
    QVERIFY(memories);
    QCOMPARE(window.dockWidgetArea(memories), Qt::RightDockWidgetArea);
    QVERIFY(window.tabifiedDockWidgets(window.inspector()).contains(memories));
    QVERIFY(window.findChild<QMenu *>(u"viewMenu"_s)->actions().contains(memories->toggleViewAction()));
    QTRY_VERIFY(!memories->isVisible() || memories->visibleRegion().isEmpty());

    chat(session->id, u"What is my cat called?"_s);
    Ui::SessionInspector *sessions = window.inspector();
    QTRY_COMPARE(sessions->selectedSessionId(), session->id);
    auto *conversations = sessions->findChild<Ui::ConversationListModel *>(u"conversationListModel"_s);
    QTRY_VERIFY(conversations->rowCount() >= 1);
    auto *conversationView = sessions->findChild<QTreeView *>(u"conversationList"_s);
    conversationView->setCurrentIndex(conversations->index(0, 0));
    auto *calls = sessions->findChild<Ui::ModelCallsModel *>(u"modelCallsModel"_s);
    QTRY_VERIFY(calls->rowCount() >= 1);
    int chatRow = -1;
    for (int row = 0; row < calls->rowCount(); ++row) {
        if (calls->index(row, Ui::ModelCallsModel::PurposeColumn).data().toString() == u"Chat"_s)
            chatRow = row;
    }
    QVERIFY(chatRow >= 0);
    const qint64 callId = calls->index(chatRow, 0).data(Ui::ModelCallsModel::CallIdRole).toLongLong();
    sessions->findChild<QTreeView *>(u"modelCallList"_s)->setCurrentIndex(calls->index(chatRow, 0));
    auto *button = sessions->findChild<QToolButton *>(u"recalledMemories"_s);
    QVERIFY(button);
    QTRY_VERIFY(button->isEnabled());

    QSignalSpy shown(memories, &MemoryInspector::hitsShown);
    button->click();
    QTRY_COMPARE(shown.size(), 1);
    QTRY_VERIFY(memories->isVisible() && !memories->visibleRegion().isEmpty());
    QCOMPARE(memories->shownModelCall(), callId);
    QVERIFY(memories->hitsModel()->rowCount() >= 1);
    QCOMPARE(memories->hitsModel()->index(0, MemoryHitsModel::ContentColumn).data().toString(),
             u"The user's cat is called Miso."_s);
}

void tst_MemoryInspector::showsIndexRebuildProgress()
{
    MemoryInspector *inspector = createInspector();
    auto *progress = inspector->findChild<QProgressBar *>(u"memoryIndexProgress"_s);
    QVERIFY(!progress->isVisible());
    // The engine's signal, as the rebuild at start sends it (queued to this thread).
    auto *engine = const_cast<Engine::Engine *>(client()->engine());
    QMetaObject::invokeMethod(engine, [engine] { Q_EMIT engine->memoryIndexProgress(u"aria"_s, 250, 1000); });
    QTRY_VERIFY(progress->isVisible());
    QCOMPARE(progress->value(), 250);
    QCOMPARE(progress->maximum(), 1000);
    QVERIFY(progress->text().contains(u"Aria"_s));
    QMetaObject::invokeMethod(engine, [engine] { Q_EMIT engine->memoryIndexProgress(u"aria"_s, 1000, 1000); });
    QTRY_VERIFY(!progress->isVisible());
}

void tst_MemoryInspector::everyControlHasAnAccessibleName()
{
    MemoryInspector *inspector = createInspector();
    const auto widgets = inspector->findChildren<QWidget *>();
    int checked = 0;
    for (QWidget *widget : widgets) {
        bool inCombo = false; // a combo box's own popup list
        for (QWidget *up = widget->parentWidget(); up && !inCombo; up = up->parentWidget())
            inCombo = qobject_cast<QComboBox *>(up) != nullptr || up->inherits("QComboBoxPrivateContainer");
        if (inCombo)
            continue;
        const bool control = (qobject_cast<QAbstractItemView *>(widget) && !qobject_cast<QHeaderView *>(widget))
            || qobject_cast<QLineEdit *>(widget) || qobject_cast<QComboBox *>(widget)
            || qobject_cast<QAbstractButton *>(widget) || qobject_cast<QAbstractSpinBox *>(widget)
            || qobject_cast<QProgressBar *>(widget) || qobject_cast<Ui::MemoryMapView *>(widget);
        if (!control || widget->objectName() == u"qt_spinbox_lineedit"_s || widget->inherits("QLineEditIconButton"))
            continue;
        ++checked;
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
    QVERIFY(checked >= 14);
}

void tst_MemoryInspector::personaColoursAreStableAndDistinct()
{
    // The built-ins must never share a colour, and a colour must not depend on the machine
    // (qHash uses AES instructions where the CPU has them): palette and FNV-1a fix the values.
    QCOMPARE(Ui::personaColour(u"aria"_s), QColor(0xe6550d));
    QCOMPARE(Ui::personaColour(u"kira"_s), QColor(0x7a8b12));
    QSet<QRgb> seen;
    for (const QString &id : {u"aria"_s, u"kira"_s, u"nova"_s, u"orin"_s})
        seen.insert(Ui::personaColour(id).rgb());
    QCOMPARE(seen.size(), 4);
    // White initials stay readable on every colour of the palette.
    for (int i = 0; i < 200; ++i)
        QVERIFY2(Ui::personaColour(u"persona-%1"_s.arg(i)).lightness() < 150, qPrintable(QString::number(i)));
}

QTEST_MAIN(tst_MemoryInspector)
#include "tst_memoryinspector.moc"
