#include "feed/ratewindow.h"

namespace tickstock::feed {

void RateWindow::advance(qint64 nowMs)
{
    const qint64 bucket = nowMs / kBucketMs;
    if (m_currentBucket < 0) {
        m_currentBucket = bucket;
        return;
    }
    if (bucket <= m_currentBucket)
        return;
    const qint64 steps = bucket - m_currentBucket;
    for (qint64 i = 1; i <= steps && i <= kBuckets; ++i)
        m_counts[(m_currentBucket + i) % kBuckets] = 0;
    m_currentBucket = bucket;
}

void RateWindow::add(qint64 nowMs, qint64 count)
{
    advance(nowMs);
    m_counts[m_currentBucket % kBuckets] += count;
}

double RateWindow::perSecond(qint64 nowMs) const
{
    if (m_currentBucket < 0)
        return 0.0;
    const qint64 bucket = nowMs / kBucketMs;
    // The current bucket is partial: use the kBuckets - 1 complete ones before it.
    qint64 total = 0;
    for (qint64 b = bucket - (kBuckets - 1); b < bucket; ++b) {
        if (b > m_currentBucket || b <= m_currentBucket - kBuckets)
            continue;
        total += m_counts[b % kBuckets];
    }
    return total * 1000.0 / double((kBuckets - 1) * kBucketMs);
}

} // namespace tickstock::feed
