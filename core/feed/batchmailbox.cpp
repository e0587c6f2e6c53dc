#include "feed/batchmailbox.h"

namespace tickstock::feed {

using status::TickBatch;
using status::TickUpdate;

BatchMailbox::BatchMailbox(QObject *parent)
    : QObject(parent)
{
}

void BatchMailbox::post(const TickBatch &updates)
{
    if (updates.isEmpty() || !isActive())
        return;
    bool signal = false;
    {
        QMutexLocker lock(&m_mutex);
        if (!isActive()) // switched off since the check above
            return;
        for (const TickUpdate &u : updates) {
            if (u.key < 0) {
                m_unkeyed.insert(u.symbol, u);
                continue;
            }
            const auto key = static_cast<std::size_t>(u.key);
            if (key >= m_slots.size()) {
                m_slots.resize(key + 1);
                m_isPending.resize(key + 1);
            }
            if (!m_isPending[key]) {
                m_isPending[key] = true;
                m_pendingKeys.push_back(u.key);
            }
            m_slots[key] = u;
        }
        ++m_posted;
        if (!m_signalled) {
            m_signalled = true;
            signal = true;
        }
    }
    if (signal)
        emit available();
}

void BatchMailbox::setActive(bool active)
{
    QMutexLocker lock(&m_mutex);
    m_active.store(active, std::memory_order_relaxed);
    if (active)
        return;
    m_unkeyed.clear();
    for (const int key : m_pendingKeys)
        m_isPending[std::size_t(key)] = false;
    m_pendingKeys.clear();
    m_signalled = false;
}

TickBatch BatchMailbox::take()
{
    QHash<QString, TickUpdate> unkeyed;
    TickBatch batch;
    QMutexLocker lock(&m_mutex);
    unkeyed.swap(m_unkeyed);
    batch.reserve(unkeyed.size() + qsizetype(m_pendingKeys.size()));
    for (auto it = unkeyed.cbegin(); it != unkeyed.cend(); ++it)
        batch.append(it.value());
    for (const int key : m_pendingKeys) {
        batch.append(std::move(m_slots[std::size_t(key)]));
        m_isPending[std::size_t(key)] = false;
    }
    m_pendingKeys.clear();
    m_signalled = false;
    ++m_taken;
    return batch;
}

qsizetype BatchMailbox::pendingCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_unkeyed.size() + qsizetype(m_pendingKeys.size());
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
