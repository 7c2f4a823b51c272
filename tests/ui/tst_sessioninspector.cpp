// SPDX-License-Identifier: MIT
// The session inspector against a real engine (on its own thread, temporary database), the
// in-test fake Ollama, a TrafficLog the test fills itself, and a real McpServer driven without
// sockets. Every model the dock creates has a QAbstractItemModelTester attached.
#include <inspector/conversationlistmodel.h>
#include <inspector/modelcallsmodel.h>
#include <inspector/modelcallview.h>
#include <inspector/sessioninspector.h>
#include <inspector/sessiontreemodel.h>
#include <inspector/trafficfiltermodel.h>
#include <inspector/trafficmodel.h>

#include <engine/enginehost.h>
#include <mcp/mcpserver.h>
#include <mcp/trafficlog.h>

#include "fakeollama.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThread>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Conversation;
using Studio::Ui::SessionInspector;
using Studio::Ui::SessionTreeModel;
using Studio::Ui::TrafficModel;

namespace {

constexpr auto kSummaryPreamble = "You keep the running summary"_L1;

/** Waits (with the event loop running) for a future's result. */
template<typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10000))
        qFatal("an engine call did not finish within 10 s");
    return future.result();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Mcp::TrafficEvent trafficEvent(const QString &sessionId, bool incoming, const QString &method, int id,
                               const QJsonObject &message = {})
{
    Mcp::TrafficEvent event;
    event.sessionId = sessionId;
    event.incoming = incoming;
    event.method = method;
    event.id = id;
    event.payload = message.isEmpty()
        ? compact(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}})
        : compact(message);
    event.bytes = event.payload.size();
    event.latencyMs = incoming ? -1 : 1.5;
    event.atMs = QDateTime::currentMSecsSinceEpoch();
    return event;
}

QString text(const QModelIndex &index, int column)
{
    return index.siblingAtColumn(column).data().toString();
}

void select(QTreeView *view, int row)
{
    view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

} // namespace

class tst_SessionInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsMcpSessionWithClientInfoThenClosed();
    void groupsSessionsByKind();
    void showsTheExactRequestOfAChatTurn();
    void separatesTheSummaryFromTheSystemPrompt();
    void showsTheSelectedSessionsTrafficFilteredByMethod();
    void showsARealMcpClientAndItsTraffic();
    void batchesAndCapsAFloodOfTraffic();
    void destroyedInspectorDropsLateAnswers();
    void everyControlHasAnAccessibleName();

private:
    void startEngine(const Engine::Settings &settings);
    Engine::Settings defaultSettings() const;
    SessionInspector *createInspector(const QString &desktopSessionId = {});
    Engine::EngineClient *client() const { return m_host->client(); }
    TurnOutcome chat(const QString &sessionId, const QString &message);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Engine::EngineHost> m_host;
    std::unique_ptr<Mcp::TrafficLog> m_log;
    std::unique_ptr<SessionInspector> m_inspector;
};

void tst_SessionInspector::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

Engine::Settings tst_SessionInspector::defaultSettings() const
{
    Engine::Settings settings;
    settings.dbPath = m_dir->filePath(u"inspector.sqlite"_s);
    settings.ollamaUrl = m_fake->url();
    settings.model = u"llama3.1:8b"_s;
    settings.llmRetries = 0;
    return settings;
}

void tst_SessionInspector::startEngine(const Engine::Settings &settings)
{
    m_inspector.reset();
    m_host.reset();
    m_host = std::make_unique<Engine::EngineHost>(settings);
    const auto started = await(m_host->start());
    QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
}

void tst_SessionInspector::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    m_log = std::make_unique<Mcp::TrafficLog>();
    startEngine(defaultSettings());
}

void tst_SessionInspector::cleanup()
{
    m_inspector.reset();
    m_host.reset();
    m_log.reset();
    m_fake.reset();
    m_dir.reset();
}

SessionInspector *tst_SessionInspector::createInspector(const QString &desktopSessionId)
{
    Ui::UiContext context;
    context.engine = client();
    context.traffic = m_log.get();
    context.desktopSessionId = desktopSessionId;
    m_inspector = std::make_unique<SessionInspector>(context);
    const auto models = m_inspector->findChildren<QAbstractItemModel *>();
    for (QAbstractItemModel *model : models)
        new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, m_inspector.get());
    m_inspector->resize(700, 900);
    m_inspector->show();
    return m_inspector.get();
}

TurnOutcome tst_SessionInspector::chat(const QString &sessionId, const QString &message)
{
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

void tst_SessionInspector::showsMcpSessionWithClientInfoThenClosed()
{
    SessionInspector *inspector = createInspector();
    QCOMPARE(inspector->objectName(), u"sessionInspector"_s);
    QCOMPARE(inspector->windowTitle(), u"Sessions"_s);
    auto *tree = inspector->findChild<SessionTreeModel *>(u"sessionTreeModel"_s);
    QVERIFY(tree);

    const auto session = await(client()->openSession(SessionOpen{u"mcp"_s, u"websocket"_s, u"Claude Desktop"_s, u"0.9.2"_s}));
    QVERIFY(session);
    QTRY_VERIFY(tree->indexOf(session->id).isValid());
    const QModelIndex row = tree->indexOf(session->id);
    QCOMPARE(row.parent().data().toString(), u"MCP clients"_s);
    QCOMPARE(text(row, SessionTreeModel::NameColumn), u"Claude Desktop 0.9.2"_s);
    QCOMPARE(text(row, SessionTreeModel::TransportColumn), u"WebSocket"_s);
    QCOMPARE(text(row, SessionTreeModel::StateColumn), u"Live"_s);
    QVERIFY(!text(row, SessionTreeModel::LastActiveColumn).isEmpty());
    QVERIFY(!row.data(Qt::ForegroundRole).isValid());
    QCOMPARE(text(row.parent(), SessionTreeModel::StateColumn), u"1 live"_s);

    QVERIFY(await(client()->closeSession(session->id)));
    QTRY_COMPARE(text(tree->indexOf(session->id), SessionTreeModel::StateColumn), u"Closed"_s);
    const QModelIndex closed = tree->indexOf(session->id);
    QCOMPARE(closed.data(SessionTreeModel::IsOpenRole).toBool(), false);
    QVERIFY(closed.data(Qt::ForegroundRole).isValid()); // greyed
    QCOMPARE(text(closed, SessionTreeModel::NameColumn), u"Claude Desktop 0.9.2"_s);
    QCOMPARE(text(closed.parent(), SessionTreeModel::StateColumn), u"0 live"_s);

    // A fresh inspector shows it closed from the engine's snapshot.
    inspector = createInspector();
    tree = inspector->findChild<SessionTreeModel *>(u"sessionTreeModel"_s);
    QTRY_VERIFY(tree->indexOf(session->id).isValid());
    QCOMPARE(text(tree->indexOf(session->id), SessionTreeModel::StateColumn), u"Closed"_s);
}

void tst_SessionInspector::groupsSessionsByKind()
{
    const auto desktop = await(client()->openSession(SessionOpen{u"desktop"_s, u"desktop"_s, u"persona-studio"_s, u"0.1.0"_s}));
    const auto cli = await(client()->cliSession());
    QVERIFY(desktop);
    QVERIFY(cli);
    SessionInspector *inspector = createInspector(desktop->id);
    auto *tree = inspector->findChild<SessionTreeModel *>(u"sessionTreeModel"_s);
    const auto http = await(client()->openSession(SessionOpen{u"mcp"_s, u"http"_s, u"Cursor"_s, u"1.2"_s}));
    QTRY_VERIFY(tree->indexOf(http->id).isValid());
    QCOMPARE(tree->indexOf(desktop->id).parent().row(), 0);
    QCOMPARE(tree->indexOf(cli->id).parent().row(), 1);
    QCOMPARE(tree->indexOf(cli->id).parent().data().toString(), u"Command line"_s);
    QCOMPARE(tree->indexOf(http->id).parent().row(), 2);
    QCOMPARE(text(tree->indexOf(http->id), SessionTreeModel::TransportColumn), u"Streamable HTTP"_s);
    QCOMPARE(text(tree->indexOf(desktop->id), SessionTreeModel::TransportColumn), u"in-process"_s);
    // The desktop's own session is selected from the start.
    QTRY_COMPARE(inspector->selectedSessionId(), desktop->id);
    auto *view = inspector->findChild<QTreeView *>(u"sessionTree"_s);
    QCOMPARE(view->currentIndex().data(SessionTreeModel::SessionIdRole).toString(), desktop->id);
    QVERIFY(view->isExpanded(tree->index(2, 0)));
}

void tst_SessionInspector::showsTheExactRequestOfAChatTurn()
{
    const auto session = await(client()->openSession(SessionOpen{u"desktop"_s, u"desktop"_s, u"persona-studio"_s, {}}));
    QVERIFY(session);
    SessionInspector *inspector = createInspector(session->id);
    QTRY_COMPARE(inspector->selectedSessionId(), session->id);

    chat(session->id, u"Hello Aria"_s);
    auto *conversations = inspector->findChild<Ui::ConversationListModel *>(u"conversationListModel"_s);
    auto *calls = inspector->findChild<Ui::ModelCallsModel *>(u"modelCallsModel"_s);
    QTRY_COMPARE(conversations->rowCount(), 1);
    QCOMPARE(conversations->index(0, Ui::ConversationListModel::PersonaColumn).data().toString(), u"Aria"_s);
    QTRY_COMPARE(calls->rowCount(), 1);
    QTRY_VERIFY(!calls->index(0, 0).data(Ui::ModelCallsModel::IsRunningRole).toBool());
    QCOMPARE(calls->index(0, Ui::ModelCallsModel::PurposeColumn).data().toString(), u"Chat"_s);
    QCOMPARE(calls->index(0, Ui::ModelCallsModel::ModelColumn).data().toString(), u"llama3.1:8b"_s);
    QCOMPARE(calls->index(0, Ui::ModelCallsModel::PromptTokensColumn).data().toString(), u"42"_s);
    QCOMPARE(calls->index(0, Ui::ModelCallsModel::CompletionTokensColumn).data().toString(), u"7"_s);
    QCOMPARE(calls->index(0, Ui::ModelCallsModel::ResultColumn).data().toString(), u"stop"_s);

    select(inspector->findChild<QTreeView *>(u"modelCallList"_s), 0);
    auto *detail = inspector->findChild<Ui::ModelCallView *>(u"modelCallDetail"_s);
    QVERIFY(detail->callId() != 0);

    // What the fake Ollama received is what the inspector shows, piece by piece.
    QCOMPARE(m_fake->chatRequests().size(), 1);
    const QJsonObject sent = m_fake->chatRequests().at(0);
    const QJsonArray messages = sent.value("messages"_L1).toArray();
    const Ui::ModelRequest &request = detail->request();
    QVERIFY(request.valid);
    QCOMPARE(request.systemMessage, messages.at(0).toObject().value("content"_L1).toString());
    QCOMPARE(request.systemPrompt, request.systemMessage); // no summary yet
    QVERIFY(request.summary.isEmpty());
    QVERIFY(request.systemPrompt.contains(u"Aria"_s));
    QCOMPARE(request.window.size(), messages.size() - 1);
    for (qsizetype i = 1; i < messages.size(); ++i) {
        QCOMPARE(request.window.at(i - 1).role, messages.at(i).toObject().value("role"_L1).toString());
        QCOMPARE(request.window.at(i - 1).content, messages.at(i).toObject().value("content"_L1).toString());
    }
    QCOMPARE(request.window.last().role, u"user"_s);
    QCOMPARE(request.window.last().content, u"Hello Aria"_s);
    QVERIFY(request.options.contains({u"num_ctx"_s, u"8192"_s}));
    QVERIFY(request.options.contains({u"model"_s, u"llama3.1:8b"_s}));

    const QString raw = inspector->findChild<QPlainTextEdit *>(u"modelRequestJson"_s)->toPlainText();
    QCOMPARE(QJsonDocument::fromJson(raw.toUtf8()).object(), sent);
    QVERIFY(raw.contains(u"\n    \"messages\""_s)); // indented
    const QString breakdown = inspector->findChild<QTextBrowser *>(u"modelRequestBreakdown"_s)->toPlainText();
    QVERIFY(breakdown.contains(u"System prompt"_s));
    QVERIFY(breakdown.contains(request.systemPrompt.section(u'\n', 0, 0)));
    QVERIFY(breakdown.contains(u"Window messages (1)"_s));
    QVERIFY(breakdown.contains(u"Hello Aria"_s));
    QVERIFY(breakdown.contains(u"num_ctx"_s));
    const QString stats = inspector->findChild<QLabel *>(u"modelCallStats"_s)->text();
    QVERIFY2(stats.contains(u"42 prompt + 7 completion tokens"_s), qPrintable(stats));
    QVERIFY2(stats.contains(u"done: stop"_s), qPrintable(stats));
}

void tst_SessionInspector::separatesTheSummaryFromTheSystemPrompt()
{
    Engine::Settings settings = defaultSettings();
    settings.windowMessages = 2; // the second turn pushes the first out of the window
    startEngine(settings);
    FakeOllama::ChatScript script;
    script.replyFor = [](const QJsonObject &request) -> QStringList {
        const QString system = request.value("messages"_L1).toArray().at(0).toObject().value("content"_L1).toString();
        if (system.startsWith(kSummaryPreamble))
            return {u"The user greeted Aria twice."_s};
        return {u"Hello"_s, u" there!"_s};
    };
    m_fake->setDefaultChatScript(script);
    const auto session = await(client()->openSession(SessionOpen{u"desktop"_s, u"desktop"_s, u"persona-studio"_s, {}}));
    SessionInspector *inspector = createInspector(session->id);
    QTRY_COMPARE(inspector->selectedSessionId(), session->id);

    chat(session->id, u"One"_s);
    chat(session->id, u"Two"_s);
    QVERIFY(await(client()->whenIdle()));
    chat(session->id, u"Three"_s);
    QVERIFY(await(client()->whenIdle()));

    auto *calls = inspector->findChild<Ui::ModelCallsModel *>(u"modelCallsModel"_s);
    int summaries = 0;
    int lastChat = -1;
    QTRY_VERIFY(calls->rowCount() >= 4);
    for (int row = 0; row < calls->rowCount(); ++row) {
        const QString purpose = calls->index(row, Ui::ModelCallsModel::PurposeColumn).data().toString();
        summaries += purpose == "Summary"_L1;
        if (purpose == "Chat"_L1)
            lastChat = row;
    }
    QVERIFY(summaries >= 1);
    QCOMPARE(lastChat, calls->rowCount() - 1 - (summaries - 1)); // every turn after the second folds

    select(inspector->findChild<QTreeView *>(u"modelCallList"_s), lastChat);
    const Ui::ModelRequest &request = inspector->findChild<Ui::ModelCallView *>(u"modelCallDetail"_s)->request();
    QCOMPARE(request.summary, u"The user greeted Aria twice."_s);
    QVERIFY(!request.systemPrompt.contains(u"Summary of the conversation"_s));
    QVERIFY(request.systemMessage.startsWith(request.systemPrompt));
    QVERIFY(request.systemMessage.endsWith(request.summary));
    QCOMPARE(request.window.size(), 2);
    QCOMPARE(request.window.last().content, u"Three"_s);

    QJsonObject sentChat;
    for (const QJsonObject &sent : m_fake->chatRequests()) {
        if (!sent.value("messages"_L1).toArray().at(0).toObject().value("content"_L1).toString().startsWith(kSummaryPreamble))
            sentChat = sent;
    }
    const QString raw = inspector->findChild<QPlainTextEdit *>(u"modelRequestJson"_s)->toPlainText();
    QCOMPARE(QJsonDocument::fromJson(raw.toUtf8()).object(), sentChat);
}

void tst_SessionInspector::showsTheSelectedSessionsTrafficFilteredByMethod()
{
    const auto a = await(client()->openSession(SessionOpen{u"mcp"_s, u"websocket"_s, u"client-a"_s, u"1"_s}));
    const auto b = await(client()->openSession(SessionOpen{u"mcp"_s, u"http"_s, u"client-b"_s, u"2"_s}));
    SessionInspector *inspector = createInspector();
    auto *tree = inspector->findChild<SessionTreeModel *>(u"sessionTreeModel"_s);
    QTRY_VERIFY(tree->indexOf(a->id).isValid() && tree->indexOf(b->id).isValid());

    const QJsonObject listResult{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, 2},
                                 {u"result"_s, QJsonObject{{u"tools"_s, QJsonArray{QJsonObject{{u"name"_s, u"chat"_s}}}}}}};
    m_log->append(trafficEvent(a->id, true, u"initialize"_s, 1));
    m_log->append(trafficEvent(a->id, false, u"initialize"_s, 1));
    m_log->append(trafficEvent(b->id, true, u"ping"_s, 7));
    m_log->append(trafficEvent(a->id, true, u"tools/list"_s, 2));
    m_log->append(trafficEvent(a->id, false, u"tools/list"_s, 2, listResult));
    m_log->append(trafficEvent(b->id, false, u"ping"_s, 7));
    m_log->append(trafficEvent(a->id, true, u"tools/call"_s, 3));
    m_log->append(trafficEvent(a->id, false, u"tools/call"_s, 3));

    auto *filter = inspector->findChild<Ui::TrafficFilterModel *>(u"trafficFilterModel"_s);
    QVERIFY(inspector->selectSession(a->id));
    QTRY_COMPARE(filter->rowCount(), 6);
    for (int row = 0; row < filter->rowCount(); ++row)
        QCOMPARE(filter->index(row, 0).data(TrafficModel::SessionIdRole).toString(), a->id);
    QCOMPARE(filter->index(0, TrafficModel::DirectionColumn).data().toString(), u"→"_s);
    QCOMPARE(filter->index(1, TrafficModel::DirectionColumn).data().toString(), u"←"_s);
    QCOMPARE(filter->index(3, TrafficModel::MethodColumn).data().toString(), u"tools/list"_s);
    QCOMPARE(filter->index(3, TrafficModel::IdColumn).data().toString(), u"2"_s);
    QCOMPARE(filter->index(3, TrafficModel::LatencyColumn).data().toString(), u"1.5 ms"_s);
    QVERIFY(filter->index(3, TrafficModel::SizeColumn).data().toString().endsWith(u"bytes"_s));

    // Selecting a row shows the message indented.
    auto *table = inspector->findChild<QTreeView *>(u"trafficTable"_s);
    auto *payload = inspector->findChild<QPlainTextEdit *>(u"trafficPayload"_s);
    select(table, 3);
    QCOMPARE(payload->toPlainText(), QString::fromUtf8(QJsonDocument(listResult).toJson(QJsonDocument::Indented)));

    // Filter by method, case-insensitively.
    auto *edit = inspector->findChild<QLineEdit *>(u"trafficMethodFilter"_s);
    QTest::keyClicks(edit, u"TOOLS/C"_s);
    QCOMPARE(filter->rowCount(), 2);
    QCOMPARE(filter->index(0, TrafficModel::MethodColumn).data().toString(), u"tools/call"_s);
    edit->clear();
    QCOMPARE(filter->rowCount(), 6);

    // Another session shows only its own; the group row shows everyone's.
    QVERIFY(inspector->selectSession(b->id));
    QCOMPARE(filter->rowCount(), 2);
    auto *view = inspector->findChild<QTreeView *>(u"sessionTree"_s);
    view->setCurrentIndex(tree->index(2, 0));
    QCOMPARE(filter->rowCount(), 8);
}

void tst_SessionInspector::showsARealMcpClientAndItsTraffic()
{
    Mcp::McpServer server(client(), Mcp::ServerOptions{});
    server.setTrafficLog(m_log.get());
    SessionInspector *inspector = createInspector();
    auto *tree = inspector->findChild<SessionTreeModel *>(u"sessionTreeModel"_s);

    QList<QJsonObject> received;
    auto *mcp = server.createSession(Mcp::TransportInfo{u"websocket"_s, u"127.0.0.1:1"_s, {}, {}});
    connect(mcp, &Mcp::McpSession::outgoing, this,
            [&received](const QByteArray &message, const QJsonValue &) { received.append(QJsonDocument::fromJson(message).object()); });
    auto awaitReply = [&received](int id) {
        return QTest::qWaitFor([&] {
            for (const QJsonObject &message : std::as_const(received)) {
                if (message.value("id"_L1) == QJsonValue(id) && !message.contains("method"_L1))
                    return true;
            }
            return false;
        }, 10000);
    };
    mcp->receive(compact(QJsonObject{
        {u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, 0}, {u"method"_s, u"initialize"_s},
        {u"params"_s, QJsonObject{{u"protocolVersion"_s, u"2025-06-18"_s}, {u"capabilities"_s, QJsonObject()},
                                  {u"clientInfo"_s, QJsonObject{{u"name"_s, u"harness"_s}, {u"version"_s, u"9.9"_s}}}}}}));
    QVERIFY(awaitReply(0));
    mcp->receive(compact(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, u"notifications/initialized"_s}}));
    QTRY_VERIFY(!mcp->sessionId().isEmpty());
    const QString sessionId = mcp->sessionId();

    QTRY_VERIFY(tree->indexOf(sessionId).isValid());
    QTRY_COMPARE(text(tree->indexOf(sessionId), SessionTreeModel::NameColumn), u"harness 9.9"_s);
    QCOMPARE(text(tree->indexOf(sessionId), SessionTreeModel::TransportColumn), u"WebSocket"_s);
    QCOMPARE(text(tree->indexOf(sessionId), SessionTreeModel::StateColumn), u"Live"_s);

    mcp->receive(compact(QJsonObject{{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, 3}, {u"method"_s, u"tools/call"_s},
                                     {u"params"_s, QJsonObject{{u"name"_s, u"list_personas"_s}, {u"arguments"_s, QJsonObject()}}}}));
    QVERIFY(awaitReply(3));

    QVERIFY(inspector->selectSession(sessionId));
    auto *filter = inspector->findChild<Ui::TrafficFilterModel *>(u"trafficFilterModel"_s);
    auto *edit = inspector->findChild<QLineEdit *>(u"trafficMethodFilter"_s);
    edit->setText(u"tools/call"_s);
    QTRY_COMPARE(filter->rowCount(), 2);
    QCOMPARE(filter->index(0, TrafficModel::DirectionColumn).data().toString(), u"→"_s);
    QCOMPARE(filter->index(0, TrafficModel::IdColumn).data().toString(), u"3"_s);
    QCOMPARE(filter->index(1, TrafficModel::DirectionColumn).data().toString(), u"←"_s);
    QVERIFY(!filter->index(1, TrafficModel::LatencyColumn).data().toString().isEmpty());
    select(inspector->findChild<QTreeView *>(u"trafficTable"_s), 1);
    const QString payload = inspector->findChild<QPlainTextEdit *>(u"trafficPayload"_s)->toPlainText();
    QVERIFY(payload.contains(u"Aria"_s));
    QVERIFY(payload.startsWith(u"{\n    \""_s)); // pretty
    edit->clear();
    auto *traffic = inspector->findChild<TrafficModel *>(u"trafficModel"_s);
    QStringList methods;
    for (int row = 0; row < filter->rowCount(); ++row)
        methods << filter->index(row, TrafficModel::MethodColumn).data().toString();
    QVERIFY2(methods.contains(u"initialize"_s), qPrintable(methods.join(u", "_s))); // at least its reply
    QVERIFY(methods.contains(u"notifications/initialized"_s));
    QVERIFY(filter->rowCount() <= traffic->rowCount());

    mcp->close();
    delete mcp;
    QTRY_COMPARE(text(tree->indexOf(sessionId), SessionTreeModel::StateColumn), u"Closed"_s);
}

void tst_SessionInspector::batchesAndCapsAFloodOfTraffic()
{
    SessionInspector *inspector = createInspector();
    auto *traffic = inspector->findChild<TrafficModel *>(u"trafficModel"_s);
    QSignalSpy inserts(traffic, &QAbstractItemModel::rowsInserted);
    QSignalSpy removals(traffic, &QAbstractItemModel::rowsRemoved);
    QSignalSpy resets(traffic, &QAbstractItemModel::modelReset);
    int largest = 0;
    connect(traffic, &QAbstractItemModel::rowsInserted, this, [&] { largest = qMax(largest, traffic->rowCount()); });

    constexpr int kEvents = 10000;
    Mcp::TrafficLog *log = m_log.get();
    // Written from another thread, as the MCP thread would, spread over about half a second
    // (20 events a millisecond) so that the inspector takes several batches while it runs.
    std::unique_ptr<QThread> writer(QThread::create([log] {
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < kEvents; ++i) {
            while (clock.elapsed() < i / 20)
                QThread::yieldCurrentThread();
            log->append(trafficEvent(u"flood"_s, i % 2 == 0, i % 4 < 2 ? u"tools/call"_s : u"ping"_s, i));
        }
    }));
    writer->start();
    QTRY_VERIFY(writer->isFinished());
    QTRY_VERIFY(traffic->rowCount() > 0 && traffic->event(traffic->rowCount() - 1).id.toInt() == kEvents - 1);

    QCOMPARE(traffic->rowCount(), int(TrafficModel::kDefaultCapacity));
    QCOMPARE(traffic->event(0).id.toInt(), kEvents - int(TrafficModel::kDefaultCapacity));
    QVERIFY(largest <= TrafficModel::kDefaultCapacity);
    const qsizetype batches = inserts.count() + resets.count();
    qInfo("10000 events arrived in %lld inserts, %lld resets, %lld removals", qlonglong(inserts.count()),
          qlonglong(resets.count()), qlonglong(removals.count()));
    QVERIFY2(batches < 100, qPrintable(u"%1 batches"_s.arg(batches)));
    QCOMPARE(traffic->dropped(), qint64(kEvents) - TrafficModel::kDefaultCapacity);
    QCOMPARE(m_log->size(), 0);
}

void tst_SessionInspector::destroyedInspectorDropsLateAnswers()
{
    const auto session = await(client()->openSession(SessionOpen{u"desktop"_s, u"desktop"_s, u"persona-studio"_s, {}}));
    chat(session->id, u"Hello"_s);
    for (int i = 0; i < 10; ++i) {
        // Each asks the engine for sessions, personas (and the desktop session's detail) at once.
        Ui::UiContext context{client(), m_log.get(), session->id, {}};
        auto *inspector = new SessionInspector(context);
        if (i % 2)
            QCoreApplication::processEvents(); // some answers are on their way, some not yet asked
        delete inspector;
    }
    // Every earlier call is answered before this one; their continuations must go nowhere.
    QVERIFY(await(client()->sessions(false)));
    QVERIFY(await(client()->listPersonas()));
    QCoreApplication::processEvents();
    m_log->append(trafficEvent(session->id, true, u"ping"_s, 1));
    QCoreApplication::processEvents();
}

void tst_SessionInspector::everyControlHasAnAccessibleName()
{
    SessionInspector *inspector = createInspector();
    const auto widgets = inspector->findChildren<QWidget *>();
    int checked = 0;
    for (QWidget *widget : widgets) {
        const bool control = (qobject_cast<QAbstractItemView *>(widget) && !qobject_cast<QHeaderView *>(widget))
            || qobject_cast<QLineEdit *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
            || qobject_cast<QTextEdit *>(widget) || qobject_cast<QTabWidget *>(widget);
        if (!control)
            continue;
        ++checked;
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
    QCOMPARE(checked, 10);
}

QTEST_MAIN(tst_SessionInspector)
#include "tst_sessioninspector.moc"
