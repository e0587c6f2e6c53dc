#pragma once
// RFC 6455 framing shared by both WebSocket servers (the simulator's and the status server's live
// stream), without sockets: opcodes, the accept key, the frame encoders, close payloads and an
// incremental reader of client frames. What a server does with a frame (UTF-8 checks, close
// codes it answers with, what it keeps) is its own policy (docs/architecture.md).

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>

#include <cstdint>
#include <limits>

namespace tickstock::util::ws {

enum Opcode : std::uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };
enum CloseCode : quint16 {
    CloseNormal = 1000, CloseGoingAway = 1001, CloseProtocolError = 1002, CloseNoStatus = 1005,
    CloseInvalidPayload = 1007, ClosePolicyViolation = 1008, CloseTooBig = 1009, CloseTryAgainLater = 1013,
};

constexpr bool isControl(Opcode opcode) { return (opcode & 0x8) != 0; }

// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
QByteArray acceptKey(QByteArrayView secWebSocketKey);

// Appends an unmasked server frame header (FIN set) for a payload of `length` bytes, so a large
// payload can be written after it without a copy.
void appendFrameHeader(QByteArray &out, Opcode opcode, quint64 length);
// A whole unmasked server frame with FIN set.
QByteArray encodeFrame(Opcode opcode, QByteArrayView payload);
// A masked client frame. `opcode` may be any 4-bit value and `fin` false, so tests can also build
// what no well-behaved client sends.
QByteArray encodeMaskedFrame(Opcode opcode, QByteArrayView payload, quint32 maskKey, bool fin = true);

// A close frame's payload: the code in network order, then the reason cut to `maxReasonBytes`
// (123 fills a control frame's 125 bytes).
QByteArray closePayload(quint16 code, QByteArrayView reason = {}, qsizetype maxReasonBytes = 123);
// A code a peer may send in a close frame (RFC 6455 section 7.4): never 1005/1006/1015 or an
// unassigned one.
bool isValidCloseCode(quint16 code);

// A parsed close payload. `code` is CloseNoStatus for an empty payload.
struct ClosePayload {
    enum class Problem { None, OneByte, InvalidCode, InvalidUtf8Reason };
    Problem problem = Problem::None;
    quint16 code = CloseNoStatus;
    QByteArray reason;
};
ClosePayload parseClosePayload(QByteArrayView payload);

// Incremental reader of masked client frames. It enforces what RFC 6455 asks of every frame:
// masking, no reserved bits (no extensions are negotiated), known opcodes, control frames of at
// most 125 bytes and never fragmented, a 64-bit length with its top bit clear, fragments of one
// data message not interleaved with another's, and the size limits. It returns each frame whole
// and unmasked; after an error it stays failed until reset().
class FrameReader final {
public:
    enum class Error {
        None, ReservedBits, Unmasked, ReservedOpcode, OrphanContinuation, InterleavedMessage,
        BadControlFrame, BadLength, FrameTooBig, MessageTooBig,
    };
    struct Limits {
        qint64 maxFramePayload = std::numeric_limits<qint64>::max();   // every frame, control too
        qint64 maxMessagePayload = std::numeric_limits<qint64>::max(); // a data message's fragments together
    };
    struct Frame {
        Opcode opcode = Text;
        bool fin = true;
        Opcode messageOpcode = Text; // data frames: the message's Text or Binary, also on continuations
        QByteArray payload;          // unmasked
    };
    enum class Status { NeedMore, Frame, Error };

    explicit FrameReader(Limits limits)
        : m_limits(limits)
    {
    }
    void append(QByteArrayView data);
    Status next(Frame *frame);
    Error error() const { return m_error; }
    // A short reason for a log line or a close frame ("reserved bits set").
    static const char *errorText(Error error);
    bool inMessage() const { return m_messageOpcode != Continuation; } // a fragmented data message is open
    Opcode messageOpcode() const { return m_messageOpcode; } // Text or Binary while inMessage()
    // Forgets buffered bytes, the open message and a failure.
    void reset();

private:
    Status fail(Error error);

    QByteArray m_buffer;
    qsizetype m_consumed = 0; // bytes of m_buffer already read: dropped on the next append, not per frame
    Limits m_limits;
    Error m_error = Error::None;
    Opcode m_messageOpcode = Continuation; // Continuation: no data message open
    qint64 m_messageBytes = 0;             // payload of the open data message so far
};

} // namespace tickstock::util::ws
