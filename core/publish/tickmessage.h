#pragma once
// The JSON message of one tick on the Redis channel (docs/redis.md), hand-written into a reusable
// buffer: compact, the original fields first, numbers in their shortest round-trip form.
//
//   {"type":"market_tick","symbol":"AAPL","price":178.23,"volume":100,"timestamp":1705853696.123,
//    "source":"massive","event_type":"T","connection_id":"connection_1"}
//
// Q adds "bid","ask"; A and AM add "open","high","low","close","vwap" (null when the event lacked it).

#include "publish/tick.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace tickstock::publish {

// Appends the message of `tick` to `out`.
void appendTickMessage(std::string &out, const Tick &tick);
std::string tickMessage(const Tick &tick);

// JSON building blocks, exposed for tests.
void appendJsonString(std::string &out, std::string_view text); // quoted; ", \ and control characters escaped
void appendJsonDouble(std::string &out, double value);  // shortest round-trip; "100.0" for integral; null if not finite
void appendJsonInteger(std::string &out, std::int64_t value);
void appendEpochSeconds(std::string &out, std::int64_t ms); // 1705853696123 -> 1705853696.123
// Below this (and from 0) appendEpochSeconds formats with integers: at most 15 significant digits,
// so the text is exactly what appendJsonDouble(ms / 1000.0) writes.
inline constexpr std::int64_t kIntegerEpochLimitMs = 1'000'000'000'000'000;

} // namespace tickstock::publish
