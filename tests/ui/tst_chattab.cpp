// SPDX-License-Identifier: MIT
// A chat tab against a real engine thread and the in-test fake Ollama, offscreen.
#include <chat/chattab.h>
#include <chat/chatview.h>
#include <engine/enginehost.h>

#include "fakeollama.h"

#include <functional>

#include <conversation/turnchannel.h>

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QPushButton>
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

QString lastUserMessage(const QJsonObject &request)
{
    const QJsonArray messages = request.value("messages"_L1).toArray();
    return messages.last().toObject().value("content"_L1).toString();
}

} // namespace

class tst_ChatTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void enterSendsAndTheReplyStreams();
    void shiftEnterAddsALine();
    void stopAbortsTheModelRequest();
    void aQueuedReplySaysHowManyAreAhead();
    void aReplyAtTheLengthLimitIsKeptAndMarked();
    void regenerateAnswersAgain();
    void editAndResendReplacesTheMessage();
    void unreachableOllamaSaysWhatToDo();
    void exportsMarkdownAndJson();
    void greetsWhenTheConversationIsEmpty();

private:
    Ui::ChatTab *makeTab(const QString &persona = u"aria"_s);
    bool waitIdle(Ui::ChatTab *tab);
    /** (Re)starts the engine on the fake with a database file of the temp dir; settings adjusted by tweak. */
    bool startEngine(const QString &databaseFile, const std::function<void(Engine::Settings &)> &tweak = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Engine::EngineHost> m_host;
    QString m_session;
    std::unique_ptr<Ui::ChatTab> m_tab;
};

void tst_ChatTab::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    FakeOllama::ChatScript echo;
    echo.replyFor = [](const QJsonObject &request) {
        return QStringList{u"You said: "_s, u"**"_s + lastUserMessage(request) + u"**"_s};
    };
    m_fake->setDefaultChatScript(echo);
    QVERIFY(startEngine(u"ui.sqlite"_s));
}

bool tst_ChatTab::startEngine(const QString &databaseFile, const std::function<void(Engine::Settings &)> &tweak)
{
    m_host.reset();
    Engine::Settings settings;
    settings.dbPath = m_dir->filePath(databaseFile);
    settings.ollamaUrl = m_fake->url();
    settings.model = u"llama3.1:8b"_s;
    settings.llmRetries = 0;
    if (tweak)
        tweak(settings);
    m_host = std::make_unique<Engine::EngineHost>(settings);
    if (!await(m_host->start()))
        return false;
    auto session = await(m_host->client()->desktopSession());
    if (!session)
        return false;
    m_session = session->id;
    return true;
}

void tst_ChatTab::cleanup()
{
    m_tab.reset();
    m_host.reset();
    m_fake.reset();
    m_dir.reset();
}

Ui::ChatTab *tst_ChatTab::makeTab(const QString &persona)
{
    m_tab = std::make_unique<Ui::ChatTab>(m_host->client(), m_session, persona);
    m_tab->resize(800, 600);
    m_tab->show();
    return m_tab.get();
}

bool tst_ChatTab::waitIdle(Ui::ChatTab *tab)
{
    return QTest::qWaitFor([tab] { return !tab->isReplying(); }, 10000);
}

void tst_ChatTab::enterSendsAndTheReplyStreams()
{
    Ui::ChatTab *tab = makeTab();
    QTRY_COMPARE(tab->personaName(), u"Aria"_s);
    QTest::keyClicks(tab->input(), u"Hello there"_s);
    QTest::keyClick(tab->input(), Qt::Key_Return);
    QVERIFY(tab->input()->toPlainText().isEmpty());
    QVERIFY(tab->isReplying());
    QVERIFY(waitIdle(tab));
    Ui::ChatView *view = tab->view();
    QCOMPARE(view->messageText(view->messageCount() - 2), u"Hello there"_s);
    QCOMPARE(view->messageText(view->messageCount() - 1), u"You said: **Hello there**"_s);
    // The reply is rendered as Markdown: the bold part is bold, the asterisks are gone.
    QVERIFY(!view->toPlainText().contains(u"**Hello there**"_s));
    QVERIFY(view->toPlainText().contains(u"You said: Hello there"_s));
    QVERIFY(view->toPlainText().contains(u"42 + 7 tokens"_s));
    QCOMPARE(lastUserMessage(m_fake->chatRequests().last()), u"Hello there"_s);
}

void tst_ChatTab::shiftEnterAddsALine()
{
    Ui::ChatTab *tab = makeTab();
    QTest::keyClicks(tab->input(), u"line one"_s);
    QTest::keyClick(tab->input(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(tab->input(), u"line two"_s);
    QCOMPARE(tab->input()->toPlainText(), u"line one\nline two"_s);
    QVERIFY(!tab->isReplying());
    QCOMPARE(m_fake->chatRequests().size(), 0);
}

void tst_ChatTab::stopAbortsTheModelRequest()
{
    FakeOllama::ChatScript slow;
    slow.chunks = {u"Once "_s, u"upon "_s, u"a "_s, u"time "_s, u"in "_s, u"the "_s, u"woods"_s};
    slow.chunkDelayMs = 150;
    m_fake->enqueueChatScript(slow);
    Ui::ChatTab *tab = makeTab();
    tab->input()->setPlainText(u"Tell me a story"_s);
    tab->send();
    QTRY_VERIFY(tab->view()->streamedText().startsWith(u"Once"_s));
    tab->stop();
    QTRY_COMPARE(m_fake->cancelledStreams(), 1);
    QVERIFY(waitIdle(tab));
    QVERIFY(tab->view()->toPlainText().contains(u"stopped"_s));
    auto page = await(m_host->client()->history(m_session, u"aria"_s, 0, 10));
    QVERIFY(page);
    QCOMPARE(page->total, 2);
    QVERIFY(page->messages.at(1).cutOff);
}

void tst_ChatTab::aQueuedReplySaysHowManyAreAhead()
{
    // An MCP client's long reply holds the model; the tab's turn waits behind it.
    FakeOllama::ChatScript slow;
    slow.chunks = {u"One "_s, u"two "_s, u"three "_s, u"four"_s};
    slow.chunkDelayMs = 150;
    m_fake->enqueueChatScript(slow);
    auto other = await(m_host->client()->openSession(Conversation::SessionOpen{u"mcp"_s, u"http"_s, u"c"_s, u"1"_s}));
    QVERIFY(other);
    auto channel = Conversation::TurnChannel::create();
    QSignalSpy otherDone(channel.get(), &Conversation::TurnChannel::finished);
    Conversation::TurnRequest busy;
    busy.sessionId = other->id;
    busy.persona = u"kira"_s;
    busy.message = u"Count"_s;
    m_host->client()->chat(busy, channel);
    QTRY_COMPARE(m_fake->chatRequests().size(), 1);

    Ui::ChatTab *tab = makeTab();
    auto *status = tab->findChild<QLabel *>(u"chatStatus"_s);
    QVERIFY(status);
    tab->input()->setPlainText(u"My turn"_s);
    tab->send();
    QTRY_COMPARE(status->text(), u"Waiting for the model: next in line"_s);
    QVERIFY(waitIdle(tab));
    QCOMPARE(status->text(), QString()); // its turn came, and the wait note went with the reply
    QCOMPARE(tab->view()->messageText(tab->view()->messageCount() - 1), u"You said: **My turn**"_s);
    QTRY_COMPARE(otherDone.size(), 1);
}

void tst_ChatTab::aReplyAtTheLengthLimitIsKeptAndMarked()
{
    QVERIFY(startEngine(u"limit.sqlite"_s, [](Engine::Settings &settings) { settings.maxReplyChars = 1000; }));
    FakeOllama::ChatScript endless;
    endless.chunks = {QString(100, u'z')};
    endless.endless = true;
    m_fake->enqueueChatScript(endless);

    Ui::ChatTab *tab = makeTab();
    auto *status = tab->findChild<QLabel *>(u"chatStatus"_s);
    tab->input()->setPlainText(u"Go on forever"_s);
    tab->send();
    QVERIFY(waitIdle(tab));
    QCOMPARE(status->text(), u"The reply reached the length limit and was cut off"_s);
    QCOMPARE(tab->view()->messageText(tab->view()->messageCount() - 1), QString(1000, u'z'));
    QTRY_COMPARE(m_fake->cancelledStreams(), 1);
    auto page = await(m_host->client()->history(m_session, u"aria"_s, 0, 10));
    QVERIFY(page);
    QCOMPARE(page->messages.size(), 2);
    QVERIFY(page->messages.at(1).cutOff);
    QCOMPARE(page->messages.at(1).doneReason, u"length"_s);
}

void tst_ChatTab::regenerateAnswersAgain()
{
    Ui::ChatTab *tab = makeTab();
    tab->input()->setPlainText(u"Sing"_s);
    tab->send();
    QVERIFY(waitIdle(tab));
    tab->regenerate();
    QVERIFY(tab->isReplying());
    QVERIFY(waitIdle(tab));
    QCOMPARE(m_fake->chatRequests().size(), 2);
    QCOMPARE(lastUserMessage(m_fake->chatRequests().at(1)), u"Sing"_s);
    auto page = await(m_host->client()->history(m_session, u"aria"_s, 0, 10));
    QCOMPARE(page->total, 2); // one question, one (new) answer
    QTRY_COMPARE(tab->view()->messageCount(), 2);
}

void tst_ChatTab::editAndResendReplacesTheMessage()
{
    Ui::ChatTab *tab = makeTab(u"kira"_s);
    tab->input()->setPlainText(u"What is teh answer?"_s);
    tab->send();
    QVERIFY(waitIdle(tab));
    tab->editLast();
    QTRY_COMPARE(tab->input()->toPlainText(), u"What is teh answer?"_s);
    tab->input()->setPlainText(u"What is the answer?"_s);
    tab->send();
    QVERIFY(waitIdle(tab));
    auto page = await(m_host->client()->history(m_session, u"kira"_s, 0, 10));
    QCOMPARE(page->total, 2);
    QCOMPARE(page->messages.at(0).content, u"What is the answer?"_s);
    QCOMPARE(page->messages.at(1).content, u"You said: **What is the answer?**"_s);
    QTRY_VERIFY(!tab->view()->toPlainText().contains(u"teh"_s));
}

void tst_ChatTab::unreachableOllamaSaysWhatToDo()
{
    Ui::ChatTab *tab = makeTab();
    m_fake->close();
    tab->input()->setPlainText(u"Anyone?"_s);
    tab->send();
    QVERIFY(waitIdle(tab));
    const QString text = tab->view()->toPlainText();
    QVERIFY2(text.contains(u"ollama serve"_s), qPrintable(text));
    QVERIFY(text.contains(u"Retry"_s));
}

void tst_ChatTab::exportsMarkdownAndJson()
{
    Ui::ChatTab *tab = makeTab();
    tab->input()->setPlainText(u"Export me"_s);
    tab->send();
    QVERIFY(waitIdle(tab));
    const QString markdown = m_dir->filePath(u"out.md"_s);
    const QString json = m_dir->filePath(u"out.json"_s);
    tab->exportConversation(u"md"_s, markdown);
    tab->exportConversation(u"json"_s, json);
    QTRY_VERIFY(QFile::exists(markdown) && QFile::exists(json));
    QFile md(markdown);
    QVERIFY(md.open(QIODevice::ReadOnly));
    const QString mdText = QString::fromUtf8(md.readAll());
    QVERIFY(mdText.startsWith(u"# Conversation with Aria"_s));
    QVERIFY(mdText.contains(u"Export me"_s));
    QFile js(json);
    QVERIFY(js.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(js.readAll()).object();
    QCOMPARE(root.value("persona_id"_L1).toString(), u"aria"_s);
    QCOMPARE(root.value("messages"_L1).toArray().size(), 2);
}

void tst_ChatTab::greetsWhenTheConversationIsEmpty()
{
    Ui::ChatTab *tab = makeTab();
    QTRY_VERIFY(tab->view()->toPlainText().contains(u"Well met, traveller!"_s));
    QCOMPARE(m_fake->chatRequests().size(), 0); // the greeting is the persona's own, not the model's
}

QTEST_MAIN(tst_ChatTab)
#include "tst_chattab.moc"
