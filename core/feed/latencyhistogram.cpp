#include "feed/latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace tickstock::feed {
namespace {
constexpr double kMinMs = 0.01;
constexpr double kGrowth = 1.1;
const double kLogGrowth = std::log(kGrowth);

int bucketOf(double ms)
{
    if (!(ms > kMinMs))
        return 0;
    const int b = 1 + static_cast<int>(std::log(ms / kMinMs) / kLogGrowth);
    return std::min(b, LatencyHistogram::kBuckets - 1);
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
