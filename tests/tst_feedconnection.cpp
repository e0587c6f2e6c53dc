// Feed connections against the real simulator over loopback WebSockets: multi and single mode,
// routing, counters that match the simulator's own, runtime subscribe/unsubscribe.

#include "feedtestutil.h"
#include "sim/marketlist.h"

using namespace feedtest;
using tickstock::status::ConnectionPhase;

class TestFeedConnection final : public QObject {
    Q_OBJECT
private slots:
    void multiModeStreamsEveryConnectionAndCountsMatch()
    {
        auto sim = startSimThread(simConfig());
        const QStringList t1{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA")};
        const QStringList t2{QStringLiteral("JPM"), QStringLiteral("BAC")};
        const QStringList t3{QStringLiteral("UNH"), QStringLiteral("PFE"), QStringLiteral("LLY")};
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), t1),
                         slot(2, QStringLiteral("secondary"), sim->url(), t2),
                         slot(3, QStringLiteral("tertiary"), sim->url(), t3)});
        for (int id = 1; id <= 3; ++id)
            QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(id), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.messages(1) > 60 && monitor.messages(2) > 40 && monitor.messages(3) > 60, 15000);

        const auto *c1 = monitor.conn(1);
        QCOMPARE(c1->tickers, t1);
        QCOMPARE(c1->subscriptionsAcked, 9); // 3 tickers × T,Q,AM
        QCOMPARE(c1->subscriptionsPending, 0);
        QCOMPARE(c1->parseErrors, qint64(0));
        QVERIFY(c1->messagesPerSecond > 0);
        QVERIFY(c1->connectedSinceMs > 0);
        QVERIFY(c1->latencySamples > 0);

        // Batches reach the consumer with the right connection per ticker.
        QTRY_VERIFY_WITH_TIMEOUT(monitor.latestTicks.size() == 8, 5000);
        for (const QString &t : t2)
            QCOMPARE(monitor.latestTicks.value(t).connection, 2);
        QVERIFY(monitor.latestTicks.value(QStringLiteral("AAPL")).price > 0);
        QVERIFY(monitor.batches < 20 * 10); // coalesced at ≤ 10 Hz, never one per tick

        // Every event the simulator delivered was counted, per connection: pause the source, let
        // the monitor catch up, compare exactly; then close politely.
        sim->setPaused(true);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.messages(1), simEvents(*sim, t1), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.messages(2), simEvents(*sim, t2), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.messages(3), simEvents(*sim, t3), 10000);
        QVERIFY(monitor.service->stop());
        const auto final = monitor.latest();
        QCOMPARE(final->connections.at(0).messageCount, simEvents(*sim, t1));
        QCOMPARE(final->connections.at(0).phase, ConnectionPhase::Closed);
        QTRY_COMPARE_WITH_TIMEOUT(sim->counters().connectionsOpen, qint64(0), 3000); // close frames freed the slots
    }

    // A large universe: 12,000 tickers × T,Q,AM = 36,000 params, acked one by one. The acks are
    // counted incrementally (a rescan per ack made this quadratic and stalled the feed thread for
    // seconds), every one is accounted for, and a small connection beside it streams throughout.
    void largeUniverseIsAckedExactly()
    {
        auto sim = startSimThread(simConfig());
        QStringList many;
        for (int i = 0; i < 12'000; ++i)
            many << QString::fromStdString(tickstock::sim::syntheticTicker(i, 'Y'));
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), many),
                         slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("AAPL")})});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 30000);
        const auto *c1 = monitor.conn(1);
        QCOMPARE(c1->subscriptionsAcked, 36'000);
        QCOMPARE(c1->subscriptionsPending, 0);
        QCOMPARE(c1->subscriptionsRefused, 0);
        QCOMPARE(c1->subscriptionsUnconfirmed, 0);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(2), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.messages(2) > 0, 10000);
    }

    void singleModeHasOnePrimaryConnection()
    {
        auto sim = startSim(simConfig());
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("SPY"), QStringLiteral("QQQ")})},
                        QStringLiteral("single"));
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.messages(1) > 20, 10000);
        const auto snapshot = monitor.latest();
        QCOMPARE(snapshot->mode, QStringLiteral("single"));
        QCOMPARE(snapshot->connections.size(), 1);
        QCOMPARE(snapshot->connections.at(0).connectionId(), QStringLiteral("connection_1"));
        QCOMPARE(snapshot->connections.at(0).name, QStringLiteral("primary"));
    }

    void disabledAndIdleSlotsStayVisible()
    {
        auto sim = startSim(simConfig());
        auto disabled = slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("IBM")});
        disabled.enabled = false;
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")}), disabled,
                         slot(3, QStringLiteral("tertiary"), sim->url(), {})});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        QCOMPARE(monitor.phase(2), ConnectionPhase::Disabled);
        QCOMPARE(monitor.phase(3), ConnectionPhase::Idle);
        QCOMPARE(monitor.conn(3)->detail, QStringLiteral("idle: no tickers"));
        QCOMPARE(sim->connectionCount(), 1);
    }

    void runtimeSubscribeGoesToTheLeastLoadedAndUnsubscribeStopsData()
    {
        auto sim = startSim(simConfig());
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL"), QStringLiteral("MSFT")}),
                         slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("JPM")})});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(2), ConnectionPhase::Streaming, 10000);
        monitor.service->subscribeTickers({QStringLiteral("amd")});
        QTRY_VERIFY_WITH_TIMEOUT(monitor.conn(2)->tickers.contains(QStringLiteral("AMD")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.latestTicks.value(QStringLiteral("AMD")).tickCount > 3, 10000);
        QCOMPARE(monitor.latestTicks.value(QStringLiteral("AMD")).connection, 2);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.conn(2)->subscriptionsAcked, 6, 5000);
        // The snapshot's JSON copy of the ticker list follows every change.
        QCOMPARE(monitor.conn(2)->tickersJson, QJsonArray({QStringLiteral("JPM"), QStringLiteral("AMD")}));

        monitor.service->unsubscribeTickers({QStringLiteral("AAPL")});
        QTRY_VERIFY_WITH_TIMEOUT(!monitor.conn(1)->tickers.contains(QStringLiteral("AAPL")), 5000);
        QCOMPARE(monitor.conn(1)->tickersJson, QJsonArray({QStringLiteral("MSFT")}));
        QTRY_VERIFY_WITH_TIMEOUT(monitor.latestTicks.value(QStringLiteral("AAPL")).removed, 5000);
        QTest::qWait(300); // anything in flight before the unsubscribe ack
        const qint64 frozen = sim->counters().tickerCount("AAPL", tickstock::sim::EventType::Trade)
            + sim->counters().tickerCount("AAPL", tickstock::sim::EventType::Quote);
        QTest::qWait(1500);
        const qint64 later = sim->counters().tickerCount("AAPL", tickstock::sim::EventType::Trade)
            + sim->counters().tickerCount("AAPL", tickstock::sim::EventType::Quote);
        QCOMPARE(later, frozen);
        QVERIFY(!monitor.latest()->tickers->contains(QStringLiteral("AAPL")));
    }

    void userDisconnectAndConnect()
    {
        auto sim = startSim(simConfig());
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")})});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        monitor.service->disconnectConnection(1);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Closed, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(sim->connectionCount(), 0, 5000);
        QTest::qWait(1500);
        QCOMPARE(monitor.phase(1), ConnectionPhase::Closed); // no automatic retry after a user close
        monitor.service->connectConnection(1);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        monitor.service->reconnectConnection(1);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.conn(1)->reconnectCount == 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
    }
};

QTEST_GUILESS_MAIN(TestFeedConnection)
#include "tst_feedconnection.moc"
