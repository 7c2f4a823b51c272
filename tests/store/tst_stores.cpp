// SPDX-License-Identifier: MIT
#include <store/conversationstore.h>
#include <store/database.h>
#include <store/personastore.h>
#include <store/sessionstore.h>

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Store;

namespace {

template<typename T>
QString messageOf(const Result<T> &result)
{
    return result ? QString() : result.error().message;
}

QString optionalText(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : u"null"_s;
}

/** Every field in one line, so a QCOMPARE failure shows what differs. */
QString describe(const SessionRow &r)
{
    return QStringList{r.id, r.kind, r.transport, r.clientName, r.clientVersion, QString::number(r.createdMs),
                       QString::number(r.lastActiveMs), r.activePersonaId, optionalText(r.closedMs)}
        .join(u'|');
}

QString describe(const ConversationRow &r)
{
    return QStringList{QString::number(r.id), r.sessionId, r.personaId, r.summary, QString::number(r.summarizedThrough),
                       QString::number(r.createdMs), QString::number(r.updatedMs), optionalText(r.archivedMs)}
        .join(u'|');
}

QString describe(const MessageRow &r)
{
    return QStringList{QString::number(r.id), QString::number(r.conversationId), r.role, r.content,
                       QString::number(r.createdMs), QString::number(r.promptTokens),
                       QString::number(r.completionTokens), r.model, QString::number(r.totalMs),
                       QString::number(r.firstTokenMs), r.doneReason, r.cutOff ? u"cut"_s : u"whole"_s}
        .join(u'|');
}

QString describe(const ModelCallRow &r)
{
    return QStringList{QString::number(r.id), QString::number(r.conversationId), optionalText(r.messageId), r.purpose,
                       r.model, r.digest, QString::fromUtf8(r.request), QString::number(r.startedMs),
                       QString::number(r.firstTokenMs), QString::number(r.durationMs),
                       QString::number(r.promptTokens), QString::number(r.completionTokens), r.doneReason, r.error}
        .join(u'|');
}

QString describe(const PersonaRow &r)
{
    return QStringList{r.id, r.name, QString::fromUtf8(r.definition), QString::number(r.createdMs),
                       QString::number(r.updatedMs)}
        .join(u'|');
}

QStringList contentsOf(const QList<MessageRow> &rows)
{
    QStringList contents;
    for (const MessageRow &row : rows)
        contents.append(row.content);
    return contents;
}

QStringList idsOf(const QList<SessionRow> &rows)
{
    QStringList ids;
    for (const SessionRow &row : rows)
        ids.append(row.id);
    return ids;
}

SessionRow session(const QString &id, const QString &kind, qint64 lastActiveMs)
{
    SessionRow row;
    row.id = id;
    row.kind = kind;
    row.createdMs = lastActiveMs - 1000;
    row.lastActiveMs = lastActiveMs;
    return row;
}

constexpr qint64 kT0 = 1'700'000'000'000;

} // namespace

class tst_Stores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // SessionStore
    void sessionInsertAndFind();
    void sessionFindUnknownIsEmpty();
    void sessionDuplicateIdFails();
    void sessionListFiltersAndOrders();
    void sessionTouchAndSetActivePersona();
    void sessionSetClient();
    void sessionCloseAndReopen();
    void sessionCloseIdleBeforeReturnsExactlyTheIdleIds();

    // ConversationStore
    void conversationCreateAndLive();
    void conversationOneLivePerSessionAndPersona();
    void conversationArchiveAllowsANewLiveOne();
    void conversationForPersona();
    void messageRoundTrip();
    void lastMessagesNewestNOldestFirst_data();
    void lastMessagesNewestNOldestFirst();
    void messagesBetweenBounds_data();
    void messagesBetweenBounds();
    void pageByOffset_data();
    void pageByOffset();
    void messageCounts();
    void setSummary();
    void modelCallRoundTrip();
    void modelCallsNewestNOldestFirst();

    // PersonaStore
    void personaSaveAndAll();
    void personaUpsertKeepsCreated();
    void personaRemove();
    void personaDuplicateNameFails_data();
    void personaDuplicateNameFails();

private:
    /** Adds one session "s1" and a conversation in it with `n` messages "m1".."mn". */
    void addConversationWithMessages(int n);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    qint64 m_conversationId = 0;
    QList<qint64> m_messageIds;
};

void tst_Stores::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto db = Database::open(m_dir->filePath(u"stores.sqlite"_s));
    QVERIFY2(db, qPrintable(messageOf(db)));
    m_db = std::move(*db);
    m_conversationId = 0;
    m_messageIds.clear();
}

void tst_Stores::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void tst_Stores::addConversationWithMessages(int n)
{
    SessionStore sessions(*m_db);
    QVERIFY(sessions.insert(session(u"s1"_s, u"desktop"_s, kT0)));
    ConversationStore store(*m_db);
    auto conversation = store.create(u"s1"_s, u"aria"_s, kT0);
    QVERIFY2(conversation, qPrintable(messageOf(conversation)));
    m_conversationId = conversation->id;
    for (int i = 1; i <= n; ++i) {
        MessageRow message;
        message.conversationId = m_conversationId;
        message.role = i % 2 == 1 ? u"user"_s : u"assistant"_s;
        message.content = u"m%1"_s.arg(i);
        message.createdMs = kT0 + i;
        auto added = store.addMessage(message);
        QVERIFY2(added, qPrintable(messageOf(added)));
        m_messageIds.append(added->id);
    }
}

// --- SessionStore ---------------------------------------------------------------------------

void tst_Stores::sessionInsertAndFind()
{
    SessionStore store(*m_db);
    SessionRow row;
    row.id = u"6f1c2d3e-0000-4000-8000-000000000001"_s;
    row.kind = u"mcp"_s;
    row.transport = u"websocket"_s;
    row.clientName = u"Claude Desktop"_s;
    row.clientVersion = u"0.9.1"_s;
    row.createdMs = kT0;
    row.lastActiveMs = kT0 + 5;
    row.activePersonaId = u"kira"_s;
    QVERIFY2(store.insert(row), "insert");

    auto found = store.find(row.id);
    QVERIFY2(found, qPrintable(messageOf(found)));
    QVERIFY(found->has_value());
    QCOMPARE(describe(**found), describe(row));
    QVERIFY((*found)->isOpen());

    SessionRow closed = session(u"closed"_s, u"cli"_s, kT0);
    closed.closedMs = kT0 + 99;
    QVERIFY(store.insert(closed));
    auto foundClosed = store.find(u"closed"_s);
    QVERIFY2(foundClosed, qPrintable(messageOf(foundClosed)));
    QVERIFY(foundClosed->has_value());
    QCOMPARE(describe(**foundClosed), describe(closed));
    QVERIFY(!(*foundClosed)->isOpen());
}

void tst_Stores::sessionFindUnknownIsEmpty()
{
    SessionStore store(*m_db);
    auto found = store.find(u"nope"_s);
    QVERIFY2(found, qPrintable(messageOf(found)));
    QVERIFY(!found->has_value());
}

void tst_Stores::sessionDuplicateIdFails()
{
    SessionStore store(*m_db);
    QVERIFY(store.insert(session(u"same"_s, u"cli"_s, kT0)));
    auto again = store.insert(session(u"same"_s, u"mcp"_s, kT0 + 1));
    QVERIFY(!again);
    QCOMPARE(errorCodeName(again.error().code), errorCodeName(ErrorCode::Storage));
    auto found = store.find(u"same"_s);
    QVERIFY(found && found->has_value());
    QCOMPARE((*found)->kind, u"cli"_s);
}

void tst_Stores::sessionListFiltersAndOrders()
{
    SessionStore store(*m_db);
    QVERIFY(store.insert(session(u"a"_s, u"desktop"_s, kT0 + 10)));
    QVERIFY(store.insert(session(u"b"_s, u"mcp"_s, kT0 + 30)));
    QVERIFY(store.insert(session(u"c"_s, u"mcp"_s, kT0 + 20)));
    SessionRow closed = session(u"d"_s, u"mcp"_s, kT0 + 40);
    closed.closedMs = kT0 + 41;
    QVERIFY(store.insert(closed));

    auto all = store.list(false);
    QVERIFY2(all, qPrintable(messageOf(all)));
    QCOMPARE(idsOf(*all), (QStringList{u"d"_s, u"b"_s, u"c"_s, u"a"_s}));

    auto open = store.list(true);
    QVERIFY2(open, qPrintable(messageOf(open)));
    QCOMPARE(idsOf(*open), (QStringList{u"b"_s, u"c"_s, u"a"_s}));

    auto mcp = store.list(false, u"mcp"_s);
    QVERIFY2(mcp, qPrintable(messageOf(mcp)));
    QCOMPARE(idsOf(*mcp), (QStringList{u"d"_s, u"b"_s, u"c"_s}));

    auto openMcp = store.list(true, u"mcp"_s);
    QVERIFY2(openMcp, qPrintable(messageOf(openMcp)));
    QCOMPARE(idsOf(*openMcp), (QStringList{u"b"_s, u"c"_s}));

    auto desktop = store.list(true, u"desktop"_s);
    QVERIFY2(desktop, qPrintable(messageOf(desktop)));
    QCOMPARE(idsOf(*desktop), QStringList{u"a"_s});

    auto none = store.list(false, u"stdio"_s);
    QVERIFY2(none, qPrintable(messageOf(none)));
    QVERIFY(none->isEmpty());

    auto limited = store.list(false, QString(), 2);
    QVERIFY2(limited, qPrintable(messageOf(limited)));
    QCOMPARE(idsOf(*limited), (QStringList{u"d"_s, u"b"_s}));
}

void tst_Stores::sessionTouchAndSetActivePersona()
{
    SessionStore store(*m_db);
    QVERIFY(store.insert(session(u"s"_s, u"desktop"_s, kT0)));
    QVERIFY(store.touch(u"s"_s, kT0 + 100));
    auto touched = store.find(u"s"_s);
    QVERIFY(touched && touched->has_value());
    QCOMPARE((*touched)->lastActiveMs, kT0 + 100);
    QCOMPARE((*touched)->createdMs, kT0 - 1000);
    QCOMPARE((*touched)->activePersonaId, QString(u""_s));

    QVERIFY(store.setActivePersona(u"s"_s, u"kira"_s, kT0 + 200));
    auto switched = store.find(u"s"_s);
    QVERIFY(switched && switched->has_value());
    QCOMPARE((*switched)->activePersonaId, u"kira"_s);
    QCOMPARE((*switched)->lastActiveMs, kT0 + 200);
}

void tst_Stores::sessionSetClient()
{
    SessionStore store(*m_db);
    QVERIFY(store.insert(session(u"s"_s, u"mcp"_s, kT0)));
    QVERIFY(store.setClient(u"s"_s, u"Inspector"_s, u"2.0"_s, u"http"_s));
    auto found = store.find(u"s"_s);
    QVERIFY(found && found->has_value());
    QCOMPARE((*found)->clientName, u"Inspector"_s);
    QCOMPARE((*found)->clientVersion, u"2.0"_s);
    QCOMPARE((*found)->transport, u"http"_s);
}

void tst_Stores::sessionCloseAndReopen()
{
    SessionStore store(*m_db);
    QVERIFY(store.insert(session(u"s"_s, u"mcp"_s, kT0)));

    auto closed = store.close(u"s"_s, kT0 + 50);
    QVERIFY2(closed, qPrintable(messageOf(closed)));
    QCOMPARE(*closed, true);
    auto found = store.find(u"s"_s);
    QVERIFY(found && found->has_value());
    QCOMPARE(optionalText((*found)->closedMs), QString::number(kT0 + 50));

    // Closing again changes nothing and says so.
    auto again = store.close(u"s"_s, kT0 + 60);
    QVERIFY2(again, qPrintable(messageOf(again)));
    QCOMPARE(*again, false);
    found = store.find(u"s"_s);
    QCOMPARE(optionalText((*found)->closedMs), QString::number(kT0 + 50));

    auto unknown = store.close(u"nope"_s, kT0);
    QVERIFY2(unknown, qPrintable(messageOf(unknown)));
    QCOMPARE(*unknown, false);

    QVERIFY(store.reopen(u"s"_s, kT0 + 70));
    found = store.find(u"s"_s);
    QVERIFY(found && found->has_value());
    QVERIFY((*found)->isOpen());
    QCOMPARE((*found)->lastActiveMs, kT0 + 70);
}

void tst_Stores::sessionCloseIdleBeforeReturnsExactlyTheIdleIds()
{
    SessionStore store(*m_db);
    QVERIFY(store.insert(session(u"idle-1"_s, u"mcp"_s, kT0 + 100)));
    QVERIFY(store.insert(session(u"idle-2"_s, u"cli"_s, kT0 + 200)));
    QVERIFY(store.insert(session(u"at-cutoff"_s, u"mcp"_s, kT0 + 500)));
    QVERIFY(store.insert(session(u"active"_s, u"desktop"_s, kT0 + 900)));
    SessionRow alreadyClosed = session(u"already-closed"_s, u"mcp"_s, kT0 + 50);
    alreadyClosed.closedMs = kT0 + 60;
    QVERIFY(store.insert(alreadyClosed));

    auto ids = store.closeIdleBefore(kT0 + 500, kT0 + 1000);
    QVERIFY2(ids, qPrintable(messageOf(ids)));
    QStringList sorted = *ids;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sorted, (QStringList{u"idle-1"_s, u"idle-2"_s}));

    for (const QString &id : {u"idle-1"_s, u"idle-2"_s}) {
        auto found = store.find(id);
        QVERIFY(found && found->has_value());
        QCOMPARE(optionalText((*found)->closedMs), QString::number(kT0 + 1000));
    }
    for (const QString &id : {u"at-cutoff"_s, u"active"_s}) {
        auto found = store.find(id);
        QVERIFY(found && found->has_value());
        QVERIFY2((*found)->isOpen(), qPrintable(id));
    }
    auto untouched = store.find(u"already-closed"_s);
    QVERIFY(untouched && untouched->has_value());
    QCOMPARE(optionalText((*untouched)->closedMs), QString::number(kT0 + 60));

    // Nothing is idle any more.
    auto second = store.closeIdleBefore(kT0 + 500, kT0 + 2000);
    QVERIFY2(second, qPrintable(messageOf(second)));
    QVERIFY(second->isEmpty());
}

// --- ConversationStore ----------------------------------------------------------------------

void tst_Stores::conversationCreateAndLive()
{
    QVERIFY(SessionStore(*m_db).insert(session(u"s1"_s, u"desktop"_s, kT0)));
    ConversationStore store(*m_db);

    auto none = store.live(u"s1"_s, u"aria"_s);
    QVERIFY2(none, qPrintable(messageOf(none)));
    QVERIFY(!none->has_value());

    auto created = store.create(u"s1"_s, u"aria"_s, kT0 + 1);
    QVERIFY2(created, qPrintable(messageOf(created)));
    QVERIFY(created->id > 0);
    QCOMPARE(created->sessionId, u"s1"_s);
    QCOMPARE(created->personaId, u"aria"_s);
    QCOMPARE(created->createdMs, kT0 + 1);
    QCOMPARE(created->updatedMs, kT0 + 1);
    QVERIFY(!created->archivedMs.has_value());

    auto live = store.live(u"s1"_s, u"aria"_s);
    QVERIFY2(live, qPrintable(messageOf(live)));
    QVERIFY(live->has_value());
    QCOMPARE(describe(**live), describe(*created));

    auto found = store.find(created->id);
    QVERIFY2(found, qPrintable(messageOf(found)));
    QVERIFY(found->has_value());
    QCOMPARE(describe(**found), describe(*created));

    auto missing = store.find(created->id + 1000);
    QVERIFY2(missing, qPrintable(messageOf(missing)));
    QVERIFY(!missing->has_value());

    // Another persona in the same session has its own conversation.
    auto otherPersona = store.live(u"s1"_s, u"kira"_s);
    QVERIFY(otherPersona && !otherPersona->has_value());
}

void tst_Stores::conversationOneLivePerSessionAndPersona()
{
    QVERIFY(SessionStore(*m_db).insert(session(u"s1"_s, u"desktop"_s, kT0)));
    QVERIFY(SessionStore(*m_db).insert(session(u"s2"_s, u"desktop"_s, kT0)));
    ConversationStore store(*m_db);
    QVERIFY(store.create(u"s1"_s, u"aria"_s, kT0));

    auto duplicate = store.create(u"s1"_s, u"aria"_s, kT0 + 1);
    QVERIFY(!duplicate);
    QCOMPARE(errorCodeName(duplicate.error().code), errorCodeName(ErrorCode::Storage));

    // Other combinations are fine.
    QVERIFY(store.create(u"s1"_s, u"kira"_s, kT0 + 2));
    QVERIFY(store.create(u"s2"_s, u"aria"_s, kT0 + 3));
    auto forS1 = store.forSession(u"s1"_s, true);
    QVERIFY2(forS1, qPrintable(messageOf(forS1)));
    QCOMPARE(forS1->size(), 2);
}

void tst_Stores::conversationArchiveAllowsANewLiveOne()
{
    QVERIFY(SessionStore(*m_db).insert(session(u"s1"_s, u"desktop"_s, kT0)));
    ConversationStore store(*m_db);
    auto first = store.create(u"s1"_s, u"aria"_s, kT0);
    QVERIFY2(first, qPrintable(messageOf(first)));

    QVERIFY(store.archive(first->id, kT0 + 10));
    auto live = store.live(u"s1"_s, u"aria"_s);
    QVERIFY2(live, qPrintable(messageOf(live)));
    QVERIFY(!live->has_value());
    auto archived = store.find(first->id);
    QVERIFY(archived && archived->has_value());
    QCOMPARE(optionalText((*archived)->archivedMs), QString::number(kT0 + 10));
    QCOMPARE((*archived)->updatedMs, kT0 + 10);

    // Archiving again keeps the first archive time.
    QVERIFY(store.archive(first->id, kT0 + 20));
    archived = store.find(first->id);
    QCOMPARE(optionalText((*archived)->archivedMs), QString::number(kT0 + 10));

    auto second = store.create(u"s1"_s, u"aria"_s, kT0 + 30);
    QVERIFY2(second, qPrintable(messageOf(second)));
    QVERIFY(second->id != first->id);
    live = store.live(u"s1"_s, u"aria"_s);
    QVERIFY(live && live->has_value());
    QCOMPARE((*live)->id, second->id);

    auto withArchived = store.forSession(u"s1"_s, true);
    QVERIFY2(withArchived, qPrintable(messageOf(withArchived)));
    QCOMPARE(withArchived->size(), 2);
    QCOMPARE(withArchived->at(0).id, second->id); // newest first
    QCOMPARE(withArchived->at(1).id, first->id);
    auto liveOnly = store.forSession(u"s1"_s, false);
    QVERIFY2(liveOnly, qPrintable(messageOf(liveOnly)));
    QCOMPARE(liveOnly->size(), 1);
    QCOMPARE(liveOnly->constFirst().id, second->id);
}

void tst_Stores::conversationForPersona()
{
    QVERIFY(SessionStore(*m_db).insert(session(u"s1"_s, u"desktop"_s, kT0)));
    QVERIFY(SessionStore(*m_db).insert(session(u"s2"_s, u"mcp"_s, kT0)));
    ConversationStore store(*m_db);
    auto older = store.create(u"s1"_s, u"aria"_s, kT0 + 1);
    auto newer = store.create(u"s2"_s, u"aria"_s, kT0 + 2);
    QVERIFY(older && newer);
    QVERIFY(store.create(u"s1"_s, u"kira"_s, kT0 + 3));

    auto aria = store.forPersona(u"aria"_s, 10);
    QVERIFY2(aria, qPrintable(messageOf(aria)));
    QCOMPARE(aria->size(), 2);
    QCOMPARE(aria->at(0).id, newer->id);
    QCOMPARE(aria->at(1).id, older->id);
    auto limited = store.forPersona(u"aria"_s, 1);
    QVERIFY(limited);
    QCOMPARE(limited->size(), 1);
    QCOMPARE(limited->constFirst().id, newer->id);
}

void tst_Stores::messageRoundTrip()
{
    QVERIFY(SessionStore(*m_db).insert(session(u"s1"_s, u"desktop"_s, kT0)));
    ConversationStore store(*m_db);
    auto conversation = store.create(u"s1"_s, u"kira"_s, kT0);
    QVERIFY2(conversation, qPrintable(messageOf(conversation)));

    MessageRow message;
    message.conversationId = conversation->id;
    message.role = u"assistant"_s;
    message.content = u"Short answer: probably not. ✓ 😀"_s;
    message.createdMs = kT0 + 42;
    message.promptTokens = 26;
    message.completionTokens = 282;
    message.model = u"llama3.1:8b"_s;
    message.totalMs = 4883;
    message.firstTokenMs = 342;
    message.doneReason = u"length"_s;
    message.cutOff = true;
    auto added = store.addMessage(message);
    QVERIFY2(added, qPrintable(messageOf(added)));
    QVERIFY(added->id > 0);
    message.id = added->id;
    QCOMPARE(describe(*added), describe(message));

    auto read = store.lastMessages(conversation->id, 1);
    QVERIFY2(read, qPrintable(messageOf(read)));
    QCOMPARE(read->size(), 1);
    QCOMPARE(describe(read->constFirst()), describe(message));

    // Adding a message bumps the conversation's updated time.
    auto bumped = store.find(conversation->id);
    QVERIFY(bumped && bumped->has_value());
    QCOMPARE((*bumped)->updatedMs, kT0 + 42);
}

void tst_Stores::lastMessagesNewestNOldestFirst_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("newest 3") << 3 << QStringList{u"m8"_s, u"m9"_s, u"m10"_s};
    QTest::newRow("newest 1") << 1 << QStringList{u"m10"_s};
    QTest::newRow("exactly all") << 10
                                 << QStringList{u"m1"_s, u"m2"_s, u"m3"_s, u"m4"_s, u"m5"_s, u"m6"_s, u"m7"_s, u"m8"_s,
                                                u"m9"_s, u"m10"_s};
    QTest::newRow("more than there are")
        << 50 << QStringList{u"m1"_s, u"m2"_s, u"m3"_s, u"m4"_s, u"m5"_s, u"m6"_s, u"m7"_s, u"m8"_s, u"m9"_s, u"m10"_s};
    QTest::newRow("zero") << 0 << QStringList();
}

void tst_Stores::lastMessagesNewestNOldestFirst()
{
    QFETCH(int, limit);
    QFETCH(QStringList, expected);
    addConversationWithMessages(10);
    if (QTest::currentTestFailed())
        return;

    // A message in another conversation must not show up.
    ConversationStore store(*m_db);
    auto other = store.create(u"s1"_s, u"kira"_s, kT0);
    QVERIFY(other);
    MessageRow stray;
    stray.conversationId = other->id;
    stray.role = u"user"_s;
    stray.content = u"stray"_s;
    stray.createdMs = kT0 + 100;
    QVERIFY(store.addMessage(stray));

    auto rows = store.lastMessages(m_conversationId, limit);
    QVERIFY2(rows, qPrintable(messageOf(rows)));
    QCOMPARE(contentsOf(*rows), expected);
}

void tst_Stores::messagesBetweenBounds_data()
{
    // Indexes into the ids of m1..m10; -1 means 0 (no bound).
    QTest::addColumn<int>("afterIndex");
    QTest::addColumn<int>("beforeIndex");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("open interval") << 2 << 6 << 100 << QStringList{u"m4"_s, u"m5"_s, u"m6"_s};
    QTest::newRow("no upper bound") << 7 << -1 << 100 << QStringList{u"m9"_s, u"m10"_s};
    QTest::newRow("no bounds") << -1 << -1 << 3 << QStringList{u"m1"_s, u"m2"_s, u"m3"_s};
    QTest::newRow("limit keeps the oldest") << 0 << -1 << 2 << QStringList{u"m2"_s, u"m3"_s};
    QTest::newRow("adjacent ids: empty") << 4 << 5 << 100 << QStringList();
    QTest::newRow("after the last: empty") << 9 << -1 << 100 << QStringList();
}

void tst_Stores::messagesBetweenBounds()
{
    QFETCH(int, afterIndex);
    QFETCH(int, beforeIndex);
    QFETCH(int, limit);
    QFETCH(QStringList, expected);
    addConversationWithMessages(10);
    if (QTest::currentTestFailed())
        return;
    const qint64 afterId = afterIndex < 0 ? 0 : m_messageIds.at(afterIndex);
    const qint64 beforeId = beforeIndex < 0 ? 0 : m_messageIds.at(beforeIndex);
    auto rows = ConversationStore(*m_db).messagesBetween(m_conversationId, afterId, beforeId, limit);
    QVERIFY2(rows, qPrintable(messageOf(rows)));
    QCOMPARE(contentsOf(*rows), expected);
}

void tst_Stores::pageByOffset_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("first page") << 0 << 3 << QStringList{u"m1"_s, u"m2"_s, u"m3"_s};
    QTest::newRow("middle page") << 4 << 3 << QStringList{u"m5"_s, u"m6"_s, u"m7"_s};
    QTest::newRow("last, short page") << 9 << 5 << QStringList{u"m10"_s};
    QTest::newRow("past the end") << 10 << 5 << QStringList();
}

void tst_Stores::pageByOffset()
{
    QFETCH(int, offset);
    QFETCH(int, limit);
    QFETCH(QStringList, expected);
    addConversationWithMessages(10);
    if (QTest::currentTestFailed())
        return;
    auto rows = ConversationStore(*m_db).page(m_conversationId, offset, limit);
    QVERIFY2(rows, qPrintable(messageOf(rows)));
    QCOMPARE(contentsOf(*rows), expected);
}

void tst_Stores::messageCounts()
{
    addConversationWithMessages(7);
    if (QTest::currentTestFailed())
        return;
    ConversationStore store(*m_db);
    auto count = store.messageCount(m_conversationId);
    QVERIFY2(count, qPrintable(messageOf(count)));
    QCOMPARE(*count, 7);

    auto other = store.create(u"s1"_s, u"kira"_s, kT0);
    QVERIFY(other);
    auto empty = store.messageCount(other->id);
    QVERIFY2(empty, qPrintable(messageOf(empty)));
    QCOMPARE(*empty, 0);

    MessageRow message;
    message.conversationId = other->id;
    message.role = u"user"_s;
    message.content = u"hi"_s;
    message.createdMs = kT0;
    QVERIFY(store.addMessage(message));
    auto total = store.totalMessages();
    QVERIFY2(total, qPrintable(messageOf(total)));
    QCOMPARE(*total, qint64(8));
}

void tst_Stores::setSummary()
{
    addConversationWithMessages(4);
    if (QTest::currentTestFailed())
        return;
    ConversationStore store(*m_db);
    QVERIFY(store.setSummary(m_conversationId, u"They talked about songs."_s, m_messageIds.at(1), kT0 + 500));
    auto found = store.find(m_conversationId);
    QVERIFY2(found, qPrintable(messageOf(found)));
    QVERIFY(found->has_value());
    QCOMPARE((*found)->summary, u"They talked about songs."_s);
    QCOMPARE((*found)->summarizedThrough, m_messageIds.at(1));
    QCOMPARE((*found)->updatedMs, kT0 + 500);
    QVERIFY(!(*found)->archivedMs.has_value());
}

void tst_Stores::modelCallRoundTrip()
{
    addConversationWithMessages(2);
    if (QTest::currentTestFailed())
        return;
    ConversationStore store(*m_db);

    ModelCallRow call;
    call.conversationId = m_conversationId;
    call.purpose = u"chat"_s;
    call.model = u"llama3.1:8b"_s;
    call.request = u"{\"model\":\"llama3.1:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"é ✓\"}]}"_s.toUtf8();
    call.startedMs = kT0 + 10;
    auto id = store.addModelCall(call);
    QVERIFY2(id, qPrintable(messageOf(id)));
    QVERIFY(*id > 0);
    call.id = *id;

    auto started = store.modelCalls(m_conversationId, 10);
    QVERIFY2(started, qPrintable(messageOf(started)));
    QCOMPARE(started->size(), 1);
    QCOMPARE(describe(started->constFirst()), describe(call)); // defaults: -1, 0, '' and no message

    call.messageId = m_messageIds.at(1);
    call.digest = u"sha256:abc"_s;
    call.firstTokenMs = 342;
    call.durationMs = 4883;
    call.promptTokens = 26;
    call.completionTokens = 282;
    call.doneReason = u"stop"_s;
    call.error = u"none really"_s;
    QVERIFY(store.finishModelCall(call));

    auto finished = store.modelCalls(m_conversationId, 10);
    QVERIFY2(finished, qPrintable(messageOf(finished)));
    QCOMPARE(finished->size(), 1);
    QCOMPARE(describe(finished->constFirst()), describe(call));
}

void tst_Stores::modelCallsNewestNOldestFirst()
{
    addConversationWithMessages(1);
    if (QTest::currentTestFailed())
        return;
    ConversationStore store(*m_db);
    QList<qint64> ids;
    for (const QString &purpose : {u"chat"_s, u"summary"_s, u"chat"_s}) {
        ModelCallRow call;
        call.conversationId = m_conversationId;
        call.purpose = purpose;
        call.model = u"m"_s;
        call.request = "{}";
        call.startedMs = kT0 + ids.size();
        auto id = store.addModelCall(call);
        QVERIFY2(id, qPrintable(messageOf(id)));
        ids.append(*id);
    }
    auto calls = store.modelCalls(m_conversationId, 2);
    QVERIFY2(calls, qPrintable(messageOf(calls)));
    QCOMPARE(calls->size(), 2);
    QCOMPARE(calls->at(0).id, ids.at(1));
    QCOMPARE(calls->at(0).purpose, u"summary"_s);
    QCOMPARE(calls->at(1).id, ids.at(2));

    // A call for a missing conversation is refused.
    ModelCallRow orphan;
    orphan.conversationId = m_conversationId + 1000;
    orphan.purpose = u"chat"_s;
    orphan.model = u"m"_s;
    orphan.request = "{}";
    auto refused = store.addModelCall(orphan);
    QVERIFY(!refused);
    QCOMPARE(errorCodeName(refused.error().code), errorCodeName(ErrorCode::Storage));
}

// --- PersonaStore ---------------------------------------------------------------------------

void tst_Stores::personaSaveAndAll()
{
    PersonaStore store(*m_db);
    auto empty = store.all();
    QVERIFY2(empty, qPrintable(messageOf(empty)));
    QVERIFY(empty->isEmpty());

    const PersonaRow second{u"orion"_s, u"Orion"_s, R"({"name":"Orion"})", kT0 + 20, kT0 + 20};
    const PersonaRow first{u"nova"_s, u"Nova ✓"_s, u"{\"name\":\"Nova ✓\"}"_s.toUtf8(), kT0 + 10, kT0 + 11};
    QVERIFY(store.save(second));
    QVERIFY(store.save(first));

    auto rows = store.all();
    QVERIFY2(rows, qPrintable(messageOf(rows)));
    QCOMPARE(rows->size(), 2);
    // Ordered by creation time.
    QCOMPARE(describe(rows->at(0)), describe(first));
    QCOMPARE(describe(rows->at(1)), describe(second));
}

void tst_Stores::personaUpsertKeepsCreated()
{
    PersonaStore store(*m_db);
    QVERIFY(store.save(PersonaRow{u"nova"_s, u"Nova"_s, R"({"name":"Nova"})", kT0, kT0}));
    const PersonaRow edited{u"nova"_s, u"Nova Prime"_s, R"({"name":"Nova Prime"})", kT0 + 999, kT0 + 1000};
    auto saved = store.save(edited);
    QVERIFY2(saved, qPrintable(messageOf(saved)));

    auto rows = store.all();
    QVERIFY2(rows, qPrintable(messageOf(rows)));
    QCOMPARE(rows->size(), 1);
    const PersonaRow &row = rows->constFirst();
    QCOMPARE(row.id, u"nova"_s);
    QCOMPARE(row.name, u"Nova Prime"_s);
    QCOMPARE(row.definition, QByteArray(R"({"name":"Nova Prime"})"));
    QCOMPARE(row.createdMs, kT0); // kept
    QCOMPARE(row.updatedMs, kT0 + 1000);
}

void tst_Stores::personaRemove()
{
    PersonaStore store(*m_db);
    QVERIFY(store.save(PersonaRow{u"nova"_s, u"Nova"_s, "{}", kT0, kT0}));
    QVERIFY(store.save(PersonaRow{u"orion"_s, u"Orion"_s, "{}", kT0 + 1, kT0 + 1}));

    auto removed = store.remove(u"nova"_s);
    QVERIFY2(removed, qPrintable(messageOf(removed)));
    QCOMPARE(*removed, true);
    auto again = store.remove(u"nova"_s);
    QVERIFY2(again, qPrintable(messageOf(again)));
    QCOMPARE(*again, false);

    auto rows = store.all();
    QVERIFY(rows);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->constFirst().id, u"orion"_s);

    // The name is free again.
    QVERIFY(store.save(PersonaRow{u"nova-2"_s, u"NOVA"_s, "{}", kT0 + 2, kT0 + 2}));
}

void tst_Stores::personaDuplicateNameFails_data()
{
    QTest::addColumn<QString>("otherName");
    QTest::newRow("same") << u"Nova"_s;
    QTest::newRow("upper case") << u"NOVA"_s;
    QTest::newRow("lower case") << u"nova"_s;
    QTest::newRow("mixed, non-ASCII") << u"ÉLODIE"_s;
}

void tst_Stores::personaDuplicateNameFails()
{
    QFETCH(QString, otherName);
    PersonaStore store(*m_db);
    QVERIFY(store.save(PersonaRow{u"nova"_s, u"Nova"_s, "{}", kT0, kT0}));
    QVERIFY(store.save(PersonaRow{u"elodie"_s, u"Élodie"_s, "{}", kT0, kT0}));

    auto duplicate = store.save(PersonaRow{u"other-id"_s, otherName, "{}", kT0 + 1, kT0 + 1});
    QVERIFY(!duplicate);
    QCOMPARE(errorCodeName(duplicate.error().code), errorCodeName(ErrorCode::Storage));

    auto rows = store.all();
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
}

QTEST_GUILESS_MAIN(tst_Stores)

#include "tst_stores.moc"
