#pragma once
// Hands coalesced ticker updates from the feed thread to one consumer thread (GUI, live stream).
// Bounded by the number of tickers: a slow consumer gets fewer, fuller batches with the latest
// state per ticker, never a growing queue, and the feed thread never waits for it.

#include "feed/tickupdate.h"

#include <QtCore/QHash>
#include <QtCore/QMutex>
#include <QtCore/QObject>

namespace tickstock::feed {

class BatchMailbox final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchMailbox)
public:
    explicit BatchMailbox(QObject *parent = nullptr);

    // Feed thread: merge updates (latest wins per symbol); signals `available` once per take().
    void post(const TickBatch &updates);
    // Consumer thread: everything posted since the last take, in no particular order.
    TickBatch take();
    qsizetype pendingCount() const;
    qint64 postedBatches() const;
    qint64 takenBatches() const;

signals:
    void available(); // connect with Qt::QueuedConnection from the consumer's thread

private:
    mutable QMutex m_mutex;
    QHash<QString, TickUpdate> m_pending;
    bool m_signalled = false;
    qint64 m_posted = 0;
    qint64 m_taken = 0;
};

} // namespace tickstock::feed
