// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QTextBrowser>

class QTextFrame;

namespace Studio::Ui {

/** @brief The transcript of one chat tab: a bubble per message (Markdown), a reply that streams
 *  in without flicker, and a reader's scroll position that never jumps: the view follows new
 *  text only while it is scrolled to the bottom. Thread: GUI. */
class ChatView final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatView)

public:
    enum class Kind {
        User,
        Assistant,
        Greeting, // shown, not stored
        Error,
    };

    explicit ChatView(QWidget *parent = nullptr);

    void clearMessages();
    /** Adds a finished message; text is Markdown for assistant messages. */
    void addMessage(Kind kind, const QString &speaker, const QString &text, const QString &footer = {});
    /** Starts an empty assistant bubble that appendStreamed() fills. */
    void beginStreaming(const QString &speaker);
    void appendStreamed(const QString &text);
    /** Replaces the streamed text with its Markdown rendering and adds the footer. */
    void finishStreaming(const QString &footer);
    bool isStreaming() const { return m_streaming; }
    /** An error bubble; with a retry link when retryable (anchorClicked "retry:"). */
    void addError(const QString &message, bool retryable);

    int messageCount() const { return int(m_messages.size()); }
    QString messageText(int index) const;
    /** The message under a viewport point, or -1. */
    int messageAt(const QPoint &viewportPoint) const;
    QString streamedText() const { return m_streamedText; }

Q_SIGNALS:
    void retryRequested();

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Message
    {
        Kind kind;
        QString text;
        QTextFrame *frame;
    };

    QTextFrame *insertBubble(Kind kind, const QString &speaker);
    void keepScroll(const std::function<void()> &change);

    QList<Message> m_messages;
    bool m_streaming = false;
    QString m_streamedText;
    int m_streamBodyStart = 0;
};

} // namespace Studio::Ui
