// Reconnect schedule: deterministic with an injected random source (docs/architecture.md, connection state machine).

#include "feed/backoff.h"

#include <QtTest/QTest>

using namespace tickstock::feed;

class TestBackoff final : public QObject {
    Q_OBJECT
private slots:
    void scheduleWithoutJitter()
    {
        Backoff backoff({}, [] { return 0.5; }); // 0.5 → factor 1.0
        const double expected[] = {1.0, 1.6, 2.56, 4.096, 6.5536, 10.48576, 16.777216, 26.8435456, 30.0, 30.0};
        for (double e : expected)
            QVERIFY2(qAbs(backoff.nextDelay() - e) < 1e-9, qPrintable(QString::number(e)));
        QCOMPARE(backoff.attempts(), 10);
        QVERIFY(!backoff.exhausted()); // never gives up by default
    }

    void jitterStaysWithinTwentyPercent()
    {
        Backoff low({}, [] { return 0.0; });
        Backoff high({}, [] { return 0.999999; });
        QVERIFY(qAbs(low.nextDelay() - 0.8) < 1e-9);
        QVERIFY(qAbs(high.nextDelay() - 1.2) < 1e-5);
        for (int i = 0; i < 20; ++i) {
            low.nextDelay();
            high.nextDelay();
        }
        QVERIFY(qAbs(low.nextDelay() - 24.0) < 1e-9);  // cap 30 − 20 %
        QVERIFY(qAbs(high.nextDelay() - 36.0) < 1e-4); // cap 30 + 20 %
    }

    void evictionWaitsForTheCooldownAndKeepsGrowing()
    {
        Backoff backoff({}, [] { return 0.5; });
        QCOMPARE(backoff.nextEvictionDelay(), 60.0);
        QCOMPARE(backoff.attempts(), 1);
        for (int i = 0; i < 10; ++i)
            QVERIFY(backoff.nextEvictionDelay() >= 60.0);
    }

    void maxRetriesExhausts()
    {
        BackoffPolicy policy;
        policy.maxRetries = 3;
        Backoff backoff(policy, [] { return 0.5; });
        for (int i = 0; i < 3; ++i) {
            QVERIFY(!backoff.exhausted());
            backoff.nextDelay();
        }
        QVERIFY(backoff.exhausted());
        backoff.reset();
        QVERIFY(!backoff.exhausted());
        QCOMPARE(backoff.nextDelay(), 1.0);
    }

    void configurableInitialAndCap()
    {
        BackoffPolicy policy;
        policy.initialSeconds = 0.2;
        policy.maxSeconds = 0.5;
        Backoff backoff(policy, [] { return 0.5; });
        QCOMPARE(backoff.nextDelay(), 0.2);
        QVERIFY(qAbs(backoff.nextDelay() - 0.32) < 1e-9);
        QVERIFY(qAbs(backoff.nextDelay() - 0.5) < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
