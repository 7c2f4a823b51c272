// SPDX-License-Identifier: MIT
#include "singleinstance.h"

#include <QLocalServer>
#include <QLocalSocket>

using namespace Qt::StringLiterals;

namespace Studio::App {

SingleInstance::SingleInstance(QObject *parent)
    : QObject(parent)
    , m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, socket, [this, socket] {
                if (!socket->canReadLine())
                    return;
                const QByteArray request = socket->readLine().trimmed();
                if (request == "raise") {
                    Q_EMIT raiseRequested();
                    socket->write("ok\n");
                } else if (request == "endpoint") {
                    socket->write(m_endpoint.toString().toUtf8() + '\n');
                } else {
                    socket->write("unknown request\n");
                }
                socket->flush();
                socket->disconnectFromServer();
            });
        }
    });
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::socketName()
{
    const QString override = qEnvironmentVariable("PERSONA_STUDIO_INSTANCE");
    if (!override.isEmpty())
        return override;
    return u"persona-studio-"_s + qEnvironmentVariable("USER", u"user"_s);
}

bool SingleInstance::listen()
{
    if (!ask(u"ping"_s, 300).isEmpty())
        return false; // somebody answers: another instance runs
    // Nobody answered: a socket file left by a crashed instance may be in the way.
    QLocalServer::removeServer(socketName());
    return m_server->listen(socketName());
}

QString SingleInstance::ask(const QString &request, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(socketName());
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request.toUtf8() + '\n');
    socket.flush();
    // A short blocking wait outside any event loop: this runs before the app's loop starts.
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return {};
    }
    return QString::fromUtf8(socket.readLine().trimmed());
}

} // namespace Studio::App
