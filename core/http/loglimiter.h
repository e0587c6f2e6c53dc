#pragma once
// Caps log lines caused by clients (bad requests, auth failures): at most `burst` lines per
// window; the lines dropped in between are counted and reported with the next allowed one.

#include <QtCore/QElapsedTimer>
#include <QtCore/QString>

namespace tickstock::http {

class LogLimiter final {
public:
    explicit LogLimiter(int burst = 20, qint64 windowMs = 60'000)
        : m_burst(burst)
        , m_windowMs(windowMs)
    {
        m_timer.start();
    }

    // True if a line may be logged now; *suppressed receives the count dropped since the last one.
    bool allow(qint64 *suppressed)
    {
        if (m_timer.elapsed() - m_windowStart > m_windowMs) {
            m_windowStart = m_timer.elapsed();
            m_used = 0;
        }
        if (m_used >= m_burst) {
            ++m_suppressed;
            return false;
        }
        ++m_used;
        *suppressed = m_suppressed;
        m_suppressed = 0;
        return true;
    }

private:
    int m_burst;
    qint64 m_windowMs;
    QElapsedTimer m_timer;
    qint64 m_windowStart = 0;
    int m_used = 0;
    qint64 m_suppressed = 0;
};

// " [N similar lines suppressed]" when N > 0, else empty: the tail of a log line.
inline QString suppressedNote(qint64 suppressed)
{
    return suppressed > 0 ? QStringLiteral(" [%1 similar lines suppressed]").arg(suppressed) : QString();
}

} // namespace tickstock::http
