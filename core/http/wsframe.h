#pragma once
// The server side of RFC 6455 that the live stream needs, without sockets: the opening handshake
// answer, unmasked server frames (encoded once, written to every subscriber), and a reader for
// masked client frames (close, ping, pong; data frames are read and discarded, size-limited).

#include "http/httpmessage.h"

#include <QtCore/QByteArray>

#include <cstdint>

namespace tickstock::http::ws {

enum Opcode : std::uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };
enum CloseCode : quint16 {
    CloseNormal = 1000, CloseGoingAway = 1001, CloseProtocolError = 1002, CloseInvalidPayload = 1007,
    ClosePolicyViolation = 1008,
    CloseTooBig = 1009, CloseTryAgainLater = 1013,
};

// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
QByteArray acceptKey(const QByteArray &secWebSocketKey);
// Empty if the request is a valid version-13 opening handshake, else why not (for a 400).
QString handshakeProblem(const HttpRequest &request);
// The 101 Switching Protocols answer to a valid handshake.
QByteArray handshakeResponse(const HttpRequest &request);

// A whole unmasked server frame with FIN set.
QByteArray encodeFrame(Opcode opcode, QByteArrayView payload);
QByteArray closeFrame(quint16 code, QByteArrayView reason = {});

// Incremental reader of client frames.
class FrameReader final {
public:
    struct Frame {
        Opcode opcode = Text;
        bool fin = true;
        QByteArray payload; // unmasked; control frames only (data payloads are discarded)
    };
    enum class Status { NeedMore, Frame, Error };

    explicit FrameReader(qint64 maxPayloadBytes = 4096)
        : m_maxPayload(maxPayloadBytes)
    {
    }
    void append(QByteArrayView data) { m_buffer.append(data); }
    Status next(Frame *frame);
    quint16 errorCode() const { return m_errorCode; }

private:
    QByteArray m_buffer;
    qint64 m_maxPayload;
    quint16 m_errorCode = CloseProtocolError;
};

} // namespace tickstock::http::ws
