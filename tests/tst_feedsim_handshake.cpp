// Simulator handshake, auth and subscription protocol (docs/protocol.md),
// checked with real loopback WebSocket clients.

#include "feedsimtestutil.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace feedsimtest;

class TestFeedSimHandshake final : public QObject {
    Q_OBJECT

private slots:
    void connectedIsTheFirstFrame();
    void goodKeyAuthenticates();
    void authBeforeConnectedIsRead();
    void badKeyGetsAuthFailedThenAbort();
    void badKeyCloseMode();
    void keyWithoutWebsocketAccess();
    void authTimeout();
    void subscribeBeforeAuthGetsAuthRequired();
    void acksOfOneRequestShareAFrame();
    void duplicateSubscribeGetsNoAck();
    void unknownPrefixIsIgnored();
    void notEntitledChannelGetsError();
    void delayedHostRefusesQuotes();
    void unsubscribeAck();
    void thousandsOfParams();
    void malformedClientMessagesAreIgnored();
    void pingIsAnswered();
    void clientCloseHandshake();
    void otherPathsGet404();
    void anyHostHeaderIsAccepted();
    void fragmentedMessageWithInterleavedPing();
    void oversizedMessageCloses1009();
    void unmaskedFrameCloses1002();
};

void TestFeedSimHandshake::connectedIsTheFirstFrame()
{
    auto sim = startSimulator(testConfig());
    Client client(sim->url());
    QTRY_COMPARE(client.texts.size(), 1);
    QCOMPARE(client.texts.first(),
             QByteArray(R"([{"ev":"status","status":"connected","message":"Connected Successfully"}])"));
    QCOMPARE(sim->connectionCount(), 1);
    QCOMPARE(sim->counters().connectionsAccepted, 1);
}

void TestFeedSimHandshake::goodKeyAuthenticates()
{
    auto sim = startSimulator(testConfig());
    QSignalSpy authenticated(sim.get(), &FeedSimulator::authenticated);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    QCOMPARE(client.texts.value(1), QByteArray(R"([{"ev":"status","status":"auth_success","message":"authenticated"}])"));
    QCOMPARE(authenticated.size(), 1);
    QCOMPARE(authenticated.first().at(1).toString(), QStringLiteral("demo"));
    QCOMPARE(sim->counters().authOk, 1);
}

void TestFeedSimHandshake::authBeforeConnectedIsRead()
{
    // client-go sends auth straight after the upgrade: here it even shares the request's write.
    auto sim = startSimulator(testConfig());
    RawClient raw(sim->port());
    QVERIFY(raw.handshake("/stocks", "127.0.0.1", RawClient::frame(0x1, clientMessage("auth", QStringLiteral("demo")))));
    QTRY_COMPARE(raw.textFrames().size(), 2);
    QVERIFY(raw.textFrames()[0].payload.contains(R"("status":"connected")"));
    QCOMPARE(raw.textFrames()[1].payload, QByteArray(R"([{"ev":"status","status":"auth_success","message":"authenticated"}])"));
    QVERIFY(!raw.serverFrameMasked);
}

void TestFeedSimHandshake::badKeyGetsAuthFailedThenAbort()
{
    auto sim = startSimulator(testConfig());
    RawClient raw(sim->port());
    QVERIFY(raw.handshake());
    raw.sendText(clientMessage("auth", QStringLiteral("wrong-key")));
    QTRY_VERIFY(raw.disconnected);
    QVERIFY(raw.hasTextContaining(R"([{"ev":"status","status":"auth_failed","message":"authentication failed"}])"));
    QVERIFY2(!raw.closeReceived, "auth_failed must be followed by a TCP abort, not a close frame");
    QCOMPARE(sim->counters().authFailed, 1);
    QTRY_COMPARE(sim->connectionCount(), 0);

    // The same through QWebSocket: the status arrives, then the connection drops.
    Client client(sim->url());
    QTRY_VERIFY(client.hasStatus(QStringLiteral("connected")));
    client.auth(QStringLiteral("nope"));
    QTRY_VERIFY(client.disconnected);
    QVERIFY(client.hasStatus(QStringLiteral("auth_failed"), QStringLiteral("authentication failed")));
    QVERIFY(!client.hasStatus(QStringLiteral("auth_success")));
}

void TestFeedSimHandshake::badKeyCloseMode()
{
    SimConfig config = testConfig();
    config.authFailAction = SimConfig::AuthFailAction::Close;
    auto sim = startSimulator(config);
    RawClient raw(sim->port());
    QVERIFY(raw.handshake());
    raw.sendText(clientMessage("auth", QStringLiteral("wrong-key")));
    QTRY_VERIFY(raw.closeReceived);
    QCOMPARE(raw.closeCode, quint16(1008));
    QVERIFY(raw.hasTextContaining(R"("status":"auth_failed")"));
    QTRY_VERIFY(raw.disconnected);
}

void TestFeedSimHandshake::keyWithoutWebsocketAccess()
{
    SimConfig config = testConfig();
    config.noAccessKeys = {QStringLiteral("basic-plan")};
    auto sim = startSimulator(config);
    Client client(sim->url());
    QTRY_VERIFY(client.hasStatus(QStringLiteral("connected")));
    client.auth(QStringLiteral("basic-plan"));
    QTRY_VERIFY(client.disconnected);
    QVERIFY(client.hasStatus(QStringLiteral("auth_failed"), QStringLiteral("Your plan doesn't include websocket access.")));
}

void TestFeedSimHandshake::authTimeout()
{
    SimConfig config = testConfig();
    config.authTimeoutMs = 300;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QTRY_VERIFY(client.disconnected);
    QVERIFY(client.hasStatus(QStringLiteral("auth_timeout"), QStringLiteral("No authentication request received.")));
    QCOMPARE(client.socket()->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(sim->counters().authTimeouts, 1);

    // An authenticated connection is not timed out.
    Client good(sim->url());
    QVERIFY(good.authenticate());
    // Absence check without a fixed wait: a client that connects later and never authenticates
    // timing out proves the authenticated one's timeout would have passed too.
    Client late(sim->url());
    QTRY_VERIFY(late.disconnected);
    QVERIFY(late.hasStatus(QStringLiteral("auth_timeout"), QStringLiteral("No authentication request received.")));
    QVERIFY(good.isConnected());
    QCOMPARE(sim->counters().authTimeouts, 2); // the first client and the late one, not `good`
}

void TestFeedSimHandshake::subscribeBeforeAuthGetsAuthRequired()
{
    auto sim = startSimulator(testConfig());
    Client client(sim->url());
    QTRY_VERIFY(client.hasStatus(QStringLiteral("connected")));
    client.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("auth_required")));
    QVERIFY(!client.hasStatus(QStringLiteral("success")));
    QVERIFY(client.isConnected());
    // Still pre-auth, so auth works afterwards and the earlier subscribe was not applied.
    client.auth();
    QTRY_VERIFY(client.hasStatus(QStringLiteral("auth_success")));
    client.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.AAPL")));
    QCOMPARE(sim->counters().authRequired, 1);
    QVERIFY(client.onlyAllowedStatuses());
}

void TestFeedSimHandshake::acksOfOneRequestShareAFrame()
{
    auto sim = startSimulator(testConfig());
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL, Q.AAPL ,AM.*"));
    QTRY_COMPARE(client.statusCount(QStringLiteral("success")), 3);
    const int frame = client.frameWithMessage(QStringLiteral("subscribed to: T.AAPL"));
    QVERIFY(frame >= 0);
    QCOMPARE(client.texts[frame],
             QByteArray(R"([{"ev":"status","status":"success","message":"subscribed to: T.AAPL"},)"
                        R"({"ev":"status","status":"success","message":"subscribed to: Q.AAPL"},)"
                        R"({"ev":"status","status":"success","message":"subscribed to: AM.*"}])"));
    QCOMPARE(sim->counters().acks, 3);
}

void TestFeedSimHandshake::duplicateSubscribeGetsNoAck()
{
    SimConfig config = testConfig();
    config.tradesPerSecond = config.quotesPerSecond = 0;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL,T.AAPL"));
    QTRY_COMPARE(client.statusCount(QStringLiteral("success")), 1);
    client.subscribe(QStringLiteral("T.AAPL"));
    client.subscribe(QStringLiteral("T.MSFT"));
    // Replies keep request order: once MSFT is acked, a second AAPL ack would have arrived.
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.MSFT")));
    QCOMPARE(client.statusCount(QStringLiteral("success")), 2);
    QCOMPARE(client.texts.last(), QByteArray(R"([{"ev":"status","status":"success","message":"subscribed to: T.MSFT"}])"));
}

void TestFeedSimHandshake::unknownPrefixIsIgnored()
{
    SimConfig config = testConfig();
    config.tradesPerSecond = config.quotesPerSecond = 0;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("ZZ.AAPL,AAPL,t.MSFT,T.MSFT"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.MSFT")));
    QCOMPARE(client.texts.last(), QByteArray(R"([{"ev":"status","status":"success","message":"subscribed to: T.MSFT"}])"));
    client.subscribe(QStringLiteral("ZZ.NVDA"));
    client.subscribe(QStringLiteral("LULD.AAPL,NOI.*,FMV.MSFT"));
    QTRY_COMPARE(client.statusCount(QStringLiteral("success")), 4);
    QCOMPARE(client.statuses.size(), 2 + 4); // connected, auth_success, 4 acks: ZZ.NVDA got nothing
}

void TestFeedSimHandshake::notEntitledChannelGetsError()
{
    SimConfig config = testConfig();
    config.deniedChannels.insert(QStringLiteral("demo"), {QStringLiteral("NOI")});
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("NOI.*,T.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success")));
    QCOMPARE(client.texts.last(),
             QByteArray(R"([{"ev":"status","status":"error","message":"not authorized"},)"
                        R"({"ev":"status","status":"success","message":"subscribed to: T.AAPL"}])"));
    QVERIFY(client.isConnected());
    QCOMPARE(sim->counters().refusals, 1);
}

void TestFeedSimHandshake::delayedHostRefusesQuotes()
{
    SimConfig config = testConfig();
    config.delayed = true;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("Q.AAPL,T.AAPL,AM.AAPL"));
    QTRY_COMPARE(client.statusCount(QStringLiteral("success")), 2);
    QCOMPARE(client.statusCount(QStringLiteral("error")), 1);
    // The delayed clock runs 15 minutes behind.
    QTRY_VERIFY(!client.eventsOf(QStringLiteral("T")).isEmpty());
    const qint64 lag = QDateTime::currentMSecsSinceEpoch()
        - client.eventsOf(QStringLiteral("T")).first().value(QLatin1String("t")).toInteger();
    QVERIFY2(lag > 890'000 && lag < 910'000, QByteArray::number(lag).constData());
}

void TestFeedSimHandshake::unsubscribeAck()
{
    auto sim = startSimulator(testConfig());
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.AAPL")));
    client.unsubscribe(QStringLiteral("T.AAPL, ZZ.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("unsubscribed to: T.AAPL")));
    QCOMPARE(client.texts.last(),
             QByteArray(R"([{"ev":"status","status":"success","message":"unsubscribed to: T.AAPL"}])"));
}

void TestFeedSimHandshake::thousandsOfParams()
{
    SimConfig config = testConfig();
    config.tradesPerSecond = config.quotesPerSecond = 0; // thousands of new tickers: keep them quiet
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    QStringList params;
    for (int i = 0; i < 20'000; ++i) {
        QString symbol;
        for (int n = i, k = 0; k < 4; ++k, n /= 26)
            symbol.prepend(QChar(u'A' + n % 26));
        params << QStringLiteral("T.") + symbol;
    }
    client.subscribe(params.join(QLatin1Char(',')));
    QTRY_COMPARE_WITH_TIMEOUT(client.statusCount(QStringLiteral("success")), 20'000, 10'000);
    int ackFrames = 0;
    for (int i = 0; i < client.texts.size(); ++i) {
        QVERIFY(client.texts[i].size() < 1'000'000);
        ackFrames += client.arrays[i].size() > 1;
    }
    QVERIFY2(ackFrames >= 2, "acks must be split across frames to stay under 1 MB");
    QVERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.") + params.last().mid(2)));
}

void TestFeedSimHandshake::malformedClientMessagesAreIgnored()
{
    auto sim = startSimulator(testConfig());
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.send("not json");
    client.send("[1,2]");
    client.send(R"({"action":"subscribe","params":5})");
    client.send(R"({"action":"dance","params":"T.AAPL"})");
    client.subscribe(QStringLiteral("T.MSFT"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.MSFT")));
    QCOMPARE(client.statuses.size(), 3);
    QCOMPARE(sim->counters().clientMessagesIgnored, 4);
    QVERIFY(client.isConnected());
}

void TestFeedSimHandshake::pingIsAnswered()
{
    auto sim = startSimulator(testConfig());
    Client client(sim->url());
    QVERIFY(client.authenticate());
    QSignalSpy pong(client.socket(), &QWebSocket::pong);
    client.socket()->ping("hello");
    QTRY_COMPARE(pong.size(), 1);
    QCOMPARE(pong.first().at(1).toByteArray(), QByteArray("hello"));
}

void TestFeedSimHandshake::clientCloseHandshake()
{
    auto sim = startSimulator(testConfig());
    QSignalSpy closed(sim.get(), &FeedSimulator::connectionClosed);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.socket()->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QTRY_VERIFY(client.disconnected);
    QCOMPARE(client.socket()->closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(sim->connectionCount(), 0);
}

void TestFeedSimHandshake::otherPathsGet404()
{
    auto sim = startSimulator(testConfig());
    RawClient raw(sim->port());
    QVERIFY(!raw.handshake("/options"));
    QVERIFY(raw.httpResponse.startsWith("HTTP/1.1 404"));
    QTRY_VERIFY(raw.disconnected);

    QUrl url = sim->url();
    url.setPath(QStringLiteral("/crypto"));
    Client client(url);
    QTRY_VERIFY(client.disconnected);
    QVERIFY(client.texts.isEmpty());
    QCOMPARE(sim->counters().connectionsAccepted, 0);
    QCOMPARE(sim->counters().httpRejected, 2);
}

void TestFeedSimHandshake::anyHostHeaderIsAccepted()
{
    auto sim = startSimulator(testConfig());
    RawClient raw(sim->port());
    QVERIFY(raw.handshake("/stocks", "socket.massive.com"));
    QVERIFY(raw.httpResponse.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")); // RFC 6455 §1.3 sample
    QTRY_VERIFY(raw.hasTextContaining(R"("status":"connected")"));
}

void TestFeedSimHandshake::fragmentedMessageWithInterleavedPing()
{
    auto sim = startSimulator(testConfig());
    RawClient raw(sim->port());
    QVERIFY(raw.handshake());
    raw.sendText(clientMessage("auth", QStringLiteral("demo")));
    QTRY_VERIFY(raw.hasTextContaining("auth_success"));
    const QByteArray message = clientMessage("subscribe", QStringLiteral("T.AAPL,Q.MSFT"));
    raw.write(RawClient::frame(0x1, message.left(10), false));
    raw.write(RawClient::frame(0x9, "ping!"));
    raw.write(RawClient::frame(0x0, message.mid(10, 10), false));
    raw.write(RawClient::frame(0x0, message.mid(20), true));
    QTRY_VERIFY(raw.hasTextContaining("subscribed to: Q.MSFT"));
    bool pongSeen = false;
    for (const auto &frame : raw.frames)
        pongSeen |= frame.opcode == 0xA && frame.payload == "ping!";
    QVERIFY(pongSeen);
}

void TestFeedSimHandshake::oversizedMessageCloses1009()
{
    SimConfig config = testConfig();
    config.maxMessageBytes = 2048;
    auto sim = startSimulator(config);
    RawClient raw(sim->port());
    QVERIFY(raw.handshake());
    raw.sendText(clientMessage("subscribe", QString(4096, QLatin1Char('A'))));
    QTRY_VERIFY(raw.closeReceived);
    QCOMPARE(raw.closeCode, quint16(1009));
    QTRY_VERIFY(raw.disconnected);
}

void TestFeedSimHandshake::unmaskedFrameCloses1002()
{
    auto sim = startSimulator(testConfig());
    RawClient raw(sim->port());
    QVERIFY(raw.handshake());
    raw.write(RawClient::frame(0x1, clientMessage("auth", QStringLiteral("demo")), true, false));
    QTRY_VERIFY(raw.closeReceived);
    QCOMPARE(raw.closeCode, quint16(1002));
    QTRY_VERIFY(raw.disconnected);
    QVERIFY(!raw.hasTextContaining("auth_success"));
}

QTEST_GUILESS_MAIN(TestFeedSimHandshake)
#include "tst_feedsim_handshake.moc"
