// SPDX-License-Identifier: MIT
#pragma once

#include "uicontext.h"

#include <llm/chattypes.h>

#include <QMainWindow>
#include <QUrl>

class QLabel;
class QSystemTrayIcon;
class QTabWidget;
class QTimer;

namespace Studio::Ui {

class ChatTab;
class MemoryInspector;
class PersonaSidebar;
class SessionInspector;

/** @brief The main window: personas on the left, a chat tab per open conversation, the session
 *  inspector, a status bar with the MCP address, connected clients and Ollama's state, and a
 *  tray icon that keeps the app (and its endpoint) running when the window is closed.
 *  Thread: GUI; it only draws and calls the engine's service API. */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const UiContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    /** The MCP endpoint's URL (invalid when off) and token, for the status bar and Connect dialog. */
    void setEndpoint(const QUrl &url, const QString &token);
    /** Opens (or focuses) the chat tab of a persona. */
    ChatTab *openChat(const QString &personaId);
    ChatTab *currentChat() const;
    QTabWidget *tabs() const { return m_tabs; }
    PersonaSidebar *sidebar() const { return m_sidebar; }
    SessionInspector *inspector() const { return m_inspector; }
    MemoryInspector *memoryInspector() const { return m_memoryInspector; }
    /** Whether closing the window hides it to the tray (false when there is no tray). */
    bool closesToTray() const;
    void bringToFront();
    /** Really quits: the tray's Quit, and File > Quit. */
    void quit();

Q_SIGNALS:
    void settingsSaved();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createTray();
    void retranslate();
    void showSettings();
    void showConnectDialog();
    void updateOllamaState(const Llm::ServerReport &report);
    void refreshClientCount();
    void closeTab(int index);
    void showError(const QString &message);

    UiContext m_context;
    QTabWidget *m_tabs;
    PersonaSidebar *m_sidebar;
    SessionInspector *m_inspector;
    MemoryInspector *m_memoryInspector;
    QLabel *m_endpointLabel;
    QLabel *m_clientsLabel;
    QLabel *m_ollamaLabel;
    QLabel *m_emptyHint;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_clientCountTimer;
    QUrl m_endpoint;
    QString m_token;
    bool m_quitting = false;
    QList<QAction *> m_actions;
};

/** The app icon, painted (no image plugin needed). */
QIcon applicationIcon();

} // namespace Studio::Ui
