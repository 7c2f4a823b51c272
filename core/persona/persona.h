// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Studio::Personas {

/** @brief A persona's definition, as in the JSON files of resources/personas and the personas table.
 *  JSON keys are snake_case and stable (the MCP tools and the old dialect expose them). */
struct Persona
{
    QString id;   // stable slug; built-ins: "aria", "kira"
    QString name; // unique, case-insensitive
    QString description;
    QString personality;
    QStringList traits;
    QString speakingStyle;
    QString greeting;
    QStringList exampleLines;
    QString systemPromptTemplate; // {{name}}, {{description}}, {{personality}}, {{traits}},
                                  // {{speaking_style}}, {{greeting}}, {{examples}}
    QString model;                // empty: the configured model
    std::optional<double> temperature;
    bool thinking = false;        // ask thinking models to think (Ollama "think")
    QMap<QString, int> topicPreferences; // topic -> 0..100

    // Where it comes from; not part of the definition JSON.
    bool builtIn = false;  // defined in resources
    bool modified = false; // a built-in with a user copy in the store (reset drops the copy)

    /** The definition (no builtIn/modified). */
    QJsonObject toJson() const;
    /** The definition plus "built_in" and "modified", for front doors. */
    QJsonObject toPublicJson() const;

    /** Reads a definition; wrong types are InvalidArgument naming the field. Unknown keys are refused. */
    static Result<Persona> fromJson(const QJsonObject &object);
    /** Applies the keys present in patch (same keys and rules as fromJson) to a copy of this. */
    Result<Persona> patched(const QJsonObject &patch) const;

    /** The system prompt with the template's placeholders filled in. */
    QString systemPrompt() const;

    bool operator==(const Persona &) const = default;
};

/** Field limits: a user gets a clear message naming the field and the limit. */
struct PersonaLimits
{
    static constexpr int kNameMax = 64;
    static constexpr int kTextMax = 4000;
    static constexpr int kSystemPromptMax = 16000;
    static constexpr int kListMax = 32;
    static constexpr int kItemMax = 1000;
};

/** Checks a definition on its own (uniqueness is the registry's job). */
Result<void> validatePersona(const Persona &persona);

/** A lowercase ASCII slug for ids: "Dr. Ada Lovelace" -> "dr-ada-lovelace". */
QString slugFor(const QString &name);

} // namespace Studio::Personas

Q_DECLARE_METATYPE(Studio::Personas::Persona)
