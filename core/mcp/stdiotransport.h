// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

namespace Studio::Mcp {

/** @brief MCP's stdio transport: newline-delimited JSON-RPC messages read from one file
 *  descriptor (stdin) and written to another (stdout). Nothing else may be written to the
 *  output; logs go to stderr. A line longer than maxLineBytes is not buffered: lineTooLong()
 *  reports it and the rest of it is skipped. Thread: the one that created it. */
class StdioTransport final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StdioTransport)

public:
    StdioTransport(int readFd, int writeFd, qint64 maxLineBytes, QObject *parent = nullptr);

    void start();
    /** Writes one message and its newline; messages never contain raw newlines (compact JSON). */
    bool write(const QByteArray &message);

Q_SIGNALS:
    void lineReceived(const QByteArray &line);
    void lineTooLong(qint64 bytes);
    void inputClosed();

private:
    void readAvailable();
    void takeLines();

    int m_readFd;
    int m_writeFd;
    qint64 m_maxLineBytes;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer;
    bool m_skipping = false;
    qint64 m_skipped = 0;
};

} // namespace Studio::Mcp
