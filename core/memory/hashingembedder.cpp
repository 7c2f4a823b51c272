// SPDX-License-Identifier: MIT
#include "hashingembedder.h"

#include <QObject>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <vector>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

namespace {

// Part of the algorithm: changing any of these values changes every vector, so it needs a new
// id ("hash-v2-...") and a re-embedding of the stored memories.
constexpr double kWordWeight = 1.0;
constexpr double kStopWordWeight = 0.25;
// The n-grams of one word together weigh this much (each 1/sqrt(count) of it): they carry
// spelling variants and inflections ("favourite"/"favorite", "drink"/"drinking") without
// drowning the exact word.
constexpr double kNgramGroupWeight = 0.7;
constexpr int kMinGram = 3;
constexpr int kMaxGram = 4;
constexpr char32_t kWordStart = U'<';
constexpr char32_t kWordEnd = U'>';

// English function words. Sorted, for binary search.
constexpr const char *kStopWords[] = {
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "both", "but", "by", "can", "could", "did", "do", "does", "each", "for", "from", "had",
    "has", "have", "he", "her", "here", "him", "his", "i", "if", "in", "into", "is", "it", "its",
    "just", "me", "mine", "my", "of", "on", "or", "our", "she", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too",
    "us", "very", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "will",
    "with", "would", "you", "your",
};

bool isStopWord(const QByteArray &word)
{
    const auto less = [](const char *a, const char *b) { return std::strcmp(a, b) < 0; };
    const char *key = word.constData();
    const auto *end = std::end(kStopWords);
    const auto *it = std::lower_bound(std::begin(kStopWords), end, key, less);
    return it != end && std::strcmp(*it, key) == 0;
}

// 64-bit FNV-1a: fixed, portable, unlike qHash (seeded per process) or std::hash.
quint64 fnv1a(const QByteArray &bytes, quint64 hash = 14695981039346656037ull)
{
    for (const char c : bytes) {
        hash ^= quint8(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

// splitmix64's finaliser: FNV's low bits are weak for short keys; bucket and sign both come
// from the mixed value.
quint64 mix(quint64 x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

bool isWordChar(char32_t c)
{
    return QChar::isLetterOrNumber(c) || QChar::isMark(c);
}

QByteArray utf8(const char32_t *begin, qsizetype length)
{
    return QString::fromUcs4(begin, length).toUtf8();
}

} // namespace

HashingEmbedder::HashingEmbedder(int dimension)
    : m_dimension(dimension)
{
    Q_ASSERT_X(dimension > 0, "HashingEmbedder", "dimension must be positive");
    if (m_dimension < 1)
        m_dimension = 1;
}

QString HashingEmbedder::id() const
{
    return u"hash-v1-%1"_s.arg(m_dimension);
}

int HashingEmbedder::dimension() const
{
    return m_dimension;
}

Vector HashingEmbedder::embedNow(const QString &text) const
{
    std::vector<double> sums(size_t(m_dimension), 0.0);
    const auto add = [&sums, this](const QByteArray &feature, double weight) {
        const quint64 h = mix(fnv1a(feature));
        const size_t bucket = size_t(h % quint64(m_dimension));
        sums[bucket] += (h >> 63) ? -weight : weight;
    };

    // NFKC first so that full-width letters, ligatures and composed/decomposed accents agree.
    const QList<uint> codePoints = text.normalized(QString::NormalizationForm_KC).toCaseFolded().toUcs4();
    std::vector<char32_t> framed; // "<word>"
    qsizetype i = 0;
    bool anyWord = false;
    while (i < codePoints.size()) {
        if (!isWordChar(codePoints.at(i))) {
            ++i;
            continue;
        }
        framed.assign(1, kWordStart);
        while (i < codePoints.size() && isWordChar(codePoints.at(i)))
            framed.push_back(char32_t(codePoints.at(i++)));
        framed.push_back(kWordEnd);
        anyWord = true;

        const qsizetype wordLength = qsizetype(framed.size()) - 2;
        const QByteArray word = utf8(framed.data() + 1, wordLength);
        if (isStopWord(word)) {
            add("w\x1f" + word, kStopWordWeight);
            continue;
        }
        add("w\x1f" + word, kWordWeight);

        // "<word>" always has at least one 3-gram.
        qsizetype grams = 0;
        for (int n = kMinGram; n <= kMaxGram; ++n)
            grams += std::max<qsizetype>(0, qsizetype(framed.size()) - n + 1);
        const double gramWeight = kNgramGroupWeight / std::sqrt(double(grams));
        for (int n = kMinGram; n <= kMaxGram; ++n) {
            for (qsizetype start = 0; start + n <= qsizetype(framed.size()); ++start)
                add("g\x1f" + utf8(framed.data() + start, n), gramWeight);
        }
    }

    Vector vector(m_dimension, 0.0f);
    if (!anyWord)
        return vector;
    double norm = 0.0;
    for (const double value : sums)
        norm += value * value;
    norm = std::sqrt(norm);
    if (norm <= 0.0) // every feature cancelled out: vanishingly unlikely, but never divide by 0
        return vector;
    for (int d = 0; d < m_dimension; ++d)
        vector[d] = float(sums[size_t(d)] / norm);
    return vector;
}

void HashingEmbedder::embed(const QStringList &texts, QObject *context,
                            std::function<void(Result<QList<Vector>>)> done)
{
    QList<Vector> vectors;
    vectors.reserve(texts.size());
    for (const QString &text : texts)
        vectors.append(embedNow(text));
    // Asynchronous like the Ollama embedder, so callers cannot come to rely on a synchronous answer.
    auto deliver = [vectors = std::move(vectors), done = std::move(done)] { done(vectors); };
    if (context)
        QTimer::singleShot(0, context, std::move(deliver));
    else
        QTimer::singleShot(0, std::move(deliver));
}

} // namespace Studio::Memory
