#include "publish/tickqueue.h"

#include <algorithm>
#include <utility>

namespace tickstock::publish {

namespace {
constexpr std::size_t kInitialSlots = 1024;
}

TickQueue::TickQueue(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(capacity, 1))
{
    m_ring.resize(std::min(m_capacity, kInitialSlots));
}

void TickQueue::grow()
{
    const std::size_t size = std::min(m_capacity, std::max(m_ring.size() * 2, kInitialSlots));
    std::vector<Tick> ring(size);
    for (std::size_t i = 0; i < m_count; ++i)
        std::swap(ring[i], m_ring[(m_head + i) % m_ring.size()]);
    m_ring.swap(ring);
    m_head = 0;
}

TickQueue::PushResult TickQueue::push(std::vector<Tick> &ticks, std::size_t count)
{
    PushResult result;
    count = std::min(count, ticks.size());
    if (count == 0)
        return result;
    QMutexLocker lock(&m_mutex);
    for (std::size_t i = 0; i < count; ++i) {
        if (m_count == m_ring.size() && m_ring.size() < m_capacity)
            grow();
        if (m_count == m_ring.size()) { // full: drop the oldest
            m_head = (m_head + 1) % m_ring.size();
            --m_count;
            ++result.dropped;
        }
        std::swap(m_ring[(m_head + m_count) % m_ring.size()], ticks[i]);
        ++m_count;
    }
    m_pushed += static_cast<qint64>(count);
    m_dropped += static_cast<qint64>(result.dropped);
    if (m_waiting) {
        m_waiting = false;
        result.wake = true;
    }
    return result;
}

std::size_t TickQueue::take(std::vector<Tick> &out, std::size_t max)
{
    QMutexLocker lock(&m_mutex);
    const std::size_t n = std::min(max, m_count);
    if (n == 0) {
        m_waiting = true;
        return 0;
    }
    m_waiting = n == m_count;
    if (out.size() < n)
        out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::swap(out[i], m_ring[m_head]);
        m_head = (m_head + 1) % m_ring.size();
    }
    m_count -= n;
    m_taken += static_cast<qint64>(n);
    return n;
}

std::size_t TickQueue::discardAll()
{
    QMutexLocker lock(&m_mutex);
    const std::size_t n = m_count;
    m_discarded += static_cast<qint64>(n);
    m_head = 0;
    m_count = 0;
    return n;
}

TickQueue::Counters TickQueue::counters() const
{
    QMutexLocker lock(&m_mutex);
    return Counters{m_pushed, m_dropped, m_discarded, m_taken, m_count, m_capacity};
}

std::size_t TickQueue::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_count;
}

} // namespace tickstock::publish
