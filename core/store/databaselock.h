// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QString>

#include <memory>

class QLockFile;

namespace Studio::Store {

/** @brief One app per database: a lock file next to the database ("<file>.lock") held for as
 *  long as the app runs. The desktop app, the headless app and the in-process stdio server take
 *  it; command-line commands do not (they are short and may run beside the app). A lock whose
 *  process is gone (killed, crashed) is taken over; ":memory:" databases need none.
 *  Thread: any, one owner. */
class DatabaseLock final
{
public:
    DatabaseLock();
    ~DatabaseLock();
    DatabaseLock(const DatabaseLock &) = delete;
    DatabaseLock &operator=(const DatabaseLock &) = delete;

    /** Takes the lock, or fails with ErrorCode::Conflict saying which process holds it. */
    Result<void> acquire(const QString &databasePath);
    void release();
    bool isHeld() const;

    /** "process 1234 (persona-studio) on host box", or empty when nobody holds the lock. */
    static QString holder(const QString &databasePath);
    static QString lockFilePath(const QString &databasePath);

private:
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace Studio::Store
