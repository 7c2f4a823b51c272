// SPDX-License-Identifier: MIT
#include "vectorindex.h"

#include "memorylog.h"

// The only place hnswlib is included: 0.6.2 defines cpuid(), AVXCapable() and its SIMD function
// pointers without `inline`, so a second including .cpp in the same binary fails to link.
// Its own warnings are not ours to fix.
//
// Its SSE path (which we keep for its prefetches, ~20% faster queries; the distance kernel is
// ours, below) prefetches one link past the end of each upper-level list: a read of up to 3
// bytes past the requested size of a small malloc block, harmless for a prefetch hint, but
// AddressSanitizer stops at it. Sanitizer builds therefore leave the prefetches out.
#if defined(__SANITIZE_ADDRESS__)
#define NO_MANUAL_VECTORIZATION
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_MANUAL_VECTORIZATION
#endif
#endif
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wcast-align"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#pragma GCC diagnostic ignored "-Woverloaded-virtual"
#include <hnswlib/hnswlib.h>
#pragma GCC diagnostic pop

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

#if defined(Q_OS_UNIX)
#include <fcntl.h>
#include <unistd.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#define STUDIO_MEMORY_X86 1
#include <immintrin.h>
#endif

using namespace Qt::StringLiterals;

namespace Studio::Memory {

namespace {

using Hnsw = hnswlib::HierarchicalNSW<float>;

// hnswlib's file header, which load() checks field by field before hnswlib reads the file.
static_assert(sizeof(size_t) == 8 && sizeof(hnswlib::labeltype) == 8 && sizeof(hnswlib::tableint) == 4,
              "the index file layout below assumes a 64-bit build");
constexpr qint64 kHeaderBytes = 8 * 6 + 4 + 4 + 8 * 3 + 8 + 8; // = 96

constexpr int kMaxDimension = 65536;
constexpr int kMinM = 2;   // hnswlib's level multiplier is 1/ln(M): M = 1 divides by zero
constexpr int kMaxM = 100; // more is never useful and costs memory per element
constexpr int kMaxEfConstruction = 100000;
constexpr int kMaxLevel = 127; // levels grow like log_M(n); anything near this is corruption
// hnswlib's internal ids are 32-bit; stay well below so size arithmetic cannot overflow.
constexpr qint64 kMaxElements = qint64(1) << 31;
constexpr qsizetype kMinCapacity = 16;
// Stored vectors are unit length (add() normalises); a loaded one that is not is corrupt.
constexpr float kNormTolerance = 1e-3f;

// ---------------------------------------------------------------------------------------------
// Inner-product kernels. hnswlib picks SSE or AVX at compile time, and compiling this file with
// -mavx2 would let the compiler use AVX anywhere in it and crash older CPUs. Instead the AVX2
// kernel alone carries the target attribute and is chosen once at run time from the CPU's
// features; the distance (1 - dot) is the same as hnswlib's InnerProductSpace.

#if defined(STUDIO_MEMORY_X86) && defined(__SSE__)
float dotSse(const float *a, const float *b, size_t n)
{
    __m128 acc0 = _mm_setzero_ps();
    __m128 acc1 = _mm_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        acc0 = _mm_add_ps(acc0, _mm_mul_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
        acc1 = _mm_add_ps(acc1, _mm_mul_ps(_mm_loadu_ps(a + i + 4), _mm_loadu_ps(b + i + 4)));
    }
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, _mm_add_ps(acc0, acc1));
    float sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

float distanceSse(const void *a, const void *b, const void *dim)
{
    return 1.f - dotSse(static_cast<const float *>(a), static_cast<const float *>(b),
                        *static_cast<const size_t *>(dim));
}

__attribute__((target("avx2,fma"))) float dotAvx2(const float *a, const float *b, size_t n)
{
    __m256 acc0 = _mm256_setzero_ps();
    __m256 acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc0 = _mm256_add_ps(acc0, acc1);
    __m128 sum4 = _mm_add_ps(_mm256_castps256_ps128(acc0), _mm256_extractf128_ps(acc0, 1));
    sum4 = _mm_add_ps(sum4, _mm_movehl_ps(sum4, sum4));
    sum4 = _mm_add_ss(sum4, _mm_shuffle_ps(sum4, sum4, 0x55));
    float sum = _mm_cvtss_f32(sum4);
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

__attribute__((target("avx2,fma"))) float distanceAvx2(const void *a, const void *b, const void *dim)
{
    return 1.f - dotAvx2(static_cast<const float *>(a), static_cast<const float *>(b),
                         *static_cast<const size_t *>(dim));
}
#else
float dotScalar(const float *a, const float *b, size_t n)
{
    float s0 = 0.f, s1 = 0.f, s2 = 0.f, s3 = 0.f;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; ++i)
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

float distanceScalar(const void *a, const void *b, const void *dim)
{
    return 1.f - dotScalar(static_cast<const float *>(a), static_cast<const float *>(b),
                           *static_cast<const size_t *>(dim));
}
#endif

struct Kernel
{
    const char *name;
    hnswlib::DISTFUNC<float> distance;
    float (*dot)(const float *, const float *, size_t);
};

Kernel pickKernel()
{
#if defined(STUDIO_MEMORY_X86) && defined(__SSE__)
    __builtin_cpu_init();
    // libgcc's check includes the OS's XSAVE support for the AVX registers.
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return Kernel{"avx2+fma", &distanceAvx2, &dotAvx2};
    return Kernel{"sse", &distanceSse, &dotSse};
#else
    return Kernel{"scalar", &distanceScalar, &dotScalar};
#endif
}

const Kernel &kernel()
{
    static const Kernel chosen = pickKernel();
    return chosen;
}

/** hnswlib's SpaceInterface with our run-time-dispatched inner product. */
class DotProductSpace final : public hnswlib::SpaceInterface<float>
{
public:
    explicit DotProductSpace(size_t dimension)
        : m_dimension(dimension)
    {
    }

    size_t get_data_size() override { return m_dimension * sizeof(float); }
    hnswlib::DISTFUNC<float> get_dist_func() override { return kernel().distance; }
    void *get_dist_func_param() override { return &m_dimension; }

private:
    size_t m_dimension; // hnswlib keeps a pointer to it: the space must outlive the index
};

hnswlib::labeltype toHnswLabel(qint64 label)
{
    return static_cast<hnswlib::labeltype>(label);
}

qint64 fromHnswLabel(hnswlib::labeltype label)
{
    return static_cast<qint64>(label);
}

/** A unit-length copy of v, or InvalidArgument. */
Result<Vector> unitVector(const Vector &v, int dimension, const char *what)
{
    if (v.size() != dimension)
        return fail(ErrorCode::InvalidArgument,
                    u"The %1 has %2 dimensions; this index holds %3."_s.arg(QLatin1String(what))
                        .arg(v.size())
                        .arg(dimension));
    Vector copy = v;
    if (!normalizeVector(copy))
        return fail(ErrorCode::InvalidArgument,
                    u"The %1 is zero or contains NaN or infinity; it has no direction to compare."_s.arg(
                        QLatin1String(what)));
    return copy;
}

QString describe(const std::exception &e)
{
    return QString::fromLocal8Bit(e.what());
}

/** What hnswlib's saveIndex() writes for this index, in bytes. */
qint64 expectedFileSize(const Hnsw &hnsw)
{
    qint64 bytes = kHeaderBytes + qint64(hnsw.cur_element_count) * qint64(hnsw.size_data_per_element_);
    for (size_t i = 0; i < hnsw.cur_element_count; ++i) {
        bytes += qint64(sizeof(unsigned int));
        if (hnsw.element_levels_[i] > 0)
            bytes += qint64(hnsw.size_links_per_element_) * hnsw.element_levels_[i];
    }
    return bytes;
}

template<typename T>
T readPod(const QByteArray &bytes, qsizetype offset)
{
    T value;
    std::memcpy(&value, bytes.constData() + offset, sizeof(T));
    return value;
}

/** hnswlib's header fields, in file order. */
struct FileHeader
{
    size_t offsetLevel0 = 0;
    size_t maxElements = 0;
    size_t count = 0;
    size_t sizeDataPerElement = 0;
    size_t labelOffset = 0;
    size_t offsetData = 0;
    int maxLevel = 0;
    hnswlib::tableint entryPoint = 0;
    size_t maxM = 0;
    size_t maxM0 = 0;
    size_t m = 0;
    double mult = 0.0;
    size_t efConstruction = 0;
};

FileHeader parseHeader(const QByteArray &bytes)
{
    FileHeader h;
    qsizetype at = 0;
    const auto next = [&bytes, &at]<typename T>(T &field) {
        field = readPod<T>(bytes, at);
        at += sizeof(T);
    };
    next(h.offsetLevel0);
    next(h.maxElements);
    next(h.count);
    next(h.sizeDataPerElement);
    next(h.labelOffset);
    next(h.offsetData);
    next(h.maxLevel);
    next(h.entryPoint);
    next(h.maxM);
    next(h.maxM0);
    next(h.m);
    next(h.mult);
    next(h.efConstruction);
    Q_ASSERT(at == kHeaderBytes);
    return h;
}

/** Empty when the header describes a well-formed index of this dimension that fits the file;
 *  otherwise why not. Keeps hnswlib from allocating or seeking on garbage values. */
QString checkHeader(const FileHeader &h, int dimension, qint64 fileSize)
{
    if (h.offsetLevel0 != 0 || h.m < size_t(kMinM) || h.m > size_t(kMaxM) || h.maxM != h.m || h.maxM0 != 2 * h.m)
        return u"the header is not an hnswlib index header (graph degree fields)"_s;
    const size_t linksLevel0 = h.maxM0 * sizeof(hnswlib::tableint) + sizeof(hnswlib::linklistsizeint);
    if (h.offsetData != linksLevel0 || h.labelOffset <= linksLevel0
        || (h.labelOffset - linksLevel0) % sizeof(float) != 0
        || h.sizeDataPerElement != h.labelOffset + sizeof(hnswlib::labeltype))
        return u"the header's element layout is inconsistent"_s;
    const size_t fileDimension = (h.labelOffset - linksLevel0) / sizeof(float);
    if (fileDimension != size_t(dimension))
        return u"it holds %1-dimensional vectors, not %2"_s.arg(fileDimension).arg(dimension);
    if (!std::isfinite(h.mult) || h.mult <= 0.0 || h.efConstruction < 1
        || h.efConstruction > size_t(kMaxEfConstruction))
        return u"the header's build parameters are out of range"_s;
    if (h.count > size_t(kMaxElements))
        return u"the header claims %1 elements"_s.arg(h.count);
    if (h.count == 0) {
        if (h.maxLevel != -1 || h.entryPoint != hnswlib::tableint(-1))
            return u"an empty index has an entry point"_s;
    } else if (h.entryPoint >= h.count || h.maxLevel < 0 || h.maxLevel > kMaxLevel) {
        return u"the entry point or top level is out of range"_s;
    }
    // Every element has its data block and at least a 4-byte link-list size.
    const qint64 minimum = kHeaderBytes + qint64(h.count) * (qint64(h.sizeDataPerElement) + 4);
    if (fileSize < minimum)
        return u"the file is truncated (%1 bytes, at least %2 needed)"_s.arg(fileSize).arg(minimum);
    return {};
}

/** Walks the loaded graph: every link must point at an existing element on a level it has,
 *  every count must fit its list, every stored vector must be unit length. hnswlib trusts all
 *  of these while searching, and a flipped byte would send it outside its arrays. Also
 *  recounts the deleted elements (0.6.2's loading constructor adds to an uninitialised count). */
QString checkGraph(Hnsw &hnsw, int dimension)
{
    const size_t count = hnsw.cur_element_count;
    const int maxLevel = hnsw.maxlevel_;
    size_t deleted = 0;
    const auto dot = kernel().dot;
    for (size_t i = 0; i < count; ++i) {
        const auto id = hnswlib::tableint(i);
        const auto *header = reinterpret_cast<const unsigned char *>(hnsw.get_linklist0(id));
        // Bytes 0-1: link count; byte 2: flags (only the delete mark exists); byte 3: unused.
        if ((header[2] & ~Hnsw::DELETE_MARK) != 0 || header[3] != 0)
            return u"element %1 has unknown flags"_s.arg(i);
        if (header[2] & Hnsw::DELETE_MARK)
            ++deleted;
        const int level = hnsw.element_levels_[i];
        if (level < 0 || level > maxLevel)
            return u"element %1 is on level %2 above the top level %3"_s.arg(i).arg(level).arg(maxLevel);
        for (int l = 0; l <= level; ++l) {
            hnswlib::linklistsizeint *list = hnsw.get_linklist_at_level(id, l);
            const size_t links = hnsw.getListCount(list);
            if (links > (l == 0 ? hnsw.maxM0_ : hnsw.maxM_))
                return u"element %1 has %2 links on level %3"_s.arg(i).arg(links).arg(l);
            const auto *neighbours = reinterpret_cast<const hnswlib::tableint *>(list + 1);
            for (size_t j = 0; j < links; ++j) {
                const hnswlib::tableint n = neighbours[j];
                if (n >= count || hnsw.element_levels_[n] < l)
                    return u"element %1 links to a missing element on level %2"_s.arg(i).arg(l);
            }
        }
        const auto *data = reinterpret_cast<const float *>(hnsw.getDataByInternalId(id));
        const float norm2 = dot(data, data, size_t(dimension));
        if (!(std::abs(norm2 - 1.f) <= kNormTolerance))
            return u"element %1 holds a vector that is not unit length"_s.arg(i);
    }
    if (count > 0 && hnsw.element_levels_[hnsw.enterpoint_node_] != maxLevel)
        return u"the entry point is not on the top level"_s;
    if (hnsw.label_lookup_.size() != count)
        return u"%1 elements share labels"_s.arg(count - hnsw.label_lookup_.size());
    hnsw.num_deleted_ = deleted;
    hnsw.metric_distance_computations = 0;
    hnsw.metric_hops = 0;
    return {};
}

#if defined(Q_OS_UNIX)
/** fsync on a fresh descriptor: flushes what another stream wrote, or a directory entry. */
bool syncPath(const QString &path, bool directory, QString *error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    if (!ok)
        *error = QString::fromLocal8Bit(std::strerror(errno));
    ::close(fd);
    return ok;
}
#endif

std::filesystem::path nativePath(const QString &path)
{
#if defined(Q_OS_WIN)
    return std::filesystem::path(path.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(path).toStdString());
#endif
}

} // namespace

struct VectorIndex::Private
{
    int dimension = 0;
    std::unique_ptr<DotProductSpace> space; // before hnsw: destroyed after it
    std::unique_ptr<Hnsw> hnsw;

    bool isLive(hnswlib::labeltype label) const
    {
        const auto it = hnsw->label_lookup_.find(label);
        return it != hnsw->label_lookup_.end() && !hnsw->isMarkedDeleted(it->second);
    }

    qint64 liveCount() const { return qint64(hnsw->cur_element_count) - qint64(hnsw->num_deleted_); }
};

VectorIndex::VectorIndex(std::unique_ptr<Private> dd)
    : d(std::move(dd))
{
}

VectorIndex::~VectorIndex() = default;

Result<std::unique_ptr<VectorIndex>> VectorIndex::create(int dimension, qsizetype initialCapacity, int m,
                                                         int efConstruction)
{
    if (dimension < 1 || dimension > kMaxDimension)
        return fail(ErrorCode::InvalidArgument,
                    u"An index needs 1 to %1 dimensions, not %2."_s.arg(kMaxDimension).arg(dimension));
    if (initialCapacity < 0 || initialCapacity > kMaxElements)
        return fail(ErrorCode::InvalidArgument, u"Invalid initial index capacity %1."_s.arg(initialCapacity));
    if (m < kMinM || m > kMaxM)
        return fail(ErrorCode::InvalidArgument,
                    u"The graph degree M must be %1 to %2, not %3."_s.arg(kMinM).arg(kMaxM).arg(m));
    if (efConstruction < 1 || efConstruction > kMaxEfConstruction)
        return fail(ErrorCode::InvalidArgument,
                    u"efConstruction must be 1 to %1, not %2."_s.arg(kMaxEfConstruction).arg(efConstruction));

    auto d = std::make_unique<Private>();
    d->dimension = dimension;
    d->space = std::make_unique<DotProductSpace>(size_t(dimension));
    try {
        // A fixed seed: the same inserts build the same graph, which keeps tests reproducible.
        d->hnsw = std::make_unique<Hnsw>(d->space.get(), size_t(std::max(initialCapacity, qsizetype(1))), size_t(m),
                                         size_t(efConstruction), 100);
    } catch (const std::exception &e) {
        return fail(ErrorCode::Internal, u"Could not create a vector index: %1."_s.arg(describe(e)));
    }
    return std::unique_ptr<VectorIndex>(new VectorIndex(std::move(d)));
}

Result<std::unique_ptr<VectorIndex>> VectorIndex::load(const QString &path, int dimension)
{
    if (dimension < 1 || dimension > kMaxDimension)
        return fail(ErrorCode::InvalidArgument,
                    u"An index needs 1 to %1 dimensions, not %2."_s.arg(kMaxDimension).arg(dimension));

    QElapsedTimer clock;
    clock.start();
    const auto corrupt = [&path](const QString &why) {
        qCWarning(lcMemory).noquote() << "vector index" << path << "is unusable:" << why;
        return fail(ErrorCode::Storage,
                    u"The vector index file %1 is unusable: %2."_s.arg(QDir::toNativeSeparators(path), why));
    };

    QFile file(path);
    if (!QFileInfo(path).isFile())
        return fail(ErrorCode::NotFound, u"There is no vector index file at %1."_s.arg(QDir::toNativeSeparators(path)));
    if (!file.open(QIODevice::ReadOnly))
        return corrupt(u"cannot open it: %1"_s.arg(file.errorString()));
    const qint64 fileSize = file.size();
    const QByteArray headerBytes = file.read(kHeaderBytes);
    file.close();
    if (headerBytes.size() != kHeaderBytes)
        return corrupt(u"the file is truncated (%1 bytes)"_s.arg(fileSize));
    const FileHeader header = parseHeader(headerBytes);
    if (const QString why = checkHeader(header, dimension, fileSize); !why.isEmpty())
        return corrupt(why);

    auto d = std::make_unique<Private>();
    d->dimension = dimension;
    d->space = std::make_unique<DotProductSpace>(size_t(dimension));
    try {
        // Our own capacity, not the file's: room for what is there, growth by doubling later.
        const size_t capacity = std::max<size_t>(header.count, size_t(kMinCapacity));
        // hnswlib reads the file itself and checks that the link lists add up to its size.
        d->hnsw = std::make_unique<Hnsw>(d->space.get(), QFile::encodeName(path).toStdString(), false, capacity);
    } catch (const std::exception &e) {
        return corrupt(describe(e));
    }
    if (const QString why = checkGraph(*d->hnsw, dimension); !why.isEmpty())
        return corrupt(why);

    auto index = std::unique_ptr<VectorIndex>(new VectorIndex(std::move(d)));
    qCInfo(lcMemory).noquote() << u"loaded vector index %1 with %2 vectors (%3 slots) in %4 ms"_s.arg(
        QDir::toNativeSeparators(path), QString::number(index->size()), QString::number(header.count),
        QString::number(clock.elapsed()));
    return index;
}

int VectorIndex::dimension() const
{
    return d->dimension;
}

qint64 VectorIndex::size() const
{
    return d->liveCount();
}

qint64 VectorIndex::capacity() const
{
    return qint64(d->hnsw->max_elements_);
}

Result<void> VectorIndex::add(qint64 label, const Vector &vector)
{
    const Result<Vector> unit = unitVector(vector, d->dimension, "vector");
    if (!unit)
        return fail(unit.error());
    Hnsw &hnsw = *d->hnsw;
    const hnswlib::labeltype key = toHnswLabel(label);
    try {
        // A known label (live or deleted) is updated in place by addPoint: revived and relinked.
        if (hnsw.label_lookup_.find(key) == hnsw.label_lookup_.end() && hnsw.cur_element_count >= hnsw.max_elements_) {
            if (qint64(hnsw.max_elements_) >= kMaxElements)
                return fail(ErrorCode::TooLarge, u"The vector index is full (%1 vectors)."_s.arg(kMaxElements));
            const size_t grown = std::min<size_t>(std::max<size_t>(hnsw.max_elements_ * 2, size_t(kMinCapacity)),
                                                  size_t(kMaxElements));
            qCDebug(lcMemory) << "growing vector index from" << hnsw.max_elements_ << "to" << grown << "slots";
            hnsw.resizeIndex(grown);
        }
        hnsw.addPoint(unit->constData(), key);
    } catch (const std::exception &e) {
        return fail(ErrorCode::Internal, u"Could not add vector %1 to the index: %2."_s.arg(label).arg(describe(e)));
    }
    return {};
}

Result<void> VectorIndex::remove(qint64 label)
{
    if (!d->isLive(toHnswLabel(label)))
        return fail(ErrorCode::NotFound, u"Vector %1 is not in the index."_s.arg(label));
    try {
        d->hnsw->markDelete(toHnswLabel(label));
    } catch (const std::exception &e) {
        return fail(ErrorCode::Internal,
                    u"Could not remove vector %1 from the index: %2."_s.arg(label).arg(describe(e)));
    }
    return {};
}

bool VectorIndex::contains(qint64 label) const
{
    return d->isLive(toHnswLabel(label));
}

QList<qint64> VectorIndex::labels() const
{
    QList<qint64> result;
    result.reserve(d->liveCount());
    for (const auto &[label, internalId] : d->hnsw->label_lookup_) {
        if (!d->hnsw->isMarkedDeleted(internalId))
            result.append(fromHnswLabel(label));
    }
    std::sort(result.begin(), result.end());
    return result;
}

Result<QList<IndexHit>> VectorIndex::search(const Vector &query, int k, int ef) const
{
    if (k < 0)
        return fail(ErrorCode::InvalidArgument, u"Cannot search for %1 neighbours."_s.arg(k));
    const Result<Vector> unit = unitVector(query, d->dimension, "query");
    if (!unit)
        return fail(unit.error());
    const qint64 live = d->liveCount();
    if (k == 0 || live == 0)
        return QList<IndexHit>();

    Hnsw &hnsw = *d->hnsw;
    const size_t wanted = size_t(std::min<qint64>(k, live));
    size_t breadth = size_t(std::max(ef, k));
    std::priority_queue<std::pair<float, hnswlib::labeltype>> found;
    try {
        for (;;) {
            hnsw.setEf(breadth);
            found = hnsw.searchKnn(unit->constData(), size_t(k));
            // With many deletions the search can stop short; widen it until it has seen the
            // whole graph rather than return fewer than the live count allows.
            if (found.size() >= wanted || breadth >= hnsw.cur_element_count)
                break;
            breadth = std::min<size_t>(breadth * 4, hnsw.cur_element_count);
        }
    } catch (const std::exception &e) {
        return fail(ErrorCode::Internal, u"The vector search failed: %1."_s.arg(describe(e)));
    }

    // The queue pops the farthest first.
    QList<IndexHit> hits(qsizetype(found.size()));
    for (qsizetype i = hits.size() - 1; i >= 0; --i) {
        hits[i] = IndexHit{fromHnswLabel(found.top().second), 1.f - found.top().first};
        found.pop();
    }
    return hits;
}

Result<void> VectorIndex::save(const QString &path) const
{
    QElapsedTimer clock;
    clock.start();
    const QString native = QDir::toNativeSeparators(path);
    const QString tmp = path + ".tmp"_L1;
    const QFileInfo target(path);
    if (!target.absoluteDir().exists())
        return fail(ErrorCode::Storage,
                    u"Cannot save the vector index to %1: the folder does not exist."_s.arg(native));
    const auto failed = [&tmp, &native](const QString &why) {
        QFile::remove(tmp);
        qCWarning(lcMemory).noquote() << "saving vector index" << native << "failed:" << why;
        return fail(ErrorCode::Storage, u"Could not save the vector index to %1: %2."_s.arg(native, why));
    };

    Hnsw &hnsw = *d->hnsw; // saveIndex() is not const in hnswlib, but only reads
    try {
        hnsw.saveIndex(QFile::encodeName(tmp).toStdString());
    } catch (const std::exception &e) {
        return failed(describe(e));
    }
    // hnswlib's std::ofstream reports nothing: a full disk or a missing permission shows up as a
    // short or absent file.
    const qint64 expected = expectedFileSize(hnsw);
    const QFileInfo written(tmp);
    if (!written.isFile())
        return failed(u"the temporary file %1 could not be created"_s.arg(QDir::toNativeSeparators(tmp)));
    if (written.size() != expected)
        return failed(u"only %1 of %2 bytes were written (disk full?)"_s.arg(written.size()).arg(expected));
#if defined(Q_OS_UNIX)
    QString error;
    if (!syncPath(tmp, false, &error))
        return failed(u"flushing %1 to disk failed: %2"_s.arg(QDir::toNativeSeparators(tmp), error));
#endif
    std::error_code renameError;
    std::filesystem::rename(nativePath(tmp), nativePath(path), renameError);
    if (renameError)
        return failed(u"renaming the temporary file failed: %1"_s.arg(QString::fromLocal8Bit(renameError.message())));
#if defined(Q_OS_UNIX)
    // The rename itself is durable only once the directory is flushed; the data already is.
    if (!syncPath(target.absolutePath(), true, &error))
        qCWarning(lcMemory).noquote() << "flushing the folder of" << native << "failed:" << error;
#endif
    qCInfo(lcMemory).noquote() << u"saved vector index %1 with %2 vectors, %3 bytes, in %4 ms"_s.arg(
        native, QString::number(size()), QString::number(expected), QString::number(clock.elapsed()));
    return {};
}

QString vectorKernelName()
{
    return QString::fromLatin1(kernel().name);
}

} // namespace Studio::Memory
