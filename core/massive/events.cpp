#include "massive/events.h"

#include <cstdlib>

namespace tickstock::massive {

std::string_view eventKindName(EventKind kind)
{
    switch (kind) {
    case EventKind::Status: return "status";
    case EventKind::Trade: return "T";
    case EventKind::Quote: return "Q";
    case EventKind::SecondAggregate: return "A";
    case EventKind::MinuteAggregate: return "AM";
    case EventKind::Luld: return "LULD";
    case EventKind::Imbalance: return "NOI";
    }
    return "?";
}

EventKind kindOf(const Event &event)
{
    switch (event.index()) {
    case 0: return EventKind::Status;
    case 1: return EventKind::Trade;
    case 2: return EventKind::Quote;
    case 3: return std::get<Aggregate>(event).minute ? EventKind::MinuteAggregate : EventKind::SecondAggregate;
    case 4: return EventKind::Luld;
    default: return EventKind::Imbalance;
    }
}

const std::string &symbolOf(const Event &event)
{
    static const std::string none;
    return std::visit(
        [](const auto &e) -> const std::string & {
            if constexpr (std::is_same_v<std::decay_t<decltype(e)>, StatusEvent>)
                return none;
            else
                return e.symbol;
        },
        event);
}

std::int64_t epochToNanoseconds(std::int64_t value)
{
    const std::int64_t magnitude = std::llabs(value);
    if (magnitude < 100'000'000'000LL) // up to 11 digits: seconds
        return value * 1'000'000'000LL;
    if (magnitude < 100'000'000'000'000LL) // up to 14 digits: milliseconds
        return value * 1'000'000LL;
    if (magnitude < 100'000'000'000'000'000LL) // up to 17 digits: microseconds
        return value * 1'000LL;
    return value; // nanoseconds
}

} // namespace tickstock::massive
