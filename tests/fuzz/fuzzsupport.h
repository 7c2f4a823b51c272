// SPDX-License-Identifier: MIT
#pragma once

// Helpers shared by the libFuzzer harnesses: deterministic piece splitting derived from the
// input itself (so a corpus file is a plain real input and mutations also move the splits),
// and a failed invariant as a crash libFuzzer reports and keeps.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace StudioFuzz {

inline quint64 hashOf(QByteArrayView data)
{
    quint64 hash = 1469598103934665603ULL; // FNV-1a
    for (const char c : data) {
        hash ^= quint8(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

/** splitmix64: a small PRNG, enough to spread split points. */
struct Random
{
    quint64 state;
    quint64 next()
    {
        quint64 z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    qsizetype below(qsizetype bound) { return bound <= 0 ? 0 : qsizetype(next() % quint64(bound)); }
};

/** The input cut into pieces of 0..~64 bytes (mostly small, some empty), seeded by salt. */
inline QList<QByteArrayView> randomPieces(QByteArrayView data, quint64 salt)
{
    Random random{hashOf(data) ^ salt};
    QList<QByteArrayView> pieces;
    qsizetype at = 0;
    while (at < data.size()) {
        const quint64 pick = random.next() % 8;
        const qsizetype size = pick == 0 ? 0 : pick < 5 ? 1 + random.below(3) : 1 + random.below(64);
        const qsizetype take = qMin(size, data.size() - at);
        pieces.append(data.sliced(at, take));
        at += take;
    }
    return pieces;
}

inline QList<QByteArrayView> bytewisePieces(QByteArrayView data)
{
    QList<QByteArrayView> pieces;
    pieces.reserve(data.size());
    for (qsizetype i = 0; i < data.size(); ++i)
        pieces.append(data.sliced(i, 1));
    return pieces;
}

/** A broken invariant: print it and abort, which libFuzzer reports as a crash with the input. */
[[noreturn]] inline void invariantFailed(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "\n*** fuzz invariant failed: %s\n%s\n", what, detail.constData());
    std::fflush(stderr);
    std::abort();
}

#define STUDIO_FUZZ_CHECK(condition, detail)                                                                \
    do {                                                                                                    \
        if (!(condition))                                                                                   \
            ::StudioFuzz::invariantFailed(#condition, (detail));                                            \
    } while (false)

/** The input's lines (split at '\n', a CR before it kept): one message each for the message
 *  harnesses. Empty lines are kept: an empty message is a case of its own. */
inline QList<QByteArray> lines(QByteArrayView data)
{
    QList<QByteArray> result;
    qsizetype start = 0;
    while (start <= data.size()) {
        qsizetype end = data.indexOf('\n', start);
        if (end < 0)
            end = data.size();
        result.append(data.sliced(start, end - start).toByteArray());
        start = end + 1;
    }
    return result;
}

} // namespace StudioFuzz
