#pragma once
// How long the GUI thread spends applying each coalesced tick batch (router → models → proxies),
// kept for the benchmark report (TICKSTOCK_UI_BENCH_FILE, docs/performance.md). Bounded.

#include <QtCore/QJsonObject>

#include <cstdint>
#include <vector>

namespace tickstock::ui {

class BatchTimings {
public:
    static constexpr std::size_t kMaxSamples = 500'000;

    void record(int tickers, std::int64_t nanoseconds);
    std::size_t size() const { return m_samples.size(); }
    // {"batches", "tickers_total", "apply_ms": {p50, p99, max}, "largest": {tickers, apply_ms},
    //  "full_batches": {min_tickers, count, p50_ms, max_ms}} — full = at least fullTickers tickers.
    QJsonObject summary(int fullTickers) const;

private:
    struct Sample {
        int tickers;
        std::int64_t nanoseconds;
    };
    std::vector<Sample> m_samples;
    std::int64_t m_dropped = 0;
};

} // namespace tickstock::ui
