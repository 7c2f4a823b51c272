// SPDX-License-Identifier: MIT
#pragma once

#include <llm/chattypes.h>

#include <QCoreApplication>
#include <QString>

namespace Studio::Ui {

/** What to do about an Ollama check, for people at the desktop: in their language, and pointing
 *  at Settings (the engine's own ServerReport::advice() speaks to the command line, in English). */
class OllamaAdvice final
{
    Q_DECLARE_TR_FUNCTIONS(OllamaAdvice)

public:
    /** Empty when Ollama is reachable and has the model. */
    static QString text(const Llm::ServerReport &report);
};

} // namespace Studio::Ui
