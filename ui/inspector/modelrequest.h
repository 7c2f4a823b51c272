// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Studio::Ui {

/** @brief A stored /api/chat body taken apart for the inspector: the persona's system prompt
 *  (with any context sections), the running summary, the window messages and the options,
 *  plus the body itself pretty-printed. Thread: any (a value type). */
struct ModelRequest
{
    struct Message
    {
        QString role;
        QString content;
    };

    bool valid = false;          // the body was a JSON object
    QString model;
    QString systemMessage;       // the whole system message, exactly as sent
    QString systemPrompt;        // the system message without the summary section
    QString summary;             // the summary section's text; empty when none was sent
    QList<Message> window;       // every message after the system message, in order
    QList<QPair<QString, QString>> options; // top-level settings, then "options", as sent
    QString prettyJson;          // the body indented; the raw text when it is not JSON

    static ModelRequest parse(const QByteArray &body);
};

} // namespace Studio::Ui
