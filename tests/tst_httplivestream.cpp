// The /admin-ws live stream against the real simulator and FeedService: a full status_update per
// connection first, then metrics_update about once a second and tick_update coalesced to at most
// 10 per ticker per second, state changes in order, auth and limits, and a subscriber that never
// reads must not delay anyone else (it is skipped, then dropped).

#include "feedtestutil.h"
#include "httptestutil.h"

#include "http/httpcounters.h"
#include "http/statusserver.h"
#include "runtime/monitorruntime.h"
#include "sim/marketlist.h"

using namespace httptest;
using tickstock::http::StatusServer;

namespace {

struct Stack {
    Stack(QList<feed::ConnectionSettings> connectionSlots, http::ServerOptions options = {}, const QString &token = {})
    {
        service = std::make_unique<feed::FeedService>(std::move(connectionSlots), feed::ManagerOptions{});
        mailbox = service->createMailbox();
        config::HttpConfig http;
        http.port = 0;
        http.token = token;
        source = std::make_unique<status::StatusSource>(service->snapshots());
        server = std::make_unique<StatusServer>(http, source.get(), service.get(), mailbox, QStringList{});
        source->setHttp([s = server.get()] { return s->status(); });
        server->setOptions(options);
        QString error;
        if (!server->start(&error))
            qFatal("status server: %s", qPrintable(error));
        service->start();
    }
    ~Stack()
    {
        server->stop();
        service->stop();
    }
    QUrl streamUrl(const QString &query = {}) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/admin-ws%2").arg(server->port()).arg(query));
    }
    bool streaming(int id) const
    {
        for (const auto &c : service->snapshots()->latest()->connections) {
            if (c.id == id)
                return c.phase == status::ConnectionPhase::Streaming;
        }
        return false;
    }
    std::unique_ptr<feed::FeedService> service;
    feed::BatchMailbox *mailbox = nullptr;
    std::unique_ptr<status::StatusSource> source;
    std::unique_ptr<StatusServer> server;
};

sim::SimConfig busySim()
{
    sim::SimConfig c = feedtest::simConfig();
    c.tradesPerSecond = 40; // per ticker: ~80 events/s, to be coalesced to ≤ 10/s
    c.quotesPerSecond = 40;
    return c;
}

QStringList marketTickers(int n)
{
    QStringList out;
    for (const auto &e : sim::builtInMarket()) {
        if (out.size() == n)
            break;
        out.append(QString::fromLatin1(e.symbol));
    }
    return out;
}

} // namespace

class TestHttpLiveStream final : public QObject {
    Q_OBJECT
private slots:
    void statusFirstThenMetricsAndCoalescedTicks()
    {
        auto sim = feedtest::startSimThread(busySim());
        Stack stack({feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL"), QStringLiteral("MSFT")}),
                     feedtest::slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("JPM")})});
        QTRY_VERIFY_WITH_TIMEOUT(stack.streaming(1) && stack.streaming(2), 15000);

        StreamRecorder stream(stack.streamUrl());
        QTRY_VERIFY_WITH_TIMEOUT(stream.isOpen(), 5000);
        const qint64 opened = stream.now();
        QTRY_VERIFY_WITH_TIMEOUT(stream.count(QStringLiteral("metrics_update")) >= 4, 8000);
        const qint64 duration = stream.now() - opened;
        const QList<StreamEvent> events = stream.events;

        // One full status_update per connection, before anything else.
        QVERIFY(events.size() > 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(events.at(i).event, QStringLiteral("status_update"));
            const QJsonObject d = events.at(i).data;
            QCOMPARE(d.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_%1").arg(i + 1));
            QCOMPARE(d.value(QStringLiteral("status")).toString(), QStringLiteral("connected"));
            QCOMPARE(d.value(QStringLiteral("phase")).toString(), QStringLiteral("streaming"));
            QVERIFY(d.value(QStringLiteral("timestamp")).toDouble() > 1.6e9);
            QVERIFY(d.contains(QStringLiteral("detail")));
        }

        // metrics_update about once a second, with every connection.
        const QList<StreamEvent> metrics = stream.named(QStringLiteral("metrics_update"));
        QVERIFY2(metrics.size() <= duration / 1000 + 2, qPrintable(QStringLiteral("%1 in %2 ms").arg(metrics.size()).arg(duration)));
        for (qsizetype i = 1; i < metrics.size(); ++i) {
            const qint64 gap = metrics.at(i).atMs - metrics.at(i - 1).atMs;
            QVERIFY2(gap > 600 && gap < 1600, qPrintable(QString::number(gap)));
        }
        const QJsonObject m = metrics.last().data;
        QCOMPARE(m.keys(), (QStringList{QStringLiteral("connection_1"), QStringLiteral("connection_2")}));
        const QJsonObject m1 = m.value(QStringLiteral("connection_1")).toObject();
        QVERIFY(m1.value(QStringLiteral("msgs_per_sec")).toDouble() > 0);
        QVERIFY(m1.value(QStringLiteral("uptime")).toDouble() > 0);
        QVERIFY(m1.contains(QStringLiteral("error_count")));

        // tick_update: every ticker, on its connection, at most 10 per ticker per second.
        QHash<QString, QList<qint64>> perTicker;
        for (const StreamEvent &e : stream.named(QStringLiteral("tick_update"))) {
            const QString symbol = e.data.value(QStringLiteral("symbol")).toString();
            perTicker[symbol].append(e.atMs);
            const QString expected = symbol == u"JPM" ? QStringLiteral("connection_2") : QStringLiteral("connection_1");
            QCOMPARE(e.data.value(QStringLiteral("connection_id")).toString(), expected);
            QVERIFY(e.data.value(QStringLiteral("price")).toDouble() > 0);
            QVERIFY(e.data.value(QStringLiteral("timestamp")).toDouble() > 1.6e9);
            QVERIFY(QStringList({QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("flat")})
                        .contains(e.data.value(QStringLiteral("direction")).toString()));
        }
        QCOMPARE(perTicker.size(), 3);
        const double seconds = duration / 1000.0;
        for (auto it = perTicker.cbegin(); it != perTicker.cend(); ++it) {
            const qsizetype n = it.value().size();
            // ~80 events/s per ticker arrive; the stream must coalesce them to ≤ 10/s ...
            QVERIFY2(n <= qsizetype(10 * seconds) + 2, qPrintable(QStringLiteral("%1: %2 in %3 s").arg(it.key()).arg(n).arg(seconds)));
            // ... and still deliver a steady flow (not one batch a second).
            QVERIFY2(n >= qsizetype(4 * seconds), qPrintable(QStringLiteral("%1: %2 in %3 s").arg(it.key()).arg(n).arg(seconds)));
            // Within any one second, at most 10 (+1 for a window edge).
            const QList<qint64> &times = it.value();
            for (qsizetype i = 0; i + 11 < times.size(); ++i)
                QVERIFY2(times.at(i + 11) - times.at(i) >= 1000 - 150, qPrintable(it.key()));
        }
    }

    void stateChangesAreStreamedInOrder()
    {
        auto sim = feedtest::startSimThread(feedtest::simConfig());
        Stack stack({feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")}),
                     feedtest::slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("JPM")})});
        StreamRecorder stream(stack.streamUrl()); // subscribe while the connections come up
        QTRY_VERIFY_WITH_TIMEOUT(stack.streaming(1) && stack.streaming(2), 15000);
        const auto phasesOf = [&stream](const QString &connectionId) {
            QStringList phases;
            for (const StreamEvent &e : stream.named(QStringLiteral("status_update"))) {
                if (e.data.value(QStringLiteral("connection_id")).toString() == connectionId)
                    phases.append(e.data.value(QStringLiteral("phase")).toString());
            }
            return phases;
        };
        QTRY_VERIFY_WITH_TIMEOUT(phasesOf(QStringLiteral("connection_2")).endsWith(QStringLiteral("streaming")), 5000);

        Client client;
        const QUrl base(QStringLiteral("http://127.0.0.1:%1/api/admin/connections/2/").arg(stack.server->port()));
        const qsizetype before = phasesOf(QStringLiteral("connection_2")).size();
        QCOMPARE(client.request(base.resolved(QUrl(QStringLiteral("disconnect"))), "POST").status, 202);
        QTRY_VERIFY_WITH_TIMEOUT(phasesOf(QStringLiteral("connection_2")).endsWith(QStringLiteral("closed")), 5000);
        QCOMPARE(client.request(base.resolved(QUrl(QStringLiteral("connect"))), "POST").status, 202);
        QTRY_VERIFY_WITH_TIMEOUT(phasesOf(QStringLiteral("connection_2")).endsWith(QStringLiteral("streaming")), 10000);

        const QStringList after = phasesOf(QStringLiteral("connection_2")).mid(before);
        QVERIFY2(after.size() >= 3, qPrintable(after.join(u',')));
        QCOMPARE(after.first(), QStringLiteral("closed"));
        QCOMPARE(after.last(), QStringLiteral("streaming"));
        // closed → dialing → authenticating → subscribing → streaming, as published
        const QStringList order{QStringLiteral("closed"), QStringLiteral("dialing"), QStringLiteral("authenticating"),
                                QStringLiteral("subscribing"), QStringLiteral("streaming")};
        for (qsizetype i = 1; i < after.size(); ++i)
            QVERIFY2(order.indexOf(after.at(i)) > order.indexOf(after.at(i - 1)), qPrintable(after.join(u',')));
        // Only changes are sent: never the same state twice in a row for one connection.
        const QList<StreamEvent> updates = stream.named(QStringLiteral("status_update"));
        QHash<QString, QString> last;
        for (const StreamEvent &e : updates) {
            const QString id = e.data.value(QStringLiteral("connection_id")).toString();
            const QString key = e.data.value(QStringLiteral("phase")).toString() + u'|' + e.data.value(QStringLiteral("detail")).toString();
            QVERIFY2(last.value(id) != key, qPrintable(id + u' ' + key));
            last.insert(id, key);
        }
        // The other connection was not disturbed.
        QCOMPARE(phasesOf(QStringLiteral("connection_1")).last(), QStringLiteral("streaming"));
    }

    void slowSubscriberIsSkippedThenDroppedWithoutDelayingOthers()
    {
        sim::SimConfig simConfig = feedtest::simConfig();
        simConfig.tradesPerSecond = 20;
        simConfig.quotesPerSecond = 20;
        auto sim = feedtest::startSimThread(simConfig);
        http::ServerOptions options;
        options.stream.skipBacklogBytes = 32 * 1024;
        options.stream.dropBacklogBytes = 2 * 1024 * 1024;
        options.stream.dropAfterMs = 2500;
        options.stream.sendBufferBytes = 8 * 1024;
        Stack stack({feedtest::slot(1, QStringLiteral("primary"), sim->url(), marketTickers(150))}, options);
        QTRY_VERIFY_WITH_TIMEOUT(stack.streaming(1), 15000);

        StuckClient stuck(stack.server->port(), handshake("/admin-ws"));
        QVERIFY(stuck.connected());
        QTRY_COMPARE_WITH_TIMEOUT(stack.server->counters().streamClients.load(), qint64(1), 5000);
        StreamRecorder fast(stack.streamUrl());
        QTRY_VERIFY_WITH_TIMEOUT(fast.isOpen(), 5000);

        // The stuck subscriber falls behind and is skipped, then dropped ...
        QTRY_VERIFY_WITH_TIMEOUT(stack.server->counters().streamFramesSkipped.load() > 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stack.server->counters().streamClientsDropped.load(), qint64(1), 15000);
        QCOMPARE(stack.server->counters().streamClients.load(), qint64(1));
        // ... while the other one got every metrics_update on time and a steady flow of ticks.
        const int seen = fast.count(QStringLiteral("metrics_update"));
        QTRY_VERIFY_WITH_TIMEOUT(fast.count(QStringLiteral("metrics_update")) >= seen + 2, 5000);
        const QList<StreamEvent> metrics = fast.named(QStringLiteral("metrics_update"));
        QVERIFY(metrics.size() >= 4);
        for (qsizetype i = 1; i < metrics.size(); ++i) {
            const qint64 gap = metrics.at(i).atMs - metrics.at(i - 1).atMs;
            QVERIFY2(gap < 1600, qPrintable(QString::number(gap)));
        }
        const QList<StreamEvent> ticks = fast.named(QStringLiteral("tick_update"));
        QVERIFY(ticks.size() > 500);
        qint64 longestSilence = 0;
        for (qsizetype i = 1; i < ticks.size(); ++i)
            longestSilence = qMax(longestSilence, ticks.at(i).atMs - ticks.at(i - 1).atMs);
        QVERIFY2(longestSilence < 1000, qPrintable(QString::number(longestSilence)));
    }

    void authLimitsPingAndClose()
    {
        auto sim = feedtest::startSimThread(feedtest::simConfig());
        http::ServerOptions options;
        options.stream.maxClients = 1;
        const QString token = QStringLiteral("stream-token-123");
        Stack stack({feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")})}, options, token);

        StreamRecorder refused(stack.streamUrl());
        QSignalSpy refusedDone(&refused.socket, &QWebSocket::disconnected);
        QVERIFY(refusedDone.wait(5000));
        QVERIFY(refused.events.isEmpty());
        QCOMPARE(stack.server->counters().responsesWithCode(401), qint64(1));

        StreamRecorder byQuery(stack.streamUrl(QStringLiteral("?token=") + token));
        QTRY_VERIFY_WITH_TIMEOUT(byQuery.count(QStringLiteral("status_update")) >= 1, 5000);
        QSignalSpy pong(&byQuery.socket, &QWebSocket::pong);
        byQuery.socket.ping("are you there");
        QVERIFY(pong.wait(3000));
        QCOMPARE(pong.at(0).at(1).toByteArray(), QByteArray("are you there"));

        // Full: the next subscriber gets 503 before the upgrade.
        const RawReply full = rawExchange(stack.server->port(), handshake("/admin-ws", "Authorization: Bearer " + token.toUtf8() + "\r\n"), 1500);
        QCOMPARE(full.status(), 503);

        // A polite close from the client frees the slot.
        QSignalSpy closed(&byQuery.socket, &QWebSocket::disconnected);
        byQuery.socket.close();
        QVERIFY(closed.count() > 0 || closed.wait(3000)); // may already have been emitted inside close()
        QTRY_COMPARE_WITH_TIMEOUT(stack.server->counters().streamClients.load(), qint64(0), 3000);
        StreamRecorder byHeader(stack.streamUrl(), token.toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(byHeader.count(QStringLiteral("status_update")) >= 1, 5000);

        // Shutting the server down says goodbye (1001) to subscribers.
        QSignalSpy goodbye(&byHeader.socket, &QWebSocket::disconnected);
        stack.server->stop();
        QVERIFY(goodbye.count() > 0 || goodbye.wait(3000));
        QCOMPARE(byHeader.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    }

    // The stream's mailbox is fed only while someone subscribes: with nobody there the feed posts
    // nothing to it (no copies, no backlog), and after the last subscriber it stops again.
    void streamMailboxIsFedOnlyWhileSubscribed()
    {
        auto sim = feedtest::startSimThread(busySim());
        Stack stack({feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL"), QStringLiteral("MSFT")})});
        QTRY_VERIFY_WITH_TIMEOUT(stack.streaming(1), 15000);
        const auto messages = [&stack] { return stack.service->snapshots()->latest()->connections.at(0).messageCount; };
        const qint64 before = messages();
        QTRY_VERIFY_WITH_TIMEOUT(messages() > before + 100, 10000); // ticks flow...
        QVERIFY(!stack.mailbox->isActive());                        // ...to nobody
        QCOMPARE(stack.mailbox->postedBatches(), qint64(0));
        QCOMPARE(stack.mailbox->pendingCount(), qsizetype(0));

        {
            StreamRecorder stream(stack.streamUrl());
            QTRY_VERIFY_WITH_TIMEOUT(stream.count(QStringLiteral("tick_update")) > 0, 8000);
            QVERIFY(stack.mailbox->isActive());
            QVERIFY(stack.mailbox->postedBatches() > 0);
            stream.socket.close();
            QTRY_COMPARE_WITH_TIMEOUT(stack.server->counters().streamClients.load(), 0, 5000);
        }
        QVERIFY(!stack.mailbox->isActive());
        const qint64 posted = stack.mailbox->postedBatches();
        const qint64 at = messages();
        QTRY_VERIFY_WITH_TIMEOUT(messages() > at + 100, 10000);
        QCOMPARE(stack.mailbox->postedBatches(), posted);
        QCOMPARE(stack.mailbox->pendingCount(), qsizetype(0));
    }

    // Headless, nothing drains a dashboard mailbox, so the runtime makes none; the stream's stays
    // off without subscribers. The desktop gets one, and the feed fills it.
    void runtimeMakesOnlyMailboxesThatAreDrained()
    {
        config::MonitorConfig cfg;
        cfg.demo = true;
        cfg.redis.enabled = false;
        cfg.http.port = 0;
        config::SlotConfig slotConfig;
        slotConfig.index = 1;
        slotConfig.enabled = true;
        slotConfig.name = QStringLiteral("primary");
        slotConfig.tickers = {QStringLiteral("AAPL"), QStringLiteral("MSFT")};
        cfg.feedSlots = {slotConfig};
        for (const runtime::FrontEnd frontEnd : {runtime::FrontEnd::Headless, runtime::FrontEnd::Desktop}) {
            runtime::MonitorRuntime monitor(cfg, frontEnd);
            QString error;
            QVERIFY2(monitor.start(&error), qPrintable(error));
            const auto ticks = [&monitor] {
                const auto s = monitor.snapshots()->latest();
                return s->connections.isEmpty() ? qint64(0) : s->connections.at(0).messageCount;
            };
            QTRY_VERIFY_WITH_TIMEOUT(ticks() > 20, 15000);
            QTest::qWait(300); // a few batch intervals after the ticks
            QVERIFY(monitor.streamMailbox());
            QCOMPARE(monitor.streamMailbox()->postedBatches(), qint64(0));
            if (frontEnd == runtime::FrontEnd::Headless) {
                QVERIFY(!monitor.uiMailbox());
            } else {
                QVERIFY(monitor.uiMailbox());
                QVERIFY(monitor.uiMailbox()->postedBatches() > 0);
            }
            monitor.stop();
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpLiveStream)
#include "tst_httplivestream.moc"
