#include "massive/ticknormaliser.h"

namespace tickstock::massive {
namespace {

constexpr std::int64_t kNsPerMs = 1'000'000;

void fromTrade(const Trade &t, std::int64_t receivedMs, NormalisedTick &out)
{
    out.kind = EventKind::Trade;
    if (t.has(Trade::Price) && t.price > 0) {
        out.price = t.price;
        out.present |= NormalisedTick::Price;
    }
    out.size = t.size;
    if (t.has(Trade::Timestamp)) {
        out.timestampMs = t.timestamp;
        out.present |= NormalisedTick::EventTime;
    } else {
        out.timestampMs = receivedMs;
    }
}

void fromQuote(const Quote &q, std::int64_t receivedMs, NormalisedTick &out)
{
    out.kind = EventKind::Quote;
    out.bid = q.bidPrice;
    out.ask = q.askPrice;
    if (q.has(Quote::BidPrice))
        out.present |= NormalisedTick::Bid;
    if (q.has(Quote::AskPrice))
        out.present |= NormalisedTick::Ask;
    // A side of 0 is "no quote on that side" (Massive sends 0 for an empty book), never a price.
    const bool bid = out.has(NormalisedTick::Bid) && q.bidPrice > 0;
    const bool ask = out.has(NormalisedTick::Ask) && q.askPrice > 0;
    if (bid || ask) {
        out.price = bid && ask ? q.mid() : (bid ? q.bidPrice : q.askPrice);
        out.present |= NormalisedTick::Price;
    }
    if (q.has(Quote::Timestamp)) {
        out.timestampMs = q.timestamp;
        out.present |= NormalisedTick::EventTime;
    } else {
        out.timestampMs = receivedMs;
    }
}

void fromAggregate(const Aggregate &a, std::int64_t receivedMs, NormalisedTick &out)
{
    using F = Aggregate::Field;
    using N = NormalisedTick;
    out.kind = a.minute ? EventKind::MinuteAggregate : EventKind::SecondAggregate;
    if (a.has(F::Close) && a.close > 0) {
        out.price = a.close;
        out.present |= N::Price;
    }
    out.size = a.volume;
    if (a.has(F::AccumulatedVolume)) {
        out.dayVolume = a.accumulatedVolume;
        out.present |= N::DayVolume;
    }
    if (a.has(F::End) || a.has(F::Start)) {
        out.timestampMs = a.has(F::End) ? a.end : a.start;
        out.present |= N::EventTime;
    } else {
        out.timestampMs = receivedMs;
    }
    out.open = a.open;
    out.high = a.high;
    out.low = a.low;
    out.close = a.close;
    out.vwap = a.vwap;
    out.present |= static_cast<std::uint16_t>((a.has(F::Open) ? N::Open : 0) | (a.has(F::High) ? N::High : 0)
                                              | (a.has(F::Low) ? N::Low : 0) | (a.has(F::Close) ? N::Close : 0)
                                              | (a.has(F::Vwap) ? N::Vwap : 0));
}

// LULD and NOI stamp in nanoseconds.
void fromNanosecondStamp(EventKind kind, bool hasTimestamp, std::int64_t timestampNs, std::int64_t receivedMs,
                         NormalisedTick &out)
{
    out.kind = kind;
    if (hasTimestamp) {
        out.timestampMs = timestampNs / kNsPerMs;
        out.present |= NormalisedTick::EventTime;
    } else {
        out.timestampMs = receivedMs;
    }
}

} // namespace

bool normaliseTick(const Event &event, std::int64_t receivedMs, NormalisedTick &out)
{
    out = NormalisedTick{};
    if (const auto *t = std::get_if<Trade>(&event))
        fromTrade(*t, receivedMs, out);
    else if (const auto *q = std::get_if<Quote>(&event))
        fromQuote(*q, receivedMs, out);
    else if (const auto *a = std::get_if<Aggregate>(&event))
        fromAggregate(*a, receivedMs, out);
    else if (const auto *l = std::get_if<Luld>(&event))
        fromNanosecondStamp(EventKind::Luld, l->has(Luld::Timestamp), l->timestamp, receivedMs, out);
    else if (const auto *n = std::get_if<Imbalance>(&event))
        fromNanosecondStamp(EventKind::Imbalance, n->has(Imbalance::Timestamp), n->timestamp, receivedMs, out);
    else
        return false; // status
    return true;
}

} // namespace tickstock::massive
