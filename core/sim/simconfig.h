#pragma once
// Configuration of the feed simulator (docs/protocol.md), shared by tickstock-feedsim's
// command line and by in-process embedding (tests, demo mode). Times are milliseconds unless a
// name says otherwise; on the command line the fault and timeout flags take seconds.

#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtNetwork/QHostAddress>

#include <cstdint>
#include <optional>

namespace tickstock::sim {

struct SimConfig {
    enum class AuthFailAction { Abort, Close };     // after auth_failed: TCP abort (observed) or close 1008
    enum class LimitPolicy { EvictOldest, RejectNewest };
    enum class EvictAction { Close, Abort };        // how a max_connections victim is ended

    // Listening socket. The only served path is /stocks; any Host header is accepted.
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0 = any free port

    // Keys and entitlements.
    QStringList keys = {QStringLiteral("demo")};  // accepted API keys
    QStringList noAccessKeys;                       // valid keys whose plan lacks websocket access
    QHash<QString, QSet<QString>> deniedChannels;   // key -> channels answered with `not authorized`
    bool delayed = false; // emulate the delayed host: only T, A, AM entitled, clock 15 min behind

    // Authentication.
    int authTimeoutMs = 10'000;
    AuthFailAction authFailAction = AuthFailAction::Abort;

    // Connection limit per key (0 = unlimited).
    int maxConnectionsPerKey = 0;
    LimitPolicy limitPolicy = LimitPolicy::EvictOldest;
    EvictAction evictAction = EvictAction::Close;
    int evictDelayMs = 1'000;

    // Market data.
    QStringList marketTickers;       // empty = the built-in list (marketlist.h)
    double tradesPerSecond = 2.0;    // per ticker, Poisson
    double quotesPerSecond = 4.0;    // per ticker, Poisson
    int flushIntervalMs = 25;        // batching interval of data frames
    int maxEventsPerFrame = 500;
    int maxFrameBytes = 512 * 1024;  // always < 1 MB
    int aggregateDelayMs = 200;      // A/AM are published this long after their window closes
    qint64 timeOffsetMs = 0;         // added to the wall clock for every timestamp
    quint64 seed = 0;                // 0 = pick one at random (logged)

    // Faults.
    bool silent = false;             // ack subscriptions but never send data
    int abortEveryMs = 0;            // per connection: TCP abort (no close frame) this long after the upgrade
    int freezeAfterMs = 0;           // per connection: stop sending and answering pings, keep TCP open
    int forceDisconnectAfterMs = 0;  // per connection: `force_disconnect` then close
    qint64 slowConsumerBytes = 16 * 1024 * 1024; // unsent backlog that triggers `slow_consumer` (0 = off)
    int socketSendBufferBytes = 0;   // SO_SNDBUF for accepted sockets (0 = OS default)
    double malformedRate = 0.0;      // fraction of data frames replaced by a malformed variant

    // Firehose benchmark mode (0 = off): pre-serialised T/Q frames at a target rate per connection.
    int firehoseEventsPerSecond = 0;
    int firehoseTickers = 0;         // > 0: N synthetic tickers instead of the subscribed set
    int firehoseEventsPerFrame = 50;
    int firehoseIntervalMs = 5;      // the frames due are sent every this many ms (bursts in between)
    qint64 firehoseBacklogBytes = 4 * 1024 * 1024; // skip frames while the backlog exceeds this
    // Benchmark only: `t` is each frame's send time and a trade's `s` is 1000 + the microseconds
    // within that millisecond, so a consumer downstream can measure latency to 1 µs.
    bool firehoseSendClock = false;
    QString firehoseDumpFile;        // write the firehose payloads here, one per line, when built

    // WebSocket transport.
    int closeTimeoutMs = 2'000;      // wait for the peer's close frame, then abort
    int maxMessageBytes = 4 * 1024 * 1024; // largest accepted client message
    int handshakeTimeoutMs = 10'000;

    // Command line only.
    int statsIntervalMs = 0;         // log counters periodically (0 = off)
    bool showHelp = false;           // --help was given: print helpText() and exit 0

    // Parses a command line (the first element is the program name, as in
    // QCoreApplication::arguments()). Returns nullopt and sets *error on a bad flag or value.
    static std::optional<SimConfig> fromArguments(const QStringList &arguments, QString *error);
    // The --help text, listing every flag.
    static QString helpText();
};

} // namespace tickstock::sim
