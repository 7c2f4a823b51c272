// SPDX-License-Identifier: MIT
#include "clicommands.h"

#include "console.h"

#include <engine/engineclient.h>

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Studio::App {

namespace {

QString oneLine(QString text, int max)
{
    text.replace(u'\n', u' ');
    return text.size() > max ? text.left(max - 1) + u"…"_s : text;
}

QString sentence(const QString &message)
{
    if (message.isEmpty())
        return message;
    QString text = message;
    text[0] = text[0].toUpper();
    if (!text.endsWith(u'.') && !text.endsWith(u'?') && !text.endsWith(u'!'))
        text += u'.';
    return text;
}

} // namespace

int exitCodeFor(const Error &error)
{
    if (error.isLlmUnavailable())
        return ExitLlmUnavailable;
    return ExitFailure;
}

CliCommands::CliCommands(Engine::EngineClient *client, CommandLine line, Done done, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_line(std::move(line))
    , m_done(std::move(done))
{
}

void CliCommands::run()
{
    switch (m_line.command) {
    case CommandLine::Command::Personas: return listPersonas();
    case CommandLine::Command::Chat: return chat();
    case CommandLine::Command::History: return history();
    case CommandLine::Command::Status: return status();
    default: return finish(ExitUsage);
    }
}

void CliCommands::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_done(exitCode);
}

void CliCommands::failWith(const Error &error)
{
    Console::err(u"persona-studio: "_s + sentence(error.message) + u'\n');
    finish(exitCodeFor(error));
}

void CliCommands::listPersonas()
{
    m_client->listPersonas().then(this, [this](const Result<QList<Personas::Persona>> &personas) {
        if (!personas)
            return failWith(personas.error());
        for (const Personas::Persona &persona : *personas) {
            const QString origin = persona.builtIn ? (persona.modified ? u"built-in, edited"_s : u"built-in"_s)
                                                   : u"yours"_s;
            Console::out(u"%1\t%2\t(%3)\t%4\n"_s.arg(persona.id, persona.name, origin,
                                                     oneLine(persona.description, 100)));
        }
        finish(ExitOk);
    });
}

void CliCommands::withSession(const std::function<void(const QString &)> &next)
{
    auto future = m_line.sessionId.isEmpty() ? m_client->cliSession() : m_client->resumeSession(m_line.sessionId);
    future.then(this, [this, next](const Result<Store::SessionRow> &session) {
        if (!session)
            return failWith(session.error());
        next(session->id);
    });
}

void CliCommands::chat()
{
    withSession([this](const QString &sessionId) {
        Conversation::TurnRequest request;
        request.sessionId = sessionId;
        request.persona = m_line.persona;
        request.message = m_line.message;
        request.newConversation = m_line.newConversation;
        const Conversation::TurnChannelPtr channel = Conversation::TurnChannel::create();
        auto wroteText = std::make_shared<bool>(false);
        connect(channel.get(), &Conversation::TurnChannel::delta, this, [wroteText](const QString &text, int) {
            *wroteText = true;
            Console::out(text);
        });
        connect(channel.get(), &Conversation::TurnChannel::finished, this,
                [this, channel, wroteText](const Conversation::TurnResult &result) {
                    if (*wroteText)
                        Console::out(u"\n"_s);
                    if (!result)
                        return failWith(result.error());
                    if (result->cutOff)
                        Console::err(u"persona-studio: the reply was stopped before it was complete.\n"_s);
                    // The running summary is folded in the background; let it land before exiting.
                    m_client->whenIdle().then(this, [this](bool) { finish(ExitOk); });
                });
        m_client->chat(request, channel);
    });
}

void CliCommands::history()
{
    withSession([this](const QString &sessionId) {
        m_client->history(sessionId, m_line.persona, -1, 1000)
            .then(this, [this](const Result<Conversation::ConversationPage> &page) {
                if (!page)
                    return failWith(page.error());
                if (!page->conversation.summary.isEmpty())
                    Console::out(u"[Summary of earlier messages] %1\n\n"_s.arg(page->conversation.summary));
                for (const Store::MessageRow &message : page->messages) {
                    const QString speaker = message.role == u"user"_s ? u"You"_s : page->personaName;
                    const QString when = QDateTime::fromMSecsSinceEpoch(message.createdMs).toString(u"yyyy-MM-dd HH:mm"_s);
                    Console::out(u"[%1] %2: %3%4\n"_s.arg(when, speaker, message.content,
                                                        message.cutOff ? u" [cut off]"_s : QString()));
                }
                if (page->messages.isEmpty())
                    Console::err(u"persona-studio: no conversation with %1 in this session yet.\n"_s.arg(page->personaName));
                finish(ExitOk);
            });
    });
}

void CliCommands::status()
{
    m_client->status().then(this, [this](const Engine::EngineStatus &engine) {
        Console::out(u"Persona Studio %1\nDatabase: %2 (schema %3, %4 messages, %5 KiB)\nPersonas: %6\n"_s
                         .arg(engine.version, engine.dbPath)
                         .arg(engine.schemaVersion)
                         .arg(engine.messages)
                         .arg(engine.dbBytes / 1024)
                         .arg(engine.personas));
        m_client->checkServer().then(this, [this](const Llm::ServerReport &report) {
            if (!report.reachable) {
                Console::out(u"Ollama: NOT reachable at %1\n  %2\n"_s.arg(report.url.toString(), report.error));
            } else {
                Console::out(u"Ollama: reachable at %1, version %2, %3 models installed\n"_s
                                 .arg(report.url.toString(), report.version)
                                 .arg(report.models.size()));
                if (report.modelPresent)
                    Console::out(u"Model %1: installed, digest %2, context length %3, capabilities: %4\n"_s
                                     .arg(report.model, report.digest.left(19))
                                     .arg(report.contextLength)
                                     .arg(report.capabilities.join(u", "_s)));
                else
                    Console::out(u"Model %1: NOT installed\n"_s.arg(report.model));
            }
            const QString advice = report.advice();
            if (!advice.isEmpty()) {
                Console::out(u"To fix: %1\n"_s.arg(advice));
                return finish(ExitLlmUnavailable);
            }
            finish(ExitOk);
        });
    });
}

} // namespace Studio::App
