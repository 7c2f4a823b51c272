// SPDX-License-Identifier: MIT
// Memory index benchmark: recall@10 against exact brute force and query latency (p50/p99) of
// Studio::Memory::VectorIndex at several sizes and dimensions, plus insert throughput and
// save/load time. Prints a table; never asserts timings (DESIGN.md, quality bar).
//
//   bench_memoryindex [--sizes 10000,100000,1000000] [--dims 384,768] [--budget-minutes 30]
//                     [--recall-queries 200] [--latency-queries 1000] [--clusters-per 100]
//                     [--spread 0.6] [--seed 42] [--dir /tmp] [--keep-indexes DIR]
//
// --keep-indexes DIR keeps each built index in DIR and, when a later run finds one there for the
// same size, dimension and seed, loads it instead of building: the 1M levels take half an hour
// to build, and their query latency is best measured again on a quiet machine.
//
// Data: unit vectors in gaussian clusters (a random unit centre per cluster of --clusters-per
// points on average, plus isotropic gaussian noise of total norm --spread, normalised), fixed
// seed. Queries are fresh draws from the same clusters. For each size the smallest ef on a ladder
// that reaches the target recall (0.99 up to 100k, 0.95 above) is chosen and reported.
//
// Bounded: a level whose estimated build time exceeds what is left of --budget-minutes, or
// whose estimated memory exceeds 80% of MemAvailable, is skipped with a note.

#include <memory/vectorindex.h>
#include "benchhelp.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Studio::Memory;

namespace {

constexpr int kK = 10;
constexpr int kM = 16;
constexpr int kEfConstruction = 200;
constexpr std::array kEfLadder = {10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024};

struct Options
{
    QList<qint64> sizes = {10'000, 100'000, 1'000'000};
    QList<int> dims = {384, 768};
    double budgetMinutes = 30.0;
    int recallQueries = 200;
    int latencyQueries = 1000;
    int clustersPer = 100;
    double spread = 0.6;
    unsigned seed = 42;
    QString dir;
    QString keepIndexes;
};

void print(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

qint64 memAvailableBytes()
{
    QFile meminfo(u"/proc/meminfo"_s);
    if (!meminfo.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = meminfo.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("MemAvailable:"))
            return line.mid(13).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

QString peakRss()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return u"?"_s;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return QString::fromLatin1(line.mid(6).trimmed());
    }
    return u"?"_s;
}

// Exact inner products for the ground truth; compiled for AVX2 and baseline, picked at load time.
__attribute__((target_clones("avx2", "default"))) float dotExact(const float *a, const float *b, int n)
{
    float sum = 0.f;
#pragma omp simd reduction(+ : sum)
    for (int i = 0; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

/** Clustered unit vectors; centres are shared by the data and the queries. */
class Generator
{
public:
    Generator(int dimension, qint64 clusters, double spread, unsigned seed)
        : m_dimension(dimension)
        , m_sigma(float(spread / std::sqrt(double(dimension))))
        , m_rng(seed)
    {
        m_centres.resize(size_t(clusters) * size_t(dimension));
        for (qint64 c = 0; c < clusters; ++c)
            unitGaussian(m_centres.data() + size_t(c) * size_t(dimension), 1.f, nullptr);
        m_clusters = clusters;
    }

    void fill(float *out, qint64 count)
    {
        std::uniform_int_distribution<qint64> pick(0, m_clusters - 1);
        for (qint64 i = 0; i < count; ++i) {
            const float *centre = m_centres.data() + size_t(pick(m_rng)) * size_t(m_dimension);
            unitGaussian(out + size_t(i) * size_t(m_dimension), m_sigma, centre);
        }
    }

private:
    void unitGaussian(float *out, float sigma, const float *centre)
    {
        double norm = 0.0;
        for (int j = 0; j < m_dimension; ++j) {
            out[j] = (centre ? centre[j] : 0.f) + sigma * m_gauss(m_rng);
            norm += double(out[j]) * out[j];
        }
        const float inverse = float(1.0 / std::sqrt(norm));
        for (int j = 0; j < m_dimension; ++j)
            out[j] *= inverse;
    }

    int m_dimension;
    float m_sigma;
    qint64 m_clusters = 0;
    std::mt19937_64 m_rng;
    std::normal_distribution<float> m_gauss;
    std::vector<float> m_centres;
};

/** Top-k labels per query by exhaustive search, one pass over the data for all queries. */
std::vector<std::vector<qint64>> bruteForce(const std::vector<float> &data, qint64 n, const std::vector<float> &queries,
                                            int queryCount, int dimension)
{
    struct Top
    {
        std::array<float, kK> score;
        std::array<qint64, kK> label;
        int size = 0;
        void offer(float s, qint64 l)
        {
            if (size == kK && s <= score[kK - 1])
                return;
            int at = size < kK ? size++ : kK - 1;
            while (at > 0 && score[at - 1] < s) {
                score[at] = score[at - 1];
                label[at] = label[at - 1];
                --at;
            }
            score[at] = s;
            label[at] = l;
        }
    };
    std::vector<Top> tops(static_cast<size_t>(queryCount));
    for (qint64 i = 0; i < n; ++i) {
        const float *row = data.data() + size_t(i) * size_t(dimension);
        for (int q = 0; q < queryCount; ++q)
            tops[size_t(q)].offer(dotExact(row, queries.data() + size_t(q) * size_t(dimension), dimension), i);
    }
    std::vector<std::vector<qint64>> result;
    for (const Top &top : tops)
        result.emplace_back(top.label.begin(), top.label.begin() + top.size);
    return result;
}

struct Latency
{
    double p50Ms = 0;
    double p99Ms = 0;
};

Latency percentiles(std::vector<double> micros)
{
    std::sort(micros.begin(), micros.end());
    const auto at = [&micros](double p) {
        const size_t i = std::min(micros.size() - 1, size_t(std::ceil(p * double(micros.size()))) - 1);
        return micros[i] / 1000.0;
    };
    return Latency{at(0.50), at(0.99)};
}

Vector row(const std::vector<float> &data, qint64 i, int dimension)
{
    const float *begin = data.data() + size_t(i) * size_t(dimension);
    return Vector(begin, begin + dimension);
}

struct Measured
{
    double recall = 0;
    Latency latency;
};

Measured measure(const VectorIndex &index, const std::vector<float> &queries, int recallQueries, int latencyQueries,
                 const std::vector<std::vector<qint64>> &truth, int dimension, int ef)
{
    Measured m;
    qint64 hitsFound = 0;
    qint64 hitsWanted = 0;
    for (int q = 0; q < recallQueries; ++q) {
        const auto hits = index.search(row(queries, q, dimension), kK, ef);
        if (!hits)
            qFatal("search failed: %s", qPrintable(hits.error().message));
        for (const IndexHit &hit : *hits)
            hitsFound += std::count(truth[size_t(q)].begin(), truth[size_t(q)].end(), hit.label);
        hitsWanted += qint64(truth[size_t(q)].size());
    }
    m.recall = double(hitsFound) / double(std::max<qint64>(1, hitsWanted));

    // Latency through the public API (query copy, normalisation, result list included).
    const int total = recallQueries + latencyQueries;
    std::vector<Vector> prepared;
    for (int q = recallQueries; q < total; ++q)
        prepared.push_back(row(queries, q, dimension));
    for (int q = 0; q < std::min(100, latencyQueries); ++q) // warm caches and branch predictors
        (void)index.search(prepared[size_t(q)], kK, ef);
    std::vector<double> micros;
    micros.reserve(prepared.size());
    for (const Vector &query : prepared) {
        const auto start = std::chrono::steady_clock::now();
        const auto hits = index.search(query, kK, ef);
        const auto end = std::chrono::steady_clock::now();
        if (!hits)
            qFatal("search failed: %s", qPrintable(hits.error().message));
        micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
    m.latency = percentiles(std::move(micros));
    return m;
}

bool parseList(const QString &text, QList<qint64> &out)
{
    out.clear();
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        QString p = part.trimmed().toLower();
        qint64 factor = 1;
        if (p.endsWith(u'k')) {
            factor = 1000;
            p.chop(1);
        } else if (p.endsWith(u'm')) {
            factor = 1'000'000;
            p.chop(1);
        }
        bool ok = false;
        const qint64 value = p.toLongLong(&ok) * factor;
        if (!ok || value <= 0)
            return false;
        out.append(value);
    }
    return !out.isEmpty();
}

std::optional<Options> parseOptions(const QStringList &arguments)
{
    Options options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &name = arguments.at(i);
        const QString value = arguments.value(i + 1);
        bool ok = true;
        if (name == "--sizes"_L1) {
            ok = parseList(value, options.sizes);
        } else if (name == "--dims"_L1) {
            QList<qint64> dims;
            ok = parseList(value, dims);
            options.dims.clear();
            for (const qint64 d : std::as_const(dims))
                options.dims.append(int(d));
        } else if (name == "--budget-minutes"_L1) {
            options.budgetMinutes = value.toDouble(&ok);
        } else if (name == "--recall-queries"_L1) {
            options.recallQueries = value.toInt(&ok);
        } else if (name == "--latency-queries"_L1) {
            options.latencyQueries = value.toInt(&ok);
        } else if (name == "--clusters-per"_L1) {
            options.clustersPer = value.toInt(&ok);
        } else if (name == "--spread"_L1) {
            options.spread = value.toDouble(&ok);
        } else if (name == "--seed"_L1) {
            options.seed = value.toUInt(&ok);
        } else if (name == "--dir"_L1) {
            options.dir = value;
        } else if (name == "--keep-indexes"_L1) {
            options.keepIndexes = value;
        } else {
            print(u"unknown option %1"_s.arg(name));
            return std::nullopt;
        }
        if (!ok || value.isEmpty()) {
            print(u"bad value for %1: '%2'"_s.arg(name, value));
            return std::nullopt;
        }
        ++i;
    }
    if (options.recallQueries < 1 || options.latencyQueries < 1 || options.clustersPer < 1)
        return std::nullopt;
    return options;
}

constexpr const char *kUsage = R"(bench_memoryindex: the memory index (Studio::Memory::VectorIndex, HNSW). recall@10 against exact
brute force, query latency p50/p99, insert throughput and save/load time at several sizes and
dimensions, on unit vectors in gaussian clusters (fixed seed). Prints a table; skips a level whose
estimated build time exceeds the budget or whose memory exceeds 80% of MemAvailable.

usage: bench_memoryindex [options]
  -h, --help               this text; runs nothing
  --sizes <a,b,...>        index sizes (default 10000,100000,1000000)
  --dims <a,b,...>         vector dimensions (default 384,768)
  --budget-minutes <m>     total time budget (default 30)
  --recall-queries <n>     queries for recall@10 (default 200)
  --latency-queries <n>    queries for the latency figures (default 1000)
  --clusters-per <n>       points per gaussian cluster on average (default 100)
  --spread <x>             total norm of the noise around a cluster centre (default 0.6)
  --seed <n>               random seed (default 42)
  --dir <path>             where the temporary folder goes (default the system's temp)
  --keep-indexes <dir>     keep each built index in dir; a later run with the same size,
                           dimension and seed loads it instead of building
)";

} // namespace

int main(int argc, char **argv)
{
    if (BenchHelp::asked(argc, argv, kUsage)) // before anything starts
        return 0;
    QCoreApplication app(argc, argv);
    // The index logs each load and save at info level; the table says the same.
    QLoggingCategory::setFilterRules(u"persona.memory.info=false"_s);
    const std::optional<Options> parsed = parseOptions(QCoreApplication::arguments());
    if (!parsed) {
        print(u"usage: bench_memoryindex [--sizes 10000,100000,1000000] [--dims 384,768] [--budget-minutes 30]\n"
              "       [--recall-queries 200] [--latency-queries 1000] [--clusters-per 100] [--spread 0.6]\n"
              "       [--seed 42] [--dir /tmp] [--keep-indexes DIR]"_s);
        return 2;
    }
    const Options options = *parsed;
    QTemporaryDir tempDir(options.dir.isEmpty() ? QDir::tempPath() + u"/bench_memoryindex-XXXXXX"_s
                                                : options.dir + u"/bench_memoryindex-XXXXXX"_s);
    if (!tempDir.isValid()) {
        print(u"cannot create a temporary folder: %1"_s.arg(tempDir.errorString()));
        return 1;
    }

    const double started = nowSeconds();
    const double budgetSeconds = options.budgetMinutes * 60.0;
    print(u"# bench_memoryindex: kernel %1, M=%2, efConstruction=%3, k=%4, one thread"_s.arg(vectorKernelName())
              .arg(kM)
              .arg(kEfConstruction)
              .arg(kK));
    print(u"# data: gaussian clusters of ~%1 unit vectors, noise norm %2, seed %3; recall over %4 queries, "
          "latency over %5 (fresh draws from the same clusters)"_s.arg(options.clustersPer)
              .arg(options.spread)
              .arg(options.seed)
              .arg(options.recallQueries)
              .arg(options.latencyQueries));
    print(u"# targets: recall@10 >= 0.99 up to 100k, >= 0.95 above; ef = smallest on the ladder reaching it"_s);
    print(QString());

    QStringList table;
    table.append(u"%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12"_s.arg(u"size"_s, 8)
                     .arg(u"dim"_s, 4)
                     .arg(u"build s"_s, 8)
                     .arg(u"inserts/s"_s, 9)
                     .arg(u"ef"_s, 5)
                     .arg(u"recall@10"_s, 9)
                     .arg(u"p50 ms"_s, 7)
                     .arg(u"p99 ms"_s, 7)
                     .arg(u"brute ms"_s, 8)
                     .arg(u"save s"_s, 7)
                     .arg(u"load s"_s, 7)
                     .arg(u"file MB"_s, 8));

    double lastRate = 0; // inserts per second per (dimension / 384), from the previous level
    qint64 lastSize = 0;
    for (const int dimension : options.dims) {
        for (const qint64 n : options.sizes) {
            const double used = nowSeconds() - started;
            const QString kept = options.keepIndexes.isEmpty()
                                     ? QString()
                                     : QDir(options.keepIndexes)
                                           .filePath(u"index-%1-%2-seed%3.hnsw"_s.arg(n).arg(dimension).arg(options.seed));
            const bool reuse = !kept.isEmpty() && QFileInfo::exists(kept);
            // Insert cost grows with log n and with the dimension.
            if (lastRate > 0 && !reuse) {
                const double scale = std::log(double(n)) / std::log(double(std::max<qint64>(lastSize, 2)));
                const double estimate = double(n) / lastRate * (double(dimension) / 384.0) * scale;
                if (used + estimate > budgetSeconds) {
                    const QString note = u"%1 %2  skipped: building would take ~%3 min, %4 min of the budget left"_s
                                             .arg(n, 8)
                                             .arg(dimension, 4)
                                             .arg(estimate / 60.0, 0, 'f', 1)
                                             .arg((budgetSeconds - used) / 60.0, 0, 'f', 1);
                    print(note);
                    table.append(note);
                    continue;
                }
            }
            const double bytesPerElement = double(dimension) * 4 * 2 + 2 * kM * 4 + 4 + 8 + 80;
            const qint64 available = memAvailableBytes();
            if (available > 0 && double(n) * bytesPerElement > 0.8 * double(available)) {
                const QString note = u"%1 %2  skipped: needs ~%3 GiB, %4 GiB available"_s.arg(n, 8)
                                         .arg(dimension, 4)
                                         .arg(double(n) * bytesPerElement / double(1 << 30), 0, 'f', 1)
                                         .arg(double(available) / double(1 << 30), 0, 'f', 1);
                print(note);
                table.append(note);
                continue;
            }

            print(u"## %1 vectors x %2 dimensions"_s.arg(n).arg(dimension));
            double t = nowSeconds();
            const qint64 clusters = std::max<qint64>(1, n / options.clustersPer);
            Generator generator(dimension, clusters, options.spread, options.seed + unsigned(dimension));
            std::vector<float> data(size_t(n) * size_t(dimension));
            generator.fill(data.data(), n);
            const int queryCount = options.recallQueries + options.latencyQueries;
            std::vector<float> queries(size_t(queryCount) * size_t(dimension));
            generator.fill(queries.data(), queryCount);
            print(u"   generated in %1 s"_s.arg(nowSeconds() - t, 0, 'f', 1));

            t = nowSeconds();
            const auto truth = bruteForce(data, n, queries, options.recallQueries, dimension);
            const double bruteAllS = nowSeconds() - t;
            // One query on its own, as a caller without an index would run it.
            const int bruteSingles = std::min(20, options.recallQueries);
            t = nowSeconds();
            for (int q = 0; q < bruteSingles; ++q)
                (void)bruteForce(data, n, std::vector<float>(queries.begin() + q * dimension,
                                                             queries.begin() + (q + 1) * dimension),
                                 1, dimension);
            const double bruteMs = (nowSeconds() - t) * 1000.0 / bruteSingles;
            print(u"   exact top-10 of %1 queries in %2 s (one query alone: %3 ms)"_s.arg(options.recallQueries)
                      .arg(bruteAllS, 0, 'f', 1)
                      .arg(bruteMs, 0, 'f', 2));

            std::unique_ptr<VectorIndex> index;
            double buildS = 0;
            double rate = 0;
            if (reuse) {
                t = nowSeconds();
                auto loaded = VectorIndex::load(kept, dimension);
                if (!loaded || (*loaded)->size() != n)
                    qFatal("the kept index %s cannot be used: delete it", qPrintable(kept));
                index = std::move(*loaded);
                print(u"   loaded the kept index %1 in %2 s (built by an earlier run)"_s.arg(kept).arg(nowSeconds() - t, 0, 'f', 1));
            } else {
                auto created = VectorIndex::create(dimension, qsizetype(n), kM, kEfConstruction);
                if (!created)
                    qFatal("create failed: %s", qPrintable(created.error().message));
                index = std::move(*created);
                t = nowSeconds();
                double lastReport = t;
                for (qint64 i = 0; i < n; ++i) {
                    const auto added = index->add(i, row(data, i, dimension));
                    if (!added)
                        qFatal("add failed: %s", qPrintable(added.error().message));
                    if (nowSeconds() - lastReport > 30.0) {
                        lastReport = nowSeconds();
                        print(u"   ... %1 of %2 inserted after %3 s"_s.arg(i + 1).arg(n).arg(lastReport - t, 0, 'f', 0));
                    }
                }
                buildS = nowSeconds() - t;
                rate = double(n) / buildS;
                lastRate = rate * (double(dimension) / 384.0);
                lastSize = n;
                print(u"   built in %1 s (%2 inserts/s)"_s.arg(buildS, 0, 'f', 1).arg(rate, 0, 'f', 0));
                if (!kept.isEmpty()) {
                    QDir().mkpath(options.keepIndexes);
                    if (const auto saved = index->save(kept); !saved)
                        print(u"   cannot keep the index: %1"_s.arg(saved.error().message));
                }
            }

            const double target = n <= 100'000 ? 0.99 : 0.95;
            int chosenEf = kEfLadder.back();
            Measured chosen;
            for (const int ef : kEfLadder) {
                const Measured m = measure(*index, queries, options.recallQueries, options.latencyQueries, truth,
                                           dimension, ef);
                print(u"   ef %1: recall@10 %2, p50 %3 ms, p99 %4 ms"_s.arg(ef, 4)
                          .arg(m.recall, 0, 'f', 4)
                          .arg(m.latency.p50Ms, 0, 'f', 3)
                          .arg(m.latency.p99Ms, 0, 'f', 3));
                chosen = m;
                chosenEf = ef;
                if (m.recall >= target)
                    break;
            }

            const QString path = tempDir.filePath(u"index-%1-%2.hnsw"_s.arg(n).arg(dimension));
            t = nowSeconds();
            if (const auto saved = index->save(path); !saved)
                qFatal("save failed: %s", qPrintable(saved.error().message));
            const double saveS = nowSeconds() - t;
            const double fileMb = double(QFileInfo(path).size()) / double(1 << 20);
            const std::vector<Vector> check = {row(queries, 0, dimension), row(queries, 1, dimension)};
            QList<QList<IndexHit>> before;
            for (const Vector &query : check)
                before.append(*index->search(query, kK, chosenEf));
            index.reset(); // free its memory before the copy is loaded
            t = nowSeconds();
            auto loaded = VectorIndex::load(path, dimension);
            const double loadS = nowSeconds() - t;
            if (!loaded)
                qFatal("load failed: %s", qPrintable(loaded.error().message));
            for (qsizetype q = 0; q < qsizetype(check.size()); ++q) {
                const auto after = (*loaded)->search(check[size_t(q)], kK, chosenEf);
                bool same = after && after->size() == before.at(q).size();
                for (qsizetype j = 0; same && j < after->size(); ++j)
                    same = after->at(j).label == before.at(q).at(j).label;
                if (!same)
                    qFatal("the loaded index answers differently");
            }
            loaded->reset();
            QFile::remove(path);
            print(u"   saved in %1 s, loaded in %2 s, %3 MB"_s.arg(saveS, 0, 'f', 2)
                      .arg(loadS, 0, 'f', 2)
                      .arg(fileMb, 0, 'f', 0));

            table.append(u"%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12%13"_s.arg(n, 8)
                             .arg(dimension, 4)
                             .arg(reuse ? u"kept"_s : QString::number(buildS, 'f', 1), 8)
                             .arg(reuse ? u"-"_s : QString::number(rate, 'f', 0), 9)
                             .arg(chosenEf, 5)
                             .arg(chosen.recall, 9, 'f', 4)
                             .arg(chosen.latency.p50Ms, 7, 'f', 3)
                             .arg(chosen.latency.p99Ms, 7, 'f', 3)
                             .arg(bruteMs, 8, 'f', 2)
                             .arg(saveS, 7, 'f', 2)
                             .arg(loadS, 7, 'f', 2)
                             .arg(fileMb, 8, 'f', 0)
                             .arg(chosen.recall >= target ? QString() : u"  (recall target %1 missed)"_s.arg(target)));
            print(QString());
        }
        lastRate = 0; // the next dimension starts its own estimate
    }

    print(u"# summary (peak RSS %1, %2 min)"_s.arg(peakRss()).arg((nowSeconds() - started) / 60.0, 0, 'f', 1));
    for (const QString &line : std::as_const(table))
        print(line);
    return 0;
}
