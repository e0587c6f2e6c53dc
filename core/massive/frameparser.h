#pragma once
// Parses one Massive server frame (a JSON array of events) with simdjson.
// Never throws; a bad frame or event yields a precise error and keeps every valid event beside it.

#include "massive/events.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tickstock::massive {

struct ParseError {
    enum class Kind : std::uint8_t {
        InvalidJson,   // not JSON at all, or broken JSON at a byte offset
        Truncated,     // the frame ends before its closing bracket
        NotArray,      // a JSON value other than an array (an object is still parsed as one event)
        EmptyFrame,    // []
        NotObject,     // an array element that is not an object
        MissingField,  // no `ev`, or no ticker
        WrongType,     // a known field with the wrong JSON type or out of range
        UnknownEvent,  // an `ev` value this codec does not know (counted, skipped)
        FrameTooLarge, // over the configured limit; nothing parsed
    };
    Kind kind = Kind::InvalidJson;
    int eventIndex = -1;          // position in the array, -1 for the frame as a whole
    long long byteOffset = -1;    // where in the frame, when known
    std::string ev;               // the event's `ev`, when known
    std::string field;            // the offending field, when there is one
    std::string detail;           // what was wrong

    std::string toString() const; // e.g. `event 3 (ev "T"): field "p": expected number, got string`
};

std::string_view parseErrorKindName(ParseError::Kind kind);

struct ParseResult {
    std::vector<Event> events;      // every valid event, in frame order
    std::vector<ParseError> errors; // every problem, in frame order
    int unknownEvents = 0;          // events skipped for an unknown `ev`
    int invalidEvents = 0;          // events skipped for any other reason

    void clear();
    bool ok() const { return errors.empty(); }
};

class FrameParser final {
public:
    static constexpr std::size_t kDefaultMaxFrameBytes = 16 * 1024 * 1024;

    explicit FrameParser(std::size_t maxFrameBytes = kDefaultMaxFrameBytes);
    ~FrameParser();
    FrameParser(const FrameParser &) = delete;
    FrameParser &operator=(const FrameParser &) = delete;

    // Parses `frame` into `out` (cleared first). Reusing `out` avoids reallocations.
    void parse(std::string_view frame, ParseResult &out);
    ParseResult parse(std::string_view frame);

    std::size_t maxFrameBytes() const { return m_maxFrameBytes; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::size_t m_maxFrameBytes;
};

} // namespace tickstock::massive
