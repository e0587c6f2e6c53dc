#pragma once
// Shared by the libFuzzer targets (fuzz_*.cpp, clang + sanitizers) and the corpus replay test
// (tst_fuzzcorpus, any compiler): the input split into chunks, and a check that aborts with a
// message, so the fuzzer records the input and the replay test names the broken invariant.

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", __FILE__, __LINE__,       \
                         #condition);                                                              \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace tickstock::fuzz {

// The input as the parsers see it.
inline QByteArrayView bytesOf(const std::uint8_t *data, std::size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

// `data` cut into chunks whose sizes (1..64) come from a generator seeded by `seed`, so the same
// input always splits the same way (a crash reproduces) but every input splits differently.
inline QList<QByteArrayView> chunks(QByteArrayView data, std::uint32_t seed)
{
    QList<QByteArrayView> out;
    std::uint32_t state = seed * 2654435761u + 1;
    for (qsizetype pos = 0; pos < data.size();) {
        state = state * 1664525u + 1013904223u;
        const qsizetype n = qMin<qsizetype>(data.size() - pos, 1 + (state >> 26));
        out.append(data.sliced(pos, n));
        pos += n;
    }
    return out;
}

// Log lines (the loader's warnings, debug output) would cost more than the parsing: drop them.
inline void silenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
}

} // namespace tickstock::fuzz
