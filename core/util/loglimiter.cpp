#include "util/loglimiter.h"

#include <utility>

namespace tickstock::util {

LogLimiter::LogLimiter(int burst, qint64 windowMs, Clock clock)
    : m_burst(burst)
    , m_windowMs(windowMs)
    , m_clock(std::move(clock))
{
    if (!m_clock)
        m_timer.start();
}

bool LogLimiter::allow(qint64 *suppressed)
{
    const qint64 now = m_clock ? m_clock() : m_timer.elapsed();
    // The first line opens a window; one arriving after the window has passed opens the next.
    if (!m_started || now - m_windowStart >= m_windowMs) {
        m_started = true;
        m_windowStart = now;
        m_used = 0;
    }
    if (m_used >= m_burst) {
        ++m_suppressed;
        return false;
    }
    ++m_used;
    if (suppressed)
        *suppressed = m_suppressed;
    m_suppressed = 0;
    return true;
}

QString suppressedNote(qint64 suppressed)
{
    return suppressed > 0 ? QStringLiteral(" [%1 similar lines suppressed]").arg(suppressed) : QString();
}

} // namespace tickstock::util
