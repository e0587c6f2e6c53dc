// RFC 6455 conformance of the server side of /admin-ws, over real loopback sockets: fragmentation
// state, close codes, UTF-8 of text messages (also split across fragments), and the opening
// handshake's refusals (HTTP/1.0, a version other than 13).

#include "httptestutil.h"
#include "wsclientframe.h"

using namespace httptest;
using tickstock::http::ws::Opcode;
using wstest::closePayload;
using wstest::maskedFrame;

namespace {

namespace ws = tickstock::http::ws;

struct Session {
    QByteArray frames; // every server byte after the 101 head
    bool closedByServer = false;
};

// Upgrades, then sends each of `writes` as its own write (20 ms apart, so fragments arrive
// separately) and reads until the server closes or `timeoutMs` passes.
Session exchange(quint16 port, const QList<QByteArray> &writes, int timeoutMs = 3000)
{
    Session s;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(3000))
        return s;
    socket.write(handshake("/admin-ws"));
    QByteArray bytes;
    while (!bytes.contains("\r\n\r\n") && socket.waitForReadyRead(3000))
        bytes += socket.readAll();
    if (!bytes.startsWith("HTTP/1.1 101"))
        return s;
    for (const QByteArray &w : writes) {
        socket.write(w);
        socket.waitForBytesWritten(1000);
        QTest::qWait(20); // pacing: each write arrives as its own read on the server
    }
    s.closedByServer = readUntilClosed(socket, bytes, timeoutMs);
    s.frames = bytes.mid(bytes.indexOf("\r\n\r\n") + 4);
    return s;
}

// The code of the close frame that ends the server's bytes (it is always the last frame the
// server sends), or -1 if they do not end with one.
int finalCloseCode(const QByteArray &frames)
{
    for (qsizetype i = frames.size() - 4; i >= 0; --i) {
        if (quint8(frames[i]) == 0x88 && i + 2 + quint8(frames[i + 1]) == frames.size())
            return (quint8(frames[i + 2]) << 8) | quint8(frames[i + 3]);
    }
    return -1;
}

QByteArray text(const QByteArray &payload, bool fin = true) { return maskedFrame(ws::Text, payload, fin); }
QByteArray continuation(const QByteArray &payload, bool fin = true) { return maskedFrame(ws::Continuation, payload, fin); }
QByteArray closeWith(quint16 code) { return maskedFrame(ws::Close, closePayload(code)); }

} // namespace

class TestHttpWsProtocol final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { m_server = std::make_unique<SnapshotServer>(); }
    void cleanupTestCase() { m_server.reset(); }

    // Fragmentation state (RFC 6455 §5.4): a continuation with no open message, or a new data
    // frame while one is open, is a protocol error.
    void fragmentationErrorsClose1002_data()
    {
        QTest::addColumn<QList<QByteArray>>("writes");
        QTest::newRow("orphan continuation") << QList<QByteArray>{continuation("x")};
        QTest::newRow("orphan unfinished continuation") << QList<QByteArray>{continuation("x", false)};
        QTest::newRow("text while text open") << QList<QByteArray>{text("ab", false), text("cd")};
        QTest::newRow("binary while text open")
            << QList<QByteArray>{text("ab", false), maskedFrame(ws::Binary, "cd")};
        QTest::newRow("continuation after finished message") << QList<QByteArray>{text("ab"), continuation("cd")};
        QTest::newRow("all in one write") << QList<QByteArray>{text("ab", false) + text("cd")};
    }
    void fragmentationErrorsClose1002()
    {
        QFETCH(QList<QByteArray>, writes);
        const Session s = exchange(m_server->server->port(), writes);
        QVERIFY(s.closedByServer);
        QCOMPARE(finalCloseCode(s.frames), int(ws::CloseProtocolError));
    }

    // A fragmented message with a ping between its fragments is fine: pong, then a normal close.
    void fragmentedMessageWithInterleavedPing()
    {
        const Session s = exchange(m_server->server->port(),
                                   {text("he", false), maskedFrame(ws::Ping, "p"), continuation("l", false),
                                    continuation("lo"), closeWith(ws::CloseNormal)});
        QVERIFY(s.closedByServer);
        QVERIFY(s.frames.contains(QByteArray("\x8a\x01p", 3)));
        QCOMPARE(finalCloseCode(s.frames), int(ws::CloseNormal));
    }

    // Close payloads: a 1-byte payload and codes that must never be sent on the wire are
    // protocol errors; valid codes are echoed; an empty close is answered with 1000.
    void closeCodes_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("answer");
        QTest::newRow("1-byte payload") << QByteArray(1, '\x03') << int(ws::CloseProtocolError);
        for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
            QTest::newRow(qPrintable(QStringLiteral("reserved %1").arg(code))) << closePayload(quint16(code)) << int(ws::CloseProtocolError);
        for (int code : {1000, 1001, 1002, 1003, 1007, 1011, 1013, 3000, 4999})
            QTest::newRow(qPrintable(QStringLiteral("valid %1").arg(code))) << closePayload(quint16(code), "bye") << code;
        QTest::newRow("empty") << QByteArray() << int(ws::CloseNormal);
        QTest::newRow("reason not UTF-8") << closePayload(1000, "\xff") << int(ws::CloseInvalidPayload);
    }
    void closeCodes()
    {
        QFETCH(QByteArray, payload);
        QFETCH(int, answer);
        const Session s = exchange(m_server->server->port(), {maskedFrame(ws::Close, payload)});
        QVERIFY(s.closedByServer);
        QCOMPARE(finalCloseCode(s.frames), answer);
    }

    // Text messages must be UTF-8 (RFC 6455 §8.1): invalid → 1007, also when the bad sequence
    // is split across fragments or left incomplete at the end of the message.
    void invalidUtf8Closes1007_data()
    {
        QTest::addColumn<QList<QByteArray>>("writes");
        QTest::newRow("stray byte") << QList<QByteArray>{text("ok \xff")};
        QTest::newRow("overlong /") << QList<QByteArray>{text("\xc0\xaf")};
        QTest::newRow("surrogate") << QList<QByteArray>{text("\xed\xa0\x80")};
        QTest::newRow("above U+10FFFF") << QList<QByteArray>{text("\xf4\x90\x80\x80")};
        QTest::newRow("truncated at end") << QList<QByteArray>{text("\xe2\x82")};
        QTest::newRow("bad continuation across fragments")
            << QList<QByteArray>{text("\xe2\x82", false), continuation("(")};
        QTest::newRow("truncated at end of fragments")
            << QList<QByteArray>{text("a", false), continuation("\xe2", false), continuation("\x82")};
    }
    void invalidUtf8Closes1007()
    {
        QFETCH(QList<QByteArray>, writes);
        const Session s = exchange(m_server->server->port(), writes);
        QVERIFY(s.closedByServer);
        QCOMPARE(finalCloseCode(s.frames), int(ws::CloseInvalidPayload));
    }

    // Valid UTF-8 split inside a code point, and binary messages (never checked), are fine.
    void validMessagesAreAccepted()
    {
        const Session s = exchange(m_server->server->port(),
                                   {text("\xe2\x82", false), continuation("\xac \xf0\x9f", false), continuation("\x98\x80"),
                                    maskedFrame(ws::Binary, "\xff\xfe"), closeWith(ws::CloseGoingAway)});
        QVERIFY(s.closedByServer);
        QCOMPARE(finalCloseCode(s.frames), int(ws::CloseGoingAway));
    }

    // RFC 6455 §4.1: the handshake needs HTTP/1.1 or later.
    void http10UpgradeIsRefused()
    {
        QByteArray request = handshake("/admin-ws");
        request.replace("HTTP/1.1", "HTTP/1.0");
        const RawReply r = rawExchange(m_server->server->port(), request, 3000);
        QCOMPARE(r.status(), 400);
        QVERIFY2(r.body().contains("HTTP/1.1"), r.body().constData());
    }

    // RFC 6455 §4.4: another version gets 426 and the version we speak.
    void otherVersionGets426_data()
    {
        QTest::addColumn<QByteArray>("versionHeader");
        QTest::newRow("8") << QByteArray("Sec-WebSocket-Version: 8\r\n");
        QTest::newRow("14") << QByteArray("Sec-WebSocket-Version: 14\r\n");
        QTest::newRow("missing") << QByteArray();
    }
    void otherVersionGets426()
    {
        QFETCH(QByteArray, versionHeader);
        QByteArray request = handshake("/admin-ws");
        request.replace("Sec-WebSocket-Version: 13\r\n", versionHeader);
        const RawReply r = rawExchange(m_server->server->port(), request, 3000);
        QCOMPARE(r.status(), 426);
        QVERIFY2(r.head().contains("\r\nSec-WebSocket-Version: 13"), r.head().constData());
        QVERIFY2(r.head().contains("\r\nUpgrade: websocket"), r.head().constData());
    }

private:
    std::unique_ptr<SnapshotServer> m_server;
};

QTEST_GUILESS_MAIN(TestHttpWsProtocol)
#include "tst_httpwsprotocol.moc"
