// SPDX-License-Identifier: MIT
#include <mcp/trafficlog.h>

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace Studio::Mcp;

namespace {
TrafficEvent makeEvent(int n)
{
    TrafficEvent e;
    e.method = u"m%1"_s.arg(n);
    e.bytes = n;
    return e;
}
} // namespace

class tst_TrafficLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsOrderAndDrains();
    void dropsOldestWhenFullAndCounts();
    void signalsOncePerBatch();
    void cutsPayloads();
    void concurrentWritersLoseNothingUncounted();
};

void tst_TrafficLog::keepsOrderAndDrains()
{
    TrafficLog log(10);
    for (int i = 0; i < 5; ++i)
        log.append(makeEvent(i));
    QCOMPARE(log.size(), 5);
    const auto events = log.takeAll();
    QCOMPARE(events.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(events.at(i).bytes, i);
    QCOMPARE(log.size(), 0);
    QCOMPARE(log.dropped(), 0);
}

void tst_TrafficLog::dropsOldestWhenFullAndCounts()
{
    TrafficLog log(4);
    for (int i = 0; i < 10; ++i)
        log.append(makeEvent(i));
    QCOMPARE(log.dropped(), 6);
    const auto events = log.takeAll();
    QCOMPARE(events.size(), 4);
    QCOMPARE(events.at(0).bytes, 6);
    QCOMPARE(events.at(3).bytes, 9);
    log.append(makeEvent(42));
    QCOMPARE(log.takeAll().constFirst().bytes, 42);
}

void tst_TrafficLog::signalsOncePerBatch()
{
    TrafficLog log(100);
    QSignalSpy available(&log, &TrafficLog::eventsAvailable);
    for (int i = 0; i < 50; ++i)
        log.append(makeEvent(i));
    QCOMPARE(available.count(), 1);
    log.takeAll();
    log.append(makeEvent(1));
    QCOMPARE(available.count(), 2);
}

void tst_TrafficLog::cutsPayloads()
{
    TrafficLog log(2);
    TrafficEvent big = makeEvent(1);
    big.payload = QByteArray(TrafficLog::kPayloadMax * 2, 'x');
    log.append(big);
    QCOMPARE(log.takeAll().constFirst().payload.size(), TrafficLog::kPayloadMax);
}

void tst_TrafficLog::concurrentWritersLoseNothingUncounted()
{
    TrafficLog log(1000);
    constexpr int kPerWriter = 50000;
    std::atomic<qint64> taken = 0;
    std::atomic<bool> done = false;
    QThread *reader = QThread::create([&] {
        while (!done.load())
            taken += log.takeAll().size();
    });
    QThread *a = QThread::create([&] {
        for (int i = 0; i < kPerWriter; ++i)
            log.append(makeEvent(i));
    });
    QThread *b = QThread::create([&] {
        for (int i = 0; i < kPerWriter; ++i)
            log.append(makeEvent(i));
    });
    reader->start();
    a->start();
    b->start();
    a->wait();
    b->wait();
    done = true;
    reader->wait();
    taken += log.takeAll().size();
    QCOMPARE(taken.load() + log.dropped(), qint64(2 * kPerWriter));
    delete a;
    delete b;
    delete reader;
}

QTEST_GUILESS_MAIN(tst_TrafficLog)
#include "tst_trafficlog.moc"
