// SPDX-License-Identifier: MIT
#include "database.h"

#include "migrations.h"
#include "storelog.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Studio::Store {

Database::Database(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
{
}

Database::~Database()
{
    qDeleteAll(m_statements);
    m_statements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Error Database::sqlError(const QString &what, const QSqlError &error)
{
    return Error{ErrorCode::Storage, u"%1: %2"_s.arg(what, error.text().trimmed())};
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, int targetVersion)
{
    if (path != u":memory:"_s) {
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath()))
            return fail(ErrorCode::Storage, u"cannot create the folder %1"_s.arg(info.absolutePath()));
    }
    const QString connectionName = u"studio-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<Database> database(new Database(path, connectionName));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
        if (!db.isValid())
            return fail(ErrorCode::Storage, u"the Qt SQLite driver (QSQLITE) is not installed"_s);
        db.setDatabaseName(path);
        if (!db.open())
            return fail(sqlError(u"cannot open the database %1"_s.arg(path), db.lastError()));
    }
    if (auto configured = database->configure(); !configured)
        return fail(configured.error());
    if (auto migrated = database->migrate(targetVersion < 0 ? latestSchemaVersion() : targetVersion); !migrated)
        return fail(migrated.error());
    return database;
}

Result<void> Database::configure()
{
    // WAL + NORMAL: a commit survives a killed process (not a power cut), at ~25x the speed
    // of the default journal. busy_timeout lets a second process (the CLI) wait for the app.
    auto journal = exec(u"PRAGMA journal_mode=WAL"_s);
    if (!journal)
        return fail(journal.error());
    QSqlQuery *query = *journal;
    const QString mode = query->next() ? query->value(0).toString() : QString();
    query->finish();
    if (mode != u"wal"_s && m_path != u":memory:"_s)
        qCWarning(lcStore) << "SQLite refused WAL mode for" << m_path << "and uses" << mode;
    for (const QString &pragma : {u"PRAGMA synchronous=NORMAL"_s, u"PRAGMA foreign_keys=ON"_s,
                                  u"PRAGMA busy_timeout=5000"_s}) {
        auto done = exec(pragma);
        if (!done)
            return fail(done.error());
        (*done)->finish();
    }
    return {};
}

int Database::schemaVersion() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

Result<void> Database::migrate(int targetVersion)
{
    const int current = schemaVersion();
    if (current < 0)
        return fail(ErrorCode::Storage, u"cannot read the schema version of %1"_s.arg(m_path));
    if (current > latestSchemaVersion())
        return fail(ErrorCode::Storage,
                    u"the database %1 has schema version %2, newer than this build knows (%3); "
                    "use a newer Persona Studio"_s.arg(m_path).arg(current).arg(latestSchemaVersion()));
    for (const Migration &step : migrations()) {
        if (step.version <= current || step.version > targetVersion)
            continue;
        auto applied = transaction([&]() -> Result<void> {
            for (const QString &statement : step.statements) {
                QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
                if (!query.exec(statement))
                    return fail(sqlError(u"migration to schema %1 failed"_s.arg(step.version), query.lastError()));
            }
            QSqlQuery version(QSqlDatabase::database(m_connectionName, false));
            if (!version.exec(u"PRAGMA user_version=%1"_s.arg(step.version)))
                return fail(sqlError(u"cannot record schema version %1"_s.arg(step.version), version.lastError()));
            return {};
        });
        if (!applied)
            return applied;
        qCInfo(lcStore) << "migrated" << m_path << "to schema version" << step.version;
    }
    return {};
}

Result<QSqlQuery *> Database::exec(const QString &sql, const QVariantList &binds)
{
    QSqlQuery *query = m_statements.value(sql);
    if (!query) {
        query = new QSqlQuery(QSqlDatabase::database(m_connectionName, false));
        if (!query->prepare(sql)) {
            Error error = sqlError(u"cannot prepare a statement"_s, query->lastError());
            delete query;
            return fail(error);
        }
        m_statements.insert(sql, query);
    }
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant &bind = binds.at(i);
        // A null QString binds as SQL NULL; our text columns are NOT NULL, '' is meant.
        if (bind.typeId() == QMetaType::QString && bind.toString().isNull())
            query->bindValue(i, QString(u""_s));
        else
            query->bindValue(i, bind);
    }
    if (!query->exec())
        return fail(sqlError(u"a database statement failed"_s, query->lastError()));
    return query;
}

Result<void> Database::select(const QString &sql, const QVariantList &binds,
                              const std::function<void(const QSqlQuery &)> &row)
{
    auto ran = exec(sql, binds);
    if (!ran)
        return fail(ran.error());
    QSqlQuery *query = *ran;
    while (query->next())
        row(*query);
    query->finish();
    return {};
}

Result<qint64> Database::insert(const QString &sql, const QVariantList &binds)
{
    auto ran = exec(sql, binds);
    if (!ran)
        return fail(ran.error());
    const qint64 id = (*ran)->lastInsertId().toLongLong();
    (*ran)->finish();
    return id;
}

Result<int> Database::change(const QString &sql, const QVariantList &binds)
{
    auto ran = exec(sql, binds);
    if (!ran)
        return fail(ran.error());
    const int rows = (*ran)->numRowsAffected();
    (*ran)->finish();
    return rows;
}

Result<void> Database::transaction(const std::function<Result<void>()> &body)
{
    // Nested calls join the outer transaction: SQLite has no nested BEGIN.
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Result<void> result = body();
        --m_transactionDepth;
        return result;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction())
        return fail(sqlError(u"cannot begin a transaction"_s, db.lastError()));
    ++m_transactionDepth;
    Result<void> result = body();
    --m_transactionDepth;
    if (!result) {
        db.rollback();
        return result;
    }
    if (!db.commit()) {
        const Error error = sqlError(u"cannot commit"_s, db.lastError());
        db.rollback();
        return fail(error);
    }
    return {};
}

qint64 Database::sizeOnDisk() const
{
    if (m_path == u":memory:"_s)
        return 0;
    return QFileInfo(m_path).size() + QFileInfo(m_path + u"-wal"_s).size();
}

} // namespace Studio::Store
