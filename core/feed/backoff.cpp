#include "feed/backoff.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace tickstock::feed {

Backoff::Backoff(BackoffPolicy policy, RandomSource random)
    : m_policy(policy)
    , m_random(std::move(random))
{
    if (!m_random) {
        m_random = [engine = std::mt19937_64(std::random_device{}())]() mutable {
            return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
        };
    }
}

double Backoff::nextDelay()
{
    // The base is capped too, so that at the cap the jitter still spreads retries (downwards)
    // instead of every slot retrying at exactly maxSeconds.
    const double base = std::min(m_policy.maxSeconds,
                                 m_policy.initialSeconds * std::pow(m_policy.multiplier, m_attempts));
    ++m_attempts;
    const double factor = 1.0 + m_policy.jitter * (2.0 * m_random() - 1.0);
    return std::clamp(base * factor, 0.0, m_policy.maxSeconds);
}

double Backoff::nextEvictionDelay()
{
    return std::max(m_policy.evictionCooldownSeconds, nextDelay());
}

bool Backoff::exhausted() const
{
    return m_policy.maxRetries > 0 && m_attempts >= m_policy.maxRetries;
}

void Backoff::reset() { m_attempts = 0; }

} // namespace tickstock::feed
