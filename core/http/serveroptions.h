#pragma once
// Tunables of the status server. The defaults are the production values; tests shrink them.

#include "http/auth.h"
#include "http/requestparser.h"

namespace tickstock::http {

struct StreamOptions {
    int maxClients = 32;                       // more subscribers get 503
    int maxClientsPerPrefix = 16;              // from one /24, /64 or the local host
    int metricsIntervalMs = 1000;              // metrics_update period
    int tickIntervalMs = 100;                  // tick_update flush period: ≤ 10 per ticker per second
    qint64 skipBacklogBytes = 256 * 1024;      // unsent bytes above which a subscriber skips metrics/ticks
    qint64 dropBacklogBytes = 4 * 1024 * 1024; // unsent bytes above which it is disconnected
    int dropAfterMs = 10'000;                  // ...or when it stays above skipBacklogBytes this long
    qint64 maxIncomingFrameBytes = 4096;       // client → server frames (we only expect ping/close)
    int sendBufferBytes = 0;                   // SO_SNDBUF of subscriber sockets (0 = OS default)
};

struct ServerOptions {
    ParserLimits limits;                     // request line, headers, body
    ThrottleOptions throttle;                // failed-authentication throttle
    StreamOptions stream;
    int maxConnections = 256;                // open TCP connections (stream subscribers and TLS handshakes included)
    int maxConnectionsPerPrefix = 64;        // from one /24, /64 or the local host (addressprefix.h)
    int firstByteTimeoutMs = 5'000;          // a new connection that sends nothing is closed after this;
                                             // HTTPS: its handshake must be done within it, from the accept
    int requestTimeoutMs = 10'000;           // a started request must be complete within this (408)
    int idleTimeoutMs = 60'000;              // keep-alive connection without a request: closed
    qint64 maxPendingResponseBytes = 256 * 1024; // stop reading requests from a client that does not read answers
};

} // namespace tickstock::http
