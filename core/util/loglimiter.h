#pragma once
// Caps log lines a peer can cause (bad requests, malformed frames, rejected commands): at most
// `burst` lines per window. The lines dropped in between are counted and reported with the first
// line allowed once the window reopens, so a flood costs a few lines, not one per event.

#include <QtCore/QElapsedTimer>
#include <QtCore/QString>

#include <functional>

namespace tickstock::util {

class LogLimiter final {
public:
    using Clock = std::function<qint64()>; // monotonic milliseconds; empty = a QElapsedTimer

    explicit LogLimiter(int burst = 20, qint64 windowMs = 60'000, Clock clock = {});

    // True if a line may be logged now; *suppressed (if given) receives the count dropped since
    // the last allowed line.
    bool allow(qint64 *suppressed = nullptr);
    qint64 suppressedSoFar() const { return m_suppressed; }

private:
    int m_burst;
    qint64 m_windowMs;
    Clock m_clock;
    QElapsedTimer m_timer;
    bool m_started = false;
    qint64 m_windowStart = 0;
    int m_used = 0;
    qint64 m_suppressed = 0;
};

// " [N similar lines suppressed]" when N > 0, else empty: the tail of a log line.
QString suppressedNote(qint64 suppressed);

} // namespace tickstock::util
