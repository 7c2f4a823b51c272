// SPDX-License-Identifier: MIT
#pragma once

#include <conversation/chattypes.h>
#include <conversation/turnchannel.h>

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Studio::Engine {
class EngineClient;
}

namespace Studio::Ui {

class ChatView;

/** @brief One open conversation with a persona: the transcript, the input box (Enter sends,
 *  Shift+Enter adds a line), Stop, Regenerate, Edit and resend, export. Talks to the engine
 *  through its service API only. Thread: GUI. */
class ChatTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatTab)

public:
    ChatTab(Engine::EngineClient *engine, const QString &sessionId, const QString &personaId,
            QWidget *parent = nullptr);
    ~ChatTab() override;

    QString personaId() const { return m_personaId; }
    QString personaName() const { return m_personaName; }
    bool isReplying() const { return m_channel != nullptr; }
    ChatView *view() const { return m_view; }
    QPlainTextEdit *input() const { return m_input; }

    void send();
    void stop();
    void regenerate();
    void editLast();
    void newConversation();
    /** Writes the conversation as Markdown ("md") or JSON ("json"); asks for a file when path is empty. */
    void exportConversation(const QString &format, const QString &path = {});
    void reload();

Q_SIGNALS:
    void titleChanged(const QString &title);
    void replyingChanged(bool replying);
    void exported(const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void startTurn(const Conversation::TurnRequest &request, const QString &shownMessage);
    void turnFinished(const Conversation::TurnResult &result);
    void updateButtons();
    void retranslate();
    QString footerFor(int promptTokens, int completionTokens, qint64 ms, const QString &model, bool cutOff) const;
    QString adviceFor(const Error &error) const;

    Engine::EngineClient *m_engine;
    QString m_sessionId;
    QString m_personaId;
    QString m_personaName;
    QString m_greeting;
    QString m_ollamaUrl;
    QString m_model;
    ChatView *m_view;
    QPlainTextEdit *m_input;
    QPushButton *m_send;
    QPushButton *m_stop;
    QPushButton *m_regenerate;
    QPushButton *m_edit;
    QPushButton *m_newConversation;
    QPushButton *m_export;
    QLabel *m_status;
    Conversation::TurnChannelPtr m_channel;
    bool m_editing = false;
    bool m_hasUserMessage = false;
    bool m_reloadAfterTurn = false;
};

} // namespace Studio::Ui
