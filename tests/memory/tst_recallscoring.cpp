// SPDX-License-Identifier: MIT
// The recall score (Generative Agents): weighted sum of min-max-normalised cosine, recency
// 0.995^hours and importance, with exact expected numbers.
#include <memory/recallscoring.h>

#include <QTest>

#include <cmath>

using namespace Studio::Memory;

Q_DECLARE_METATYPE(Studio::Memory::RecallWeights)
Q_DECLARE_METATYPE(QList<Studio::Memory::ScoringCandidate>)

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
constexpr qint64 kHour = 3600 * 1000;
constexpr double kTolerance = 1e-12;

ScoringCandidate candidate(qint64 id, double cosine, double hoursAgo, double importance)
{
    return ScoringCandidate{id, cosine, kNow - qint64(hoursAgo * double(kHour)), importance};
}

bool near(double a, double b)
{
    return std::abs(a - b) <= kTolerance;
}

// Three memories used by most rows: A relevant and fresh, B older but important, C stale.
QList<ScoringCandidate> threeCandidates()
{
    return {candidate(1, 0.8, 0, 0.5), candidate(2, 0.4, 10, 0.9), candidate(3, 0.2, 100, 0.1)};
}

} // namespace

class tst_RecallScoring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recencyDecaysPerHour_data();
    void recencyDecaysPerHour();
    void ranksByWeightedSum_data();
    void ranksByWeightedSum();
    void emptyCandidatesGiveNothing();
};

void tst_RecallScoring::recencyDecaysPerHour_data()
{
    QTest::addColumn<double>("hoursAgo");
    QTest::addColumn<double>("expected");
    QTest::newRow("just now") << 0.0 << 1.0;
    QTest::newRow("half an hour") << 0.5 << 0.9974968671630001;
    QTest::newRow("ten hours") << 10.0 << 0.9511101304657719;
    QTest::newRow("a day") << 24.0 << 0.8866535105013078;
    QTest::newRow("a hundred hours") << 100.0 << 0.6057704364907279;
    QTest::newRow("in the future (clock skew)") << -5.0 << 1.0;
}

void tst_RecallScoring::recencyDecaysPerHour()
{
    QFETCH(double, hoursAgo);
    QFETCH(double, expected);
    const double recency = recencyScore(kNow - qint64(hoursAgo * double(kHour)), kNow);
    QVERIFY2(near(recency, expected), qPrintable(QString::number(recency, 'g', 17)));
}

void tst_RecallScoring::ranksByWeightedSum_data()
{
    QTest::addColumn<RecallWeights>("weights");
    QTest::addColumn<QList<ScoringCandidate>>("candidates");
    QTest::addColumn<QList<qint64>>("order");
    QTest::addColumn<QList<double>>("relevance"); // normalised, in the expected order
    QTest::addColumn<QList<double>>("recency");
    QTest::addColumn<QList<double>>("total");

    // relevance: (0.8-0.2)/0.6 = 1, (0.4-0.2)/0.6 = 1/3, 0; recency: 1, 0.995^10, 0.995^100.
    const double r10 = 0.9511101304657719;
    const double r100 = 0.6057704364907279;
    QTest::newRow("equal weights")
        << RecallWeights{1, 1, 1} << threeCandidates() << QList<qint64>{1, 2, 3}
        << QList<double>{1.0, 1.0 / 3.0, 0.0} << QList<double>{1.0, r10, r100}
        << QList<double>{2.5, 2.1844434637991053, 0.7057704364907279};
    QTest::newRow("relevance only")
        << RecallWeights{1, 0, 0} << threeCandidates() << QList<qint64>{1, 2, 3}
        << QList<double>{1.0, 1.0 / 3.0, 0.0} << QList<double>{1.0, r10, r100} << QList<double>{1.0, 1.0 / 3.0, 0.0};
    QTest::newRow("importance only")
        << RecallWeights{0, 0, 1} << threeCandidates() << QList<qint64>{2, 1, 3}
        << QList<double>{1.0 / 3.0, 1.0, 0.0} << QList<double>{r10, 1.0, r100} << QList<double>{0.9, 0.5, 0.1};
    QTest::newRow("recency weighted twice, relevance half")
        << RecallWeights{0.5, 2, 1} << threeCandidates() << QList<qint64>{1, 2, 3}
        << QList<double>{1.0, 1.0 / 3.0, 0.0} << QList<double>{1.0, r10, r100}
        << QList<double>{3.0, 2.96888692759821, 1.311540872981456};
    QTest::newRow("negative weight counts as zero")
        << RecallWeights{-3, 0, 1} << threeCandidates() << QList<qint64>{2, 1, 3}
        << QList<double>{1.0 / 3.0, 1.0, 0.0} << QList<double>{r10, 1.0, r100} << QList<double>{0.9, 0.5, 0.1};
    QTest::newRow("a lone candidate is fully relevant")
        << RecallWeights{1, 1, 1} << QList<ScoringCandidate>{candidate(7, -0.2, 24, 0.3)} << QList<qint64>{7}
        << QList<double>{1.0} << QList<double>{0.8866535105013078} << QList<double>{1.0 + 0.8866535105013078 + 0.3};
    QTest::newRow("equal cosines are all fully relevant")
        << RecallWeights{1, 1, 1} << QList<ScoringCandidate>{candidate(1, 0.5, 0, 0.2), candidate(2, 0.5, 0, 0.4)}
        << QList<qint64>{2, 1} << QList<double>{1.0, 1.0} << QList<double>{1.0, 1.0} << QList<double>{2.4, 2.2};
    QTest::newRow("negative cosines normalise too")
        << RecallWeights{1, 0, 0} << QList<ScoringCandidate>{candidate(1, -0.5, 0, 0.5), candidate(2, -0.1, 0, 0.5),
                                                             candidate(3, -0.3, 0, 0.5)}
        << QList<qint64>{2, 3, 1} << QList<double>{1.0, 0.5, 0.0} << QList<double>{1.0, 1.0, 1.0}
        << QList<double>{1.0, 0.5, 0.0};
    // Same total: the more relevant first; same relevance too: the newer id first.
    QTest::newRow("ties")
        << RecallWeights{0, 0, 1}
        << QList<ScoringCandidate>{candidate(1, 0.1, 0, 0.5), candidate(2, 0.3, 0, 0.5), candidate(3, 0.3, 0, 0.5)}
        << QList<qint64>{3, 2, 1} << QList<double>{1.0, 1.0, 0.0} << QList<double>{1.0, 1.0, 1.0}
        << QList<double>{0.5, 0.5, 0.5};
}

void tst_RecallScoring::ranksByWeightedSum()
{
    QFETCH(RecallWeights, weights);
    QFETCH(QList<ScoringCandidate>, candidates);
    QFETCH(QList<qint64>, order);
    QFETCH(QList<double>, relevance);
    QFETCH(QList<double>, recency);
    QFETCH(QList<double>, total);

    const QList<ScoredCandidate> ranked = rankCandidates(candidates, weights, kNow);
    QCOMPARE(ranked.size(), order.size());
    for (qsizetype i = 0; i < ranked.size(); ++i) {
        const ScoredCandidate &scored = ranked.at(i);
        QCOMPARE(scored.id, order.at(i));
        const auto input = std::find_if(candidates.begin(), candidates.end(),
                                        [&](const ScoringCandidate &c) { return c.id == scored.id; });
        QCOMPARE(scored.score.relevanceRaw, input->relevanceRaw);
        QCOMPARE(scored.score.importance, input->importance);
        QVERIFY2(near(scored.score.relevance, relevance.at(i)),
                 qPrintable(QString::number(scored.score.relevance, 'g', 17)));
        QVERIFY2(near(scored.score.recency, recency.at(i)), qPrintable(QString::number(scored.score.recency, 'g', 17)));
        QVERIFY2(near(scored.score.total, total.at(i)), qPrintable(QString::number(scored.score.total, 'g', 17)));
    }
}

void tst_RecallScoring::emptyCandidatesGiveNothing()
{
    QVERIFY(rankCandidates({}, RecallWeights{}, kNow).isEmpty());
}

QTEST_APPLESS_MAIN(tst_RecallScoring)
#include "tst_recallscoring.moc"
