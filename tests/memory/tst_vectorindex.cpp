// SPDX-License-Identifier: MIT
#include <memory/vectorindex.h>

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Memory;

namespace {

Vector randomUnit(std::mt19937 &rng, int dimension)
{
    std::normal_distribution<float> gauss;
    Vector v(dimension);
    double sum = 0.0;
    for (float &x : v) {
        x = gauss(rng);
        sum += double(x) * x;
    }
    for (float &x : v)
        x = float(x / std::sqrt(sum));
    return v;
}

QList<Vector> randomUnits(int count, int dimension, unsigned seed)
{
    std::mt19937 rng(seed);
    QList<Vector> vectors;
    for (int i = 0; i < count; ++i)
        vectors.append(randomUnit(rng, dimension));
    return vectors;
}

float dot(const Vector &a, const Vector &b)
{
    double sum = 0.0;
    for (qsizetype i = 0; i < a.size(); ++i)
        sum += double(a.at(i)) * b.at(i);
    return float(sum);
}

std::unique_ptr<VectorIndex> makeIndex(int dimension, qsizetype capacity = 1024)
{
    auto index = VectorIndex::create(dimension, capacity);
    if (!index)
        qFatal("create failed: %s", qPrintable(index.error().message));
    return std::move(*index);
}

/** Labels 1..n for vectors[0..n-1]. */
std::unique_ptr<VectorIndex> filledIndex(const QList<Vector> &vectors, qsizetype capacity = 1024)
{
    auto index = makeIndex(int(vectors.first().size()), capacity);
    for (qsizetype i = 0; i < vectors.size(); ++i) {
        const Result<void> added = index->add(i + 1, vectors.at(i));
        if (!added)
            qFatal("add failed: %s", qPrintable(added.error().message));
    }
    return index;
}

QList<qint64> labelsOf(const QList<IndexHit> &hits)
{
    QList<qint64> labels;
    for (const IndexHit &hit : hits)
        labels.append(hit.label);
    return labels;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// hnswlib 0.6.2's file layout: a 96-byte header, then per element its level-0 block
// (2-byte link count, flag byte, spare byte, 2*M 4-byte links, the vector, the 8-byte label).
constexpr qsizetype kHeaderBytes = 96;
constexpr int kM = 16;
qsizetype elementBytes(int dimension)
{
    return 4 + 2 * kM * 4 + dimension * 4 + 8;
}

} // namespace

class tst_VectorIndex final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createRefusesBadParameters_data();
    void createRefusesBadParameters();
    void addSearchRemove();
    void searchHonoursK();
    void deletedElementsAreNeverReturned();
    void searchFindsTheFewSurvivorsOfMassDeletion();
    void growsPastInitialCapacity();
    void addingALabelAgainReplacesItsVector();
    void addingARemovedLabelRevivesIt();
    void labelsKeepTheirFullRange();
    void inputIsNormalised();
    void refusesVectorsWithoutDirection_data();
    void refusesVectorsWithoutDirection();
    void refusesWrongDimension();
    void matchesBruteForceOnSmallSets_data();
    void matchesBruteForceOnSmallSets();
    void saveLoadRoundTrip();
    void saveLoadEmptyIndex();
    void loadedIndexKeepsGrowing();
    void loadFailsCleanly_data();
    void loadFailsCleanly();
    void loadRefusesMissingFile();
    void saveIsAtomicAndLeavesNoTemporaryFile();
    void saveFailureKeepsPreviousFile();
    void saveIntoMissingFolderFails();
    void kernelIsNamed();
};

void tst_VectorIndex::createRefusesBadParameters_data()
{
    QTest::addColumn<int>("dimension");
    QTest::addColumn<qsizetype>("capacity");
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("efConstruction");
    QTest::newRow("zero dimension") << 0 << qsizetype(16) << 16 << 200;
    QTest::newRow("negative dimension") << -3 << qsizetype(16) << 16 << 200;
    QTest::newRow("huge dimension") << 1'000'000 << qsizetype(16) << 16 << 200;
    QTest::newRow("negative capacity") << 8 << qsizetype(-1) << 16 << 200;
    QTest::newRow("M of one") << 8 << qsizetype(16) << 1 << 200;
    QTest::newRow("huge M") << 8 << qsizetype(16) << 5000 << 200;
    QTest::newRow("zero efConstruction") << 8 << qsizetype(16) << 16 << 0;
}

void tst_VectorIndex::createRefusesBadParameters()
{
    QFETCH(int, dimension);
    QFETCH(qsizetype, capacity);
    QFETCH(int, m);
    QFETCH(int, efConstruction);
    const auto index = VectorIndex::create(dimension, capacity, m, efConstruction);
    QVERIFY(!index);
    QCOMPARE(index.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!index.error().message.isEmpty());
}

void tst_VectorIndex::addSearchRemove()
{
    const QList<Vector> vectors = randomUnits(100, 32, 1);
    auto index = filledIndex(vectors);
    QCOMPARE(index->dimension(), 32);
    QCOMPARE(index->size(), 100);
    QVERIFY(index->contains(42));
    QVERIFY(!index->contains(101));

    const auto hits = index->search(vectors.at(41), 3);
    QVERIFY(hits);
    QCOMPARE(hits->size(), 3);
    QCOMPARE(hits->at(0).label, 42);
    QVERIFY(std::abs(hits->at(0).similarity - 1.f) < 1e-5f);
    QVERIFY(hits->at(0).similarity >= hits->at(1).similarity);
    QVERIFY(hits->at(1).similarity >= hits->at(2).similarity);
    // The similarity is the cosine of the stored vectors.
    QVERIFY(std::abs(hits->at(1).similarity - dot(vectors.at(41), vectors.at(hits->at(1).label - 1))) < 1e-5f);

    QVERIFY(index->remove(42));
    QCOMPARE(index->size(), 99);
    QVERIFY(!index->contains(42));
    const auto after = index->search(vectors.at(41), 10);
    QVERIFY(after);
    QCOMPARE(after->size(), 10);
    QVERIFY(!labelsOf(*after).contains(42));

    const Result<void> again = index->remove(42);
    QVERIFY(!again);
    QCOMPARE(again.error().code, ErrorCode::NotFound);
    const Result<void> unknown = index->remove(4242);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);

    QList<qint64> expected;
    for (qint64 label = 1; label <= 100; ++label) {
        if (label != 42)
            expected.append(label);
    }
    QCOMPARE(index->labels(), expected);
}

void tst_VectorIndex::searchHonoursK()
{
    const QList<Vector> vectors = randomUnits(5, 16, 2);
    auto index = filledIndex(vectors);
    QCOMPARE(index->search(vectors.at(0), 100)->size(), 5); // fewer live than k
    QCOMPARE(index->search(vectors.at(0), 0)->size(), 0);
    const auto negative = index->search(vectors.at(0), -1);
    QVERIFY(!negative);
    QCOMPARE(negative.error().code, ErrorCode::InvalidArgument);
    // ef below k is raised to k rather than cutting the answer short.
    QCOMPARE(index->search(vectors.at(0), 5, 1)->size(), 5);

    auto empty = makeIndex(16);
    const auto none = empty->search(vectors.at(0), 10);
    QVERIFY(none);
    QVERIFY(none->isEmpty());
}

void tst_VectorIndex::deletedElementsAreNeverReturned()
{
    const QList<Vector> vectors = randomUnits(600, 24, 3);
    auto index = filledIndex(vectors);
    QSet<qint64> deleted;
    for (qint64 label = 2; label <= 600; label += 2) {
        QVERIFY(index->remove(label));
        deleted.insert(label);
    }
    QCOMPARE(index->size(), 300);
    const QList<Vector> queries = randomUnits(50, 24, 4);
    for (const Vector &query : queries) {
        const auto hits = index->search(query, 40);
        QVERIFY(hits);
        QCOMPARE(hits->size(), 40);
        for (const IndexHit &hit : *hits)
            QVERIFY2(!deleted.contains(hit.label), qPrintable(QString::number(hit.label)));
    }
    // A deleted vector searched for itself finds others, never itself.
    const auto self = index->search(vectors.at(1), 5);
    QVERIFY(!labelsOf(*self).contains(2));
}

void tst_VectorIndex::searchFindsTheFewSurvivorsOfMassDeletion()
{
    const QList<Vector> vectors = randomUnits(2000, 16, 5);
    auto index = filledIndex(vectors);
    const QList<qint64> survivors = {17, 999, 1742};
    for (qint64 label = 1; label <= 2000; ++label) {
        if (!survivors.contains(label))
            QVERIFY(index->remove(label));
    }
    QCOMPARE(index->size(), 3);
    const QList<Vector> queries = randomUnits(10, 16, 6);
    for (const Vector &query : queries) {
        const auto hits = index->search(query, 10);
        QVERIFY(hits);
        QList<qint64> found = labelsOf(*hits);
        std::sort(found.begin(), found.end());
        QCOMPARE(found, survivors);
    }
}

void tst_VectorIndex::growsPastInitialCapacity()
{
    const QList<Vector> vectors = randomUnits(5000, 16, 7);
    auto index = filledIndex(vectors, 16);
    QCOMPARE(index->size(), 5000);
    QVERIFY(index->capacity() >= 5000);
    QVERIFY(index->capacity() <= 2 * 5000); // doubling, not one slot at a time
    int found = 0;
    for (int i = 0; i < 5000; i += 50) {
        const auto hits = index->search(vectors.at(i), 1);
        QVERIFY(hits);
        found += hits->value(0).label == i + 1 ? 1 : 0;
    }
    QCOMPARE(found, 100);
}

void tst_VectorIndex::addingALabelAgainReplacesItsVector()
{
    const QList<Vector> vectors = randomUnits(300, 32, 8);
    auto index = filledIndex(vectors);
    const Vector replacement = randomUnits(1, 32, 9).first();
    QVERIFY(index->add(7, replacement));
    QCOMPARE(index->size(), 300);

    const auto hits = index->search(replacement, 1);
    QCOMPARE(hits->value(0).label, 7);
    QVERIFY(std::abs(hits->value(0).similarity - 1.f) < 1e-5f);
    // The old vector is gone: searching for it finds 7 only at the new vector's similarity.
    const auto old = index->search(vectors.at(6), 300, 400);
    for (const IndexHit &hit : *old) {
        if (hit.label == 7)
            QVERIFY(std::abs(hit.similarity - dot(vectors.at(6), replacement)) < 1e-5f);
    }
    QVERIFY(old->value(0).label != 7);
}

void tst_VectorIndex::addingARemovedLabelRevivesIt()
{
    const QList<Vector> vectors = randomUnits(50, 16, 10);
    auto index = filledIndex(vectors);
    QVERIFY(index->remove(5));
    QVERIFY(!index->contains(5));
    QVERIFY(index->add(5, vectors.at(4)));
    QVERIFY(index->contains(5));
    QCOMPARE(index->size(), 50);
    QCOMPARE(index->search(vectors.at(4), 1)->value(0).label, 5);
}

void tst_VectorIndex::labelsKeepTheirFullRange()
{
    const QList<Vector> vectors = randomUnits(3, 8, 11);
    auto index = makeIndex(8);
    const QList<qint64> labels = {-5, qint64(1) << 40, std::numeric_limits<qint64>::max()};
    for (int i = 0; i < 3; ++i)
        QVERIFY(index->add(labels.at(i), vectors.at(i)));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(index->search(vectors.at(i), 1)->value(0).label, labels.at(i));
        QVERIFY(index->contains(labels.at(i)));
    }
    QList<qint64> sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(index->labels(), sorted);
}

void tst_VectorIndex::inputIsNormalised()
{
    const QList<Vector> vectors = randomUnits(20, 16, 12);
    auto index = makeIndex(16);
    for (qsizetype i = 0; i < vectors.size(); ++i) {
        Vector scaled = vectors.at(i);
        for (float &x : scaled)
            x *= 7.5f;
        QVERIFY(index->add(i + 1, scaled));
    }
    Vector query = vectors.at(3);
    for (float &x : query)
        x *= 0.01f;
    const auto hits = index->search(query, 1);
    QCOMPARE(hits->value(0).label, 4);
    QVERIFY(std::abs(hits->value(0).similarity - 1.f) < 1e-5f);
}

void tst_VectorIndex::refusesVectorsWithoutDirection_data()
{
    QTest::addColumn<Vector>("vector");
    Vector zero(8, 0.f);
    Vector nan(8, 0.5f);
    nan[3] = std::numeric_limits<float>::quiet_NaN();
    Vector inf(8, 0.5f);
    inf[0] = std::numeric_limits<float>::infinity();
    QTest::newRow("zero") << zero;
    QTest::newRow("NaN") << nan;
    QTest::newRow("infinity") << inf;
}

void tst_VectorIndex::refusesVectorsWithoutDirection()
{
    QFETCH(Vector, vector);
    auto index = filledIndex(randomUnits(10, 8, 13));
    const Result<void> added = index->add(99, vector);
    QVERIFY(!added);
    QCOMPARE(added.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!index->contains(99));
    QCOMPARE(index->size(), 10);
    const auto searched = index->search(vector, 3);
    QVERIFY(!searched);
    QCOMPARE(searched.error().code, ErrorCode::InvalidArgument);
}

void tst_VectorIndex::refusesWrongDimension()
{
    auto index = filledIndex(randomUnits(10, 8, 14));
    const Vector wrong = randomUnits(1, 9, 15).first();
    const Result<void> added = index->add(50, wrong);
    QVERIFY(!added);
    QCOMPARE(added.error().code, ErrorCode::InvalidArgument);
    QVERIFY(added.error().message.contains(u"9 dimensions"_s));
    const auto searched = index->search(wrong, 3);
    QVERIFY(!searched);
    QCOMPARE(searched.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!index->search(Vector(), 3));
}

void tst_VectorIndex::matchesBruteForceOnSmallSets_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("dimension");
    QTest::newRow("1 vector") << 1 << 16;
    QTest::newRow("10 vectors") << 10 << 16;
    QTest::newRow("300 x 32") << 300 << 32;
    QTest::newRow("500 x 384") << 500 << 384;
    QTest::newRow("odd dimension 37") << 200 << 37;
}

void tst_VectorIndex::matchesBruteForceOnSmallSets()
{
    QFETCH(int, count);
    QFETCH(int, dimension);
    const QList<Vector> vectors = randomUnits(count, dimension, 16 + unsigned(count));
    auto index = filledIndex(vectors);
    const QList<Vector> queries = randomUnits(20, dimension, 17);
    const int k = std::min(10, count);
    for (const Vector &query : queries) {
        QList<IndexHit> exact;
        for (qsizetype i = 0; i < vectors.size(); ++i)
            exact.append(IndexHit{i + 1, dot(query, vectors.at(i))});
        std::sort(exact.begin(), exact.end(),
                  [](const IndexHit &a, const IndexHit &b) { return a.similarity > b.similarity; });
        exact.resize(k);

        // With ef at least the set size the graph search is exhaustive.
        const auto hits = index->search(query, k, std::max(count, 64));
        QVERIFY(hits);
        QCOMPARE(labelsOf(*hits), labelsOf(exact));
        for (int i = 0; i < k; ++i)
            QVERIFY(std::abs(hits->at(i).similarity - exact.at(i).similarity) < 1e-5f);
    }
}

void tst_VectorIndex::saveLoadRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"persona-1.hnsw"_s);
    const QList<Vector> vectors = randomUnits(2000, 64, 18);
    auto index = filledIndex(vectors, 16);
    for (qint64 label = 10; label <= 2000; label += 10)
        QVERIFY(index->remove(label));
    QVERIFY(index->add(15, vectors.at(0))); // a replaced vector survives too
    QVERIFY(index->save(path));

    const auto loaded = VectorIndex::load(path, 64);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
    VectorIndex &copy = **loaded;
    QCOMPARE(copy.dimension(), 64);
    QCOMPARE(copy.size(), index->size());
    QCOMPARE(copy.labels(), index->labels());
    QVERIFY(!copy.contains(10));
    const QList<Vector> queries = randomUnits(50, 64, 19);
    for (const Vector &query : queries) {
        const auto before = index->search(query, 10);
        const auto after = copy.search(query, 10);
        QVERIFY(before && after);
        QCOMPARE(labelsOf(*after), labelsOf(*before));
        for (qsizetype i = 0; i < after->size(); ++i)
            QCOMPARE(after->at(i).similarity, before->at(i).similarity);
    }
    // The loaded index is as usable as the original.
    QVERIFY(copy.remove(11));
    QVERIFY(copy.add(5000, queries.at(0)));
    QCOMPARE(copy.search(queries.at(0), 1)->value(0).label, 5000);
}

void tst_VectorIndex::saveLoadEmptyIndex()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"empty.hnsw"_s);
    QVERIFY(makeIndex(8)->save(path));
    const auto loaded = VectorIndex::load(path, 8);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
    QCOMPARE((*loaded)->size(), 0);
    QVERIFY((*loaded)->search(Vector(8, 1.f), 5)->isEmpty());
    QVERIFY((*loaded)->add(1, Vector(8, 1.f)));
    QCOMPARE((*loaded)->search(Vector(8, 1.f), 5)->size(), 1);
}

void tst_VectorIndex::loadedIndexKeepsGrowing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"grow.hnsw"_s);
    const QList<Vector> vectors = randomUnits(100, 16, 20);
    QVERIFY(filledIndex(vectors.mid(0, 20), 16)->save(path));
    auto loaded = VectorIndex::load(path, 16);
    QVERIFY(loaded);
    for (qsizetype i = 20; i < 100; ++i)
        QVERIFY((*loaded)->add(i + 1, vectors.at(i)));
    QCOMPARE((*loaded)->size(), 100);
    for (qsizetype i = 0; i < 100; i += 9)
        QCOMPARE((*loaded)->search(vectors.at(i), 1)->value(0).label, i + 1);
}

void tst_VectorIndex::loadFailsCleanly_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<int>("dimension");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty file") << u"empty"_s << 32 << u"truncated"_s;
    QTest::newRow("header only") << u"header"_s << 32 << u"truncated"_s;
    QTest::newRow("cut in half") << u"half"_s << 32 << u"truncated"_s;
    QTest::newRow("last byte missing") << u"minus1"_s << 32 << u"corrupted"_s;
    QTest::newRow("extra byte") << u"plus1"_s << 32 << u"corrupted"_s;
    QTest::newRow("random bytes") << u"garbage"_s << 32 << u"header"_s;
    QTest::newRow("text file") << u"text"_s << 32 << u"header"_s;
    QTest::newRow("huge element count") << u"count"_s << 32 << u"elements"_s;
    QTest::newRow("link out of range") << u"link"_s << 32 << u"links to a missing element"_s;
    QTest::newRow("link count too large") << u"linkcount"_s << 32 << u"links on level"_s;
    QTest::newRow("flipped vector bits") << u"vector"_s << 32 << u"unit length"_s;
    QTest::newRow("unknown flag") << u"flag"_s << 32 << u"flags"_s;
    QTest::newRow("entry point out of range") << u"entry"_s << 32 << u"entry point"_s;
    QTest::newRow("wrong dimension") << u"none"_s << 64 << u"32-dimensional vectors, not 64"_s;
    QTest::newRow("invalid dimension") << u"none"_s << 0 << QString();
}

void tst_VectorIndex::loadFailsCleanly()
{
    QFETCH(QString, damage);
    QFETCH(int, dimension);
    QFETCH(QString, reason);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"damaged.hnsw"_s);
    const QList<Vector> vectors = randomUnits(300, 32, 21);
    QVERIFY(filledIndex(vectors)->save(path));
    QByteArray bytes = readAll(path);
    QVERIFY(qsizetype(bytes.size()) > kHeaderBytes + 300 * elementBytes(32));

    const auto putU32 = [&bytes](qsizetype at, quint32 value) { std::memcpy(bytes.data() + at, &value, 4); };
    const auto putU64 = [&bytes](qsizetype at, quint64 value) { std::memcpy(bytes.data() + at, &value, 8); };
    const qsizetype element5 = kHeaderBytes + 5 * elementBytes(32);
    if (damage == "empty"_L1) {
        bytes.clear();
    } else if (damage == "header"_L1) {
        bytes.truncate(kHeaderBytes);
    } else if (damage == "half"_L1) {
        bytes.truncate(bytes.size() / 2);
    } else if (damage == "minus1"_L1) {
        bytes.chop(1);
    } else if (damage == "plus1"_L1) {
        bytes.append('\0');
    } else if (damage == "garbage"_L1) {
        std::mt19937 rng(22);
        for (char &c : bytes)
            c = char(rng());
    } else if (damage == "text"_L1) {
        bytes = "this is not an index\n"_ba.repeated(1000);
    } else if (damage == "count"_L1) {
        putU64(16, quint64(1) << 40);
    } else if (damage == "link"_L1) {
        const quint16 links = quint16(bytes.at(element5)) | quint16(quint8(bytes.at(element5 + 1)) << 8);
        QVERIFY(links > 0);
        putU32(element5 + 4, 0x7fffff00u);
    } else if (damage == "linkcount"_L1) {
        bytes[element5] = char(0xff);
        bytes[element5 + 1] = char(0x00);
    } else if (damage == "vector"_L1) {
        putU32(element5 + 4 + 2 * kM * 4 + 8, 0x7f000000u); // one component becomes ~1.7e38
    } else if (damage == "flag"_L1) {
        bytes[element5 + 2] = char(0x10);
    } else if (damage == "entry"_L1) {
        putU32(52, 300); // one past the last element
    }
    QVERIFY(writeAll(path, bytes));

    const auto loaded = VectorIndex::load(path, dimension);
    QVERIFY(!loaded);
    if (dimension < 1) {
        QCOMPARE(loaded.error().code, ErrorCode::InvalidArgument);
        return;
    }
    QCOMPARE(loaded.error().code, ErrorCode::Storage);
    QVERIFY2(loaded.error().message.contains(reason), qPrintable(loaded.error().message));
    QVERIFY(loaded.error().message.contains(QDir::toNativeSeparators(path)));
}

void tst_VectorIndex::loadRefusesMissingFile()
{
    QTemporaryDir dir;
    const auto missing = VectorIndex::load(dir.filePath(u"nothing-here.hnsw"_s), 32);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    const auto folder = VectorIndex::load(dir.path(), 32);
    QVERIFY(!folder);
    QCOMPARE(folder.error().code, ErrorCode::NotFound);
}

void tst_VectorIndex::saveIsAtomicAndLeavesNoTemporaryFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"index.hnsw"_s);
    const QList<Vector> vectors = randomUnits(200, 16, 23);
    auto index = filledIndex(vectors.mid(0, 100));
    QVERIFY(index->save(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{u"index.hnsw"_s});

    // Saving again replaces the file as a whole.
    for (qsizetype i = 100; i < 200; ++i)
        QVERIFY(index->add(i + 1, vectors.at(i)));
    QVERIFY(index->save(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{u"index.hnsw"_s});
    const auto loaded = VectorIndex::load(path, 16);
    QVERIFY(loaded);
    QCOMPARE((*loaded)->size(), 200);

    // A stale temporary file from a crash is simply overwritten.
    QVERIFY(writeAll(path + u".tmp"_s, "left over"_ba));
    QVERIFY(index->save(path));
    QVERIFY(!QFile::exists(path + u".tmp"_s));
    QVERIFY(VectorIndex::load(path, 16));
}

void tst_VectorIndex::saveFailureKeepsPreviousFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"index.hnsw"_s);
    const QList<Vector> vectors = randomUnits(50, 16, 24);
    auto index = filledIndex(vectors.mid(0, 25));
    QVERIFY(index->save(path));
    const QByteArray before = readAll(path);

    // The temporary file cannot be created: a folder is in the way.
    QVERIFY(QDir(dir.path()).mkdir(u"index.hnsw.tmp"_s));
    for (qsizetype i = 25; i < 50; ++i)
        QVERIFY(index->add(i + 1, vectors.at(i)));
    const Result<void> saved = index->save(path);
    QVERIFY(!saved);
    QCOMPARE(saved.error().code, ErrorCode::Storage);
    QCOMPARE(readAll(path), before);
    const auto loaded = VectorIndex::load(path, 16);
    QVERIFY(loaded);
    QCOMPARE((*loaded)->size(), 25);
}

void tst_VectorIndex::saveIntoMissingFolderFails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"no/such/folder/index.hnsw"_s);
    const Result<void> saved = filledIndex(randomUnits(5, 8, 25))->save(path);
    QVERIFY(!saved);
    QCOMPARE(saved.error().code, ErrorCode::Storage);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + u".tmp"_s));
}

void tst_VectorIndex::kernelIsNamed()
{
    const QStringList known = {u"avx2+fma"_s, u"sse"_s, u"scalar"_s};
    QVERIFY2(known.contains(vectorKernelName()), qPrintable(vectorKernelName()));
}

QTEST_GUILESS_MAIN(tst_VectorIndex)
#include "tst_vectorindex.moc"
