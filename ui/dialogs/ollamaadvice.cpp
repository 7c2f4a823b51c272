// SPDX-License-Identifier: MIT
#include "ollamaadvice.h"

namespace Studio::Ui {

QString OllamaAdvice::text(const Llm::ServerReport &report)
{
    if (!report.reachable)
        return tr("Ollama is not reachable at %1. Start it with `ollama serve`, or set its address in Settings.")
            .arg(report.url.toString());
    if (!report.model.isEmpty() && !report.modelPresent)
        return tr("The model %1 is not installed. Run `ollama pull %1`, or choose another model in Settings.")
            .arg(report.model);
    return {};
}

} // namespace Studio::Ui
