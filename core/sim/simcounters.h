#pragma once
// What the simulator has sent, in totals and per ticker, so a client's own counters can be
// compared exactly. A plain value: copy it across threads freely.

#include <QtCore/QJsonObject>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace tickstock::sim {

// Event types the simulator sends. The first four are also the data channels T, Q, A, AM.
enum class EventType : std::uint8_t { Trade, Quote, SecondAggregate, MinuteAggregate, Status };
inline constexpr int kEventTypeCount = 5;
inline constexpr int kDataChannelCount = 4;
std::string_view eventTypeName(EventType type); // "T", "Q", "A", "AM", "status"

// Malformed data frames, injected at --malformed-rate, cycling in this order.
enum class MalformedKind : std::uint8_t {
    TruncatedJson,  // a data frame cut in half: no event in it is parseable
    ObjectNotArray, // the frame's first event sent as a bare object instead of an array
    WrongType,      // a valid array: the real events plus one trade whose "p" is a string
    UnknownEv,      // a valid array: the real events plus one event with an unknown "ev"
    BinaryFrame,    // the frame's JSON sent in a binary frame
};
inline constexpr int kMalformedKindCount = 5;
std::string_view malformedKindName(MalformedKind kind); // "truncated_json", ...

struct SimCounters {
    struct TickerCounts {
        std::array<qint64, kDataChannelCount> events{}; // delivered T, Q, A, AM (each recipient counts)
        qint64 total() const { return events[0] + events[1] + events[2] + events[3]; }
    };
    struct Malformed {
        qint64 frames = 0;
        qint64 goodEvents = 0; // valid events inside these frames; also counted in `events` and per ticker
        qint64 lostEvents = 0; // events made unparseable by the fault; counted nowhere else
    };

    qint64 connectionsAccepted = 0; // completed upgrades
    qint64 connectionsOpen = 0;     // gauge
    qint64 httpRejected = 0;        // refused upgrades (404 etc.)
    qint64 authOk = 0;
    qint64 authFailed = 0;          // both auth_failed messages
    qint64 authTimeouts = 0;
    qint64 authRequired = 0;
    qint64 clientMessages = 0;
    qint64 clientMessagesIgnored = 0; // malformed JSON, unknown action, wrong types
    qint64 frames = 0;              // every frame the simulator sent with events, status included
    qint64 bytes = 0;               // wire bytes of those frames, headers included
    std::array<qint64, kEventTypeCount> events{}; // delivered events by EventType
    qint64 acks = 0;                // success statuses (subscribed to / unsubscribed to)
    qint64 refusals = 0;            // error / not authorized
    qint64 evictions = 0;           // victims sent max_connections (evict-oldest)
    qint64 rejections = 0;          // newcomers sent max_connections (reject-newest)
    qint64 aborts = 0;              // --abort-every faults
    qint64 freezes = 0;
    qint64 forceDisconnects = 0;
    qint64 slowConsumerKills = 0;
    std::array<Malformed, kMalformedKindCount> malformed{};
    qint64 firehoseFramesSent = 0;
    qint64 firehoseFramesSkippedBacklog = 0; // the connection's unsent backlog was over the limit
    qint64 firehoseFramesSkippedLate = 0;    // our own event loop fell behind the schedule
    qint64 firehoseEventsSent = 0;
    std::map<std::string, TickerCounts, std::less<>> tickers; // only tickers with deliveries

    qint64 eventCount(EventType type) const { return events[static_cast<int>(type)]; }
    const Malformed &malformedCount(MalformedKind kind) const { return malformed[static_cast<int>(kind)]; }
    qint64 tickerCount(std::string_view symbol, EventType type) const;

    // {"totals": {...}, "tickers": {"AAPL": {"T":n,"Q":n,"A":n,"AM":n}, ...}}
    QJsonObject toJson() const;
};

} // namespace tickstock::sim
