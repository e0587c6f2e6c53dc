#pragma once
// A masked client → server WebSocket frame, as a browser or QWebSocket would send it (RFC 6455
// section 5.2), from the shared codec, which also builds what no well-behaved client would send.

#include "http/wsframe.h"

#include <QtCore/QByteArray>

namespace wstest {

// `opcode` may be any 4-bit value; `fin` false leaves the message open.
inline QByteArray maskedFrame(tickstock::http::ws::Opcode opcode, const QByteArray &payload, bool fin = true)
{
    return tickstock::util::ws::encodeMaskedFrame(opcode, payload, 0x11223344, fin);
}

// A close frame's payload: the code in network order, then the reason.
inline QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return tickstock::util::ws::closePayload(code, reason, reason.size());
}

} // namespace wstest
