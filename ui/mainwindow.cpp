// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "chat/chattab.h"
#include "dialogs/connectdialog.h"
#include "dialogs/ollamaadvice.h"
#include "dialogs/settingsdialog.h"
#include "inspector/sessioninspector.h"
#include "memory/memoryinspector.h"
#include "personas/personasidebar.h"

#include <engine/engineclient.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QGridLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

QIcon applicationIcon()
{
    QIcon icon;
    for (int size : {16, 22, 32, 48, 64, 128, 256}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal s = size;
        QPainterPath bubble;
        bubble.addRoundedRect(QRectF(s * 0.06, s * 0.08, s * 0.88, s * 0.68), s * 0.18, s * 0.18);
        QPainterPath tail;
        tail.moveTo(s * 0.26, s * 0.70);
        tail.lineTo(s * 0.20, s * 0.94);
        tail.lineTo(s * 0.46, s * 0.72);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x4a, 0x5f, 0xc1));
        painter.drawPath(bubble.united(tail));
        painter.setBrush(QColor(0xf5, 0xc5, 0x42));
        painter.drawEllipse(QRectF(s * 0.22, s * 0.28, s * 0.22, s * 0.22));
        painter.setBrush(QColor(0x6f, 0xd3, 0xa0));
        painter.drawEllipse(QRectF(s * 0.56, s * 0.28, s * 0.22, s * 0.22));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

MainWindow::MainWindow(const UiContext &context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
    , m_tabs(new QTabWidget(this))
    , m_sidebar(new PersonaSidebar(context.engine, this))
    , m_inspector(new SessionInspector(context, this))
    , m_memoryInspector(new MemoryInspector(context, this))
    , m_endpointLabel(new QLabel(this))
    , m_clientsLabel(new QLabel(this))
    , m_ollamaLabel(new QLabel(this))
    , m_emptyHint(new QLabel(this))
    , m_clientCountTimer(new QTimer(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(applicationIcon());
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setObjectName(u"chatTabs"_s);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setObjectName(u"emptyHint"_s);
    auto *central = new QWidget(this);
    auto *stack = new QGridLayout(central);
    stack->setContentsMargins(0, 0, 0, 0);
    stack->addWidget(m_tabs, 0, 0);
    stack->addWidget(m_emptyHint, 0, 0);
    setCentralWidget(central);
    auto updateEmpty = [this] {
        m_emptyHint->setVisible(m_tabs->count() == 0);
        m_tabs->setVisible(m_tabs->count() > 0);
    };
    connect(m_tabs, &QTabWidget::currentChanged, this, updateEmpty);
    updateEmpty();

    auto *personasDock = new QDockWidget(this);
    personasDock->setObjectName(u"personasDock"_s);
    personasDock->setWidget(m_sidebar);
    personasDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, personasDock);
    addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, m_memoryInspector);
    tabifyDockWidget(m_inspector, m_memoryInspector);
    m_inspector->raise();
    connect(m_inspector, &SessionInspector::recalledMemoriesRequested, m_memoryInspector, &MemoryInspector::showRecall);
    connect(m_memoryInspector, &MemoryInspector::errorOccurred, this, &MainWindow::showError);
    connect(m_sidebar, &PersonaSidebar::chatRequested, this, &MainWindow::openChat);
    connect(m_sidebar, &PersonaSidebar::errorOccurred, this, &MainWindow::showError);

    m_endpointLabel->setObjectName(u"endpointLabel"_s);
    m_endpointLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clientsLabel->setObjectName(u"clientsLabel"_s);
    m_ollamaLabel->setObjectName(u"ollamaLabel"_s);
    statusBar()->addPermanentWidget(m_ollamaLabel);
    statusBar()->addPermanentWidget(m_clientsLabel);
    statusBar()->addPermanentWidget(m_endpointLabel);

    // The client count follows session events, coalesced: a burst of connections costs one query.
    m_clientCountTimer->setSingleShot(true);
    m_clientCountTimer->setInterval(250);
    connect(m_clientCountTimer, &QTimer::timeout, this, &MainWindow::refreshClientCount);
    const Engine::Engine *events = context.engine->engine();
    for (auto signal : {&Engine::Engine::sessionOpened, &Engine::Engine::sessionChanged})
        connect(events, signal, m_clientCountTimer, qOverload<>(&QTimer::start));
    connect(events, &Engine::Engine::sessionClosed, m_clientCountTimer, qOverload<>(&QTimer::start));
    connect(events, &Engine::Engine::serverReportChanged, this, &MainWindow::updateOllamaState);

    createActions();
    createTray();
    retranslate();
    resize(1200, 760);
    resizeDocks({personasDock, m_inspector}, {260, 400}, Qt::Horizontal);
    refreshClientCount();
    context.engine->checkServer();
    personasDock->setWindowTitle(tr("Personas"));
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    auto add = [this](QMenu *menu, const QKeySequence &shortcut, auto slot) {
        auto *action = new QAction(this);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        menu->addAction(action);
        addAction(action); // shortcuts work while the menu bar is hidden too
        m_actions.append(action);
        return action;
    };
    QMenu *file = menuBar()->addMenu(QString());
    QMenu *chat = menuBar()->addMenu(QString());
    QMenu *view = menuBar()->addMenu(QString());
    QMenu *help = menuBar()->addMenu(QString());
    file->setObjectName(u"fileMenu"_s);
    chat->setObjectName(u"chatMenu"_s);
    view->setObjectName(u"viewMenu"_s);
    help->setObjectName(u"helpMenu"_s);

    add(file, QKeySequence(Qt::CTRL | Qt::Key_N), [this] {
        const QString id = m_sidebar->currentPersonaId();
        if (!id.isEmpty())
            openChat(id);
    })->setObjectName(u"newChat"_s);
    add(file, QKeySequence(Qt::CTRL | Qt::Key_W), [this] {
        if (m_tabs->count() > 0)
            closeTab(m_tabs->currentIndex());
    })->setObjectName(u"closeTab"_s);
    add(file, QKeySequence(Qt::CTRL | Qt::Key_Comma), &MainWindow::showSettings)->setObjectName(u"settings"_s);
    file->addSeparator();
    add(file, QKeySequence(Qt::CTRL | Qt::Key_Q), &MainWindow::quit)->setObjectName(u"quit"_s);

    add(chat, QKeySequence(Qt::Key_Escape), [this] {
        if (ChatTab *tab = currentChat())
            tab->stop();
    })->setObjectName(u"stop"_s);
    add(chat, QKeySequence(Qt::CTRL | Qt::Key_R), [this] {
        if (ChatTab *tab = currentChat())
            tab->regenerate();
    })->setObjectName(u"regenerate"_s);
    add(chat, QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
        if (ChatTab *tab = currentChat())
            tab->editLast();
    })->setObjectName(u"editLast"_s);
    add(chat, QKeySequence(Qt::CTRL | Qt::Key_K), [this] { m_sidebar->focusFilter(); })->setObjectName(u"filter"_s);
    add(chat, QKeySequence(Qt::CTRL | Qt::Key_Tab), [this] {
        if (m_tabs->count() > 1)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
    })->setObjectName(u"nextTab"_s);
    add(chat, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), [this] {
        if (m_tabs->count() > 1)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    })->setObjectName(u"previousTab"_s);
    add(chat, QKeySequence(), [this] {
        if (ChatTab *tab = currentChat())
            tab->exportConversation(u"md"_s);
    })->setObjectName(u"exportMarkdown"_s);

    QAction *inspector = m_inspector->toggleViewAction();
    view->addAction(inspector);
    view->addAction(m_memoryInspector->toggleViewAction());
    add(help, QKeySequence(), &MainWindow::showConnectDialog)->setObjectName(u"connect"_s);
    add(help, QKeySequence(), [this] {
        QMessageBox::about(this, tr("About Persona Studio"),
                           tr("<b>Persona Studio %1</b><br>Chat with AI personas on a local LLM, served over the "
                              "Model Context Protocol.")
                               .arg(QStringLiteral(PERSONA_STUDIO_VERSION)));
    })->setObjectName(u"about"_s);
}

void MainWindow::createTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(applicationIcon(), this);
    auto *menu = new QMenu(this);
    QAction *show = menu->addAction(tr("Show Persona Studio"));
    QAction *status = menu->addAction(QString());
    status->setEnabled(false);
    status->setObjectName(u"trayStatus"_s);
    menu->addSeparator();
    QAction *quit = menu->addAction(tr("Quit"));
    connect(show, &QAction::triggered, this, &MainWindow::bringToFront);
    connect(quit, &QAction::triggered, this, &MainWindow::quit);
    connect(menu, &QMenu::aboutToShow, this, [this, status] {
        status->setText(m_clientsLabel->text() + u" · "_s + m_ollamaLabel->text());
    });
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            isVisible() ? hide() : bringToFront();
    });
    m_tray->setContextMenu(menu);
    m_tray->setToolTip(tr("Persona Studio"));
    m_tray->show();
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Persona Studio"));
    m_emptyHint->setText(tr("Choose a persona on the left and press Enter (or Ctrl+N) to start a chat."));
    const QStringList menus = {tr("&File"), tr("&Chat"), tr("&View"), tr("&Help")};
    const auto menuActions = menuBar()->actions();
    for (int i = 0; i < menuActions.size() && i < menus.size(); ++i)
        menuActions.at(i)->setText(menus.at(i));
    const QHash<QString, QString> texts = {
        {u"newChat"_s, tr("&New chat")},
        {u"closeTab"_s, tr("&Close tab")},
        {u"settings"_s, tr("&Settings…")},
        {u"quit"_s, tr("&Quit")},
        {u"stop"_s, tr("&Stop the reply")},
        {u"regenerate"_s, tr("&Regenerate the last reply")},
        {u"editLast"_s, tr("&Edit and resend the last message")},
        {u"filter"_s, tr("&Find a persona")},
        {u"nextTab"_s, tr("Next tab")},
        {u"previousTab"_s, tr("Previous tab")},
        {u"exportMarkdown"_s, tr("E&xport as Markdown…")},
        {u"connect"_s, tr("&Connect a client…")},
        {u"about"_s, tr("&About Persona Studio")},
    };
    for (QAction *action : std::as_const(m_actions))
        action->setText(texts.value(action->objectName(), action->text()));
    setEndpoint(m_endpoint, m_token);
    refreshClientCount();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setEndpoint(const QUrl &url, const QString &token)
{
    m_endpoint = url;
    m_token = token;
    m_endpointLabel->setText(url.isValid() ? tr("MCP: %1").arg(url.toString()) : tr("MCP: off"));
    m_endpointLabel->setToolTip(url.isValid() ? tr("The MCP endpoint; Help > Connect a client shows how to use it")
                                              : QString());
}

void MainWindow::refreshClientCount()
{
    m_context.engine->sessions(true).then(this, [this](const Result<QList<Store::SessionRow>> &sessions) {
        int clients = 0;
        if (sessions) {
            for (const Store::SessionRow &session : *sessions)
                clients += session.kind == u"mcp"_s ? 1 : 0;
        }
        m_clientsLabel->setText(tr("%n MCP client(s)", nullptr, clients));
    });
}

void MainWindow::updateOllamaState(const Llm::ServerReport &report)
{
    if (!report.reachable)
        m_ollamaLabel->setText(tr("Ollama: not reachable"));
    else if (!report.modelPresent)
        m_ollamaLabel->setText(tr("Ollama %1: %2 missing").arg(report.version, report.model));
    else
        m_ollamaLabel->setText(tr("Ollama %1 · %2").arg(report.version, report.model));
    m_ollamaLabel->setToolTip(OllamaAdvice::text(report));
}

ChatTab *MainWindow::openChat(const QString &personaId)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<ChatTab *>(m_tabs->widget(i));
        if (tab && tab->personaId() == personaId) {
            m_tabs->setCurrentIndex(i);
            tab->input()->setFocus();
            return tab;
        }
    }
    auto *tab = new ChatTab(m_context.engine, m_context.desktopSessionId, personaId, m_tabs);
    connect(tab, &ChatTab::titleChanged, this, [this, tab](const QString &title) {
        const int at = m_tabs->indexOf(tab);
        if (at >= 0)
            m_tabs->setTabText(at, title);
    });
    // The name may already be known: a finished future runs its continuation at once.
    const int index = m_tabs->addTab(tab, tab->personaName());
    m_tabs->setCurrentIndex(index);
    tab->input()->setFocus();
    return tab;
}

ChatTab *MainWindow::currentChat() const
{
    return qobject_cast<ChatTab *>(m_tabs->currentWidget());
}

void MainWindow::closeTab(int index)
{
    QWidget *tab = m_tabs->widget(index);
    m_tabs->removeTab(index);
    delete tab; // a reply still streaming is stopped and kept
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_context.engine, m_context.settingsFile, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::settingsSaved, this, &MainWindow::settingsSaved);
    dialog->open();
}

void MainWindow::showConnectDialog()
{
    auto *dialog = new ConnectDialog(m_endpoint, m_token, QCoreApplication::applicationFilePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, 10000);
}

bool MainWindow::closesToTray() const
{
    return m_tray && m_tray->isVisible();
}

void MainWindow::bringToFront()
{
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void MainWindow::quit()
{
    m_quitting = true;
    Q_EMIT quitRequested();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_quitting || !closesToTray()) {
        event->accept();
        if (!m_quitting)
            quit();
        return;
    }
    // The endpoint keeps serving clients: closing the window only hides it.
    event->ignore();
    hide();
    QSettings settings(m_context.settingsFile, QSettings::IniFormat);
    if (!settings.value(u"ui/tray_notice_shown"_s).toBool()) {
        m_tray->showMessage(tr("Persona Studio is still running"),
                            tr("It keeps serving MCP clients in the tray. Choose Quit in the tray menu to stop it."));
        settings.setValue(u"ui/tray_notice_shown"_s, true);
    }
}

} // namespace Studio::Ui
