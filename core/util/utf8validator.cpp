#include "util/utf8validator.h"

namespace tickstock::util {

bool Utf8Validator::feed(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (m_failed)
            return false;
        const auto b = static_cast<unsigned char>(c);
        if (m_needed > 0) {
            m_failed = b < m_low || b > m_high;
            m_low = 0x80;
            m_high = 0xBF;
            --m_needed;
        } else if (b >= 0x80) { // a lead byte: the Unicode standard's table 3-7
            if (b >= 0xC2 && b <= 0xDF) {
                m_needed = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                m_needed = 2;
                m_low = b == 0xE0 ? 0xA0 : 0x80;  // overlong
                m_high = b == 0xED ? 0x9F : 0xBF; // surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                m_needed = 3;
                m_low = b == 0xF0 ? 0x90 : 0x80;  // overlong
                m_high = b == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
            } else {
                m_failed = true;
            }
        }
    }
    return !m_failed;
}

} // namespace tickstock::util
