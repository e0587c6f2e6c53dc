#pragma once
// The publisher thread's half of RedisPublisher (internal): one hiredis async connection serviced
// by this thread's event loop, the connect/handshake/backoff state machine, and the drain loop
// that turns queued ticks into pipelined PUBLISH (+ XADD) commands. Created by
// RedisPublisher::start(), moved to the publisher thread, deleted when that thread finishes.

#include "config/monitorconfig.h"
#include "feed/backoff.h"
#include "publish/redispublisher.h"
#include "publish/tick.h"
#include "util/loglimiter.h"
#include "util/secretmasker.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QMutex>
#include <QtCore/QObject>
#include <QtCore/QString>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

struct redisAsyncContext;
class QSemaphore;
class QTimer;

namespace tickstock::publish {

class TickQueue;

// Written by the publisher thread, read by any thread through RedisPublisher::status().
struct PublisherShared {
    mutable QMutex mutex;
    QString state = QStringLiteral("disabled"); // guarded by mutex
    QString lastError;                           // guarded by mutex
    std::atomic<qint64> published{0};
    std::atomic<qint64> lostInFlight{0};
    std::atomic<qint64> rejected{0};
    std::atomic<qint64> droppedAtStop{0};
    std::atomic<qint64> inFlight{0}; // PUBLISH commands written, reply pending
    std::atomic<qint64> streamAdded{0};
    std::atomic<qint64> streamErrors{0};
    std::atomic<qint64> connectAttempts{0};
    std::atomic<qint64> connects{0};
};

class RedisWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisWorker)
public:
    enum class State { Disabled, Connecting, Connected, Backoff, AuthFailed };
    static QString stateName(State state); // "disabled", "connecting", "connected", "backoff", "auth_failed"

    RedisWorker(config::RedisConfig config, RedisPublisherOptions options, std::shared_ptr<TickQueue> queue,
                std::shared_ptr<PublisherShared> shared);
    ~RedisWorker() override;

    // All on the publisher thread (queued calls from RedisPublisher):
    void begin();  // the first connection attempt
    void drain();  // ticks are waiting: write the next batch if the pipeline has room
    void shutdown(int flushMs, std::shared_ptr<QSemaphore> done); // flush, close, release `done`

signals:
    void stateChanged(const QString &state, const QString &detail);

private:
    enum class Failure { Transient, Authentication };

    void connectNow();
    void submit(const Tick &tick);
    void afterIo();
    void handshakeDone();
    void failConnection(const QString &reason, Failure failure); // closes the context ourselves
    void connectionLost(const redisAsyncContext *context, const QString &reason); // hiredis frees it
    void scheduleRetry(const QString &failureText, Failure failure);
    void closeContext();
    void commandRejected(const char *text, std::size_t length);
    void checkShutdown();
    void finishShutdown();
    void onHealthTick();
    void setState(State state, const QString &detail, bool quiet = false);
    QString counterText() const;
    // "redis <address> dropped N ticks in the last T s (<state>) [counters]"
    QString dropSummary(qint64 dropped, qint64 sinceMs) const;

    // hiredis callbacks
    static void onConnected(const redisAsyncContext *context, int status);
    static void onDisconnected(const redisAsyncContext *context, int status);
    static void onAuthReply(redisAsyncContext *context, void *reply, void *worker);
    static void onSelectReply(redisAsyncContext *context, void *reply, void *worker);
    static void onPingReply(redisAsyncContext *context, void *reply, void *worker);
    static void onPublishReply(redisAsyncContext *context, void *reply, void *worker);
    static void onStreamReply(redisAsyncContext *context, void *reply, void *worker);

    const config::RedisConfig m_config;
    const RedisPublisherOptions m_options;
    const QString m_address;
    const SecretMasker m_masker;
    std::shared_ptr<TickQueue> m_queue;
    std::shared_ptr<PublisherShared> m_shared;

    redisAsyncContext *m_context = nullptr;
    State m_state = State::Disabled;
    bool m_authFailed = false;      // the last failure was a rejected password
    QString m_lastReason;           // last failure text (to log repeats quietly)
    feed::Backoff m_backoff;
    QTimer *m_retryTimer;
    QTimer *m_connectTimer;
    QTimer *m_healthTimer;
    QTimer *m_shutdownTimer;

    // Pipelining
    std::vector<Tick> m_batch;
    std::string m_message;
    std::string m_command;
    std::string m_publishPrefix;    // *3 PUBLISH <channel>, then the message as a bulk string
    std::string m_streamPrefix;     // *8 XADD <key> MAXLEN ~ <n> * data, then the message
    qint64 m_inFlight = 0;          // every command written, reply pending (flow control)
    qint64 m_replies = 0;
    qint64 m_repliesAtCheck = 0;
    QElapsedTimer m_sinceProgress;  // last reply, or last time nothing was outstanding

    // Logging of drops and rejections (never per tick)
    qint64 m_droppedLogged = 0;
    QElapsedTimer m_sinceDropLog;
    util::LogLimiter m_rejectLog; // burst 1 per dropLogIntervalMs, set in the constructor

    // Shutdown
    bool m_shuttingDown = false;
    bool m_finished = false;
    std::shared_ptr<QSemaphore> m_done;
};

} // namespace tickstock::publish
