// SPDX-License-Identifier: MIT
#include "memoryformation.h"

#include "memorytypes.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

namespace {

constexpr int kMaxSentenceChars = 300;
constexpr int kMaxMemoriesPerMessage = 5;
constexpr int kMaxLeadWords = 3; // "By the way, I love ..." still counts; "I wonder what tea I like" not
constexpr double kMinImportance = 0.05;

struct Rule
{
    const char16_t *name;
    const char *kind;
    double base;
    QRegularExpression pattern; // on the lower-cased sentence with straight apostrophes
};

QRegularExpression rx(const QString &pattern)
{
    return QRegularExpression(pattern, QRegularExpression::UseUnicodePropertiesOption);
}

// "I'm" and "I am" are written as (?:'m| am) throughout.
const QList<Rule> &rules()
{
    static const QList<Rule> list = {
        {u"name", Kind::kFact, 0.90,
         rx(u"\\b(?:my name is|my name's|call me|i(?:'m| am) called|people call me|everyone calls me)\\s+\\p{L}"_s)},
        {u"condition", Kind::kFact, 0.75,
         rx(u"\\bi(?:'m| am)\\s+(?:\\w+\\s+)?(?:allergic|vegetarian|vegan|married|engaged|divorced|widowed|single|"
            "pregnant|retired|diabetic|epileptic|asthmatic|disabled|deaf|blind|colou?rblind|left-handed|"
            "lactose intolerant|afraid of|scared of|terrified of)\\b"_s)},
        {u"preference", Kind::kPreference, 0.55,
         rx(u"\\b(?:i|we)\\s+(?:really\\s+|absolutely\\s+|just\\s+|also\\s+|totally\\s+|truly\\s+|still\\s+)?"
            "(?:like|love|enjoy|adore|prefer|hate|dislike|detest|loathe|can't stand|cannot stand|don't like|"
            "do not like|don't enjoy|can't live without)\\b|\\bmy (?:absolute )?(?:favou?rite|least favou?rite)\\b|"
            "\\bi(?:'m| am) (?:a (?:big |huge )?)?fan of\\b|\\bi(?:'m| am) (?:really |not )?into\\b"_s)},
        {u"possession", Kind::kFact, 0.65,
         rx(u"\\bmy\\s+\\p{L}+(?:\\s+\\p{L}+)?\\s+(?:is|are|was|were|'s|has|have)\\b"_s)},
        {u"identity", Kind::kFact, 0.70,
         rx(u"\\bi\\s+(?:\\w+ly\\s+)?(?:live|lived|work|worked|study|studied|teach|grew up|was born|come from|"
            "speak|moved)\\b|\\bi(?:'m| am)\\s+(?:originally\\s+)?from\\b|\\bi(?:'m| am)\\s+(?:a|an)\\s+\\p{L}|"
            "\\bi(?:'m| am)\\s+\\d+\\b|\\bi(?:'m| am)\\s+\\p{L}+-year-old\\b"_s)},
        {u"has", Kind::kFact, 0.60,
         rx(u"\\bi\\s+(?:have|own)\\s+(?:a|an|two|three|four|five|\\d+|my|some)\\b|\\bi've got\\b|"
            "\\bi have got\\b"_s)},
        {u"plan", Kind::kEvent, 0.50,
         rx(u"\\bi(?:'m| am)\\s+(?:going|planning|about|hoping|trying)\\s+to\\b|\\bi(?:'ll| will| shall)\\s+\\p{L}|"
            "\\bi\\s+(?:plan|want|intend|hope|need)\\s+to\\b|\\bi(?:'m| am)\\s+(?:moving|getting|starting|leaving|"
            "travell?ing|visiting|having|flying|taking)\\b"_s)},
        {u"event", Kind::kEvent, 0.50,
         rx(u"\\bi\\s+(?:just\\s+|finally\\s+|recently\\s+)?(?:went|visited|met|had|got|bought|moved|started|"
            "finished|lost|won|graduated|married|saw|travell?ed|broke|passed|quit|adopted|celebrated|left|"
            "became|began|found|made|ran|wrote|built|learned|learnt)\\b"_s)},
        {u"feeling", Kind::kNote, 0.45,
         rx(u"\\bi\\s+(?:feel|felt)\\b|\\bi(?:'m| am)\\s+(?:feeling\\s+|so\\s+|really\\s+|very\\s+|quite\\s+|a bit\\s+)?"
            "(?:sad|happy|lonely|anxious|stressed|worried|excited|depressed|nervous|scared|angry|upset|"
            "exhausted|overwhelmed|heartbroken|grieving|proud|thrilled)\\b"_s)},
    };
    return list;
}

// A first-person sentence that carries a date is an event even when no verb rule matched.
const QRegularExpression &datePattern()
{
    static const QRegularExpression pattern = rx(
        u"\\b(?:yesterday|today|tomorrow|tonight|last (?:week|month|year|night|summer|winter)|"
        "next (?:week|month|year|summer|winter)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
        "in (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
        "(?:19|20)\\d\\d|\\d{1,2}/\\d{1,2})\\b"_s);
    return pattern;
}

const QRegularExpression &firstPerson()
{
    static const QRegularExpression pattern = rx(u"\\b(?:i|i'm|i've|i'll|i'd|my|me)\\b"_s);
    return pattern;
}

// Whole small-talk sentences (after the punctuation is stripped), and reactions to the reply.
const QRegularExpression &smallTalk()
{
    static const QRegularExpression pattern = rx(
        u"^(?:hi|hello|hey|hiya|yo|thanks|thank you|thx|ok|okay|k|yes|yeah|yep|no|nope|nah|sure|cool|nice|great|"
        "lol|haha|hmm|bye|goodbye|good (?:morning|evening|night|afternoon)|see you|cheers)\\b.{0,20}$|"
        "^i(?:'m| am) (?:fine|good|ok|okay|alright|all right|well|great|back|here|sorry|not sure|sure|done|ready|"
        "listening|kidding|just kidding|joking|curious|confused|lost|doing (?:well|good|fine|great|ok|okay))\\b.{0,12}$|"
        "^i (?:see|agree|disagree|think so|guess|suppose|understand|know|don't know|do not know|mean|wonder)\\b.{0,20}$|"
        "^i (?:really )?(?:like|love|hate|enjoy) (?:it|that|this|them|you|your \\w+)(?: (?:a lot|so much|too))?$|"
        "^i(?:'ll| will) (?:try|think about it|see|be back|do that|do it|go|check)\\b.{0,12}$"_s);
    return pattern;
}

const QRegularExpression &skippedOpenings()
{
    static const QRegularExpression pattern = rx(
        u"^(?:if|what if|maybe|perhaps|suppose|imagine|pretend|can you|could you|would you|will you|do you|did you|"
        "are you|tell me|let's|let us|how|why|what|who|where|when)\\b"_s);
    return pattern;
}

// "Remember that my ...": the lead-in is an instruction, the rest the fact.
const QRegularExpression &leadIn()
{
    static const QRegularExpression pattern = rx(
        u"^(?:(?:please|oh|and|also|btw|by the way)[,\\s]+)*(?:(?:can you |could you |please )?remember(?: that)?|"
        "(?:just )?so you know|fyi|for the record|note that|don't forget(?: that)?)[,:\\s]+"_s);
    return pattern;
}

QString normalized(const QString &text)
{
    QString out = text;
    out.replace(u'\u2019', u'\'');
    out.replace(u'\u2018', u'\'');
    return out.simplified();
}

int wordCount(const QString &text)
{
    static const QRegularExpression word = rx(u"[\\p{L}\\p{N}']+"_s);
    int count = 0;
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

const Rule *matchRule(const QString &lower, int *matchStart = nullptr)
{
    for (const Rule &rule : rules()) {
        const QRegularExpressionMatch match = rule.pattern.match(lower);
        if (!match.hasMatch())
            continue;
        if (wordCount(lower.left(match.capturedStart())) > kMaxLeadWords)
            continue;
        if (matchStart)
            *matchStart = int(match.capturedStart());
        return &rule;
    }
    return nullptr;
}

double kindBase(const QString &kind)
{
    if (kind == QLatin1StringView(Kind::kFact))
        return 0.6;
    if (kind == QLatin1StringView(Kind::kPreference))
        return 0.55;
    if (kind == QLatin1StringView(Kind::kEvent))
        return 0.5;
    return 0.4;
}

const QSet<QString> &weightyWords()
{
    static const QSet<QString> words = {
        u"love"_s,      u"loved"_s,    u"hate"_s,      u"afraid"_s,    u"scared"_s,     u"terrified"_s,
        u"died"_s,      u"death"_s,    u"funeral"_s,   u"passed"_s,    u"married"_s,    u"wedding"_s,
        u"divorce"_s,   u"divorced"_s, u"pregnant"_s,  u"baby"_s,      u"born"_s,       u"cancer"_s,
        u"sick"_s,      u"hospital"_s, u"allergic"_s,  u"diagnosed"_s, u"fired"_s,      u"promoted"_s,
        u"graduated"_s, u"anxious"_s,  u"depressed"_s, u"lonely"_s,    u"heartbroken"_s, u"grieving"_s,
        u"proud"_s,     u"excited"_s,  u"birthday"_s,  u"anniversary"_s, u"engaged"_s,  u"adopted"_s,
    };
    return words;
}

const QSet<QString> &positiveWords()
{
    static const QSet<QString> words = {
        u"love"_s,    u"loved"_s,     u"like"_s,      u"likes"_s,    u"enjoy"_s,    u"adore"_s,     u"happy"_s,
        u"glad"_s,    u"great"_s,     u"wonderful"_s, u"excited"_s,  u"proud"_s,    u"favourite"_s, u"favorite"_s,
        u"fun"_s,     u"beautiful"_s, u"amazing"_s,   u"awesome"_s,  u"delighted"_s, u"grateful"_s, u"calm"_s,
        u"relaxed"_s, u"best"_s,      u"celebrated"_s, u"won"_s,     u"promoted"_s, u"married"_s,   u"thrilled"_s,
        u"fan"_s,     u"prefer"_s,
    };
    return words;
}

const QSet<QString> &negativeWords()
{
    static const QSet<QString> words = {
        u"hate"_s,      u"dislike"_s,  u"detest"_s,     u"loathe"_s,  u"sad"_s,     u"lonely"_s,   u"angry"_s,
        u"upset"_s,     u"afraid"_s,   u"scared"_s,     u"terrified"_s, u"worried"_s, u"anxious"_s, u"stressed"_s,
        u"depressed"_s, u"tired"_s,    u"exhausted"_s,  u"sick"_s,    u"ill"_s,     u"died"_s,     u"death"_s,
        u"lost"_s,      u"fired"_s,    u"divorced"_s,   u"cancer"_s,  u"hurt"_s,    u"pain"_s,     u"awful"_s,
        u"terrible"_s,  u"worst"_s,    u"heartbroken"_s, u"grieving"_s, u"overwhelmed"_s, u"nervous"_s,
        u"allergic"_s,
    };
    return words;
}

QStringList lowerWords(const QString &text)
{
    static const QRegularExpression word = rx(u"[\\p{L}\\p{N}']+"_s);
    QStringList words;
    auto it = word.globalMatch(normalized(text).toLower());
    while (it.hasNext())
        words.append(it.next().captured());
    return words;
}

double adjustImportance(const QString &text, double base, bool isName)
{
    const QStringList words = lowerWords(text);
    double importance = base;
    for (const QString &word : words) {
        if (weightyWords().contains(word)) {
            importance += 0.10;
            break;
        }
    }
    bool specific = datePattern().match(normalized(text).toLower()).hasMatch();
    static const QRegularExpression digit = rx(u"\\d"_s);
    static const QRegularExpression properNoun = rx(u"(?<=[\\p{L},;:]\\s)\\p{Lu}\\p{Ll}+"_s);
    if (!specific && digit.match(text).hasMatch())
        specific = true;
    if (!specific) {
        // A capitalised word inside the sentence, other than "I" and "I'm".
        auto it = properNoun.globalMatch(text);
        while (it.hasNext() && !specific) {
            const QString word = it.next().captured();
            specific = word != u"I"_s;
        }
    }
    if (specific)
        importance += 0.05;
    if (words.size() >= 12)
        importance += 0.05;
    else if (words.size() <= 4 && !isName)
        importance -= 0.05;
    return std::clamp(importance, kMinImportance, 1.0);
}

// --- third person ------------------------------------------------------------------------------

bool isAdverb(const QString &lower)
{
    static const QSet<QString> adverbs = {u"really"_s, u"also"_s,  u"always"_s,   u"never"_s,  u"often"_s,
                                          u"just"_s,   u"still"_s, u"sometimes"_s, u"usually"_s, u"totally"_s,
                                          u"absolutely"_s, u"definitely"_s, u"even"_s, u"already"_s, u"mostly"_s,
                                          u"only"_s,   u"rather"_s, u"truly"_s,    u"finally"_s, u"recently"_s,
                                          u"actually"_s, u"kind"_s, u"sort"_s,      u"of"_s};
    return adverbs.contains(lower) || (lower.size() > 4 && lower.endsWith(u"ly"_s));
}

bool keepsForm(const QString &lower)
{
    // Modals, past tenses and negated auxiliaries read the same after "the user".
    static const QSet<QString> same = {
        u"can"_s,     u"could"_s,   u"will"_s,    u"would"_s,   u"should"_s,  u"shall"_s,   u"may"_s,
        u"might"_s,   u"must"_s,    u"can't"_s,   u"cannot"_s,  u"won't"_s,   u"wouldn't"_s, u"couldn't"_s,
        u"shouldn't"_s, u"didn't"_s, u"wasn't"_s, u"was"_s,     u"had"_s,     u"went"_s,    u"got"_s,
        u"met"_s,     u"saw"_s,     u"made"_s,    u"took"_s,    u"came"_s,    u"grew"_s,    u"began"_s,
        u"bought"_s,  u"brought"_s, u"felt"_s,    u"found"_s,   u"gave"_s,    u"knew"_s,    u"left"_s,
        u"lost"_s,    u"ran"_s,     u"said"_s,    u"sat"_s,     u"sent"_s,    u"spent"_s,   u"stood"_s,
        u"thought"_s, u"told"_s,    u"understood"_s, u"won"_s,  u"wrote"_s,   u"broke"_s,   u"chose"_s,
        u"drove"_s,   u"ate"_s,     u"fell"_s,    u"forgot"_s,  u"heard"_s,   u"kept"_s,    u"led"_s,
        u"paid"_s,    u"slept"_s,   u"taught"_s,  u"threw"_s,   u"woke"_s,    u"wore"_s,    u"did"_s,
        u"became"_s,  u"built"_s,   u"learnt"_s,  u"quit"_s,    u"put"_s,     u"let"_s,     u"hurt"_s,
        u"cut"_s,     u"used"_s,
    };
    return same.contains(lower) || (lower.size() > 3 && lower.endsWith(u"ed"_s));
}

QString thirdPersonVerb(const QString &word)
{
    const QString lower = word.toLower();
    static const QHash<QString, QString> irregular = {
        {u"am"_s, u"is"_s},          {u"have"_s, u"has"_s},       {u"do"_s, u"does"_s},
        {u"don't"_s, u"doesn't"_s},  {u"haven't"_s, u"hasn't"_s}, {u"go"_s, u"goes"_s},
        {u"'m"_s, u"is"_s},          {u"be"_s, u"is"_s},
    };
    if (irregular.contains(lower))
        return irregular.value(lower);
    if (keepsForm(lower) || lower.contains(u'\''))
        return word;
    static const QRegularExpression sibilant = rx(u"(?:s|sh|ch|x|z|o)$"_s);
    static const QRegularExpression consonantY = rx(u"[^aeiou]y$"_s);
    if (consonantY.match(lower).hasMatch())
        return word.left(word.size() - 1) + u"ies"_s;
    if (sibilant.match(lower).hasMatch())
        return word + u"es"_s;
    return word + u"s"_s;
}

} // namespace

QStringList splitSentences(const QString &text)
{
    static const QRegularExpression boundary = rx(u"(?<=[.!?;])\\s+|\\n+"_s);
    QStringList sentences;
    for (const QString &part : text.split(boundary, Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            sentences.append(trimmed);
    }
    return sentences;
}

QString toThirdPerson(const QString &sentence)
{
    static const QRegularExpression token = rx(u"[\\p{L}\\p{N}']+|[^\\p{L}\\p{N}']+"_s);
    const QString text = normalized(sentence);
    QStringList out;
    bool subjectDone = false;  // "the user" has been said; later first persons are "they"
    bool conjugateNext = false; // the verb after the first "I" takes the third person
    bool theyNext = false;      // the verb after a later "I": am -> are, was -> were
    auto it = token.globalMatch(text);
    while (it.hasNext()) {
        const QString piece = it.next().captured();
        const QString lower = piece.toLower();
        const bool isWord = piece.at(0).isLetterOrNumber() || piece.at(0) == u'\'';
        if (!isWord) {
            out.append(piece);
            continue;
        }
        if (conjugateNext) {
            if (isAdverb(lower)) {
                out.append(piece);
                continue;
            }
            out.append(thirdPersonVerb(piece));
            conjugateNext = false;
            continue;
        }
        if (theyNext) {
            theyNext = false;
            if (lower == u"am"_s) {
                out.append(u"are"_s);
                continue;
            }
            if (lower == u"was"_s) {
                out.append(u"were"_s);
                continue;
            }
        }
        if (lower == u"i"_s || lower == u"i'm"_s || lower == u"i've"_s || lower == u"i'll"_s || lower == u"i'd"_s) {
            if (!subjectDone) {
                subjectDone = true;
                if (lower == u"i"_s) {
                    out.append(u"the user"_s);
                    conjugateNext = true;
                } else if (lower == u"i'm"_s) {
                    out.append(u"the user is"_s);
                } else if (lower == u"i've"_s) {
                    out.append(u"the user has"_s);
                } else if (lower == u"i'll"_s) {
                    out.append(u"the user will"_s);
                } else {
                    out.append(u"the user would"_s);
                }
            } else {
                if (lower == u"i"_s) {
                    out.append(u"they"_s);
                    theyNext = true;
                } else {
                    out.append(u"they"_s + lower.mid(1).replace(u"'m"_s, u"'re"_s));
                }
            }
            continue;
        }
        if (lower == u"my"_s) {
            out.append(subjectDone ? u"their"_s : u"the user's"_s);
            subjectDone = true;
            continue;
        }
        if (lower == u"me"_s) {
            out.append(u"them"_s);
            continue;
        }
        if (lower == u"mine"_s) {
            out.append(u"theirs"_s);
            continue;
        }
        if (lower == u"myself"_s) {
            out.append(u"themselves"_s);
            continue;
        }
        out.append(piece);
    }
    QString result = out.join(QString()).trimmed();
    while (!result.isEmpty() && (result.endsWith(u'.') || result.endsWith(u'!') || result.endsWith(u';')
                                 || result.endsWith(u',')))
        result.chop(1);
    if (result.isEmpty())
        return result;
    result[0] = result.at(0).toUpper();
    return result + u'.';
}

QString importanceRatingPrompt(const QString &memory)
{
    return u"On the scale of 1 to 10, where 1 is purely mundane (e.g., brushing teeth, making the bed) and 10 is "
           "extremely poignant (e.g., a break-up, a college acceptance), rate the likely poignancy of the following "
           "piece of memory. Answer with the number only.\nMemory: %1\nRating:"_s.arg(memory.simplified());
}

std::optional<double> parseImportanceRating(const QString &answer)
{
    static const QRegularExpression rating = rx(u"(?<![\\d.])(10|[1-9])(?!\\d|\\.\\d)"_s);
    const QRegularExpressionMatch match = rating.match(answer);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt() / 10.0;
}

double estimateValence(const QString &text)
{
    static const QSet<QString> negations = {u"not"_s, u"don't"_s, u"never"_s, u"no"_s, u"didn't"_s, u"doesn't"_s,
                                            u"isn't"_s, u"wasn't"_s, u"can't"_s, u"cannot"_s};
    const QStringList words = lowerWords(text);
    int positive = 0;
    int negative = 0;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &word = words.at(i);
        const bool negated = i > 0 && negations.contains(words.at(i - 1));
        if (positiveWords().contains(word))
            ++(negated ? negative : positive);
        else if (negativeWords().contains(word))
            ++(negated ? positive : negative);
    }
    if (text.contains(u"can't stand"_s, Qt::CaseInsensitive) || text.contains(u"cannot stand"_s, Qt::CaseInsensitive))
        ++negative;
    return std::clamp(double(positive - negative) / double(positive + negative + 1), -1.0, 1.0);
}

double scoreImportance(const QString &text, const QString &kind)
{
    const QString lower = normalized(text).toLower();
    const Rule *rule = matchRule(lower);
    const double base = rule ? rule->base : kindBase(kind);
    return adjustImportance(text, base, rule && QStringView(rule->name) == u"name");
}

QList<FormedMemory> extractMemories(const QString &userMessage)
{
    QList<FormedMemory> formed;
    for (const QString &raw : splitSentences(userMessage)) {
        QString sentence = normalized(raw);
        if (sentence.endsWith(u'?') || sentence.size() > kMaxSentenceChars)
            continue;
        QString lower = sentence.toLower();
        if (const QRegularExpressionMatch lead = leadIn().match(lower); lead.hasMatch()) {
            sentence = sentence.mid(lead.capturedLength());
            lower = lower.mid(lead.capturedLength());
        }
        static const QRegularExpression punctuation = rx(u"[^\\p{L}\\p{N}'\\s-]"_s);
        const QString bare = QString(lower).replace(punctuation, QString()).simplified();
        if (bare.isEmpty() || skippedOpenings().match(bare).hasMatch() || smallTalk().match(bare).hasMatch())
            continue;

        const Rule *rule = matchRule(lower);
        QString ruleName;
        QString kind;
        double base = 0.0;
        if (rule) {
            ruleName = QString::fromUtf16(rule->name);
            kind = QString::fromLatin1(rule->kind);
            base = rule->base;
        } else if (datePattern().match(lower).hasMatch() && firstPerson().match(lower).hasMatch()) {
            ruleName = u"dated"_s;
            kind = QString::fromLatin1(Kind::kEvent);
            base = 0.5;
        } else {
            continue;
        }
        const bool isName = ruleName == u"name"_s;
        if (wordCount(bare) < 3 && !isName)
            continue;

        FormedMemory memory;
        memory.rule = ruleName;
        memory.kind = kind;
        memory.sentence = raw.trimmed();
        static const QRegularExpression callMe(u"\\b(?:call me|people call me|everyone calls me)\\s+(\\p{L}[\\p{L}'-]*)"_s,
                                               QRegularExpression::UseUnicodePropertiesOption
                                                   | QRegularExpression::CaseInsensitiveOption);
        if (const QRegularExpressionMatch call = callMe.match(sentence);
            isName && call.hasMatch() && !lower.contains(u"my name"_s)) {
            QString name = call.captured(1);
            name[0] = name.at(0).toUpper();
            memory.content = u"The user wants to be called %1."_s.arg(name);
        } else {
            memory.content = toThirdPerson(sentence);
        }
        memory.importance = adjustImportance(sentence, base, isName);
        memory.valence = estimateValence(sentence);
        formed.append(memory);
    }
    if (formed.size() > kMaxMemoriesPerMessage) {
        std::stable_sort(formed.begin(), formed.end(),
                         [](const FormedMemory &a, const FormedMemory &b) { return a.importance > b.importance; });
        formed.resize(kMaxMemoriesPerMessage);
    }
    return formed;
}

} // namespace Studio::Memory
