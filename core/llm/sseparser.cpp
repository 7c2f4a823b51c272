// SPDX-License-Identifier: MIT
#include "sseparser.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace Studio::Llm {

namespace {

constexpr char kCr = '\r';
constexpr char kLf = '\n';
constexpr QByteArrayView kBom = "\xEF\xBB\xBF";

bool isAsciiDigits(QByteArrayView value)
{
    if (value.isEmpty())
        return false;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

SseParser::SseParser(qsizetype maxBufferedBytes) : m_maxBytes(maxBufferedBytes) {}

void SseParser::reset()
{
    m_line.clear();
    m_skipLf = false;
    m_atStart = true;
    m_data.clear();
    m_type.clear();
    m_pendingFields = false;
    m_dataBytes = 0;
    m_idBuffer = m_lastEventId; // an undispatched id is dropped with its event
    m_failure.reset();
}

bool SseParser::finish()
{
    const bool clean = !m_failure && m_line.isEmpty() && !m_pendingFields;
    reset();
    return clean;
}

Result<QList<SseItem>> SseParser::feed(QByteArrayView bytes)
{
    if (m_failure)
        return fail(*m_failure);
    QList<SseItem> items;
    qsizetype pos = 0;
    const qsizetype size = bytes.size();
    while (pos < size) {
        if (m_skipLf) {
            m_skipLf = false;
            if (bytes[pos] == kLf) {
                ++pos;
                continue;
            }
        }
        // The end of this line: the first CR or LF from pos.
        qsizetype end = pos;
        while (end < size && bytes[end] != kCr && bytes[end] != kLf)
            ++end;
        if (m_line.size() + (end - pos) > m_maxBytes) {
            m_failure = Error{ErrorCode::TooLarge,
                              u"The event stream holds a line longer than %1 bytes."_s.arg(m_maxBytes)};
            m_line.clear();
            return fail(*m_failure);
        }
        if (end == size) { // unfinished: keep it for the next piece
            m_line.append(bytes.sliced(pos));
            break;
        }
        m_skipLf = bytes[end] == kCr;
        bool ok;
        if (m_line.isEmpty()) {
            ok = processLine(bytes.sliced(pos, end - pos), items);
        } else {
            m_line.append(bytes.sliced(pos, end - pos));
            ok = processLine(m_line, items);
            m_line.clear();
        }
        if (!ok)
            return fail(*m_failure);
        pos = end + 1;
    }
    return items;
}

bool SseParser::processLine(QByteArrayView line, QList<SseItem> &items)
{
    if (std::exchange(m_atStart, false) && line.startsWith(kBom))
        line = line.sliced(kBom.size());

    if (line.isEmpty()) { // dispatch
        m_lastEventId = m_idBuffer; // also for an event without data
        if (!m_data.isEmpty()) {
            SseItem item;
            item.kind = SseItem::Kind::Event;
            m_data.chop(1); // the "\n" after the last data line
            item.event.data = std::move(m_data);
            if (!m_type.isEmpty())
                item.event.type = m_type;
            item.event.lastEventId = m_lastEventId;
            items.append(std::move(item));
        }
        m_data.clear();
        m_type.clear();
        m_pendingFields = false;
        m_dataBytes = 0;
        return true;
    }

    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (colon == 0) {
        SseItem item;
        item.kind = SseItem::Kind::Comment;
        item.comment = QString::fromUtf8(value);
        items.append(std::move(item));
        return true;
    }

    if (field == "data") {
        // Only data accumulates; "event" and "id" replace their buffers and are held to the
        // line limit already.
        m_dataBytes += value.size() + 1;
        if (m_dataBytes > m_maxBytes) {
            m_failure = Error{ErrorCode::TooLarge,
                              u"The event stream holds an event with more than %1 bytes of data."_s.arg(m_maxBytes)};
            return false;
        }
        m_pendingFields = true;
        m_data += QString::fromUtf8(value);
        m_data += u'\n';
    } else if (field == "event") {
        m_pendingFields = true;
        m_type = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_pendingFields = true;
            m_idBuffer = QString::fromUtf8(value);
        }
    } else if (field == "retry") {
        if (isAsciiDigits(value)) {
            bool ok = false;
            const qint64 ms = value.toLongLong(&ok);
            if (ok) { // more digits than fit in 64 bits: ignored like any other bad value
                SseItem item;
                item.kind = SseItem::Kind::Retry;
                item.retryMs = ms;
                items.append(std::move(item));
            }
        }
    }
    return true;
}

} // namespace Studio::Llm
