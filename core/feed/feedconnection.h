#pragma once
// One Massive feed connection: one QWebSocket, the status/phase state machine (docs/architecture.md),
// auth → subscribe-all → per-param acks, heartbeat, backoff, counters. Lives on the feed thread;
// nothing outside that thread touches it (other threads see only its snapshot values).
//
// Text the server chose (status messages, close reasons, handshake errors, unparsable frames) may
// quote a secret back. It passes through fromServer() before it becomes connection state or a log
// line, so the snapshot (status API, live stream, headless line, dashboard) and the log are clean.

#include "feed/backoff.h"
#include "status/connectionstate.h"
#include "feed/latencyhistogram.h"
#include "feed/ratewindow.h"
#include "feed/subscriptiontracker.h"
#include "massive/frameparser.h"
#include "status/statussnapshot.h"
#include "util/loglimiter.h"
#include "util/secretmasker.h"

#include <QtCore/QJsonArray>
#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtNetwork/QAbstractSocket>

#include <functional>

class QTimer;
class QWebSocket;

namespace tickstock::feed {

struct ConnectionSettings {
    int index = 1;
    QString name;
    bool enabled = false;
    QUrl url;
    QString apiKey;                // secret: never logged
    QStringList secrets;           // every configured secret, masked out of server texts (apiKey always)
    QStringList tickers;
    QStringList channels = {QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("AM")};
    QString universeKey;
    QString tickerSource;
    BackoffPolicy backoff;
    int pingIntervalMs = 10000;    // RFC 6455 ping
    int staleTimeoutMs = 20000;    // no pong and no frame → stale
    int ackTimeoutMs = 10000;      // missing acks surfaced after this
    int handshakeTimeoutMs = 15000;
    qsizetype maxParamsBytes = 16 * 1024;
};

// Receives what a connection parsed; implemented by the manager, called on the feed thread.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void onFeedEvents(int connection, const massive::ParseResult &result, qint64 nowMs) = 0;
    virtual void onConnectionChanged(int connection) = 0;
    virtual void onConnectionLog(int connection, QtMsgType level, const QString &text) = 0;
};

class FeedConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedConnection)
public:
    using Clock = std::function<qint64()>; // ms since epoch

    FeedConnection(ConnectionSettings settings, EventSink *sink, QObject *parent = nullptr,
                   Backoff::RandomSource random = {}, Clock clock = {});
    ~FeedConnection() override;

    void start();            // dial if enabled and has tickers
    void userConnect();      // also clears auth_failed / gave-up states
    void userDisconnect();   // polite close, no retry
    void userReconnect();
    void closeForShutdown(); // polite close; emits closed() when the socket is down
    void addTickers(const QStringList &tickers);
    void removeTickers(const QStringList &tickers);

    int index() const { return m_settings.index; }
    status::ConnectionPhase phase() const { return m_phase; }
    bool isStreaming() const { return m_phase == status::ConnectionPhase::Streaming; }
    bool isSocketOpen() const;
    int tickerCount() const { return int(m_settings.tickers.size()); }
    const QStringList &tickers() const { return m_settings.tickers; }
    status::ConnectionSnapshot snapshot(qint64 nowMs) const;

signals:
    void closed();

private:
    enum class DropReason { None, User, Shutdown, AuthFailed, Evicted, Stale, SlowConsumer, ForceDisconnect,
                            AuthTimeout, HandshakeTimeout };

    qint64 now() const { return m_clock(); }
    void setPhase(status::ConnectionPhase phase, const QString &detail = {});
    void log(QtMsgType level, const QString &text);
    void logFrameProblem(const QString &line); // rate-limited: a peer can send these in a flood
    QString fromServer(const QString &text) const { return m_masker.mask(text); }
    void dial();
    void ensureSocket();
    void dropSocket(DropReason reason, bool abort);
    void scheduleRetry(status::ConnectionPhase phase, const QString &why);
    void sendSubscriptions(const QStringList &params);
    QStringList allParams() const;
    void maybeStreaming();
    void housekeeping();

    void onSocketConnected();
    void onSocketDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void onTextMessage(const QString &message);
    void onBinaryMessage(const QByteArray &message);
    void onPong(quint64 elapsedTime, const QByteArray &payload);
    void handleStatus(const massive::StatusEvent &status);
    void handleAck(const QString &message, bool subscribed);
    void handleRefusal(const QString &message);
    void recordParseErrors(const massive::ParseResult &result, const QByteArray &frame);

    ConnectionSettings m_settings;
    EventSink *m_sink;
    Clock m_clock;
    SecretMasker m_masker;
    Backoff m_backoff;
    QWebSocket *m_socket = nullptr;   // child, created on the feed thread
    QTimer *m_retryTimer = nullptr;
    QTimer *m_housekeeping = nullptr; // 1 s: ping, stale, ack timeouts, healthy reset
    massive::FrameParser m_parser;
    massive::ParseResult m_result;
    QByteArray m_utf8;

    status::ConnectionPhase m_phase = status::ConnectionPhase::Disabled;
    QString m_detail;
    mutable QJsonArray m_tickersJson; // m_settings.tickers as JSON, rebuilt by snapshot() after a change
    mutable bool m_tickersJsonStale = true;
    DropReason m_dropReason = DropReason::None;
    bool m_retryAllowed = true;

    SubscriptionTracker m_subscriptions;

    qint64 m_dialStartedMs = 0;
    qint64 m_connectedSinceMs = 0;   // streaming since
    qint64 m_lastActivityMs = 0;     // any frame or pong
    qint64 m_lastPingMs = 0;
    qint64 m_nextRetryMs = 0;
    qint64 m_gapStartMs = 0;

    // counters
    qint64 m_messages = 0, m_frames = 0, m_bytes = 0, m_parseErrors = 0, m_unknownEvents = 0;
    qint64 m_connectionErrors = 0, m_reconnects = 0, m_statusEvents = 0, m_lastMessageMs = 0, m_lastGapMs = 0;
    QString m_lastError;
    QString m_lastParseSample;
    util::LogLimiter m_frameLog; // parse errors and binary frames: one line a second
    RateWindow m_rate;
    LatencyHistogram m_latency;
};

} // namespace tickstock::feed
