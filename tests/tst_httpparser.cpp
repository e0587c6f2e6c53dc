// The socket-free pieces of the HTTP server: the request parser and its limits, the WebSocket
// frame codec, constant-time comparison and the failed-authentication throttle (fake clock).

#include "http/addressprefix.h"
#include "http/auth.h"
#include "http/requestparser.h"
#include "http/wsframe.h"
#include "util/utf8validator.h"
#include "wsclientframe.h"

#include <QtTest/QTest>

using namespace tickstock;
using namespace tickstock::http;

namespace {
ParserLimits smallLimits()
{
    ParserLimits l;
    l.maxRequestLineBytes = 256;
    l.maxHeaderBytes = 512;
    l.maxHeaderCount = 8;
    l.maxBodyBytes = 64;
    return l;
}

} // namespace
using wstest::maskedFrame;

class TestHttpParser final : public QObject {
    Q_OBJECT
private slots:
    void parsesValidRequests_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("queryItem");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("get") << QByteArray("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
                             << QStringLiteral("/healthz") << QString() << QByteArray() << true;
        QTest::newRow("query and close") << QByteArray("GET /readyz?verbose HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                                         << QByteArray("GET") << QStringLiteral("/readyz") << QStringLiteral("verbose")
                                         << QByteArray() << false;
        QTest::newRow("percent-encoded path") << QByteArray("GET /api/admin/tickers/BRK%2EB HTTP/1.1\r\nHost: a\r\n\r\n")
                                              << QByteArray("GET") << QStringLiteral("/api/admin/tickers/BRK.B") << QString()
                                              << QByteArray() << true;
        QTest::newRow("post with body") << QByteArray("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcd")
                                        << QByteArray("POST") << QStringLiteral("/x") << QString() << QByteArray("abcd") << true;
        QTest::newRow("http/1.0 no host") << QByteArray("GET /metrics HTTP/1.0\r\n\r\n") << QByteArray("GET")
                                          << QStringLiteral("/metrics") << QString() << QByteArray() << false;
        QTest::newRow("http/1.0 keep-alive") << QByteArray("GET /m HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                                             << QByteArray("GET") << QStringLiteral("/m") << QString() << QByteArray() << true;
        QTest::newRow("bare LF and leading CRLF") << QByteArray("\r\nGET /a HTTP/1.1\nHost: a\n\n") << QByteArray("GET")
                                                  << QStringLiteral("/a") << QString() << QByteArray() << true;
        QTest::newRow("absolute form") << QByteArray("GET http://127.0.0.1:8765/healthz?x HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n\r\n")
                                       << QByteArray("GET") << QStringLiteral("/healthz") << QStringLiteral("x") << QByteArray()
                                       << true;
    }
    void parsesValidRequests()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, queryItem);
        QFETCH(QByteArray, body);
        QFETCH(bool, keepAlive);
        // Byte by byte: the parser must not depend on how TCP splits the stream.
        RequestParser parser(smallLimits());
        HttpRequest request;
        RequestParser::Status status = RequestParser::Status::NeedMore;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            QCOMPARE(status, RequestParser::Status::NeedMore);
            parser.append(raw.mid(i, 1));
            status = parser.next(&request);
        }
        QCOMPARE(status, RequestParser::Status::Complete);
        QCOMPARE(request.method, method);
        QCOMPARE(request.path, path);
        if (!queryItem.isEmpty())
            QVERIFY(request.query.hasQueryItem(queryItem));
        QCOMPARE(request.body, body);
        QCOMPARE(request.keepAlive(), keepAlive);
        QVERIFY(!parser.inRequest());
    }

    void encodedSlashStaysInsideASegment()
    {
        RequestParser p;
        p.append("GET /api/admin/tickers/EUR%2fUSD/%2525x%41 HTTP/1.1\r\nHost: a\r\n\r\n");
        HttpRequest r;
        QCOMPARE(p.next(&r), RequestParser::Status::Complete);
        // '/' and '%' stay encoded (normalised), everything else is decoded once.
        QCOMPARE(r.path, QStringLiteral("/api/admin/tickers/EUR%2FUSD/%2525xA"));
    }

    void rejectsMalformedRequests_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage line") << QByteArray("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("tls hello") << QByteArrayLiteral("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n") << 400;
        QTest::newRow("two spaces") << QByteArray("GET  /a HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
        QTest::newRow("method not a token") << QByteArray("G(T /a HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
        QTest::newRow("relative target") << QByteArray("GET a HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
        QTest::newRow("asterisk form") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
        QTest::newRow("absolute form, other host") << QByteArray("GET http://evil.example/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << 400;
        QTest::newRow("absolute form, userinfo") << QByteArray("GET http://a@127.0.0.1/ HTTP/1.1\r\nHost: a@127.0.0.1\r\n\r\n") << 400;
        QTest::newRow("control char in target") << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
        QTest::newRow("bad version") << QByteArray("GET /a HTTX/1.1\r\nHost: a\r\n\r\n") << 400;
        QTest::newRow("http/2") << QByteArray("GET /a HTTP/2.0\r\nHost: a\r\n\r\n") << 505;
        QTest::newRow("no host on 1.1") << QByteArray("GET /a HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two hosts") << QByteArray("GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("header without colon") << QByteArray("GET /a HTTP/1.1\r\nHost: a\r\nBroken\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET /a HTTP/1.1\r\nHost : a\r\n\r\n") << 400;
        QTest::newRow("folded header") << QByteArray("GET /a HTTP/1.1\r\nHost: a\r\n continued\r\n\r\n") << 400;
        QTest::newRow("bad content-length") << QByteArray("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n") << 400;
        QTest::newRow("negative content-length") << QByteArray("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("conflicting content-length")
            << QByteArray("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") << 400;
        QTest::newRow("chunked") << QByteArray("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n") << 501;
        QTest::newRow("body too large") << QByteArray("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 65\r\n\r\n") << 413;
        QTest::newRow("request line too long") << (QByteArray("GET /") + QByteArray(300, 'a') + " HTTP/1.1\r\n") << 414;
        QTest::newRow("request line too long, no newline yet") << (QByteArray("GET /") + QByteArray(300, 'a')) << 414;
        QTest::newRow("endless garbage") << QByteArray(300, 'x') << 400;
        QTest::newRow("header too large") << (QByteArray("GET /a HTTP/1.1\r\nHost: a\r\nX-Big: ") + QByteArray(600, 'b') + "\r\n\r\n") << 431;
        QTest::newRow("header too large, no newline yet") << (QByteArray("GET /a HTTP/1.1\r\nX-Big: ") + QByteArray(600, 'b')) << 431;
        QByteArray many("GET /a HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 9; ++i)
            many += "X-" + QByteArray::number(i) + ": 1\r\n";
        QTest::newRow("too many headers") << (many + "\r\n") << 431;
        QTest::newRow("nul in header value") << QByteArrayLiteral("GET /a HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n") << 400;
    }
    void rejectsMalformedRequests()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        RequestParser parser(smallLimits());
        parser.append(raw);
        HttpRequest request;
        QCOMPARE(parser.next(&request), RequestParser::Status::Error);
        QCOMPARE(httpStatus(parser.error()), status);
        QVERIFY(!parser.errorMessage().isEmpty());
        parser.append("GET /a HTTP/1.1\r\nHost: a\r\n\r\n"); // the connection is done for
        QCOMPARE(parser.next(&request), RequestParser::Status::Error);
    }

    void pipelinedRequestsComeOutInOrder()
    {
        RequestParser parser(smallLimits());
        parser.append("GET /one HTTP/1.1\r\nHost: a\r\n\r\nPOST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /thr");
        HttpRequest r;
        QCOMPARE(parser.next(&r), RequestParser::Status::Complete);
        QCOMPARE(r.path, QStringLiteral("/one"));
        QCOMPARE(parser.next(&r), RequestParser::Status::Complete);
        QCOMPARE(r.path, QStringLiteral("/two"));
        QCOMPARE(r.body, QByteArray("hi"));
        QCOMPARE(parser.next(&r), RequestParser::Status::NeedMore);
        QVERIFY(parser.inRequest());
        parser.append("ee HTTP/1.1\r\nHost: a\r\n\r\n\x81\x80");
        QCOMPARE(parser.next(&r), RequestParser::Status::Complete);
        QCOMPARE(r.path, QStringLiteral("/three"));
        QCOMPARE(parser.takeRemaining(), QByteArray("\x81\x80")); // e.g. frames after an upgrade
    }

    void longKeepAliveConnectionDoesNotGrowTheBuffer()
    {
        RequestParser parser(smallLimits());
        HttpRequest r;
        for (int i = 0; i < 10000; ++i) {
            parser.append("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
            QCOMPARE(parser.next(&r), RequestParser::Status::Complete);
        }
        QCOMPARE(parser.bufferedBytes(), qsizetype(0));
    }

    void headerHelpers()
    {
        RequestParser parser;
        parser.append("GET /admin-ws HTTP/1.1\r\nHost: a\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        HttpRequest r;
        QCOMPARE(parser.next(&r), RequestParser::Status::Complete);
        QVERIFY(r.isWebSocketUpgrade());
        QVERIFY(ws::handshakeProblem(r).isEmpty());
        // RFC 6455 §1.3's example key.
        QCOMPARE(ws::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        QVERIFY(ws::handshakeResponse(r).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        r.headers.removeIf([](const auto &h) { return h.first == "sec-websocket-version"; });
        QVERIFY(!ws::handshakeProblem(r).isEmpty());
    }

    void serverFramesAreUnmaskedWithTheRightLength_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("headerBytes");
        QTest::newRow("small") << 5 << 2;
        QTest::newRow("125") << 125 << 2;
        QTest::newRow("126") << 126 << 4;
        QTest::newRow("65535") << 65535 << 4;
        QTest::newRow("65536") << 65536 << 10;
    }
    void serverFramesAreUnmaskedWithTheRightLength()
    {
        QFETCH(int, size);
        QFETCH(int, headerBytes);
        const QByteArray frame = ws::encodeFrame(ws::Text, QByteArray(size, 'x'));
        QCOMPARE(frame.size(), size + headerBytes);
        QCOMPARE(quint8(frame[0]), quint8(0x81));
        QCOMPARE(quint8(frame[1]) & 0x80, 0); // never masked
    }

    void clientFramesAreRead()
    {
        ws::FrameReader reader(200);
        reader.append(QByteArray(maskedFrame(ws::Ping, "hi") + maskedFrame(ws::Text, QByteArray(150, 'a'))));
        const QByteArray close = maskedFrame(ws::Close, QByteArray("\x03\xe8", 2));
        reader.append(close.left(3));
        ws::FrameReader::Frame f;
        QCOMPARE(reader.next(&f), ws::FrameReader::Status::Frame);
        QCOMPARE(f.opcode, ws::Ping);
        QCOMPARE(f.payload, QByteArray("hi"));
        QCOMPARE(reader.next(&f), ws::FrameReader::Status::Frame);
        QCOMPARE(f.opcode, ws::Text);
        QCOMPARE(reader.next(&f), ws::FrameReader::Status::NeedMore);
        reader.append(close.mid(3));
        QCOMPARE(reader.next(&f), ws::FrameReader::Status::Frame);
        QCOMPARE(f.opcode, ws::Close);
        QCOMPARE(f.payload, QByteArray("\x03\xe8", 2));
    }

    void badClientFramesAreErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::newRow("unmasked") << QByteArray("\x81\x02hi", 4) << int(ws::CloseProtocolError);
        QTest::newRow("too big") << maskedFrame(ws::Text, QByteArray(300, 'a')) << int(ws::CloseTooBig);
        QTest::newRow("reserved opcode") << maskedFrame(ws::Opcode(0x3), "x") << int(ws::CloseProtocolError);
        QTest::newRow("fragmented control") << maskedFrame(ws::Ping, "x", false) << int(ws::CloseProtocolError);
        QTest::newRow("rsv bits") << QByteArray("\xc1\x80\0\0\0\0", 6) << int(ws::CloseProtocolError);
    }
    void badClientFramesAreErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        ws::FrameReader reader(200);
        reader.append(bytes);
        ws::FrameReader::Frame f;
        QCOMPARE(reader.next(&f), ws::FrameReader::Status::Error);
        QCOMPARE(int(reader.errorCode()), code);
    }

    // The reader keeps fragmentation state and checks text across fragments; errors stay.
    void fragmentsAreCheckedAcrossFrames_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("frames"); // read before the error (or all, if no error)
        QTest::addColumn<int>("code");   // 0: no error
        QTest::newRow("split code point") << QByteArray(maskedFrame(ws::Text, "\xe2\x82", false)
                                                        + maskedFrame(ws::Ping, "p") + maskedFrame(ws::Continuation, "\xac"))
                                          << 3 << 0;
        QTest::newRow("orphan continuation") << maskedFrame(ws::Continuation, "x") << 0 << int(ws::CloseProtocolError);
        QTest::newRow("interleaved") << QByteArray(maskedFrame(ws::Binary, "x", false) + maskedFrame(ws::Text, "y"))
                                     << 1 << int(ws::CloseProtocolError);
        QTest::newRow("truncated code point") << QByteArray(maskedFrame(ws::Text, "a", false) + maskedFrame(ws::Continuation, "\xe2"))
                                              << 1 << int(ws::CloseInvalidPayload);
        QTest::newRow("close 1006") << maskedFrame(ws::Close, QByteArray("\x03\xee", 2)) << 0 << int(ws::CloseProtocolError);
        QTest::newRow("close 1 byte") << maskedFrame(ws::Close, QByteArray("\x03", 1)) << 0 << int(ws::CloseProtocolError);
    }
    void fragmentsAreCheckedAcrossFrames()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, frames);
        QFETCH(int, code);
        ws::FrameReader reader(200);
        reader.append(bytes);
        ws::FrameReader::Frame f;
        for (int i = 0; i < frames; ++i)
            QCOMPARE(reader.next(&f), ws::FrameReader::Status::Frame);
        if (code == 0) {
            QCOMPARE(reader.next(&f), ws::FrameReader::Status::NeedMore);
            return;
        }
        QCOMPARE(reader.next(&f), ws::FrameReader::Status::Error);
        QCOMPARE(int(reader.errorCode()), code);
        reader.append(maskedFrame(ws::Ping, "again"));
        QCOMPARE(reader.next(&f), ws::FrameReader::Status::Error); // stays failed
    }

    void utf8Validator_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ascii") << QByteArray("plain") << true;
        QTest::newRow("2-4 byte forms") << QByteArray("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") << true;
        QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
        QTest::newRow("U+FFFD") << QByteArray("\xef\xbf\xbd") << true;
        QTest::newRow("overlong 2") << QByteArray("\xc1\xbf") << false;
        QTest::newRow("overlong 3") << QByteArray("\xe0\x9f\xbf") << false;
        QTest::newRow("overlong 4") << QByteArray("\xf0\x8f\xbf\xbf") << false;
        QTest::newRow("surrogate") << QByteArray("\xed\xbf\xbf") << false;
        QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
        QTest::newRow("lone continuation") << QByteArray("\x80") << false;
        QTest::newRow("truncated") << QByteArray("\xf0\x9f\x98") << false;
        QTest::newRow("f5") << QByteArray("\xf5\x80\x80\x80") << false;
    }
    void utf8Validator()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, valid);
        for (qsizetype split = 0; split <= bytes.size(); ++split) { // every split into two pieces
            util::Utf8Validator v;
            v.feed(QByteArrayView(bytes).first(split));
            v.feed(QByteArrayView(bytes).sliced(split));
            QCOMPARE(v.complete(), valid);
        }
    }

    void constantTimeEquals()
    {
        QVERIFY(http::constantTimeEquals("secret-token", "secret-token"));
        QVERIFY(!http::constantTimeEquals("secret-token", "secret-tokeN"));
        QVERIFY(!http::constantTimeEquals("secret-token", "secret-token-longer"));
        QVERIFY(!http::constantTimeEquals("secret-token", ""));
        QVERIFY(http::constantTimeEquals("", ""));
    }

    void bearerTokenParsing()
    {
        HttpRequest r;
        r.headers = {{"authorization", "Bearer abc"}};
        QCOMPARE(bearerToken(r), QByteArray("abc"));
        r.headers = {{"authorization", "bearer   abc "}};
        QCOMPARE(bearerToken(r), QByteArray("abc"));
        r.headers = {{"authorization", "Basic YWJj"}};
        QCOMPARE(bearerToken(r), QByteArray());
        r.headers = {};
        QCOMPARE(bearerToken(r), QByteArray());
    }

    void throttleBlocksAfterRepeatedFailuresAndExpires()
    {
        qint64 clock = 1000;
        ThrottleOptions o;
        o.maxFailures = 3;
        o.windowMs = 10'000;
        o.blockMs = 5'000;
        AuthThrottle t(o, [&clock] { return clock; });
        const QHostAddress a(QStringLiteral("10.0.0.1"));
        const QHostAddress b(QStringLiteral("10.0.1.2"));
        QVERIFY(!t.recordFailure(a));
        QVERIFY(!t.recordFailure(a));
        QCOMPARE(t.blockedForMs(a), qint64(0));
        QVERIFY(t.recordFailure(a)); // third within the window: blocked
        QCOMPARE(t.blockedForMs(a), qint64(5000));
        QCOMPARE(t.blockedForMs(b), qint64(0)); // per /24
        QCOMPARE(t.blockedForMs(QHostAddress(QStringLiteral("10.0.0.77"))), qint64(5000)); // a's /24 is blocked
        clock += 4999;
        QCOMPARE(t.blockedForMs(a), qint64(1));
        clock += 1;
        QCOMPARE(t.blockedForMs(a), qint64(0));
        // Failures spread over more than the window never block.
        QVERIFY(!t.recordFailure(b));
        clock += 6000;
        QVERIFY(!t.recordFailure(b));
        clock += 6000;
        QVERIFY(!t.recordFailure(b));
        QCOMPARE(t.blockedForMs(b), qint64(0));
        // A success forgets earlier failures.
        QVERIFY(!t.recordFailure(b));
        t.recordSuccess(b);
        QVERIFY(!t.recordFailure(b));
        QVERIFY(!t.recordFailure(b));
    }

    void throttleMemoryIsBounded()
    {
        qint64 clock = 0;
        ThrottleOptions o;
        o.maxTrackedAddresses = 100;
        AuthThrottle t(o, [&clock] { return clock; });
        for (quint32 i = 0; i < 1000; ++i) {
            ++clock;
            t.recordFailure(QHostAddress(0x0a000000u + (i << 8))); // a new /24 each time
        }
        QVERIFY(t.trackedAddresses() <= 100);
        QVERIFY(t.trackedAddresses() >= 50);
    }

    void addressPrefixes_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("prefix");
        QTest::newRow("ipv4 /24") << "192.0.2.77" << "192.0.2.0";
        QTest::newRow("ipv4-mapped") << "::ffff:192.0.2.77" << "192.0.2.0";
        QTest::newRow("loopback /8") << "127.4.5.6" << "127.0.0.0";
        QTest::newRow("ipv6 loopback") << "::1" << "127.0.0.0";
        QTest::newRow("ipv6 /64") << "2001:db8:1:2:aaaa:bbbb:cccc:dddd" << "2001:db8:1:2::";
    }

    void addressPrefixes()
    {
        QFETCH(QString, address);
        QFETCH(QString, prefix);
        QCOMPARE(addressPrefix(QHostAddress(address)), QHostAddress(prefix));
        QVERIFY(addressPrefix(QHostAddress()).isNull());
    }

    void throttleKeysOnPrefixesAndExemptsBystanders()
    {
        qint64 clock = 0;
        ThrottleOptions o;
        o.maxFailures = 3;
        o.maxFailingAddresses = 4;
        Authenticator auth("tok-123456", o, [&clock] { return clock; });
        HttpRequest wrong;
        wrong.headers = {{"authorization", "Bearer nope"}};
        HttpRequest right;
        right.headers = {{"authorization", "Bearer tok-123456"}};
        // Rotating addresses of one IPv6 /64 does not dodge the throttle.
        for (int i = 1; i <= 3; ++i) {
            wrong.peer = QHostAddress(QStringLiteral("2001:db8::%1").arg(i));
            QCOMPARE(auth.check(wrong, false).outcome, AuthOutcome::Unauthorized);
        }
        wrong.peer = QHostAddress(QStringLiteral("2001:db8::99"));
        QCOMPARE(auth.check(wrong, false).outcome, AuthOutcome::Throttled);
        // A failing address is refused even with the right token; a bystander of the prefix is not.
        right.peer = QHostAddress(QStringLiteral("2001:db8::2"));
        QCOMPARE(auth.check(right, false).outcome, AuthOutcome::Throttled);
        right.peer = QHostAddress(QStringLiteral("2001:db8::200"));
        QCOMPARE(auth.check(right, false).outcome, AuthOutcome::Allowed);
        // ... but the bystander's own wrong guess makes it a failing address.
        wrong.peer = right.peer;
        QCOMPARE(auth.check(wrong, false).outcome, AuthOutcome::Throttled);
        QCOMPARE(auth.check(right, false).outcome, AuthOutcome::Throttled);
        // Past maxFailingAddresses (4: ::1, ::2, ::3, ::99 and ::200 makes 5) nobody in the prefix is exempt.
        right.peer = QHostAddress(QStringLiteral("2001:db8::300"));
        QCOMPARE(auth.check(right, false).outcome, AuthOutcome::Throttled);
        // Another /64 is unaffected.
        right.peer = QHostAddress(QStringLiteral("2001:db8:0:1::1"));
        QCOMPARE(auth.check(right, false).outcome, AuthOutcome::Allowed);
    }

    void authenticatorUsesHeaderAndOnlyWhereAllowedTheQuery()
    {
        qint64 clock = 0;
        Authenticator auth("tok-123456", {}, [&clock] { return clock; });
        HttpRequest r;
        r.peer = QHostAddress(QHostAddress::LocalHost);
        QCOMPARE(auth.check(r, false).outcome, AuthOutcome::Unauthorized);
        r.headers = {{"authorization", "Bearer tok-123456"}};
        QCOMPARE(auth.check(r, false).outcome, AuthOutcome::Allowed);
        r.headers = {};
        r.query = QUrlQuery(QStringLiteral("token=tok-123456"));
        QCOMPARE(auth.check(r, false).outcome, AuthOutcome::Unauthorized);
        QCOMPARE(auth.check(r, true).outcome, AuthOutcome::Allowed);
        Authenticator open(QByteArray(), {}, [&clock] { return clock; });
        QVERIFY(!open.enabled());
        QCOMPARE(open.check(HttpRequest(), false).outcome, AuthOutcome::Allowed);
    }
};

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
