#include "http/wsframe.h"

namespace tickstock::http::ws {

HandshakeProblem handshakeProblem(const HttpRequest &request)
{
    if (!request.isWebSocketUpgrade())
        return {ApiError::BadRequest,
                QStringLiteral("not a WebSocket handshake (GET with Upgrade: websocket and Connection: Upgrade)")};
    if (request.versionMinor < 1)
        return {ApiError::BadRequest, QStringLiteral("a WebSocket handshake needs HTTP/1.1, not HTTP/1.0")};
    if (request.header("sec-websocket-version") != "13")
        return {ApiError::UpgradeRequired, QStringLiteral("Sec-WebSocket-Version must be 13")};
    const QByteArray key = request.header("sec-websocket-key");
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 16)
        return {ApiError::BadRequest, QStringLiteral("missing or invalid Sec-WebSocket-Key")};
    return {};
}

QByteArray handshakeResponse(const HttpRequest &request)
{
    QByteArray out = QByteArrayLiteral("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                       "Sec-WebSocket-Accept: ");
    out += acceptKey(request.header("sec-websocket-key"));
    out += "\r\n\r\n";
    return out;
}

QByteArray closeFrame(quint16 code, QByteArrayView reason)
{
    return encodeFrame(Close, util::ws::closePayload(code, reason, 120));
}

FrameReader::Status FrameReader::fail(quint16 code, const char *reason)
{
    m_failed = true;
    m_errorCode = code;
    m_errorReason = reason;
    return Status::Error;
}

bool FrameReader::checkClosePayload(const QByteArray &payload)
{
    using Problem = util::ws::ClosePayload::Problem;
    switch (util::ws::parseClosePayload(payload).problem) {
    case Problem::None: return true;
    case Problem::OneByte: fail(CloseProtocolError, "close payload of 1 byte"); break;
    case Problem::InvalidCode: fail(CloseProtocolError, "invalid close code"); break;
    case Problem::InvalidUtf8Reason: fail(CloseInvalidPayload, "close reason is not UTF-8"); break;
    }
    return false;
}

FrameReader::Status FrameReader::next(Frame *frame)
{
    if (m_failed)
        return Status::Error;
    using Codec = util::ws::FrameReader;
    Codec::Frame read;
    switch (m_codec.next(&read)) {
    case Codec::Status::NeedMore: return Status::NeedMore;
    case Codec::Status::Frame: break;
    case Codec::Status::Error:
        switch (m_codec.error()) {
        case Codec::Error::FrameTooBig:
        case Codec::Error::BadLength: // a length this large was always "too big" here
            return fail(CloseTooBig, "frame too big");
        default:
            return fail(CloseProtocolError, Codec::errorText(m_codec.error()));
        }
    }
    const Opcode opcode = read.opcode;
    if (!isControl(opcode)) {
        if (opcode != Continuation)
            m_utf8.reset();
        if (read.messageOpcode == Text && (!m_utf8.feed(read.payload) || (read.fin && !m_utf8.complete())))
            return fail(CloseInvalidPayload, "invalid UTF-8 in a text message");
        read.payload.clear(); // data is checked, not kept
    } else if (opcode == Close && !checkClosePayload(read.payload)) {
        return Status::Error;
    }
    frame->opcode = opcode;
    frame->fin = read.fin;
    frame->payload = std::move(read.payload);
    return Status::Frame;
}

} // namespace tickstock::http::ws
