#include "publish/redisworker.h"

#include "publish/qtredisadapter.h"
#include "publish/resp.h"
#include "publish/tickmessage.h"
#include "publish/tickqueue.h"
#include "util/logging.h"

#include <QtCore/QSemaphore>
#include <QtCore/QTimer>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <hiredis/sds.h>

#include <cmath>
#include <utility>

namespace tickstock::publish {
namespace {

feed::BackoffPolicy backoffPolicy(const RedisPublisherOptions &o)
{
    feed::BackoffPolicy p;
    p.initialSeconds = o.backoffInitialSeconds;
    p.multiplier = o.backoffMultiplier;
    p.jitter = o.backoffJitter;
    p.maxSeconds = o.backoffMaxSeconds;
    p.maxRetries = 0; // never give up
    return p;
}

QString replyText(const redisReply *reply)
{
    return QString::fromUtf8(reply->str, static_cast<qsizetype>(reply->len));
}

bool isAuthError(const char *text, std::size_t length)
{
    const std::string_view s(text, length);
    return s.starts_with("NOAUTH") || s.starts_with("WRONGPASS") || s.starts_with("ERR invalid password")
        || s.starts_with("ERR invalid username-password") || s.starts_with("NOPERM");
}

QString seconds(double s) { return QString::number(s, 'f', s < 10 ? 1 : 0) + QStringLiteral(" s"); }

} // namespace

QString RedisWorker::stateName(State state)
{
    switch (state) {
    case State::Disabled: return QStringLiteral("disabled");
    case State::Connecting: return QStringLiteral("connecting");
    case State::Connected: return QStringLiteral("connected");
    case State::Backoff: return QStringLiteral("backoff");
    case State::AuthFailed: return QStringLiteral("auth_failed");
    }
    return QStringLiteral("disabled");
}

RedisWorker::RedisWorker(config::RedisConfig config, RedisPublisherOptions options, std::shared_ptr<TickQueue> queue,
                         std::shared_ptr<PublisherShared> shared)
    : m_config(std::move(config))
    , m_options(options)
    , m_address(RedisPublisher::addressOf(m_config))
    , m_masker(m_options.secrets + QStringList{m_config.password})
    , m_queue(std::move(queue))
    , m_shared(std::move(shared))
    , m_backoff(backoffPolicy(m_options))
    , m_retryTimer(new QTimer(this))
    , m_connectTimer(new QTimer(this))
    , m_healthTimer(new QTimer(this))
    , m_shutdownTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    m_retryTimer->setTimerType(Qt::PreciseTimer); // the coarse default would round and align the jittered delays
    m_connectTimer->setSingleShot(true);
    m_shutdownTimer->setSingleShot(true);
    m_healthTimer->setInterval(1000);
    connect(m_retryTimer, &QTimer::timeout, this, &RedisWorker::connectNow);
    connect(m_connectTimer, &QTimer::timeout, this, [this] {
        failConnection(QStringLiteral("no answer within %1 (connect timeout)").arg(seconds(m_options.connectTimeoutMs / 1000.0)),
                       Failure::Transient);
    });
    connect(m_healthTimer, &QTimer::timeout, this, &RedisWorker::onHealthTick);
    connect(m_shutdownTimer, &QTimer::timeout, this, &RedisWorker::finishShutdown);

    const QByteArray channel = m_config.tickChannel.toUtf8();
    appendRespArrayHeader(m_publishPrefix, 3);
    appendRespBulk(m_publishPrefix, "PUBLISH");
    appendRespBulk(m_publishPrefix, std::string_view(channel.constData(), static_cast<std::size_t>(channel.size())));
    if (!m_config.streamKey.isEmpty()) {
        const QByteArray key = m_config.streamKey.toUtf8();
        const QByteArray maxLen = QByteArray::number(m_config.streamMaxLen);
        appendRespArrayHeader(m_streamPrefix, m_config.streamMaxLen > 0 ? 8 : 5);
        appendRespBulk(m_streamPrefix, "XADD");
        appendRespBulk(m_streamPrefix, std::string_view(key.constData(), static_cast<std::size_t>(key.size())));
        if (m_config.streamMaxLen > 0) {
            appendRespBulk(m_streamPrefix, "MAXLEN");
            appendRespBulk(m_streamPrefix, "~");
            appendRespBulk(m_streamPrefix, std::string_view(maxLen.constData(), static_cast<std::size_t>(maxLen.size())));
        }
        appendRespBulk(m_streamPrefix, "*");
        appendRespBulk(m_streamPrefix, "data");
    }
    m_message.reserve(512);
    m_command.reserve(1024);
    m_sinceProgress.start();
    m_sinceDropLog.start();
    m_rejectLog = util::LogLimiter(1, m_options.dropLogIntervalMs);
}

RedisWorker::~RedisWorker()
{
    closeContext(); // pending callbacks run now, with this object still alive
}

// ---- connection ---------------------------------------------------------------------------------

void RedisWorker::begin()
{
    m_healthTimer->start();
    connectNow();
}

void RedisWorker::connectNow()
{
    if (m_shuttingDown || m_context)
        return;
    m_shared->connectAttempts.fetch_add(1, std::memory_order_relaxed);
    if (!m_authFailed)
        setState(State::Connecting, QStringLiteral("connecting to %1").arg(m_address));
    const QByteArray host = m_config.host.toUtf8();
    redisAsyncContext *context = redisAsyncConnect(host.constData(), m_config.port);
    if (!context) {
        scheduleRetry(QStringLiteral("cannot allocate a Redis connection"), Failure::Transient);
        return;
    }
    if (context->err) {
        const QString reason = QString::fromLocal8Bit(context->errstr);
        redisAsyncFree(context);
        scheduleRetry(reason, Failure::Transient);
        return;
    }
    context->data = this;
    attachQtEventLoop(context, this, [this] { afterIo(); });
    redisAsyncSetConnectCallback(context, &RedisWorker::onConnected);
    redisAsyncSetDisconnectCallback(context, &RedisWorker::onDisconnected);
    m_context = context;

    // The handshake is pipelined too: AUTH, SELECT, then PING, whose answer opens the gate.
    if (!m_config.password.isEmpty()) {
        const QByteArray user = m_config.username.toUtf8();
        const QByteArray password = m_config.password.toUtf8();
        std::vector<const char *> argv{"AUTH"};
        std::vector<std::size_t> lengths{4};
        if (!user.isEmpty()) { // a Redis 6 ACL user from REDIS_URL
            argv.push_back(user.constData());
            lengths.push_back(static_cast<std::size_t>(user.size()));
        }
        argv.push_back(password.constData());
        lengths.push_back(static_cast<std::size_t>(password.size()));
        redisAsyncCommandArgv(context, &RedisWorker::onAuthReply, this, static_cast<int>(argv.size()), argv.data(),
                              lengths.data());
    }
    if (m_config.db != 0) {
        const QByteArray db = QByteArray::number(m_config.db);
        const char *argv[2] = {"SELECT", db.constData()};
        const std::size_t lengths[2] = {6, static_cast<std::size_t>(db.size())};
        redisAsyncCommandArgv(context, &RedisWorker::onSelectReply, this, 2, argv, lengths);
    }
    redisAsyncCommand(context, &RedisWorker::onPingReply, this, "PING");
    m_connectTimer->start(m_options.connectTimeoutMs);
}

void RedisWorker::handshakeDone()
{
    m_connectTimer->stop();
    m_backoff.reset();
    m_authFailed = false;
    m_lastReason.clear();
    m_shared->connects.fetch_add(1, std::memory_order_relaxed);
    m_sinceProgress.restart();
    m_repliesAtCheck = m_replies;
    setState(State::Connected, QStringLiteral("publishing to %1").arg(m_config.tickChannel));
    // Not from inside the hiredis callback: start the pipeline from the event loop.
    QMetaObject::invokeMethod(this, &RedisWorker::drain, Qt::QueuedConnection);
}

void RedisWorker::closeContext()
{
    if (!m_context)
        return;
    redisAsyncContext *context = m_context;
    m_context = nullptr;
    context->data = nullptr; // our connect/disconnect callbacks ignore it from now on
    m_connectTimer->stop();
    redisAsyncFree(context); // outstanding replies are answered NULL (deferred when inside a callback)
}

void RedisWorker::failConnection(const QString &reason, Failure failure)
{
    closeContext();
    scheduleRetry(reason, failure);
}

void RedisWorker::connectionLost(const redisAsyncContext *context, const QString &reason)
{
    if (context != m_context)
        return;
    m_context = nullptr; // hiredis frees it when this callback returns
    m_connectTimer->stop();
    scheduleRetry(reason, Failure::Transient);
}

void RedisWorker::scheduleRetry(const QString &failureText, Failure failure)
{
    // Every failure passes here on its way to the status and the log; part of it may be Redis's words.
    const QString reason = m_masker.mask(failureText);
    m_connectTimer->stop();
    if (m_shuttingDown) {
        {
            QMutexLocker lock(&m_shared->mutex);
            m_shared->lastError = reason;
        }
        // Not from inside a hiredis callback: finish from the event loop.
        QMetaObject::invokeMethod(this, &RedisWorker::finishShutdown, Qt::QueuedConnection);
        return;
    }
    const bool auth = failure == Failure::Authentication;
    const double delay = auth ? m_options.authRetrySeconds : m_backoff.nextDelay();
    const bool repeated = reason == m_lastReason && auth == m_authFailed;
    m_authFailed = auth;
    m_lastReason = reason;
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->lastError = reason;
    }
    const QString detail = auth ? QStringLiteral("%1; check REDIS_PASSWORD / REDIS_URL; retrying in %2").arg(reason, seconds(delay))
                                : QStringLiteral("%1; retrying in %2").arg(reason, seconds(delay));
    // A retry failing for the same reason as the last one is logged quietly (Redis down for an hour
    // must not fill the log); a new reason or a new kind of failure is a warning.
    setState(auth ? State::AuthFailed : State::Backoff, detail, repeated);
    m_retryTimer->start(static_cast<int>(std::lround(delay * 1000.0)));
}

// ---- hiredis callbacks --------------------------------------------------------------------------

void RedisWorker::onConnected(const redisAsyncContext *context, int status)
{
    auto *worker = static_cast<RedisWorker *>(context->data);
    if (!worker || status == REDIS_OK)
        return; // the handshake's PING reply decides when we are connected
    worker->connectionLost(context, QString::fromLocal8Bit(context->errstr));
}

void RedisWorker::onDisconnected(const redisAsyncContext *context, int status)
{
    auto *worker = static_cast<RedisWorker *>(context->data);
    if (!worker)
        return;
    worker->connectionLost(context, status == REDIS_OK || !context->errstr[0]
                                        ? QStringLiteral("connection closed by Redis")
                                        : QStringLiteral("connection lost: ") + QString::fromLocal8Bit(context->errstr));
}

void RedisWorker::onAuthReply(redisAsyncContext *context, void *r, void *w)
{
    auto *worker = static_cast<RedisWorker *>(w);
    const auto *reply = static_cast<const redisReply *>(r);
    if (!reply || context != worker->m_context)
        return;
    if (reply->type == REDIS_REPLY_ERROR)
        worker->failConnection(QStringLiteral("authentication failed: ") + replyText(reply), Failure::Authentication);
}

void RedisWorker::onSelectReply(redisAsyncContext *context, void *r, void *w)
{
    auto *worker = static_cast<RedisWorker *>(w);
    const auto *reply = static_cast<const redisReply *>(r);
    if (!reply || context != worker->m_context)
        return;
    if (reply->type == REDIS_REPLY_ERROR)
        worker->failConnection(QStringLiteral("SELECT %1 failed: %2").arg(worker->m_config.db).arg(replyText(reply)),
                               Failure::Transient);
}

void RedisWorker::onPingReply(redisAsyncContext *context, void *r, void *w)
{
    auto *worker = static_cast<RedisWorker *>(w);
    const auto *reply = static_cast<const redisReply *>(r);
    if (!reply || context != worker->m_context)
        return;
    if (reply->type != REDIS_REPLY_ERROR) {
        worker->handshakeDone();
        return;
    }
    if (isAuthError(reply->str, reply->len)) {
        const QString text = replyText(reply);
        worker->failConnection(worker->m_config.password.isEmpty()
                                   ? QStringLiteral("Redis requires a password (%1); none is configured").arg(text)
                                   : QStringLiteral("authentication failed: ") + text,
                               Failure::Authentication);
    } else {
        worker->failConnection(QStringLiteral("PING failed: ") + replyText(reply), Failure::Transient);
    }
}

void RedisWorker::onPublishReply(redisAsyncContext *, void *r, void *w)
{
    auto *worker = static_cast<RedisWorker *>(w);
    const auto *reply = static_cast<const redisReply *>(r);
    --worker->m_inFlight;
    PublisherShared &shared = *worker->m_shared;
    shared.inFlight.fetch_sub(1, std::memory_order_relaxed);
    if (!reply) {
        shared.lostInFlight.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ++worker->m_replies;
    if (reply->type == REDIS_REPLY_ERROR) {
        shared.rejected.fetch_add(1, std::memory_order_relaxed);
        worker->commandRejected(reply->str, reply->len);
        return;
    }
    shared.published.fetch_add(1, std::memory_order_relaxed);
}

void RedisWorker::onStreamReply(redisAsyncContext *, void *r, void *w)
{
    auto *worker = static_cast<RedisWorker *>(w);
    const auto *reply = static_cast<const redisReply *>(r);
    --worker->m_inFlight;
    if (!reply) {
        worker->m_shared->streamErrors.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    ++worker->m_replies;
    if (reply->type == REDIS_REPLY_ERROR) {
        worker->m_shared->streamErrors.fetch_add(1, std::memory_order_relaxed);
        worker->commandRejected(reply->str, reply->len);
        return;
    }
    worker->m_shared->streamAdded.fetch_add(1, std::memory_order_relaxed);
}

void RedisWorker::commandRejected(const char *text, std::size_t length)
{
    if (isAuthError(text, length) && m_context) {
        // Redis came back with a password (or the ACL changed): a clear error state, slow retries.
        failConnection(QStringLiteral("authentication failed: ") + QString::fromUtf8(text, static_cast<qsizetype>(length)),
                       Failure::Authentication);
        return;
    }
    const QString reject = m_masker.mask(QString::fromUtf8(text, static_cast<qsizetype>(length)));
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->lastError = reject;
    }
    qint64 suppressed = 0;
    if (m_rejectLog.allow(&suppressed)) // a rejected command per tick must not fill the log
        qCWarning(lcRedis).noquote() << "redis" << m_address << "rejected" << suppressed + 1
                                     << "command(s), last:" << reject;
}

// ---- pipeline -----------------------------------------------------------------------------------

void RedisWorker::drain()
{
    if (!m_context || m_state != State::Connected)
        return;
    const qint64 perTick = m_streamPrefix.empty() ? 1 : 2;
    const qint64 room = (m_options.maxInFlight - m_inFlight) / perTick;
    if (room <= 0 || sdslen(m_context->c.obuf) > static_cast<std::size_t>(m_options.maxPendingBytes))
        return; // a write or a reply will call again (afterIo)
    const std::size_t n = m_queue->take(m_batch, static_cast<std::size_t>(std::min<qint64>(room, m_options.batchSize)));
    for (std::size_t i = 0; i < n && m_context; ++i)
        submit(m_batch[i]);
    if (n == 0)
        checkShutdown();
}

void RedisWorker::submit(const Tick &tick)
{
    m_message.clear();
    appendTickMessage(m_message, tick);
    m_command.assign(m_publishPrefix);
    appendRespBulk(m_command, m_message);
    if (redisAsyncFormattedCommand(m_context, &RedisWorker::onPublishReply, this, m_command.data(), m_command.size())
        == REDIS_OK) {
        ++m_inFlight;
        m_shared->inFlight.fetch_add(1, std::memory_order_relaxed);
    } else {
        m_shared->lostInFlight.fetch_add(1, std::memory_order_relaxed);
    }
    if (m_streamPrefix.empty())
        return;
    m_command.assign(m_streamPrefix);
    appendRespBulk(m_command, m_message);
    if (redisAsyncFormattedCommand(m_context, &RedisWorker::onStreamReply, this, m_command.data(), m_command.size())
        == REDIS_OK)
        ++m_inFlight;
    else
        m_shared->streamErrors.fetch_add(1, std::memory_order_relaxed);
}

void RedisWorker::afterIo()
{
    if (m_context && m_state == State::Connected)
        drain();
    if (m_shuttingDown)
        checkShutdown();
}

// ---- shutdown -----------------------------------------------------------------------------------

void RedisWorker::shutdown(int flushMs, std::shared_ptr<QSemaphore> done)
{
    m_done = std::move(done);
    m_shuttingDown = true;
    m_retryTimer->stop();
    if (!m_context) { // backoff or auth_failed: there is nothing to flush into
        finishShutdown();
        return;
    }
    m_shutdownTimer->start(std::max(0, flushMs));
    drain();
    checkShutdown();
}

void RedisWorker::checkShutdown()
{
    if (m_shuttingDown && !m_finished && m_inFlight == 0 && m_queue->size() == 0)
        QMetaObject::invokeMethod(this, &RedisWorker::finishShutdown, Qt::QueuedConnection);
}

void RedisWorker::finishShutdown()
{
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer->stop();
    m_healthTimer->stop();
    m_shutdownTimer->stop();
    closeContext(); // still in flight after the flush window: counted as lost
    const std::size_t left = m_queue->discardAll();
    m_shared->droppedAtStop.fetch_add(static_cast<qint64>(left), std::memory_order_relaxed);
    setState(State::Disabled, QStringLiteral("stopped"));
    if (m_done)
        m_done->release();
}

// ---- health, logging ----------------------------------------------------------------------------

void RedisWorker::onHealthTick()
{
    if (m_context && m_state == State::Connected) {
        if (m_replies != m_repliesAtCheck || m_inFlight == 0) {
            m_repliesAtCheck = m_replies;
            m_sinceProgress.restart();
        } else if (m_sinceProgress.elapsed() >= m_options.replyTimeoutMs) {
            failConnection(QStringLiteral("no reply from Redis for %1 with %2 commands outstanding")
                               .arg(seconds(m_sinceProgress.elapsed() / 1000.0))
                               .arg(m_inFlight),
                           Failure::Transient);
        }
    }
    const TickQueue::Counters q = m_queue->counters();
    const qint64 dropped = q.dropped + m_shared->lostInFlight.load(std::memory_order_relaxed)
        + m_shared->rejected.load(std::memory_order_relaxed);
    if (dropped > m_droppedLogged && m_sinceDropLog.elapsed() >= m_options.dropLogIntervalMs) {
        qCWarning(lcRedis).noquote() << dropSummary(dropped - m_droppedLogged, m_sinceDropLog.elapsed());
        m_droppedLogged = dropped;
        m_sinceDropLog.restart();
    }
}

QString RedisWorker::dropSummary(qint64 dropped, qint64 sinceMs) const
{
    return QStringLiteral("redis %1 dropped %2 ticks in the last %3 (%4) %5")
        .arg(m_address)
        .arg(dropped)
        .arg(seconds(sinceMs / 1000.0), stateName(m_state), counterText());
}

QString RedisWorker::counterText() const
{
    const TickQueue::Counters q = m_queue->counters();
    const qint64 dropped = q.dropped + m_shared->lostInFlight.load(std::memory_order_relaxed)
        + m_shared->rejected.load(std::memory_order_relaxed) + m_shared->droppedAtStop.load(std::memory_order_relaxed);
    return QStringLiteral("[published %1, dropped %2, queue %3/%4]")
        .arg(m_shared->published.load(std::memory_order_relaxed))
        .arg(dropped)
        .arg(q.depth)
        .arg(q.capacity);
}

void RedisWorker::setState(State state, const QString &detail, bool quiet)
{
    const bool changed = state != m_state;
    if (!changed && !(state == State::Backoff || state == State::AuthFailed))
        return;
    m_state = state;
    const QString name = stateName(state);
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->state = name;
    }
    if (quiet || state == State::Connecting) {
        qCDebug(lcRedis).noquote() << "redis" << m_address << name + QLatin1Char(':') << detail;
    } else if (state == State::Backoff || state == State::AuthFailed) {
        qCWarning(lcRedis).noquote() << "redis" << m_address << name + QLatin1Char(':') << detail << counterText();
    } else {
        qCInfo(lcRedis).noquote() << "redis" << m_address << name + QLatin1Char(':') << detail << counterText();
    }
    emit stateChanged(name, detail);
}

} // namespace tickstock::publish
