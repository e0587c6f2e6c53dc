#pragma once
// Incremental UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), so that a text message split across WebSocket frames is checked as it arrives,
// without keeping it.

#include <QtCore/QByteArrayView>

namespace tickstock::util {

class Utf8Validator final {
public:
    // False as soon as the bytes so far cannot start valid UTF-8; stays false until reset().
    bool feed(QByteArrayView bytes);
    // True if the bytes so far are valid and end on a code point boundary.
    bool complete() const { return !m_failed && m_needed == 0; }
    void reset() { *this = Utf8Validator(); }

private:
    int m_needed = 0;            // continuation bytes still expected
    unsigned char m_low = 0x80;  // range of the next continuation byte (narrower after E0, ED, F0, F4)
    unsigned char m_high = 0xBF;
    bool m_failed = false;
};

} // namespace tickstock::util
