// Simulator fault injection (docs/protocol.md): connection limits and eviction,
// aborts without close frame, frozen connections, force_disconnect, slow consumers, silent feeds
// and malformed frames with exact counters.

#include "feedsimtestutil.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace feedsimtest;
using tickstock::sim::EventType;
using tickstock::sim::MalformedKind;

class TestFeedSimFaults final : public QObject {
    Q_OBJECT

private slots:
    void evictOldest();
    void evictWithAbort();
    void rejectNewest();
    void abortEvery();
    void frozenConnection();
    void forceDisconnect();
    void slowConsumerIsKilled();
    void silentFeed();
    void malformedFramesCycleAndCount();
};

namespace {
SimConfig streamingConfig()
{
    SimConfig config = testConfig();
    config.tradesPerSecond = 50;
    config.quotesPerSecond = 0;
    return config;
}

int dataFramesAfter(const Client &client, int frameIndex)
{
    int n = 0;
    for (int i = frameIndex + 1; i < client.arrays.size(); ++i) {
        for (const QJsonValue &value : client.arrays[i])
            n += value.toObject().value(QLatin1String("ev")).toString() != QLatin1String("status");
    }
    return n;
}
} // namespace

void TestFeedSimFaults::evictOldest()
{
    SimConfig config = streamingConfig();
    config.maxConnectionsPerKey = 1;
    config.evictDelayMs = 300;
    auto sim = startSimulator(config);

    Client oldest(sim->url());
    QVERIFY(oldest.authenticate());
    oldest.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(oldest.eventsOf(QStringLiteral("T")).size() >= 5);

    // The newcomer completes connect, auth and subscribe normally and streams.
    Client newcomer(sim->url());
    QVERIFY(newcomer.authenticate());
    newcomer.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(newcomer.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.AAPL")));
    QTRY_VERIFY(newcomer.eventsOf(QStringLiteral("T")).size() >= 5);

    // The victim gets max_connections, then a close with 1008.
    QTRY_VERIFY(oldest.disconnected);
    QVERIFY(oldest.hasStatus(QStringLiteral("max_connections"), QStringLiteral("Maximum number of connections exceeded.")));
    QCOMPARE(oldest.socket()->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(dataFramesAfter(oldest, oldest.frameWithMessage(QStringLiteral("Maximum number of connections exceeded."))), 0);
    QVERIFY(newcomer.isConnected());
    QVERIFY(!newcomer.hasStatus(QStringLiteral("max_connections")));
    QCOMPARE(sim->counters().evictions, 1);
    QVERIFY(oldest.onlyAllowedStatuses() && newcomer.onlyAllowedStatuses());
}

void TestFeedSimFaults::evictWithAbort()
{
    SimConfig config = streamingConfig();
    config.maxConnectionsPerKey = 1;
    config.evictDelayMs = 200;
    config.evictAction = SimConfig::EvictAction::Abort;
    auto sim = startSimulator(config);

    RawClient victim(sim->port());
    QVERIFY(victim.handshake());
    victim.sendText(clientMessage("auth", QStringLiteral("demo")));
    QTRY_VERIFY(victim.hasTextContaining("auth_success"));

    Client newcomer(sim->url());
    QVERIFY(newcomer.authenticate());
    QTRY_VERIFY(victim.disconnected);
    QVERIFY(victim.hasTextContaining(R"({"ev":"status","status":"max_connections","message":"Maximum number of connections exceeded."})"));
    QVERIFY2(!victim.closeReceived, "abort mode drops TCP without a close frame");
    QVERIFY(newcomer.isConnected());
}

void TestFeedSimFaults::rejectNewest()
{
    SimConfig config = streamingConfig();
    config.maxConnectionsPerKey = 1;
    config.evictDelayMs = 200;
    config.limitPolicy = SimConfig::LimitPolicy::RejectNewest;
    config.keys = {QStringLiteral("demo"), QStringLiteral("other")};
    auto sim = startSimulator(config);

    Client first(sim->url());
    QVERIFY(first.authenticate());
    first.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(!first.eventsOf(QStringLiteral("T")).isEmpty());

    Client rejected(sim->url());
    QTRY_VERIFY(rejected.hasStatus(QStringLiteral("connected")));
    rejected.auth();
    QTRY_VERIFY(rejected.disconnected);
    QVERIFY(rejected.hasStatus(QStringLiteral("max_connections"), QStringLiteral("Maximum number of connections exceeded.")));
    QVERIFY(!rejected.hasStatus(QStringLiteral("auth_success")));
    QCOMPARE(rejected.socket()->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);

    // The limit is per key, and the first connection keeps streaming.
    Client otherKey(sim->url());
    QVERIFY(otherKey.authenticate(QStringLiteral("other")));
    const qsizetype before = first.eventsOf(QStringLiteral("T")).size();
    QTRY_VERIFY(first.eventsOf(QStringLiteral("T")).size() > before + 10);
    QVERIFY(!first.hasStatus(QStringLiteral("max_connections")));
    QCOMPARE(sim->counters().rejections, 1);
    QCOMPARE(sim->counters().evictions, 0);
}

void TestFeedSimFaults::abortEvery()
{
    SimConfig config = streamingConfig();
    config.abortEveryMs = 400;
    auto sim = startSimulator(config);
    RawClient raw(sim->port());
    QVERIFY(raw.handshake());
    raw.sendText(clientMessage("auth", QStringLiteral("demo")));
    raw.sendText(clientMessage("subscribe", QStringLiteral("T.AAPL")));
    QTRY_VERIFY(raw.hasTextContaining(R"("ev":"T")"));
    QTRY_VERIFY(raw.disconnected);
    QVERIFY2(!raw.closeReceived, "an abort sends no close frame");
    QCOMPARE(sim->counters().aborts, 1);

    // Each connection is aborted on its own schedule. (QWebSocket 6.4 still reports close code
    // 1000 for a dropped connection; only the raw client above can see that no close frame came.)
    Client client(sim->url());
    QVERIFY(client.authenticate());
    QTRY_VERIFY(client.disconnected);
    QCOMPARE(sim->counters().aborts, 2);
}

void TestFeedSimFaults::frozenConnection()
{
    SimConfig config = streamingConfig();
    config.freezeAfterMs = 800;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL"));
    client.socket()->ping("before");
    QTRY_COMPARE(client.pongs, 1);
    QTRY_VERIFY(!client.eventsOf(QStringLiteral("T")).isEmpty());

    QTRY_COMPARE(sim->counters().freezes, 1);
    QTest::qWait(200); // let frames already in flight arrive (the frozen simulator sends nothing to wait for)
    const qsizetype frames = client.texts.size();
    client.socket()->ping("after");
    QTest::qWait(1000); // absence check: no pong, no data
    QCOMPARE(client.pongs, 1);
    QCOMPARE(client.texts.size(), frames);
    // TCP stays open on both sides.
    QVERIFY(client.isConnected());
    QCOMPARE(sim->connectionCount(), 1);
}

void TestFeedSimFaults::forceDisconnect()
{
    SimConfig config = streamingConfig();
    config.forceDisconnectAfterMs = 500;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(client.disconnected);
    QVERIFY(client.hasStatus(QStringLiteral("force_disconnect")));
    QCOMPARE(client.socket()->closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(sim->counters().forceDisconnects, 1);
    QVERIFY(client.onlyAllowedStatuses());
}

void TestFeedSimFaults::slowConsumerIsKilled()
{
    SimConfig config = testConfig();
    config.tradesPerSecond = 20;
    config.quotesPerSecond = 40; // ~29k events/s over the built-in market
    config.socketSendBufferBytes = 8192;
    config.slowConsumerBytes = 64 * 1024;
    config.closeTimeoutMs = 5000;
    auto sim = startSimulator(config);

    RawClient raw(sim->port(), 4096);
    QVERIFY(raw.handshake());
    raw.sendText(clientMessage("auth", QStringLiteral("demo")));
    QTRY_VERIFY(raw.hasTextContaining("auth_success"));
    raw.sendText(clientMessage("subscribe", QStringLiteral("T.*,Q.*")));
    QTRY_VERIFY(raw.hasTextContaining("subscribed to: Q.*"));
    raw.setReading(false); // a client that stops reading

    QTRY_COMPARE_WITH_TIMEOUT(sim->counters().slowConsumerKills, 1, 15'000);
    QVERIFY(!raw.disconnected);
    raw.setReading(true); // drain: the status and the close frame wait behind the backlog
    QTRY_VERIFY_WITH_TIMEOUT(raw.closeReceived, 10'000);
    QCOMPARE(raw.closeCode, quint16(1008));
    QVERIFY(raw.hasTextContaining(R"({"ev":"status","status":"slow_consumer",)"));
    const auto &frames = raw.textFrames();
    QVERIFY(frames.last().payload.contains("slow_consumer")); // the last text frame before the close
    QTRY_VERIFY(raw.disconnected);
}

void TestFeedSimFaults::silentFeed()
{
    SimConfig config = streamingConfig();
    config.silent = true;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.*,Q.*,A.*,AM.*"));
    QTRY_COMPARE(client.statusCount(QStringLiteral("success")), 4);
    for (int i = 0; i < 3; ++i) { // the connection is alive and answers pings, but stays silent
        QTest::qWait(200); // absence check between pings: silence has no event to wait for
        client.socket()->ping();
        QTRY_COMPARE(client.pongs, i + 1);
    }
    QCOMPARE(client.dataEventCount(), 0);
    QCOMPARE(sim->counters().eventCount(EventType::Trade), 0);
}

void TestFeedSimFaults::malformedFramesCycleAndCount()
{
    SimConfig config = testConfig();
    config.tradesPerSecond = 100;
    config.quotesPerSecond = 200;
    config.malformedRate = 1.0; // every data frame, kinds in turn
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL,Q.AAPL"));
    QTRY_VERIFY_WITH_TIMEOUT(client.binaries.size() >= 4, 10'000);
    client.unsubscribe(QStringLiteral("T.AAPL,Q.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("unsubscribed to: Q.AAPL")));

    // Classify what arrived, as a defensive client would.
    struct Seen {
        qint64 frames = 0, good = 0, lost = 0;
    };
    Seen seen[tickstock::sim::kMalformedKindCount];
    QList<int> order;
    qint64 goodTrades = 0, goodQuotes = 0;
    int textIndex = 0, binaryIndex = 0;
    for (const bool binary : std::as_const(client.frameIsBinary)) {
        int kind = -1;
        qint64 good = 0, lost = 0;
        if (binary) {
            kind = int(MalformedKind::BinaryFrame);
            lost = QJsonDocument::fromJson(client.binaries[binaryIndex++]).array().size();
        } else {
            const QByteArray &text = client.texts[textIndex++];
            const QJsonDocument document = QJsonDocument::fromJson(text);
            if (document.isNull()) {
                kind = int(MalformedKind::TruncatedJson);
            } else if (document.isObject()) {
                kind = int(MalformedKind::ObjectNotArray);
                lost = 1;
            } else {
                bool status = false;
                for (const QJsonValue &value : document.array()) {
                    const QJsonObject event = value.toObject();
                    const QString ev = event.value(QLatin1String("ev")).toString();
                    if (ev == QLatin1String("status")) {
                        status = true;
                    } else if (event.value(QLatin1String("p")).isString()) {
                        kind = int(MalformedKind::WrongType);
                    } else if (ev != QLatin1String("T") && ev != QLatin1String("Q")) {
                        kind = int(MalformedKind::UnknownEv);
                    } else {
                        ++good;
                        (ev == QLatin1String("T") ? goodTrades : goodQuotes) += 1;
                    }
                }
                if (status)
                    continue;
                QVERIFY2(kind >= 0, "with rate 1.0 every data frame is malformed");
            }
        }
        order << kind;
        seen[kind].frames += 1;
        seen[kind].good += good;
        seen[kind].lost += lost;
    }
    for (int i = 0; i < order.size(); ++i)
        QCOMPARE(order[i], i % tickstock::sim::kMalformedKindCount);

    const auto counters = sim->counters();
    for (int kind = 0; kind < tickstock::sim::kMalformedKindCount; ++kind) {
        const auto &count = counters.malformed[kind];
        QCOMPARE(count.frames, seen[kind].frames);
        QCOMPARE(count.goodEvents, seen[kind].good);
    }
    QCOMPARE(counters.malformedCount(MalformedKind::BinaryFrame).lostEvents, seen[int(MalformedKind::BinaryFrame)].lost);
    QVERIFY(counters.malformedCount(MalformedKind::ObjectNotArray).lostEvents >= seen[int(MalformedKind::ObjectNotArray)].lost);
    QVERIFY(counters.malformedCount(MalformedKind::TruncatedJson).lostEvents >= seen[int(MalformedKind::TruncatedJson)].frames);
    // Only the good events of salvageable frames count as delivered.
    QCOMPARE(counters.eventCount(EventType::Trade), goodTrades);
    QCOMPARE(counters.eventCount(EventType::Quote), goodQuotes);
    QCOMPARE(counters.tickerCount("AAPL", EventType::Trade), goodTrades);
    QCOMPARE(counters.toJson()[QLatin1String("totals")][QLatin1String("malformed")][QLatin1String("wrong_type")]
                 [QLatin1String("good_events")].toInteger(),
             seen[int(MalformedKind::WrongType)].good);
}

QTEST_GUILESS_MAIN(TestFeedSimFaults)
#include "tst_feedsim_faults.moc"
