#include "massive/frameparser.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace tickstock::massive {

namespace od = simdjson::ondemand;
using simdjson::error_code;

namespace {

const char *typeName(od::json_type type)
{
    switch (type) {
    case od::json_type::array: return "array";
    case od::json_type::object: return "object";
    case od::json_type::number: return "number";
    case od::json_type::string: return "string";
    case od::json_type::boolean: return "bool";
    case od::json_type::null: return "null";
    }
    return "unknown";
}

// Decodes the fields of one event object. The first problem is recorded as an error and ends the
// event; a structural JSON error (as opposed to a wrong type) is remembered in structuralError().
class EventDecoder {
public:
    EventDecoder(ParseResult &out, int index, long long offset, std::string_view ev)
        : m_out(out), m_index(index), m_offset(offset), m_ev(ev) {}

    bool failed() const { return m_failed; }
    error_code structuralError() const { return m_structural; }

    void fail(ParseError::Kind kind, std::string_view field, std::string detail)
    {
        if (m_failed)
            return;
        m_failed = true;
        m_out.errors.push_back({kind, m_index, m_offset, std::string(m_ev), std::string(field), std::move(detail)});
    }

    // A JSON syntax error inside the event: recorded as invalid JSON for this event.
    void structural(std::string_view field, error_code error)
    {
        if (m_failed)
            return;
        m_structural = error;
        fail(ParseError::Kind::InvalidJson, field, std::string("invalid JSON: ") + simdjson::error_message(error));
    }

    bool typeOf(std::string_view field, od::value &value, od::json_type &type)
    {
        if (const auto e = value.type().get(type)) {
            structural(field, e);
            return false;
        }
        return true;
    }

    void wrongType(std::string_view field, const char *expected, od::json_type got)
    {
        fail(ParseError::Kind::WrongType, field, std::string("expected ") + expected + ", got " + typeName(got));
    }

    // Every reader returns true when the field was present and valid; null counts as absent.
    bool readInt(std::string_view field, od::value &value, std::int64_t &dst)
    {
        const auto e = value.get_int64().get(dst); // the common case: one parse, no type probe
        if (e == simdjson::SUCCESS)
            return true;
        if (e != simdjson::INCORRECT_TYPE && e != simdjson::NUMBER_OUT_OF_RANGE) {
            structural(field, e);
            return false;
        }
        od::json_type type;
        if (!typeOf(field, value, type) || type == od::json_type::null)
            return false;
        if (type != od::json_type::number) {
            wrongType(field, "integer", type);
            return false;
        }
        od::number_type numberType;
        if (const auto ne = value.get_number_type().get(numberType)) {
            structural(field, ne);
            return false;
        }
        if (numberType == od::number_type::unsigned_integer) {
            fail(ParseError::Kind::WrongType, field, "integer out of int64 range");
            return false;
        }
        double v = 0; // some publishers send sizes as doubles
        if (const auto de = value.get_double().get(v)) {
            structural(field, de);
            return false;
        }
        if (!std::isfinite(v) || std::fabs(v) > 9.2e18) {
            fail(ParseError::Kind::WrongType, field, "number out of int64 range");
            return false;
        }
        dst = std::llround(v);
        return true;
    }

    bool readInt32(std::string_view field, od::value &value, std::int32_t &dst)
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

    bool readDouble(std::string_view field, od::value &value, double &dst)
    {
        const auto e = value.get_double().get(dst);
        if (e == simdjson::SUCCESS)
            return true;
        if (e != simdjson::INCORRECT_TYPE) {
            structural(field, e);
            return false;
        }
        od::json_type type;
        if (!typeOf(field, value, type) || type == od::json_type::null)
            return false;
        if (type != od::json_type::number) {
            wrongType(field, "number", type);
            return false;
        }
        if (const auto e = value.get_double().get(dst)) {
            structural(field, e);
            return false;
        }
        return true;
    }

    bool readString(std::string_view field, od::value &value, std::string &dst)
    {
        od::json_type type;
        if (!typeOf(field, value, type) || type == od::json_type::null)
            return false;
        if (type != od::json_type::string) {
            wrongType(field, "string", type);
            return false;
        }
        std::string_view text;
        if (const auto e = value.get_string().get(text)) {
            structural(field, e);
            return false;
        }
        dst.assign(text);
        return true;
    }

    // Trade ids and decimal sizes are strings on the wire; a number is kept as its exact JSON text.
    bool readStringOrNumber(std::string_view field, od::value &value, std::string &dst)
    {
        od::json_type type;
        if (!typeOf(field, value, type) || type == od::json_type::null)
            return false;
        if (type == od::json_type::string)
            return readString(field, value, dst);
        if (type != od::json_type::number) {
            wrongType(field, "string", type);
            return false;
        }
        double check = 0;
        std::string_view token;
        if (const auto e = value.get_double().get(check)) { // validates the number
            structural(field, e);
            return false;
        }
        token = value.raw_json_token();
        while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r'
                                  || token.back() == '\t'))
            token.remove_suffix(1);
        dst.assign(token);
        return true;
    }

    bool readIntList(std::string_view field, od::value &value, IntList &dst)
    {
        od::json_type type;
        if (!typeOf(field, value, type) || type == od::json_type::null)
            return false;
        if (type != od::json_type::array) {
            wrongType(field, "array of integers", type);
            return false;
        }
        od::array items;
        if (const auto e = value.get_array().get(items)) {
            structural(field, e);
            return false;
        }
        dst.clear();
        for (auto itemResult : items) {
            od::value item;
            if (const auto e = itemResult.get(item)) {
                structural(field, e);
                return false;
            }
            od::json_type itemType;
            if (!typeOf(field, item, itemType))
                return false;
            if (itemType != od::json_type::number) {
                fail(ParseError::Kind::WrongType, field,
                     std::string("expected array of integers, found ") + typeName(itemType));
                return false;
            }
            std::int32_t v = 0;
            if (!readInt32(field, item, v))
                return false;
            dst.push_back(v);
        }
        return true;
    }

    bool readBool(std::string_view field, od::value &value, bool &dst)
    {
        od::json_type type;
        if (!typeOf(field, value, type) || type == od::json_type::null)
            return false;
        if (type != od::json_type::boolean) {
            wrongType(field, "bool", type);
            return false;
        }
        if (const auto e = value.get_bool().get(dst)) {
            structural(field, e);
            return false;
        }
        return true;
    }

private:
    ParseResult &m_out;
    int m_index;
    long long m_offset;
    std::string_view m_ev;
    bool m_failed = false;
    error_code m_structural = simdjson::SUCCESS;
};

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

// Appends a decoded event unless the decoder failed or its ticker is missing.
template<typename E>
bool finish(EventDecoder &d, std::string_view symbolKey, bool haveSymbol, E &&event, ParseResult &out)
{
    if (d.failed() || !requireSymbol(d, symbolKey, event.symbol, haveSymbol))
        return false;
    out.events.emplace_back(std::forward<E>(event));
    return true;
}

// The key as written, without unescaping: every key we look for is plain ASCII.
std::string_view rawKey(od::field &field)
{
    const char *begin = field.key().raw();
    const char *end = begin;
    while (*end != '"')
        ++end;
    return {begin, static_cast<std::size_t>(end - begin)};
}

// The fields of one event object still to be read.
struct Fields {
    od::object_iterator it;
    od::object_iterator end;
};

// Calls fn(key, value) for every remaining field until the decoder fails.
template<typename Fn>
inline __attribute__((always_inline)) void forEachField(EventDecoder &d, Fields &fields, Fn &&fn)
{
    for (; fields.it != fields.end; ++fields.it) {
        auto &&result = *fields.it; // used in place: copying it out stalls store forwarding
        if (const auto e = result.error()) {
            d.structural({}, e);
            return;
        }
        od::field &field = result.value_unsafe();
        const std::string_view key = rawKey(field);
        fn(key, field.value()); // by reference: copying the value iterator stalls store forwarding
        if (d.failed())
            return;
    }
}

bool decodeStatus(EventDecoder &d, Fields &obj, ParseResult &out)
{
    StatusEvent ev;
    bool haveStatus = false;
    forEachField(d, obj, [&](std::string_view key, od::value &value) __attribute__((always_inline)) {
        if (key == "status")
            haveStatus = d.readString(key, value, ev.status);
        else if (key == "message")
            d.readString(key, value, ev.message);
    });
    if (!d.failed() && !haveStatus)
        d.fail(ParseError::Kind::MissingField, "status", "status event without `status`");
    if (d.failed())
        return false;
    out.events.emplace_back(std::move(ev));
    return true;
}

bool decodeTrade(EventDecoder &d, Fields &obj, ParseResult &out)
{
    Trade t;
    bool haveSym = false;
    forEachField(d, obj, [&](std::string_view key, od::value &value) __attribute__((always_inline)) {
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
    });
    return finish(d, "sym", haveSym, std::move(t), out);
}

bool decodeQuote(EventDecoder &d, Fields &obj, ParseResult &out)
{
    Quote q;
    bool haveSym = false;
    forEachField(d, obj, [&](std::string_view key, od::value &value) __attribute__((always_inline)) {
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
    });
    return finish(d, "sym", haveSym, std::move(q), out);
}

bool decodeAggregate(EventDecoder &d, Fields &obj, bool minute, ParseResult &out)
{
    Aggregate a;
    a.minute = minute;
    bool haveSym = false;
    forEachField(d, obj, [&](std::string_view key, od::value &value) __attribute__((always_inline)) {
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
    });
    return finish(d, "sym", haveSym, std::move(a), out);
}

bool decodeLuld(EventDecoder &d, Fields &obj, ParseResult &out)
{
    Luld l;
    bool haveSym = false;
    forEachField(d, obj, [&](std::string_view key, od::value &value) __attribute__((always_inline)) {
        if (key.size() != 1)
            return;
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
    });
    return finish(d, "T", haveSym, std::move(l), out);
}

bool decodeImbalance(EventDecoder &d, Fields &obj, ParseResult &out)
{
    Imbalance n;
    bool haveSym = false;
    forEachField(d, obj, [&](std::string_view key, od::value &value) __attribute__((always_inline)) {
        if (key == "at") {
            mark(n.present, d.readInt32(key, value, n.auctionTime), Imbalance::AuctionTime);
            return;
        }
        if (key.size() != 1)
            return;
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
    });
    return finish(d, "T", haveSym, std::move(n), out);
}

// Decodes one event object. Returns false only on a JSON syntax error (the caller may salvage).
bool decodeObject(od::object &obj, int index, long long offset, ParseResult &out)
{
    const auto syntaxError = [&](error_code e, std::string_view field) {
        out.errors.push_back({ParseError::Kind::InvalidJson, index, offset, {}, std::string(field),
                              std::string("invalid JSON: ") + simdjson::error_message(e)});
        ++out.invalidEvents;
        return false;
    };
    Fields fields;
    if (const auto e = obj.begin().get(fields.it))
        return syntaxError(e, {});
    if (const auto e = obj.end().get(fields.end))
        return syntaxError(e, {});
    od::value evValue;
    od::field first;
    if (fields.it != fields.end) {
        if (const auto e = (*fields.it).get(first))
            return syntaxError(e, {});
    }
    if (fields.it != fields.end && rawKey(first) == "ev") {
        evValue = first.value(); // the usual case: `ev` first, one pass over the object
        ++fields.it;
    } else {
        bool rewound = false;
        if (const auto e = obj.reset().get(rewound))
            return syntaxError(e, {});
        const auto found = obj.find_field_unordered("ev").get(evValue);
        if (found == simdjson::NO_SUCH_FIELD) {
            out.errors.push_back({ParseError::Kind::MissingField, index, offset, {}, "ev", "event without `ev`"});
            ++out.invalidEvents;
            return true;
        }
        if (found)
            return syntaxError(found, {});
        if (const auto e = obj.reset().get(rewound))
            return syntaxError(e, {});
        if (const auto e = obj.begin().get(fields.it))
            return syntaxError(e, {});
    }
    od::json_type evType;
    if (const auto e = evValue.type().get(evType))
        return syntaxError(e, "ev");
    if (evType != od::json_type::string) {
        out.errors.push_back({ParseError::Kind::WrongType, index, offset, {}, "ev",
                              std::string("expected string, got ") + typeName(evType)});
        ++out.invalidEvents;
        return true;
    }
    std::string_view ev;
    if (const auto e = evValue.get_string().get(ev))
        return syntaxError(e, "ev");
    const auto known = [&] {
        return ev == "T" || ev == "Q" || ev == "A" || ev == "AM" || ev == "status" || ev == "LULD" || ev == "NOI";
    };
    if (!known()) {
        out.errors.push_back({ParseError::Kind::UnknownEvent, index, offset, std::string(ev), {},
                              "unknown event type"});
        ++out.unknownEvents;
        return true;
    }
    EventDecoder d(out, index, offset, ev);
    bool ok = false;
    if (ev == "T")
        ok = decodeTrade(d, fields, out);
    else if (ev == "Q")
        ok = decodeQuote(d, fields, out);
    else if (ev == "A")
        ok = decodeAggregate(d, fields, false, out);
    else if (ev == "AM")
        ok = decodeAggregate(d, fields, true, out);
    else if (ev == "status")
        ok = decodeStatus(d, fields, out);
    else if (ev == "LULD")
        ok = decodeLuld(d, fields, out);
    else
        ok = decodeImbalance(d, fields, out);
    if (!ok)
        ++out.invalidEvents;
    return d.structuralError() == simdjson::SUCCESS;
}

// Decodes one array element. Returns false only on a JSON syntax error.
bool decodeValue(od::value &value, int index, long long offset, ParseResult &out)
{
    od::json_type type;
    if (const auto e = value.type().get(type)) {
        out.errors.push_back({ParseError::Kind::InvalidJson, index, offset, {}, {},
                              std::string("invalid JSON: ") + simdjson::error_message(e)});
        ++out.invalidEvents;
        return false;
    }
    if (type != od::json_type::object) {
        out.errors.push_back({ParseError::Kind::NotObject, index, offset, {}, {},
                              std::string("expected an event object, got ") + typeName(type)});
        ++out.invalidEvents;
        return true;
    }
    od::object obj;
    if (const auto e = value.get_object().get(obj)) {
        out.errors.push_back({ParseError::Kind::InvalidJson, index, offset, {}, {},
                              std::string("invalid JSON: ") + simdjson::error_message(e)});
        ++out.invalidEvents;
        return false;
    }
    return decodeObject(obj, index, offset, out);
}

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::size_t skipSpace(std::string_view s, std::size_t pos)
{
    while (pos < s.size() && isSpace(s[pos]))
        ++pos;
    return pos;
}

// The last non-space character: what closes the top-level value when nothing trails it.
char lastSignificant(std::string_view s)
{
    std::size_t end = s.size();
    while (end > 0 && isSpace(s[end - 1]))
        --end;
    return end ? s[end - 1] : '\0';
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
    od::parser parser;
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;

    // Copies `data` into the reusable padded buffer that simdjson reads from.
    void load(std::string_view data)
    {
        const std::size_t need = data.size() + simdjson::SIMDJSON_PADDING;
        if (need > capacity) {
            capacity = std::max(need, capacity * 2);
            buffer.reset(new char[capacity]);
        }
        std::memcpy(buffer.get(), data.data(), data.size());
        std::memset(buffer.get() + data.size(), 0, simdjson::SIMDJSON_PADDING);
    }

    // The fast path over the whole frame; any JSON syntax error returns it (the caller salvages).
    error_code parseWhole(std::string_view frame, ParseResult &out)
    {
        load(frame);
        od::document doc;
        if (const auto e = parser.iterate(buffer.get(), frame.size(), capacity).get(doc))
            return e;
        od::json_type type;
        if (const auto e = doc.type().get(type))
            return e;
        if (type == od::json_type::array) {
            od::array events;
            if (const auto e = doc.get_array().get(events))
                return e;
            int index = 0;
            for (auto result : events) {
                od::value value;
                if (const auto e = result.get(value))
                    return e;
                if (!decodeValue(value, index++, -1, out))
                    return simdjson::TAPE_ERROR;
            }
            if (lastSignificant(frame) != ']')
                return simdjson::TRAILING_CONTENT;
            if (index == 0)
                out.errors.push_back({ParseError::Kind::EmptyFrame, -1, -1, {}, {}, "empty event array"});
            return simdjson::SUCCESS;
        }
        if (type == od::json_type::object) {
            out.errors.push_back({ParseError::Kind::NotArray, -1, 0, {}, {},
                                  "expected a JSON array of events, got an object (parsed as one event)"});
            od::object obj;
            if (const auto e = doc.get_object().get(obj))
                return e;
            if (!decodeObject(obj, 0, 0, out))
                return simdjson::TAPE_ERROR;
            return lastSignificant(frame) == '}' ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
        }
        out.errors.push_back({ParseError::Kind::NotArray, -1, 0, {}, {},
                              std::string("expected a JSON array of events, got ") + typeName(type)});
        return simdjson::SUCCESS;
    }

    // The frame as a whole is not valid JSON: parse each top-level element on its own.
    void salvage(std::string_view frame, error_code whole, ParseResult &out)
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
            out.errors.push_back({ParseError::Kind::NotArray, -1, 0, {}, {},
                                  "expected a JSON array of events, got an object (parsed as one event)"});
            parseSlice(frame, pos, end, 0, out);
            const std::size_t rest = skipSpace(frame, end);
            if (rest < frame.size())
                out.errors.push_back({ParseError::Kind::InvalidJson, -1, static_cast<long long>(rest), {}, {},
                                      "unexpected data after the event object"});
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
            parseSlice(frame, pos, end, index++, out);
            pos = end;
            expectValue = false;
        }
    }

    void parseSlice(std::string_view frame, std::size_t begin, std::size_t end, int index, ParseResult &out)
    {
        const long long offset = static_cast<long long>(begin);
        const std::string_view slice = frame.substr(begin, end - begin);
        load(slice);
        od::document doc;
        od::json_type type;
        auto e = parser.iterate(buffer.get(), slice.size(), capacity).get(doc);
        if (!e)
            e = doc.type().get(type);
        if (e) {
            out.errors.push_back({ParseError::Kind::InvalidJson, index, offset, {}, {},
                                  std::string("invalid JSON: ") + simdjson::error_message(e)});
            ++out.invalidEvents;
            return;
        }
        if (type != od::json_type::object) {
            out.errors.push_back({ParseError::Kind::NotObject, index, offset, {}, {},
                                  std::string("expected an event object, got ") + typeName(type)});
            ++out.invalidEvents;
            return;
        }
        od::object obj;
        if (doc.get_object().get(obj) == simdjson::SUCCESS)
            decodeObject(obj, index, offset, out);
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
    const error_code error = m_impl->parseWhole(frame, out);
    if (error == simdjson::SUCCESS)
        return;
    out.clear(); // redo the frame element by element so every good event is kept exactly once
    m_impl->salvage(frame, error, out);
}

ParseResult FrameParser::parse(std::string_view frame)
{
    ParseResult result;
    parse(frame, result);
    return result;
}

} // namespace tickstock::massive
