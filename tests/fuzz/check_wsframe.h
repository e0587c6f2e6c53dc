#pragma once
// The server's reader of client WebSocket frames on any bytes, fed whole and in random chunks:
// the same frames and the same error either way, and only what RFC 6455 allows comes out
// (fragmentation order, control frame limits, close codes). Also checks the UTF-8 validator the
// reader uses against Qt's decoder.

#include "fuzzinput.h"

#include "http/wsframe.h"
#include "util/utf8validator.h"

#include <QtCore/QString>

namespace tickstock::fuzz {

struct FrameOutcome {
    QList<http::ws::FrameReader::Frame> frames;
    bool failed = false;
    quint16 errorCode = 0;
};

inline FrameOutcome readFrames(const QList<QByteArrayView> &pieces, qint64 maxPayload)
{
    namespace ws = http::ws;
    ws::FrameReader reader(maxPayload);
    FrameOutcome out;
    bool open = false; // a fragmented data message is open, as the frames seen so far say
    ws::FrameReader::Frame frame;
    for (QByteArrayView piece : pieces) {
        reader.append(piece);
        ws::FrameReader::Status status;
        while ((status = reader.next(&frame)) == ws::FrameReader::Status::Frame) {
            const bool control = frame.opcode >= ws::Close;
            if (control) {
                FUZZ_CHECK(frame.fin && frame.payload.size() <= 125);
                FUZZ_CHECK(frame.opcode == ws::Close || frame.opcode == ws::Ping || frame.opcode == ws::Pong);
            } else {
                FUZZ_CHECK(frame.payload.isEmpty()); // data is checked, never kept
                FUZZ_CHECK((frame.opcode == ws::Continuation) == open);
                open = !frame.fin;
            }
            if (frame.opcode == ws::Close && !frame.payload.isEmpty()) {
                FUZZ_CHECK(frame.payload.size() >= 2);
                FUZZ_CHECK(ws::isValidCloseCode(quint16((quint8(frame.payload[0]) << 8) | quint8(frame.payload[1]))));
            }
            FUZZ_CHECK(reader.inMessage() == open);
            out.frames.append(frame);
        }
        if (status == ws::FrameReader::Status::Error) {
            out.failed = true;
            out.errorCode = reader.errorCode();
            FUZZ_CHECK(out.errorCode == ws::CloseProtocolError || out.errorCode == ws::CloseInvalidPayload
                       || out.errorCode == ws::CloseTooBig);
            FUZZ_CHECK(!reader.errorReason().isEmpty());
            FUZZ_CHECK(reader.next(&frame) == ws::FrameReader::Status::Error); // stays failed
            return out;
        }
    }
    return out;
}

inline void checkUtf8Validator(QByteArrayView bytes, std::uint32_t seed)
{
    util::Utf8Validator validator;
    bool ok = true;
    for (QByteArrayView piece : chunks(bytes, seed))
        ok = validator.feed(piece) && ok;
    FUZZ_CHECK(ok || !validator.complete());
    // Qt's decoder replaces every invalid sequence, so only valid UTF-8 survives a round trip.
    const bool valid = QString::fromUtf8(bytes).toUtf8() == bytes;
    FUZZ_CHECK(validator.complete() == valid);
}

// Byte 0: the payload limit and the chunk seed.
inline void checkWsFrameReader(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return;
    const qint64 maxPayload = (data[0] & 3) == 0 ? 4096 : 8 << (data[0] & 3);
    const QByteArrayView stream = bytesOf(data + 1, size - 1);
    const FrameOutcome whole = readFrames({stream}, maxPayload);
    const FrameOutcome split = readFrames(chunks(stream, data[0]), maxPayload);
    FUZZ_CHECK(whole.frames.size() == split.frames.size());
    for (qsizetype i = 0; i < whole.frames.size(); ++i) {
        const auto &a = whole.frames.at(i);
        const auto &b = split.frames.at(i);
        FUZZ_CHECK(a.opcode == b.opcode && a.fin == b.fin && a.payload == b.payload);
    }
    FUZZ_CHECK(whole.failed == split.failed && whole.errorCode == split.errorCode);
    checkUtf8Validator(stream, data[0]);
}

} // namespace tickstock::fuzz
