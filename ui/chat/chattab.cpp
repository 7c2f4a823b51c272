// SPDX-License-Identifier: MIT
#include "chattab.h"

#include "chatview.h"

#include <engine/engineclient.h>

#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Studio::Ui {

ChatTab::ChatTab(Engine::EngineClient *engine, const QString &sessionId, const QString &personaId, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_sessionId(sessionId)
    , m_personaId(personaId)
    , m_personaName(personaId)
    , m_view(new ChatView(this))
    , m_input(new QPlainTextEdit(this))
    , m_send(new QPushButton(this))
    , m_stop(new QPushButton(this))
    , m_regenerate(new QPushButton(this))
    , m_edit(new QPushButton(this))
    , m_newConversation(new QPushButton(this))
    , m_export(new QPushButton(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"chatTab-"_s + personaId);
    m_input->setObjectName(u"chatInput"_s);
    m_input->setTabChangesFocus(true);
    m_input->setMaximumHeight(m_input->fontMetrics().lineSpacing() * 6 + 12);
    m_input->installEventFilter(this);
    m_status->setObjectName(u"chatStatus"_s);
    QPalette muted = m_status->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_status->setPalette(muted);

    auto *exportMenu = new QMenu(m_export);
    QAction *markdown = exportMenu->addAction(tr("As Markdown…"));
    QAction *json = exportMenu->addAction(tr("As JSON…"));
    connect(markdown, &QAction::triggered, this, [this] { exportConversation(u"md"_s); });
    connect(json, &QAction::triggered, this, [this] { exportConversation(u"json"_s); });
    m_export->setMenu(exportMenu);

    connect(m_send, &QPushButton::clicked, this, &ChatTab::send);
    connect(m_stop, &QPushButton::clicked, this, &ChatTab::stop);
    connect(m_regenerate, &QPushButton::clicked, this, &ChatTab::regenerate);
    connect(m_edit, &QPushButton::clicked, this, &ChatTab::editLast);
    connect(m_newConversation, &QPushButton::clicked, this, &ChatTab::newConversation);
    connect(m_input, &QPlainTextEdit::textChanged, this, &ChatTab::updateButtons);
    connect(m_view, &ChatView::retryRequested, this, &ChatTab::regenerate);

    auto *actions = new QHBoxLayout;
    for (QPushButton *button : {m_regenerate, m_edit, m_newConversation, m_export})
        actions->addWidget(button);
    actions->addStretch();
    actions->addWidget(m_status);
    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    auto *sendColumn = new QVBoxLayout;
    sendColumn->addWidget(m_send);
    sendColumn->addWidget(m_stop);
    sendColumn->addStretch();
    inputRow->addLayout(sendColumn);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);
    layout->addLayout(inputRow);
    retranslate();

    m_engine->persona(personaId).then(this, [this](const Result<Personas::Persona> &persona) {
        if (!persona)
            return;
        m_personaName = persona->name;
        m_greeting = persona->greeting;
        if (!persona->model.isEmpty())
            m_model = persona->model;
        retranslate(); // the texts that name the persona
        Q_EMIT titleChanged(m_personaName);
        reload();
    });
    m_engine->settings().then(this, [this](const Engine::Settings &settings) {
        m_ollamaUrl = settings.ollamaUrl.toString();
        if (m_model.isEmpty())
            m_model = settings.model;
    });
    updateButtons();
}

ChatTab::~ChatTab()
{
    // Closing the tab stops the model at once; the partial reply is kept, cut off.
    if (m_channel)
        m_channel->cancel();
}

void ChatTab::retranslate()
{
    m_input->setPlaceholderText(tr("Message %1 — Enter sends, Shift+Enter adds a line").arg(m_personaName));
    m_input->setAccessibleName(tr("Message"));
    m_view->setAccessibleName(tr("Conversation with %1").arg(m_personaName));
    m_send->setText(tr("Send"));
    m_send->setAccessibleName(tr("Send message"));
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop the reply (Esc)"));
    m_regenerate->setText(tr("Regenerate"));
    m_regenerate->setToolTip(tr("Answer the last message again"));
    m_edit->setText(tr("Edit last"));
    m_edit->setToolTip(tr("Edit your last message and send it again"));
    m_newConversation->setText(tr("New conversation"));
    m_newConversation->setToolTip(tr("Start afresh; this conversation stays in the history"));
    m_export->setText(tr("Export"));
}

void ChatTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

bool ChatTab::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && !(key->modifiers() & Qt::ShiftModifier)) {
            send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChatTab::updateButtons()
{
    const bool replying = isReplying();
    m_send->setEnabled(!replying && !m_input->toPlainText().trimmed().isEmpty());
    m_stop->setEnabled(replying);
    m_regenerate->setEnabled(!replying && m_hasUserMessage);
    m_edit->setEnabled(!replying && m_hasUserMessage);
    m_newConversation->setEnabled(!replying);
}

QString ChatTab::footerFor(int promptTokens, int completionTokens, qint64 ms, const QString &model, bool cutOff) const
{
    QString footer = tr("%1 · %2 + %3 tokens · %4 s").arg(model).arg(promptTokens).arg(completionTokens)
                         .arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    if (cutOff)
        footer += tr(" · stopped");
    return footer;
}

QString ChatTab::adviceFor(const Error &error) const
{
    switch (error.code) {
    // Whole translated sentences for what the user can fix; the engine's English text otherwise.
    case ErrorCode::LlmUnreachable:
        return tr("Ollama is not reachable at %1. Start it (for example with `ollama serve`), then retry.")
            .arg(m_ollamaUrl);
    case ErrorCode::LlmModelMissing:
        return tr("The model %1 is not installed in Ollama. Install it with `ollama pull %1`, then retry.")
            .arg(m_model);
    case ErrorCode::Timeout:
        return tr("Ollama at %1 did not answer in time. The model may still be loading; retry in a moment.")
            .arg(m_ollamaUrl);
    case ErrorCode::Busy:
        return tr("%1 is still replying; wait for the reply or stop it.").arg(m_personaName);
    default:
        return error.message;
    }
}

void ChatTab::reload()
{
    m_engine->history(m_sessionId, m_personaId, -1, 200)
        .then(this, [this](const Result<Conversation::ConversationPage> &page) {
            if (isReplying())
                return; // the streaming view stays; the next reload catches up
            m_view->clearMessages();
            m_hasUserMessage = false;
            if (!page) {
                m_view->addError(page.error().message, false);
                return;
            }
            if (!page->conversation.summary.isEmpty())
                m_view->addMessage(ChatView::Kind::Greeting, tr("Earlier in this conversation"),
                                   page->conversation.summary);
            if (page->messages.isEmpty() && !m_greeting.isEmpty())
                m_view->addMessage(ChatView::Kind::Greeting, m_personaName, m_greeting);
            for (const Store::MessageRow &message : page->messages) {
                const bool user = message.role == u"user"_s;
                m_hasUserMessage = m_hasUserMessage || user;
                m_view->addMessage(user ? ChatView::Kind::User : ChatView::Kind::Assistant,
                                   user ? tr("You") : m_personaName, message.content,
                                   user ? QString()
                                        : footerFor(message.promptTokens, message.completionTokens, message.totalMs,
                                                    message.model, message.cutOff));
            }
            updateButtons();
        });
}

void ChatTab::send()
{
    const QString text = m_input->toPlainText().trimmed();
    if (text.isEmpty() || isReplying())
        return;
    Conversation::TurnRequest request{m_sessionId, m_personaId, text, {}, {}, false};
    if (m_editing) {
        request.kind = Conversation::TurnRequest::Kind::EditLast;
        m_reloadAfterTurn = true;
    }
    m_editing = false;
    m_input->clear();
    startTurn(request, text);
}

void ChatTab::regenerate()
{
    if (isReplying())
        return;
    Conversation::TurnRequest request{m_sessionId, m_personaId, {}, {}, {}, false};
    request.kind = Conversation::TurnRequest::Kind::Regenerate;
    m_reloadAfterTurn = true;
    startTurn(request, {});
}

void ChatTab::editLast()
{
    if (isReplying())
        return;
    m_engine->history(m_sessionId, m_personaId, -1, 2)
        .then(this, [this](const Result<Conversation::ConversationPage> &page) {
            if (!page)
                return;
            for (auto it = page->messages.crbegin(); it != page->messages.crend(); ++it) {
                if (it->role == u"user"_s) {
                    m_input->setPlainText(it->content);
                    m_input->setFocus();
                    m_input->moveCursor(QTextCursor::End);
                    m_editing = true;
                    m_status->setText(tr("Editing your last message; Send replaces it"));
                    return;
                }
            }
        });
}

void ChatTab::newConversation()
{
    if (isReplying())
        return;
    m_engine->startConversation(m_sessionId, m_personaId).then(this, [this](const Result<Store::ConversationRow> &) {
        reload();
    });
}

void ChatTab::startTurn(const Conversation::TurnRequest &request, const QString &shownMessage)
{
    if (!shownMessage.isEmpty() && request.kind == Conversation::TurnRequest::Kind::Send) {
        m_view->addMessage(ChatView::Kind::User, tr("You"), shownMessage);
        m_hasUserMessage = true;
    }
    m_channel = Conversation::TurnChannel::create();
    connect(m_channel.get(), &Conversation::TurnChannel::started, this, [this](qint64, qint64, const QString &) {
        m_view->beginStreaming(m_personaName);
        m_status->setText(tr("%1 is writing…").arg(m_personaName));
    });
    connect(m_channel.get(), &Conversation::TurnChannel::waiting, this, [this](int ahead) {
        m_status->setText(ahead == 0 ? tr("Waiting for the model: next in line")
                                     : tr("Waiting for the model: %n request(s) ahead", nullptr, ahead));
    });
    connect(m_channel.get(), &Conversation::TurnChannel::delta, this, [this](const QString &text, int tokens) {
        if (tokens == 1)
            m_status->setText(tr("%1 is writing…").arg(m_personaName));
        m_view->appendStreamed(text);
    });
    connect(m_channel.get(), &Conversation::TurnChannel::finished, this, &ChatTab::turnFinished);
    m_engine->chat(request, m_channel);
    updateButtons();
    Q_EMIT replyingChanged(true);
}

void ChatTab::turnFinished(const Conversation::TurnResult &result)
{
    m_channel.reset();
    if (result) {
        m_view->finishStreaming(footerFor(result->promptTokens, result->completionTokens, result->processingMs,
                                          result->model, result->cutOff));
        if (result->cutOff && result->doneReason == u"length"_s)
            m_status->setText(tr("The reply reached the length limit and was cut off"));
        else
            m_status->setText(result->cutOff ? tr("Stopped") : QString());
    } else {
        if (m_view->isStreaming())
            m_view->finishStreaming(tr("cut off"));
        const bool retryable = result.error().code != ErrorCode::InvalidArgument
                               && result.error().code != ErrorCode::TooLarge && m_hasUserMessage;
        m_view->addError(adviceFor(result.error()), retryable);
        m_status->clear();
    }
    updateButtons();
    Q_EMIT replyingChanged(false);
    if (std::exchange(m_reloadAfterTurn, false) && result)
        reload();
}

void ChatTab::stop()
{
    if (m_channel)
        m_channel->cancel();
}

void ChatTab::exportConversation(const QString &format, const QString &path)
{
    QString target = path;
    if (target.isEmpty()) {
        const QString filter = format == u"json"_s ? tr("JSON (*.json)") : tr("Markdown (*.md)");
        target = QFileDialog::getSaveFileName(this, tr("Export conversation"),
                                              u"%1-conversation.%2"_s.arg(m_personaId, format), filter);
        if (target.isEmpty())
            return;
    }
    m_engine->history(m_sessionId, m_personaId, 0, 1000)
        .then(this, [this, format, target](const Result<Conversation::ConversationPage> &page) {
            if (!page)
                return m_view->addError(page.error().message, false);
            QByteArray bytes;
            if (format == u"json"_s) {
                QJsonArray messages;
                for (const Store::MessageRow &message : page->messages)
                    messages.append(QJsonObject{{u"role"_s, message.role},
                                                {u"content"_s, message.content},
                                                {u"created_at"_s, isoUtc(message.createdMs)},
                                                {u"cut_off"_s, message.cutOff}});
                bytes = QJsonDocument(QJsonObject{{u"persona"_s, m_personaName},
                                                  {u"persona_id"_s, m_personaId},
                                                  {u"summary"_s, page->conversation.summary},
                                                  {u"messages"_s, messages}})
                            .toJson(QJsonDocument::Indented);
            } else {
                QString markdown = tr("# Conversation with %1").arg(m_personaName) + u"\n\n"_s;
                if (!page->conversation.summary.isEmpty())
                    markdown += u"> "_s + page->conversation.summary + u"\n\n"_s;
                for (const Store::MessageRow &message : page->messages) {
                    markdown += u"**%1** — %2\n\n%3\n\n"_s.arg(message.role == u"user"_s ? tr("You") : m_personaName,
                                                              isoUtc(message.createdMs), message.content);
                }
                bytes = markdown.toUtf8();
            }
            QSaveFile file(target);
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                return m_view->addError(tr("Cannot write %1: %2").arg(target, file.errorString()), false);
            m_status->setText(tr("Exported to %1").arg(target));
            Q_EMIT exported(target);
        });
}

} // namespace Studio::Ui
