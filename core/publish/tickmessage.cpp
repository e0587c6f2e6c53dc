#include "publish/tickmessage.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tickstock::publish {
namespace {

template<std::size_t N>
inline void literal(std::string &out, const char (&text)[N])
{
    out.append(text, N - 1);
}

constexpr char kHex[] = "0123456789abcdef";

inline bool needsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

template<std::size_t N>
inline void optionalNumber(std::string &out, const char (&key)[N], double value, bool present)
{
    out.append(key, N - 1);
    if (present)
        appendJsonDouble(out, value);
    else
        literal(out, "null");
}

// Fast path for the usual tick values (prices, sizes, times): |value| in [1e-4, 1e9) with at most
// six decimals. The smallest k for which round(value·10^k) / 10^k == value gives the shortest
// fixed text that reads back as value, i.e. the same digits as the general shortest conversion
// (n and 10^k are exact doubles, so the division is correctly rounded). Integer arithmetic from
// there: several times faster than std::to_chars on libstdc++ 12.
bool appendShortDecimal(std::string &out, double value)
{
    static constexpr double kPow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    static constexpr std::int64_t kIntPow10[] = {1, 10, 100, 1000, 10'000, 100'000, 1'000'000};
    const double magnitude = std::fabs(value);
    if (!(magnitude >= 1e-4 && magnitude < 1e9))
        return false;
    for (int k = 0; k <= 6; ++k) {
        const double n = std::nearbyint(magnitude * kPow10[k]);
        if (n / kPow10[k] != magnitude)
            continue;
        const auto scaled = static_cast<std::int64_t>(n);
        if (value < 0)
            out.push_back('-');
        appendJsonInteger(out, scaled / kIntPow10[k]);
        out.push_back('.');
        if (k == 0) {
            out.push_back('0');
            return true;
        }
        char digits[6];
        std::int64_t frac = scaled % kIntPow10[k];
        for (int i = k - 1; i >= 0; --i, frac /= 10)
            digits[i] = char('0' + frac % 10);
        out.append(digits, static_cast<std::size_t>(k));
        return true;
    }
    return false;
}

} // namespace

void appendJsonString(std::string &out, std::string_view text)
{
    out.push_back('"');
    std::size_t run = 0; // start of the pending unescaped run
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!needsEscape(c))
            continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': literal(out, "\\\""); break;
        case '\\': literal(out, "\\\\"); break;
        case '\b': literal(out, "\\b"); break;
        case '\f': literal(out, "\\f"); break;
        case '\n': literal(out, "\\n"); break;
        case '\r': literal(out, "\\r"); break;
        case '\t': literal(out, "\\t"); break;
        default: {
            const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out.append(text.data() + run, text.size() - run);
    out.push_back('"');
}

void appendJsonDouble(std::string &out, double value)
{
    if (!std::isfinite(value)) {
        literal(out, "null");
        return;
    }
    if (appendShortDecimal(out, value))
        return;
    // Shortest round-trip digits; fixed notation in Python's repr range (1e-4 <= |v| < 1e16), so
    // that 0.0001 stays "0.0001", scientific outside it ("1e-05", "1e+16"). The plain shortest
    // form is tried first: it is the same text whenever it has no exponent, and libstdc++ writes
    // it several times faster than the fixed format (which is only needed for "1e+05" and such).
    char buffer[48];
    const double magnitude = std::fabs(value);
    const bool fixed = magnitude == 0.0 || (magnitude >= 1e-4 && magnitude < 1e16);
    std::to_chars_result r = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (fixed && r.ec == std::errc() && std::find(buffer, r.ptr, 'e') != r.ptr)
        r = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    const auto [end, ec] = r;
    if (ec != std::errc()) { // cannot happen with 48 bytes; be safe anyway
        literal(out, "null");
        return;
    }
    out.append(buffer, static_cast<std::size_t>(end - buffer));
    // Keep floats looking like floats ("100.0", as Python's json writes them).
    for (const char *p = buffer; p != end; ++p) {
        if (*p == '.' || *p == 'e')
            return;
    }
    literal(out, ".0");
}

void appendJsonInteger(std::string &out, std::int64_t value)
{
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    (void)ec; // 24 bytes always suffice
    out.append(buffer, static_cast<std::size_t>(end - buffer));
}

void appendEpochSeconds(std::string &out, std::int64_t ms)
{
    // The closest double to ms/1000 prints as the exact decimal (at most 3 fraction digits), so
    // for any plausible time it is written with integer arithmetic: the same text, a fifth of the
    // cost of formatting the double.
    if (ms < 0 || ms >= kIntegerEpochLimitMs) {
        appendJsonDouble(out, static_cast<double>(ms) / 1000.0);
        return;
    }
    appendJsonInteger(out, ms / 1000);
    out.push_back('.');
    const auto frac = static_cast<int>(ms % 1000);
    char digits[3] = {char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10)};
    std::size_t n = 3;
    while (n > 1 && digits[n - 1] == '0')
        --n;
    out.append(digits, n);
}

void appendTickMessage(std::string &out, const Tick &tick)
{
    literal(out, "{\"type\":\"market_tick\",\"symbol\":");
    appendJsonString(out, tick.symbol);
    literal(out, ",\"price\":");
    appendJsonDouble(out, tick.price);
    literal(out, ",\"volume\":");
    appendJsonInteger(out, tick.volume);
    literal(out, ",\"timestamp\":");
    appendEpochSeconds(out, tick.timestampMs);
    literal(out, ",\"source\":\"massive\",\"event_type\":\"");
    out.append(tickKindName(tick.kind));
    literal(out, "\",\"connection_id\":\"connection_");
    appendJsonInteger(out, tick.connection);
    out.push_back('"');
    switch (tick.kind) {
    case TickKind::Trade: break;
    case TickKind::Quote:
        optionalNumber(out, ",\"bid\":", tick.bid, tick.has(Tick::Bid));
        optionalNumber(out, ",\"ask\":", tick.ask, tick.has(Tick::Ask));
        break;
    case TickKind::SecondAggregate:
    case TickKind::MinuteAggregate:
        optionalNumber(out, ",\"open\":", tick.open, tick.has(Tick::Open));
        optionalNumber(out, ",\"high\":", tick.high, tick.has(Tick::High));
        optionalNumber(out, ",\"low\":", tick.low, tick.has(Tick::Low));
        optionalNumber(out, ",\"close\":", tick.close, tick.has(Tick::Close));
        optionalNumber(out, ",\"vwap\":", tick.vwap, tick.has(Tick::Vwap));
        break;
    }
    out.push_back('}');
}

std::string tickMessage(const Tick &tick)
{
    std::string out;
    out.reserve(256);
    appendTickMessage(out, tick);
    return out;
}

} // namespace tickstock::publish
