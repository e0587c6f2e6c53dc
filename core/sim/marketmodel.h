#pragma once
// The simulated market: per-ticker random-walk prices, Poisson trade and quote arrivals, per-ticker
// increasing non-contiguous sequence numbers (trades and quotes separately; they live here, so they
// keep counting across client reconnects), and per-second / per-minute bar accumulators.
//
// Each ticker has its own std::mt19937_64 seeded from (seed, symbol), and events are generated in
// time order relative to the ticker's activation, so the values of a ticker's event stream are
// reproducible for a seed whatever the timer jitter and whichever other tickers are active.

#include "massive/events.h"
#include "sim/simcounters.h"

#include <QtCore/QtGlobal>

#include <array>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tickstock::sim {

class MarketModel final {
    Q_DISABLE_COPY_MOVE(MarketModel)
public:
    struct Params {
        double tradesPerSecond = 2.0;
        double quotesPerSecond = 4.0;
        int aggregateDelayMs = 200;
    };
    // Receives each generated event whose type is in the `wanted` mask given to advance(), as the
    // compact JSON of one event object.
    using Sink = std::function<void(EventType type, const std::string &json)>;

    MarketModel(quint64 seed, const Params &params);
    ~MarketModel();

    // ^[A-Z]{1,5}(\.[A-Z]{1,2})?$ (project rule for "a ticker").
    static bool isValidTicker(std::string_view symbol);

    int find(std::string_view symbol) const; // -1 when absent
    // Adds a ticker (or returns the existing index). tape 0 / price 0 = chosen from the seed.
    int add(std::string_view symbol, int tape = 0, double referencePrice = 0);
    int size() const { return static_cast<int>(m_tickers.size()); }
    const std::string &symbol(int index) const;
    int tape(int index) const;
    double referencePrice(int index) const;

    // An inactive ticker generates nothing. Activation schedules its next arrivals from nowMs;
    // deactivation drops its unpublished bars.
    void activate(int index, qint64 nowMs);
    void deactivate(int index);
    bool isActive(int index) const;

    // Generates everything ticker `index` has due up to nowMs: trades (always, they drive prices
    // and bars), quotes (only when Q is wanted), and bars published aggregateDelayMs after their
    // window closes. `wanted` is a bit mask of 1 << EventType; only wanted events reach the sink.
    void advance(int index, qint64 nowMs, unsigned wanted, const Sink &sink);

    static unsigned bit(EventType type) { return 1u << static_cast<unsigned>(type); }

private:
    struct Ticker;
    struct Bar;
    void generateTrade(Ticker &t, qint64 timeMs, unsigned wanted, const Sink &sink);
    void generateQuote(Ticker &t, qint64 timeMs, unsigned wanted, const Sink &sink);
    void publishDueBars(Ticker &t, qint64 nowMs, unsigned wanted, const Sink &sink);
    void publishBar(Ticker &t, Bar &bar, bool minute, unsigned wanted, const Sink &sink);
    void rollDay(Ticker &t, qint64 timeMs);
    void walk(Ticker &t);

    std::vector<std::unique_ptr<Ticker>> m_tickers;
    std::unordered_map<std::string, int> m_index;
    Params m_params;
    quint64 m_seed = 0;
    std::string m_scratch;
};

} // namespace tickstock::sim
