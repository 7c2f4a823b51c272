// SPDX-License-Identifier: MIT
// Memory formation: which sentences of the user become memories, in what words, of what kind
// and importance; small talk and questions never do.
#include <memory/memoryformation.h>
#include <memory/memorytypes.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio::Memory;

class tst_MemoryFormation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formsMemories_data();
    void formsMemories();
    void smallTalkAndQuestionsFormNothing_data();
    void smallTalkAndQuestionsFormNothing();
    void thirdPerson_data();
    void thirdPerson();
    void importanceOrdersWhatMatters();
    void importanceStaysInRange();
    void valence_data();
    void valence();
    void atMostFivePerMessage();
    void splitsSentences();
    void parsesTheModelsRating_data();
    void parsesTheModelsRating();
};

void tst_MemoryFormation::formsMemories_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("rule");

    QTest::newRow("favourite") << u"My favourite tea is jasmine."_s << u"The user's favourite tea is jasmine."_s
                               << u"preference"_s << u"preference"_s;
    QTest::newRow("name") << u"Hi! My name is Sam."_s << u"The user's name is Sam."_s << u"fact"_s << u"name"_s;
    QTest::newRow("call me") << u"Please call me Robin"_s << u"The user wants to be called Robin."_s << u"fact"_s
                             << u"name"_s;
    QTest::newRow("like") << u"I really like hiking with my dog"_s << u"The user really likes hiking with their dog."_s
                          << u"preference"_s << u"preference"_s;
    QTest::newRow("hate") << u"I hate mornings!"_s << u"The user hates mornings."_s << u"preference"_s
                          << u"preference"_s;
    QTest::newRow("don't like") << u"I don't like horror films"_s << u"The user doesn't like horror films."_s
                                << u"preference"_s << u"preference"_s;
    QTest::newRow("work") << u"I work as a nurse in Berlin."_s << u"The user works as a nurse in Berlin."_s
                          << u"fact"_s << u"identity"_s;
    QTest::newRow("I'm a") << u"I'm a software engineer"_s << u"The user is a software engineer."_s << u"fact"_s
                           << u"identity"_s;
    QTest::newRow("live") << u"I live in Lisbon"_s << u"The user lives in Lisbon."_s << u"fact"_s << u"identity"_s;
    QTest::newRow("allergic") << u"I'm allergic to peanuts."_s << u"The user is allergic to peanuts."_s << u"fact"_s
                              << u"condition"_s;
    QTest::newRow("my sister") << u"My sister is a doctor"_s << u"The user's sister is a doctor."_s << u"fact"_s
                               << u"possession"_s;
    QTest::newRow("have") << u"I have two cats named Tom and Jerry"_s << u"The user has two cats named Tom and Jerry."_s
                          << u"fact"_s << u"has"_s;
    QTest::newRow("plan") << u"I'm going to Paris next week"_s << u"The user is going to Paris next week."_s
                          << u"event"_s << u"plan"_s;
    QTest::newRow("will") << u"I will start a new job on Monday"_s << u"The user will start a new job on Monday."_s
                          << u"event"_s << u"plan"_s;
    QTest::newRow("event") << u"Yesterday I went to the opera and I loved it"_s
                           << u"Yesterday the user went to the opera and they loved it."_s << u"event"_s << u"event"_s;
    QTest::newRow("dated") << u"My exam was on 3/14 and it went badly"_s
                           << u"The user's exam was on 3/14 and it went badly."_s << u"fact"_s << u"possession"_s;
    QTest::newRow("feeling") << u"I feel lonely since I moved"_s << u"The user feels lonely since they moved."_s
                             << u"note"_s << u"feeling"_s;
    QTest::newRow("remember that") << u"Remember that I am vegetarian."_s << u"The user is vegetarian."_s
                                   << u"fact"_s << u"condition"_s;
    QTest::newRow("lead-in words") << u"By the way, I love jazz"_s << u"By the way, the user loves jazz."_s
                                   << u"preference"_s << u"preference"_s;
    QTest::newRow("curly apostrophe") << u"I\u2019m from Oslo"_s << u"The user is from Oslo."_s << u"fact"_s
                                      << u"identity"_s;
}

void tst_MemoryFormation::formsMemories()
{
    QFETCH(QString, message);
    QFETCH(QString, content);
    QFETCH(QString, kind);
    QFETCH(QString, rule);
    const QList<FormedMemory> formed = extractMemories(message);
    QCOMPARE(formed.size(), 1);
    QCOMPARE(formed.at(0).content, content);
    QCOMPARE(formed.at(0).kind, kind);
    QCOMPARE(formed.at(0).rule, rule);
    QVERIFY(isMemoryKind(formed.at(0).kind));
    QVERIFY(formed.at(0).importance >= 0.05 && formed.at(0).importance <= 1.0);
}

void tst_MemoryFormation::smallTalkAndQuestionsFormNothing_data()
{
    QTest::addColumn<QString>("message");
    QTest::newRow("greeting") << u"Hi Aria!"_s;
    QTest::newRow("thanks") << u"Thanks, that was lovely."_s;
    QTest::newRow("I'm fine") << u"I'm fine, thank you."_s;
    QTest::newRow("I'm back") << u"I'm back"_s;
    QTest::newRow("question") << u"What tea do I like?"_s;
    QTest::newRow("question about me") << u"Do you remember my name?"_s;
    QTest::newRow("reaction") << u"I love it"_s;
    QTest::newRow("reaction to the persona") << u"I like that"_s;
    QTest::newRow("I see") << u"I see."_s;
    QTest::newRow("don't know") << u"I don't know"_s;
    QTest::newRow("request") << u"Can you tell me a story about dragons."_s;
    QTest::newRow("conditional") << u"If I were a bird I would fly south."_s;
    QTest::newRow("buried first person") << u"Sing me the song about the tea I like"_s;
    QTest::newRow("no first person") << u"The weather is nice today."_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("punctuation") << u"?!..."_s;
    QTest::newRow("pasted text") << (u"I like "_s + QString(400, u'a'));
}

void tst_MemoryFormation::smallTalkAndQuestionsFormNothing()
{
    QFETCH(QString, message);
    const QList<FormedMemory> formed = extractMemories(message);
    QVERIFY2(formed.isEmpty(), qPrintable(formed.isEmpty() ? QString() : formed.at(0).content));
}

void tst_MemoryFormation::thirdPerson_data()
{
    QTest::addColumn<QString>("sentence");
    QTest::addColumn<QString>("expected");
    QTest::newRow("I am") << u"I am tired of rain"_s << u"The user is tired of rain."_s;
    QTest::newRow("I've") << u"I've got a bike"_s << u"The user has got a bike."_s;
    QTest::newRow("I'll") << u"I'll visit Rome"_s << u"The user will visit Rome."_s;
    QTest::newRow("study") << u"I study physics"_s << u"The user studies physics."_s;
    QTest::newRow("watch") << u"I watch birds"_s << u"The user watches birds."_s;
    QTest::newRow("go") << u"I go climbing"_s << u"The user goes climbing."_s;
    QTest::newRow("past") << u"I grew up in Cork"_s << u"The user grew up in Cork."_s;
    QTest::newRow("modal") << u"I can speak Welsh"_s << u"The user can speak Welsh."_s;
    QTest::newRow("do not") << u"I do not eat meat"_s << u"The user does not eat meat."_s;
    QTest::newRow("later I") << u"I like tea because I am English"_s
                             << u"The user likes tea because they are English."_s;
    QTest::newRow("me, mine, myself") << u"My mother calls me often and I call her myself"_s
                                      << u"The user's mother calls them often and they call her themselves."_s;
    QTest::newRow("exclamation") << u"I love snow!"_s << u"The user loves snow."_s;
}

void tst_MemoryFormation::thirdPerson()
{
    QFETCH(QString, sentence);
    QFETCH(QString, expected);
    QCOMPARE(toThirdPerson(sentence), expected);
}

void tst_MemoryFormation::importanceOrdersWhatMatters()
{
    const double name = extractMemories(u"My name is Sam"_s).value(0).importance;
    const double allergy = extractMemories(u"I'm allergic to penicillin"_s).value(0).importance;
    const double preference = extractMemories(u"I like green tea"_s).value(0).importance;
    const double plan = extractMemories(u"I plan to repaint the kitchen"_s).value(0).importance;
    const double feeling = extractMemories(u"I feel a bit bored"_s).value(0).importance;
    const double weighty = extractMemories(u"My father died last year in Dublin"_s).value(0).importance;
    const double plainPossession = extractMemories(u"My car is blue"_s).value(0).importance;
    QVERIFY2(name >= 0.9, qPrintable(QString::number(name)));
    QVERIFY(name > allergy);
    QVERIFY(allergy > preference);
    QVERIFY(preference > feeling || plan > feeling);
    QVERIFY2(weighty > plainPossession, qPrintable(u"%1 vs %2"_s.arg(weighty).arg(plainPossession)));
    // The same heuristic scores text a tool stores without an importance.
    QCOMPARE(scoreImportance(u"My name is Sam"_s, u"note"_s), name);
    QVERIFY(scoreImportance(u"Likes the colour of autumn leaves a lot"_s, u"preference"_s) > 0.5);
    QVERIFY(scoreImportance(u"ok"_s, u"note"_s) < 0.4);
}

void tst_MemoryFormation::importanceStaysInRange()
{
    const QStringList texts = {u"x"_s, u"I love my wife and my baby daughter, who was born in May 2024 in Vienna"_s,
                               QString(4000, u'a'), QString()};
    for (const QString &text : texts) {
        for (const QString &kind : memoryKinds()) {
            const double importance = scoreImportance(text, kind);
            QVERIFY(importance >= 0.05 && importance <= 1.0);
        }
    }
}

void tst_MemoryFormation::valence_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("sign");
    QTest::newRow("love") << u"I love sunny days"_s << 1;
    QTest::newRow("hate") << u"I hate traffic"_s << -1;
    QTest::newRow("negated like") << u"I don't like olives"_s << -1;
    QTest::newRow("can't stand") << u"I can't stand loud music"_s << -1;
    QTest::newRow("neutral") << u"I live in Lisbon"_s << 0;
    QTest::newRow("mixed") << u"I love my job but I hate the commute"_s << 0;
}

void tst_MemoryFormation::valence()
{
    QFETCH(QString, text);
    QFETCH(int, sign);
    const double valence = estimateValence(text);
    QVERIFY(valence >= -1.0 && valence <= 1.0);
    if (sign == 0)
        QCOMPARE(valence, 0.0);
    else
        QVERIFY2(valence * sign > 0, qPrintable(QString::number(valence)));
}

void tst_MemoryFormation::atMostFivePerMessage()
{
    const QString message = u"My name is Ann. I live in Rome. I like cats. I hate snow. I work at a bank. "
                            "I have a brother. I'm going to Spain. I feel happy."_s;
    const QList<FormedMemory> formed = extractMemories(message);
    QCOMPARE(formed.size(), 5);
    QCOMPARE(formed.at(0).rule, u"name"_s); // the most important ones are kept
}

void tst_MemoryFormation::splitsSentences()
{
    QCOMPARE(splitSentences(u"One. Two! Three?\nFour; five"_s),
             (QStringList{u"One."_s, u"Two!"_s, u"Three?"_s, u"Four;"_s, u"five"_s}));
    QVERIFY(splitSentences(u"   "_s).isEmpty());
}

void tst_MemoryFormation::parsesTheModelsRating_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<double>("importance"); // < 0: no rating
    QTest::newRow("bare") << u"7"_s << 0.7;
    QTest::newRow("ten") << u"10"_s << 1.0;
    QTest::newRow("one") << u"1\n"_s << 0.1;
    QTest::newRow("in words") << u"Rating: 8. It is a big life event."_s << 0.8;
    QTest::newRow("out of ten") << u"6/10"_s << 0.6;
    QTest::newRow("zero") << u"0"_s << -1.0;
    QTest::newRow("too high") << u"12"_s << -1.0;
    QTest::newRow("decimal") << u"7.5"_s << -1.0;
    QTest::newRow("refusal") << u"I cannot rate memories."_s << -1.0;
    QTest::newRow("empty") << QString() << -1.0;
}

void tst_MemoryFormation::parsesTheModelsRating()
{
    QFETCH(QString, answer);
    QFETCH(double, importance);
    const auto rating = parseImportanceRating(answer);
    if (importance < 0) {
        QVERIFY(!rating);
        return;
    }
    QVERIFY(rating);
    QCOMPARE(*rating, importance);
    QVERIFY(importanceRatingPrompt(u"The user's dog died."_s).contains(u"Memory: The user's dog died.\nRating:"_s));
}

QTEST_APPLESS_MAIN(tst_MemoryFormation)
#include "tst_memoryformation.moc"
