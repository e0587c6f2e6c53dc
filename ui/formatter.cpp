#include "ui/formatter.h"

#include "status/statussnapshot.h"

#include <QtCore/QDateTime>

#include <cmath>

namespace tickstock::ui {
namespace {
const QString kNone = QStringLiteral("—");

QString twoDigits(qint64 v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); }

// Whole seconds until `atMs`, rounded up, at least 1 (a countdown never shows "0 s" before it fires).
qint64 secondsUntil(qint64 atMs, qint64 nowMs)
{
    const qint64 ms = atMs - nowMs;
    return std::max<qint64>(1, (ms + 999) / 1000);
}
} // namespace

Formatter::Formatter()
    : Formatter(QLocale(QLocale::English, QLocale::UnitedStates), QTimeZone::systemTimeZone())
{
}

Formatter::Formatter(const QLocale &locale, const QTimeZone &timeZone)
    : m_locale(locale)
    , m_timeZone(timeZone)
{
    m_locale.setNumberOptions(QLocale::DefaultNumberOptions); // group separators on
}

QString Formatter::price(double value) const
{
    if (!(value > 0) || !std::isfinite(value))
        return kNone;
    return m_locale.toString(value, 'f', value < 1.0 ? 4 : 2);
}

QString Formatter::count(qint64 value) const
{
    if (value < 0)
        return kNone;
    return m_locale.toString(value);
}

QString Formatter::countOf(qint64 value, const QString &singular, const QString &plural) const
{
    return count(value) + QLatin1Char(' ') + (value == 1 ? singular : plural);
}

QString Formatter::compactCount(qint64 value) const
{
    if (value < 0)
        return kNone;
    if (value < 1000)
        return m_locale.toString(value);
    struct Unit {
        double scale;
        QChar suffix;
    };
    static const Unit units[] = {{1e3, QLatin1Char('K')}, {1e6, QLatin1Char('M')}, {1e9, QLatin1Char('B')}};
    for (const Unit &u : units) {
        // 3 significant digits: 1.23M, 12.3M, 123M; 999,999 is "1.00M", not "1000K"
        const double v = double(value) / u.scale;
        const int decimals = v >= 99.95 ? 0 : (v >= 9.995 ? 1 : 2);
        const double scale = std::pow(10.0, decimals);
        const double rounded = std::round(v * scale) / scale;
        if (rounded < 1000.0 || u.suffix == QLatin1Char('B'))
            return m_locale.toString(rounded, 'f', decimals) + u.suffix;
    }
    return m_locale.toString(value);
}

QString Formatter::rate(double perSecond) const
{
    if (!(perSecond > 0) || !std::isfinite(perSecond))
        return QStringLiteral("0");
    if (perSecond < 1000.0)
        return m_locale.toString(perSecond, 'f', 1);
    if (perSecond < 1e6)
        return m_locale.toString(qint64(std::llround(perSecond)));
    return compactCount(qint64(std::llround(perSecond)));
}

QString Formatter::age(qint64 ms) const
{
    if (ms < 0)
        return kNone;
    if (ms < 10'000)
        return m_locale.toString(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
    return duration(double(ms) / 1000.0);
}

QString Formatter::duration(double seconds) const
{
    if (!(seconds > 0) || !std::isfinite(seconds))
        return kNone;
    const qint64 s = qint64(std::floor(seconds));
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 m %2 s").arg(s / 60).arg(twoDigits(s % 60));
    if (s < 86400)
        return QStringLiteral("%1 h %2 m").arg(s / 3600).arg(twoDigits((s % 3600) / 60));
    return QStringLiteral("%1 d %2 h").arg(m_locale.toString(s / 86400)).arg(twoDigits((s % 86400) / 3600));
}

QString Formatter::timeOfDay(qint64 epochMs) const
{
    if (epochMs <= 0)
        return kNone;
    return QDateTime::fromMSecsSinceEpoch(epochMs, m_timeZone).toString(QStringLiteral("HH:mm:ss"));
}

QString Formatter::timeOfDayMs(qint64 epochMs) const
{
    if (epochMs <= 0)
        return kNone;
    return QDateTime::fromMSecsSinceEpoch(epochMs, m_timeZone).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString Formatter::bytes(qint64 value) const
{
    if (value < 0)
        return kNone;
    if (value < 1024)
        return QStringLiteral("%1 B").arg(value);
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = double(value);
    int unit = -1;
    while (v >= 1024.0 && unit < 3) {
        v /= 1024.0;
        ++unit;
    }
    return m_locale.toString(v, 'f', v < 10.0 ? 1 : 0) + QLatin1Char(' ') + QLatin1String(units[unit]);
}

QString Formatter::latency(double ms) const
{
    if (!(ms > 0) || !std::isfinite(ms))
        return kNone;
    if (ms < 10.0)
        return m_locale.toString(ms, 'f', 2) + QStringLiteral(" ms");
    if (ms < 1000.0)
        return m_locale.toString(ms, 'f', 1) + QStringLiteral(" ms");
    return m_locale.toString(ms / 1000.0, 'f', 1) + QStringLiteral(" s");
}

QString Formatter::direction(int direction)
{
    if (direction > 0)
        return QStringLiteral("↑");
    if (direction < 0)
        return QStringLiteral("↓");
    return QStringLiteral("→");
}

QString Formatter::phaseText(const status::ConnectionSnapshot &c, qint64 nowMs) const
{
    using status::ConnectionPhase;
    const bool retryPending = c.nextRetryMs > 0;
    switch (c.phase) {
    case ConnectionPhase::Disabled: return QStringLiteral("disabled");
    case ConnectionPhase::Idle: return QStringLiteral("idle: no tickers");
    case ConnectionPhase::Closed: return QStringLiteral("closed");
    case ConnectionPhase::Dialing: return QStringLiteral("dialing…");
    case ConnectionPhase::Authenticating: return QStringLiteral("authenticating…");
    case ConnectionPhase::Subscribing: return QStringLiteral("subscribing…");
    case ConnectionPhase::Streaming: return QStringLiteral("streaming");
    case ConnectionPhase::Backoff:
        if (retryPending)
            return QStringLiteral("retrying in %1 s").arg(secondsUntil(c.nextRetryMs, nowMs));
        if (c.detail.contains(QLatin1String("gave up")))
            return QStringLiteral("gave up: reconnect manually");
        return QStringLiteral("retrying");
    case ConnectionPhase::AuthFailed: return QStringLiteral("auth failed");
    case ConnectionPhase::Evicted:
        if (retryPending)
            return QStringLiteral("evicted, retry in %1 s").arg(secondsUntil(c.nextRetryMs, nowMs));
        return QStringLiteral("evicted");
    case ConnectionPhase::Stale:
        return retryPending ? QStringLiteral("stale, retry in %1 s").arg(secondsUntil(c.nextRetryMs, nowMs))
                            : QStringLiteral("stale: no data");
    case ConnectionPhase::SlowConsumer:
        return retryPending ? QStringLiteral("slow consumer, retry in %1 s").arg(secondsUntil(c.nextRetryMs, nowMs))
                            : QStringLiteral("slow consumer");
    case ConnectionPhase::Refused: return QStringLiteral("subscriptions refused");
    }
    return status::phaseName(c.phase);
}

} // namespace tickstock::ui
