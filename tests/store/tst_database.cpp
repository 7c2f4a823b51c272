// SPDX-License-Identifier: MIT
#include <store/conversationstore.h>
#include <store/database.h>
#include <store/migrations.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Store;

namespace {

template<typename T>
QString messageOf(const Result<T> &result)
{
    return result ? QString() : result.error().message;
}

/** The first column of the first row, or an "ERROR: ..." string that makes a QCOMPARE fail readably. */
QVariant scalar(Database &db, const QString &sql, const QVariantList &binds = {})
{
    QVariant value;
    auto ran = db.select(sql, binds, [&](const QSqlQuery &q) { value = q.value(0); });
    if (!ran)
        return QVariant(u"ERROR: "_s + ran.error().message);
    return value;
}

qint64 count(Database &db, const QString &table)
{
    const QVariant value = scalar(db, u"SELECT COUNT(*) FROM "_s + table);
    bool ok = false;
    const qint64 n = value.toLongLong(&ok);
    return ok ? n : -1;
}

bool hasObject(Database &db, const QString &type, const QString &name)
{
    return scalar(db, u"SELECT COUNT(*) FROM sqlite_master WHERE type = ? AND name = ?"_s, {type, name}).toInt() == 1;
}

bool hasColumn(Database &db, const QString &table, const QString &column)
{
    bool found = false;
    auto ran = db.select(u"PRAGMA table_info(%1)"_s.arg(table), {}, [&](const QSqlQuery &q) {
        if (q.value(1).toString() == column)
            found = true;
    });
    return ran && found;
}

/** Runs one statement on a separate raw connection (not through Database), then removes it. */
QVariant rawQuery(const QString &path, const QString &sql)
{
    const QString name = u"raw-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVariant value;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        raw.setDatabaseName(path);
        if (raw.open()) {
            QSqlQuery query(raw);
            if (!query.exec(sql))
                value = QVariant(u"ERROR: "_s + query.lastError().text());
            else if (query.next())
                value = query.value(0);
        } else {
            value = QVariant(u"ERROR: "_s + raw.lastError().text());
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

constexpr qint64 kT0 = 1'700'000'000'000;

} // namespace

class tst_Database : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void freshOpenMigratesToLatest();
    void openStopsAtTargetVersion_data();
    void openStopsAtTargetVersion();
    void pragmasAreInEffect();
    void migratesFromEveryEarlierVersion_data();
    void migratesFromEveryEarlierVersion();
    void refusesNewerSchemaVersion();
    void transactionCommitsOnSuccess();
    void transactionRollsBackOnError();
    void nestedTransactionJoinsOuter();
    void transactionUsableAfterRollback();
    void enforcesForeignKeys();
    void enforcesRoleCheck();
    void nullStringBindsAsEmptyText();
    void nullNumberBindsAsNull();
    void badSqlIsStorageError();
    void dataSurvivesCloseAndReopen();
    void createsMissingFolders();
    void refusesPathThatCannotBeCreated();

private:
    QString dbPath() const { return m_dir->filePath(u"studio.sqlite"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Database::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Database::cleanup()
{
    m_dir.reset();
}

void tst_Database::freshOpenMigratesToLatest()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    QCOMPARE((*db)->schemaVersion(), latestSchemaVersion());
    QCOMPARE((*db)->path(), dbPath());
    QVERIFY(QFileInfo::exists(dbPath()));
    QVERIFY((*db)->sizeOnDisk() > 0);
    for (const QString &table : {u"personas"_s, u"sessions"_s, u"conversations"_s, u"messages"_s, u"model_calls"_s})
        QVERIFY2(hasObject(**db, u"table"_s, table), qPrintable(table));
    for (const QString &index : {u"sessions_by_activity"_s, u"conversations_live"_s, u"messages_by_conversation"_s,
                                 u"model_calls_by_conversation"_s})
        QVERIFY2(hasObject(**db, u"index"_s, index), qPrintable(index));
}

void tst_Database::openStopsAtTargetVersion_data()
{
    QTest::addColumn<int>("target");
    for (int v = 0; v <= latestSchemaVersion(); ++v)
        QTest::addRow("target %d", v) << v;
}

void tst_Database::openStopsAtTargetVersion()
{
    QFETCH(int, target);
    auto db = Database::open(dbPath(), target);
    QVERIFY2(db, qPrintable(messageOf(db)));
    QCOMPARE((*db)->schemaVersion(), target);
    QCOMPARE(hasObject(**db, u"table"_s, u"sessions"_s), target >= 1);
    QCOMPARE(hasObject(**db, u"table"_s, u"model_calls"_s), target >= 2);
    QCOMPARE(hasColumn(**db, u"messages"_s, u"done_reason"_s), target >= 2);
}

void tst_Database::pragmasAreInEffect()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    QCOMPARE(scalar(**db, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(scalar(**db, u"PRAGMA foreign_keys"_s).toInt(), 1);
    QCOMPARE(scalar(**db, u"PRAGMA synchronous"_s).toInt(), 1); // NORMAL

    // The same through exec(), which hands back the statement.
    auto ran = (*db)->exec(u"PRAGMA foreign_keys"_s);
    QVERIFY2(ran, qPrintable(messageOf(ran)));
    QVERIFY((*ran)->next());
    QCOMPARE((*ran)->value(0).toInt(), 1);
    (*ran)->finish();
}

void tst_Database::migratesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("fromVersion");
    for (int v = 0; v < latestSchemaVersion(); ++v)
        QTest::addRow("from %d", v) << v;
}

void tst_Database::migratesFromEveryEarlierVersion()
{
    QFETCH(int, fromVersion);
    const QString sessionId = u"0b7e3c8e-1111-4a4a-9b9b-000000000001"_s;
    qint64 conversationId = 0;
    QList<qint64> messageIds;
    const QStringList contents{u"Hello there"_s, u"Well met, traveller! ✓"_s, u"Tell me a song"_s};

    {
        auto db = Database::open(dbPath(), fromVersion);
        QVERIFY2(db, qPrintable(messageOf(db)));
        QCOMPARE((*db)->schemaVersion(), fromVersion);
        Database &d = **db;
        if (fromVersion >= 1) {
            // Rows as schema 1 knew them: only its columns.
            auto persona = d.insert(u"INSERT INTO personas (id, name, name_key, definition, created_ms, updated_ms) "
                                    "VALUES (?, ?, ?, ?, ?, ?)"_s,
                                    {u"nova"_s, u"Nova"_s, u"nova"_s, uR"({"name":"Nova"})"_s, kT0, kT0 + 1});
            QVERIFY2(persona, qPrintable(messageOf(persona)));
            auto session = d.insert(u"INSERT INTO sessions (id, kind, transport, client_name, client_version, "
                                    "created_ms, last_active_ms, active_persona_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s,
                                    {sessionId, u"mcp"_s, u"websocket"_s, u"Claude"_s, u"1.2"_s, kT0, kT0 + 10,
                                     u"aria"_s});
            QVERIFY2(session, qPrintable(messageOf(session)));
            auto conversation = d.insert(u"INSERT INTO conversations (session_id, persona_id, summary, "
                                         "summarized_through, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?)"_s,
                                         {sessionId, u"aria"_s, u"They met."_s, 0, kT0, kT0 + 20});
            QVERIFY2(conversation, qPrintable(messageOf(conversation)));
            conversationId = *conversation;
            for (int i = 0; i < contents.size(); ++i) {
                auto message = d.insert(
                    u"INSERT INTO messages (conversation_id, role, content, created_ms, prompt_tokens, "
                    "completion_tokens, model, total_ms, cut_off) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                    {conversationId, i % 2 == 0 ? u"user"_s : u"assistant"_s, contents.at(i), kT0 + 100 + i,
                     i % 2 == 0 ? 0 : 26, i % 2 == 0 ? 0 : 282, i % 2 == 0 ? QString() : u"llama3.1:8b"_s,
                     i % 2 == 0 ? 0 : 4883, 0});
                QVERIFY2(message, qPrintable(messageOf(message)));
                messageIds.append(*message);
            }
        }
    }

    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    QCOMPARE(d.schemaVersion(), latestSchemaVersion());

    // Every table, index and new column is there.
    for (const QString &table : {u"personas"_s, u"sessions"_s, u"conversations"_s, u"messages"_s, u"model_calls"_s})
        QVERIFY2(hasObject(d, u"table"_s, table), qPrintable(table));
    for (const QString &index : {u"sessions_by_activity"_s, u"conversations_live"_s, u"messages_by_conversation"_s,
                                 u"model_calls_by_conversation"_s})
        QVERIFY2(hasObject(d, u"index"_s, index), qPrintable(index));
    QVERIFY(hasColumn(d, u"messages"_s, u"done_reason"_s));
    QVERIFY(hasColumn(d, u"messages"_s, u"first_token_ms"_s));

    if (fromVersion >= 1) {
        // The old rows are intact.
        QCOMPARE(count(d, u"personas"_s), 1);
        QCOMPARE(scalar(d, u"SELECT definition FROM personas WHERE id = 'nova'"_s).toString(), uR"({"name":"Nova"})"_s);
        QCOMPARE(count(d, u"sessions"_s), 1);
        QCOMPARE(scalar(d, u"SELECT client_name || '/' || client_version || '/' || transport || '/' || kind || '/' || "
                           "active_persona_id FROM sessions WHERE id = ?"_s,
                        {sessionId})
                     .toString(),
                 u"Claude/1.2/websocket/mcp/aria"_s);
        QCOMPARE(scalar(d, u"SELECT last_active_ms FROM sessions WHERE id = ?"_s, {sessionId}).toLongLong(), kT0 + 10);
        QCOMPARE(scalar(d, u"SELECT summary FROM conversations WHERE id = ?"_s, {conversationId}).toString(),
                 u"They met."_s);
        QCOMPARE(count(d, u"messages"_s), contents.size());

        ConversationStore store(d);
        auto messages = store.page(conversationId, 0, 100);
        QVERIFY2(messages, qPrintable(messageOf(messages)));
        QCOMPARE(messages->size(), contents.size());
        for (int i = 0; i < contents.size(); ++i) {
            const MessageRow &m = messages->at(i);
            QCOMPARE(m.id, messageIds.at(i));
            QCOMPARE(m.content, contents.at(i));
            QCOMPARE(m.role, i % 2 == 0 ? u"user"_s : u"assistant"_s);
            QCOMPARE(m.createdMs, kT0 + 100 + i);
            QCOMPARE(m.promptTokens, i % 2 == 0 ? 0 : 26);
            QCOMPARE(m.completionTokens, i % 2 == 0 ? 0 : 282);
            if (fromVersion < 2) {
                // The columns added by schema 2 carry their defaults.
                QCOMPARE(m.doneReason, QString(u""_s));
                QCOMPARE(m.firstTokenMs, qint64(-1));
            }
        }
        if (fromVersion < 2) {
            QCOMPARE(scalar(d, u"SELECT COUNT(*) FROM messages WHERE done_reason = '' AND first_token_ms = -1"_s)
                         .toLongLong(),
                     qint64(contents.size()));
        }
    } else {
        // Nothing to keep; make a conversation to prove the new schema is usable.
        auto session = d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms) VALUES (?, ?, ?, ?)"_s,
                                {sessionId, u"desktop"_s, kT0, kT0});
        QVERIFY2(session, qPrintable(messageOf(session)));
        auto conversation = ConversationStore(d).create(sessionId, u"aria"_s, kT0);
        QVERIFY2(conversation, qPrintable(messageOf(conversation)));
        conversationId = conversation->id;
    }

    // model_calls (schema 2) is usable, with its defaults.
    ConversationStore store(d);
    ModelCallRow call;
    call.conversationId = conversationId;
    call.purpose = u"chat"_s;
    call.model = u"llama3.1:8b"_s;
    call.request = R"({"model":"llama3.1:8b","messages":[]})";
    call.startedMs = kT0 + 500;
    auto callId = store.addModelCall(call);
    QVERIFY2(callId, qPrintable(messageOf(callId)));
    auto calls = store.modelCalls(conversationId, 10);
    QVERIFY2(calls, qPrintable(messageOf(calls)));
    QCOMPARE(calls->size(), 1);
    QCOMPARE(calls->constFirst().id, *callId);
    QCOMPARE(calls->constFirst().request, call.request);
    QCOMPARE(calls->constFirst().firstTokenMs, qint64(-1));
    QCOMPARE(calls->constFirst().durationMs, qint64(0));
    QCOMPARE(calls->constFirst().doneReason, QString(u""_s));
    QVERIFY(!calls->constFirst().messageId.has_value());

    // A new message takes the new columns.
    MessageRow reply;
    reply.conversationId = conversationId;
    reply.role = u"assistant"_s;
    reply.content = u"After the migration"_s;
    reply.createdMs = kT0 + 600;
    reply.firstTokenMs = 321;
    reply.doneReason = u"stop"_s;
    auto added = store.addMessage(reply);
    QVERIFY2(added, qPrintable(messageOf(added)));
    auto last = store.lastMessages(conversationId, 1);
    QVERIFY2(last, qPrintable(messageOf(last)));
    QCOMPARE(last->size(), 1);
    QCOMPARE(last->constFirst().firstTokenMs, qint64(321));
    QCOMPARE(last->constFirst().doneReason, u"stop"_s);
}

void tst_Database::refusesNewerSchemaVersion()
{
    {
        auto db = Database::open(dbPath());
        QVERIFY2(db, qPrintable(messageOf(db)));
    }
    QCOMPARE(rawQuery(dbPath(), u"PRAGMA user_version=99"_s), QVariant());
    QCOMPARE(rawQuery(dbPath(), u"PRAGMA user_version"_s).toInt(), 99);

    auto db = Database::open(dbPath());
    QVERIFY(!db);
    QCOMPARE(errorCodeName(db.error().code), errorCodeName(ErrorCode::Storage));
    const QString message = db.error().message;
    QVERIFY2(message.contains(u"newer"_s), qPrintable(message));
    QVERIFY2(message.contains(u"99"_s), qPrintable(message));
    QVERIFY2(message.contains(QString::number(latestSchemaVersion())), qPrintable(message));
    QVERIFY2(message.contains(dbPath()), qPrintable(message));

    // The refusal leaves the file as it was.
    QCOMPARE(rawQuery(dbPath(), u"PRAGMA user_version"_s).toInt(), 99);
}

void tst_Database::transactionCommitsOnSuccess()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    auto done = d.transaction([&]() -> Result<void> {
        for (const QString &id : {u"s1"_s, u"s2"_s}) {
            auto inserted = d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms) VALUES (?, ?, ?, ?)"_s,
                                     {id, u"cli"_s, kT0, kT0});
            if (!inserted)
                return fail(inserted.error());
        }
        return {};
    });
    QVERIFY2(done, qPrintable(messageOf(done)));
    QCOMPARE(count(d, u"sessions"_s), 2);

    // Committed: a second connection sees the rows.
    QCOMPARE(rawQuery(dbPath(), u"SELECT COUNT(*) FROM sessions"_s).toInt(), 2);
}

void tst_Database::transactionRollsBackOnError()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    auto done = d.transaction([&]() -> Result<void> {
        auto inserted = d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms) VALUES (?, ?, ?, ?)"_s,
                                 {u"s1"_s, u"cli"_s, kT0, kT0});
        if (!inserted)
            return fail(inserted.error());
        return fail(ErrorCode::Conflict, u"changed my mind"_s);
    });
    QVERIFY(!done);
    QCOMPARE(errorCodeName(done.error().code), errorCodeName(ErrorCode::Conflict));
    QCOMPARE(done.error().message, u"changed my mind"_s);
    QCOMPARE(count(d, u"sessions"_s), 0);
}

void tst_Database::nestedTransactionJoinsOuter()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    auto insertSession = [&](const QString &id) -> Result<void> {
        auto inserted = d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms) VALUES (?, ?, ?, ?)"_s,
                                 {id, u"cli"_s, kT0, kT0});
        if (!inserted)
            return fail(inserted.error());
        return {};
    };

    // The inner one succeeds, the outer one fails after it: nothing of either is kept.
    auto failed = d.transaction([&]() -> Result<void> {
        if (auto outer = insertSession(u"outer-1"_s); !outer)
            return outer;
        auto inner = d.transaction([&]() { return insertSession(u"inner-1"_s); });
        if (!inner)
            return inner;
        // Inside the one transaction the inner row is visible...
        if (count(d, u"sessions"_s) != 2)
            return fail(ErrorCode::Internal, u"the inner row is not visible"_s);
        // ...but not committed yet: another connection does not see it.
        if (rawQuery(dbPath(), u"SELECT COUNT(*) FROM sessions"_s).toInt() != 0)
            return fail(ErrorCode::Internal, u"the inner transaction committed on its own"_s);
        return fail(ErrorCode::Cancelled, u"outer fails"_s);
    });
    QVERIFY(!failed);
    QCOMPARE(failed.error().message, u"outer fails"_s);
    QCOMPARE(count(d, u"sessions"_s), 0);

    // An inner error propagated by the outer body rolls everything back.
    auto innerFailed = d.transaction([&]() -> Result<void> {
        if (auto outer = insertSession(u"outer-2"_s); !outer)
            return outer;
        return d.transaction([&]() -> Result<void> {
            if (auto inserted = insertSession(u"inner-2"_s); !inserted)
                return inserted;
            return fail(ErrorCode::Busy, u"inner fails"_s);
        });
    });
    QVERIFY(!innerFailed);
    QCOMPARE(innerFailed.error().message, u"inner fails"_s);
    QCOMPARE(count(d, u"sessions"_s), 0);

    // Both succeed: both rows are committed together.
    auto committed = d.transaction([&]() -> Result<void> {
        if (auto outer = insertSession(u"outer-3"_s); !outer)
            return outer;
        return d.transaction([&]() { return insertSession(u"inner-3"_s); });
    });
    QVERIFY2(committed, qPrintable(messageOf(committed)));
    QCOMPARE(count(d, u"sessions"_s), 2);
    QCOMPARE(rawQuery(dbPath(), u"SELECT COUNT(*) FROM sessions"_s).toInt(), 2);
}

void tst_Database::transactionUsableAfterRollback()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    auto failed = d.transaction([]() -> Result<void> { return fail(ErrorCode::Internal, u"no"_s); });
    QVERIFY(!failed);
    auto done = d.transaction([&]() -> Result<void> {
        auto inserted = d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms) VALUES (?, ?, ?, ?)"_s,
                                 {u"after"_s, u"cli"_s, kT0, kT0});
        if (!inserted)
            return fail(inserted.error());
        return {};
    });
    QVERIFY2(done, qPrintable(messageOf(done)));
    QCOMPARE(rawQuery(dbPath(), u"SELECT COUNT(*) FROM sessions"_s).toInt(), 1);
}

void tst_Database::enforcesForeignKeys()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;

    auto raw = d.insert(u"INSERT INTO messages (conversation_id, role, content, created_ms) VALUES (?, ?, ?, ?)"_s,
                        {qint64(4242), u"user"_s, u"orphan"_s, kT0});
    QVERIFY(!raw);
    QCOMPARE(errorCodeName(raw.error().code), errorCodeName(ErrorCode::Storage));

    MessageRow message;
    message.conversationId = 4242;
    message.role = u"user"_s;
    message.content = u"orphan"_s;
    message.createdMs = kT0;
    auto stored = ConversationStore(d).addMessage(message);
    QVERIFY(!stored);
    QCOMPARE(errorCodeName(stored.error().code), errorCodeName(ErrorCode::Storage));

    auto conversation = d.insert(u"INSERT INTO conversations (session_id, persona_id, created_ms, updated_ms) "
                                 "VALUES (?, ?, ?, ?)"_s,
                                 {u"no-such-session"_s, u"aria"_s, kT0, kT0});
    QVERIFY(!conversation);
    QCOMPARE(errorCodeName(conversation.error().code), errorCodeName(ErrorCode::Storage));

    QCOMPARE(count(d, u"messages"_s), 0);
    QCOMPARE(count(d, u"conversations"_s), 0);
}

void tst_Database::enforcesRoleCheck()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    QVERIFY(d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms) VALUES (?, ?, ?, ?)"_s,
                     {u"s"_s, u"cli"_s, kT0, kT0}));
    auto conversation = ConversationStore(d).create(u"s"_s, u"aria"_s, kT0);
    QVERIFY2(conversation, qPrintable(messageOf(conversation)));
    auto bad = d.insert(u"INSERT INTO messages (conversation_id, role, content, created_ms) VALUES (?, ?, ?, ?)"_s,
                        {conversation->id, u"system"_s, u"not a stored role"_s, kT0});
    QVERIFY(!bad);
    QCOMPARE(errorCodeName(bad.error().code), errorCodeName(ErrorCode::Storage));
    QCOMPARE(count(d, u"messages"_s), 0);
}

void tst_Database::nullStringBindsAsEmptyText()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    const QString nullText;
    QVERIFY(nullText.isNull());
    auto inserted = d.insert(u"INSERT INTO sessions (id, kind, transport, client_name, created_ms, last_active_ms) "
                             "VALUES (?, ?, ?, ?, ?, ?)"_s,
                             {u"s"_s, u"desktop"_s, nullText, QVariant(nullText), kT0, kT0});
    QVERIFY2(inserted, qPrintable(messageOf(inserted)));
    QCOMPARE(scalar(d, u"SELECT COUNT(*) FROM sessions WHERE transport = '' AND client_name = ''"_s).toInt(), 1);
    QCOMPARE(scalar(d, u"SELECT typeof(transport) FROM sessions"_s).toString(), u"text"_s);

    // Also in an UPDATE.
    auto changed = d.change(u"UPDATE sessions SET active_persona_id = ? WHERE id = ?"_s, {nullText, u"s"_s});
    QVERIFY2(changed, qPrintable(messageOf(changed)));
    QCOMPARE(*changed, 1);
    QCOMPARE(scalar(d, u"SELECT active_persona_id IS NULL FROM sessions"_s).toInt(), 0);
    QCOMPARE(scalar(d, u"SELECT length(active_persona_id) FROM sessions"_s).toInt(), 0);
}

void tst_Database::nullNumberBindsAsNull()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    Database &d = **db;
    auto inserted = d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms, closed_ms) "
                             "VALUES (?, ?, ?, ?, ?)"_s,
                             {u"s"_s, u"desktop"_s, kT0, kT0, QVariant(QMetaType::fromType<qint64>())});
    QVERIFY2(inserted, qPrintable(messageOf(inserted)));
    QCOMPARE(scalar(d, u"SELECT closed_ms IS NULL FROM sessions"_s).toInt(), 1);
}

void tst_Database::badSqlIsStorageError()
{
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    auto bad = (*db)->exec(u"SELEKT nothing FROM nowhere"_s);
    QVERIFY(!bad);
    QCOMPARE(errorCodeName(bad.error().code), errorCodeName(ErrorCode::Storage));
    QVERIFY(!bad.error().message.isEmpty());
    auto missing = (*db)->change(u"DELETE FROM no_such_table WHERE id = ?"_s, {1});
    QVERIFY(!missing);
    QCOMPARE(errorCodeName(missing.error().code), errorCodeName(ErrorCode::Storage));
}

void tst_Database::dataSurvivesCloseAndReopen()
{
    qint64 conversationId = 0;
    {
        auto db = Database::open(dbPath());
        QVERIFY2(db, qPrintable(messageOf(db)));
        Database &d = **db;
        QVERIFY(d.insert(u"INSERT INTO sessions (id, kind, created_ms, last_active_ms) VALUES (?, ?, ?, ?)"_s,
                         {u"s"_s, u"desktop"_s, kT0, kT0}));
        ConversationStore store(d);
        auto conversation = store.create(u"s"_s, u"kira"_s, kT0);
        QVERIFY2(conversation, qPrintable(messageOf(conversation)));
        conversationId = conversation->id;
        MessageRow message;
        message.conversationId = conversationId;
        message.role = u"user"_s;
        message.content = u"Remember me: Ünïcødé ✓"_s;
        message.createdMs = kT0 + 1;
        QVERIFY(store.addMessage(message));
    }
    auto db = Database::open(dbPath());
    QVERIFY2(db, qPrintable(messageOf(db)));
    ConversationStore store(**db);
    auto messages = store.lastMessages(conversationId, 10);
    QVERIFY2(messages, qPrintable(messageOf(messages)));
    QCOMPARE(messages->size(), 1);
    QCOMPARE(messages->constFirst().content, u"Remember me: Ünïcødé ✓"_s);
    auto conversation = store.find(conversationId);
    QVERIFY2(conversation, qPrintable(messageOf(conversation)));
    QVERIFY(conversation->has_value());
    QCOMPARE((*conversation)->personaId, u"kira"_s);
    QCOMPARE((*conversation)->updatedMs, kT0 + 1);
}

void tst_Database::createsMissingFolders()
{
    const QString folder = m_dir->filePath(u"a/b/c"_s);
    const QString path = folder + u"/studio.sqlite"_s;
    QVERIFY(!QFileInfo::exists(folder));
    auto db = Database::open(path);
    QVERIFY2(db, qPrintable(messageOf(db)));
    QVERIFY(QFileInfo(folder).isDir());
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE((*db)->schemaVersion(), latestSchemaVersion());
}

void tst_Database::refusesPathThatCannotBeCreated()
{
    const QString file = m_dir->filePath(u"plain-file"_s);
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(out.write("not a folder") > 0);
    }
    const QString path = file + u"/sub/db.sqlite"_s;
    auto db = Database::open(path);
    QVERIFY(!db);
    QCOMPARE(errorCodeName(db.error().code), errorCodeName(ErrorCode::Storage));
    QVERIFY2(db.error().message.contains(file + u"/sub"_s), qPrintable(db.error().message));
    QVERIFY(QFileInfo(file).isFile());
}

QTEST_GUILESS_MAIN(tst_Database)

#include "tst_database.moc"
