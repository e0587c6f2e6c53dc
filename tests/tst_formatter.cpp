// ui::Formatter: every number and phase text the dashboard shows, with a pinned locale and zone.

#include "status/statussnapshot.h"
#include "ui/formatter.h"

#include <QtTest/QTest>

#include <cmath>
#include <limits>

using tickstock::status::ConnectionPhase;
using tickstock::status::ConnectionStatus;
using tickstock::ui::Formatter;

namespace {
Formatter english() { return Formatter(QLocale(QLocale::English, QLocale::UnitedStates), QTimeZone::utc()); }
} // namespace

class TestFormatter final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void price_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero is no value") << 0.0 << QStringLiteral("—");
        QTest::newRow("negative is no value") << -1.5 << QStringLiteral("—");
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("—");
        QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << QStringLiteral("—");
        QTest::newRow("two decimals") << 178.234 << QStringLiteral("178.23");
        QTest::newRow("rounds half up") << 178.235001 << QStringLiteral("178.24");
        QTest::newRow("pads") << 42.5 << QStringLiteral("42.50");
        QTest::newRow("one dollar") << 1.0 << QStringLiteral("1.00");
        QTest::newRow("penny stock, four decimals") << 0.04123 << QStringLiteral("0.0412");
        QTest::newRow("grouped") << 1234.5 << QStringLiteral("1,234.50");
        QTest::newRow("large") << 612345.678 << QStringLiteral("612,345.68");
    }
    void price()
    {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(english().price(value), expected);
    }

    void count_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("plain");
        QTest::addColumn<QString>("compact");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0") << QStringLiteral("0");
        QTest::newRow("small") << qint64(999) << QStringLiteral("999") << QStringLiteral("999");
        QTest::newRow("thousand") << qint64(1000) << QStringLiteral("1,000") << QStringLiteral("1.00K");
        QTest::newRow("12.3K") << qint64(12345) << QStringLiteral("12,345") << QStringLiteral("12.3K");
        QTest::newRow("123K") << qint64(123456) << QStringLiteral("123,456") << QStringLiteral("123K");
        QTest::newRow("rounds up a unit") << qint64(999999) << QStringLiteral("999,999") << QStringLiteral("1.00M");
        QTest::newRow("4.56M") << qint64(4561234) << QStringLiteral("4,561,234") << QStringLiteral("4.56M");
        QTest::newRow("billions") << qint64(1200000000) << QStringLiteral("1,200,000,000") << QStringLiteral("1.20B");
        QTest::newRow("huge stays in B") << qint64(5'000'000'000'000) << QStringLiteral("5,000,000,000,000")
                                         << QStringLiteral("5,000B");
        QTest::newRow("negative") << qint64(-1) << QStringLiteral("—") << QStringLiteral("—");
    }
    void count()
    {
        QFETCH(qint64, value);
        QFETCH(QString, plain);
        QFETCH(QString, compact);
        QCOMPARE(english().count(value), plain);
        QCOMPARE(english().compactCount(value), compact);
    }

    void countOf()
    {
        const Formatter f = english();
        QCOMPARE(f.countOf(1, QStringLiteral("ticker"), QStringLiteral("tickers")), QStringLiteral("1 ticker"));
        QCOMPARE(f.countOf(0, QStringLiteral("ticker"), QStringLiteral("tickers")), QStringLiteral("0 tickers"));
        QCOMPARE(f.countOf(1500, QStringLiteral("row"), QStringLiteral("rows")), QStringLiteral("1,500 rows"));
    }

    void rate_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("idle") << 0.0 << QStringLiteral("0");
        QTest::newRow("negative") << -3.0 << QStringLiteral("0");
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("0");
        QTest::newRow("slow") << 3.24 << QStringLiteral("3.2");
        QTest::newRow("hundreds") << 253.44 << QStringLiteral("253.4");
        QTest::newRow("thousands grouped") << 12345.4 << QStringLiteral("12,345");
        QTest::newRow("millions") << 1234567.0 << QStringLiteral("1.23M");
    }
    void rate()
    {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(english().rate(value), expected);
    }

    void ageAndDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("age");
        QTest::addColumn<QString>("duration");
        QTest::newRow("never") << qint64(-1) << QStringLiteral("—") << QStringLiteral("—");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.0 s") << QStringLiteral("—");
        QTest::newRow("sub-second") << qint64(420) << QStringLiteral("0.4 s") << QStringLiteral("0 s");
        QTest::newRow("seconds with a decimal") << qint64(9940) << QStringLiteral("9.9 s") << QStringLiteral("9 s");
        QTest::newRow("whole seconds from 10 s") << qint64(12000) << QStringLiteral("12 s") << QStringLiteral("12 s");
        QTest::newRow("minutes pad seconds") << qint64(185000) << QStringLiteral("3 m 05 s") << QStringLiteral("3 m 05 s");
        QTest::newRow("hours pad minutes") << qint64(7380000) << QStringLiteral("2 h 03 m") << QStringLiteral("2 h 03 m");
        QTest::newRow("days") << qint64((3 * 86400 + 4 * 3600 + 59) * 1000LL) << QStringLiteral("3 d 04 h")
                              << QStringLiteral("3 d 04 h");
    }
    void ageAndDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, age);
        QFETCH(QString, duration);
        QCOMPARE(english().age(ms), age);
        QCOMPARE(english().duration(double(ms) / 1000.0), duration);
    }

    void timeOfDay()
    {
        const Formatter f = english();
        const qint64 t = QDateTime(QDate(2026, 11, 25), QTime(19, 59, 59, 900), QTimeZone::utc()).toMSecsSinceEpoch();
        QCOMPARE(f.timeOfDay(t), QStringLiteral("19:59:59"));
        QCOMPARE(f.timeOfDayMs(t), QStringLiteral("19:59:59.900"));
        QCOMPARE(f.timeOfDay(0), QStringLiteral("—"));
        const Formatter berlin(QLocale(QLocale::English, QLocale::UnitedStates), QTimeZone("Europe/Berlin"));
        QCOMPARE(berlin.timeOfDay(t), QStringLiteral("20:59:59"));
    }

    void bytesAndLatency_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bytes") << qint64(512) << QStringLiteral("512 B");
        QTest::newRow("KiB") << qint64(1229) << QStringLiteral("1.2 KiB");
        QTest::newRow("MiB") << qint64(3565158) << QStringLiteral("3.4 MiB");
        QTest::newRow("tens of MiB") << qint64(52428800) << QStringLiteral("50 MiB");
        QTest::newRow("GiB") << qint64(1181116006) << QStringLiteral("1.1 GiB");
    }
    void bytesAndLatency()
    {
        QFETCH(qint64, bytes);
        QFETCH(QString, expected);
        QCOMPARE(english().bytes(bytes), expected);
        QCOMPARE(english().latency(0.423), QStringLiteral("0.42 ms"));
        QCOMPARE(english().latency(12.34), QStringLiteral("12.3 ms"));
        QCOMPARE(english().latency(1234), QStringLiteral("1.2 s"));
        QCOMPARE(english().latency(0), QStringLiteral("—"));
    }

    void direction()
    {
        QCOMPARE(Formatter::direction(1), QStringLiteral("↑"));
        QCOMPARE(Formatter::direction(-1), QStringLiteral("↓"));
        QCOMPARE(Formatter::direction(0), QStringLiteral("→"));
    }

    // The locale is injected: a German formatter groups and separates the German way.
    void otherLocale()
    {
        const Formatter german(QLocale(QLocale::German, QLocale::Germany), QTimeZone::utc());
        QCOMPARE(german.price(1234.5), QStringLiteral("1.234,50"));
        QCOMPARE(german.count(1234567), QStringLiteral("1.234.567"));
        QCOMPARE(german.rate(3.24), QStringLiteral("3,2"));
    }

    void phaseText_data()
    {
        QTest::addColumn<int>("phase");
        QTest::addColumn<qint64>("retryInMs"); // 0 = no retry scheduled
        QTest::addColumn<QString>("detail");
        QTest::addColumn<QString>("expected");
        const qint64 none = 0;
        QTest::newRow("disabled") << int(ConnectionPhase::Disabled) << none << QString() << QStringLiteral("disabled");
        QTest::newRow("idle") << int(ConnectionPhase::Idle) << none << QString() << QStringLiteral("idle: no tickers");
        QTest::newRow("closed") << int(ConnectionPhase::Closed) << none << QString() << QStringLiteral("closed");
        QTest::newRow("dialing") << int(ConnectionPhase::Dialing) << none << QString() << QStringLiteral("dialing…");
        QTest::newRow("authenticating") << int(ConnectionPhase::Authenticating) << none << QString()
                                        << QStringLiteral("authenticating…");
        QTest::newRow("subscribing") << int(ConnectionPhase::Subscribing) << none << QString()
                                     << QStringLiteral("subscribing…");
        QTest::newRow("streaming") << int(ConnectionPhase::Streaming) << none << QString() << QStringLiteral("streaming");
        QTest::newRow("backoff counts down") << int(ConnectionPhase::Backoff) << qint64(3200) << QString()
                                             << QStringLiteral("retrying in 4 s");
        QTest::newRow("backoff never shows 0 s") << int(ConnectionPhase::Backoff) << qint64(-300) << QString()
                                                 << QStringLiteral("retrying in 1 s");
        QTest::newRow("backoff gave up") << int(ConnectionPhase::Backoff) << none
                                         << QStringLiteral("refused; gave up after 5 retries (reconnect manually)")
                                         << QStringLiteral("gave up: reconnect manually");
        QTest::newRow("auth failed") << int(ConnectionPhase::AuthFailed) << none << QString() << QStringLiteral("auth failed");
        QTest::newRow("evicted with cool-down") << int(ConnectionPhase::Evicted) << qint64(58000) << QString()
                                                << QStringLiteral("evicted, retry in 58 s");
        QTest::newRow("evicted") << int(ConnectionPhase::Evicted) << none << QString() << QStringLiteral("evicted");
        QTest::newRow("stale") << int(ConnectionPhase::Stale) << none << QString() << QStringLiteral("stale: no data");
        QTest::newRow("slow consumer retry") << int(ConnectionPhase::SlowConsumer) << qint64(2000) << QString()
                                             << QStringLiteral("slow consumer, retry in 2 s");
        QTest::newRow("refused") << int(ConnectionPhase::Refused) << none << QString()
                                 << QStringLiteral("subscriptions refused");
    }
    void phaseText()
    {
        QFETCH(int, phase);
        QFETCH(qint64, retryInMs);
        QFETCH(QString, detail);
        QFETCH(QString, expected);
        const qint64 now = 1'764'094'000'000;
        tickstock::status::ConnectionSnapshot c;
        c.phase = ConnectionPhase(phase);
        c.status = tickstock::status::statusOf(c.phase);
        c.detail = detail;
        c.nextRetryMs = retryInMs != 0 ? now + retryInMs : 0;
        QCOMPARE(english().phaseText(c, now), expected);
    }
};

QTEST_MAIN(TestFormatter)
#include "tst_formatter.moc"
