#include "sim/marketmodel.h"

#include "sim/eventwriter.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tickstock::sim {
namespace {

constexpr qint64 kSecondMs = 1'000;
constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kEasternOffsetMs = -5 * 3'600'000; // trading days roll over at midnight US Eastern (EST)
constexpr double kNever = std::numeric_limits<double>::infinity();

// Lit exchanges of the Massive exchange table (NYSE American, Nasdaq BX, NYSE National, Cboe EDGA,
// Cboe EDGX, NYSE Chicago, NYSE, NYSE Arca, Nasdaq, IEX, Nasdaq PSX, Cboe BYX, Cboe BZX, MIAX Pearl, MEMX).
constexpr int kLitExchanges[] = {1, 2, 3, 7, 8, 9, 10, 11, 12, 15, 17, 18, 19, 20, 21};
constexpr int kTrfExchange = 4; // FINRA ADF / TRF: off-exchange prints
constexpr int kTrfIds[] = {201, 202, 203};

quint64 splitmix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

quint64 hashSymbol(std::string_view symbol)
{
    quint64 h = 1469598103934665603ull; // FNV-1a
    for (const char c : symbol)
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

qint64 floorDiv(qint64 a, qint64 b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

double roundTo(double value, double step) { return std::round(value / step) * step; }

} // namespace

struct MarketModel::Bar {
    qint64 start = 0;
    qint64 volumeMilli = 0;
    double notional = 0; // sum of price * shares
    double open = 0, high = 0, low = 0, close = 0;
    qint64 dayVolumeMilli = 0; // accumulated day volume after the bar's last trade
    double dayNotional = 0;
    int trades = 0;
    bool fractional = false;
    bool empty() const { return trades == 0; }
};

struct MarketModel::Ticker {
    std::string symbol;
    std::mt19937_64 rng;
    double referencePrice = 100;
    double mid = 100;
    double halfSpread = 0.01;
    double tick = 0.01;
    int tape = 3;
    bool otc = false;
    bool active = false;
    qint64 tradeSeq = 0;
    qint64 quoteSeq = 0;
    qint64 tradeId = 0;
    double nextTradeAt = kNever;
    double nextQuoteAt = kNever;
    qint64 day = std::numeric_limits<qint64>::min();
    double officialOpen = 0;
    qint64 dayVolumeMilli = 0;
    double dayNotional = 0;
    bool dayFractional = false;
    Bar second, secondClosed, minute, minuteClosed;
};

MarketModel::MarketModel(quint64 seed, const Params &params)
    : m_params(params)
    , m_seed(seed)
{
    m_scratch.reserve(512);
}

MarketModel::~MarketModel() = default;

bool MarketModel::isValidTicker(std::string_view s)
{
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    std::size_t i = 0;
    while (i < s.size() && upper(s[i]))
        ++i;
    if (i < 1 || i > 5)
        return false;
    if (i == s.size())
        return true;
    if (s[i] != '.')
        return false;
    const std::size_t suffix = s.size() - i - 1;
    if (suffix < 1 || suffix > 2)
        return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i) + 1, s.end(), upper);
}

int MarketModel::find(std::string_view symbol) const
{
    const auto it = m_index.find(std::string(symbol));
    return it == m_index.end() ? -1 : it->second;
}

int MarketModel::add(std::string_view symbol, int tape, double referencePrice)
{
    if (const int existing = find(symbol); existing >= 0)
        return existing;
    auto t = std::make_unique<Ticker>();
    t->symbol = std::string(symbol);
    const quint64 tickerSeed = splitmix64(m_seed ^ hashSymbol(symbol));
    t->rng.seed(tickerSeed);
    std::uniform_real_distribution<double> unit(0, 1);
    if (referencePrice <= 0)
        referencePrice = std::round(std::exp(std::log(5.0) + unit(t->rng) * std::log(100.0)) * 100) / 100; // $5..$500
    t->tape = tape >= 1 && tape <= 3 ? tape : 1 + static_cast<int>(tickerSeed % 3);
    t->otc = unit(t->rng) < 0.03; // a few tickers print OTC bars
    t->referencePrice = referencePrice;
    t->mid = referencePrice;
    t->tick = referencePrice < 1 ? 0.0001 : 0.01;
    t->tradeSeq = std::uniform_int_distribution<qint64>(1'000, 500'000)(t->rng);
    t->tradeId = std::uniform_int_distribution<qint64>(1, 90'000)(t->rng);
    const int index = size();
    m_index.emplace(t->symbol, index);
    m_tickers.push_back(std::move(t));
    return index;
}

const std::string &MarketModel::symbol(int index) const { return m_tickers[static_cast<std::size_t>(index)]->symbol; }

int MarketModel::tape(int index) const { return m_tickers[static_cast<std::size_t>(index)]->tape; }

double MarketModel::referencePrice(int index) const
{
    return m_tickers[static_cast<std::size_t>(index)]->referencePrice;
}

bool MarketModel::isActive(int index) const { return m_tickers[static_cast<std::size_t>(index)]->active; }

void MarketModel::activate(int index, qint64 nowMs)
{
    Ticker &t = *m_tickers[static_cast<std::size_t>(index)];
    if (t.active)
        return;
    t.active = true;
    // Arrival times are drawn relative to activation, so the stream does not depend on tick timing.
    const auto next = [&](double rate) {
        return rate > 0 ? double(nowMs) + std::exponential_distribution<double>(rate / 1000.0)(t.rng) : kNever;
    };
    t.nextTradeAt = next(m_params.tradesPerSecond);
    t.nextQuoteAt = next(m_params.quotesPerSecond);
    t.second = t.secondClosed = t.minute = t.minuteClosed = Bar{};
}

void MarketModel::deactivate(int index)
{
    Ticker &t = *m_tickers[static_cast<std::size_t>(index)];
    t.active = false;
    t.nextTradeAt = t.nextQuoteAt = kNever;
    t.second = t.secondClosed = t.minute = t.minuteClosed = Bar{};
}

void MarketModel::rollDay(Ticker &t, qint64 timeMs)
{
    const qint64 day = floorDiv(timeMs + kEasternOffsetMs, kDayMs);
    if (day == t.day)
        return;
    const bool first = t.day == std::numeric_limits<qint64>::min();
    t.day = day;
    t.officialOpen = roundTo(t.mid, t.tick);
    t.dayVolumeMilli = 0;
    t.dayNotional = 0;
    t.dayFractional = false;
    // Quote sequence numbers restart every trading day; trade numbers keep counting.
    t.quoteSeq = first ? std::uniform_int_distribution<qint64>(1'000, 2'000'000)(t.rng)
                       : std::uniform_int_distribution<qint64>(1, 100)(t.rng);
}

void MarketModel::walk(Ticker &t)
{
    std::normal_distribution<double> normal(0, 1);
    // Geometric random walk with a weak pull back to the reference price.
    const double pull = -0.0005 * std::log(t.mid / t.referencePrice);
    t.mid *= std::exp(pull + 0.0002 * normal(t.rng));
    t.mid = std::max(t.mid, 20 * t.tick);
    const double spread = std::max(t.tick, roundTo(t.mid * std::uniform_real_distribution<double>(0.00005, 0.0006)(t.rng), t.tick));
    t.halfSpread = spread / 2;
}

void MarketModel::advance(int index, qint64 nowMs, unsigned wanted, const Sink &sink)
{
    Ticker &t = *m_tickers[static_cast<std::size_t>(index)];
    if (!t.active)
        return;
    // Never replay more than a second of backlog after a stall.
    const double floorAt = double(nowMs - kSecondMs);
    t.nextTradeAt = std::max(t.nextTradeAt, floorAt);
    t.nextQuoteAt = std::max(t.nextQuoteAt, floorAt);

    const bool quotes = wanted & bit(EventType::Quote);
    if (!quotes && m_params.quotesPerSecond > 0) {
        // Nobody listens to quotes: keep the schedule moving without generating them.
        while (t.nextQuoteAt <= double(nowMs))
            t.nextQuoteAt += std::exponential_distribution<double>(m_params.quotesPerSecond / 1000.0)(t.rng);
    }
    while (true) {
        const double next = quotes ? std::min(t.nextTradeAt, t.nextQuoteAt) : t.nextTradeAt;
        if (next > double(nowMs))
            break;
        const auto timeMs = static_cast<qint64>(next);
        publishDueBars(t, timeMs, wanted, sink);
        if (t.nextTradeAt <= t.nextQuoteAt || !quotes) {
            generateTrade(t, timeMs, wanted, sink);
            t.nextTradeAt += std::exponential_distribution<double>(m_params.tradesPerSecond / 1000.0)(t.rng);
        } else {
            generateQuote(t, timeMs, wanted, sink);
            t.nextQuoteAt += std::exponential_distribution<double>(m_params.quotesPerSecond / 1000.0)(t.rng);
        }
    }
    publishDueBars(t, nowMs, wanted, sink);
}

void MarketModel::generateTrade(Ticker &t, qint64 timeMs, unsigned wanted, const Sink &sink)
{
    rollDay(t, timeMs);
    walk(t);
    std::uniform_real_distribution<double> unit(0, 1);
    auto &rng = t.rng;

    // Price: at the bid, at the ask, or inside the spread (sub-penny for midpoint prints).
    const double bid = roundTo(t.mid - t.halfSpread, t.tick);
    const double ask = std::max(bid + t.tick, roundTo(t.mid + t.halfSpread, t.tick));
    const double where = unit(rng);
    double price;
    if (where < 0.4)
        price = bid;
    else if (where < 0.8)
        price = ask;
    else if (where < 0.9)
        price = roundTo((bid + ask) / 2, t.tick / 100);
    else
        price = roundTo(bid + unit(rng) * (ask - bid), t.tick);

    // Size in thousandths of a share: odd lots, round lots, blocks, and a few fractional prints.
    const double kind = unit(rng);
    qint64 milli;
    bool fractional = false;
    if (kind < 0.35) {
        milli = std::uniform_int_distribution<qint64>(1, 99)(rng) * 1000;
    } else if (kind < 0.85) {
        milli = std::uniform_int_distribution<qint64>(1, 5)(rng) * 100'000;
    } else if (kind < 0.96) {
        milli = std::uniform_int_distribution<qint64>(6, 100)(rng) * 100'000;
    } else {
        milli = std::uniform_int_distribution<qint64>(1, 25'000)(rng);
        if (milli % 1000 == 0)
            milli += 1;
        fractional = true;
    }

    massive::Trade trade;
    using F = massive::Trade;
    trade.present = F::Exchange | F::Id | F::Tape | F::Price | F::Size | F::Timestamp | F::Sequence;
    trade.symbol = t.symbol;
    const bool offExchange = unit(rng) < 0.35;
    trade.exchange = offExchange ? kTrfExchange
                                 : kLitExchanges[std::uniform_int_distribution<int>(0, static_cast<int>(std::size(kLitExchanges)) - 1)(rng)];
    t.tradeId += std::uniform_int_distribution<qint64>(1, 40)(rng);
    trade.id = std::to_string(t.tradeId);
    trade.tape = t.tape;
    trade.price = price;
    trade.size = milli / 1000;
    if (fractional) {
        trade.present |= F::SizeDecimal;
        trade.sizeDecimal = eventwriter::formatMilliShares(milli);
    }
    // Conditions: odd lots carry 37; otherwise often absent.
    if (milli < 100'000 && !fractional) {
        trade.present |= F::Conditions;
        trade.conditions = {37};
    } else if (unit(rng) < 0.45) {
        static constexpr std::int32_t kCommon[][2] = {{14, 41}, {12, 0}, {14, 0}, {41, 0}, {10, 0}, {53, 0}};
        const auto &pick = kCommon[std::uniform_int_distribution<int>(0, static_cast<int>(std::size(kCommon)) - 1)(rng)];
        trade.present |= F::Conditions;
        trade.conditions = {pick[0]};
        if (pick[1])
            trade.conditions.append(pick[1]);
    }
    trade.timestamp = timeMs;
    t.tradeSeq += std::uniform_int_distribution<qint64>(1, 25)(rng);
    trade.sequence = t.tradeSeq;
    if (offExchange) {
        trade.present |= F::TrfId | F::TrfTimestamp;
        trade.trfId = kTrfIds[std::uniform_int_distribution<int>(0, static_cast<int>(std::size(kTrfIds)) - 1)(rng)];
        trade.trfTimestamp = timeMs - std::uniform_int_distribution<qint64>(0, 3)(rng);
    }

    // Bars: a trade in a new window closes the previous one (published after the delay).
    const double shares = double(milli) / 1000.0;
    t.dayVolumeMilli += milli;
    t.dayNotional += price * shares;
    t.dayFractional |= fractional;
    const auto accumulate = [&](Bar &current, Bar &closed, qint64 windowMs, bool minute) {
        const qint64 start = floorDiv(timeMs, windowMs) * windowMs;
        if (!current.empty() && current.start != start) {
            if (!closed.empty())
                publishBar(t, closed, minute, wanted, sink);
            closed = current;
            current = Bar{};
        }
        if (current.empty()) {
            current.start = start;
            current.open = current.high = current.low = price;
        }
        current.high = std::max(current.high, price);
        current.low = std::min(current.low, price);
        current.close = price;
        current.volumeMilli += milli;
        current.notional += price * shares;
        current.trades += 1;
        current.fractional |= fractional;
        current.dayVolumeMilli = t.dayVolumeMilli;
        current.dayNotional = t.dayNotional;
    };
    accumulate(t.second, t.secondClosed, kSecondMs, false);
    accumulate(t.minute, t.minuteClosed, kMinuteMs, true);

    if (wanted & bit(EventType::Trade)) {
        m_scratch.clear();
        eventwriter::appendTrade(m_scratch, trade);
        sink(EventType::Trade, m_scratch);
    }
}

void MarketModel::generateQuote(Ticker &t, qint64 timeMs, unsigned wanted, const Sink &sink)
{
    rollDay(t, timeMs);
    walk(t);
    std::uniform_real_distribution<double> unit(0, 1);
    auto &rng = t.rng;
    const auto exchange = [&] {
        return kLitExchanges[std::uniform_int_distribution<int>(0, static_cast<int>(std::size(kLitExchanges)) - 1)(rng)];
    };
    const auto lots = [&] {
        return unit(rng) < 0.7 ? std::uniform_int_distribution<qint64>(1, 5)(rng)
                               : std::uniform_int_distribution<qint64>(6, 60)(rng);
    };

    massive::Quote quote;
    using F = massive::Quote;
    quote.present = F::BidExchange | F::BidPrice | F::BidSize | F::AskExchange | F::AskPrice | F::AskSize
        | F::Condition | F::Timestamp | F::Sequence | F::Tape;
    quote.symbol = t.symbol;
    quote.bidExchange = exchange();
    quote.bidPrice = roundTo(t.mid - t.halfSpread, t.tick);
    quote.bidSize = lots();
    quote.askExchange = exchange();
    quote.askPrice = std::max(quote.bidPrice + t.tick, roundTo(t.mid + t.halfSpread, t.tick));
    quote.askSize = lots();
    quote.condition = unit(rng) < 0.97 ? 0 : 1;
    if (unit(rng) < 0.05) {
        quote.present |= F::Indicators;
        quote.indicators = {604};
    }
    quote.timestamp = timeMs;
    t.quoteSeq += std::uniform_int_distribution<qint64>(1, 25)(rng);
    quote.sequence = t.quoteSeq;
    quote.tape = t.tape;

    if (wanted & bit(EventType::Quote)) {
        m_scratch.clear();
        eventwriter::appendQuote(m_scratch, quote);
        sink(EventType::Quote, m_scratch);
    }
}

void MarketModel::publishDueBars(Ticker &t, qint64 nowMs, unsigned wanted, const Sink &sink)
{
    const qint64 delay = m_params.aggregateDelayMs;
    const auto due = [&](Bar &bar, qint64 windowMs, bool minute) {
        if (!bar.empty() && bar.start + windowMs + delay <= nowMs)
            publishBar(t, bar, minute, wanted, sink);
    };
    due(t.secondClosed, kSecondMs, false);
    due(t.second, kSecondMs, false);
    due(t.minuteClosed, kMinuteMs, true);
    due(t.minute, kMinuteMs, true);
}

void MarketModel::publishBar(Ticker &t, Bar &bar, bool minute, unsigned wanted, const Sink &sink)
{
    const EventType type = minute ? EventType::MinuteAggregate : EventType::SecondAggregate;
    if (wanted & bit(type)) {
        massive::Aggregate a;
        using F = massive::Aggregate;
        a.present = F::Volume | F::AccumulatedVolume | F::OfficialOpen | F::Vwap | F::Open | F::High | F::Low
            | F::Close | F::TodayVwap | F::AverageSize | F::Start | F::End;
        a.symbol = t.symbol;
        a.minute = minute;
        a.volume = bar.volumeMilli / 1000;
        a.accumulatedVolume = bar.dayVolumeMilli / 1000;
        a.officialOpen = t.officialOpen;
        a.vwap = roundTo(bar.notional / (double(bar.volumeMilli) / 1000.0), 0.0001);
        a.open = bar.open;
        a.high = bar.high;
        a.low = bar.low;
        a.close = bar.close;
        a.todayVwap = roundTo(bar.dayNotional / (double(bar.dayVolumeMilli) / 1000.0), 0.0001);
        a.averageSize = std::llround(double(bar.volumeMilli) / 1000.0 / bar.trades);
        a.start = bar.start;
        a.end = bar.start + (minute ? kMinuteMs : kSecondMs);
        if (t.otc) {
            a.present |= F::Otc;
            a.otc = true;
        }
        if (bar.fractional) {
            a.present |= F::VolumeDecimal | F::AccumulatedVolumeDecimal;
            a.volumeDecimal = eventwriter::formatMilliShares(bar.volumeMilli);
            a.accumulatedVolumeDecimal = eventwriter::formatMilliShares(bar.dayVolumeMilli);
        }
        m_scratch.clear();
        eventwriter::appendAggregate(m_scratch, a);
        sink(type, m_scratch);
    }
    bar = Bar{};
}

} // namespace tickstock::sim
