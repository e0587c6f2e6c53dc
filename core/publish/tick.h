#pragma once
// One normalised market tick (docs/redis.md): what the Redis publisher sends for every data event.
// Plain value; the queue recycles its storage, so copying it around costs no allocation for the
// usual short symbols (std::string's small-buffer optimisation).

#include "massive/events.h"

#include <cstdint>
#include <string>

namespace tickstock::publish {

enum class TickKind : std::uint8_t { Trade, Quote, SecondAggregate, MinuteAggregate };

const char *tickKindName(TickKind kind); // "T", "Q", "A", "AM"

struct Tick {
    // Which optional values were present in the source event; absent ones are sent as null.
    enum Field : std::uint8_t {
        Bid = 1u << 0, Ask = 1u << 1, Open = 1u << 2, High = 1u << 3, Low = 1u << 4, Close = 1u << 5,
        Vwap = 1u << 6,
    };

    std::string symbol;
    // The values of massive::NormalisedTick (massive/ticknormaliser.h holds the rules).
    double price = 0;              // T: p; Q: mid, or the one side quoted; A/AM: c; 0 when none
    std::int64_t volume = 0;       // T: s; Q: 0; A/AM: v
    std::int64_t timestampMs = 0;  // T/Q: t; A/AM: e (s when absent); receive time when the event has none
    double bid = 0, ask = 0;                                  // Q
    double open = 0, high = 0, low = 0, close = 0, vwap = 0;  // A/AM
    std::int32_t connection = 1;   // slot index: connection_id = "connection_<n>"
    TickKind kind = TickKind::Trade;
    std::uint8_t present = 0;

    bool has(Field f) const { return present & f; }
};

// Fills `out` (reusing its storage) from massive::normaliseTick. Returns false for events that are
// not market ticks (status, LULD, NOI): those are not published. `nowMs` stands in for a missing timestamp.
bool normaliseEvent(const massive::Event &event, int connection, std::int64_t nowMs, Tick &out);

} // namespace tickstock::publish
