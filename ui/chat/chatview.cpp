// SPDX-License-Identifier: MIT
#include "chatview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextFrame>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

namespace {

QColor bubbleColour(ChatView::Kind kind, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    switch (kind) {
    case ChatView::Kind::User: return dark ? QColor(0x23, 0x3a, 0x55) : QColor(0xe3, 0xef, 0xfd);
    case ChatView::Kind::Assistant: return dark ? QColor(0x2c, 0x2c, 0x30) : QColor(0xf3, 0xf3, 0xf5);
    case ChatView::Kind::Greeting: return dark ? QColor(0x26, 0x2a, 0x26) : QColor(0xf1, 0xf6, 0xef);
    case ChatView::Kind::Error: return dark ? QColor(0x55, 0x23, 0x23) : QColor(0xfd, 0xe8, 0xe6);
    }
    return palette.color(QPalette::Base);
}

} // namespace

ChatView::ChatView(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    document()->setDocumentMargin(8);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == u"retry"_s)
            Q_EMIT retryRequested();
    });
}

void ChatView::keepScroll(const std::function<void()> &change)
{
    // Follow the conversation only when the reader is at its end; otherwise stay where they read.
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    const int value = bar->value();
    change();
    bar->setValue(atBottom ? bar->maximum() : value);
}

void ChatView::clearMessages()
{
    m_messages.clear();
    m_streaming = false;
    m_streamedText.clear();
    document()->clear();
}

QTextFrame *ChatView::insertBubble(Kind kind, const QString &speaker)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    QTextFrameFormat format;
    format.setBackground(bubbleColour(kind, palette()));
    format.setPadding(8);
    format.setMargin(4);
    format.setBorder(0);
    if (kind == Kind::User)
        format.setLeftMargin(48);
    else
        format.setRightMargin(48);
    QTextFrame *frame = cursor.insertFrame(format);
    QTextCharFormat speakerFormat;
    speakerFormat.setFontWeight(QFont::Bold);
    cursor.insertText(speaker, speakerFormat);
    cursor.insertBlock();
    cursor.setCharFormat(QTextCharFormat());
    return frame;
}

void ChatView::addMessage(Kind kind, const QString &speaker, const QString &text, const QString &footer)
{
    keepScroll([&] {
        QTextFrame *frame = insertBubble(kind, speaker);
        QTextCursor cursor = frame->lastCursorPosition();
        if (kind == Kind::User)
            cursor.insertText(text, QTextCharFormat()); // not the speaker line's bold
        else
            cursor.insertMarkdown(text);
        if (!footer.isEmpty()) {
            cursor = frame->lastCursorPosition();
            cursor.insertBlock();
            QTextCharFormat small;
            small.setForeground(palette().color(QPalette::PlaceholderText));
            small.setFontPointSize(qMax(6.0, font().pointSizeF() * 0.85));
            cursor.insertText(footer, small);
        }
        m_messages.append(Message{kind, text, frame});
    });
}

void ChatView::beginStreaming(const QString &speaker)
{
    keepScroll([&] {
        QTextFrame *frame = insertBubble(Kind::Assistant, speaker);
        m_streamBodyStart = frame->lastCursorPosition().position();
        m_messages.append(Message{Kind::Assistant, QString(), frame});
    });
    m_streaming = true;
    m_streamedText.clear();
}

void ChatView::appendStreamed(const QString &text)
{
    if (!m_streaming || m_messages.isEmpty())
        return;
    m_streamedText += text;
    keepScroll([&] {
        // Plain text while streaming: appending to the last block redraws only that block.
        QTextCursor cursor = m_messages.last().frame->lastCursorPosition();
        cursor.insertText(text, QTextCharFormat());
    });
}

void ChatView::finishStreaming(const QString &footer)
{
    if (!m_streaming || m_messages.isEmpty())
        return;
    m_streaming = false;
    Message &message = m_messages.last();
    message.text = m_streamedText;
    keepScroll([&] {
        QTextCursor cursor(document());
        cursor.setPosition(m_streamBodyStart);
        cursor.setPosition(message.frame->lastPosition(), QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        cursor.insertMarkdown(m_streamedText);
        if (!footer.isEmpty()) {
            cursor = message.frame->lastCursorPosition();
            cursor.insertBlock();
            QTextCharFormat small;
            small.setForeground(palette().color(QPalette::PlaceholderText));
            small.setFontPointSize(qMax(6.0, font().pointSizeF() * 0.85));
            cursor.insertText(footer, small);
        }
    });
}

void ChatView::addError(const QString &message, bool retryable)
{
    keepScroll([&] {
        QTextFrame *frame = insertBubble(Kind::Error, tr("Something went wrong"));
        QTextCursor cursor = frame->lastCursorPosition();
        cursor.insertText(message, QTextCharFormat());
        if (retryable) {
            cursor.insertText(u" "_s);
            QTextCharFormat link;
            link.setAnchor(true);
            link.setAnchorHref(u"retry:last"_s);
            link.setFontUnderline(true);
            link.setForeground(palette().color(QPalette::Link));
            cursor.insertText(tr("Retry"), link);
        }
        m_messages.append(Message{Kind::Error, message, frame});
    });
}

QString ChatView::messageText(int index) const
{
    return index >= 0 && index < m_messages.size() ? m_messages.at(index).text : QString();
}

int ChatView::messageAt(const QPoint &viewportPoint) const
{
    const int position = cursorForPosition(viewportPoint).position();
    for (int i = 0; i < m_messages.size(); ++i) {
        const QTextFrame *frame = m_messages.at(i).frame;
        if (position >= frame->firstPosition() && position <= frame->lastPosition())
            return i;
    }
    return -1;
}

void ChatView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu *menu = createStandardContextMenu(event->pos());
    const int index = messageAt(event->pos());
    if (index >= 0) {
        menu->addSeparator();
        QAction *copy = menu->addAction(tr("Copy message"));
        connect(copy, &QAction::triggered, this,
                [text = messageText(index)] { QApplication::clipboard()->setText(text); });
    }
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

} // namespace Studio::Ui
