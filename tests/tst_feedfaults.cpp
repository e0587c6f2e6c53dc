// Feed connections under faults, against the real simulator: aborts, frozen server, wrong key,
// connection limit, malformed frames, a binary-frame flood and a deliberately slow consumer.

#include "feedtestutil.h"

#include "feed/feedconnection.h"

#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

#include <algorithm>

using namespace feedtest;
using tickstock::status::ConnectionPhase;

namespace {
// Records the connection's log lines through the feed's own hook (what the event log shows).
class LogSink final : public tickstock::feed::EventSink {
public:
    void onFeedEvents(int, const tickstock::massive::ParseResult &, qint64) override {}
    void onConnectionChanged(int) override {}
    void onConnectionLog(int, QtMsgType, const QString &text) override { lines.append(text); }
    qsizetype count(const QString &text) const
    {
        return std::count_if(lines.cbegin(), lines.cend(), [&text](const QString &l) { return l.contains(text); });
    }
    QStringList lines;
};

// For checks that something does NOT happen within a period: waits until the feed thread has
// published a snapshot stamped `periodMs` after the latest one now (it publishes every 250 ms),
// so the period passed on the feed's own clock, not just on ours.
bool feedRanFor(const Monitor &monitor, qint64 periodMs, int timeoutMs)
{
    const qint64 until = monitor.latest()->timestampMs + periodMs;
    return QTest::qWaitFor([&] { return monitor.latest()->timestampMs >= until; }, timeoutMs);
}

} // namespace

class TestFeedFaults final : public QObject {
    Q_OBJECT
private slots:
    void abortReconnectsWithinTheBackoffBoundAndResubscribes()
    {
        auto config = simConfig();
        config.abortEveryMs = 2500; // TCP abort, no close frame
        auto sim = startSim(config);
        const QStringList tickers{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA")};
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), tickers)});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.sawPhase(1, ConnectionPhase::Backoff), 10000);

        tickstock::status::SnapshotPtr holder;
        const auto *backoff = monitor.firstWithPhase(1, ConnectionPhase::Backoff, &holder);
        const qint64 wait = backoff->nextRetryMs - holder->timestampMs;
        QVERIFY2(wait >= 700 && wait <= 1250, qPrintable(QString::number(wait))); // 1 s ± 20 %
        QVERIFY(backoff->detail.contains(QStringLiteral("retrying in")));

        QTRY_VERIFY_WITH_TIMEOUT(monitor.conn(1)->reconnectCount >= 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 5000);
        QCOMPARE(monitor.conn(1)->subscriptionsAcked, 9); // the full set again
        QHash<QString, qint64> before;
        for (const QString &t : tickers)
            before.insert(t, monitor.latestTicks.value(t).tickCount);
        for (const QString &t : tickers) // data resumes on every ticker
            QTRY_VERIFY_WITH_TIMEOUT(monitor.latestTicks.value(t).tickCount > before.value(t) + 2, 5000);
        QVERIFY(monitor.conn(1)->lastGapMs > 0);
        QVERIFY(!monitor.conn(1)->lastError.isEmpty());
    }

    // The retry waits on a precise timer: a coarse one rounds delays of 20 s and more to whole
    // seconds and lines up the retries of different slots, which defeats the jitter.
    void retryTimerIsPrecise()
    {
        QTcpServer probe; // a port nobody listens on: every dial is refused
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/stocks").arg(probe.serverPort()));
        probe.close();
        tickstock::feed::FeedConnection connection(slot(1, QStringLiteral("primary"), url, {QStringLiteral("AAPL")}), nullptr);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(connection.phase(), ConnectionPhase::Backoff, 5000);
        QList<QTimer *> waiting; // the retry: the one single-shot timer running during backoff
        for (QTimer *timer : connection.findChildren<QTimer *>(Qt::FindDirectChildrenOnly)) {
            if (timer->isSingleShot() && timer->isActive())
                waiting.append(timer);
        }
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.front()->timerType(), Qt::PreciseTimer);
    }

    void frozenServerGoesStaleThenReconnects()
    {
        auto config = simConfig();
        config.freezeAfterMs = 1500; // stops sending and answering pings
        auto sim = startSim(config);
        auto s = slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")});
        s.pingIntervalMs = 500;
        s.staleTimeoutMs = 2000;
        Monitor monitor({s});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.sawPhase(1, ConnectionPhase::Stale), 10000);
        tickstock::status::SnapshotPtr holder;
        const auto *stale = monitor.firstWithPhase(1, ConnectionPhase::Stale, &holder);
        QVERIFY2(stale->lastError.contains(QStringLiteral("no frame or pong")), qPrintable(stale->lastError));
        QTRY_VERIFY_WITH_TIMEOUT(monitor.conn(1)->reconnectCount >= 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 5000);
    }

    void wrongKeyIsAuthFailedAndNeverRetried()
    {
        auto sim = startSim(simConfig());
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")},
                              QStringLiteral("not-a-valid-key"))});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::AuthFailed, 10000);
        QVERIFY(feedRanFor(monitor, 3000, 10000)); // well past the first backoff: no retry
        const auto *c = monitor.conn(1);
        QCOMPARE(c->phase, ConnectionPhase::AuthFailed);
        QCOMPARE(c->reconnectCount, qint64(0));
        QCOMPARE(c->nextRetryMs, qint64(0));
        QCOMPARE(c->lastError, QStringLiteral("authentication failed"));
        QVERIFY(c->detail.contains(QStringLiteral("not retrying")));
        QCOMPARE(sim->counters().authFailed, qint64(1));
        QVERIFY(!c->detail.contains(QStringLiteral("not-a-valid-key"))); // the key is never shown
    }

    void evictionCoolsDownInsteadOfLooping()
    {
        auto config = simConfig();
        config.maxConnectionsPerKey = 1;
        auto sim = startSim(config);
        auto a = slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")});
        a.backoff.evictionCooldownSeconds = 5; // 60 s in production; shortened to keep the test quick
        Monitor first({a});
        QTRY_COMPARE_WITH_TIMEOUT(first.phase(1), ConnectionPhase::Streaming, 10000);
        Monitor second({a});
        QTRY_COMPARE_WITH_TIMEOUT(second.phase(1), ConnectionPhase::Streaming, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(first.phase(1), ConnectionPhase::Evicted, 5000);
        const auto *evicted = first.conn(1);
        QVERIFY(evicted->nextRetryMs - first.latest()->timestampMs >= 4000);
        QVERIFY2(evicted->lastError.startsWith(QStringLiteral("evicted: Maximum number of connections exceeded.")),
                 qPrintable(evicted->lastError));
        QVERIFY(evicted->detail.contains(QStringLiteral("evicted by another connection")));
        QVERIFY(feedRanFor(first, 3000, 10000));
        QCOMPARE(sim->counters().evictions, qint64(1)); // no ping-pong while cooling down
        QCOMPARE(second.phase(1), ConnectionPhase::Streaming);
    }

    void malformedFramesAreCountedAndTheConnectionStaysUp()
    {
        auto config = simConfig();
        config.malformedRate = 0.3;
        auto sim = startSimThread(config);
        const QStringList tickers{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA"),
                                  QStringLiteral("AMZN")};
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), tickers)});
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.conn(1)->parseErrors >= 5 && monitor.conn(1)->unknownEvents >= 1, 15000);
        sim->setPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.messages(1) >= simEvents(*sim, tickers), 10000); // caught up
        QVERIFY(feedRanFor(monitor, 300, 5000)); // a quiet spell: still no reconnect
        QVERIFY(monitor.service->stop());
        const auto &c = monitor.latest()->connections.at(0);
        QCOMPARE(c.reconnectCount, qint64(0));
        QVERIFY(!monitor.sawPhase(1, ConnectionPhase::Backoff));
        QVERIFY(!c.lastParseErrorSample.isEmpty());
        // Every good event, including those beside a bad one in the same frame, was counted; the
        // codec may also salvage whole events from a truncated frame or a bare object, which the
        // simulator books as lost, so the count lies between the two.
        qint64 malformedFrames = 0;
        qint64 lost = 0;
        for (const auto &m : sim->counters().malformed) {
            malformedFrames += m.frames;
            lost += m.lostEvents;
        }
        QVERIFY(malformedFrames >= 5);
        const qint64 good = simEvents(*sim, tickers);
        QVERIFY2(c.messageCount >= good && c.messageCount <= good + lost,
                 qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(c.messageCount).arg(good).arg(good + lost)));
    }

    // A server flooding binary frames costs a line a second in the log, not one per frame.
    void binaryFloodIsRateLimited()
    {
        QWebSocketServer server(QStringLiteral("binary flood"), QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        constexpr int kFrames = 300;
        QWebSocket *peer = nullptr; // owned by the server
        connect(&server, &QWebSocketServer::newConnection, &server, [&server, &peer] {
            peer = server.nextPendingConnection();
            for (int i = 0; i < kFrames; ++i)
                peer->sendBinaryMessage(QByteArray(16, 'b'));
        });
        const QUrl url(QStringLiteral("ws://127.0.0.1:%1/stocks").arg(server.serverPort()));
        LogSink sink;
        tickstock::feed::FeedConnection connection(slot(1, QStringLiteral("primary"), url, {QStringLiteral("AAPL")}), &sink);
        connection.start();
        QTRY_COMPARE_WITH_TIMEOUT(connection.snapshot(0).parseErrors, qint64(kFrames), 10000); // every frame counted
        const QString binary = QStringLiteral("binary frame of 16 bytes ignored");
        QVERIFY2(sink.count(binary) >= 1, qPrintable(sink.lines.join(u'\n')));
        QVERIFY2(sink.count(binary) <= 3, qPrintable(sink.lines.join(u'\n'))); // at most one a second
        QCOMPARE(connection.snapshot(0).lastParseErrorSample, QStringLiteral("frame: ") + binary + QStringLiteral(" (the feed sends text)"));
        // The next line after the window reopens says how many were left out.
        QTest::qWait(1100);
        peer->sendBinaryMessage(QByteArray(16, 'b'));
        QTRY_VERIFY_WITH_TIMEOUT(sink.count(QStringLiteral("similar lines suppressed]")) >= 1, 5000);
    }

    void slowConsumerNeverSlowsTheFeedThread()
    {
        auto config = simConfig();
        config.tradesPerSecond = 50;
        config.quotesPerSecond = 100;
        auto sim = startSimThread(config);
        QStringList tickers;
        for (const char *t : {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "V", "UNH"})
            tickers.append(QLatin1String(t));
        Monitor monitor({slot(1, QStringLiteral("primary"), sim->url(), tickers)});
        // A deliberately slow receiver: 300 ms per batch on this (the consumer's) thread; the sleep is the fault.
        connect(monitor.mailbox, &tickstock::feed::BatchMailbox::available, &monitor, [] { QThread::msleep(300); },
                Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(1), ConnectionPhase::Streaming, 10000);
        // Sampled every 100 ms (between the slow receiver's batches) for 4 s of the feed's time.
        qsizetype mostPending = 0;
        int samples = 0;
        QTimer sampler;
        sampler.callOnTimeout([&] {
            ++samples;
            mostPending = std::max(mostPending, monitor.mailbox->pendingCount());
        });
        sampler.start(100);
        QVERIFY(feedRanFor(monitor, 4000, 20000));
        sampler.stop();
        QVERIFY(samples >= 5);
        QVERIFY2(mostPending <= tickers.size(), qPrintable(QString::number(mostPending))); // bounded by tickers
        sim->setPaused(true);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.messages(1), simEvents(*sim, tickers), 10000); // nothing lost
        QVERIFY(monitor.service->stop());
        const auto &c = monitor.latest()->connections.at(0);
        QCOMPARE(c.messageCount, simEvents(*sim, tickers));
        QCOMPARE(c.reconnectCount, qint64(0));
        QVERIFY(monitor.mailbox->postedBatches() > monitor.mailbox->takenBatches()); // coalesced, not queued
    }
};

QTEST_GUILESS_MAIN(TestFeedFaults)
#include "tst_feedfaults.moc"
