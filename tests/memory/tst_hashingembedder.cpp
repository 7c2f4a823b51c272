// SPDX-License-Identifier: MIT
#include <memory/hashingembedder.h>

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Memory;

namespace {

double dot(const Vector &a, const Vector &b)
{
    double sum = 0.0;
    for (qsizetype i = 0; i < a.size(); ++i)
        sum += double(a.at(i)) * double(b.at(i));
    return sum;
}

double norm(const Vector &v)
{
    return std::sqrt(dot(v, v));
}

} // namespace

class tst_HashingEmbedder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idNamesAlgorithmAndDimension_data();
    void idNamesAlgorithmAndDimension();
    void sameTextGivesIdenticalVectorAcrossInstances();
    void vectorsAreStableAcrossReleases();
    void vectorsHaveUnitNorm_data();
    void vectorsHaveUnitNorm();
    void similarTextsAreCloserThanUnrelatedOnes_data();
    void similarTextsAreCloserThanUnrelatedOnes();
    void ignoresCaseAndPunctuation_data();
    void ignoresCaseAndPunctuation();
    void textWithoutWordsGivesZeroVector_data();
    void textWithoutWordsGivesZeroVector();
    void embedAnswersAsynchronouslyInOrder();
    void embedSkipsDeadContext();
};

void tst_HashingEmbedder::idNamesAlgorithmAndDimension_data()
{
    QTest::addColumn<int>("dimension");
    QTest::addColumn<QString>("id");
    QTest::newRow("default") << 384 << u"hash-v1-384"_s;
    QTest::newRow("768") << 768 << u"hash-v1-768"_s;
    QTest::newRow("tiny") << 8 << u"hash-v1-8"_s;
}

void tst_HashingEmbedder::idNamesAlgorithmAndDimension()
{
    QFETCH(int, dimension);
    QFETCH(QString, id);
    const HashingEmbedder embedder(dimension);
    QCOMPARE(embedder.id(), id);
    QCOMPARE(embedder.dimension(), dimension);
    QCOMPARE(embedder.embedNow(u"green tea"_s).size(), dimension);
    QCOMPARE(HashingEmbedder().dimension(), 384);
}

void tst_HashingEmbedder::sameTextGivesIdenticalVectorAcrossInstances()
{
    const QString text = u"Meine Lieblingsfarbe ist Grün — and I live in Zürich (since 2019)."_s;
    const HashingEmbedder first;
    const HashingEmbedder second;
    const Vector a = first.embedNow(text);
    QCOMPARE(a, first.embedNow(text));
    QCOMPARE(a, second.embedNow(text));
    QVERIFY(a != first.embedNow(text + u" Really."_s));
}

void tst_HashingEmbedder::vectorsAreStableAcrossReleases()
{
    // Stored memories keep their vectors: the algorithm behind "hash-v1" must never change.
    // These are the buckets and signs of a short text, computed once; any change to hashing,
    // weights or tokenising shows up here and needs a new id.
    const Vector v = HashingEmbedder(16).embedNow(u"Green tea!"_s);
    QStringList printed;
    for (const float x : v)
        printed.append(QString::number(double(x), 'f', 4));
    QCOMPARE(printed.join(u' '), u"0.1995 0.2974 0.1995 -0.1995 -0.2974 0.0000 0.0000 0.0000 "
                                 "0.0000 0.1487 0.6372 0.0000 0.1487 0.1995 -0.1487 -0.4377"_s);
}

void tst_HashingEmbedder::vectorsHaveUnitNorm_data()
{
    QTest::addColumn<int>("dimension");
    QTest::addColumn<QString>("text");
    QTest::newRow("one word") << 384 << u"tea"_s;
    QTest::newRow("sentence") << 384 << u"I love green tea in the morning."_s;
    QTest::newRow("stop words only") << 384 << u"the of and"_s;
    QTest::newRow("single letter") << 384 << u"a"_s;
    QTest::newRow("unicode") << 384 << u"東京は大きい 🙂 naïve café"_s;
    QTest::newRow("long text") << 768 << u"memory "_s.repeated(500);
    QTest::newRow("tiny dimension") << 2 << u"green tea is my favourite drink"_s;
}

void tst_HashingEmbedder::vectorsHaveUnitNorm()
{
    QFETCH(int, dimension);
    QFETCH(QString, text);
    const Vector v = HashingEmbedder(dimension).embedNow(text);
    QCOMPARE(v.size(), dimension);
    QVERIFY2(std::abs(norm(v) - 1.0) < 1e-5, qPrintable(QString::number(norm(v), 'g', 10)));
    for (const float x : v)
        QVERIFY(std::isfinite(x));
}

void tst_HashingEmbedder::similarTextsAreCloserThanUnrelatedOnes_data()
{
    QTest::addColumn<QString>("anchor");
    QTest::addColumn<QString>("similar");
    QTest::addColumn<QString>("unrelated");
    QTest::newRow("tea") << u"I love green tea"_s << u"green tea is my favourite drink"_s
                         << u"the stock market fell"_s;
    QTest::newRow("inflection") << u"my dog loves walking in the park"_s << u"the dogs walked to the park"_s
                                << u"quarterly revenue grew by ten percent"_s;
    QTest::newRow("spelling variant") << u"favourite colour"_s << u"favorite color"_s << u"broken engine"_s;
    QTest::newRow("shared stop words do not count") << u"the user lives in Berlin"_s << u"Berlin is where he lives"_s
                                                    << u"the user is in the kitchen"_s;
}

void tst_HashingEmbedder::similarTextsAreCloserThanUnrelatedOnes()
{
    QFETCH(QString, anchor);
    QFETCH(QString, similar);
    QFETCH(QString, unrelated);
    const HashingEmbedder embedder;
    const Vector a = embedder.embedNow(anchor);
    const double close = dot(a, embedder.embedNow(similar));
    const double far = dot(a, embedder.embedNow(unrelated));
    QVERIFY2(close > far + 0.1, qPrintable(u"similar %1, unrelated %2"_s.arg(close).arg(far)));
    QVERIFY2(close > 0.15, qPrintable(QString::number(close)));
}

void tst_HashingEmbedder::ignoresCaseAndPunctuation_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("case") << u"Green Tea"_s << u"GREEN tea"_s;
    QTest::newRow("punctuation") << u"Hello, world!"_s << u"hello world"_s;
    QTest::newRow("whitespace") << u"  green\n\ttea  "_s << u"green tea"_s;
    QTest::newRow("quotes and dashes") << u"\"green\" — tea…"_s << u"green tea"_s;
    QTest::newRow("german case") << u"GRÜNER TEE"_s << u"grüner tee"_s;
    QTest::newRow("composed vs decomposed") << u"caf\u00e9"_s << u"cafe\u0301"_s;
    QTest::newRow("full width") << u"\uff54\uff45\uff41"_s << u"tea"_s;
}

void tst_HashingEmbedder::ignoresCaseAndPunctuation()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    const HashingEmbedder embedder;
    QCOMPARE(embedder.embedNow(a), embedder.embedNow(b));
}

void tst_HashingEmbedder::textWithoutWordsGivesZeroVector_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("whitespace") << u" \n\t "_s;
    QTest::newRow("punctuation") << u"?!… — ..."_s;
}

void tst_HashingEmbedder::textWithoutWordsGivesZeroVector()
{
    QFETCH(QString, text);
    const Vector v = HashingEmbedder(64).embedNow(text);
    QCOMPARE(v, Vector(64, 0.0f));
}

void tst_HashingEmbedder::embedAnswersAsynchronouslyInOrder()
{
    HashingEmbedder embedder;
    const QStringList texts = {u"first memory"_s, QString(), u"third memory"_s};
    QObject context;
    std::optional<Result<QList<Vector>>> answer;
    int calls = 0;
    embedder.embed(texts, &context, [&](Result<QList<Vector>> result) {
        ++calls;
        answer = std::move(result);
    });
    QCOMPARE(calls, 0); // never from inside embed()
    QTRY_COMPARE(calls, 1);
    QVERIFY(answer->has_value());
    const QList<Vector> &vectors = answer->value();
    QCOMPARE(vectors.size(), 3);
    QCOMPARE(vectors.at(0), embedder.embedNow(texts.at(0)));
    QCOMPARE(vectors.at(1), Vector(384, 0.0f));
    QCOMPARE(vectors.at(2), embedder.embedNow(texts.at(2)));

    // An empty batch is answered too.
    int emptyCalls = 0;
    embedder.embed({}, &context, [&](Result<QList<Vector>> result) {
        ++emptyCalls;
        QVERIFY(result.has_value() && result->isEmpty());
    });
    QTRY_COMPARE(emptyCalls, 1);
    QCOMPARE(calls, 1);
}

void tst_HashingEmbedder::embedSkipsDeadContext()
{
    HashingEmbedder embedder;
    auto context = std::make_unique<QObject>();
    bool called = false;
    embedder.embed({u"gone"_s}, context.get(), [&called](Result<QList<Vector>>) { called = true; });
    context.reset();
    // A later call on a live context is answered, so the first one had its chance to run.
    QObject alive;
    bool second = false;
    embedder.embed({u"here"_s}, &alive, [&second](Result<QList<Vector>>) { second = true; });
    QTRY_VERIFY(second);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(tst_HashingEmbedder)
#include "tst_hashingembedder.moc"
