#pragma once
// Connection status (the four wire values of the original design) and the finer phase (docs/architecture.md).

#include <QtCore/QString>

namespace tickstock::status {

enum class ConnectionStatus { Disconnected, Connecting, Connected, Error };

enum class ConnectionPhase {
    Disabled,     // disconnected: slot not enabled
    Idle,         // disconnected: enabled, no tickers
    Closed,       // disconnected: by the user
    Dialing,      // connecting: TCP/TLS/WebSocket handshake
    Authenticating,
    Subscribing,
    Streaming,    // connected
    Backoff,      // error: retrying in N s (or gave up after MAX_RETRIES)
    AuthFailed,   // error: no automatic retry
    Evicted,      // error: max_connections, cool-down >= 60 s
    Stale,        // error: no pong and no frame
    SlowConsumer, // error: the server dropped us for reading too slowly
    Refused,      // error: every subscription refused
};

ConnectionStatus statusOf(ConnectionPhase phase);
QString statusName(ConnectionStatus status); // "disconnected", "connecting", "connected", "error"
QString phaseName(ConnectionPhase phase);    // "disabled", "idle", ..., "slow_consumer", "refused"

} // namespace tickstock::status
