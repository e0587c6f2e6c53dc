#include "sim/eventwriter.h"

#include <charconv>
#include <cmath>

namespace tickstock::sim::eventwriter {

void appendInt(std::string &out, std::int64_t value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendNumber(std::string &out, double value)
{
    if (!std::isfinite(value))
        value = 0; // JSON has no NaN/Inf
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendJsonString(std::string &out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (u < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[u >> 4]);
                out.push_back(kHex[u & 0xF]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

namespace {
void key(std::string &out, std::string_view name)
{
    out.push_back(',');
    out.push_back('"');
    out.append(name);
    out.append("\":");
}

void intList(std::string &out, const massive::IntList &list)
{
    out.push_back('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            out.push_back(',');
        appendInt(out, list[i]);
    }
    out.push_back(']');
}
} // namespace

void appendTrade(std::string &out, const massive::Trade &t, FieldOffsets *offsets)
{
    using F = massive::Trade;
    out.append("{\"ev\":\"T\",\"sym\":");
    appendJsonString(out, t.symbol);
    if (t.has(F::Exchange)) { key(out, "x"); appendInt(out, t.exchange); }
    if (t.has(F::Id)) { key(out, "i"); appendJsonString(out, t.id); }
    if (t.has(F::Tape)) { key(out, "z"); appendInt(out, t.tape); }
    if (t.has(F::Price)) { key(out, "p"); appendNumber(out, t.price); }
    if (t.has(F::Size)) {
        key(out, "s");
        if (offsets)
            offsets->size = out.size();
        appendInt(out, t.size);
    }
    if (t.has(F::SizeDecimal)) { key(out, "ds"); appendJsonString(out, t.sizeDecimal); }
    if (t.has(F::Conditions)) { key(out, "c"); intList(out, t.conditions); }
    if (t.has(F::Timestamp)) {
        key(out, "t");
        if (offsets)
            offsets->timestamp = out.size();
        appendInt(out, t.timestamp);
    }
    if (t.has(F::Sequence)) {
        key(out, "q");
        if (offsets)
            offsets->sequence = out.size();
        appendInt(out, t.sequence);
    }
    if (t.has(F::TrfId)) { key(out, "trfi"); appendInt(out, t.trfId); }
    if (t.has(F::TrfTimestamp)) { key(out, "trft"); appendInt(out, t.trfTimestamp); }
    if (t.has(F::ParticipantTimestamp)) { key(out, "pt"); appendInt(out, t.participantTimestamp); }
    out.push_back('}');
}

void appendQuote(std::string &out, const massive::Quote &q, FieldOffsets *offsets)
{
    using F = massive::Quote;
    out.append("{\"ev\":\"Q\",\"sym\":");
    appendJsonString(out, q.symbol);
    if (q.has(F::BidExchange)) { key(out, "bx"); appendInt(out, q.bidExchange); }
    if (q.has(F::BidPrice)) { key(out, "bp"); appendNumber(out, q.bidPrice); }
    if (q.has(F::BidSize)) { key(out, "bs"); appendInt(out, q.bidSize); }
    if (q.has(F::AskExchange)) { key(out, "ax"); appendInt(out, q.askExchange); }
    if (q.has(F::AskPrice)) { key(out, "ap"); appendNumber(out, q.askPrice); }
    if (q.has(F::AskSize)) { key(out, "as"); appendInt(out, q.askSize); }
    if (q.has(F::Condition)) { key(out, "c"); appendInt(out, q.condition); }
    if (q.has(F::Indicators)) { key(out, "i"); intList(out, q.indicators); }
    if (q.has(F::Timestamp)) {
        key(out, "t");
        if (offsets)
            offsets->timestamp = out.size();
        appendInt(out, q.timestamp);
    }
    if (q.has(F::Sequence)) {
        key(out, "q");
        if (offsets)
            offsets->sequence = out.size();
        appendInt(out, q.sequence);
    }
    if (q.has(F::Tape)) { key(out, "z"); appendInt(out, q.tape); }
    out.push_back('}');
}

void appendAggregate(std::string &out, const massive::Aggregate &a)
{
    using F = massive::Aggregate;
    out.append(a.minute ? "{\"ev\":\"AM\",\"sym\":" : "{\"ev\":\"A\",\"sym\":");
    appendJsonString(out, a.symbol);
    if (a.has(F::Volume)) { key(out, "v"); appendInt(out, a.volume); }
    if (a.has(F::AccumulatedVolume)) { key(out, "av"); appendInt(out, a.accumulatedVolume); }
    if (a.has(F::OfficialOpen)) { key(out, "op"); appendNumber(out, a.officialOpen); }
    if (a.has(F::Vwap)) { key(out, "vw"); appendNumber(out, a.vwap); }
    if (a.has(F::Open)) { key(out, "o"); appendNumber(out, a.open); }
    if (a.has(F::Close)) { key(out, "c"); appendNumber(out, a.close); }
    if (a.has(F::High)) { key(out, "h"); appendNumber(out, a.high); }
    if (a.has(F::Low)) { key(out, "l"); appendNumber(out, a.low); }
    if (a.has(F::TodayVwap)) { key(out, "a"); appendNumber(out, a.todayVwap); }
    if (a.has(F::AverageSize)) { key(out, "z"); appendInt(out, a.averageSize); }
    if (a.has(F::Start)) { key(out, "s"); appendInt(out, a.start); }
    if (a.has(F::End)) { key(out, "e"); appendInt(out, a.end); }
    if (a.has(F::Otc) && a.otc) { key(out, "otc"); out.append("true"); }
    if (a.has(F::VolumeDecimal)) { key(out, "dv"); appendJsonString(out, a.volumeDecimal); }
    if (a.has(F::AccumulatedVolumeDecimal)) { key(out, "dav"); appendJsonString(out, a.accumulatedVolumeDecimal); }
    out.push_back('}');
}

void appendStatus(std::string &out, std::string_view status, std::string_view message)
{
    out.append("{\"ev\":\"status\",\"status\":");
    appendJsonString(out, status);
    out.append(",\"message\":");
    appendJsonString(out, message);
    out.push_back('}');
}

std::string formatMilliShares(std::int64_t milli)
{
    std::string out;
    if (milli < 0) {
        out.push_back('-');
        milli = -milli;
    }
    appendInt(out, milli / 1000);
    out.push_back('.');
    std::int64_t fraction = milli % 1000;
    if (fraction == 0) {
        out.push_back('0');
        return out;
    }
    char digits[3] = {static_cast<char>('0' + fraction / 100), static_cast<char>('0' + fraction / 10 % 10),
                      static_cast<char>('0' + fraction % 10)};
    int length = 3;
    while (digits[length - 1] == '0')
        --length;
    out.append(digits, static_cast<std::size_t>(length));
    return out;
}

} // namespace tickstock::sim::eventwriter
