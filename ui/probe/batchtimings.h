#pragma once
// How long the GUI thread spends applying each coalesced tick batch (router → models → proxies),
// for the benchmark report (TICKSTOCK_UI_BENCH_FILE, docs/performance.md). Bounded.

#include <QtCore/QJsonObject>

#include <cstdint>
#include <vector>

namespace tickstock::uiprobe {

class BatchTimings {
public:
    static constexpr std::size_t kMaxSamples = 500'000;

    // Wall time and the GUI thread's own CPU time (the difference: the thread was preempted),
    // from start() to record(). `inserted`: rows the batch added (the first fill is not an update).
    struct Start {
        std::int64_t wallNs;
        std::int64_t cpuNs;
    };
    static Start start();
    void record(int tickers, int inserted, Start started);
    std::size_t size() const { return m_samples.size(); }
    // {"batches", "tickers_total", "apply_ms": {p50, p99, max}, "apply_cpu_ms": {...},
    //  "largest": {tickers, apply_ms}, "full_batches": {min_tickers, count, p50_ms, max_ms,
    //  cpu_p50_ms, cpu_max_ms}, "fills": {count, max_ms}} — full = at least fullTickers tickers
    //  updated and no row inserted; fills = batches that inserted rows.
    QJsonObject summary(int fullTickers) const;

private:
    struct Sample {
        int tickers;
        int inserted;
        std::int64_t nanoseconds;
        std::int64_t cpuNanoseconds;
    };
    std::vector<Sample> m_samples;
    std::int64_t m_dropped = 0;
};

} // namespace tickstock::uiprobe
