#pragma once
// The effective configuration of tickstock-monitor (README, Configuration), after every source is merged
// and validated. Plain values; safe to copy across threads.

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace tickstock::config {

// One feed connection slot (WEBSOCKET_CONNECTION_N_*), or the single connection in single mode.
struct SlotConfig {
    int index = 1;                 // N, 1-based; connection id is "connection_N"
    bool enabled = false;
    QString name;                  // display name: primary / secondary / tertiary / connection_N
    QString universeKey;           // preferred ticker source
    QStringList symbols;           // fallback: trimmed, upper-cased
    QString url;                   // effective feed URL (per-slot override or global)
    QString apiKey;                // effective key (per-slot override or global); secret
    QStringList tickers;           // resolved tickers, de-duplicated across slots (first slot wins)
    QString tickerSource;          // "universe:<key>", "symbols", "demo", or "none"

    QString connectionId() const { return QStringLiteral("connection_%1").arg(index); }
};

struct RedisConfig {
    bool enabled = true;
    QString host = QStringLiteral("127.0.0.1");
    int port = 6379;
    int db = 0;
    QString username;              // from REDIS_URL's user-info (Redis 6 ACL user); empty = default user
    QString password;              // secret
    QString tickChannel = QStringLiteral("tickstock:market:ticks");
    int queueCapacity = 100000;    // ticks buffered while Redis is slow or down (drop-oldest)
    QString streamKey;             // REDIS_STREAM: XADD per tick when set
    int streamMaxLen = 100000;     // REDIS_STREAM_MAXLEN: MAXLEN ~ n
};

inline constexpr int kMinHttpTokenLength = 16; // a shorter STATUS_HTTP_TOKEN is a configuration error

struct HttpConfig {
    QString bind = QStringLiteral("127.0.0.1");
    int port = 8765;               // 0 = any free port
    QString token;                 // secret; empty = no auth
    QString tlsCert;               // PEM certificate (chain), absolute path; empty = plain HTTP
    QString tlsKey;                // PEM private key of tlsCert, absolute path
    bool allowPlaintext = false;   // STATUS_HTTP_ALLOW_PLAINTEXT: plain HTTP on a non-loopback bind

    bool tls() const { return !tlsCert.isEmpty(); }
};

struct MonitorConfig {
    QString apiKey;                // MASSIVE_API_KEY; secret
    QString websocketUrl = QStringLiteral("wss://socket.massive.com/stocks");
    bool urlConfigured = false;    // MASSIVE_WEBSOCKET_URL set by the user (any source)
    QStringList channels = {QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("AM")};
    bool multiConnection = false;  // USE_MULTI_CONNECTION
    int connectionsMax = 3;        // WEBSOCKET_CONNECTIONS_MAX
    QList<SlotConfig> feedSlots;   // (not `slots`: a Qt keyword macro) multi: one per slot 1..max; single: exactly one (connection_1, primary)

    double reconnectDelaySeconds = 1.0;     // MASSIVE_WEBSOCKET_RECONNECT_DELAY
    double maxReconnectDelaySeconds = 30.0; // MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY
    int maxRetries = 0;                     // MASSIVE_WEBSOCKET_MAX_RETRIES, 0 = forever

    RedisConfig redis;
    HttpConfig http;
    QString universesFile;         // UNIVERSES_FILE; empty = the shipped universes.json

    bool demo = false;             // simulated feed in-process (--demo, or no key and no URL)
    bool headless = false;
    double statusIntervalSeconds = 0; // --status-interval; 0 = off

    int enabledSlotCount() const
    {
        int n = 0;
        for (const SlotConfig &s : feedSlots)
            n += s.enabled ? 1 : 0;
        return n;
    }
};

} // namespace tickstock::config
