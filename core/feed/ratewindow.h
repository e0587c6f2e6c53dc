#pragma once
// A true events-per-second rate over a sliding window (not count / elapsed).

#include <QtCore/QtGlobal>

#include <array>

namespace tickstock::feed {

class RateWindow final {
public:
    static constexpr int kBuckets = 20;         // 20 × 250 ms = 5 s window
    static constexpr qint64 kBucketMs = 250;

    void add(qint64 nowMs, qint64 count = 1);
    double perSecond(qint64 nowMs) const; // over the last complete window

private:
    void advance(qint64 nowMs);
    std::array<qint64, kBuckets> m_counts{};
    qint64 m_currentBucket = -1; // absolute bucket number of m_counts[m_currentBucket % kBuckets]
};

} // namespace tickstock::feed
