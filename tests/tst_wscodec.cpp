// The shared RFC 6455 codec (util/wscodec.h): encoders, accept key, close payloads, and the
// incremental reader fed whole and byte by byte.

#include "util/wscodec.h"

#include <QtTest/QTest>

using namespace tickstock::util;

namespace {
constexpr quint32 kMask = 0x11223344;

QByteArray masked(ws::Opcode opcode, const QByteArray &payload, bool fin = true)
{
    return ws::encodeMaskedFrame(opcode, payload, kMask, fin);
}

// Feeds the bytes one at a time and collects every frame; stops at the first error.
struct ReadResult {
    QList<ws::FrameReader::Frame> frames;
    ws::FrameReader::Error error = ws::FrameReader::Error::None;
    int needMore = 0;
};
ReadResult readByteByByte(const QByteArray &bytes, ws::FrameReader::Limits limits = {})
{
    ws::FrameReader reader(limits);
    ReadResult out;
    ws::FrameReader::Frame frame;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        reader.append(QByteArrayView(bytes).sliced(i, 1));
        for (;;) {
            const ws::FrameReader::Status status = reader.next(&frame);
            if (status == ws::FrameReader::Status::NeedMore) {
                ++out.needMore;
                break;
            }
            if (status == ws::FrameReader::Status::Error) {
                out.error = reader.error();
                return out;
            }
            out.frames.append(frame);
        }
    }
    return out;
}
} // namespace

class TestWsCodec final : public QObject {
    Q_OBJECT
private slots:
    void acceptKeyIsTheRfcExample()
    {
        // RFC 6455 section 1.3.
        QCOMPARE(ws::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void lengthEncodings_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("headerBytes");
        QTest::addColumn<int>("lengthByte");
        QTest::newRow("0") << 0 << 2 << 0;
        QTest::newRow("125") << 125 << 2 << 125;
        QTest::newRow("126") << 126 << 4 << 126;
        QTest::newRow("65535") << 65535 << 4 << 126;
        QTest::newRow("65536") << 65536 << 10 << 127;
    }
    void lengthEncodings()
    {
        QFETCH(int, size);
        QFETCH(int, headerBytes);
        QFETCH(int, lengthByte);
        QByteArray payload(size, '\0');
        for (int i = 0; i < size; ++i)
            payload[i] = static_cast<char>(i * 7);

        const QByteArray server = ws::encodeFrame(ws::Binary, payload);
        QCOMPARE(server.size(), size + headerBytes);
        QCOMPARE(quint8(server[0]), quint8(0x82));
        QCOMPARE(quint8(server[1]), quint8(lengthByte)); // no mask bit
        QCOMPARE(server.sliced(headerBytes), payload);

        const QByteArray client = masked(ws::Binary, payload);
        QCOMPARE(client.size(), size + headerBytes + 4);
        QCOMPARE(quint8(client[1]), quint8(0x80 | lengthByte));
        if (size > 0)
            QVERIFY(client.sliced(headerBytes + 4) != payload); // the payload is masked

        ws::FrameReader reader({});
        reader.append(client);
        ws::FrameReader::Frame frame;
        QCOMPARE(reader.next(&frame), ws::FrameReader::Status::Frame);
        QCOMPARE(frame.opcode, ws::Binary);
        QVERIFY(frame.fin);
        QCOMPARE(frame.payload, payload);
        QCOMPARE(reader.next(&frame), ws::FrameReader::Status::NeedMore);
    }

    void appendFrameHeaderMatchesEncodeFrame()
    {
        const QByteArray payload(70000, 'p');
        QByteArray frame;
        ws::appendFrameHeader(frame, ws::Text, quint64(payload.size()));
        frame += payload;
        QCOMPARE(frame, ws::encodeFrame(ws::Text, payload));
    }

    // Every frame split at every byte comes out the same as fed whole, fragments included.
    void fragmentedReadsByteByByte()
    {
        const QByteArray bigText(300, 'b');
        const QByteArray bytes = masked(ws::Text, "hel", false) + masked(ws::Ping, "p") + masked(ws::Continuation, bigText, false)
            + masked(ws::Continuation, "lo") + masked(ws::Binary, QByteArray(70000, 'x'))
            + masked(ws::Close, ws::closePayload(ws::CloseNormal, "bye"));
        const ReadResult r = readByteByByte(bytes);
        QCOMPARE(r.error, ws::FrameReader::Error::None);
        QCOMPARE(r.frames.size(), 6);
        QCOMPARE(r.frames[0].opcode, ws::Text);
        QVERIFY(!r.frames[0].fin);
        QCOMPARE(r.frames[0].payload, QByteArray("hel"));
        QCOMPARE(r.frames[1].opcode, ws::Ping); // a control frame inside a fragmented message
        QCOMPARE(r.frames[1].payload, QByteArray("p"));
        QCOMPARE(r.frames[2].opcode, ws::Continuation);
        QCOMPARE(r.frames[2].messageOpcode, ws::Text);
        QCOMPARE(r.frames[2].payload, bigText);
        QCOMPARE(r.frames[3].messageOpcode, ws::Text);
        QVERIFY(r.frames[3].fin);
        QCOMPARE(r.frames[4].opcode, ws::Binary);
        QCOMPARE(r.frames[4].messageOpcode, ws::Binary);
        QCOMPARE(r.frames[4].payload.size(), 70000);
        QCOMPARE(r.frames[5].opcode, ws::Close);
        QCOMPARE(r.frames[5].payload, ws::closePayload(ws::CloseNormal, "bye"));
        QVERIFY(r.needMore > bytes.size() / 2); // it really waited for the bytes
    }

    void inMessageFollowsTheFragments()
    {
        ws::FrameReader reader({});
        ws::FrameReader::Frame frame;
        reader.append(masked(ws::Binary, "a", false));
        QVERIFY(!reader.inMessage());
        QCOMPARE(reader.next(&frame), ws::FrameReader::Status::Frame);
        QVERIFY(reader.inMessage());
        QCOMPARE(reader.messageOpcode(), ws::Binary);
        reader.append(masked(ws::Continuation, "b"));
        QCOMPARE(reader.next(&frame), ws::FrameReader::Status::Frame);
        QVERIFY(!reader.inMessage());
    }

    void errors_data()
    {
        using E = ws::FrameReader::Error;
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("maxFrame");
        QTest::addColumn<qint64>("maxMessage");
        QTest::addColumn<int>("error");
        const qint64 any = std::numeric_limits<qint64>::max();
        QTest::newRow("unmasked") << ws::encodeFrame(ws::Text, "hi") << any << any << int(E::Unmasked);
        QTest::newRow("rsv1") << QByteArray("\xc1\x80\0\0\0\0", 6) << any << any << int(E::ReservedBits);
        QTest::newRow("rsv3") << QByteArray("\x91\x80\0\0\0\0", 6) << any << any << int(E::ReservedBits);
        QTest::newRow("opcode 3") << masked(ws::Opcode(0x3), "x") << any << any << int(E::ReservedOpcode);
        QTest::newRow("opcode 0xB") << masked(ws::Opcode(0xB), "x") << any << any << int(E::ReservedOpcode);
        QTest::newRow("orphan continuation") << masked(ws::Continuation, "x") << any << any << int(E::OrphanContinuation);
        QTest::newRow("interleaved") << QByteArray(masked(ws::Text, "a", false) + masked(ws::Binary, "b")) << any << any
                                     << int(E::InterleavedMessage);
        QTest::newRow("fragmented ping") << masked(ws::Ping, "x", false) << any << any << int(E::BadControlFrame);
        QTest::newRow("126-byte ping") << masked(ws::Ping, QByteArray(126, 'x')) << any << any << int(E::BadControlFrame);
        QTest::newRow("64-bit top bit") << QByteArray("\x82\xff\x80\0\0\0\0\0\0\x01", 10) << any << any << int(E::BadLength);
        QTest::newRow("frame over the limit") << masked(ws::Text, QByteArray(101, 'a')) << qint64(100) << any
                                              << int(E::FrameTooBig);
        QTest::newRow("message over the limit")
            << QByteArray(masked(ws::Text, QByteArray(60, 'a'), false) + masked(ws::Continuation, QByteArray(41, 'a')))
            << any << qint64(100) << int(E::MessageTooBig);
    }
    void errors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, maxFrame);
        QFETCH(qint64, maxMessage);
        QFETCH(int, error);
        const ws::FrameReader::Limits limits{maxFrame, maxMessage};
        const ReadResult split = readByteByByte(bytes, limits);
        QCOMPARE(int(split.error), error);

        ws::FrameReader reader(limits);
        reader.append(bytes);
        ws::FrameReader::Frame frame;
        ws::FrameReader::Status status;
        while ((status = reader.next(&frame)) == ws::FrameReader::Status::Frame) {
        }
        QCOMPARE(status, ws::FrameReader::Status::Error);
        QCOMPARE(int(reader.error()), error);
        QVERIFY(QByteArray(ws::FrameReader::errorText(reader.error())) != "no error");
        reader.append(masked(ws::Ping, "again"));
        QCOMPARE(reader.next(&frame), ws::FrameReader::Status::Error); // stays failed
        reader.reset();
        reader.append(masked(ws::Ping, "again"));
        QCOMPARE(reader.next(&frame), ws::FrameReader::Status::Frame);
        QCOMPARE(frame.payload, QByteArray("again"));
    }

    // Limits are exact: at the limit is fine, control frames do not count against a message.
    void limitsAreInclusive()
    {
        const ReadResult frame = readByteByByte(masked(ws::Text, QByteArray(100, 'a')), {100, 100});
        QCOMPARE(frame.error, ws::FrameReader::Error::None);
        QCOMPARE(frame.frames.size(), 1);
        const ReadResult message = readByteByByte(QByteArray(masked(ws::Text, QByteArray(60, 'a'), false)
                                                             + masked(ws::Ping, QByteArray(100, 'p'))
                                                             + masked(ws::Continuation, QByteArray(40, 'a'))),
                                                  {.maxMessagePayload = 100});
        QCOMPARE(message.error, ws::FrameReader::Error::None);
        QCOMPARE(message.frames.size(), 3);
    }

    void closePayloads_data()
    {
        using P = ws::ClosePayload::Problem;
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("problem");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("empty") << QByteArray() << int(P::None) << int(ws::CloseNoStatus) << QByteArray();
        QTest::newRow("code only") << ws::closePayload(1000) << int(P::None) << 1000 << QByteArray();
        QTest::newRow("code and reason") << ws::closePayload(1001, "going away") << int(P::None) << 1001
                                         << QByteArray("going away");
        QTest::newRow("one byte") << QByteArray("\x03", 1) << int(P::OneByte) << int(ws::CloseNoStatus) << QByteArray();
        QTest::newRow("1005") << ws::closePayload(1005) << int(P::InvalidCode) << 1005 << QByteArray();
        QTest::newRow("1006") << ws::closePayload(1006) << int(P::InvalidCode) << 1006 << QByteArray();
        QTest::newRow("999") << ws::closePayload(999) << int(P::InvalidCode) << 999 << QByteArray();
        QTest::newRow("4999") << ws::closePayload(4999) << int(P::None) << 4999 << QByteArray();
        QTest::newRow("bad UTF-8 reason") << ws::closePayload(1000, "\xe2\x82") << int(P::InvalidUtf8Reason) << 1000
                                          << QByteArray("\xe2\x82");
    }
    void closePayloads()
    {
        QFETCH(QByteArray, payload);
        QFETCH(int, problem);
        QFETCH(int, code);
        QFETCH(QByteArray, reason);
        const ws::ClosePayload parsed = ws::parseClosePayload(payload);
        QCOMPARE(int(parsed.problem), problem);
        QCOMPARE(int(parsed.code), code);
        QCOMPARE(parsed.reason, reason);
    }

    void closePayloadCutsTheReason()
    {
        const QByteArray payload = ws::closePayload(ws::CloseGoingAway, QByteArray(200, 'r'));
        QCOMPARE(payload.size(), 125); // fits a control frame
        QCOMPARE(quint8(payload[0]), quint8(0x03));
        QCOMPARE(quint8(payload[1]), quint8(0xE9));
        QCOMPARE(ws::closePayload(ws::CloseNormal, QByteArray(200, 'r'), 10).size(), 12);
    }
};

QTEST_GUILESS_MAIN(TestWsCodec)
#include "tst_wscodec.moc"
