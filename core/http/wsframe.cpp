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

QString handshakeProblem(const HttpRequest &request)
{
    if (!request.isWebSocketUpgrade())
        return QStringLiteral("not a WebSocket handshake (GET with Upgrade: websocket and Connection: Upgrade)");
    if (request.header("sec-websocket-version") != "13")
        return QStringLiteral("Sec-WebSocket-Version must be 13");
    const QByteArray key = request.header("sec-websocket-key");
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 16)
        return QStringLiteral("missing or invalid Sec-WebSocket-Key");
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

FrameReader::Status FrameReader::next(Frame *frame)
{
    const auto *d = reinterpret_cast<const unsigned char *>(m_buffer.constData());
    const qsizetype size = m_buffer.size();
    if (size < 2)
        return Status::NeedMore;
    const bool fin = d[0] & 0x80;
    const auto opcode = static_cast<Opcode>(d[0] & 0x0F);
    if (d[0] & 0x70) { // no extensions were negotiated
        m_errorCode = CloseProtocolError;
        return Status::Error;
    }
    const bool masked = d[1] & 0x80;
    if (!masked) { // RFC 6455 §5.1: a server must close on an unmasked client frame
        m_errorCode = CloseProtocolError;
        return Status::Error;
    }
    const bool control = opcode >= Close;
    if ((opcode > Binary && opcode < Close) || opcode > Pong) {
        m_errorCode = CloseProtocolError;
        return Status::Error;
    }
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
    if (control && (length > 125 || !fin)) {
        m_errorCode = CloseProtocolError;
        return Status::Error;
    }
    if (length > quint64(m_maxPayload)) {
        m_errorCode = CloseTooBig;
        return Status::Error;
    }
    header += 4; // masking key
    if (size < header || quint64(size - header) < length)
        return Status::NeedMore;
    frame->opcode = opcode;
    frame->fin = fin;
    frame->payload.clear();
    if (control) {
        const unsigned char *mask = d + header - 4;
        frame->payload.resize(qsizetype(length));
        for (quint64 i = 0; i < length; ++i)
            frame->payload[qsizetype(i)] = char(d[header + qsizetype(i)] ^ mask[i % 4]);
    }
    m_buffer.remove(0, header + qsizetype(length));
    return Status::Frame;
}

} // namespace tickstock::http::ws
