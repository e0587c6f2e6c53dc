#pragma once
// Fast compact-JSON serialisation of the events the simulator sends, appended to a std::string.
// Field order follows the vendor's examples; optional fields are written only when their
// presence bit is set (massive/events.h), so the model decides what is realistically absent.

#include "massive/events.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tickstock::sim::eventwriter {

// Where the digits of `t`, `q` and a trade's `s` start inside the output (for in-place patching of
// fixed-width values by the firehose). npos when the field was not written.
struct FieldOffsets {
    std::size_t timestamp = std::string::npos;
    std::size_t sequence = std::string::npos;
    std::size_t size = std::string::npos;
};

void appendTrade(std::string &out, const massive::Trade &trade, FieldOffsets *offsets = nullptr);
void appendQuote(std::string &out, const massive::Quote &quote, FieldOffsets *offsets = nullptr);
void appendAggregate(std::string &out, const massive::Aggregate &aggregate); // A or AM by `minute`
void appendStatus(std::string &out, std::string_view status, std::string_view message);

// Building blocks, also used to write deliberately malformed events.
void appendJsonString(std::string &out, std::string_view text); // quoted and escaped
void appendInt(std::string &out, std::int64_t value);
void appendNumber(std::string &out, double value); // shortest round-trip form

// Thousandths of a share as a decimal string: 4989000 -> "4989.0", 12345 -> "12.345".
std::string formatMilliShares(std::int64_t milli);

} // namespace tickstock::sim::eventwriter
