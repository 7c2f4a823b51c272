// SPDX-License-Identifier: MIT
#include <persona/persona.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Personas;

namespace {

Persona minimal(const QString &name = u"Nova"_s)
{
    Persona persona;
    persona.name = name;
    return persona;
}

Persona full()
{
    Persona persona;
    persona.id = u"nova"_s;
    persona.name = u"Nova"_s;
    persona.description = u"a starship navigator"_s;
    persona.personality = u"calm under pressure"_s;
    persona.traits = {u"steady"_s, u"dry humour"_s};
    persona.speakingStyle = u"short sentences"_s;
    persona.greeting = u"Course laid in."_s;
    persona.exampleLines = {u"Two jumps out."_s, u"Hold on to something."_s};
    persona.systemPromptTemplate = u"You are {{name}}."_s;
    persona.model = u"qwen3:8b"_s;
    persona.temperature = 0.7;
    persona.thinking = true;
    persona.topicPreferences = {{u"stars"_s, 90}, {u"gossip"_s, 5}};
    return persona;
}

QStringList repeated(const QString &item, int n)
{
    QStringList list;
    for (int i = 0; i < n; ++i)
        list.append(item + QString::number(i));
    return list;
}

} // namespace

class tst_Persona : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validation_data();
    void validation();
    void fromJsonRejects_data();
    void fromJsonRejects();
    void fromJsonReadsEveryField();
    void jsonLiteralRoundTrip();
    void toJsonFromJsonRoundTrip_data();
    void toJsonFromJsonRoundTrip();
    void toPublicJsonAddsOrigin();
    void patchedChangesOnlyGivenKeys_data();
    void patchedChangesOnlyGivenKeys();
    void patchedRejectsBadKeys();
    void systemPromptFillsEveryPlaceholder();
    void systemPromptFallsBackWhenTemplateEmpty_data();
    void systemPromptFallsBackWhenTemplateEmpty();
    void slugFor_data();
    void slugFor();
};

void tst_Persona::validation_data()
{
    QTest::addColumn<Persona>("persona");
    QTest::addColumn<QString>("code"); // errorCodeName, or empty when valid
    QTest::addColumn<QString>("fragment");

    const QString invalid = errorCodeName(ErrorCode::InvalidArgument);
    const QString tooLarge = errorCodeName(ErrorCode::TooLarge);

    QTest::newRow("valid minimal") << minimal() << QString() << QString();
    QTest::newRow("valid full") << full() << QString() << QString();
    QTest::newRow("empty name") << minimal(QString()) << invalid << u"name"_s;
    QTest::newRow("spaces-only name") << minimal(u"   "_s) << invalid << u"name"_s;
    QTest::newRow("leading space") << minimal(u" Nova"_s) << invalid << u"name"_s;
    QTest::newRow("trailing space") << minimal(u"Nova "_s) << invalid << u"name"_s;
    QTest::newRow("name of 64 chars") << minimal(QString(64, u'n')) << QString() << QString();
    QTest::newRow("name of 65 chars") << minimal(QString(65, u'n')) << tooLarge << u"'name'"_s;
    QTest::newRow("control char in name") << minimal(u"No\u0001va"_s) << invalid << u"control"_s;
    QTest::newRow("tab in name") << minimal(u"No\tva"_s) << invalid << u"control"_s;
    QTest::newRow("non-ASCII name") << minimal(u"Élodie 日本"_s) << QString() << QString();

    Persona persona = minimal();
    persona.description = QString(4000, u'd');
    QTest::newRow("description of 4000 chars") << persona << QString() << QString();
    persona.description = QString(4001, u'd');
    QTest::newRow("description over 4000 chars") << persona << tooLarge << u"'description'"_s;

    persona = minimal();
    persona.personality = QString(4001, u'p');
    QTest::newRow("personality over 4000 chars") << persona << tooLarge << u"'personality'"_s;
    persona = minimal();
    persona.speakingStyle = QString(4001, u's');
    QTest::newRow("speaking_style over 4000 chars") << persona << tooLarge << u"'speaking_style'"_s;
    persona = minimal();
    persona.greeting = QString(4001, u'g');
    QTest::newRow("greeting over 4000 chars") << persona << tooLarge << u"'greeting'"_s;
    persona = minimal();
    persona.systemPromptTemplate = QString(16001, u't');
    QTest::newRow("system_prompt over 16000 chars") << persona << tooLarge << u"'system_prompt'"_s;

    persona = minimal();
    persona.temperature = -0.1;
    QTest::newRow("temperature -0.1") << persona << invalid << u"'temperature'"_s;
    persona.temperature = 2.1;
    QTest::newRow("temperature 2.1") << persona << invalid << u"'temperature'"_s;
    persona.temperature = 0.0;
    QTest::newRow("temperature 0") << persona << QString() << QString();
    persona.temperature = 2.0;
    QTest::newRow("temperature 2") << persona << QString() << QString();

    persona = minimal();
    persona.traits = repeated(u"trait"_s, 32);
    QTest::newRow("32 traits") << persona << QString() << QString();
    persona.traits = repeated(u"trait"_s, 33);
    QTest::newRow("33 traits") << persona << tooLarge << u"'traits'"_s;
    persona.traits = {u"kind"_s, QString()};
    QTest::newRow("empty trait") << persona << invalid << u"'traits'"_s;
    persona.traits = {u"  "_s};
    QTest::newRow("blank trait") << persona << invalid << u"'traits'"_s;
    persona.traits = {QString(1001, u't')};
    QTest::newRow("trait over 1000 chars") << persona << tooLarge << u"'traits'"_s;

    persona = minimal();
    persona.exampleLines = repeated(u"line"_s, 33);
    QTest::newRow("33 example lines") << persona << tooLarge << u"'example_lines'"_s;

    persona = minimal();
    for (int i = 0; i < 65; ++i)
        persona.topicPreferences.insert(u"topic%1"_s.arg(i), 50);
    QTest::newRow("65 topics") << persona << tooLarge << u"'topic_preferences'"_s;
}

void tst_Persona::validation()
{
    QFETCH(Persona, persona);
    QFETCH(QString, code);
    QFETCH(QString, fragment);

    const Result<void> result = validatePersona(persona);
    if (code.isEmpty()) {
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        return;
    }
    QVERIFY(!result);
    QCOMPARE(errorCodeName(result.error().code), code);
    QVERIFY2(result.error().message.contains(fragment), qPrintable(result.error().message));
}

void tst_Persona::fromJsonRejects_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::addColumn<QString>("fragment");

    const QJsonObject base{{"name"_L1, u"Nova"_s}};
    auto with = [&base](QLatin1StringView key, const QJsonValue &value) {
        QJsonObject object = base;
        object.insert(key, value);
        return object;
    };

    QTest::newRow("traits not a list") << with("traits"_L1, u"kind, brave"_s) << u"'traits'"_s;
    QTest::newRow("traits with a number") << with("traits"_L1, QJsonArray{u"kind"_s, 7}) << u"'traits'"_s;
    QTest::newRow("example_lines an object") << with("example_lines"_L1, QJsonObject{}) << u"'example_lines'"_s;
    QTest::newRow("temperature as string") << with("temperature"_L1, u"0.7"_s) << u"'temperature'"_s;
    QTest::newRow("thinking as string") << with("thinking"_L1, u"true"_s) << u"'thinking'"_s;
    QTest::newRow("thinking as number") << with("thinking"_L1, 1) << u"'thinking'"_s;
    QTest::newRow("topic_preferences value 101")
        << with("topic_preferences"_L1, QJsonObject{{"music"_L1, 101}}) << u"'topic_preferences.music'"_s;
    QTest::newRow("topic_preferences value -1")
        << with("topic_preferences"_L1, QJsonObject{{"music"_L1, -1}}) << u"'topic_preferences.music'"_s;
    QTest::newRow("topic_preferences value a string")
        << with("topic_preferences"_L1, QJsonObject{{"music"_L1, u"50"_s}}) << u"'topic_preferences.music'"_s;
    QTest::newRow("topic_preferences a list")
        << with("topic_preferences"_L1, QJsonArray{u"music"_s}) << u"'topic_preferences'"_s;
    QTest::newRow("name as number") << QJsonObject{{"name"_L1, 42}} << u"'name'"_s;
    QTest::newRow("description null") << with("description"_L1, QJsonValue::Null) << u"'description'"_s;
    QTest::newRow("unknown key") << with("mood"_L1, u"grumpy"_s) << u"'mood'"_s;
}

void tst_Persona::fromJsonRejects()
{
    QFETCH(QJsonObject, object);
    QFETCH(QString, fragment);

    const Result<Persona> persona = Persona::fromJson(object);
    QVERIFY(!persona);
    QCOMPARE(errorCodeName(persona.error().code), errorCodeName(ErrorCode::InvalidArgument));
    QVERIFY2(persona.error().message.contains(fragment), qPrintable(persona.error().message));
}

void tst_Persona::fromJsonReadsEveryField()
{
    const QByteArray json = R"({
        "id": "nova", "name": "Nova", "description": "a starship navigator",
        "personality": "calm under pressure", "traits": ["steady", "dry humour"],
        "speaking_style": "short sentences", "greeting": "Course laid in.",
        "example_lines": ["Two jumps out.", "Hold on to something."],
        "system_prompt": "You are {{name}}.", "model": "qwen3:8b", "temperature": 0.7,
        "thinking": true, "topic_preferences": {"stars": 90, "gossip": 5}
    })";
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QVERIFY(!object.isEmpty());
    const Result<Persona> persona = Persona::fromJson(object);
    QVERIFY2(persona, qPrintable(persona ? QString() : persona.error().message));
    QVERIFY(*persona == full());
    QVERIFY(!persona->builtIn);
    QVERIFY(!persona->modified);
}

void tst_Persona::jsonLiteralRoundTrip()
{
    // Every key toJson writes, so the serialized object equals the literal.
    const QByteArray json = R"({
        "id": "kira", "name": "Kira", "description": "A scholar.", "personality": "Precise.",
        "traits": ["analytical", "patient"], "speaking_style": "Clear.", "greeting": "Hello.",
        "example_lines": ["Short answer: probably not."], "system_prompt": "You are {{name}}, {{description}}",
        "model": "", "temperature": 0.6, "thinking": false,
        "topic_preferences": {"history": 95, "gossip": 10}
    })";
    const QJsonObject original = QJsonDocument::fromJson(json).object();
    QVERIFY(!original.isEmpty());
    const Result<Persona> persona = Persona::fromJson(original);
    QVERIFY2(persona, qPrintable(persona ? QString() : persona.error().message));
    QCOMPARE(persona->toJson(), original);
}

void tst_Persona::toJsonFromJsonRoundTrip_data()
{
    QTest::addColumn<Persona>("persona");
    QTest::newRow("minimal") << minimal();
    QTest::newRow("full") << full();
    Persona noTemperature = full();
    noTemperature.temperature.reset();
    noTemperature.topicPreferences.clear();
    noTemperature.thinking = false;
    QTest::newRow("no temperature, no topics") << noTemperature;
    Persona unicode = full();
    unicode.name = u"Élodie ✓"_s;
    unicode.traits = {u"日本"_s, u"😀"_s};
    QTest::newRow("unicode") << unicode;
}

void tst_Persona::toJsonFromJsonRoundTrip()
{
    QFETCH(Persona, persona);
    const QJsonObject json = persona.toJson();
    QVERIFY(!json.contains("built_in"_L1));
    QVERIFY(!json.contains("modified"_L1));
    QCOMPARE(json.contains("temperature"_L1), persona.temperature.has_value());
    const Result<Persona> back = Persona::fromJson(json);
    QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
    QVERIFY(*back == persona);
    QCOMPARE(back->toJson(), json);

    // Through the bytes the store keeps, too.
    const QJsonObject reparsed = QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact)).object();
    const Result<Persona> fromBytes = Persona::fromJson(reparsed);
    QVERIFY(fromBytes);
    QVERIFY(*fromBytes == persona);
}

void tst_Persona::toPublicJsonAddsOrigin()
{
    Persona persona = full();
    persona.builtIn = true;
    persona.modified = true;
    QJsonObject object = persona.toPublicJson();
    QCOMPARE(object.value("built_in"_L1), QJsonValue(true));
    QCOMPARE(object.value("modified"_L1), QJsonValue(true));
    object.remove("built_in"_L1);
    object.remove("modified"_L1);
    QCOMPARE(object, persona.toJson());
}

void tst_Persona::patchedChangesOnlyGivenKeys_data()
{
    QTest::addColumn<QJsonObject>("patch");
    QTest::addColumn<Persona>("expected");

    Persona expected = full();
    QTest::newRow("empty patch") << QJsonObject() << expected;

    expected = full();
    expected.greeting = u"Hi."_s;
    QTest::newRow("greeting") << QJsonObject{{"greeting"_L1, u"Hi."_s}} << expected;

    expected = full();
    expected.name = u"Nova Prime"_s;
    expected.traits = {u"bold"_s};
    QTest::newRow("name and traits") << QJsonObject{{"name"_L1, u"Nova Prime"_s}, {"traits"_L1, QJsonArray{u"bold"_s}}}
                                     << expected;

    expected = full();
    expected.temperature.reset();
    QTest::newRow("temperature null resets") << QJsonObject{{"temperature"_L1, QJsonValue::Null}} << expected;

    expected = full();
    expected.temperature = 1.25;
    expected.thinking = false;
    QTest::newRow("temperature and thinking")
        << QJsonObject{{"temperature"_L1, 1.25}, {"thinking"_L1, false}} << expected;

    expected = full();
    expected.topicPreferences = {{u"poetry"_s, 40}};
    QTest::newRow("topic_preferences replaced whole")
        << QJsonObject{{"topic_preferences"_L1, QJsonObject{{"poetry"_L1, 40}}}} << expected;
}

void tst_Persona::patchedChangesOnlyGivenKeys()
{
    QFETCH(QJsonObject, patch);
    QFETCH(Persona, expected);
    const Persona original = full();
    const Result<Persona> patched = original.patched(patch);
    QVERIFY2(patched, qPrintable(patched ? QString() : patched.error().message));
    QCOMPARE(patched->toJson(), expected.toJson());
    QVERIFY(*patched == expected);
    QVERIFY(original == full()); // the original is untouched
}

void tst_Persona::patchedRejectsBadKeys()
{
    Persona original = full();
    original.builtIn = true;
    original.modified = true;
    const Result<Persona> unknown = original.patched(QJsonObject{{"greeting"_L1, u"Hi"_s}, {"colour"_L1, u"red"_s}});
    QVERIFY(!unknown);
    QCOMPARE(errorCodeName(unknown.error().code), errorCodeName(ErrorCode::InvalidArgument));
    QVERIFY2(unknown.error().message.contains(u"'colour'"_s), qPrintable(unknown.error().message));

    const Result<Persona> wrongType = original.patched(QJsonObject{{"traits"_L1, 3}});
    QVERIFY(!wrongType);
    QVERIFY2(wrongType.error().message.contains(u"'traits'"_s), qPrintable(wrongType.error().message));

    // builtIn and modified are not part of the definition and survive a patch.
    const Result<Persona> ok = original.patched(QJsonObject{{"greeting"_L1, u"Hi"_s}});
    QVERIFY(ok);
    QVERIFY(ok->builtIn);
    QVERIFY(ok->modified);
}

void tst_Persona::systemPromptFillsEveryPlaceholder()
{
    Persona persona = full();
    persona.systemPromptTemplate = u"N={{name}}|D={{description}}|P={{personality}}|T={{traits}}|"
                                   "S={{speaking_style}}|G={{greeting}}|E={{examples}}|again {{name}}"_s;
    QCOMPARE(persona.systemPrompt(),
             u"N=Nova|D=a starship navigator|P=calm under pressure|T=steady, dry humour|S=short sentences|"
             "G=Course laid in.|E=- Two jumps out.\n- Hold on to something.|again Nova"_s);
}

void tst_Persona::systemPromptFallsBackWhenTemplateEmpty_data()
{
    QTest::addColumn<QString>("templateText");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << u"  \n\t "_s;
}

void tst_Persona::systemPromptFallsBackWhenTemplateEmpty()
{
    QFETCH(QString, templateText);
    Persona persona = full();
    persona.systemPromptTemplate = templateText;
    const QString prompt = persona.systemPrompt();
    QVERIFY2(prompt.startsWith(u"You are Nova"_s), qPrintable(prompt));
    for (const QString &part : {persona.description, persona.personality, u"steady, dry humour"_s,
                                persona.speakingStyle}) {
        QVERIFY2(prompt.contains(part), qPrintable(part));
    }
    QVERIFY2(!prompt.contains(u"{{"_s), qPrintable(prompt));
    QVERIFY2(!prompt.contains(u"}}"_s), qPrintable(prompt));
}

void tst_Persona::slugFor_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("slug");
    QTest::newRow("words and punctuation") << u"Dr. Ada Lovelace"_s << u"dr-ada-lovelace"_s;
    QTest::newRow("accent") << u"Élodie"_s << u"elodie"_s;
    QTest::newRow("many accents") << u"Ünïcödé Nàmé"_s << u"unicode-name"_s;
    QTest::newRow("only spaces and dashes") << u"  --  "_s << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("no latin letters") << u"日本"_s << QString();
    QTest::newRow("digits and dashes kept") << u"R2-D2"_s << u"r2-d2"_s;
    QTest::newRow("runs collapse") << u"a__b  --  c"_s << u"a-b-c"_s;
    QTest::newRow("leading and trailing junk") << u"  (Kira)!  "_s << u"kira"_s;
    QTest::newRow("long names cut to 48") << QString(60, u'a') << QString(48, u'a');
    QTest::newRow("cut right after a separator") << QString(47, u'a') + u" bcd"_s << QString(47, u'a');
}

void tst_Persona::slugFor()
{
    QFETCH(QString, name);
    QFETCH(QString, slug);
    const QString actual = Studio::Personas::slugFor(name);
    QCOMPARE(actual, slug);
    QVERIFY(actual.size() <= 48);
    QVERIFY(!actual.endsWith(u'-'));
    QVERIFY(!actual.startsWith(u'-'));
}

QTEST_APPLESS_MAIN(tst_Persona)

#include "tst_persona.moc"
