// SPDX-License-Identifier: MIT
#include "persona.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Studio::Personas {

namespace {

// serialized, never rename
constexpr auto kId = "id"_L1;
constexpr auto kName = "name"_L1;
constexpr auto kDescription = "description"_L1;
constexpr auto kPersonality = "personality"_L1;
constexpr auto kTraits = "traits"_L1;
constexpr auto kSpeakingStyle = "speaking_style"_L1;
constexpr auto kGreeting = "greeting"_L1;
constexpr auto kExampleLines = "example_lines"_L1;
constexpr auto kSystemPrompt = "system_prompt"_L1;
constexpr auto kModel = "model"_L1;
constexpr auto kTemperature = "temperature"_L1;
constexpr auto kThinking = "thinking"_L1;
constexpr auto kTopicPreferences = "topic_preferences"_L1;

const QSet<QString> &knownKeys()
{
    static const QSet<QString> keys = {kId, kName, kDescription, kPersonality, kTraits, kSpeakingStyle, kGreeting,
                                       kExampleLines, kSystemPrompt, kModel, kTemperature, kThinking,
                                       kTopicPreferences};
    return keys;
}

Error typeError(QLatin1StringView field, const char *expected)
{
    return Error{ErrorCode::InvalidArgument, u"'%1' must be %2"_s.arg(field, QLatin1StringView(expected))};
}

Result<QString> readString(const QJsonValue &value, QLatin1StringView field)
{
    if (!value.isString())
        return fail(typeError(field, "a string"));
    return value.toString();
}

Result<QStringList> readStringList(const QJsonValue &value, QLatin1StringView field)
{
    if (!value.isArray())
        return fail(typeError(field, "a list of strings"));
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return fail(typeError(field, "a list of strings"));
        list.append(item.toString());
    }
    return list;
}

// Applies one key of a definition; the same rules serve fromJson and patched.
Result<void> applyField(Persona &persona, const QString &key, const QJsonValue &value)
{
    auto assignString = [&](QString &target, QLatin1StringView field) -> Result<void> {
        auto text = readString(value, field);
        if (!text)
            return fail(text.error());
        target = *text;
        return {};
    };
    auto assignList = [&](QStringList &target, QLatin1StringView field) -> Result<void> {
        auto list = readStringList(value, field);
        if (!list)
            return fail(list.error());
        target = *list;
        return {};
    };
    if (key == kId)
        return assignString(persona.id, kId);
    if (key == kName)
        return assignString(persona.name, kName);
    if (key == kDescription)
        return assignString(persona.description, kDescription);
    if (key == kPersonality)
        return assignString(persona.personality, kPersonality);
    if (key == kSpeakingStyle)
        return assignString(persona.speakingStyle, kSpeakingStyle);
    if (key == kGreeting)
        return assignString(persona.greeting, kGreeting);
    if (key == kSystemPrompt)
        return assignString(persona.systemPromptTemplate, kSystemPrompt);
    if (key == kModel)
        return assignString(persona.model, kModel);
    if (key == kTraits)
        return assignList(persona.traits, kTraits);
    if (key == kExampleLines)
        return assignList(persona.exampleLines, kExampleLines);
    if (key == kTemperature) {
        if (value.isNull()) {
            persona.temperature.reset();
            return {};
        }
        if (!value.isDouble())
            return fail(typeError(kTemperature, "a number"));
        persona.temperature = value.toDouble();
        return {};
    }
    if (key == kThinking) {
        if (!value.isBool())
            return fail(typeError(kThinking, "true or false"));
        persona.thinking = value.toBool();
        return {};
    }
    if (key == kTopicPreferences) {
        if (!value.isObject())
            return fail(typeError(kTopicPreferences, "an object of topic names to numbers 0..100"));
        QMap<QString, int> preferences;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const double weight = it.value().toDouble(-1);
            if (!it.value().isDouble() || weight < 0 || weight > 100)
                return fail(ErrorCode::InvalidArgument,
                            u"'topic_preferences.%1' must be a number from 0 to 100"_s.arg(it.key()));
            preferences.insert(it.key(), qRound(weight));
        }
        persona.topicPreferences = preferences;
        return {};
    }
    return fail(ErrorCode::InvalidArgument, u"unknown persona field '%1'"_s.arg(key));
}

Result<void> checkLength(const QString &text, QLatin1StringView field, int max)
{
    if (text.size() > max)
        return fail(ErrorCode::TooLarge,
                    u"'%1' is too long: %2 characters, at most %3"_s.arg(field).arg(text.size()).arg(max));
    return {};
}

Result<void> checkList(const QStringList &list, QLatin1StringView field)
{
    if (list.size() > PersonaLimits::kListMax)
        return fail(ErrorCode::TooLarge,
                    u"'%1' has %2 entries, at most %3"_s.arg(field).arg(list.size()).arg(PersonaLimits::kListMax));
    for (const QString &item : list) {
        if (item.trimmed().isEmpty())
            return fail(ErrorCode::InvalidArgument, u"'%1' has an empty entry"_s.arg(field));
        if (auto ok = checkLength(item, field, PersonaLimits::kItemMax); !ok)
            return ok;
    }
    return {};
}

} // namespace

QJsonObject Persona::toJson() const
{
    QJsonObject object{
        {kId, id},
        {kName, name},
        {kDescription, description},
        {kPersonality, personality},
        {kTraits, QJsonArray::fromStringList(traits)},
        {kSpeakingStyle, speakingStyle},
        {kGreeting, greeting},
        {kExampleLines, QJsonArray::fromStringList(exampleLines)},
        {kSystemPrompt, systemPromptTemplate},
        {kModel, model},
        {kThinking, thinking},
    };
    if (temperature)
        object.insert(kTemperature, *temperature);
    QJsonObject preferences;
    for (auto it = topicPreferences.begin(); it != topicPreferences.end(); ++it)
        preferences.insert(it.key(), it.value());
    object.insert(kTopicPreferences, preferences);
    return object;
}

QJsonObject Persona::toPublicJson() const
{
    QJsonObject object = toJson();
    object.insert("built_in"_L1, builtIn);
    object.insert("modified"_L1, modified);
    return object;
}

Result<Persona> Persona::fromJson(const QJsonObject &object)
{
    return Persona().patched(object);
}

Result<Persona> Persona::patched(const QJsonObject &patch) const
{
    Persona result = *this;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (!knownKeys().contains(it.key()))
            return fail(ErrorCode::InvalidArgument, u"unknown persona field '%1'"_s.arg(it.key()));
        if (auto applied = applyField(result, it.key(), it.value()); !applied)
            return fail(applied.error());
    }
    return result;
}

QString Persona::systemPrompt() const
{
    static const QString fallback =
        u"You are {{name}}, {{description}}\n\nPersonality: {{personality}}\nTraits: {{traits}}\n"
        "How you speak: {{speaking_style}}\n\nStay in character as {{name}}."_s;
    QString prompt = systemPromptTemplate.trimmed().isEmpty() ? fallback : systemPromptTemplate;
    QStringList examples;
    for (const QString &line : exampleLines)
        examples.append(u"- "_s + line);
    prompt.replace(u"{{name}}"_s, name);
    prompt.replace(u"{{description}}"_s, description);
    prompt.replace(u"{{personality}}"_s, personality);
    prompt.replace(u"{{traits}}"_s, traits.join(u", "_s));
    prompt.replace(u"{{speaking_style}}"_s, speakingStyle);
    prompt.replace(u"{{greeting}}"_s, greeting);
    prompt.replace(u"{{examples}}"_s, examples.join(u'\n'));
    return prompt;
}

Result<void> validatePersona(const Persona &persona)
{
    const QString name = persona.name.trimmed();
    if (name.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"a persona needs a name"_s);
    if (name != persona.name)
        return fail(ErrorCode::InvalidArgument, u"the name must not start or end with spaces"_s);
    if (auto ok = checkLength(persona.name, kName, PersonaLimits::kNameMax); !ok)
        return ok;
    for (const QChar c : persona.name) {
        if (c.category() == QChar::Other_Control)
            return fail(ErrorCode::InvalidArgument, u"the name must not contain control characters"_s);
    }
    const std::pair<const QString *, QLatin1StringView> texts[] = {
        {&persona.description, kDescription}, {&persona.personality, kPersonality},
        {&persona.speakingStyle, kSpeakingStyle}, {&persona.greeting, kGreeting}};
    for (const auto &[text, field] : texts) {
        if (auto ok = checkLength(*text, field, PersonaLimits::kTextMax); !ok)
            return ok;
    }
    if (auto ok = checkLength(persona.systemPromptTemplate, kSystemPrompt, PersonaLimits::kSystemPromptMax); !ok)
        return ok;
    if (auto ok = checkLength(persona.model, kModel, 200); !ok)
        return ok;
    if (auto ok = checkList(persona.traits, kTraits); !ok)
        return ok;
    if (auto ok = checkList(persona.exampleLines, kExampleLines); !ok)
        return ok;
    if (persona.temperature && (*persona.temperature < 0.0 || *persona.temperature > 2.0))
        return fail(ErrorCode::InvalidArgument, u"'temperature' must be between 0 and 2"_s);
    if (persona.topicPreferences.size() > 64)
        return fail(ErrorCode::TooLarge, u"'topic_preferences' has more than 64 topics"_s);
    return {};
}

QString slugFor(const QString &name)
{
    // Decompose first so "Élodie" becomes "elodie" rather than "lodie".
    const QString decomposed = name.normalized(QString::NormalizationForm_KD).toLower();
    QString slug;
    for (const QChar c : decomposed) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            slug.append(c);
        else if (c.isMark())
            continue;
        else if (!slug.isEmpty() && !slug.endsWith(u'-'))
            slug.append(u'-');
    }
    slug.truncate(48);
    while (slug.endsWith(u'-'))
        slug.chop(1);
    return slug;
}

} // namespace Studio::Personas
