// SPDX-License-Identifier: MIT
// Decay and pruning, rule by rule: the pure planners the service runs in the background.
#include <memory/memorypruning.h>

#include <QTest>

#include <cmath>

using namespace Studio::Memory;

Q_DECLARE_METATYPE(Studio::Memory::PrunePolicy)

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
constexpr qint64 kDay = 24LL * 3600 * 1000;

/** count memories, importance rising from `low` in small steps, all accessed `daysAgo` days ago. */
QList<PruneItem> items(int count, double low = 0.1, double daysAgo = 30, double step = 0.0001)
{
    QList<PruneItem> list;
    for (int i = 0; i < count; ++i)
        list.append(PruneItem{i + 1, low + step * i, kNow - qint64(daysAgo * double(kDay))});
    return list;
}

PrunePolicy policy()
{
    return PrunePolicy{}; // 900 / 800 / 1000 / 100 / 10%, protect >= 0.8 or within 7 days
}

} // namespace

class tst_MemoryPruning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decay_data();
    void decay();
    void decayIsIncremental();
    void nothingAtOrBelowTheStart();
    void trimsToTheTarget();
    void neverMoreThanAShareInOneRun();
    void neverBelowTheMinimumCount();
    void importantMemoriesAreProtected();
    void recentlyUsedMemoriesAreProtected();
    void aboveTheHardMaximumOnlyImportanceProtects();
    void lowestImportanceThenOldestFirst();
    void forceTrimsBelowTheStart();
    void dryRunAndRunAgree();
};

void tst_MemoryPruning::decay_data()
{
    QTest::addColumn<double>("importance");
    QTest::addColumn<double>("daysSinceAccess");
    QTest::addColumn<double>("daysSinceDecay"); // < 0: never decayed (decayedMs = last access)
    QTest::addColumn<double>("expected");       // < 0: unchanged
    QTest::newRow("ten days") << 0.5 << 10.0 << -1.0 << 0.5 * std::pow(0.99, 10);
    QTest::newRow("a year hits the floor") << 0.6 << 365.0 << -1.0 << 0.05;
    QTest::newRow("already at the floor") << 0.05 << 100.0 << -1.0 << -1.0;
    QTest::newRow("stored below the floor stays") << 0.01 << 100.0 << -1.0 << -1.0;
    QTest::newRow("important: protected") << 0.8 << 100.0 << -1.0 << -1.0;
    QTest::newRow("accessed within a week: protected") << 0.5 << 6.9 << -1.0 << -1.0;
    QTest::newRow("just past the week") << 0.5 << 7.5 << -1.0 << 0.5 * std::pow(0.99, 7.5);
    QTest::newRow("decayed 2 days ago: only 2 more days") << 0.5 << 30.0 << 2.0 << 0.5 * std::pow(0.99, 2);
}

void tst_MemoryPruning::decay()
{
    QFETCH(double, importance);
    QFETCH(double, daysSinceAccess);
    QFETCH(double, daysSinceDecay);
    QFETCH(double, expected);
    const qint64 accessed = kNow - qint64(daysSinceAccess * double(kDay));
    const qint64 decayed = daysSinceDecay < 0 ? accessed : kNow - qint64(daysSinceDecay * double(kDay));
    const auto next = decayedImportance(DecayInput{importance, accessed, decayed}, kNow, DecayPolicy{}, ProtectionPolicy{});
    if (expected < 0) {
        QVERIFY2(!next, qPrintable(QString::number(next.value_or(-1))));
        return;
    }
    QVERIFY(next);
    QVERIFY2(std::abs(*next - expected) < 1e-9, qPrintable(QString::number(*next, 'g', 17)));
}

void tst_MemoryPruning::decayIsIncremental()
{
    // Hourly runs over 30 days compose to the closed form 0.99^days since the last access.
    const qint64 accessed = kNow - 40 * kDay;
    DecayInput memory{0.7, accessed, accessed};
    for (qint64 at = accessed + 8 * kDay; at <= kNow; at += 3600 * 1000) {
        if (const auto next = decayedImportance(memory, at, DecayPolicy{}, ProtectionPolicy{})) {
            memory.importance = *next;
            memory.decayedMs = at;
        }
    }
    QVERIFY(std::abs(memory.importance - 0.7 * std::pow(0.99, 40)) < 1e-9);
}

void tst_MemoryPruning::nothingAtOrBelowTheStart()
{
    const PrunePlan plan = planPrune(items(900), kNow, policy(), false);
    QCOMPARE(plan.before, 900);
    QVERIFY(!plan.needsPruning);
    QVERIFY(plan.remove.isEmpty());
    QVERIFY(plan.reason.contains(QStringLiteral("starts above 900")));
}

void tst_MemoryPruning::trimsToTheTarget()
{
    const PrunePlan plan = planPrune(items(880 + 30), kNow, policy(), false); // 910: wants 110, share allows 91
    QVERIFY(plan.needsPruning);
    QCOMPARE(plan.remove.size(), 91);
    PrunePolicy generous = policy();
    generous.maxShare = 0.5;
    const PrunePlan trimmed = planPrune(items(950), kNow, generous, false);
    QCOMPARE(trimmed.remove.size(), 150); // exactly down to 800
    QVERIFY(trimmed.reason.contains(QStringLiteral("target of 800")));
}

void tst_MemoryPruning::neverMoreThanAShareInOneRun()
{
    const PrunePlan plan = planPrune(items(1000), kNow, policy(), false); // wants 200
    QCOMPARE(plan.remove.size(), 100);                                     // 10% of 1000
    QVERIFY(plan.reason.contains(QStringLiteral("10% of them per run")));
}

void tst_MemoryPruning::neverBelowTheMinimumCount()
{
    PrunePolicy small = policy();
    small.startAt = 10;
    small.target = 0;
    small.minCount = 100;
    small.maxShare = 1.0;
    QCOMPARE(planPrune(items(120), kNow, small, false).remove.size(), 20);
    const PrunePlan none = planPrune(items(100), kNow, small, false);
    QVERIFY(none.remove.isEmpty());
    QVERIFY(none.reason.contains(QStringLiteral("at least 100")));
}

void tst_MemoryPruning::importantMemoriesAreProtected()
{
    QList<PruneItem> list = items(950);
    for (int i = 0; i < 900; ++i)
        list[i].importance = 0.8 + 0.0001 * i; // core memories
    const PrunePlan plan = planPrune(list, kNow, policy(), false);
    QCOMPARE(plan.protectedCount, 900);
    QCOMPARE(plan.remove.size(), 50);
    for (const qint64 id : plan.remove)
        QVERIFY(id > 900);
}

void tst_MemoryPruning::recentlyUsedMemoriesAreProtected()
{
    QList<PruneItem> list = items(950);
    for (int i = 0; i < 920; ++i)
        list[i].lastAccessedMs = kNow - 2 * kDay; // recalled two days ago
    const PrunePlan plan = planPrune(list, kNow, policy(), false);
    QCOMPARE(plan.protectedCount, 920);
    QCOMPARE(plan.remove.size(), 30);
    QVERIFY(plan.reason.contains(QStringLiteral("not protected")));
}

void tst_MemoryPruning::aboveTheHardMaximumOnlyImportanceProtects()
{
    QList<PruneItem> list = items(1200, 0.1, 1); // all used yesterday
    for (int i = 0; i < 10; ++i)
        list[i].importance = 0.95;
    const PrunePlan plan = planPrune(list, kNow, policy(), false);
    QCOMPARE(plan.protectedCount, 10);
    QCOMPARE(plan.remove.size(), 120); // 10% of 1200; recency no longer protects
    for (const qint64 id : plan.remove)
        QVERIFY(id > 10);
    // Just at the hard maximum, recency still protects.
    QVERIFY(planPrune(items(1000, 0.1, 1), kNow, policy(), false).remove.isEmpty());
}

void tst_MemoryPruning::lowestImportanceThenOldestFirst()
{
    PrunePolicy three = policy();
    three.startAt = 3;
    three.target = 3;
    three.minCount = 0;
    three.maxShare = 1.0;
    const QList<PruneItem> list = {
        {1, 0.5, kNow - 30 * kDay},
        {2, 0.2, kNow - 10 * kDay},
        {3, 0.2, kNow - 20 * kDay}, // as unimportant as 2, used longer ago: goes first
        {4, 0.9, kNow - 90 * kDay}, // protected
        {5, 0.3, kNow - 15 * kDay},
        {6, 0.2, kNow - 20 * kDay}, // same as 3: the lower id first
    };
    QCOMPARE(planPrune(list, kNow, three, false).remove, (QList<qint64>{3, 6, 2}));
}

void tst_MemoryPruning::forceTrimsBelowTheStart()
{
    QVERIFY(planPrune(items(850), kNow, policy(), false).remove.isEmpty());
    QCOMPARE(planPrune(items(850), kNow, policy(), true).remove.size(), 50);
    QVERIFY(planPrune(items(700), kNow, policy(), true).remove.isEmpty()); // already below the target
}

void tst_MemoryPruning::dryRunAndRunAgree()
{
    const QList<PruneItem> list = items(1000);
    QCOMPARE(planPrune(list, kNow, policy(), false).remove, planPrune(list, kNow, policy(), false).remove);
    QCOMPARE(planPrune(list, kNow, policy(), false).remove.first(), 1); // the least important
}

QTEST_APPLESS_MAIN(tst_MemoryPruning)
#include "tst_memorypruning.moc"
