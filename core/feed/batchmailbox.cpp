#include "feed/batchmailbox.h"

namespace tickstock::feed {

BatchMailbox::BatchMailbox(QObject *parent)
    : QObject(parent)
{
}

void BatchMailbox::post(const TickBatch &updates)
{
    if (updates.isEmpty())
        return;
    bool signal = false;
    {
        QMutexLocker lock(&m_mutex);
        for (const TickUpdate &u : updates)
            m_pending.insert(u.symbol, u);
        ++m_posted;
        if (!m_signalled) {
            m_signalled = true;
            signal = true;
        }
    }
    if (signal)
        emit available();
}

TickBatch BatchMailbox::take()
{
    QHash<QString, TickUpdate> pending;
    {
        QMutexLocker lock(&m_mutex);
        pending.swap(m_pending);
        m_signalled = false;
        ++m_taken;
    }
    TickBatch batch;
    batch.reserve(pending.size());
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        batch.append(it.value());
    return batch;
}

qsizetype BatchMailbox::pendingCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_pending.size();
}

qint64 BatchMailbox::postedBatches() const
{
    QMutexLocker lock(&m_mutex);
    return m_posted;
}

qint64 BatchMailbox::takenBatches() const
{
    QMutexLocker lock(&m_mutex);
    return m_taken;
}

} // namespace tickstock::feed
