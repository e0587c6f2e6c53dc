// One table of feed events, two consumers: the Redis message (publish::normaliseEvent +
// tickMessage) and the ticker table row (ConnectionManager) must both show what the row says
// (docs/redis.md, "Normalised values"). Each row is a fresh ticker, so the table shows the event's
// own values rather than a merge with earlier ones.

#include "feed/batchmailbox.h"
#include "feed/connectionmanager.h"
#include "massive/frameparser.h"
#include "massive/ticknormaliser.h"
#include "publish/tick.h"
#include "publish/tickmessage.h"
#include "status/snapshotstore.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace tickstock;

namespace {

constexpr qint64 kReceived = 1'705'900'000'000; // receive time: distinct from every event time

massive::Event parseOne(const QByteArray &frame)
{
    massive::FrameParser parser;
    const massive::ParseResult result = parser.parse(std::string_view(frame.constData(), std::size_t(frame.size())));
    if (result.events.size() != 1 || !result.errors.empty())
        qFatal("fixture frame did not parse to one event: %s", frame.constData());
    return result.events.front();
}

QJsonObject message(const massive::Event &event, bool *published)
{
    publish::Tick tick;
    *published = publish::normaliseEvent(event, 1, kReceived, tick);
    if (!*published)
        return {};
    const std::string m = publish::tickMessage(tick);
    return QJsonDocument::fromJson(QByteArray(m.data(), qsizetype(m.size()))).object();
}

// The table rows the ConnectionManager builds for one frame on fresh tickers (its first batch).
status::TickBatch tableBatch(const QByteArray &frame)
{
    status::SnapshotStore store;
    feed::ManagerOptions options;
    options.batchIntervalMs = 1;
    feed::ConnectionManager manager({}, options, &store);
    feed::BatchMailbox box;
    manager.addMailbox(&box);
    manager.start();
    massive::FrameParser parser;
    manager.onFeedEvents(1, parser.parse(std::string_view(frame.constData(), std::size_t(frame.size()))), kReceived);
    if (!QTest::qWaitFor([&box] { return box.pendingCount() > 0; }, 1000))
        qFatal("the manager posted no batch");
    const status::TickBatch batch = box.take();
    manager.shutdown();
    return batch;
}

// The one table row for a frame about one ticker.
status::TickUpdate tableRow(const QByteArray &frame)
{
    const status::TickBatch batch = tableBatch(frame);
    if (batch.size() != 1)
        qFatal("expected one table row, got %d", int(batch.size()));
    return batch.first();
}

} // namespace

class TestTickNormaliser final : public QObject {
    Q_OBJECT
private slots:
    void bothConsumersAgree_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<bool>("published");  // a market tick on Redis (LULD/NOI only reach the table)
        QTest::addColumn<double>("price");    // 0: no usable price (the table shows none)
        QTest::addColumn<qint64>("size");     // the message's volume
        QTest::addColumn<qint64>("dayVolume"); // the table's volume for a fresh ticker
        QTest::addColumn<qint64>("timestampMs");
        QTest::addColumn<QVariant>("bid");    // null: absent (the message sends null, the table 0)
        QTest::addColumn<QVariant>("ask");

        const QVariant none;
        QTest::newRow("T") << QByteArray(R"([{"ev":"T","sym":"T1","p":178.23,"s":100,"t":1705853696123}])")
                           << true << 178.23 << qint64(100) << qint64(100) << qint64(1705853696123) << none << none;
        QTest::newRow("T without t: receive time")
            << QByteArray(R"([{"ev":"T","sym":"T2","p":10.5,"s":7}])") << true << 10.5 << qint64(7) << qint64(7)
            << kReceived << none << none;
        QTest::newRow("T without p") << QByteArray(R"([{"ev":"T","sym":"T3","s":5,"t":1705853696000}])") << true
                                     << 0.0 << qint64(5) << qint64(5) << qint64(1705853696000) << none << none;
        QTest::newRow("Q: mid") << QByteArray(R"([{"ev":"Q","sym":"Q1","bp":410.1,"ap":410.2,"t":1705853696000}])")
                                << true << (410.1 + 410.2) / 2.0 << qint64(0) << qint64(0) << qint64(1705853696000)
                                << QVariant(410.1) << QVariant(410.2);
        QTest::newRow("Q: bid only") << QByteArray(R"([{"ev":"Q","sym":"Q2","bp":5.5,"t":1705853696000}])") << true
                                     << 5.5 << qint64(0) << qint64(0) << qint64(1705853696000) << QVariant(5.5) << none;
        QTest::newRow("Q: ask only") << QByteArray(R"([{"ev":"Q","sym":"Q3","ap":6.25,"t":1705853696000}])") << true
                                     << 6.25 << qint64(0) << qint64(0) << qint64(1705853696000) << none << QVariant(6.25);
        QTest::newRow("Q: empty bid side") << QByteArray(R"([{"ev":"Q","sym":"Q4","bp":0,"ap":10,"t":1705853696000}])")
                                           << true << 10.0 << qint64(0) << qint64(0) << qint64(1705853696000)
                                           << QVariant(0.0) << QVariant(10.0);
        QTest::newRow("Q: both sides empty") << QByteArray(R"([{"ev":"Q","sym":"Q5","bp":0,"ap":0,"t":1705853696000}])")
                                             << true << 0.0 << qint64(0) << qint64(0) << qint64(1705853696000)
                                             << QVariant(0.0) << QVariant(0.0);
        QTest::newRow("Q without t: receive time") << QByteArray(R"([{"ev":"Q","sym":"Q6","bp":1,"ap":3}])") << true
                                                   << 2.0 << qint64(0) << qint64(0) << kReceived << QVariant(1.0)
                                                   << QVariant(3.0);
        QTest::newRow("A: v for the tick, av for the day")
            << QByteArray(R"([{"ev":"A","sym":"A1","v":1200,"av":98765,"o":880.5,"c":882.25,"h":883,"l":880.1,"s":1705853696000,"e":1705853697000}])")
            << true << 882.25 << qint64(1200) << qint64(98765) << qint64(1705853697000) << none << none;
        QTest::newRow("AM without av") << QByteArray(R"([{"ev":"AM","sym":"A2","v":50000,"c":882,"s":1705853640000,"e":1705853700000}])")
                                       << true << 882.0 << qint64(50000) << qint64(0) << qint64(1705853700000) << none
                                       << none;
        QTest::newRow("A without e: start") << QByteArray(R"([{"ev":"A","sym":"A3","v":1,"c":2,"s":1705853696000}])")
                                            << true << 2.0 << qint64(1) << qint64(0) << qint64(1705853696000) << none
                                            << none;
        QTest::newRow("A without e or s: receive time") << QByteArray(R"([{"ev":"A","sym":"A4","v":3,"av":9,"c":4}])")
                                                        << true << 4.0 << qint64(3) << qint64(9) << kReceived << none
                                                        << none;
        QTest::newRow("A without c") << QByteArray(R"([{"ev":"A","sym":"A5","v":3,"e":1705853697000}])") << true << 0.0
                                     << qint64(3) << qint64(0) << qint64(1705853697000) << none << none;
        QTest::newRow("LULD: ns to ms")
            << QByteArray(R"([{"ev":"LULD","T":"L1","h":190.5,"l":170.2,"t":1705853696123456789}])") << false << 0.0
            << qint64(0) << qint64(0) << qint64(1705853696123) << none << none;
        QTest::newRow("LULD without t: receive time") << QByteArray(R"([{"ev":"LULD","T":"L2","h":190.5,"l":170.2}])")
                                                      << false << 0.0 << qint64(0) << qint64(0) << kReceived << none
                                                      << none;
        QTest::newRow("NOI") << QByteArray(R"([{"ev":"NOI","T":"N1","t":1705853696123456789,"o":100,"p":200}])") << false
                             << 0.0 << qint64(0) << qint64(0) << qint64(1705853696123) << none << none;
    }
    void bothConsumersAgree()
    {
        QFETCH(QByteArray, frame);
        QFETCH(bool, published);
        QFETCH(double, price);
        QFETCH(qint64, size);
        QFETCH(qint64, dayVolume);
        QFETCH(qint64, timestampMs);
        QFETCH(QVariant, bid);
        QFETCH(QVariant, ask);

        const massive::Event event = parseOne(frame);

        // The normaliser itself.
        massive::NormalisedTick n;
        QVERIFY(massive::normaliseTick(event, kReceived, n));
        QCOMPARE(n.isMarketTick(), published);
        QCOMPARE(n.has(massive::NormalisedTick::Price), price > 0);
        QCOMPARE(n.price, price);
        QCOMPARE(n.timestampMs, timestampMs);
        QCOMPARE(n.has(massive::NormalisedTick::EventTime), timestampMs != kReceived);

        // Redis.
        bool isTick = false;
        const QJsonObject m = message(event, &isTick);
        QCOMPARE(isTick, published);
        if (published) {
            QCOMPARE(m.value(QStringLiteral("price")).toDouble(), price);
            QCOMPARE(m.value(QStringLiteral("volume")).toInteger(), size);
            QCOMPARE(qRound64(m.value(QStringLiteral("timestamp")).toDouble() * 1000.0), timestampMs);
            if (n.kind == massive::EventKind::Quote) {
                QCOMPARE(m.value(QStringLiteral("bid")).isNull(), bid.isNull());
                QCOMPARE(m.value(QStringLiteral("ask")).isNull(), ask.isNull());
                QCOMPARE(m.value(QStringLiteral("bid")).toDouble(), bid.toDouble());
                QCOMPARE(m.value(QStringLiteral("ask")).toDouble(), ask.toDouble());
            } else {
                QVERIFY(!m.contains(QStringLiteral("bid")));
            }
        }

        // The ticker table.
        const status::TickUpdate row = tableRow(frame);
        QCOMPARE(row.price, price);
        QCOMPARE(row.volume, dayVolume);
        QCOMPARE(row.eventTimeMs, timestampMs);
        QCOMPARE(row.bid, bid.toDouble());
        QCOMPARE(row.ask, ask.toDouble());
        QCOMPARE(row.lastEvent, n.kind);
        QCOMPARE(row.receivedMs, kReceived);
    }

    // The table merges: trades drive the price, a quote only fills a row without one; trade sizes
    // add up and an aggregate's av raises the day volume (its v does not add to it).
    void tableMergesNormalisedValues()
    {
        const status::TickBatch batch = tableBatch(
            R"([{"ev":"Q","sym":"M","bp":9,"t":1000},)"
            R"({"ev":"T","sym":"M","p":10,"s":100,"t":2000},)"
            R"({"ev":"Q","sym":"M","bp":20,"ap":22,"t":3000},)"
            R"({"ev":"T","sym":"M","p":11,"s":50,"t":4000},)"
            R"({"ev":"A","sym":"M","v":400,"c":12,"s":4000,"e":5000}])");
        QCOMPARE(batch.size(), 1);
        const status::TickUpdate &row = batch.first();
        QCOMPARE(row.price, 11.0);     // the last trade; the later quote and bar do not override it
        QCOMPARE(row.direction, qint8(1));
        QCOMPARE(row.volume, qint64(150)); // 100 + 50; the bar's v is not added
        QCOMPARE(row.bid, 20.0);
        QCOMPARE(row.ask, 22.0);
        QCOMPARE(row.eventTimeMs, qint64(5000));
        QCOMPARE(row.tickCount, qint64(5));
    }
};

QTEST_GUILESS_MAIN(TestTickNormaliser)
#include "tst_ticknormaliser.moc"
