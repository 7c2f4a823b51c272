// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

#include <optional>

namespace Studio::Store {

// Plain rows as the store keeps them. Times are milliseconds since the epoch, UTC.

struct PersonaRow
{
    QString id;
    QString name;
    QByteArray definition; // the persona as JSON (Studio::Personas::Persona::toJson)
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
};

struct SessionRow
{
    QString id;        // UUID without braces
    QString kind;      // "desktop", "cli", "mcp"; serialized, never rename
    QString transport; // "", "websocket", "http", "stdio"
    QString clientName;
    QString clientVersion;
    qint64 createdMs = 0;
    qint64 lastActiveMs = 0;
    QString activePersonaId;
    std::optional<qint64> closedMs;

    bool isOpen() const { return !closedMs.has_value(); }
};

struct ConversationRow
{
    qint64 id = 0;
    QString sessionId;
    QString personaId;
    QString summary;              // running summary of the messages that fell out of the window
    qint64 summarizedThrough = 0; // id of the last message folded into the summary
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    std::optional<qint64> archivedMs; // set by a reset; the conversation stays in the history
};

struct MessageRow
{
    qint64 id = 0;
    qint64 conversationId = 0;
    QString role; // "user", "assistant"
    QString content;
    qint64 createdMs = 0;
    int promptTokens = 0;     // Ollama's prompt_eval_count for the reply
    int completionTokens = 0; // Ollama's eval_count
    QString model;
    qint64 totalMs = 0;       // processing time of the reply
    qint64 firstTokenMs = -1;
    QString doneReason;
    bool cutOff = false;      // the reply was stopped or failed part-way
};

/** One request to the model, exactly as sent, with what came back (the inspector's source). */
struct ModelCallRow
{
    qint64 id = 0;
    qint64 conversationId = 0;
    std::optional<qint64> messageId; // the reply it produced, if any
    QString purpose;                 // "chat", "summary"; serialized, never rename
    QString model;
    QString digest;
    QByteArray request; // the /api/chat body
    qint64 startedMs = 0;
    qint64 firstTokenMs = -1;
    qint64 durationMs = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    QString doneReason;
    QString error;
};

} // namespace Studio::Store

Q_DECLARE_METATYPE(Studio::Store::SessionRow)
Q_DECLARE_METATYPE(Studio::Store::ConversationRow)
Q_DECLARE_METATYPE(Studio::Store::MessageRow)
Q_DECLARE_METATYPE(Studio::Store::ModelCallRow)
