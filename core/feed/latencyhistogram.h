#pragma once
// Feed latency (now − event time) in a fixed log-scale histogram: O(1) record, no allocation.

#include <QtCore/QtGlobal>

#include <array>

namespace tickstock::feed {

class LatencyHistogram final {
public:
    // Buckets grow by ~10 % from 0.01 ms to beyond 100 s; values outside clamp to the ends.
    static constexpr int kBuckets = 180;

    void record(double milliseconds);
    double quantile(double q) const; // in ms; 0 when empty
    qint64 count() const { return m_count; }
    void reset();

private:
    std::array<qint64, kBuckets> m_counts{};
    qint64 m_count = 0;
};

} // namespace tickstock::feed
