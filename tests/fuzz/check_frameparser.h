#pragma once
// The feed's FrameParser on any byte string: no crash, and its result obeys its invariants.

#include "fuzzinput.h"

#include "massive/frameparser.h"

#include <string_view>

namespace tickstock::fuzz {

inline void checkFrameParser(const std::uint8_t *data, std::size_t size)
{
    using namespace tickstock::massive;
    static FrameParser parser(1 << 20);
    static ParseResult result;
    parser.parse(std::string_view(reinterpret_cast<const char *>(data), size), result);

    // Every skipped event has an error; every data event has a ticker.
    FUZZ_CHECK(static_cast<std::size_t>(result.invalidEvents + result.unknownEvents) <= result.errors.size());
    for (const Event &event : result.events)
        FUZZ_CHECK(kindOf(event) == EventKind::Status || !symbolOf(event).empty());
    for (const ParseError &error : result.errors)
        FUZZ_CHECK(!error.detail.empty() && !error.toString().empty());
}

} // namespace tickstock::fuzz
