#include "http/wsframe.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QtEndian>

namespace tickstock::http::ws {

QByteArray acceptKey(const QByteArray &key)
{
    return QCryptographicHash::hash(QByteArray(key + QByteArrayLiteral("258EAFA5-E914-47DA-95CA-C5AB0DC85B11")),
                                    QCryptographicHash::Sha1)
        .toBase64();
}

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

QByteArray encodeFrame(Opcode opcode, QByteArrayView payload)
{
    QByteArray out;
    const quint64 n = quint64(payload.size());
    out.reserve(qsizetype(n) + 10);
    out += char(0x80 | opcode);
    if (n < 126) {
        out += char(n);
    } else if (n <= 0xFFFF) {
        out += char(126);
        out += char((n >> 8) & 0xFF);
        out += char(n & 0xFF);
    } else {
        out += char(127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += char((n >> shift) & 0xFF);
    }
    out += payload;
    return out;
}

QByteArray closeFrame(quint16 code, QByteArrayView reason)
{
    QByteArray payload;
    payload += char(code >> 8);
    payload += char(code & 0xFF);
    payload += reason.first(qMin<qsizetype>(reason.size(), 120));
    return encodeFrame(Close, payload);
}

bool isValidCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
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
    if (payload.isEmpty())
        return true;
    if (payload.size() == 1) {
        fail(CloseProtocolError, "close payload of 1 byte");
        return false;
    }
    if (!isValidCloseCode(quint16((quint8(payload[0]) << 8) | quint8(payload[1])))) {
        fail(CloseProtocolError, "invalid close code");
        return false;
    }
    util::Utf8Validator reason;
    if (!reason.feed(QByteArrayView(payload).sliced(2)) || !reason.complete()) {
        fail(CloseInvalidPayload, "close reason is not UTF-8");
        return false;
    }
    return true;
}

FrameReader::Status FrameReader::next(Frame *frame)
{
    if (m_failed)
        return Status::Error;
    const auto *d = reinterpret_cast<const unsigned char *>(m_buffer.constData());
    const qsizetype size = m_buffer.size();
    if (size < 2)
        return Status::NeedMore;
    const bool fin = d[0] & 0x80;
    const auto opcode = static_cast<Opcode>(d[0] & 0x0F);
    if (d[0] & 0x70) // no extensions were negotiated
        return fail(CloseProtocolError, "reserved bits set");
    const bool masked = d[1] & 0x80;
    if (!masked) // RFC 6455 §5.1: a server must close on an unmasked client frame
        return fail(CloseProtocolError, "unmasked frame");
    const bool control = opcode >= Close;
    if ((opcode > Binary && opcode < Close) || opcode > Pong)
        return fail(CloseProtocolError, "reserved opcode");
    // RFC 6455 §5.4: fragments of one message are not interleaved with another's.
    if (opcode == Continuation && !m_inMessage)
        return fail(CloseProtocolError, "continuation without a message");
    if ((opcode == Text || opcode == Binary) && m_inMessage)
        return fail(CloseProtocolError, "new message inside a fragmented one");
    quint64 length = d[1] & 0x7F;
    qsizetype header = 2;
    if (length == 126) {
        if (size < 4)
            return Status::NeedMore;
        length = qFromBigEndian<quint16>(d + 2);
        header = 4;
    } else if (length == 127) {
        if (size < 10)
            return Status::NeedMore;
        length = qFromBigEndian<quint64>(d + 2);
        header = 10;
    }
    if (control && (length > 125 || !fin))
        return fail(CloseProtocolError, "oversized or fragmented control frame");
    if (length > quint64(m_maxPayload))
        return fail(CloseTooBig, "frame too big");
    header += 4; // masking key
    if (size < header || quint64(size - header) < length)
        return Status::NeedMore;
    const unsigned char *mask = d + header - 4;
    const bool keep = control || (opcode == Text || (opcode == Continuation && m_textMessage));
    QByteArray payload;
    if (keep) { // data payloads are unmasked only to check text; they are not kept
        payload.resize(qsizetype(length));
        for (quint64 i = 0; i < length; ++i)
            payload[qsizetype(i)] = char(d[header + qsizetype(i)] ^ mask[i % 4]);
    }
    m_buffer.remove(0, header + qsizetype(length));

    if (!control) {
        if (opcode != Continuation) {
            m_textMessage = opcode == Text;
            m_utf8.reset();
        }
        m_inMessage = !fin;
        if (m_textMessage && (!m_utf8.feed(payload) || (fin && !m_utf8.complete())))
            return fail(CloseInvalidPayload, "invalid UTF-8 in a text message");
        payload.clear();
    } else if (opcode == Close && !checkClosePayload(payload)) {
        return Status::Error;
    }
    frame->opcode = opcode;
    frame->fin = fin;
    frame->payload = payload;
    return Status::Frame;
}

} // namespace tickstock::http::ws
