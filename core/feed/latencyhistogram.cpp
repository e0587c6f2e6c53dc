#include "feed/latencyhistogram.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace tickstock::feed {
namespace {
constexpr double kMinMs = 0.01;
constexpr double kGrowth = 1.1;
const double kLogGrowth = std::log(kGrowth);

int bucketOfSlow(double ms)
{
    if (!(ms > kMinMs))
        return 0;
    const int b = 1 + static_cast<int>(std::log(ms / kMinMs) / kLogGrowth);
    return std::min(b, LatencyHistogram::kBuckets - 1);
}

// The feed records whole milliseconds (event times are in ms): their buckets come from a table,
// so the per-event cost is a lookup, not a logarithm.
constexpr int kWholeMsTable = 4096;
const std::array<std::uint8_t, kWholeMsTable> kWholeMsBuckets = [] {
    std::array<std::uint8_t, kWholeMsTable> table{};
    for (int ms = 0; ms < kWholeMsTable; ++ms)
        table[std::size_t(ms)] = static_cast<std::uint8_t>(bucketOfSlow(ms));
    return table;
}();

int bucketOf(double ms)
{
    if (ms >= 0 && ms < kWholeMsTable) {
        const auto whole = static_cast<int>(ms);
        if (whole == ms)
            return kWholeMsBuckets[std::size_t(whole)];
    }
    return bucketOfSlow(ms);
}

double upperBound(int bucket) { return kMinMs * std::pow(kGrowth, bucket); }
} // namespace

void LatencyHistogram::record(double milliseconds)
{
    ++m_counts[bucketOf(milliseconds)];
    ++m_count;
}

double LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return 0.0;
    const qint64 rank = std::max<qint64>(1, static_cast<qint64>(std::ceil(q * m_count)));
    qint64 seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_counts[b];
        if (seen >= rank)
            return upperBound(b);
    }
    return upperBound(kBuckets - 1);
}

void LatencyHistogram::reset()
{
    m_counts.fill(0);
    m_count = 0;
}

} // namespace tickstock::feed
