#pragma once
// Hands coalesced ticker updates from the feed thread to one consumer thread (GUI, live stream).
// Bounded by the number of tickers: a slow consumer gets fewer, fuller batches with the latest
// state per ticker, never a growing queue, and the feed thread never waits for it.

#include "status/tickupdate.h"

#include <QtCore/QHash>
#include <QtCore/QMutex>
#include <QtCore/QObject>

#include <atomic>
#include <vector>

namespace tickstock::feed {

class BatchMailbox final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchMailbox)
public:
    explicit BatchMailbox(QObject *parent = nullptr);

    // Feed thread: merge updates (latest wins per symbol); signals `available` once per take().
    // Updates with a `key` (all from the ConnectionManager) land in a slot array indexed by it:
    // no hashing. Updates without a key are merged by symbol.
    void post(const status::TickBatch &updates);
    // Whether the feed posts here at all: a consumer that drains only at times (the live stream,
    // while it has subscribers) switches it off meanwhile. Switching off drops what is pending, so
    // switching on starts from the next batch. Any thread; on by default.
    void setActive(bool active);
    bool isActive() const { return m_active.load(std::memory_order_relaxed); }
    // Consumer thread: everything posted since the last take; unkeyed updates first (a keyless
    // update is older than any keyed one for the same symbol), otherwise in no particular order.
    status::TickBatch take();
    qsizetype pendingCount() const;
    qint64 postedBatches() const;
    qint64 takenBatches() const;

signals:
    void available(); // connect with Qt::QueuedConnection from the consumer's thread

private:
    mutable QMutex m_mutex;
    std::vector<status::TickUpdate> m_slots; // by TickUpdate::key
    std::vector<bool> m_isPending;   // by key
    std::vector<int> m_pendingKeys;
    QHash<QString, status::TickUpdate> m_unkeyed;
    std::atomic<bool> m_active{true};
    bool m_signalled = false;
    qint64 m_posted = 0;
    qint64 m_taken = 0;
};

} // namespace tickstock::feed
