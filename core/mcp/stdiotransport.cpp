// SPDX-License-Identifier: MIT
#include "stdiotransport.h"

#include <QSocketNotifier>

#include <cerrno>
#include <unistd.h>

namespace Studio::Mcp {

StdioTransport::StdioTransport(int readFd, int writeFd, qint64 maxLineBytes, QObject *parent)
    : QObject(parent)
    , m_readFd(readFd)
    , m_writeFd(writeFd)
    , m_maxLineBytes(maxLineBytes)
{
}

void StdioTransport::start()
{
    m_notifier = new QSocketNotifier(m_readFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &StdioTransport::readAvailable);
}

void StdioTransport::readAvailable()
{
    char chunk[64 * 1024];
    const ssize_t got = ::read(m_readFd, chunk, sizeof chunk);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (got <= 0) {
        m_notifier->setEnabled(false);
        if (!m_buffer.trimmed().isEmpty() && !m_skipping)
            Q_EMIT lineReceived(m_buffer.trimmed()); // a last message without its newline
        m_buffer.clear();
        Q_EMIT inputClosed();
        return;
    }
    m_buffer.append(chunk, got);
    takeLines();
}

void StdioTransport::takeLines()
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n', start);
        if (newline < 0)
            break;
        if (m_skipping) {
            m_skipping = false;
            Q_EMIT lineTooLong(m_skipped + newline - start);
        } else {
            QByteArray line = m_buffer.mid(start, newline - start);
            if (line.endsWith('\r'))
                line.chop(1);
            if (!line.trimmed().isEmpty())
                Q_EMIT lineReceived(line);
        }
        start = newline + 1;
    }
    m_buffer.remove(0, start);
    // Without a newline in sight, an oversized message is dropped as it arrives, not kept.
    if (m_buffer.size() > m_maxLineBytes) {
        if (!m_skipping)
            m_skipped = 0;
        m_skipping = true;
        m_skipped += m_buffer.size();
        m_buffer.clear();
    }
}

bool StdioTransport::write(const QByteArray &message)
{
    QByteArray line = message;
    line.append('\n');
    qsizetype written = 0;
    while (written < line.size()) {
        const ssize_t n = ::write(m_writeFd, line.constData() + written, size_t(line.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        written += n;
    }
    return true;
}

} // namespace Studio::Mcp
