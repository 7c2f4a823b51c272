// SPDX-License-Identifier: MIT
#pragma once

#include "uicontext.h"

#include <QDockWidget>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;
class QTimer;
class QTreeView;

namespace Studio::Store {
struct SessionRow;
struct ModelCallRow;
}
namespace Studio::Conversation {
struct MessageEvent;
}

namespace Studio::Ui {

class ConversationListModel;
class ModelCallView;
class ModelCallsModel;
class SessionTreeModel;
class TrafficFilterModel;
class TrafficModel;

/** @brief The session inspector dock: a live tree of sessions (desktop, command line, MCP
 *  clients), and for the selected one its conversations with each model call's exact request,
 *  and its JSON-RPC traffic. Fed by the engine's queued signals and the endpoint's TrafficLog;
 *  every model is updated in batches on a timer and capped, so an open inspector never slows
 *  the endpoint. Engine answers come back through futures bound to this object: once the dock
 *  is destroyed, a late answer is dropped. Thread: the GUI thread. */
class SessionInspector final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionInspector)

public:
    explicit SessionInspector(const UiContext &context, QWidget *parent = nullptr);
    ~SessionInspector() override;

    /** Selects a session in the tree; false when the tree does not show it (yet). */
    bool selectSession(const QString &sessionId);
    QString selectedSessionId() const { return m_selectedSession; }
    /** The endpoint's traffic log; null when the endpoint is off. Not owned. */
    void setTrafficLog(Mcp::TrafficLog *log);

Q_SIGNALS:
    /** "Recalled memories" of a model call was asked for (the memory inspector shows them). */
    void recalledMemoriesRequested(qint64 modelCallId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslateUi();
    void connectEngine();
    void reloadSessions();
    void reloadPersonaNames();
    void reloadConversations();
    void reloadModelCalls();
    void handleSessionSelected(const QModelIndex &current);
    void handleConversationSelected(const QModelIndex &current);
    void handleModelCallSelected(const QModelIndex &current);
    void handleTrafficSelected(const QModelIndex &current);
    void handleSessionClosed(const QString &sessionId);
    void handleMessageAdded(const Conversation::MessageEvent &event);
    void handleModelCall(const Store::ModelCallRow &call);
    void handleTrafficAvailable();
    void takeTraffic();
    void updateSessionHeader();
    void updateTrafficStatus();

    UiContext m_context;
    QPointer<Mcp::TrafficLog> m_trafficLog;

    SessionTreeModel *m_sessions;
    ConversationListModel *m_conversations;
    ModelCallsModel *m_calls;
    TrafficModel *m_traffic;
    TrafficFilterModel *m_trafficFilter;

    QSplitter *m_splitter = nullptr;
    QTreeView *m_sessionView = nullptr;
    QLabel *m_sessionHeader = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_conversationView = nullptr;
    QTreeView *m_callView = nullptr;
    ModelCallView *m_callDetail = nullptr;
    QLineEdit *m_methodFilter = nullptr;
    QLabel *m_trafficStatus = nullptr;
    QTreeView *m_trafficView = nullptr;
    QPlainTextEdit *m_payloadView = nullptr;

    QTimer *m_trafficTimer;            // coalesces TrafficLog wake-ups into one batch per interval
    QTimer *m_conversationReloadTimer; // coalesces "a conversation we do not know yet" events

    QString m_selectedSession;       // empty: a group row or nothing
    qint64 m_selectedConversation = 0;
    quint64 m_sessionsTicket = 0;     // the newest request of each kind; older answers are dropped
    quint64 m_conversationsTicket = 0;
    quint64 m_callsTicket = 0;
    bool m_sessionsLoaded = false;
};

} // namespace Studio::Ui
