// SPDX-License-Identifier: MIT
#include <conversation/conversationservice.h>
#include <conversation/sessionservice.h>
#include <engine/engine.h>
#include <engine/enginehost.h>
#include <persona/personaregistry.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Conversation;

class tst_SessionService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void opensWithDefaultPersonaAndClient();
    void sessionIdsDiffer();
    void refusesUnknownKind();
    void expiresIdleSessionsWithInjectedClock();
    void sweepIntervalClosesOnItsOwn();
    void resumeReopensWithItsState();
    void resumeUnknownIsNotFound();
    void cliSessionIsReused();
    void activePersonaFallsBackWhenDeleted();
    void listAndDetail();

private:
    std::unique_ptr<Engine::Engine> makeEngine();

    std::unique_ptr<QTemporaryDir> m_dir;
    QDateTime m_now;
    std::unique_ptr<Engine::Engine> m_engine;
};

std::unique_ptr<Engine::Engine> tst_SessionService::makeEngine()
{
    Engine::Settings settings;
    settings.dbPath = m_dir->filePath(u"sessions.sqlite"_s);
    settings.ollamaUrl = QUrl(u"http://127.0.0.1:9"_s);
    settings.model = u"llama3.1:8b"_s;
    settings.sessionTimeoutHours = 24;
    auto engine = std::make_unique<Engine::Engine>(settings, Clock([this] { return m_now; }));
    auto started = engine->start();
    if (!started)
        qWarning() << started.error().message;
    return engine;
}

void tst_SessionService::init()
{
    Engine::registerEngineMetaTypes();
    m_dir = std::make_unique<QTemporaryDir>();
    m_now = QDateTime(QDate(2026, 1, 1), QTime(12, 0), QTimeZone::utc());
    m_engine = makeEngine();
    QVERIFY(m_engine->isStarted());
}

void tst_SessionService::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_SessionService::sessionIdsDiffer()
{
    QSet<QString> ids;
    for (int i = 0; i < 50; ++i) {
        auto session = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"http"_s, u"c"_s, u"1"_s});
        QVERIFY(session);
        ids.insert(session->id);
    }
    QCOMPARE(ids.size(), 50);
}

void tst_SessionService::opensWithDefaultPersonaAndClient()
{
    QSignalSpy opened(&m_engine->sessions(), &SessionService::sessionOpened);
    auto session = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"http"_s, u"claude-ai"_s, u"0.1.0"_s});
    QVERIFY(session);
    // 128 random bits, base64url without padding: a secret of its creator.
    QCOMPARE(session->id.size(), 22);
    QVERIFY(QRegularExpression(u"^[A-Za-z0-9_-]{22}$"_s).match(session->id).hasMatch());

    QCOMPARE(session->kind, u"mcp"_s);
    QCOMPARE(session->transport, u"http"_s);
    QCOMPARE(session->clientName, u"claude-ai"_s);
    QCOMPARE(session->clientVersion, u"0.1.0"_s);
    QCOMPARE(session->activePersonaId, u"aria"_s); // the first built-in
    QCOMPARE(session->createdMs, m_now.toMSecsSinceEpoch());
    QVERIFY(session->isOpen());
    QCOMPARE(opened.count(), 1);
    auto stored = m_engine->sessions().get(session->id);
    QVERIFY(stored);
    QCOMPARE(stored->clientName, u"claude-ai"_s);
}

void tst_SessionService::refusesUnknownKind()
{
    auto session = m_engine->sessions().open(SessionOpen{u"browser"_s, {}, {}, {}});
    QVERIFY(!session);
    QCOMPARE(session.error().code, ErrorCode::InvalidArgument);
}

void tst_SessionService::expiresIdleSessionsWithInjectedClock()
{
    auto idle = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"websocket"_s, u"a"_s, {}});
    auto busy = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"websocket"_s, u"b"_s, {}});
    QVERIFY(idle && busy);
    m_now = m_now.addSecs(23 * 3600);
    QVERIFY(m_engine->sessions().touch(busy->id));
    m_now = m_now.addSecs(2 * 3600); // idle: 25 h; busy: 2 h

    QSignalSpy closed(&m_engine->sessions(), &SessionService::sessionClosed);
    auto swept = m_engine->sessions().sweepIdle();
    QVERIFY(swept);
    QCOMPARE(*swept, 1);
    QCOMPARE(closed.count(), 1);
    QCOMPARE(closed.at(0).at(0).toString(), idle->id);
    QVERIFY(!m_engine->sessions().get(idle->id)->isOpen());
    QCOMPARE(m_engine->sessions().get(idle->id)->closedMs.value_or(0), m_now.toMSecsSinceEpoch());
    QVERIFY(m_engine->sessions().get(busy->id)->isOpen());

    // A second sweep finds nothing new; the closed session's history stays.
    QCOMPARE(*m_engine->sessions().sweepIdle(), 0);
    auto all = m_engine->sessions().list(false);
    QVERIFY(all);
    QCOMPARE(all->size(), 2);
}

void tst_SessionService::sweepIntervalClosesOnItsOwn()
{
    auto session = m_engine->sessions().open(SessionOpen{u"desktop"_s, {}, {}, {}});
    QVERIFY(session);
    m_now = m_now.addDays(2);
    QSignalSpy closed(&m_engine->sessions(), &SessionService::sessionClosed);
    m_engine->sessions().startSweeping(10);
    QVERIFY(closed.wait(5000));
    QCOMPARE(closed.at(0).at(0).toString(), session->id);
}

void tst_SessionService::resumeReopensWithItsState()
{
    auto session = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"websocket"_s, u"script"_s, {}});
    QVERIFY(session);
    QVERIFY(m_engine->sessions().setActivePersona(session->id, u"KIRA"_s));
    QVERIFY(*m_engine->sessions().close(session->id));
    QVERIFY(!*m_engine->sessions().close(session->id)); // closing twice changes nothing

    m_engine = makeEngine(); // as after a restart
    m_now = m_now.addSecs(60);
    auto resumed = m_engine->sessions().resume(session->id);
    QVERIFY(resumed);
    QVERIFY(resumed->isOpen());
    QCOMPARE(resumed->activePersonaId, u"kira"_s);
    QCOMPARE(resumed->lastActiveMs, m_now.toMSecsSinceEpoch());
    auto persona = m_engine->sessions().activePersona(session->id);
    QVERIFY(persona);
    QCOMPARE(persona->name, u"Kira"_s);
}

void tst_SessionService::resumeUnknownIsNotFound()
{
    auto resumed = m_engine->sessions().resume(u"00000000-0000-0000-0000-000000000000"_s);
    QVERIFY(!resumed);
    QCOMPARE(resumed.error().code, ErrorCode::NotFound);
    QVERIFY(resumed.error().message.contains(u"00000000-0000-0000-0000-000000000000"_s));
}

void tst_SessionService::cliSessionIsReused()
{
    auto first = m_engine->sessions().cliSession();
    QVERIFY(first);
    QCOMPARE(first->kind, u"cli"_s);
    auto again = m_engine->sessions().cliSession();
    QVERIFY(again);
    QCOMPARE(again->id, first->id);
    QVERIFY(*m_engine->sessions().close(first->id));
    auto fresh = m_engine->sessions().cliSession();
    QVERIFY(fresh);
    QVERIFY(fresh->id != first->id);
}

void tst_SessionService::activePersonaFallsBackWhenDeleted()
{
    auto created = m_engine->personas().create(QJsonObject{{u"name"_s, u"Zed"_s}});
    QVERIFY(created);
    auto session = m_engine->sessions().open(SessionOpen{u"cli"_s, {}, {}, {}});
    QVERIFY(m_engine->sessions().setActivePersona(session->id, u"zed"_s));
    QCOMPARE(m_engine->sessions().activePersona(session->id)->id, u"zed"_s);
    QVERIFY(m_engine->personas().remove(u"zed"_s));
    QCOMPARE(m_engine->sessions().activePersona(session->id)->id, u"aria"_s);
    auto unknown = m_engine->sessions().setActivePersona(session->id, u"nobody"_s);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
}

void tst_SessionService::listAndDetail()
{
    auto a = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"http"_s, u"a"_s, {}});
    m_now = m_now.addSecs(10);
    auto b = m_engine->sessions().open(SessionOpen{u"mcp"_s, u"http"_s, u"b"_s, {}});
    QVERIFY(*m_engine->sessions().close(a->id));
    auto open = m_engine->sessions().list(true);
    QCOMPARE(open->size(), 1);
    QCOMPARE(open->at(0).id, b->id);
    auto all = m_engine->sessions().list(false);
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).id, b->id); // newest activity first
    auto conversation = m_engine->conversations().liveOrCreate(b->id, u"aria"_s, false);
    QVERIFY(conversation);
    auto detail = m_engine->sessions().detail(b->id);
    QVERIFY(detail);
    QCOMPARE(detail->conversations.size(), 1);
    QCOMPARE(detail->conversations.at(0).personaId, u"aria"_s);
}

QTEST_GUILESS_MAIN(tst_SessionService)
#include "tst_sessionservice.moc"
