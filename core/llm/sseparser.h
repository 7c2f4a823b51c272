// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace Studio::Llm {

/** One dispatched Server-Sent Event. */
struct SseEvent
{
    QString type = QStringLiteral("message"); // the "event:" field; "message" when none was given
    QString data;                             // the "data:" lines joined with "\n"
    QString lastEventId;                      // the last "id:" dispatched so far (it carries over to later events)

    bool operator==(const SseEvent &) const = default;
};

/** What the stream said, in stream order: an event, a comment line (": ping"), or a new
 *  reconnection time ("retry:"). Only the member that belongs to kind is set. */
struct SseItem
{
    enum class Kind {
        Event,
        Comment,
        Retry,
    };

    Kind kind = Kind::Event;
    SseEvent event;  // Kind::Event
    QString comment; // Kind::Comment: the text after ':' (one leading space removed)
    qint64 retryMs = 0; // Kind::Retry

    bool operator==(const SseItem &) const = default;
};

/** @brief Incremental parser of a text/event-stream body (WHATWG HTML §9.2.6, "Interpreting
 *  an event stream"), for OpenAI-compatible streaming (Chat Completions: "data: {...}" events,
 *  ": ping" comments, "data: [DONE]").
 *
 *  Bytes arrive in arbitrary pieces; feed() returns what every line completed so far produced.
 *  Lines end with CR, LF or CRLF, also when the CR and the LF arrive in different pieces. Each
 *  line is decoded as UTF-8 (invalid sequences become U+FFFD; a BOM at the very start is
 *  skipped). A blank line dispatches the event being built: "data:" lines joined with "\n",
 *  "event:" the type, "id:" (without NUL) the last event id, kept for later events; no event when there was no data.
 *  "retry:" with ASCII digits only is reported as a reconnection time; other fields are ignored.
 *  One space after the field's colon is removed.
 *  Limits: a line, and an event's data lines together, may hold at most maxBufferedBytes (1 MiB by
 *  default): beyond it feed() fails with ErrorCode::TooLarge instead of buffering without end.
 *  After an error the parser stays failed (feed() repeats the error).
 *  Thread: any, one parser per stream. */
class SseParser
{
public:
    static constexpr qsizetype kDefaultMaxBufferedBytes = 1024 * 1024;

    explicit SseParser(qsizetype maxBufferedBytes = kDefaultMaxBufferedBytes);

    Result<QList<SseItem>> feed(QByteArrayView bytes);

    /** The end of the body. As the standard says, an event without its blank line is dropped
     *  (so is an unterminated last line); returns false when something was dropped that way,
     *  which for a chat stream means it was cut off. Starts over for a new stream (a
     *  reconnection); lastEventId() is kept for it. */
    bool finish();

    /** The id of the last dispatched event (the Last-Event-ID to reconnect with). */
    QString lastEventId() const { return m_lastEventId; }
    bool hasFailed() const { return m_failure.has_value(); }

private:
    bool processLine(QByteArrayView line, QList<SseItem> &items);
    void reset();

    qsizetype m_maxBytes;
    QByteArray m_line;       // the bytes of the unfinished line
    bool m_skipLf = false;   // the last line ended with CR: an LF right after belongs to it
    bool m_atStart = true;   // no line finished yet: a BOM may open the stream
    QString m_data;          // data buffer, each line followed by "\n"
    QString m_type;          // event type buffer
    bool m_pendingFields = false; // a field of the unfinished event arrived (finish() reports it)
    qsizetype m_dataBytes = 0;    // UTF-8 bytes in m_data
    QString m_idBuffer;           // the last "id:" line's value, dispatched with the next event
    QString m_lastEventId;        // the id of the last dispatched event
    std::optional<Error> m_failure;
};

} // namespace Studio::Llm
