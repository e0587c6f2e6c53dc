#include "massive/ticknormaliser.h"

namespace tickstock::massive {
namespace {

constexpr std::int64_t kNsPerMs = 1'000'000;

// The event's own time when it has one, else the receive time (never 0, which reads as 1970).
void stampTime(bool hasEventTime, std::int64_t eventMs, std::int64_t receivedMs, NormalisedTick &out)
{
    out.timestampMs = hasEventTime ? eventMs : receivedMs;
    if (hasEventTime)
        out.present |= NormalisedTick::EventTime;
}

void fromTrade(const Trade &t, std::int64_t receivedMs, NormalisedTick &out)
{
    out.kind = EventKind::Trade;
    if (t.has(Trade::Price) && t.price > 0) {
        out.price = t.price;
        out.present |= NormalisedTick::Price;
    }
    out.size = t.size;
    stampTime(t.has(Trade::Timestamp), t.timestamp, receivedMs, out);
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
    stampTime(q.has(Quote::Timestamp), q.timestamp, receivedMs, out);
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
    stampTime(a.has(F::End) || a.has(F::Start), a.has(F::End) ? a.end : a.start, receivedMs, out);
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
    stampTime(hasTimestamp, timestampNs / kNsPerMs, receivedMs, out);
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
