#pragma once
// The bounded queue between the feed thread (producer) and the Redis publisher thread (consumer).
// Drop-oldest when full, and every drop is counted. Each call holds one short lock; nobody ever
// waits on it for Redis. Storage is recycled: ticks are swapped in and out, never reallocated in
// steady state, and the ring grows on demand up to its capacity.

#include "publish/tick.h"

#include <QtCore/QMutex>

#include <cstddef>
#include <vector>

namespace tickstock::publish {

class TickQueue final {
    Q_DISABLE_COPY_MOVE(TickQueue)
public:
    explicit TickQueue(std::size_t capacity);

    struct PushResult {
        std::size_t dropped = 0; // oldest ticks dropped to make room
        bool wake = false;       // the consumer found the queue empty and wants to be woken
    };
    // Moves the first `count` ticks of `ticks` into the queue (their storage is swapped with
    // recycled slots, so `ticks` keeps reusable buffers).
    PushResult push(std::vector<Tick> &ticks, std::size_t count);

    // Moves up to `max` of the oldest ticks into out[0..n) (growing `out` if needed) and returns n.
    // When this leaves the queue empty the consumer is marked waiting: the next push answers
    // wake = true (pushed == taken + dropped + discarded + depth at all times).
    std::size_t take(std::vector<Tick> &out, std::size_t max);

    // Empties the queue and returns how many ticks it held; counted as `discarded` (shutdown).
    std::size_t discardAll();

    struct Counters {
        qint64 pushed = 0;  // every tick ever offered
        qint64 dropped = 0;   // dropped because the queue was full (drop-oldest)
        qint64 discarded = 0; // emptied by discardAll()
        qint64 taken = 0;     // handed to the consumer
        std::size_t depth = 0;
        std::size_t capacity = 0;
    };
    Counters counters() const;
    std::size_t size() const;
    std::size_t capacity() const { return m_capacity; }

private:
    void grow(); // called with the lock held and the ring full

    mutable QMutex m_mutex;
    std::vector<Tick> m_ring;
    std::size_t m_capacity;
    std::size_t m_head = 0;  // oldest
    std::size_t m_count = 0;
    qint64 m_pushed = 0;
    qint64 m_dropped = 0;
    qint64 m_discarded = 0;
    qint64 m_taken = 0;
    bool m_waiting = true;   // the consumer has not taken anything yet
};

} // namespace tickstock::publish
