#include "status/snapshotstore.h"

namespace tickstock::status {

SnapshotStore::SnapshotStore(QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<const StatusSnapshot>())
{
}

void SnapshotStore::publish(SnapshotPtr snapshot)
{
    {
        QMutexLocker lock(&m_mutex);
        m_latest = std::move(snapshot);
        ++m_count;
    }
    emit published();
}

SnapshotPtr SnapshotStore::latest() const
{
    QMutexLocker lock(&m_mutex);
    return m_latest;
}

qint64 SnapshotStore::publishCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_count;
}

} // namespace tickstock::status
