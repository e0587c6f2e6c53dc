#include "util/wscodec.h"

#include "util/utf8validator.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QtEndian>

namespace tickstock::util::ws {

QByteArray acceptKey(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(QByteArrayView("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
    return sha1.result().toBase64();
}

namespace {
void appendHeader(QByteArray &out, quint8 first, bool masked, quint64 length)
{
    const quint8 maskBit = masked ? 0x80 : 0x00;
    out.append(static_cast<char>(first));
    if (length < 126) {
        out.append(static_cast<char>(maskBit | length));
    } else if (length <= 0xFFFF) {
        out.append(static_cast<char>(maskBit | 126));
        out.append(static_cast<char>((length >> 8) & 0xFF));
        out.append(static_cast<char>(length & 0xFF));
    } else {
        out.append(static_cast<char>(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(static_cast<char>((length >> shift) & 0xFF));
    }
}
} // namespace

void appendFrameHeader(QByteArray &out, Opcode opcode, quint64 length)
{
    appendHeader(out, static_cast<quint8>(0x80 | opcode), false, length);
}

QByteArray encodeFrame(Opcode opcode, QByteArrayView payload)
{
    QByteArray out;
    out.reserve(payload.size() + 10);
    appendFrameHeader(out, opcode, static_cast<quint64>(payload.size()));
    out.append(payload);
    return out;
}

QByteArray encodeMaskedFrame(Opcode opcode, QByteArrayView payload, quint32 maskKey, bool fin)
{
    QByteArray out;
    out.reserve(payload.size() + 14);
    appendHeader(out, static_cast<quint8>((fin ? 0x80 : 0x00) | (opcode & 0x0F)), true,
                 static_cast<quint64>(payload.size()));
    const quint8 mask[4] = {static_cast<quint8>(maskKey >> 24), static_cast<quint8>(maskKey >> 16),
                            static_cast<quint8>(maskKey >> 8), static_cast<quint8>(maskKey)};
    out.append(reinterpret_cast<const char *>(mask), 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out.append(static_cast<char>(static_cast<quint8>(payload[i]) ^ mask[i & 3]));
    return out;
}

QByteArray closePayload(quint16 code, QByteArrayView reason, qsizetype maxReasonBytes)
{
    QByteArray out;
    out.append(static_cast<char>(code >> 8));
    out.append(static_cast<char>(code & 0xFF));
    out.append(reason.first(qMin(reason.size(), maxReasonBytes)));
    return out;
}

bool isValidCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

ClosePayload parseClosePayload(QByteArrayView payload)
{
    ClosePayload out;
    if (payload.isEmpty())
        return out;
    if (payload.size() == 1) {
        out.problem = ClosePayload::Problem::OneByte;
        return out;
    }
    out.code = qFromBigEndian<quint16>(payload.data());
    out.reason = payload.sliced(2).toByteArray();
    Utf8Validator reason;
    if (!isValidCloseCode(out.code))
        out.problem = ClosePayload::Problem::InvalidCode;
    else if (!reason.feed(out.reason) || !reason.complete())
        out.problem = ClosePayload::Problem::InvalidUtf8Reason;
    return out;
}

const char *FrameReader::errorText(Error error)
{
    switch (error) {
    case Error::None: return "no error";
    case Error::ReservedBits: return "reserved bits set";
    case Error::Unmasked: return "unmasked frame";
    case Error::ReservedOpcode: return "reserved opcode";
    case Error::OrphanContinuation: return "continuation without a message";
    case Error::InterleavedMessage: return "new message inside a fragmented one";
    case Error::BadControlFrame: return "oversized or fragmented control frame";
    case Error::BadLength: return "64-bit length with the top bit set";
    case Error::FrameTooBig: return "frame too big";
    case Error::MessageTooBig: return "message too big";
    }
    return "unknown error";
}

void FrameReader::append(QByteArrayView data)
{
    if (m_consumed > 0) {
        m_buffer.remove(0, m_consumed);
        m_consumed = 0;
    }
    m_buffer.append(data);
}

void FrameReader::reset()
{
    m_buffer.clear();
    m_consumed = 0;
    m_error = Error::None;
    m_messageOpcode = Continuation;
    m_messageBytes = 0;
}

FrameReader::Status FrameReader::fail(Error error)
{
    m_error = error;
    return Status::Error;
}

FrameReader::Status FrameReader::next(Frame *frame)
{
    if (m_error != Error::None)
        return Status::Error;
    const auto *d = reinterpret_cast<const quint8 *>(m_buffer.constData()) + m_consumed;
    const qsizetype size = m_buffer.size() - m_consumed;
    if (size < 2)
        return Status::NeedMore;
    // Everything the first two bytes can show is checked before waiting for more, so an error
    // does not depend on how the bytes were split.
    const bool fin = d[0] & 0x80;
    const auto opcode = static_cast<Opcode>(d[0] & 0x0F);
    if (d[0] & 0x70)
        return fail(Error::ReservedBits);
    if (!(d[1] & 0x80)) // section 5.1: a server must close on an unmasked client frame
        return fail(Error::Unmasked);
    if ((opcode > Binary && opcode < Close) || opcode > Pong)
        return fail(Error::ReservedOpcode);
    const bool control = isControl(opcode);
    if (opcode == Continuation && !inMessage())
        return fail(Error::OrphanContinuation);
    if ((opcode == Text || opcode == Binary) && inMessage())
        return fail(Error::InterleavedMessage);
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
        return fail(Error::BadControlFrame);
    if (length >> 63)
        return fail(Error::BadLength);
    if (length > static_cast<quint64>(m_limits.maxFramePayload))
        return fail(Error::FrameTooBig);
    const quint64 messageBytes = length + (opcode == Continuation ? static_cast<quint64>(m_messageBytes) : 0);
    if (!control && messageBytes > static_cast<quint64>(m_limits.maxMessagePayload))
        return fail(Error::MessageTooBig);
    header += 4; // masking key
    if (size < header || static_cast<quint64>(size - header) < length)
        return Status::NeedMore;

    const quint8 *mask = d + header - 4;
    QByteArray payload(reinterpret_cast<const char *>(d + header), static_cast<qsizetype>(length));
    char *p = payload.data();
    for (qsizetype i = 0; i < payload.size(); ++i)
        p[i] = static_cast<char>(static_cast<quint8>(p[i]) ^ mask[i & 3]);
    m_consumed += header + static_cast<qsizetype>(length);
    if (m_consumed == m_buffer.size()) {
        m_buffer.clear();
        m_consumed = 0;
    }

    frame->messageOpcode = opcode;
    if (!control) {
        if (opcode != Continuation)
            m_messageOpcode = opcode;
        frame->messageOpcode = m_messageOpcode;
        m_messageBytes = static_cast<qint64>(messageBytes);
        if (fin) {
            m_messageOpcode = Continuation;
            m_messageBytes = 0;
        }
    }
    frame->opcode = opcode;
    frame->fin = fin;
    frame->payload = std::move(payload);
    return Status::Frame;
}

} // namespace tickstock::util::ws
