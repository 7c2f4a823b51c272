// SPDX-License-Identifier: MIT
#include <llm/fairqueue.h>

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio::Llm;

class tst_FairQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesLanesInTurn_data();
    void servesLanesInTurn();
    void aheadCountsWhatGoesFirst();
    void removedCallsLeaveTheOrder();
    void aLaneThatWentQuietStartsAfresh();
    void aLaneArrivingWhileAnotherRunsGoesBeforeItsNext();
};

namespace {

/** "a1 a2 b1" → enqueue ids 0.. in lanes a, a, b; returns the names in serving order. */
QStringList serve(FairQueue &queue, const QStringList &arrivals)
{
    for (qsizetype i = 0; i < arrivals.size(); ++i)
        queue.enqueue(quint64(i), arrivals.at(i).left(1));
    QStringList served;
    while (const std::optional<quint64> id = queue.takeNext())
        served.append(arrivals.at(qsizetype(*id)));
    return served;
}

} // namespace

void tst_FairQueue::servesLanesInTurn_data()
{
    QTest::addColumn<QStringList>("arrivals");
    QTest::addColumn<QStringList>("served");
    QTest::newRow("one lane keeps its order") << QStringList{u"a1"_s, u"a2"_s, u"a3"_s}
                                              << QStringList{u"a1"_s, u"a2"_s, u"a3"_s};
    QTest::newRow("a late single is served next to the first")
        << QStringList{u"a1"_s, u"a2"_s, u"a3"_s, u"a4"_s, u"b1"_s}
        << QStringList{u"a1"_s, u"b1"_s, u"a2"_s, u"a3"_s, u"a4"_s};
    QTest::newRow("round-robin over three")
        << QStringList{u"a1"_s, u"a2"_s, u"b1"_s, u"b2"_s, u"c1"_s}
        << QStringList{u"a1"_s, u"b1"_s, u"c1"_s, u"a2"_s, u"b2"_s};
    QTest::newRow("twenty singles and one with twenty: each single waits at most one long")
        << (QStringList{u"h1"_s, u"h2"_s, u"h3"_s} << u"s1"_s << u"t1"_s << u"u1"_s)
        << QStringList{u"h1"_s, u"s1"_s, u"t1"_s, u"u1"_s, u"h2"_s, u"h3"_s};
}

void tst_FairQueue::servesLanesInTurn()
{
    QFETCH(QStringList, arrivals);
    QFETCH(QStringList, served);
    FairQueue queue;
    QCOMPARE(serve(queue, arrivals), served);
    QVERIFY(queue.isEmpty());
}

void tst_FairQueue::aheadCountsWhatGoesFirst()
{
    FairQueue queue;
    queue.enqueue(1, u"a"_s);
    queue.enqueue(2, u"a"_s);
    queue.enqueue(3, u"b"_s);
    QCOMPARE(queue.order(), (QList<quint64>{1, 3, 2}));
    QCOMPARE(queue.ahead(1), 0);
    QCOMPARE(queue.ahead(3), 1);
    QCOMPARE(queue.ahead(2), 2);
    QCOMPARE(queue.ahead(99), -1);
    QCOMPARE(*queue.takeNext(), quint64(1));
    QCOMPARE(queue.ahead(3), 0);
    QCOMPARE(queue.ahead(2), 1);
    QCOMPARE(queue.size(), 2);
}

void tst_FairQueue::removedCallsLeaveTheOrder()
{
    FairQueue queue;
    queue.enqueue(1, u"a"_s);
    queue.enqueue(2, u"b"_s);
    queue.enqueue(3, u"c"_s);
    QVERIFY(queue.remove(2));
    QVERIFY(!queue.remove(2));
    QVERIFY(!queue.contains(2));
    QCOMPARE(queue.order(), (QList<quint64>{1, 3}));
    QCOMPARE(queue.ahead(3), 1);
}

void tst_FairQueue::aLaneThatWentQuietStartsAfresh()
{
    FairQueue queue;
    // Lane a was busy long ago; b has queued a lot since. a's next call is not put behind all of b's.
    queue.enqueue(1, u"a"_s);
    queue.enqueue(2, u"a"_s);
    QCOMPARE(*queue.takeNext(), quint64(1));
    QCOMPARE(*queue.takeNext(), quint64(2));
    for (quint64 id = 10; id < 15; ++id)
        queue.enqueue(id, u"b"_s);
    QCOMPARE(*queue.takeNext(), quint64(10));
    queue.enqueue(3, u"a"_s);
    QCOMPARE(queue.order(), (QList<quint64>{11, 3, 12, 13, 14}));
}

void tst_FairQueue::aLaneArrivingWhileAnotherRunsGoesBeforeItsNext()
{
    FairQueue queue;
    for (quint64 id = 1; id <= 4; ++id)
        queue.enqueue(id, u"hog"_s);
    QCOMPARE(*queue.takeNext(), quint64(1)); // the hog's first call runs
    queue.enqueue(10, u"s"_s);
    queue.enqueue(11, u"t"_s);
    QCOMPARE(queue.order(), (QList<quint64>{10, 11, 2, 3, 4}));
}

QTEST_GUILESS_MAIN(tst_FairQueue)
#include "tst_fairqueue.moc"
