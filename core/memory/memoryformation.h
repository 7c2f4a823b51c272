// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Studio::Memory {

/** A memory proposed from a chat exchange, before embedding and de-duplication. */
struct FormedMemory
{
    QString content;   // third person: "The user's favourite tea is jasmine."
    QString kind;      // Kind::k*
    double importance = 0.5;
    double valence = 0.0;
    QString rule;      // which rule matched ("name", "preference", ...), for logs and tests
    QString sentence;  // the user's sentence it came from
};

/** @brief Forms memories from what the user said in one chat turn (DESIGN.md "A chat turn",
 *  step 6). Only the user's message is read: the persona's reply is not a source of facts.
 *
 *  The heuristic, sentence by sentence:
 *  - Questions (ending in '?'), sentences over 300 characters (pasted text), conditionals
 *    ("if ...", "maybe ...") and requests ("can you ...") are skipped; a lead-in such as
 *    "Remember that", "Just so you know", "FYI" is dropped first.
 *  - Small talk is skipped: greetings and acknowledgements ("hi", "thanks", "I'm fine",
 *    "I'm back", "I see", "I don't know"), reactions ("I love it", "I like that") and
 *    sentences of fewer than three words.
 *  - A sentence becomes a memory when it states something about the user in the first person,
 *    within its first four words; the first matching rule decides kind and base importance:
 *      name        "my name is", "call me", "I'm called"              fact        0.90
 *      condition   "I'm allergic / vegetarian / married / afraid of"   fact        0.75
 *      preference  "I like / love / enjoy / prefer / hate / can't stand",
 *                  "my favourite ...", "I'm a fan of"                  preference  0.55
 *      possession  "my <noun> is / are / was"                          fact        0.65
 *      identity    "I live / work / study / grew up / was born", "I'm from",
 *                  "I'm a / an ...", "I'm 34"                          fact        0.70
 *      has         "I have a / two / my ...", "I've got", "I own"     fact        0.60
 *      plan        "I'm going to", "I will", "I plan to", "I want to", "I'm moving" event 0.50
 *      event       "I went / visited / met / moved / lost ...", or a first-person sentence
 *                  with a date ("yesterday", "last week", "in May", "2024")   event 0.50
 *      feeling     "I feel", "I'm sad / anxious / excited ..."         note        0.45
 *  - At most five memories per message (the most important ones).
 *  The content is the sentence turned into the third person (see toThirdPerson), so it reads
 *  well in the persona's context and in the inspector. */
QList<FormedMemory> extractMemories(const QString &userMessage);

/** @brief Importance 0..1 by a documented heuristic: the base of the first matching rule
 *  above (or, for text no rule matches, by kind: fact 0.6, preference 0.55, event 0.5,
 *  note 0.4), then
 *    +0.10 for emotionally weighty words (love, hate, afraid, died, married, pregnant,
 *          diagnosed, birthday, ...: life events and strong feelings are remembered),
 *    +0.05 for specifics (a number, a date word, a proper noun inside the sentence),
 *    +0.05 for a long statement (12 words or more), -0.05 for a very short one (4 or fewer,
 *          names excepted),
 *  clamped to 0.05..1. */
double scoreImportance(const QString &text, const QString &kind);

/** @brief Emotional valence -1..1: (positive - negative) / (positive + negative + 1) over a
 *  small word list (love, happy, excited ... / hate, sad, afraid ...); a negation right before a
 *  word ("don't like", "not happy") flips it. 0 for neutral text. */
double estimateValence(const QString &text);

/** @brief The model's own importance rating (memory/importance_by_model), as in Generative
 *  Agents: a prompt asking for the poignancy of a memory on a scale of 1 (mundane) to 10
 *  (life-changing), answered with the number alone. */
QString importanceRatingPrompt(const QString &memory);
/** The first whole number 1..10 of the model's answer, as importance n / 10; nothing when the
 *  answer holds none (the heuristic's importance is kept then). */
std::optional<double> parseImportanceRating(const QString &answer);

/** Sentences of a text, split after . ! ? ; and at line breaks; each keeps its end mark. */
QStringList splitSentences(const QString &text);

/** @brief A first-person sentence about the user in the third person: the first "I" becomes
 *  "the user" with its verb conjugated ("I like" -> "the user likes", "I'm" -> "the user is",
 *  "I don't" -> "the user doesn't"), later ones "they"; "my" becomes "the user's" (first) or
 *  "their", "me" "them", "mine" "theirs", "myself" "themselves". Capitalised, ends with '.'. */
QString toThirdPerson(const QString &sentence);

} // namespace Studio::Memory
