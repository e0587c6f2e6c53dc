#include "publish/redispublisher.h"

#include "publish/redisworker.h"
#include "publish/tickqueue.h"
#include "util/logging.h"

#include <QtCore/QSemaphore>
#include <QtCore/QThread>

namespace tickstock::publish {

RedisPublisher::RedisPublisher(config::RedisConfig config, QObject *parent)
    : RedisPublisher(std::move(config), RedisPublisherOptions{}, parent)
{
}

RedisPublisher::RedisPublisher(config::RedisConfig config, RedisPublisherOptions options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options)
    , m_queue(std::make_shared<TickQueue>(static_cast<std::size_t>(std::max(1, m_config.queueCapacity))))
    , m_shared(std::make_shared<PublisherShared>())
{
}

RedisPublisher::~RedisPublisher() { stop(); }

QString RedisPublisher::addressOf(const config::RedisConfig &config)
{
    const QString host = config.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + config.host + QLatin1Char(']')
                                                                 : config.host;
    return QStringLiteral("%1:%2/%3").arg(host).arg(config.port).arg(config.db);
}

QString RedisPublisher::address() const { return addressOf(m_config); }

bool RedisPublisher::start(QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (m_thread || m_stopped.load())
        return fail(QStringLiteral("the Redis publisher was already started"));
    if (!m_config.enabled) {
        qCInfo(lcRedis) << "redis publishing disabled (REDIS_ENABLED=false)";
        return true;
    }
    if (m_config.host.isEmpty())
        return fail(QStringLiteral("no Redis host configured"));
    if (m_config.port < 1 || m_config.port > 65535)
        return fail(QStringLiteral("invalid Redis port %1").arg(m_config.port));
    if (m_config.tickChannel.isEmpty())
        return fail(QStringLiteral("REDIS_TICK_CHANNEL is empty"));
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->state = QStringLiteral("connecting");
    }
    auto *worker = new RedisWorker(m_config, m_options, m_queue, m_shared); // no parent: moved, freed with the thread
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("tickstock-redis"));
    worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &RedisWorker::stateChanged, this, &RedisPublisher::stateChanged);
    {
        QMutexLocker lock(&m_wakeMutex);
        m_worker = worker;
    }
    m_thread->start();
    QMetaObject::invokeMethod(worker, &RedisWorker::begin, Qt::QueuedConnection);
    QString what = QStringLiteral("redis publishing to %1 at %2").arg(m_config.tickChannel, address());
    if (!m_config.streamKey.isEmpty())
        what += QStringLiteral(" and stream %1 (MAXLEN ~ %2)").arg(m_config.streamKey).arg(m_config.streamMaxLen);
    qCInfo(lcRedis).noquote() << what << QStringLiteral("(queue %1 ticks)").arg(m_queue->capacity());
    return true;
}

void RedisPublisher::stop(int flushMs)
{
    if (m_stopped.exchange(true))
        return;
    if (!m_thread)
        return;
    RedisWorker *worker = nullptr;
    {
        QMutexLocker lock(&m_wakeMutex);
        worker = m_worker;
        m_worker = nullptr;
    }
    auto done = std::make_shared<QSemaphore>();
    QMetaObject::invokeMethod(worker, [worker, done, flushMs] { worker->shutdown(flushMs, done); }, Qt::QueuedConnection);
    if (!done->tryAcquire(1, std::max(0, flushMs) + 5000))
        qCWarning(lcRedis) << "redis publisher did not finish its flush in time";
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

bool RedisPublisher::isRunning() const { return m_thread && m_thread->isRunning(); }

void RedisPublisher::consume(int connection, const massive::ParseResult &result, qint64 nowMs)
{
    if (!m_config.enabled || result.events.empty())
        return;
    // One scratch vector per calling thread (the feed thread): its strings keep their capacity.
    thread_local std::vector<Tick> scratch;
    std::size_t n = 0;
    for (const massive::Event &event : result.events) {
        if (n == scratch.size())
            scratch.emplace_back();
        if (normaliseEvent(event, connection, nowMs, scratch[n]))
            ++n;
    }
    enqueue(scratch, n);
}

void RedisPublisher::enqueue(std::vector<Tick> &ticks, std::size_t count)
{
    count = std::min(count, ticks.size());
    if (!m_config.enabled || count == 0)
        return;
    if (m_stopped.load(std::memory_order_relaxed)) {
        m_refusedAfterStop.fetch_add(static_cast<qint64>(count), std::memory_order_relaxed);
        return;
    }
    if (m_queue->push(ticks, count).wake)
        wake();
}

void RedisPublisher::wake()
{
    QMutexLocker lock(&m_wakeMutex);
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &RedisWorker::drain, Qt::QueuedConnection);
}

RedisPublisher::Counters RedisPublisher::counters() const
{
    const TickQueue::Counters q = m_queue->counters();
    const PublisherShared &s = *m_shared;
    Counters c;
    const qint64 refused = m_refusedAfterStop.load(std::memory_order_relaxed);
    c.offered = q.pushed + refused;
    c.published = s.published.load(std::memory_order_relaxed);
    c.droppedQueueFull = q.dropped;
    c.lostInFlight = s.lostInFlight.load(std::memory_order_relaxed);
    c.rejected = s.rejected.load(std::memory_order_relaxed);
    c.droppedAtStop = s.droppedAtStop.load(std::memory_order_relaxed) + refused;
    c.dropped = c.droppedQueueFull + c.lostInFlight + c.rejected + c.droppedAtStop;
    c.inFlight = s.inFlight.load(std::memory_order_relaxed);
    c.queueDepth = static_cast<qint64>(q.depth);
    c.queueCapacity = static_cast<qint64>(q.capacity);
    c.streamAdded = s.streamAdded.load(std::memory_order_relaxed);
    c.streamErrors = s.streamErrors.load(std::memory_order_relaxed);
    c.connectAttempts = s.connectAttempts.load(std::memory_order_relaxed);
    c.connects = s.connects.load(std::memory_order_relaxed);
    return c;
}

status::RedisSnapshot RedisPublisher::status() const
{
    status::RedisSnapshot r;
    r.enabled = m_config.enabled;
    r.channel = m_config.tickChannel;
    r.address = address();
    {
        QMutexLocker lock(&m_shared->mutex);
        r.state = m_config.enabled ? m_shared->state : QStringLiteral("disabled");
        r.lastError = m_shared->lastError;
    }
    r.connected = r.state == QLatin1String("connected");
    const Counters c = counters();
    r.publishedTotal = c.published;
    r.droppedTotal = c.dropped;
    r.queueDepth = c.queueDepth;
    r.queueCapacity = c.queueCapacity;
    return r;
}

} // namespace tickstock::publish
