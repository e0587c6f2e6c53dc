#include "status/statusview.h"

#include "status/snapshotstore.h"

namespace tickstock::status {

StatusSource::StatusSource(SnapshotStore *feed, RedisProvider redis, HttpProvider http)
    : m_feed(feed)
    , m_redis(std::move(redis))
    , m_http(std::move(http))
{
}

void StatusSource::setRedis(RedisProvider redis)
{
    QMutexLocker lock(&m_mutex);
    m_redis = std::move(redis);
}

void StatusSource::setHttp(HttpProvider http)
{
    QMutexLocker lock(&m_mutex);
    m_http = std::move(http);
}

StatusView StatusSource::view() const
{
    RedisProvider redis;
    HttpProvider http;
    {
        QMutexLocker lock(&m_mutex);
        redis = m_redis;
        http = m_http;
    }
    StatusView v;
    v.feed = m_feed ? m_feed->latest() : nullptr;
    if (!v.feed)
        v.feed = std::make_shared<const StatusSnapshot>();
    if (redis)
        v.redis = redis();
    if (http)
        v.http = http();
    return v;
}

} // namespace tickstock::status
