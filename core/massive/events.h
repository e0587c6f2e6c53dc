#pragma once
// Massive stocks feed events as parsed from server frames (docs/protocol.md).
// Plain values: safe to copy across threads. Optional fields carry a presence bit.

#include <QtCore/QVarLengthArray>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace tickstock::massive {

enum class EventKind : std::uint8_t { Status, Trade, Quote, SecondAggregate, MinuteAggregate, Luld, Imbalance };

std::string_view eventKindName(EventKind kind); // wire `ev`: "status", "T", "Q", "A", "AM", "LULD", "NOI"

using IntList = QVarLengthArray<std::int32_t, 4>;

struct StatusEvent {
    std::string status;  // classify by this, never by message
    std::string message; // the only way to match an ack to its param
};

struct Trade {
    enum Field : std::uint32_t {
        Exchange = 1u << 0, Id = 1u << 1, Tape = 1u << 2, Price = 1u << 3, Size = 1u << 4,
        SizeDecimal = 1u << 5, Conditions = 1u << 6, Timestamp = 1u << 7, Sequence = 1u << 8,
        TrfId = 1u << 9, TrfTimestamp = 1u << 10, ParticipantTimestamp = 1u << 11,
    };
    std::string symbol;      // sym
    std::string id;          // i: always a string
    std::string sizeDecimal; // ds: exact decimal string, never a double
    IntList conditions;      // c
    double price = 0;        // p
    std::int64_t size = 0;   // s, shares
    std::int64_t timestamp = 0; // t, ms
    std::int64_t sequence = 0;  // q, per ticker, non-contiguous
    std::int64_t trfId = 0;          // trfi
    std::int64_t trfTimestamp = 0;   // trft, ms
    std::int64_t participantTimestamp = 0; // pt
    std::int32_t exchange = 0; // x
    std::int32_t tape = 0;     // z
    std::uint32_t present = 0;
    bool has(Field f) const { return present & f; }
};

struct Quote {
    enum Field : std::uint32_t {
        BidExchange = 1u << 0, BidPrice = 1u << 1, BidSize = 1u << 2, AskExchange = 1u << 3,
        AskPrice = 1u << 4, AskSize = 1u << 5, Condition = 1u << 6, Indicators = 1u << 7,
        Timestamp = 1u << 8, Sequence = 1u << 9, Tape = 1u << 10,
    };
    std::string symbol;
    IntList indicators;        // i
    double bidPrice = 0;       // bp
    double askPrice = 0;       // ap
    std::int64_t bidSize = 0;  // bs, round lots
    std::int64_t askSize = 0;  // as, round lots
    std::int64_t timestamp = 0; // t, ms
    std::int64_t sequence = 0;  // q
    std::int32_t bidExchange = 0; // bx
    std::int32_t askExchange = 0; // ax
    std::int32_t condition = 0;   // c: a single int
    std::int32_t tape = 0;        // z
    std::uint32_t present = 0;
    bool has(Field f) const { return present & f; }
    double mid() const { return (bidPrice + askPrice) / 2.0; }
};

// A (per second) and AM (per minute) share one schema.
struct Aggregate {
    enum Field : std::uint32_t {
        Volume = 1u << 0, AccumulatedVolume = 1u << 1, OfficialOpen = 1u << 2, Vwap = 1u << 3,
        Open = 1u << 4, High = 1u << 5, Low = 1u << 6, Close = 1u << 7, TodayVwap = 1u << 8,
        AverageSize = 1u << 9, Start = 1u << 10, End = 1u << 11, Otc = 1u << 12,
        VolumeDecimal = 1u << 13, AccumulatedVolumeDecimal = 1u << 14,
    };
    std::string symbol;
    std::string volumeDecimal;            // dv
    std::string accumulatedVolumeDecimal; // dav
    std::int64_t volume = 0;              // v
    std::int64_t accumulatedVolume = 0;   // av
    double officialOpen = 0; // op
    double vwap = 0;         // vw (this window)
    double open = 0, high = 0, low = 0, close = 0; // o h l c
    double todayVwap = 0;    // a
    std::int64_t averageSize = 0; // z
    std::int64_t start = 0;       // s, ms
    std::int64_t end = 0;         // e, ms
    bool otc = false;
    bool minute = false; // AM when true, A otherwise
    std::uint32_t present = 0;
    bool has(Field f) const { return present & f; }
};

struct Luld {
    enum Field : std::uint32_t {
        High = 1u << 0, Low = 1u << 1, Indicators = 1u << 2, Tape = 1u << 3, Timestamp = 1u << 4,
        Sequence = 1u << 5,
    };
    std::string symbol; // T
    IntList indicators; // i
    double high = 0;    // h
    double low = 0;     // l
    std::int64_t timestamp = 0; // t, ns
    std::int64_t sequence = 0;  // q
    std::int32_t tape = 0;      // z
    std::uint32_t present = 0;
    bool has(Field f) const { return present & f; }
};

struct Imbalance {
    enum Field : std::uint32_t {
        Timestamp = 1u << 0, AuctionTime = 1u << 1, AuctionType = 1u << 2, Id = 1u << 3,
        Exchange = 1u << 4, ImbalanceQuantity = 1u << 5, PairedQuantity = 1u << 6,
        BookClearingPrice = 1u << 7,
    };
    std::string symbol;        // T
    std::string auctionType;   // a: O M H C P R
    std::int64_t timestamp = 0; // t, ns
    std::int64_t id = 0;        // i
    std::int64_t imbalanceQuantity = 0; // o
    std::int64_t pairedQuantity = 0;    // p
    double bookClearingPrice = 0;       // b
    std::int32_t auctionTime = 0;       // at, HHMM ET
    std::int32_t exchange = 0;          // x
    std::uint32_t present = 0;
    bool has(Field f) const { return present & f; }
};

using Event = std::variant<StatusEvent, Trade, Quote, Aggregate, Luld, Imbalance>;

EventKind kindOf(const Event &event);
const std::string &symbolOf(const Event &event); // empty for status events

// Infers the unit of an epoch timestamp from its magnitude (s, ms, µs, ns) and returns ns.
std::int64_t epochToNanoseconds(std::int64_t value);

} // namespace tickstock::massive
