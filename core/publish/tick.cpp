#include "publish/tick.h"

namespace tickstock::publish {

const char *tickKindName(TickKind kind)
{
    switch (kind) {
    case TickKind::Trade: return "T";
    case TickKind::Quote: return "Q";
    case TickKind::SecondAggregate: return "A";
    case TickKind::MinuteAggregate: return "AM";
    }
    return "?";
}

namespace {

void fromTrade(const massive::Trade &t, std::int64_t nowMs, Tick &out)
{
    out.kind = TickKind::Trade;
    out.price = t.price;
    out.volume = t.size;
    out.timestampMs = t.has(massive::Trade::Timestamp) ? t.timestamp : nowMs;
    out.present = 0;
}

void fromQuote(const massive::Quote &q, std::int64_t nowMs, Tick &out)
{
    using F = massive::Quote::Field;
    out.kind = TickKind::Quote;
    const bool hasBid = q.has(F::BidPrice);
    const bool hasAsk = q.has(F::AskPrice);
    // The mid when both sides are quoted; otherwise the one side there is.
    if (hasBid && hasAsk)
        out.price = q.mid();
    else
        out.price = hasBid ? q.bidPrice : (hasAsk ? q.askPrice : 0.0);
    out.volume = 0;
    out.timestampMs = q.has(F::Timestamp) ? q.timestamp : nowMs;
    out.bid = q.bidPrice;
    out.ask = q.askPrice;
    out.present = static_cast<std::uint8_t>((hasBid ? Tick::Bid : 0) | (hasAsk ? Tick::Ask : 0));
}

void fromAggregate(const massive::Aggregate &a, std::int64_t nowMs, Tick &out)
{
    using F = massive::Aggregate::Field;
    out.kind = a.minute ? TickKind::MinuteAggregate : TickKind::SecondAggregate;
    out.price = a.close;
    out.volume = a.volume;
    out.timestampMs = a.has(F::End) ? a.end : (a.has(F::Start) ? a.start : nowMs);
    out.open = a.open;
    out.high = a.high;
    out.low = a.low;
    out.close = a.close;
    out.vwap = a.vwap;
    out.present = static_cast<std::uint8_t>((a.has(F::Open) ? Tick::Open : 0) | (a.has(F::High) ? Tick::High : 0)
                                            | (a.has(F::Low) ? Tick::Low : 0) | (a.has(F::Close) ? Tick::Close : 0)
                                            | (a.has(F::Vwap) ? Tick::Vwap : 0));
}

} // namespace

bool normaliseEvent(const massive::Event &event, int connection, std::int64_t nowMs, Tick &out)
{
    if (const auto *t = std::get_if<massive::Trade>(&event)) {
        fromTrade(*t, nowMs, out);
        out.symbol.assign(t->symbol);
    } else if (const auto *q = std::get_if<massive::Quote>(&event)) {
        fromQuote(*q, nowMs, out);
        out.symbol.assign(q->symbol);
    } else if (const auto *a = std::get_if<massive::Aggregate>(&event)) {
        fromAggregate(*a, nowMs, out);
        out.symbol.assign(a->symbol);
    } else {
        return false; // status, LULD, NOI: not market ticks
    }
    out.connection = connection;
    return true;
}

} // namespace tickstock::publish
