#pragma once
// Publishes every tick to Redis (docs/redis.md) from its own thread.
//
// The feed thread calls consume() for every parsed frame: the frame's ticks are normalised and
// pushed into a bounded drop-oldest TickQueue under one short lock; nothing ever waits on Redis.
// The publisher thread drains the queue into pipelined PUBLISH commands (plus XADD when a stream
// is configured) over one hiredis async connection, reconnects with backoff when Redis goes away,
// and reports its state and counters through status(), callable from any thread.
//
// Accounting: every tick given to consume() ends up in exactly one of published, dropped (queue
// overflow, lost in flight on a disconnect, rejected by Redis, or left over at shutdown), the
// queue, or in flight:  offered == published + dropped + queue_depth + in_flight.

#include "config/monitorconfig.h"
#include "feed/tickconsumer.h"
#include "publish/tick.h"
#include "status/statusview.h"

#include <QtCore/QMutex>
#include <QtCore/QObject>

#include <atomic>
#include <memory>
#include <vector>

class QThread;

namespace tickstock::publish {

class RedisWorker;
class TickQueue;
struct PublisherShared;

struct RedisPublisherOptions {
    int connectTimeoutMs = 5000;       // TCP connect + AUTH/SELECT/PING handshake
    int replyTimeoutMs = 10000;        // commands outstanding and no reply this long: reconnect
    double backoffInitialSeconds = 1.0;
    double backoffMultiplier = 1.6;
    double backoffMaxSeconds = 30.0;
    double backoffJitter = 0.2;        // ±20 %
    double authRetrySeconds = 30.0;    // after a rejected password: a slow retry, never a tight loop
    int batchSize = 1024;              // ticks taken from the queue per pipelined write
    int maxInFlight = 65536;           // commands written but not yet answered
    int maxPendingBytes = 1 << 20;     // hiredis output buffer high-water mark
    int dropLogIntervalMs = 10000;     // at most one "dropped N ticks" warning per interval
    // Masked out of Redis's error texts (the Redis password always): a server may quote a
    // command's arguments back ("unknown command ..., with args beginning with: ...").
    QStringList secrets;
};

class RedisPublisher final : public QObject, public feed::TickConsumer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisPublisher)
public:
    explicit RedisPublisher(config::RedisConfig config, QObject *parent = nullptr);
    RedisPublisher(config::RedisConfig config, RedisPublisherOptions options, QObject *parent = nullptr);
    ~RedisPublisher() override; // stop()

    // Starts the publisher thread and the first connection attempt (asynchronous: a Redis that is
    // down is not an error, it is the "backoff" state). With REDIS_ENABLED=false nothing starts
    // and consume() ignores every frame. False only if it cannot start at all (*error says why).
    bool start(QString *error = nullptr);
    // Flushes the queue for up to `flushMs`, then closes the connection and joins the thread.
    // Whatever could not be published by then is counted as dropped. Idempotent.
    void stop(int flushMs = 2000);
    bool isRunning() const;
    bool isEnabled() const { return m_config.enabled; }

    // feed::TickConsumer: called on the feed thread for every parsed frame. Never blocks on Redis.
    void consume(int connection, const massive::ParseResult &result, qint64 nowMs) override;
    // Enqueues already normalised ticks (benchmarks, tests); swaps storage with ticks[0..count).
    void enqueue(std::vector<Tick> &ticks, std::size_t count);

    // Thread-safe, cheap: the `redis` object of the status snapshot.
    status::RedisSnapshot status() const;

    struct Counters {
        qint64 offered = 0;          // ticks given to consume()/enqueue()
        qint64 published = 0;        // PUBLISH answered by Redis
        qint64 dropped = 0;          // the sum of the four below
        qint64 droppedQueueFull = 0; // drop-oldest while Redis was slow or down
        qint64 lostInFlight = 0;     // written, connection lost before the reply (may have reached Redis)
        qint64 rejected = 0;         // Redis answered PUBLISH with an error
        qint64 droppedAtStop = 0;    // still queued when stop() gave up
        qint64 inFlight = 0;         // PUBLISH written, reply pending
        qint64 queueDepth = 0;
        qint64 queueCapacity = 0;
        qint64 streamAdded = 0;      // XADD answered
        qint64 streamErrors = 0;     // XADD rejected or lost
        qint64 connectAttempts = 0;
        qint64 connects = 0;         // completed handshakes
    };
    Counters counters() const;

    // host:port/db, never the password.
    QString address() const;
    static QString addressOf(const config::RedisConfig &config);

signals:
    // Emitted (queued, on this object's thread) when the state changes; `detail` is human text.
    void stateChanged(const QString &state, const QString &detail);

private:
    void wake();

    const config::RedisConfig m_config;
    const RedisPublisherOptions m_options;
    std::shared_ptr<TickQueue> m_queue;
    std::shared_ptr<PublisherShared> m_shared;
    QThread *m_thread = nullptr;
    mutable QMutex m_wakeMutex;   // guards m_worker for wake() against stop()
    RedisWorker *m_worker = nullptr;
    std::atomic<bool> m_stopped{false};
    std::atomic<qint64> m_refusedAfterStop{0};
};

} // namespace tickstock::publish
