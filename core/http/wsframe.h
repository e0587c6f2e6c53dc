#pragma once
// The server side of RFC 6455 that the live stream needs, without sockets: the opening handshake
// answer, unmasked server frames (encoded once, written to every subscriber), and a reader for
// masked client frames (close, ping, pong; data frames are checked and discarded, size-limited).

#include "http/httperror.h"
#include "http/httpmessage.h"
#include "util/utf8validator.h"

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
// Why a request is not a valid opening handshake, and the answer: 426 for a version other than
// 13 (RFC 6455 §4.4, with Sec-WebSocket-Version: 13), else 400. Empty for a valid handshake.
struct HandshakeProblem {
    ApiError error = ApiError::BadRequest;
    QString message;
    bool isEmpty() const { return message.isEmpty(); }
};
HandshakeProblem handshakeProblem(const HttpRequest &request);
// The 101 Switching Protocols answer to a valid handshake.
QByteArray handshakeResponse(const HttpRequest &request);

// A whole unmasked server frame with FIN set.
QByteArray encodeFrame(Opcode opcode, QByteArrayView payload);
QByteArray closeFrame(quint16 code, QByteArrayView reason = {});
// A code a peer may send in a close frame (RFC 6455 §7.4): never 1005/1006/1015 or an
// unassigned one.
bool isValidCloseCode(quint16 code);

// Incremental reader of client frames. It keeps the fragmentation state (a continuation without
// an open message, or a new data message inside one, is an error), checks that text messages are
// UTF-8 across their fragments (1007), and that a close payload is empty or a valid code plus a
// UTF-8 reason. After an error it stays failed.
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
    QByteArray errorReason() const { return m_errorReason; } // for the close frame: "invalid UTF-8"
    bool inMessage() const { return m_inMessage; }            // a fragmented data message is open

private:
    Status fail(quint16 code, const char *reason);
    bool checkClosePayload(const QByteArray &payload);

    QByteArray m_buffer;
    qint64 m_maxPayload;
    bool m_failed = false;
    quint16 m_errorCode = CloseProtocolError;
    QByteArray m_errorReason;
    bool m_inMessage = false;   // fragments of a data message are still to come
    bool m_textMessage = false; // the open (or last) data message is text
    util::Utf8Validator m_utf8;
};

} // namespace tickstock::http::ws
