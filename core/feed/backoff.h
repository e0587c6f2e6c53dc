#pragma once
// Reconnect schedule: 1 s × 1.6 per attempt, ±20 % jitter, capped at 30 s after the jitter (so no
// delay exceeds the cap; once the schedule reaches it, delays spread over 24–30 s), never gives up
// by default; reset only after a healthy window; eviction waits at least 60 s.
// The random source is injected so the schedule is unit-tested deterministically.

#include <functional>

namespace tickstock::feed {

struct BackoffPolicy {
    double initialSeconds = 1.0;
    double multiplier = 1.6;
    double jitter = 0.2;             // ±20 %
    double maxSeconds = 30.0;       // no delay is longer (jitter included), except after an eviction
    int maxRetries = 0;              // 0 = forever
    double evictionCooldownSeconds = 60.0;
    double healthyResetSeconds = 30.0;
};

class Backoff final {
public:
    using RandomSource = std::function<double()>; // uniform in [0, 1)

    explicit Backoff(BackoffPolicy policy = {}, RandomSource random = {});

    // Delay before the next attempt, in seconds; counts the attempt.
    double nextDelay();
    // After max_connections: never less than the cool-down, and the backoff keeps growing.
    double nextEvictionDelay();
    bool exhausted() const; // maxRetries reached
    void reset();           // after a healthy window
    int attempts() const { return m_attempts; }
    const BackoffPolicy &policy() const { return m_policy; }

private:
    BackoffPolicy m_policy;
    RandomSource m_random;
    int m_attempts = 0;
};

} // namespace tickstock::feed
