// SPDX-License-Identifier: MIT
// The main window, the persona sidebar and editor, the settings and connect dialogs, offscreen.
#include <chat/chattab.h>
#include <dialogs/connectdialog.h>
#include <dialogs/settingsdialog.h>
#include <engine/enginehost.h>
#include <mainwindow.h>
#include <personas/personaeditor.h>
#include <personas/personalistmodel.h>
#include <personas/personasidebar.h>

#include "fakeollama.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;

namespace {
template<typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10000))
        qFatal("an engine call did not finish");
    return future.result();
}
} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsStateInTheStatusBar();
    void opensOneTabPerPersona();
    void shortcutsCloseAndSwitchTabs();
    void personaModelIsSound();
    void enterInTheFilterOpensTheMatch();
    void editorValidatesAsYouType_data();
    void editorValidatesAsYouType();
    void editorCreatesAPersona();
    void settingsPersistAcrossRestart();
    void verifyChecksWhatIsTyped();
    void connectDialogGivesHostConfiguration();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Engine::EngineHost> m_host;
    Ui::UiContext m_context;
    std::unique_ptr<Ui::MainWindow> m_window;
};

void tst_MainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    Engine::Settings settings;
    settings.dbPath = m_dir->filePath(u"window.sqlite"_s);
    settings.ollamaUrl = m_fake->url();
    settings.model = u"llama3.1:8b"_s;
    m_host = std::make_unique<Engine::EngineHost>(settings);
    QVERIFY(await(m_host->start()));
    m_context.engine = m_host->client();
    m_context.desktopSessionId = await(m_host->client()->desktopSession())->id;
    m_context.settingsFile = m_dir->filePath(u"settings.ini"_s);
    m_window = std::make_unique<Ui::MainWindow>(m_context);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_host.reset();
    m_fake.reset();
    m_dir.reset();
}

void tst_MainWindow::showsStateInTheStatusBar()
{
    m_window->setEndpoint(QUrl(u"http://127.0.0.1:8000/mcp"_s), {});
    auto *endpoint = m_window->findChild<QLabel *>(u"endpointLabel"_s);
    auto *ollama = m_window->findChild<QLabel *>(u"ollamaLabel"_s);
    auto *clients = m_window->findChild<QLabel *>(u"clientsLabel"_s);
    QVERIFY(endpoint && ollama && clients);
    QCOMPARE(endpoint->text(), u"MCP: http://127.0.0.1:8000/mcp"_s);
    QTRY_COMPARE(ollama->text(), u"Ollama 0.6.2 · llama3.1:8b"_s);
    QTRY_COMPARE(clients->text(), u"0 MCP client(s)"_s);
    // An MCP client's session appears in the count.
    await(m_host->client()->openSession({u"mcp"_s, u"http"_s, u"claude-ai"_s, u"1.0"_s}));
    QTRY_COMPARE(clients->text(), u"1 MCP client(s)"_s);
}

void tst_MainWindow::opensOneTabPerPersona()
{
    QTabWidget *tabs = m_window->tabs();
    Ui::ChatTab *aria = m_window->openChat(u"aria"_s);
    Ui::ChatTab *kira = m_window->openChat(u"kira"_s);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(m_window->openChat(u"aria"_s), aria);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->currentWidget(), aria);
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(kira)), u"Kira"_s);
}

void tst_MainWindow::shortcutsCloseAndSwitchTabs()
{
    QTabWidget *tabs = m_window->tabs();
    m_window->openChat(u"aria"_s);
    m_window->openChat(u"kira"_s);
    QCOMPARE(tabs->currentIndex(), 1);
    QTest::keyClick(m_window.get(), Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 0);
    QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(tabs->count(), 1);
    QCOMPARE(qobject_cast<Ui::ChatTab *>(tabs->currentWidget())->personaId(), u"kira"_s);
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->objectName().isEmpty());
    QVERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
}

void tst_MainWindow::personaModelIsSound()
{
    Ui::PersonaListModel *model = m_window->sidebar()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0).data().toString(), u"Aria"_s);
    QCOMPARE(model->index(1).data(Ui::PersonaListModel::InitialRole).toString(), u"K"_s);
    await(m_host->client()->createPersona(QJsonObject{{u"name"_s, u"Zed"_s}}));
    QTRY_COMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(2).data(Ui::PersonaListModel::IdRole).toString(), u"zed"_s);
}

void tst_MainWindow::enterInTheFilterOpensTheMatch()
{
    QTRY_COMPARE(m_window->sidebar()->model()->rowCount(), 2);
    m_window->sidebar()->focusFilter();
    auto *filter = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(filter);
    QTest::keyClicks(filter, u"kir"_s);
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(m_window->tabs()->count(), 1);
    QCOMPARE(m_window->currentChat()->personaId(), u"kira"_s);
}

void tst_MainWindow::editorValidatesAsYouType_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("problem");
    QTest::newRow("fine") << u"Nova"_s << true << QString();
    QTest::newRow("empty") << u""_s << false << u"a persona needs a name"_s;
    QTest::newRow("spaces") << u" Nova"_s << false << u"must not start or end with spaces"_s;
    QTest::newRow("too long") << QString(70, u'n') << false << u"at most 64"_s;
}

void tst_MainWindow::editorValidatesAsYouType()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QFETCH(QString, problem);
    Ui::PersonaEditor editor(m_host->client(), Personas::Persona());
    auto *nameEdit = editor.findChildren<QLineEdit *>().constFirst();
    nameEdit->setText(name);
    auto *save = editor.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
    QCOMPARE(save->isEnabled(), valid);
    QVERIFY2(editor.problem().contains(problem), qPrintable(editor.problem()));
}

void tst_MainWindow::editorCreatesAPersona()
{
    Ui::PersonaEditor editor(m_host->client(), Personas::Persona());
    editor.findChildren<QLineEdit *>().at(0)->setText(u"Aria"_s);
    editor.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    // The engine refuses the taken name; the editor says so and stays open.
    QTRY_VERIFY(editor.problem().contains(u"already exists"_s));
    editor.findChildren<QLineEdit *>().at(0)->setText(u"Orin"_s);
    editor.findChildren<QLineEdit *>().at(1)->setText(u"A lighthouse keeper"_s);
    editor.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    QTRY_COMPARE(editor.result(), int(QDialog::Accepted));
    auto persona = await(m_host->client()->persona(u"orin"_s));
    QVERIFY(persona);
    QCOMPARE(persona->description, u"A lighthouse keeper"_s);
}

void tst_MainWindow::settingsPersistAcrossRestart()
{
    {
        Ui::SettingsDialog dialog(m_host->client(), m_context.settingsFile);
        QTRY_COMPARE(dialog.findChild<QLineEdit *>(u"ollamaUrl"_s)->text(), m_fake->url().toString());
        dialog.findChild<QComboBox *>(u"model"_s)->setCurrentText(u"qwen2.5:7b"_s);
        dialog.findChild<QLineEdit *>(u"listen"_s)->setText(u"127.0.0.1:8123"_s);
        auto *language = dialog.findChild<QComboBox *>(u"language"_s);
        language->setCurrentIndex(language->findData(u"de"_s));
        QVERIFY(dialog.save());
    }
    QSettings file(m_context.settingsFile, QSettings::IniFormat);
    QCOMPARE(file.value(u"llm/model"_s).toString(), u"qwen2.5:7b"_s);
    QCOMPARE(file.value(u"mcp/listen"_s).toString(), u"127.0.0.1:8123"_s);
    QCOMPARE(file.value(u"ui/language"_s).toString(), u"de"_s);
    // After a restart the effective settings come from that file.
    auto effective = Engine::resolveSettings(&file, QProcessEnvironment(), {});
    QVERIFY(effective);
    QCOMPARE(effective->settings.model, u"qwen2.5:7b"_s);
    QCOMPARE(effective->settings.mcpListen, u"127.0.0.1:8123"_s);
}

void tst_MainWindow::verifyChecksWhatIsTyped()
{
    Ui::SettingsDialog dialog(m_host->client(), m_context.settingsFile);
    QTRY_COMPARE(dialog.findChild<QLineEdit *>(u"ollamaUrl"_s)->text(), m_fake->url().toString());
    auto *url = dialog.findChild<QLineEdit *>(u"ollamaUrl"_s);
    auto *model = dialog.findChild<QComboBox *>(u"model"_s);
    auto *verify = dialog.findChild<QPushButton *>(u"verify"_s);
    auto *result = dialog.findChild<QLabel *>(u"verifyResult"_s);
    QVERIFY(url && model && verify && result);

    // A model the running Ollama has, typed but not saved.
    model->setCurrentText(u"nomic-embed-text"_s);
    verify->click();
    QTRY_VERIFY2(result->text().contains(u"has nomic-embed-text"_s), qPrintable(result->text()));
    // One it does not have: the advice names it.
    model->setCurrentText(u"qwen2.5:7b"_s);
    verify->click();
    QTRY_VERIFY2(result->text().contains(u"ollama pull qwen2.5:7b"_s), qPrintable(result->text()));
    // An address where nothing listens: the typed one is named, not the running one.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QString nowhere = u"http://127.0.0.1:%1"_s.arg(closed.serverPort());
    closed.close();
    url->setText(nowhere);
    verify->click();
    QTRY_VERIFY2(result->text().contains(u"not reachable at "_s + nowhere), qPrintable(result->text()));
    // Nothing was saved or applied by checking.
    QSettings file(m_context.settingsFile, QSettings::IniFormat);
    QVERIFY(file.value(u"llm/url"_s).toString() != nowhere);
    auto settings = await(m_host->client()->settings());
    QCOMPARE(settings.ollamaUrl, m_fake->url());
}

void tst_MainWindow::connectDialogGivesHostConfiguration()
{
    Ui::ConnectDialog dialog(QUrl(u"http://127.0.0.1:8000/mcp"_s), u"t0ken"_s, u"/usr/bin/persona-studio"_s);
    const QString claude = Ui::ConnectDialog::hostConfiguration(u"claude"_s, u"/usr/bin/persona-studio"_s, u"t0ken"_s);
    const QJsonObject server = QJsonDocument::fromJson(claude.toUtf8()).object().value("mcpServers"_L1).toObject()
                                   .value("persona-studio"_L1).toObject();
    QCOMPARE(server.value("command"_L1).toString(), u"/usr/bin/persona-studio"_s);
    QCOMPARE(server.value("args"_L1).toArray(), QJsonArray({u"--mcp-stdio"_s}));
    QCOMPARE(server.value("env"_L1).toObject().value("PERSONA_STUDIO_TOKEN"_L1).toString(), u"t0ken"_s);
    const QString vscode = Ui::ConnectDialog::hostConfiguration(u"vscode"_s, u"persona-studio"_s, {});
    QVERIFY(QJsonDocument::fromJson(vscode.toUtf8()).object().contains("servers"_L1));
    bool foundWs = false;
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        foundWs = foundWs || edit->text() == u"ws://127.0.0.1:8000/mcp"_s;
    QVERIFY(foundWs);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
