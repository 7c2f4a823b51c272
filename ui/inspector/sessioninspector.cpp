// SPDX-License-Identifier: MIT
#include "sessioninspector.h"

#include "conversationlistmodel.h"
#include "inspectorformat.h"
#include "modelcallsmodel.h"
#include "modelcallview.h"
#include "sessiontreemodel.h"
#include "trafficfiltermodel.h"
#include "trafficmodel.h"

#include <engine/engineclient.h>
#include <mcp/trafficlog.h>

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

constexpr int kTrafficBatchMs = 100;       // at most ten traffic updates a second, however busy
constexpr int kConversationReloadMs = 100;

void configureTable(QTreeView *view)
{
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true); // lets the view skip measuring thousands of rows
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAllColumnsShowFocus(true);
    view->setItemsExpandable(false);
    view->header()->setStretchLastSection(true);
    view->header()->setSectionsMovable(false);
}

/** Column widths from the font (the wider of header and sample), so they scale with the
 *  screen and the user's font. */
void sizeColumns(QTreeView *view, const QList<std::pair<int, QString>> &samples)
{
    const QFontMetrics metrics = view->fontMetrics();
    const int padding = metrics.averageCharWidth() * 2;
    for (const auto &[column, sample] : samples) {
        const QString header = view->model()->headerData(column, Qt::Horizontal).toString();
        view->header()->resizeSection(
            column, qMax(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header)) + padding);
    }
}

/** Rows of text as pixels, for the splitters' first layout. */
int rowsHigh(const QWidget *widget, int rows)
{
    return rows * (widget->fontMetrics().height() + widget->fontMetrics().leading() + 4);
}

/** While the view shows the last row, it keeps showing the last row as rows are appended. */
void followTail(QTreeView *view)
{
    auto atEnd = std::make_shared<bool>(true);
    QAbstractItemModel *model = view->model();
    QObject::connect(model, &QAbstractItemModel::rowsAboutToBeInserted, view, [view, atEnd] {
        const QScrollBar *bar = view->verticalScrollBar();
        *atEnd = bar->value() >= bar->maximum();
    });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, [view, atEnd] {
        if (*atEnd)
            view->scrollToBottom();
    });
}

/** The message indented when it parses; otherwise as it was (cut at 64 KiB, or not JSON). */
QString prettyPayload(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    if (error.error == QJsonParseError::NoError)
        return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    return QString::fromUtf8(payload);
}

} // namespace

SessionInspector::SessionInspector(const UiContext &context, QWidget *parent)
    : QDockWidget(parent)
    , m_context(context)
    , m_sessions(new SessionTreeModel(this))
    , m_conversations(new ConversationListModel(this))
    , m_calls(new ModelCallsModel(this))
    , m_traffic(new TrafficModel(TrafficModel::kDefaultCapacity, this))
    , m_trafficFilter(new TrafficFilterModel(this))
    , m_trafficTimer(new QTimer(this))
    , m_conversationReloadTimer(new QTimer(this))
{
    setObjectName(u"sessionInspector"_s);
    m_sessions->setObjectName(u"sessionTreeModel"_s);
    m_conversations->setObjectName(u"conversationListModel"_s);
    m_calls->setObjectName(u"modelCallsModel"_s);
    m_traffic->setObjectName(u"trafficModel"_s);
    m_trafficFilter->setObjectName(u"trafficFilterModel"_s);
    m_trafficFilter->setSourceModel(m_traffic);

    m_trafficTimer->setSingleShot(true);
    m_trafficTimer->setInterval(kTrafficBatchMs);
    connect(m_trafficTimer, &QTimer::timeout, this, &SessionInspector::takeTraffic);
    m_conversationReloadTimer->setSingleShot(true);
    m_conversationReloadTimer->setInterval(kConversationReloadMs);
    connect(m_conversationReloadTimer, &QTimer::timeout, this, &SessionInspector::reloadConversations);

    buildUi();
    retranslateUi();
    connectEngine();
    setTrafficLog(context.traffic);
    reloadSessions();
    reloadPersonaNames();
}

SessionInspector::~SessionInspector()
{
    // Views go first, while this object is still whole: deleting a model under its view must
    // not reach a slot of ours after our members are gone.
    m_trafficTimer->stop();
    m_conversationReloadTimer->stop();
    delete widget();
}

void SessionInspector::buildUi()
{
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    m_splitter = new QSplitter(Qt::Vertical, content);
    m_splitter->setObjectName(u"inspectorSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter);

    // Sessions, grouped by kind.
    m_sessionView = new QTreeView(m_splitter);
    m_sessionView->setObjectName(u"sessionTree"_s);
    m_sessionView->setModel(m_sessions);
    m_sessionView->setUniformRowHeights(true);
    m_sessionView->setAllColumnsShowFocus(true);
    m_sessionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sessionView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sessionView->header()->setStretchLastSection(false);
    m_sessionView->header()->setSectionResizeMode(SessionTreeModel::NameColumn, QHeaderView::Stretch);
    sizeColumns(m_sessionView, {{SessionTreeModel::TransportColumn, InspectorFormat::transport(u"http"_s)},
                                {SessionTreeModel::StateColumn, SessionTreeModel::tr("%n live", nullptr, 888)},
                                {SessionTreeModel::LastActiveColumn, InspectorFormat::moment(1)}});
    m_sessionView->setMinimumHeight(rowsHigh(m_sessionView, 4));
    m_sessionView->expandAll();
    // A reset collapses everything; the three groups are always worth seeing open.
    connect(m_sessions, &QAbstractItemModel::modelReset, m_sessionView, &QTreeView::expandAll);
    connect(m_sessionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { handleSessionSelected(current); });
    connect(m_sessions, &QAbstractItemModel::dataChanged, this, &SessionInspector::updateSessionHeader);

    auto *detail = new QWidget(m_splitter);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_sessionHeader = new QLabel(detail);
    m_sessionHeader->setObjectName(u"sessionHeader"_s);
    m_sessionHeader->setWordWrap(true);
    m_sessionHeader->setTextFormat(Qt::PlainText);
    m_sessionHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sessionHeader->setMargin(m_sessionHeader->fontMetrics().averageCharWidth() / 2);
    detailLayout->addWidget(m_sessionHeader);
    m_tabs = new QTabWidget(detail);
    m_tabs->setObjectName(u"inspectorTabs"_s);
    m_tabs->setDocumentMode(true);
    detailLayout->addWidget(m_tabs, 1);

    // Conversations -> model calls -> the selected call's request.
    auto *conversationsPage = new QSplitter(Qt::Vertical, m_tabs);
    conversationsPage->setObjectName(u"conversationsPage"_s);
    conversationsPage->setChildrenCollapsible(false);
    m_conversationView = new QTreeView(conversationsPage);
    m_conversationView->setObjectName(u"conversationList"_s);
    configureTable(m_conversationView);
    m_conversationView->setModel(m_conversations);
    sizeColumns(m_conversationView, {{ConversationListModel::PersonaColumn, u"Persona name"_s},
                                     {ConversationListModel::StartedColumn, InspectorFormat::moment(1)},
                                     {ConversationListModel::UpdatedColumn, InspectorFormat::moment(1)}});
    connect(m_conversationView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { handleConversationSelected(current); });
    m_callView = new QTreeView(conversationsPage);
    m_callView->setObjectName(u"modelCallList"_s);
    configureTable(m_callView);
    m_callView->setModel(m_calls);
    sizeColumns(m_callView, {{ModelCallsModel::TimeColumn, u"00:00:00.000"_s},
                             {ModelCallsModel::PurposeColumn, ModelCallsModel::tr("Summary")},
                             {ModelCallsModel::ModelColumn, u"llama3.1:8b"_s},
                             {ModelCallsModel::PromptTokensColumn, u"00000"_s},
                             {ModelCallsModel::CompletionTokensColumn, u"00000"_s},
                             {ModelCallsModel::DurationColumn, InspectorFormat::duration(99900)},
                             {ModelCallsModel::FirstTokenColumn, InspectorFormat::duration(99900)}});
    followTail(m_callView);
    connect(m_callView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { handleModelCallSelected(current); });
    m_callDetail = new ModelCallView(conversationsPage);
    m_callDetail->setObjectName(u"modelCallDetail"_s);
    connect(m_callDetail, &ModelCallView::recalledMemoriesRequested, this,
            &SessionInspector::recalledMemoriesRequested);
    conversationsPage->setSizes({rowsHigh(this, 4), rowsHigh(this, 7), rowsHigh(this, 20)});
    m_tabs->addTab(conversationsPage, QString());

    // Traffic: filter, table, payload.
    auto *trafficPage = new QWidget(m_tabs);
    trafficPage->setObjectName(u"trafficPage"_s);
    auto *trafficLayout = new QVBoxLayout(trafficPage);
    trafficLayout->setContentsMargins(0, 0, 0, 0);
    auto *filterRow = new QHBoxLayout;
    m_methodFilter = new QLineEdit(trafficPage);
    m_methodFilter->setObjectName(u"trafficMethodFilter"_s);
    m_methodFilter->setClearButtonEnabled(true);
    connect(m_methodFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_trafficFilter->setMethodFilter(text);
        updateTrafficStatus();
    });
    m_trafficStatus = new QLabel(trafficPage);
    m_trafficStatus->setObjectName(u"trafficStatus"_s);
    m_trafficStatus->setTextFormat(Qt::PlainText);
    filterRow->addWidget(m_methodFilter, 1);
    filterRow->addWidget(m_trafficStatus);
    trafficLayout->addLayout(filterRow);
    auto *trafficSplitter = new QSplitter(Qt::Vertical, trafficPage);
    trafficSplitter->setChildrenCollapsible(false);
    m_trafficView = new QTreeView(trafficSplitter);
    m_trafficView->setObjectName(u"trafficTable"_s);
    configureTable(m_trafficView);
    m_trafficView->setModel(m_trafficFilter);
    // Method takes the room that is left; the numbers keep their width, next to their headers.
    m_trafficView->header()->setStretchLastSection(false);
    m_trafficView->header()->setSectionResizeMode(TrafficModel::MethodColumn, QHeaderView::Stretch);
    sizeColumns(m_trafficView, {{TrafficModel::TimeColumn, u"00:00:00.000"_s},
                                {TrafficModel::DirectionColumn, u"→"_s},
                                {TrafficModel::IdColumn, u"00000"_s},
                                {TrafficModel::SizeColumn, InspectorFormat::bytes(999999)},
                                {TrafficModel::LatencyColumn, InspectorFormat::duration(9999)}});
    followTail(m_trafficView);
    connect(m_trafficView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { handleTrafficSelected(current); });
    m_payloadView = new QPlainTextEdit(trafficSplitter);
    m_payloadView->setObjectName(u"trafficPayload"_s);
    m_payloadView->setReadOnly(true);
    m_payloadView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_payloadView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    trafficSplitter->setSizes({rowsHigh(this, 14), rowsHigh(this, 10)});
    trafficLayout->addWidget(trafficSplitter, 1);
    m_tabs->addTab(trafficPage, QString());

    // First layout only (proportions); the user's splitter moves win after that.
    m_splitter->setSizes({rowsHigh(this, 9), rowsHigh(this, 30)});
    setWidget(content);
}

void SessionInspector::retranslateUi()
{
    setWindowTitle(tr("Sessions"));
    m_sessionView->setAccessibleName(tr("Sessions"));
    m_sessionView->setAccessibleDescription(tr("Desktop, command-line and MCP client sessions, live and closed"));
    m_sessionHeader->setAccessibleName(tr("Selected session"));
    m_tabs->setAccessibleName(tr("Session details"));
    m_tabs->setTabText(0, tr("Conversations"));
    m_tabs->setTabText(1, tr("Traffic"));
    m_conversationView->setAccessibleName(tr("Conversations of the selected session"));
    m_callView->setAccessibleName(tr("Model calls of the selected conversation"));
    m_callDetail->setAccessibleName(tr("Selected model call"));
    m_methodFilter->setPlaceholderText(tr("Filter by method"));
    m_methodFilter->setAccessibleName(tr("Filter traffic by method"));
    m_trafficView->setAccessibleName(tr("JSON-RPC traffic of the selected session"));
    m_payloadView->setAccessibleName(tr("Selected message as JSON"));
    m_payloadView->setPlaceholderText(tr("Select a message to see it as JSON."));
    m_trafficStatus->setAccessibleName(tr("Traffic counts"));
    updateSessionHeader();
    updateTrafficStatus();
    // Header texts come from the models at paint time; a repaint is all a new language needs.
    for (QTreeView *view : {m_sessionView, m_conversationView, m_callView, m_trafficView}) {
        view->header()->viewport()->update();
        view->viewport()->update();
    }
}

void SessionInspector::changeEvent(QEvent *event)
{
    QDockWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void SessionInspector::connectEngine()
{
    if (!m_context.engine || !m_context.engine->engine())
        return;
    const Engine::Engine *engine = m_context.engine->engine();
    // The engine lives on its own thread: each of these is queued onto ours.
    connect(engine, &Engine::Engine::sessionOpened, this, [this](const Store::SessionRow &session) { m_sessions->upsert(session); });
    connect(engine, &Engine::Engine::sessionChanged, this, [this](const Store::SessionRow &session) { m_sessions->upsert(session); });
    connect(engine, &Engine::Engine::sessionClosed, this, &SessionInspector::handleSessionClosed);
    connect(engine, &Engine::Engine::messageAdded, this, &SessionInspector::handleMessageAdded);
    connect(engine, &Engine::Engine::modelCallStarted, this, &SessionInspector::handleModelCall);
    connect(engine, &Engine::Engine::modelCallFinished, this, &SessionInspector::handleModelCall);
    connect(engine, &Engine::Engine::personasChanged, this, &SessionInspector::reloadPersonaNames);
}

void SessionInspector::setTrafficLog(Mcp::TrafficLog *log)
{
    if (m_trafficLog == log)
        return;
    if (m_trafficLog)
        disconnect(m_trafficLog, nullptr, this, nullptr);
    m_trafficLog = log;
    if (m_trafficLog) {
        // Emitted on the MCP thread, so queued to us; the log signals once until we take the batch.
        connect(m_trafficLog, &Mcp::TrafficLog::eventsAvailable, this, &SessionInspector::handleTrafficAvailable);
        handleTrafficAvailable(); // it may hold events already, and will not signal for them again
    }
    updateTrafficStatus();
}

bool SessionInspector::selectSession(const QString &sessionId)
{
    m_sessions->flush(); // a session that just opened may still wait for the next batch
    const QModelIndex index = m_sessions->indexOf(sessionId);
    if (!index.isValid())
        return false;
    m_sessionView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect
                                                                | QItemSelectionModel::Rows);
    m_sessionView->scrollTo(index);
    return true;
}

void SessionInspector::reloadSessions()
{
    if (!m_context.engine)
        return;
    const quint64 ticket = ++m_sessionsTicket;
    m_context.engine->sessions(false).then(this, [this, ticket](const Result<QList<Store::SessionRow>> &sessions) {
        if (ticket != m_sessionsTicket)
            return;
        if (!sessions) {
            m_sessionHeader->setText(tr("Cannot list the sessions: %1").arg(sessions.error().message));
            return;
        }
        const QString selected = m_selectedSession;
        m_sessions->setSessions(*sessions);
        m_sessionsLoaded = true;
        // The reset dropped the selection; bring it back, or start on the desktop's own session.
        if (!selected.isEmpty())
            selectSession(selected);
        else if (!m_context.desktopSessionId.isEmpty())
            selectSession(m_context.desktopSessionId);
        updateSessionHeader();
    });
}

void SessionInspector::reloadPersonaNames()
{
    if (!m_context.engine)
        return;
    m_context.engine->listPersonas().then(this, [this](const Result<QList<Personas::Persona>> &personas) {
        if (!personas)
            return; // ids are shown instead of names; nothing else depends on them
        QHash<QString, QString> names;
        for (const Personas::Persona &persona : *personas)
            names.insert(persona.id, persona.name);
        m_conversations->setPersonaNames(names);
    });
}

void SessionInspector::handleSessionSelected(const QModelIndex &current)
{
    const QString sessionId = current.data(SessionTreeModel::SessionIdRole).toString();
    m_trafficFilter->setSessionId(sessionId); // a group row (empty id) shows every session's traffic
    if (sessionId != m_selectedSession) {
        m_selectedSession = sessionId;
        m_selectedConversation = 0;
        ++m_conversationsTicket;
        ++m_callsTicket;
        m_conversations->clear();
        m_calls->clear();
        m_callDetail->clear();
        m_payloadView->clear();
        reloadConversations();
        m_trafficView->scrollToBottom();
    }
    updateSessionHeader();
    updateTrafficStatus();
}

void SessionInspector::reloadConversations()
{
    m_conversationReloadTimer->stop();
    if (!m_context.engine || m_selectedSession.isEmpty())
        return;
    const quint64 ticket = ++m_conversationsTicket;
    m_context.engine->session(m_selectedSession)
        .then(this, [this, ticket](const Result<Conversation::SessionDetail> &detail) {
            if (ticket != m_conversationsTicket)
                return; // another session was selected meanwhile
            if (!detail) {
                m_sessionHeader->setText(tr("Cannot load the session: %1").arg(detail.error().message));
                return;
            }
            m_sessions->upsert(detail->session);
            m_conversations->setConversations(detail->conversations);
            // Keep the conversation being looked at; otherwise show the most recent one.
            int row = m_conversations->rowOf(m_selectedConversation);
            if (row < 0 && m_conversations->rowCount() > 0)
                row = 0;
            if (row >= 0) {
                m_conversationView->selectionModel()->setCurrentIndex(
                    m_conversations->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            }
        });
}

void SessionInspector::handleConversationSelected(const QModelIndex &current)
{
    const qint64 conversationId = current.isValid()
        ? current.data(ConversationListModel::ConversationIdRole).toLongLong()
        : 0;
    if (conversationId == m_selectedConversation)
        return;
    m_selectedConversation = conversationId;
    ++m_callsTicket;
    m_calls->clear();
    m_callDetail->clear();
    reloadModelCalls();
}

void SessionInspector::reloadModelCalls()
{
    if (!m_context.engine || m_selectedConversation == 0)
        return;
    const quint64 ticket = ++m_callsTicket;
    m_context.engine->modelCalls(m_selectedConversation, ModelCallsModel::kMaxCalls)
        .then(this, [this, ticket](const Result<QList<Store::ModelCallRow>> &calls) {
            if (ticket != m_callsTicket)
                return;
            if (!calls) {
                m_sessionHeader->setText(tr("Cannot load the model calls: %1").arg(calls.error().message));
                return;
            }
            const qint64 shown = m_callDetail->callId();
            m_calls->setCalls(*calls);
            m_callView->scrollToBottom();
            if (const int row = m_calls->rowOf(shown); row >= 0) {
                m_callView->selectionModel()->setCurrentIndex(
                    m_calls->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            }
        });
}

void SessionInspector::handleModelCallSelected(const QModelIndex &current)
{
    const auto call = m_calls->call(current.isValid() ? current.row() : -1);
    if (call)
        m_callDetail->setCall(*call);
    else
        m_callDetail->clear();
}

void SessionInspector::handleSessionClosed(const QString &sessionId)
{
    // The signal carries only the id; the row's close time is "now", as the engine's is.
    m_sessions->markClosed(sessionId, QDateTime::currentMSecsSinceEpoch());
}

void SessionInspector::handleMessageAdded(const Conversation::MessageEvent &event)
{
    if (event.sessionId.isEmpty() || event.sessionId != m_selectedSession)
        return;
    if (m_conversations->contains(event.message.conversationId))
        m_conversations->touch(event.message.conversationId, event.message.createdMs);
    else if (!m_conversationReloadTimer->isActive())
        m_conversationReloadTimer->start(); // a new conversation in the selected session
}

void SessionInspector::handleModelCall(const Store::ModelCallRow &call)
{
    if (call.conversationId == 0 || call.conversationId != m_selectedConversation)
        return;
    m_calls->upsert(call);
    if (call.id == m_callDetail->callId())
        m_callDetail->setCall(call); // finished: tokens and timings are in now
}

void SessionInspector::handleTrafficSelected(const QModelIndex &current)
{
    if (!current.isValid()) {
        m_payloadView->clear();
        return;
    }
    const Mcp::TrafficEvent &event = m_traffic->event(m_trafficFilter->mapToSource(current).row());
    QString text = prettyPayload(event.payload);
    if (event.payload.size() < event.bytes) {
        text.prepend(tr("Only the first %1 of %2 were kept:")
                         .arg(InspectorFormat::bytes(event.payload.size()), InspectorFormat::bytes(event.bytes))
                     + u"\n\n"_s);
    }
    m_payloadView->setPlainText(text);
}

void SessionInspector::handleTrafficAvailable()
{
    if (!m_trafficTimer->isActive())
        m_trafficTimer->start();
}

void SessionInspector::takeTraffic()
{
    if (!m_trafficLog)
        return;
    m_traffic->appendEvents(m_trafficLog->takeAll());
    updateTrafficStatus();
}

void SessionInspector::updateSessionHeader()
{
    if (!m_sessionHeader)
        return;
    const QModelIndex current = m_sessionView->currentIndex();
    const auto session = m_selectedSession.isEmpty() ? std::nullopt : m_sessions->session(m_selectedSession);
    if (!session) {
        if (current.isValid() && current.data(SessionTreeModel::IsGroupRole).toBool())
            m_sessionHeader->setText(tr("Traffic of every session is shown. Select a session to see its conversations."));
        else if (!m_context.engine)
            m_sessionHeader->setText(tr("The engine is not running."));
        else if (!m_sessionsLoaded)
            m_sessionHeader->setText(tr("Loading sessions…"));
        else
            m_sessionHeader->setText(tr("Select a session to see its conversations and traffic."));
        return;
    }
    const QModelIndex row = m_sessions->indexOf(session->id);
    QStringList parts;
    parts << row.siblingAtColumn(SessionTreeModel::NameColumn).data().toString();
    parts << row.siblingAtColumn(SessionTreeModel::TransportColumn).data().toString();
    if (session->isOpen())
        parts << tr("live");
    else
        parts << tr("closed %1").arg(InspectorFormat::moment(*session->closedMs));
    parts << tr("opened %1").arg(InspectorFormat::moment(session->createdMs));
    parts << tr("last active %1").arg(InspectorFormat::moment(session->lastActiveMs));
    m_sessionHeader->setText(parts.join(u" · "_s)); // a list of facts: the separator needs no translation
    m_sessionHeader->setToolTip(tr("Session %1").arg(session->id));
}

void SessionInspector::updateTrafficStatus()
{
    if (!m_trafficStatus)
        return;
    if (!m_trafficLog) {
        m_trafficStatus->setText(tr("MCP endpoint off"));
        return;
    }
    QString text = tr("%1 of %2 messages")
                       .arg(InspectorFormat::count(m_trafficFilter->rowCount()), InspectorFormat::count(m_traffic->rowCount()));
    const qint64 dropped = m_traffic->dropped() + m_trafficLog->dropped();
    if (dropped > 0)
        text = tr("%1 (%n older dropped)", nullptr, int(qMin<qint64>(dropped, std::numeric_limits<int>::max()))).arg(text);
    m_trafficStatus->setText(text);
    m_trafficStatus->setToolTip(tr("Messages of the selected session that match the filter, of all messages kept (at most %1)")
                                    .arg(InspectorFormat::count(m_traffic->capacity())));
}

} // namespace Studio::Ui
