#include "publish/tick.h"

#include "massive/ticknormaliser.h"

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

TickKind tickKind(massive::EventKind kind)
{
    switch (kind) {
    case massive::EventKind::Quote: return TickKind::Quote;
    case massive::EventKind::SecondAggregate: return TickKind::SecondAggregate;
    case massive::EventKind::MinuteAggregate: return TickKind::MinuteAggregate;
    default: return TickKind::Trade;
    }
}

} // namespace

bool normaliseEvent(const massive::Event &event, int connection, std::int64_t nowMs, Tick &out)
{
    massive::NormalisedTick n;
    if (!massive::normaliseTick(event, nowMs, n) || !n.isMarketTick())
        return false; // status, LULD, NOI: not market ticks
    using N = massive::NormalisedTick;
    out.kind = tickKind(n.kind);
    out.price = n.price; // 0 when the event has no usable price
    out.volume = n.size;
    out.timestampMs = n.timestampMs;
    out.bid = n.bid;
    out.ask = n.ask;
    out.open = n.open;
    out.high = n.high;
    out.low = n.low;
    out.close = n.close;
    out.vwap = n.vwap;
    out.present = static_cast<std::uint8_t>((n.has(N::Bid) ? Tick::Bid : 0) | (n.has(N::Ask) ? Tick::Ask : 0)
                                            | (n.has(N::Open) ? Tick::Open : 0) | (n.has(N::High) ? Tick::High : 0)
                                            | (n.has(N::Low) ? Tick::Low : 0) | (n.has(N::Close) ? Tick::Close : 0)
                                            | (n.has(N::Vwap) ? Tick::Vwap : 0));
    out.symbol.assign(massive::symbolOf(event));
    out.connection = connection;
    return true;
}

} // namespace tickstock::publish
