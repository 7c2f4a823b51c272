// SPDX-License-Identifier: MIT
#include "databaselock.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>

using namespace Qt::StringLiterals;

namespace Studio::Store {

namespace {

bool needsLock(const QString &databasePath)
{
    return !databasePath.isEmpty() && databasePath != u":memory:"_s;
}

QString describe(QLockFile &lock)
{
    qint64 pid = 0;
    QString host;
    QString app;
    if (!lock.getLockInfo(&pid, &host, &app))
        return u"another process"_s;
    QString text = u"process %1"_s.arg(pid);
    if (!app.isEmpty())
        text += u" (%1)"_s.arg(app);
    if (!host.isEmpty())
        text += u" on host %1"_s.arg(host);
    return text;
}

} // namespace

DatabaseLock::DatabaseLock() = default;

DatabaseLock::~DatabaseLock()
{
    release();
}

QString DatabaseLock::lockFilePath(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + u".lock"_s;
}

Result<void> DatabaseLock::acquire(const QString &databasePath)
{
    release();
    if (!needsLock(databasePath))
        return {};
    QDir().mkpath(QFileInfo(databasePath).absolutePath());
    auto lock = std::make_unique<QLockFile>(lockFilePath(databasePath));
    // Never stale by age: an app runs for weeks. A lock whose process is gone is stale anyway.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        m_lock = std::move(lock);
        return {};
    }
    if (lock->error() == QLockFile::LockFailedError)
        return fail(ErrorCode::Conflict,
                    u"the database %1 is in use by another Persona Studio app (%2); use that app, stop it, or "
                    "start this one with another database (--db)"_s.arg(QDir::toNativeSeparators(databasePath),
                                                                       describe(*lock)));
    return fail(ErrorCode::Storage, u"cannot create the lock file %1 next to the database"_s.arg(
                                        QDir::toNativeSeparators(lockFilePath(databasePath))));
}

void DatabaseLock::release()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
}

bool DatabaseLock::isHeld() const
{
    return m_lock && m_lock->isLocked();
}

QString DatabaseLock::holder(const QString &databasePath)
{
    if (!needsLock(databasePath))
        return {};
    QLockFile lock(lockFilePath(databasePath));
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock();
        return {};
    }
    return describe(lock);
}

} // namespace Studio::Store
