#pragma once
// The one set of rules that turns a parsed feed event into tick values (docs/redis.md, "Normalised
// values"): price, size, day volume, timestamp, bid/ask, bar fields. The Redis publisher and the
// ticker table both read these, so the two never disagree on what an event means; each consumer
// only decides how to merge them into its own state (e.g. the table accumulates volume).

#include "massive/events.h"

#include <cstdint>

namespace tickstock::massive {

struct NormalisedTick {
    enum Field : std::uint16_t {
        Price = 1u << 0,     // a usable price (> 0): never show 0 as a price
        Bid = 1u << 1,       // the quote carries bp
        Ask = 1u << 2,       // the quote carries ap
        Open = 1u << 3, High = 1u << 4, Low = 1u << 5, Close = 1u << 6, Vwap = 1u << 7,
        DayVolume = 1u << 8, // the aggregate carries av
        EventTime = 1u << 9, // timestampMs is the event's own time, not the receive time
    };

    EventKind kind = EventKind::Trade;
    double price = 0;             // T: p; Q: mid when both sides > 0, else the side > 0; A/AM: c
    std::int64_t size = 0;        // T: s; A/AM: v (the interval); Q, LULD, NOI: 0
    std::int64_t dayVolume = 0;   // A/AM: av (accumulated today)
    std::int64_t timestampMs = 0; // T/Q: t; A/AM: e, else s; LULD/NOI: t (ns → ms); else the receive time
    double bid = 0, ask = 0;      // Q: bp, ap (0 when absent)
    double open = 0, high = 0, low = 0, close = 0, vwap = 0; // A/AM: o h l c vw
    std::uint16_t present = 0;

    bool has(Field f) const { return present & f; }
    // T, Q, A and AM are market ticks; LULD and NOI only carry a time for the table.
    bool isMarketTick() const
    {
        return kind == EventKind::Trade || kind == EventKind::Quote || kind == EventKind::SecondAggregate
               || kind == EventKind::MinuteAggregate;
    }
};

// Fills `out` (every field) from a data event; false for status events. `receivedMs` stands in for
// a missing timestamp, so no consumer ever shows 0 (1970) as a tick's time.
bool normaliseTick(const Event &event, std::int64_t receivedMs, NormalisedTick &out);

} // namespace tickstock::massive
