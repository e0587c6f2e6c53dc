#include "massive/frameparser.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace tickstock::massive {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

const char *typeName(element_type type)
{
    switch (type) {
    case element_type::ARRAY: return "array";
    case element_type::OBJECT: return "object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "number";
    case element_type::STRING: return "string";
    case element_type::BOOL: return "bool";
    case element_type::NULL_VALUE: return "null";
    }
    return "unknown";
}

bool isNumber(element_type type)
{
    return type == element_type::INT64 || type == element_type::UINT64 || type == element_type::DOUBLE;
}

// Decodes the fields of one event object, recording the first problem as an error.
class EventDecoder {
public:
    EventDecoder(ParseResult &out, int index, long long offset, std::string_view ev)
        : m_out(out), m_index(index), m_offset(offset), m_ev(ev) {}

    bool failed() const { return m_failed; }

    void fail(ParseError::Kind kind, std::string_view field, std::string detail)
    {
        if (m_failed)
            return;
        m_failed = true;
        m_out.errors.push_back({kind, m_index, m_offset, std::string(m_ev), std::string(field), std::move(detail)});
    }

    void wrongType(std::string_view field, const char *expected, element value)
    {
        fail(ParseError::Kind::WrongType, field,
             std::string("expected ") + expected + ", got " + typeName(value.type()));
    }

    // Every reader returns true when the field was present and valid; null counts as absent.
    bool readInt(std::string_view field, element value, std::int64_t &dst)
    {
        switch (value.type()) {
        case element_type::INT64: dst = value.get_int64().value_unsafe(); return true;
        case element_type::UINT64: {
            const std::uint64_t v = value.get_uint64().value_unsafe();
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                fail(ParseError::Kind::WrongType, field, "integer out of int64 range");
                return false;
            }
            dst = static_cast<std::int64_t>(v);
            return true;
        }
        case element_type::DOUBLE: { // some publishers send sizes as doubles
            const double v = value.get_double().value_unsafe();
            if (!std::isfinite(v) || std::fabs(v) > 9.2e18) {
                fail(ParseError::Kind::WrongType, field, "number out of int64 range");
                return false;
            }
            dst = std::llround(v);
            return true;
        }
        case element_type::NULL_VALUE: return false;
        default: wrongType(field, "integer", value); return false;
        }
    }

    bool readInt32(std::string_view field, element value, std::int32_t &dst)
    {
        std::int64_t v = 0;
        if (!readInt(field, value, v))
            return false;
        if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()) {
            fail(ParseError::Kind::WrongType, field, "integer out of int32 range");
            return false;
        }
        dst = static_cast<std::int32_t>(v);
        return true;
    }

    bool readDouble(std::string_view field, element value, double &dst)
    {
        if (isNumber(value.type())) {
            dst = value.get_double().value_unsafe();
            return true;
        }
        if (value.type() != element_type::NULL_VALUE)
            wrongType(field, "number", value);
        return false;
    }

    bool readString(std::string_view field, element value, std::string &dst)
    {
        if (value.type() == element_type::STRING) {
            dst.assign(value.get_string().value_unsafe());
            return true;
        }
        if (value.type() != element_type::NULL_VALUE)
            wrongType(field, "string", value);
        return false;
    }

    // Trade ids and decimal sizes are strings on the wire; a number is kept as its text.
    bool readStringOrNumber(std::string_view field, element value, std::string &dst)
    {
        char buffer[32];
        switch (value.type()) {
        case element_type::STRING: dst.assign(value.get_string().value_unsafe()); return true;
        case element_type::INT64: {
            auto r = std::to_chars(buffer, buffer + sizeof buffer, value.get_int64().value_unsafe());
            dst.assign(buffer, r.ptr);
            return true;
        }
        case element_type::UINT64: {
            auto r = std::to_chars(buffer, buffer + sizeof buffer, value.get_uint64().value_unsafe());
            dst.assign(buffer, r.ptr);
            return true;
        }
        case element_type::DOUBLE: {
            auto r = std::to_chars(buffer, buffer + sizeof buffer, value.get_double().value_unsafe());
            dst.assign(buffer, r.ptr);
            return true;
        }
        case element_type::NULL_VALUE: return false;
        default: wrongType(field, "string", value); return false;
        }
    }

    bool readIntList(std::string_view field, element value, IntList &dst)
    {
        if (value.type() == element_type::NULL_VALUE)
            return false;
        if (value.type() != element_type::ARRAY) {
            wrongType(field, "array of integers", value);
            return false;
        }
        dst.clear();
        const simdjson::dom::array items = value.get_array().value_unsafe();
        for (element item : items) {
            std::int32_t v = 0;
            if (!isNumber(item.type())) {
                fail(ParseError::Kind::WrongType, field,
                     std::string("expected array of integers, found ") + typeName(item.type()));
                return false;
            }
            if (!readInt32(field, item, v))
                return false;
            dst.push_back(v);
        }
        return true;
    }

    bool readBool(std::string_view field, element value, bool &dst)
    {
        if (value.type() == element_type::BOOL) {
            dst = value.get_bool().value_unsafe();
            return true;
        }
        if (value.type() != element_type::NULL_VALUE)
            wrongType(field, "bool", value);
        return false;
    }

private:
    ParseResult &m_out;
    int m_index;
    long long m_offset;
    std::string_view m_ev;
    bool m_failed = false;
};

// Sets `bit` in `present` when `ok`.
template<typename Bits>
void mark(std::uint32_t &present, bool ok, Bits bit)
{
    if (ok)
        present |= bit;
}

bool requireSymbol(EventDecoder &d, std::string_view key, const std::string &symbol, bool seen)
{
    if (!seen || symbol.empty()) {
        d.fail(ParseError::Kind::MissingField, key, seen ? "empty ticker" : "missing ticker");
        return false;
    }
    return true;
}

bool decodeStatus(EventDecoder &d, simdjson::dom::object obj, ParseResult &out)
{
    StatusEvent ev;
    bool haveStatus = false;
    for (auto [key, value] : obj) {
        if (key == "status")
            haveStatus = d.readString(key, value, ev.status);
        else if (key == "message")
            d.readString(key, value, ev.message);
    }
    if (!d.failed() && !haveStatus)
        d.fail(ParseError::Kind::MissingField, "status", "status event without `status`");
    if (d.failed())
        return false;
    out.events.emplace_back(std::move(ev));
    return true;
}

bool decodeTrade(EventDecoder &d, simdjson::dom::object obj, ParseResult &out)
{
    Trade t;
    bool haveSym = false;
    for (auto [key, value] : obj) {
        if (d.failed())
            return false;
        if (key.size() == 1) {
            switch (key[0]) {
            case 'x': mark(t.present, d.readInt32(key, value, t.exchange), Trade::Exchange); break;
            case 'i': mark(t.present, d.readStringOrNumber(key, value, t.id), Trade::Id); break;
            case 'z': mark(t.present, d.readInt32(key, value, t.tape), Trade::Tape); break;
            case 'p': mark(t.present, d.readDouble(key, value, t.price), Trade::Price); break;
            case 's': mark(t.present, d.readInt(key, value, t.size), Trade::Size); break;
            case 'c': mark(t.present, d.readIntList(key, value, t.conditions), Trade::Conditions); break;
            case 't': mark(t.present, d.readInt(key, value, t.timestamp), Trade::Timestamp); break;
            case 'q': mark(t.present, d.readInt(key, value, t.sequence), Trade::Sequence); break;
            default: break;
            }
        } else if (key == "sym") {
            haveSym = d.readString(key, value, t.symbol);
        } else if (key == "ds") {
            mark(t.present, d.readStringOrNumber(key, value, t.sizeDecimal), Trade::SizeDecimal);
        } else if (key == "trfi") {
            mark(t.present, d.readInt(key, value, t.trfId), Trade::TrfId);
        } else if (key == "trft") {
            mark(t.present, d.readInt(key, value, t.trfTimestamp), Trade::TrfTimestamp);
        } else if (key == "pt") {
            mark(t.present, d.readInt(key, value, t.participantTimestamp), Trade::ParticipantTimestamp);
        }
    }
    if (d.failed() || !requireSymbol(d, "sym", t.symbol, haveSym))
        return false;
    out.events.emplace_back(std::move(t));
    return true;
}

bool decodeQuote(EventDecoder &d, simdjson::dom::object obj, ParseResult &out)
{
    Quote q;
    bool haveSym = false;
    for (auto [key, value] : obj) {
        if (d.failed())
            return false;
        if (key.size() == 1) {
            switch (key[0]) {
            case 'c': mark(q.present, d.readInt32(key, value, q.condition), Quote::Condition); break;
            case 'i': mark(q.present, d.readIntList(key, value, q.indicators), Quote::Indicators); break;
            case 't': mark(q.present, d.readInt(key, value, q.timestamp), Quote::Timestamp); break;
            case 'q': mark(q.present, d.readInt(key, value, q.sequence), Quote::Sequence); break;
            case 'z': mark(q.present, d.readInt32(key, value, q.tape), Quote::Tape); break;
            default: break;
            }
        } else if (key.size() == 2) {
            if (key == "bx") mark(q.present, d.readInt32(key, value, q.bidExchange), Quote::BidExchange);
            else if (key == "bp") mark(q.present, d.readDouble(key, value, q.bidPrice), Quote::BidPrice);
            else if (key == "bs") mark(q.present, d.readInt(key, value, q.bidSize), Quote::BidSize);
            else if (key == "ax") mark(q.present, d.readInt32(key, value, q.askExchange), Quote::AskExchange);
            else if (key == "ap") mark(q.present, d.readDouble(key, value, q.askPrice), Quote::AskPrice);
            else if (key == "as") mark(q.present, d.readInt(key, value, q.askSize), Quote::AskSize);
        } else if (key == "sym") {
            haveSym = d.readString(key, value, q.symbol);
        }
    }
    if (d.failed() || !requireSymbol(d, "sym", q.symbol, haveSym))
        return false;
    out.events.emplace_back(std::move(q));
    return true;
}

bool decodeAggregate(EventDecoder &d, simdjson::dom::object obj, bool minute, ParseResult &out)
{
    Aggregate a;
    a.minute = minute;
    bool haveSym = false;
    for (auto [key, value] : obj) {
        if (d.failed())
            return false;
        if (key.size() == 1) {
            switch (key[0]) {
            case 'v': mark(a.present, d.readInt(key, value, a.volume), Aggregate::Volume); break;
            case 'o': mark(a.present, d.readDouble(key, value, a.open), Aggregate::Open); break;
            case 'h': mark(a.present, d.readDouble(key, value, a.high), Aggregate::High); break;
            case 'l': mark(a.present, d.readDouble(key, value, a.low), Aggregate::Low); break;
            case 'c': mark(a.present, d.readDouble(key, value, a.close), Aggregate::Close); break;
            case 'a': mark(a.present, d.readDouble(key, value, a.todayVwap), Aggregate::TodayVwap); break;
            case 'z': mark(a.present, d.readInt(key, value, a.averageSize), Aggregate::AverageSize); break;
            case 's': mark(a.present, d.readInt(key, value, a.start), Aggregate::Start); break;
            case 'e': mark(a.present, d.readInt(key, value, a.end), Aggregate::End); break;
            default: break;
            }
        } else if (key == "sym") {
            haveSym = d.readString(key, value, a.symbol);
        } else if (key == "av") {
            mark(a.present, d.readInt(key, value, a.accumulatedVolume), Aggregate::AccumulatedVolume);
        } else if (key == "op") {
            mark(a.present, d.readDouble(key, value, a.officialOpen), Aggregate::OfficialOpen);
        } else if (key == "vw") {
            mark(a.present, d.readDouble(key, value, a.vwap), Aggregate::Vwap);
        } else if (key == "otc") {
            mark(a.present, d.readBool(key, value, a.otc), Aggregate::Otc);
        } else if (key == "dv") {
            mark(a.present, d.readStringOrNumber(key, value, a.volumeDecimal), Aggregate::VolumeDecimal);
        } else if (key == "dav") {
            mark(a.present, d.readStringOrNumber(key, value, a.accumulatedVolumeDecimal),
                 Aggregate::AccumulatedVolumeDecimal);
        }
    }
    if (d.failed() || !requireSymbol(d, "sym", a.symbol, haveSym))
        return false;
    out.events.emplace_back(std::move(a));
    return true;
}

bool decodeLuld(EventDecoder &d, simdjson::dom::object obj, ParseResult &out)
{
    Luld l;
    bool haveSym = false;
    for (auto [key, value] : obj) {
        if (d.failed())
            return false;
        if (key.size() != 1)
            continue;
        switch (key[0]) {
        case 'T': haveSym = d.readString(key, value, l.symbol); break;
        case 'h': mark(l.present, d.readDouble(key, value, l.high), Luld::High); break;
        case 'l': mark(l.present, d.readDouble(key, value, l.low), Luld::Low); break;
        case 'i': mark(l.present, d.readIntList(key, value, l.indicators), Luld::Indicators); break;
        case 'z': mark(l.present, d.readInt32(key, value, l.tape), Luld::Tape); break;
        case 't': mark(l.present, d.readInt(key, value, l.timestamp), Luld::Timestamp); break;
        case 'q': mark(l.present, d.readInt(key, value, l.sequence), Luld::Sequence); break;
        default: break;
        }
    }
    if (d.failed() || !requireSymbol(d, "T", l.symbol, haveSym))
        return false;
    out.events.emplace_back(std::move(l));
    return true;
}

bool decodeImbalance(EventDecoder &d, simdjson::dom::object obj, ParseResult &out)
{
    Imbalance n;
    bool haveSym = false;
    for (auto [key, value] : obj) {
        if (d.failed())
            return false;
        if (key == "at") {
            mark(n.present, d.readInt32(key, value, n.auctionTime), Imbalance::AuctionTime);
            continue;
        }
        if (key.size() != 1)
            continue;
        switch (key[0]) {
        case 'T': haveSym = d.readString(key, value, n.symbol); break;
        case 't': mark(n.present, d.readInt(key, value, n.timestamp), Imbalance::Timestamp); break;
        case 'a': mark(n.present, d.readString(key, value, n.auctionType), Imbalance::AuctionType); break;
        case 'i': mark(n.present, d.readInt(key, value, n.id), Imbalance::Id); break;
        case 'x': mark(n.present, d.readInt32(key, value, n.exchange), Imbalance::Exchange); break;
        case 'o': mark(n.present, d.readInt(key, value, n.imbalanceQuantity), Imbalance::ImbalanceQuantity); break;
        case 'p': mark(n.present, d.readInt(key, value, n.pairedQuantity), Imbalance::PairedQuantity); break;
        case 'b': mark(n.present, d.readDouble(key, value, n.bookClearingPrice), Imbalance::BookClearingPrice); break;
        default: break;
        }
    }
    if (d.failed() || !requireSymbol(d, "T", n.symbol, haveSym))
        return false;
    out.events.emplace_back(std::move(n));
    return true;
}

void decodeElement(element el, int index, long long offset, ParseResult &out)
{
    if (el.type() != element_type::OBJECT) {
        out.errors.push_back({ParseError::Kind::NotObject, index, offset, {}, {},
                              std::string("expected an event object, got ") + typeName(el.type())});
        ++out.invalidEvents;
        return;
    }
    const simdjson::dom::object obj = el.get_object().value_unsafe();
    element evValue;
    if (obj["ev"].get(evValue) != simdjson::SUCCESS) {
        out.errors.push_back({ParseError::Kind::MissingField, index, offset, {}, "ev", "event without `ev`"});
        ++out.invalidEvents;
        return;
    }
    if (evValue.type() != element_type::STRING) {
        out.errors.push_back({ParseError::Kind::WrongType, index, offset, {}, "ev",
                              std::string("expected string, got ") + typeName(evValue.type())});
        ++out.invalidEvents;
        return;
    }
    const std::string_view ev = evValue.get_string().value_unsafe();
    EventDecoder d(out, index, offset, ev);
    bool ok = false;
    if (ev == "T")
        ok = decodeTrade(d, obj, out);
    else if (ev == "Q")
        ok = decodeQuote(d, obj, out);
    else if (ev == "A")
        ok = decodeAggregate(d, obj, false, out);
    else if (ev == "AM")
        ok = decodeAggregate(d, obj, true, out);
    else if (ev == "status")
        ok = decodeStatus(d, obj, out);
    else if (ev == "LULD")
        ok = decodeLuld(d, obj, out);
    else if (ev == "NOI")
        ok = decodeImbalance(d, obj, out);
    else {
        out.errors.push_back({ParseError::Kind::UnknownEvent, index, offset, std::string(ev), {},
                              "unknown event type"});
        ++out.unknownEvents;
        return;
    }
    if (!ok)
        ++out.invalidEvents;
}

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::size_t skipSpace(std::string_view s, std::size_t pos)
{
    while (pos < s.size() && isSpace(s[pos]))
        ++pos;
    return pos;
}

// Returns the offset just past the JSON value starting at `pos`, or npos if the frame ends first.
// Only brackets and strings are tracked; the value itself is validated by simdjson afterwards.
std::size_t scanValue(std::string_view s, std::size_t pos)
{
    const char first = s[pos];
    if (first != '{' && first != '[' && first != '"') {
        while (pos < s.size() && s[pos] != ',' && s[pos] != ']' && s[pos] != '}' && !isSpace(s[pos]))
            ++pos;
        return pos;
    }
    int depth = 0;
    bool inString = false;
    for (; pos < s.size(); ++pos) {
        const char c = s[pos];
        if (inString) {
            if (c == '\\')
                ++pos;
            else if (c == '"') {
                inString = false;
                if (depth == 0)
                    return pos + 1;
            }
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if ((c == '}' || c == ']') && --depth == 0)
            return pos + 1;
    }
    return std::string_view::npos;
}

} // namespace

std::string_view parseErrorKindName(ParseError::Kind kind)
{
    switch (kind) {
    case ParseError::Kind::InvalidJson: return "invalid_json";
    case ParseError::Kind::Truncated: return "truncated";
    case ParseError::Kind::NotArray: return "not_array";
    case ParseError::Kind::EmptyFrame: return "empty_frame";
    case ParseError::Kind::NotObject: return "not_object";
    case ParseError::Kind::MissingField: return "missing_field";
    case ParseError::Kind::WrongType: return "wrong_type";
    case ParseError::Kind::UnknownEvent: return "unknown_event";
    case ParseError::Kind::FrameTooLarge: return "frame_too_large";
    }
    return "unknown";
}

std::string ParseError::toString() const
{
    std::string s = eventIndex >= 0 ? "event " + std::to_string(eventIndex) : std::string("frame");
    if (!ev.empty() || byteOffset >= 0) {
        s += " (";
        if (!ev.empty())
            s += "ev \"" + ev + "\"";
        if (byteOffset >= 0)
            s += std::string(ev.empty() ? "" : ", ") + "byte " + std::to_string(byteOffset);
        s += ")";
    }
    s += ": ";
    if (!field.empty())
        s += "field \"" + field + "\": ";
    s += detail;
    return s;
}

void ParseResult::clear()
{
    events.clear();
    errors.clear();
    unknownEvents = 0;
    invalidEvents = 0;
}

struct FrameParser::Impl {
    simdjson::dom::parser parser;

    void decodeRoot(element root, ParseResult &out)
    {
        if (root.type() == element_type::ARRAY) {
            int index = 0;
            const simdjson::dom::array events = root.get_array().value_unsafe();
            for (element el : events)
                decodeElement(el, index++, -1, out);
            if (index == 0)
                out.errors.push_back({ParseError::Kind::EmptyFrame, -1, -1, {}, {}, "empty event array"});
        } else if (root.type() == element_type::OBJECT) {
            out.errors.push_back({ParseError::Kind::NotArray, -1, 0, {}, {},
                                  "expected a JSON array of events, got an object (parsed as one event)"});
            decodeElement(root, 0, 0, out);
        } else {
            out.errors.push_back({ParseError::Kind::NotArray, -1, 0, {}, {},
                                  std::string("expected a JSON array of events, got ") + typeName(root.type())});
        }
    }

    // The frame as a whole is not valid JSON: parse each top-level element on its own.
    void salvage(std::string_view frame, simdjson::error_code whole, ParseResult &out)
    {
        std::size_t pos = skipSpace(frame, 0);
        if (pos == frame.size()) {
            out.errors.push_back({ParseError::Kind::InvalidJson, -1, 0, {}, {}, "empty frame"});
            return;
        }
        if (frame[pos] == '{') {
            const std::size_t end = scanValue(frame, pos);
            if (end == std::string_view::npos) {
                out.errors.push_back({ParseError::Kind::Truncated, -1, static_cast<long long>(frame.size()), {}, {},
                                      "frame ends inside a JSON object"});
                return;
            }
            parseSlice(frame, pos, end, 0, out, true);
            return;
        }
        if (frame[pos] != '[') {
            out.errors.push_back({ParseError::Kind::InvalidJson, -1, static_cast<long long>(pos), {}, {},
                                  std::string("not JSON: ") + simdjson::error_message(whole)});
            return;
        }
        int index = 0;
        bool expectValue = true;
        ++pos;
        for (;;) {
            pos = skipSpace(frame, pos);
            if (pos >= frame.size()) {
                out.errors.push_back({ParseError::Kind::Truncated, -1, static_cast<long long>(frame.size()), {}, {},
                                      "frame ends before its closing ']' after " + std::to_string(index)
                                          + " event(s)"});
                return;
            }
            const char c = frame[pos];
            if (c == ']') {
                if (expectValue && index > 0)
                    out.errors.push_back({ParseError::Kind::InvalidJson, -1, static_cast<long long>(pos), {}, {},
                                          "trailing ',' before ']'"});
                const std::size_t rest = skipSpace(frame, pos + 1);
                if (rest < frame.size())
                    out.errors.push_back({ParseError::Kind::InvalidJson, -1, static_cast<long long>(rest), {}, {},
                                          "unexpected data after the closing ']'"});
                else if (index == 0)
                    out.errors.push_back({ParseError::Kind::EmptyFrame, -1, -1, {}, {}, "empty event array"});
                return;
            }
            if (c == ',') {
                if (expectValue)
                    out.errors.push_back({ParseError::Kind::InvalidJson, -1, static_cast<long long>(pos), {}, {},
                                          "unexpected ','"});
                expectValue = true;
                ++pos;
                continue;
            }
            if (!expectValue) {
                out.errors.push_back({ParseError::Kind::InvalidJson, -1, static_cast<long long>(pos), {}, {},
                                      std::string("expected ',' or ']' between events, got '") + c + "'"});
                // resynchronise on the next object
                const std::size_t next = frame.find('{', pos);
                if (next == std::string_view::npos)
                    return;
                pos = next;
            }
            const std::size_t end = scanValue(frame, pos);
            if (end == std::string_view::npos) {
                out.errors.push_back({ParseError::Kind::Truncated, index, static_cast<long long>(pos), {}, {},
                                      "frame ends inside this event"});
                ++out.invalidEvents;
                return;
            }
            parseSlice(frame, pos, end, index++, out, false);
            pos = end;
            expectValue = false;
        }
    }

    void parseSlice(std::string_view frame, std::size_t begin, std::size_t end, int index, ParseResult &out,
                    bool lonelyObject)
    {
        element el;
        const auto err = parser.parse(frame.data() + begin, end - begin, true).get(el);
        if (err != simdjson::SUCCESS) {
            out.errors.push_back({ParseError::Kind::InvalidJson, lonelyObject ? -1 : index,
                                  static_cast<long long>(begin), {}, {},
                                  std::string("invalid JSON: ") + simdjson::error_message(err)});
            ++out.invalidEvents;
            return;
        }
        if (lonelyObject) {
            decodeRoot(el, out);
            return;
        }
        decodeElement(el, index, static_cast<long long>(begin), out);
    }
};

FrameParser::FrameParser(std::size_t maxFrameBytes)
    : m_impl(std::make_unique<Impl>())
    , m_maxFrameBytes(maxFrameBytes)
{
}

FrameParser::~FrameParser() = default;

void FrameParser::parse(std::string_view frame, ParseResult &out)
{
    out.clear();
    if (frame.size() > m_maxFrameBytes) {
        out.errors.push_back({ParseError::Kind::FrameTooLarge, -1, -1, {}, {},
                              "frame of " + std::to_string(frame.size()) + " bytes exceeds the limit of "
                                  + std::to_string(m_maxFrameBytes) + " bytes"});
        return;
    }
    element root;
    const auto err = m_impl->parser.parse(frame.data(), frame.size(), true).get(root);
    if (err == simdjson::SUCCESS)
        m_impl->decodeRoot(root, out);
    else
        m_impl->salvage(frame, err, out);
}

ParseResult FrameParser::parse(std::string_view frame)
{
    ParseResult result;
    parse(frame, result);
    return result;
}

} // namespace tickstock::massive
