#include "ui/probe/batchtimings.h"

#include <algorithm>
#include <ctime>

namespace tickstock::uiprobe {
namespace {

std::int64_t nanoseconds(clockid_t clock)
{
    timespec ts{};
    ::clock_gettime(clock, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double quantileMs(std::vector<std::int64_t> ns, double q)
{
    if (ns.empty())
        return 0;
    std::sort(ns.begin(), ns.end());
    const auto i = std::min(ns.size() - 1, static_cast<std::size_t>(q * double(ns.size())));
    return double(ns[i]) / 1e6;
}

} // namespace

BatchTimings::Start BatchTimings::start() { return {nanoseconds(CLOCK_MONOTONIC), nanoseconds(CLOCK_THREAD_CPUTIME_ID)}; }

void BatchTimings::record(int tickers, int inserted, Start started)
{
    if (m_samples.size() >= kMaxSamples) {
        ++m_dropped;
        return;
    }
    m_samples.push_back({tickers, inserted, nanoseconds(CLOCK_MONOTONIC) - started.wallNs,
                         nanoseconds(CLOCK_THREAD_CPUTIME_ID) - started.cpuNs});
}

QJsonObject BatchTimings::summary(int fullTickers) const
{
    std::vector<std::int64_t> all, allCpu, full, fullCpu, fills;
    qint64 tickers = 0;
    Sample largest{0, 0, 0, 0};
    for (const Sample &s : m_samples) {
        all.push_back(s.nanoseconds);
        allCpu.push_back(s.cpuNanoseconds);
        tickers += s.tickers;
        if (s.inserted > 0)
            fills.push_back(s.nanoseconds);
        else if (s.tickers >= fullTickers) {
            full.push_back(s.nanoseconds);
            fullCpu.push_back(s.cpuNanoseconds);
        }
        if (s.tickers > largest.tickers)
            largest = s;
    }
    return {{QStringLiteral("batches"), qint64(m_samples.size())},
            {QStringLiteral("batches_not_recorded"), qint64(m_dropped)},
            {QStringLiteral("tickers_total"), tickers},
            {QStringLiteral("apply_ms"),
             QJsonObject{{QStringLiteral("p50"), quantileMs(all, 0.5)},
                         {QStringLiteral("p99"), quantileMs(all, 0.99)},
                         {QStringLiteral("max"), quantileMs(all, 1.0)}}},
            {QStringLiteral("apply_cpu_ms"),
             QJsonObject{{QStringLiteral("p50"), quantileMs(allCpu, 0.5)},
                         {QStringLiteral("p99"), quantileMs(allCpu, 0.99)},
                         {QStringLiteral("max"), quantileMs(allCpu, 1.0)}}},
            {QStringLiteral("largest"),
             QJsonObject{{QStringLiteral("tickers"), largest.tickers},
                         {QStringLiteral("apply_ms"), double(largest.nanoseconds) / 1e6}}},
            {QStringLiteral("full_batches"),
             QJsonObject{{QStringLiteral("min_tickers"), fullTickers},
                         {QStringLiteral("count"), qint64(full.size())},
                         {QStringLiteral("p50_ms"), quantileMs(full, 0.5)},
                         {QStringLiteral("max_ms"), quantileMs(full, 1.0)},
                         {QStringLiteral("cpu_p50_ms"), quantileMs(fullCpu, 0.5)},
                         {QStringLiteral("cpu_max_ms"), quantileMs(fullCpu, 1.0)}}},
            {QStringLiteral("fills"),
             QJsonObject{{QStringLiteral("count"), qint64(fills.size())},
                         {QStringLiteral("max_ms"), quantileMs(fills, 1.0)}}}};
}

} // namespace tickstock::uiprobe
