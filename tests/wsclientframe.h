#pragma once
// A masked client → server WebSocket frame, as a browser or QWebSocket would send it (RFC 6455
// §5.2), built by hand so tests can also send what no well-behaved client would.

#include "http/wsframe.h"

#include <QtCore/QByteArray>

namespace wstest {

// `opcode` may be any 4-bit value; `fin` false leaves the message open.
inline QByteArray maskedFrame(tickstock::http::ws::Opcode opcode, const QByteArray &payload, bool fin = true)
{
    QByteArray out;
    out += char((fin ? 0x80 : 0) | opcode);
    const unsigned char mask[4] = {0x11, 0x22, 0x33, 0x44};
    if (payload.size() < 126) {
        out += char(0x80 | payload.size());
    } else {
        out += char(0x80 | 126);
        out += char((payload.size() >> 8) & 0xFF);
        out += char(payload.size() & 0xFF);
    }
    out.append(reinterpret_cast<const char *>(mask), 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out += char(payload[i] ^ mask[i % 4]);
    return out;
}

// A close frame's payload: the code in network order, then the reason.
inline QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xFF) + reason;
}

} // namespace wstest
