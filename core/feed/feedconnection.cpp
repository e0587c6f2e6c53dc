#include "feed/feedconnection.h"

#include "massive/clientmessages.h"
#include "util/logging.h"

#include <QtCore/QDateTime>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtWebSockets/QWebSocket>

#include <algorithm>
#include <cmath>

namespace tickstock::feed {

using status::ConnectionPhase;
using status::ConnectionStatus;

using massive::EventKind;

namespace {
constexpr int kHousekeepingMs = 1000;
constexpr int kCloseWaitMs = 2000;
constexpr qsizetype kParseSampleChars = 160; // of the frame, in a parse error's sample
const QLatin1String kSubscribedPrefix("subscribed to: ");
const QLatin1String kUnsubscribedPrefix("unsubscribed to: ");

QString secondsText(double seconds) { return QString::number(std::max(1.0, std::ceil(seconds)), 'f', 0); }
} // namespace

FeedConnection::FeedConnection(ConnectionSettings settings, EventSink *sink, QObject *parent,
                               Backoff::RandomSource random, Clock clock)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_sink(sink)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); }))
    , m_masker(m_settings.secrets + QStringList{m_settings.apiKey})
    , m_backoff(m_settings.backoff, std::move(random))
    , m_frameLog(1, 1000, [this] { return now(); })
{
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    // Coarse (the default) rounds delays of 20 s and more to whole seconds and lines up the
    // retries of different slots: the jitter would be lost.
    m_retryTimer->setTimerType(Qt::PreciseTimer);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        m_nextRetryMs = 0;
        ++m_reconnects;
        dial();
    });
    m_housekeeping = new QTimer(this);
    m_housekeeping->setInterval(kHousekeepingMs);
    connect(m_housekeeping, &QTimer::timeout, this, &FeedConnection::housekeeping);
    m_phase = m_settings.enabled ? ConnectionPhase::Idle : ConnectionPhase::Disabled;
    m_detail = m_settings.enabled ? QStringLiteral("idle: no tickers") : QStringLiteral("disabled");
}

FeedConnection::~FeedConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

bool FeedConnection::isSocketOpen() const { return m_socket != nullptr; }

void FeedConnection::log(QtMsgType level, const QString &text)
{
    const QString line = QStringLiteral("[%1 %2] %3").arg(QStringLiteral("connection_%1").arg(m_settings.index),
                                                          m_settings.name, text);
    switch (level) {
    case QtDebugMsg: qCDebug(lcFeed).noquote() << line; break;
    case QtInfoMsg: qCInfo(lcFeed).noquote() << line; break;
    default: qCWarning(lcFeed).noquote() << line; break;
    }
    if (m_sink)
        m_sink->onConnectionLog(m_settings.index, level, text);
}

void FeedConnection::setPhase(ConnectionPhase phase, const QString &detail)
{
    const QString text = detail.isEmpty() ? phaseName(phase) : detail;
    if (phase == m_phase && text == m_detail)
        return;
    const bool changed = phase != m_phase;
    m_phase = phase;
    m_detail = text;
    if (changed)
        log(statusOf(phase) == ConnectionStatus::Error ? QtWarningMsg : QtInfoMsg,
            QStringLiteral("%1/%2: %3").arg(statusName(statusOf(phase)), phaseName(phase), text));
    if (m_sink)
        m_sink->onConnectionChanged(m_settings.index);
}

void FeedConnection::start()
{
    if (!m_settings.enabled) {
        setPhase(ConnectionPhase::Disabled, QStringLiteral("disabled"));
        return;
    }
    if (m_settings.tickers.isEmpty()) {
        setPhase(ConnectionPhase::Idle, QStringLiteral("idle: no tickers"));
        return;
    }
    dial();
}

void FeedConnection::ensureSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_parser.maxFrameBytes()));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_parser.maxFrameBytes()));
    connect(m_socket, &QWebSocket::connected, this, &FeedConnection::onSocketConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &FeedConnection::onSocketDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &FeedConnection::onTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &FeedConnection::onBinaryMessage);
    connect(m_socket, &QWebSocket::pong, this, &FeedConnection::onPong);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    connect(m_socket, &QWebSocket::errorOccurred, this, &FeedConnection::onSocketError);
#else
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &FeedConnection::onSocketError);
#endif
}

void FeedConnection::dial()
{
    m_retryTimer->stop();
    if (m_settings.tickers.isEmpty()) {
        setPhase(ConnectionPhase::Idle, QStringLiteral("idle: no tickers"));
        return;
    }
    ensureSocket();
    m_dropReason = DropReason::None;
    m_dialStartedMs = now();
    m_lastActivityMs = m_dialStartedMs;
    m_lastPingMs = m_dialStartedMs;
    setPhase(ConnectionPhase::Dialing, QStringLiteral("dialing %1").arg(m_settings.url.toString(QUrl::RemoveUserInfo)));
    m_housekeeping->start();
    m_socket->open(m_settings.url);
}

void FeedConnection::onSocketConnected()
{
    m_lastActivityMs = now();
    setPhase(ConnectionPhase::Authenticating, QStringLiteral("authenticating"));
    // Massive accepts auth before its `connected` status arrives: saves a round trip.
    m_socket->sendTextMessage(QString::fromUtf8(massive::authMessage(m_settings.apiKey)));
}

void FeedConnection::onSocketError(QAbstractSocket::SocketError error)
{
    Q_UNUSED(error);
    if (!m_socket)
        return;
    const QString text = fromServer(m_socket->errorString()); // may quote the server's HTTP answer
    if (m_dropReason == DropReason::None)
        m_lastError = text;
    // Before the upgrade completes no `disconnected` follows: treat the failure as the drop.
    if (m_phase == ConnectionPhase::Dialing && m_socket->state() != QAbstractSocket::ConnectedState) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
        onSocketDisconnected();
    }
}

void FeedConnection::dropSocket(DropReason reason, bool abort)
{
    m_dropReason = reason;
    if (!m_socket) {
        onSocketDisconnected();
        return;
    }
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
        onSocketDisconnected();
        return;
    }
    QWebSocket *socket = m_socket;
    if (abort) {
        socket->abort();
    } else {
        socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client closing"));
        // If the server never answers the close frame, give up waiting.
        QTimer::singleShot(kCloseWaitMs, socket, [socket] { socket->abort(); });
    }
}

void FeedConnection::onSocketDisconnected()
{
    const qint64 t = now();
    if (m_socket) {
        const auto code = m_socket->closeCode();
        const QString reason = fromServer(m_socket->closeReason());
        if (m_dropReason == DropReason::None && code != QWebSocketProtocol::CloseCodeNormal) {
            m_lastError = reason.isEmpty() ? QStringLiteral("connection closed (code %1)").arg(int(code))
                                           : QStringLiteral("connection closed (code %1: %2)").arg(int(code)).arg(reason);
        }
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (m_phase == ConnectionPhase::Streaming || m_phase == ConnectionPhase::Subscribing) {
        if (!m_gapStartMs)
            m_gapStartMs = t;
    }
    m_connectedSinceMs = 0;
    m_subscriptions.reset(); // a new socket holds nothing: everything is resent

    const DropReason reason = m_dropReason;
    m_dropReason = DropReason::None;
    switch (reason) {
    case DropReason::User:
        m_housekeeping->stop();
        setPhase(ConnectionPhase::Closed, QStringLiteral("closed by user"));
        return;
    case DropReason::Shutdown:
        m_housekeeping->stop();
        setPhase(ConnectionPhase::Closed, QStringLiteral("shut down"));
        emit closed();
        return;
    case DropReason::AuthFailed:
        m_housekeeping->stop();
        setPhase(ConnectionPhase::AuthFailed, QStringLiteral("auth failed: %1; not retrying (check the API key, "
                                                             "then reconnect)").arg(m_lastError));
        return;
    case DropReason::Evicted:
        ++m_connectionErrors;
        scheduleRetry(ConnectionPhase::Evicted, QStringLiteral("evicted by another connection"));
        return;
    case DropReason::Stale:
        ++m_connectionErrors;
        scheduleRetry(ConnectionPhase::Stale, QStringLiteral("stale: no frame or pong"));
        return;
    case DropReason::SlowConsumer:
        ++m_connectionErrors;
        scheduleRetry(ConnectionPhase::SlowConsumer, QStringLiteral("dropped as slow consumer"));
        return;
    default:
        break;
    }
    ++m_connectionErrors;
    if (m_lastError.isEmpty())
        m_lastError = QStringLiteral("connection lost");
    scheduleRetry(ConnectionPhase::Backoff, m_lastError);
}

void FeedConnection::scheduleRetry(ConnectionPhase phase, const QString &why)
{
    if (!m_retryAllowed)
        return;
    if (m_backoff.exhausted()) {
        m_housekeeping->stop();
        m_nextRetryMs = 0;
        setPhase(ConnectionPhase::Backoff, QStringLiteral("%1; gave up after %2 retries (reconnect manually)")
                                               .arg(why)
                                               .arg(m_backoff.attempts()));
        return;
    }
    const double delay = phase == ConnectionPhase::Evicted ? m_backoff.nextEvictionDelay() : m_backoff.nextDelay();
    const int delayMs = int(std::lround(delay * 1000.0));
    m_nextRetryMs = now() + delayMs;
    m_retryTimer->start(delayMs);
    setPhase(phase, QStringLiteral("%1; retrying in %2 s").arg(why, secondsText(delay)));
}

QStringList FeedConnection::allParams() const
{
    return massive::subscriptionParams(m_settings.channels, m_settings.tickers);
}

void FeedConnection::sendSubscriptions(const QStringList &params)
{
    if (!m_socket || params.isEmpty())
        return;
    const QStringList toSend = m_subscriptions.markSent(params, now());
    const auto messages = massive::subscribeMessages(toSend, m_settings.maxParamsBytes);
    for (const QByteArray &m : messages)
        m_socket->sendTextMessage(QString::fromUtf8(m));
    log(QtInfoMsg, QStringLiteral("subscribing %1 params in %2 message(s)").arg(toSend.size()).arg(messages.size()));
}

void FeedConnection::maybeStreaming()
{
    const SubscriptionTracker::Counts &subs = m_subscriptions.counts();
    if (m_phase != ConnectionPhase::Subscribing || subs.pending > 0)
        return;
    if (subs.acked == 0 && subs.refused > 0) {
        setPhase(ConnectionPhase::Refused, QStringLiteral("every subscription refused: %1").arg(m_lastError));
        return;
    }
    m_connectedSinceMs = now();
    QString detail = QStringLiteral("streaming %1 tickers").arg(m_settings.tickers.size());
    if (subs.refused || subs.unconfirmed)
        detail += QStringLiteral(" (%1 refused, %2 unconfirmed)").arg(subs.refused).arg(subs.unconfirmed);
    setPhase(ConnectionPhase::Streaming, detail);
}

void FeedConnection::housekeeping()
{
    const qint64 t = now();
    if (m_phase == ConnectionPhase::Dialing || m_phase == ConnectionPhase::Authenticating) {
        if (t - m_dialStartedMs > m_settings.handshakeTimeoutMs) {
            m_lastError = QStringLiteral("no answer within %1 s while %2")
                              .arg(m_settings.handshakeTimeoutMs / 1000)
                              .arg(phaseName(m_phase));
            dropSocket(DropReason::HandshakeTimeout, true);
            return;
        }
    }
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        if (t - m_lastActivityMs > m_settings.staleTimeoutMs) {
            m_lastError = QStringLiteral("no frame or pong for %1 s").arg((t - m_lastActivityMs) / 1000);
            dropSocket(DropReason::Stale, true);
            return;
        }
        if (t - m_lastPingMs >= m_settings.pingIntervalMs) {
            m_lastPingMs = t;
            m_socket->ping();
        }
    }
    if (m_phase == ConnectionPhase::Subscribing || m_phase == ConnectionPhase::Streaming) {
        if (const int expired = m_subscriptions.expire(t, m_settings.ackTimeoutMs)) {
            log(QtWarningMsg, QStringLiteral("%1 subscription(s) unconfirmed: no ack within %2 s")
                                  .arg(expired)
                                  .arg(m_settings.ackTimeoutMs / 1000));
            maybeStreaming();
            if (m_sink)
                m_sink->onConnectionChanged(m_settings.index);
        }
    }
    if (m_phase == ConnectionPhase::Streaming && m_connectedSinceMs && m_backoff.attempts() > 0
        && t - m_connectedSinceMs >= qint64(m_settings.backoff.healthyResetSeconds * 1000.0)) {
        m_backoff.reset(); // proven healthy (protocol C2): not on auth_success alone
    }
}

void FeedConnection::onPong(quint64 elapsedTime, const QByteArray &payload)
{
    Q_UNUSED(elapsedTime);
    Q_UNUSED(payload);
    m_lastActivityMs = now();
}

void FeedConnection::onBinaryMessage(const QByteArray &message)
{
    m_lastActivityMs = now();
    ++m_frames;
    m_bytes += message.size();
    ++m_parseErrors;
    m_lastParseSample = QStringLiteral("frame: binary frame of %1 bytes ignored (the feed sends text)").arg(message.size());
    logFrameProblem(m_lastParseSample);
    if (m_sink)
        m_sink->onConnectionChanged(m_settings.index);
}

void FeedConnection::onTextMessage(const QString &message)
{
    const qint64 t = now();
    m_lastActivityMs = t;
    ++m_frames;
    m_utf8 = message.toUtf8();
    m_bytes += m_utf8.size();
    m_parser.parse(std::string_view(m_utf8.constData(), size_t(m_utf8.size())), m_result);

    qint64 data = 0;
    for (const massive::Event &event : m_result.events) {
        if (const auto *status = std::get_if<massive::StatusEvent>(&event)) {
            ++m_statusEvents;
            handleStatus(*status);
            continue;
        }
        ++data;
        qint64 eventMs = 0;
        if (const auto *trade = std::get_if<massive::Trade>(&event))
            eventMs = trade->timestamp;
        else if (const auto *quote = std::get_if<massive::Quote>(&event))
            eventMs = quote->timestamp;
        if (eventMs > 0)
            m_latency.record(double(t - massive::epochToNanoseconds(eventMs) / 1'000'000));
    }
    if (!m_result.errors.empty())
        recordParseErrors(m_result, m_utf8);
    if (data) {
        m_messages += data;
        m_rate.add(t, data);
        m_lastMessageMs = t;
        if (m_gapStartMs) {
            m_lastGapMs = t - m_gapStartMs;
            m_gapStartMs = 0;
            log(QtInfoMsg, QStringLiteral("data resumed after a %1 s gap").arg(m_lastGapMs / 1000.0, 0, 'f', 1));
        }
        if (m_sink)
            m_sink->onFeedEvents(m_settings.index, m_result, t);
    }
}

void FeedConnection::logFrameProblem(const QString &line)
{
    qint64 suppressed = 0;
    if (m_frameLog.allow(&suppressed)) // a flood of bad frames costs a line a second, not one per frame
        log(QtWarningMsg, line + util::suppressedNote(suppressed));
}

void FeedConnection::recordParseErrors(const massive::ParseResult &result, const QByteArray &frame)
{
    qint64 unknown = 0;
    for (const massive::ParseError &e : result.errors)
        unknown += e.kind == massive::ParseError::Kind::UnknownEvent ? 1 : 0;
    m_unknownEvents += unknown;
    m_parseErrors += qint64(result.errors.size()) - unknown;
    // The frame is masked before it is cut, so a secret across the cut is masked whole, not half
    // shown: enough bytes for the sample's characters (up to 4 bytes each) plus the longest secret.
    const QString frameStart = fromServer(QString::fromUtf8(frame.left(4 * kParseSampleChars + m_masker.longestForm())));
    m_lastParseSample = fromServer(QString::fromStdString(result.errors.front().toString())) + QStringLiteral(" | frame: ")
        + frameStart.left(kParseSampleChars);
    logFrameProblem(QStringLiteral("parse error: %1").arg(m_lastParseSample));
}

void FeedConnection::handleStatus(const massive::StatusEvent &status)
{
    const QString kind = QString::fromStdString(status.status);
    if (kind == QLatin1String("success")) {
        // Acks are matched against our own params, never shown: no need to mask them.
        const QString message = QString::fromStdString(status.message);
        if (message.startsWith(kSubscribedPrefix))
            handleAck(message.mid(kSubscribedPrefix.size()).trimmed(), true);
        else if (message.startsWith(kUnsubscribedPrefix))
            handleAck(message.mid(kUnsubscribedPrefix.size()).trimmed(), false);
        return;
    }
    const QString message = fromServer(QString::fromStdString(status.message));
    if (kind == QLatin1String("connected")) {
        log(QtDebugMsg, QStringLiteral("server: %1").arg(message));
    } else if (kind == QLatin1String("auth_success")) {
        m_retryAllowed = true;
        setPhase(ConnectionPhase::Subscribing, QStringLiteral("subscribing"));
        sendSubscriptions(allParams());
        maybeStreaming();
    } else if (kind == QLatin1String("auth_failed")) {
        m_lastError = message.isEmpty() ? QStringLiteral("authentication failed") : message;
        ++m_connectionErrors;
        m_retryAllowed = false; // protocol C3: never retry a bad key automatically
        dropSocket(DropReason::AuthFailed, true);
    } else if (kind == QLatin1String("auth_timeout")) {
        m_lastError = QStringLiteral("auth timeout: %1").arg(message);
        dropSocket(DropReason::AuthTimeout, false);
    } else if (kind == QLatin1String("auth_required")) {
        m_lastError = QStringLiteral("server requires authentication first: %1").arg(message);
        log(QtWarningMsg, m_lastError);
    } else if (kind == QLatin1String("error")) {
        handleRefusal(message);
    } else if (kind == QLatin1String("max_connections")) {
        m_lastError = QStringLiteral("evicted: %1").arg(message.trimmed());
        dropSocket(DropReason::Evicted, false);
    } else if (kind == QLatin1String("force_disconnect")) {
        m_lastError = QStringLiteral("server forced disconnect: %1").arg(message);
        dropSocket(DropReason::ForceDisconnect, false);
    } else if (kind == QLatin1String("slow_consumer")) {
        m_lastError = QStringLiteral("server dropped us as a slow consumer: %1").arg(message);
        dropSocket(DropReason::SlowConsumer, false);
    } else {
        log(QtWarningMsg, QStringLiteral("unknown status %1: %2").arg(fromServer(kind), message));
    }
}

void FeedConnection::handleAck(const QString &param, bool subscribed)
{
    if (!subscribed)
        return; // removal already done locally
    if (m_subscriptions.ack(param))
        maybeStreaming();
}

void FeedConnection::handleRefusal(const QString &message)
{
    if (const QString param = m_subscriptions.refuseOldest(); !param.isEmpty()) {
        m_lastError = QStringLiteral("subscription %1 refused: %2").arg(param, message);
        ++m_connectionErrors;
        log(QtWarningMsg, m_lastError);
    }
    maybeStreaming();
}

void FeedConnection::userConnect()
{
    m_retryAllowed = true;
    m_backoff.reset();
    m_retryTimer->stop();
    m_nextRetryMs = 0;
    if (!m_settings.enabled) {
        m_settings.enabled = true;
    }
    if (m_socket)
        return;
    if (m_settings.tickers.isEmpty()) {
        setPhase(ConnectionPhase::Idle, QStringLiteral("idle: no tickers"));
        return;
    }
    dial();
}

void FeedConnection::userDisconnect()
{
    m_retryTimer->stop();
    m_nextRetryMs = 0;
    if (m_socket) {
        dropSocket(DropReason::User, false);
        return;
    }
    m_housekeeping->stop();
    setPhase(ConnectionPhase::Closed, QStringLiteral("closed by user"));
}

void FeedConnection::userReconnect()
{
    if (m_socket) {
        // close politely, then dial again once the socket is down
        QPointer<QWebSocket> old = m_socket;
        m_socket->disconnect(this);
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client reconnecting"));
        QTimer::singleShot(kCloseWaitMs, old, [old] {
            if (old)
                old->abort();
        });
        connect(old, &QWebSocket::disconnected, old, &QObject::deleteLater);
        m_socket = nullptr;
    }
    if (m_phase == ConnectionPhase::Streaming || m_phase == ConnectionPhase::Subscribing)
        m_gapStartMs = now();
    m_subscriptions.reset(); // a new socket holds nothing: everything is resent
    m_connectedSinceMs = 0;
    m_retryAllowed = true;
    m_backoff.reset();
    ++m_reconnects;
    m_settings.enabled = true;
    dial();
}

void FeedConnection::closeForShutdown()
{
    m_retryAllowed = false;
    m_retryTimer->stop();
    m_housekeeping->stop();
    if (m_socket) {
        dropSocket(DropReason::Shutdown, false);
        return;
    }
    emit closed();
}

void FeedConnection::addTickers(const QStringList &tickers)
{
    QStringList added;
    for (const QString &t : tickers) {
        if (!t.isEmpty() && !m_settings.tickers.contains(t)) {
            m_settings.tickers.append(t);
            added.append(t);
        }
    }
    if (added.isEmpty())
        return;
    m_tickersJsonStale = true;
    log(QtInfoMsg, QStringLiteral("adding %1 ticker(s)").arg(added.size()));
    if (m_phase == ConnectionPhase::Idle && m_settings.enabled) {
        dial();
        return;
    }
    if (m_socket && (m_phase == ConnectionPhase::Streaming || m_phase == ConnectionPhase::Subscribing))
        sendSubscriptions(massive::subscriptionParams(m_settings.channels, added));
    if (m_sink)
        m_sink->onConnectionChanged(m_settings.index);
}

void FeedConnection::removeTickers(const QStringList &tickers)
{
    QStringList removed;
    for (const QString &t : tickers) {
        if (m_settings.tickers.removeAll(t) > 0)
            removed.append(t);
    }
    if (removed.isEmpty())
        return;
    m_tickersJsonStale = true;
    const QStringList params = massive::subscriptionParams(m_settings.channels, removed);
    m_subscriptions.remove(params);
    log(QtInfoMsg, QStringLiteral("removing %1 ticker(s)").arg(removed.size()));
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        for (const QByteArray &m : massive::unsubscribeMessages(params, m_settings.maxParamsBytes))
            m_socket->sendTextMessage(QString::fromUtf8(m));
    }
    if (m_settings.tickers.isEmpty()) {
        m_retryTimer->stop();
        if (m_socket)
            dropSocket(DropReason::User, false);
        setPhase(ConnectionPhase::Idle, QStringLiteral("idle: no tickers"));
        return;
    }
    if (m_sink)
        m_sink->onConnectionChanged(m_settings.index);
}

status::ConnectionSnapshot FeedConnection::snapshot(qint64 nowMs) const
{
    status::ConnectionSnapshot s;
    s.id = m_settings.index;
    s.name = m_settings.name;
    s.enabled = m_settings.enabled;
    s.phase = m_phase;
    s.status = statusOf(m_phase);
    s.detail = m_detail;
    s.url = m_settings.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    s.connectedSinceMs = m_phase == ConnectionPhase::Streaming ? m_connectedSinceMs : 0;
    s.universeKey = m_settings.universeKey;
    s.tickerSource = m_settings.tickerSource;
    s.tickers = m_settings.tickers;
    if (m_tickersJsonStale) {
        m_tickersJson = QJsonArray::fromStringList(m_settings.tickers);
        m_tickersJsonStale = false;
    }
    s.tickersJson = m_tickersJson;
    s.channels = m_settings.channels;
    s.messageCount = m_messages;
    s.messagesPerSecond = m_rate.perSecond(nowMs);
    s.frames = m_frames;
    s.bytesReceived = m_bytes;
    s.parseErrors = m_parseErrors;
    s.unknownEvents = m_unknownEvents;
    s.errorCount = m_parseErrors + m_unknownEvents + m_connectionErrors;
    s.reconnectCount = m_reconnects;
    s.statusEvents = m_statusEvents;
    s.lastMessageMs = m_lastMessageMs;
    s.lastError = m_lastError;
    s.lastParseErrorSample = m_lastParseSample;
    s.nextRetryMs = m_nextRetryMs;
    s.lastGapMs = m_lastGapMs;
    const SubscriptionTracker::Counts &subs = m_subscriptions.counts();
    s.subscriptionsAcked = subs.acked;
    s.subscriptionsPending = subs.pending;
    s.subscriptionsRefused = subs.refused;
    s.subscriptionsUnconfirmed = subs.unconfirmed;
    s.latencyP50Ms = m_latency.quantile(0.50);
    s.latencyP99Ms = m_latency.quantile(0.99);
    s.latencySamples = m_latency.count();
    return s;
}

} // namespace tickstock::feed
