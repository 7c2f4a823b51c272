// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <functional>
#include <memory>

namespace Studio::Store {

/** @brief The SQLite connection: opened with WAL, foreign keys and synchronous=NORMAL,
 *  migrated forward to the schema version, queried through cached prepared statements.
 *  Thread: created, used and destroyed on one thread (the engine's). */
class Database final
{
    Q_DISABLE_COPY_MOVE(Database)

public:
    ~Database();

    /** Opens (creating folders and file as needed) and migrates up to targetVersion
     *  (default: the latest). Fails when the file's schema is newer than this build knows. */
    static Result<std::unique_ptr<Database>> open(const QString &path, int targetVersion = -1);

    QString path() const { return m_path; }
    int schemaVersion() const;

    /** Prepares (once per SQL text) and runs a statement with positional binds. */
    Result<QSqlQuery *> exec(const QString &sql, const QVariantList &binds = {});

    /** Runs a SELECT and calls row for each result row; the statement is reset afterwards
     *  so no read stays open (it would pin the WAL). */
    Result<void> select(const QString &sql, const QVariantList &binds,
                        const std::function<void(const QSqlQuery &)> &row);

    /** Runs an INSERT and returns the new rowid. */
    Result<qint64> insert(const QString &sql, const QVariantList &binds);

    /** Runs an UPDATE or DELETE and returns the number of rows changed. */
    Result<int> change(const QString &sql, const QVariantList &binds);

    /** Runs body in one transaction: committed when it returns a value, rolled back otherwise. */
    Result<void> transaction(const std::function<Result<void>()> &body);

    /** Bytes used by the database file and its WAL. */
    qint64 sizeOnDisk() const;

    static Error sqlError(const QString &what, const QSqlError &error);

private:
    Database(QString path, QString connectionName);
    Result<void> configure();
    Result<void> migrate(int targetVersion);

    QString m_path;
    QString m_connectionName;
    QHash<QString, QSqlQuery *> m_statements;
    int m_transactionDepth = 0;
};

} // namespace Studio::Store
