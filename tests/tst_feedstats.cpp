// Sliding-window msg/s, latency histogram and the batch mailbox (bounded, coalescing).

#include "feed/batchmailbox.h"
#include "feed/latencyhistogram.h"
#include "feed/ratewindow.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace tickstock::feed;
using tickstock::status::TickUpdate;
using tickstock::status::TickBatch;

class TestFeedStats final : public QObject {
    Q_OBJECT
private slots:
    void rateIsASlidingWindow()
    {
        RateWindow rate;
        const qint64 t0 = 1'000'000;
        for (int ms = 0; ms < 10'000; ms += 10) // 100 events/s for 10 s
            rate.add(t0 + ms);
        QVERIFY2(qAbs(rate.perSecond(t0 + 10'000) - 100.0) < 1.0, qPrintable(QString::number(rate.perSecond(t0 + 10'000))));
        // Silence: the rate decays to zero within the window, unlike count / elapsed.
        QCOMPARE(rate.perSecond(t0 + 10'000 + 6'000), 0.0);
        rate.add(t0 + 30'000, 475); // one burst
        QVERIFY(rate.perSecond(t0 + 30'250) > 99.0);
    }

    void latencyQuantiles()
    {
        LatencyHistogram h;
        QCOMPARE(h.quantile(0.5), 0.0);
        for (int i = 1; i <= 1000; ++i)
            h.record(i / 10.0); // 0.1 .. 100 ms
        QCOMPARE(h.count(), qint64(1000));
        const double p50 = h.quantile(0.5);
        const double p99 = h.quantile(0.99);
        QVERIFY2(p50 >= 50.0 && p50 <= 55.1, qPrintable(QString::number(p50))); // bucket upper bound, +10 %
        QVERIFY2(p99 >= 99.0 && p99 <= 109.0, qPrintable(QString::number(p99)));
        h.record(-5); // clock skew: clamps to the lowest bucket, never crashes
        h.record(1e9);
        QCOMPARE(h.count(), qint64(1002));
    }

    // Whole milliseconds (what the feed records) take a table lookup: the same buckets as any
    // other value, checked as quantile bounds for every whole ms the table covers and beyond.
    void wholeMillisecondsLandInTheRightBucket()
    {
        for (int ms = 0; ms < 5000; ms += 7) {
            LatencyHistogram h;
            h.record(double(ms));
            const double bound = h.quantile(1.0);
            QVERIFY2(bound >= double(ms) && bound <= std::max(0.011, ms * 1.1 + 1e-9),
                     qPrintable(QStringLiteral("%1 ms -> %2").arg(ms).arg(bound)));
            LatencyHistogram nudged; // a hair above: the general path, the same bucket unless on an edge
            nudged.record(ms + 1e-9);
            QVERIFY(nudged.quantile(1.0) >= bound);
        }
    }

    void mailboxCoalescesPerTickerAndSignalsOnce()
    {
        BatchMailbox box;
        QSignalSpy available(&box, &BatchMailbox::available);
        TickUpdate a{QStringLiteral("AAPL"), 1, 10.0};
        TickUpdate b{QStringLiteral("MSFT"), 2, 20.0};
        box.post({a, b});
        a.price = 11.0;
        box.post({a});
        QCOMPARE(available.count(), 1); // one notification until the consumer takes
        QCOMPARE(box.pendingCount(), qsizetype(2));
        const TickBatch batch = box.take();
        QCOMPARE(batch.size(), 2);
        for (const TickUpdate &u : batch) {
            if (u.symbol == QLatin1String("AAPL"))
                QCOMPARE(u.price, 11.0); // latest wins
        }
        box.post({b});
        QCOMPARE(available.count(), 2);
    }

    // Updates from the ConnectionManager carry a key: coalesced in a slot array, latest wins,
    // and a keyless update (older by construction) is handed out before the keyed ones.
    void keyedUpdatesCoalesceBySlot()
    {
        BatchMailbox box;
        QSignalSpy available(&box, &BatchMailbox::available);
        TickUpdate a{QStringLiteral("AAPL"), 1, 10.0};
        a.key = 7;
        TickUpdate b{QStringLiteral("MSFT"), 2, 20.0};
        b.key = 0;
        TickUpdate gone{QStringLiteral("NEW"), 1};
        gone.removed = true; // removed before the feed thread ever saw it: no key
        box.post({gone, a, b});
        a.price = 12.0;
        box.post({a});
        QCOMPARE(available.count(), 1);
        QCOMPARE(box.pendingCount(), qsizetype(3));
        TickBatch batch = box.take();
        QCOMPARE(batch.size(), 3);
        QCOMPARE(batch.first().symbol, QStringLiteral("NEW"));
        QVERIFY(batch.first().removed);
        QCOMPARE(batch.at(1).symbol, QStringLiteral("AAPL"));
        QCOMPARE(batch.at(1).price, 12.0);
        QCOMPARE(batch.at(2).symbol, QStringLiteral("MSFT"));
        QCOMPARE(box.pendingCount(), qsizetype(0));
        QVERIFY(box.take().isEmpty());

        b.price = 21.0; // the slot is reusable after a take
        box.post({b});
        batch = box.take();
        QCOMPARE(batch.size(), 1);
        QCOMPARE(batch.first().price, 21.0);
    }

    // A switched-off mailbox takes nothing and signals nothing; switching off drops what was
    // pending (keyed and keyless), and after switching on it starts from the next post.
    void inactiveMailboxTakesNothing()
    {
        BatchMailbox box;
        QVERIFY(box.isActive()); // on by default
        QSignalSpy available(&box, &BatchMailbox::available);
        TickUpdate a{QStringLiteral("AAPL"), 1, 10.0};
        a.key = 3;
        TickUpdate b{QStringLiteral("MSFT"), 2, 20.0}; // keyless
        box.post({a, b});
        QCOMPARE(box.pendingCount(), qsizetype(2));
        box.setActive(false);
        QVERIFY(!box.isActive());
        QCOMPARE(box.pendingCount(), qsizetype(0));
        box.post({a, b});
        QCOMPARE(box.pendingCount(), qsizetype(0));
        QCOMPARE(box.postedBatches(), qint64(1)); // only the one before switching off
        QCOMPARE(available.count(), 1);
        QVERIFY(box.take().isEmpty());

        box.setActive(true);
        a.price = 11.0;
        box.post({a});
        QCOMPARE(available.count(), 2); // signals again
        const TickBatch batch = box.take();
        QCOMPARE(batch.size(), 1);
        QCOMPARE(batch.first().symbol, QStringLiteral("AAPL"));
        QCOMPARE(batch.first().price, 11.0);
    }

    void slowConsumerNeverGrowsTheMailbox()
    {
        BatchMailbox box;
        TickBatch batch;
        for (int i = 0; i < 500; ++i)
            batch.append(TickUpdate{QStringLiteral("T%1").arg(i), 1, double(i)});
        for (int round = 0; round < 1000; ++round) // the consumer never takes
            box.post(batch);
        QCOMPARE(box.pendingCount(), qsizetype(500)); // bounded by the ticker count
        QCOMPARE(box.postedBatches(), qint64(1000));

        BatchMailbox keyed; // the same with keys
        for (int i = 0; i < batch.size(); ++i)
            batch[i].key = i;
        for (int round = 0; round < 1000; ++round)
            keyed.post(batch);
        QCOMPARE(keyed.pendingCount(), qsizetype(500));
        QCOMPARE(keyed.take().size(), 500);
    }
};

QTEST_GUILESS_MAIN(TestFeedStats)
#include "tst_feedstats.moc"
