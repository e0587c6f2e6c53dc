#pragma once
// The simulated market used for wildcard subscriptions: a few hundred real US listings (mostly
// S&P 500 members plus the large ETFs), each with its tape and a rough reference price. The
// prices only seed the random walk; they are not market data.

#include <cstdint>
#include <span>
#include <string>

namespace tickstock::sim {

struct MarketListEntry {
    const char *symbol;
    std::uint8_t tape;     // 1 = Tape A (NYSE), 2 = Tape B (NYSE American/Arca), 3 = Tape C (Nasdaq)
    double referencePrice; // USD
};

std::span<const MarketListEntry> builtInMarket();

// Synthetic tickers for firehose and benchmarks: prefix + four letters ("XAAAA", "XAAAB", ...),
// valid ticker syntax, distinct, and no real listing.
std::string syntheticTicker(int index, char prefix = 'X');

} // namespace tickstock::sim
