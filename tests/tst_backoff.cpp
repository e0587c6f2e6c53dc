// Reconnect schedule: deterministic with an injected random source, and within its cap over many
// random draws.

#include "feed/backoff.h"

#include <QtTest/QTest>

#include <algorithm>

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
        QVERIFY(qAbs(low.nextDelay() - 24.0) < 1e-9); // cap 30 − 20 %
        QCOMPARE(high.nextDelay(), 30.0);             // never above the cap
    }

    // The real random source: no delay ever exceeds the cap, and at the cap the jitter still
    // spreads retries over 24–30 s.
    void neverAboveTheCapOverManyDraws()
    {
        double longest = 0, shortestAtCap = 1e9;
        for (int run = 0; run < 200; ++run) {
            Backoff backoff;
            for (int attempt = 0; attempt < 50; ++attempt) {
                const double d = backoff.nextDelay();
                QVERIFY2(d > 0 && d <= 30.0, qPrintable(QString::number(d)));
                longest = std::max(longest, d);
                if (attempt >= 10) // the base has reached the cap
                    shortestAtCap = std::min(shortestAtCap, d);
            }
        }
        QVERIFY2(longest > 29.5, qPrintable(QString::number(longest)));
        QVERIFY2(shortestAtCap >= 24.0 && shortestAtCap < 25.0, qPrintable(QString::number(shortestAtCap)));

        BackoffPolicy small;
        small.initialSeconds = 0.2;
        small.maxSeconds = 0.5;
        Backoff capped(small);
        for (int i = 0; i < 10'000; ++i)
            QVERIFY(capped.nextDelay() <= 0.5);
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
