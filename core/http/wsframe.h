#pragma once
// The live stream's side of RFC 6455, without sockets: the opening handshake answer and its
// policy for client frames (close, ping, pong kept; data frames checked and discarded). The
// framing itself is the shared codec (util/wscodec.h).

#include "http/httperror.h"
#include "http/httpmessage.h"
#include "util/utf8validator.h"
#include "util/wscodec.h"

#include <QtCore/QByteArray>

namespace tickstock::http::ws {

using util::ws::Opcode;
using enum util::ws::Opcode;
using util::ws::CloseCode;
using enum util::ws::CloseCode;
using util::ws::acceptKey;
using util::ws::encodeFrame;
using util::ws::isValidCloseCode;

// Why a request is not a valid opening handshake, and the answer: 426 for a version other than
// 13 (RFC 6455 section 4.4, with Sec-WebSocket-Version: 13), else 400. Empty for a valid handshake.
struct HandshakeProblem {
    ApiError error = ApiError::BadRequest;
    QString message;
    bool isEmpty() const { return message.isEmpty(); }
};
HandshakeProblem handshakeProblem(const HttpRequest &request);
// The 101 Switching Protocols answer to a valid handshake.
QByteArray handshakeResponse(const HttpRequest &request);

// A close frame with a reason of at most 120 bytes.
QByteArray closeFrame(quint16 code, QByteArrayView reason = {});

// Incremental reader of client frames: the codec's checks (fragmentation order, control frames,
// masking; 1002, or 1009 above maxPayloadBytes per frame), plus text messages UTF-8 across their
// fragments (1007) and a close payload empty or a valid code plus a UTF-8 reason. After an error
// it stays failed.
class FrameReader final {
public:
    struct Frame {
        Opcode opcode = Text;
        bool fin = true;
        QByteArray payload; // unmasked; control frames only (data payloads are discarded)
    };
    enum class Status { NeedMore, Frame, Error };

    explicit FrameReader(qint64 maxPayloadBytes = 4096)
        : m_codec({.maxFramePayload = maxPayloadBytes})
    {
    }
    void append(QByteArrayView data) { m_codec.append(data); }
    Status next(Frame *frame);
    quint16 errorCode() const { return m_errorCode; }
    QByteArray errorReason() const { return m_errorReason; } // for the close frame: "invalid UTF-8"
    bool inMessage() const { return m_codec.inMessage(); }     // a fragmented data message is open

private:
    Status fail(quint16 code, const char *reason);
    bool checkClosePayload(const QByteArray &payload);

    util::ws::FrameReader m_codec;
    bool m_failed = false;
    quint16 m_errorCode = CloseProtocolError;
    QByteArray m_errorReason;
    util::Utf8Validator m_utf8;
};

} // namespace tickstock::http::ws
