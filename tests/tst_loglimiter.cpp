// The log rate limiter (util/loglimiter.h) on an injected clock.

#include "util/loglimiter.h"

#include <QtTest/QTest>

using tickstock::util::LogLimiter;

class TestLogLimiter final : public QObject {
    Q_OBJECT
private slots:
    void burstThenSuppressedThenReopened()
    {
        qint64 now = 5'000;
        LogLimiter limiter(3, 1'000, [&now] { return now; });
        qint64 suppressed = -1;
        for (int i = 0; i < 3; ++i) { // the burst
            QVERIFY(limiter.allow(&suppressed));
            QCOMPARE(suppressed, qint64(0));
        }
        for (int i = 0; i < 7; ++i) { // over the burst, within the window
            now += 100;
            QVERIFY(!limiter.allow(&suppressed));
        }
        QCOMPARE(limiter.suppressedSoFar(), qint64(7));
        now = 5'999; // still the same window
        QVERIFY(!limiter.allow(&suppressed));
        now = 6'000; // the window reopens: the first line carries the count
        QVERIFY(limiter.allow(&suppressed));
        QCOMPARE(suppressed, qint64(8));
        QCOMPARE(limiter.suppressedSoFar(), qint64(0));
        QVERIFY(limiter.allow(&suppressed));
        QCOMPARE(suppressed, qint64(0));
    }

    void burstOfOneIsOneLinePerWindow()
    {
        qint64 now = 0;
        LogLimiter limiter(1, 1'000, [&now] { return now; });
        int allowed = 0;
        for (; now < 10'000; now += 10) // 1000 events over 10 s
            allowed += limiter.allow() ? 1 : 0;
        QCOMPARE(allowed, 10);
    }

    void zeroWindowAllowsEverything()
    {
        qint64 now = 0;
        LogLimiter limiter(1, 0, [&now] { return now; });
        for (int i = 0; i < 5; ++i)
            QVERIFY(limiter.allow());
    }

    void defaultClockWorks()
    {
        LogLimiter limiter(2, 60'000);
        QVERIFY(limiter.allow());
        QVERIFY(limiter.allow());
        QVERIFY(!limiter.allow());
    }

    void suppressedNote()
    {
        QCOMPARE(tickstock::util::suppressedNote(0), QString());
        QCOMPARE(tickstock::util::suppressedNote(12), QStringLiteral(" [12 similar lines suppressed]"));
    }
};

QTEST_GUILESS_MAIN(TestLogLimiter)
#include "tst_loglimiter.moc"
