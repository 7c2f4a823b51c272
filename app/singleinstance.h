// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QUrl>

#include <functional>

class QLocalServer;

namespace Studio::App {

/** @brief One desktop instance per user: the first one listens on a local socket; a second
 *  launch asks it to raise its window and exits. The stdio bridge asks the same socket for the
 *  running app's MCP endpoint. One line per request: "raise" or "endpoint". Thread: main. */
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    explicit SingleInstance(QObject *parent = nullptr);
    ~SingleInstance() override;

    /** The per-user socket name (tests may override it with PERSONA_STUDIO_INSTANCE). */
    static QString socketName();

    /** Becomes the running instance; false when another one runs (or the socket cannot be made). */
    bool listen();
    /** What "endpoint" answers. */
    void setEndpoint(const QUrl &url) { m_endpoint = url; }

    /** Asks a running instance; returns its answer line, or an empty string when none answers. */
    static QString ask(const QString &request, int timeoutMs = 1000);

Q_SIGNALS:
    void raiseRequested();

private:
    QLocalServer *m_server;
    QUrl m_endpoint;
};

} // namespace Studio::App
