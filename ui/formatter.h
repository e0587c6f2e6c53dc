#pragma once
// Every number the dashboard shows goes through here: prices, sizes, counts, rates, ages, clock
// times and the connection phase text. Locale and time zone are injected (pinned in tests), so the
// same input always gives the same text.

#include <QtCore/QLocale>
#include <QtCore/QString>
#include <QtCore/QTimeZone>

namespace tickstock::status {
struct ConnectionSnapshot;
}

namespace tickstock::ui {

class Formatter final {
public:
    // The dashboard's default: English digits and separators (market data convention), local time.
    Formatter();
    Formatter(const QLocale &locale, const QTimeZone &timeZone);

    const QLocale &locale() const { return m_locale; }

    // "—" for no value (0, negative or NaN); 2 decimals from 1.00 up, 4 below ("0.0412").
    QString price(double value) const;
    // Grouped integer: "1,234,567"; "—" when negative.
    QString count(qint64 value) const;
    // "1 ticker", "1,234 tickers"
    QString countOf(qint64 value, const QString &singular, const QString &plural) const;
    // Short form for summaries: "999", "12.3K", "4.56M", "1.20B".
    QString compactCount(qint64 value) const;
    // Events per second: "0", "3.2", "253.4", "12,345", "1.23M".
    QString rate(double perSecond) const;
    // Elapsed time since something happened: "—" (never, < 0), "0.4 s", "12 s", "3 m 05 s", "2 h 03 m", "3 d 04 h".
    QString age(qint64 ms) const;
    // Uptime: "—" (not up), "42 s", "5 m 12 s", "3 h 04 m", "2 d 03 h".
    QString duration(double seconds) const;
    // Wall clock of an epoch time in the formatter's zone: "14:03:07"; "—" for 0.
    QString timeOfDay(qint64 epochMs) const;
    QString timeOfDayMs(qint64 epochMs) const; // "14:03:07.123"
    QString bytes(qint64 value) const;          // "512 B", "1.2 KiB", "3.4 MiB", "1.1 GiB"
    QString latency(double ms) const;           // "0.42 ms", "12.3 ms", "1.2 s"; "—" when no samples

    static QString direction(int direction);    // "↑", "↓", "→"

    // The connection's phase as the badge shows it, counting down from nextRetryMs:
    // "streaming", "retrying in 4 s", "auth failed", "evicted, retry in 58 s", "idle: no tickers", ...
    QString phaseText(const status::ConnectionSnapshot &connection, qint64 nowMs) const;

private:
    QLocale m_locale;
    QTimeZone m_timeZone;
};

} // namespace tickstock::ui
