#pragma once
// Counters of the HTTP server itself, written on the HTTP thread and readable from any thread
// (relaxed atomics). Exposed on /metrics as tickstock_http_*.

#include "status/prometheus.h"

#include <array>
#include <atomic>

namespace tickstock::http {

struct HttpCounters {
    static constexpr std::array<int, 18> kCodes = {101, 200, 202, 400, 401, 403, 404, 405, 408,
                                                    413, 414, 426, 429, 431, 500, 501, 503, 505};
    std::array<std::atomic<qint64>, kCodes.size() + 1> responses{}; // last slot: any other code

    std::atomic<qint64> connectionsAccepted{0};
    std::atomic<qint64> connectionsRejected{0}; // over a limit, nothing to evict (503; HTTPS: closed)
    std::atomic<qint64> connectionsEvicted{0};  // the oldest idle connection closed to make room
    std::atomic<qint64> silentClosed{0};        // closed after sending nothing within the first-byte deadline
    std::atomic<qint64> tlsHandshakeFailures{0}; // HTTPS: handshake failed or missed the first-byte deadline
    std::atomic<qint64> malformedRequests{0};   // parser errors (400/413/414/431/501/505) and timeouts
    std::atomic<qint64> authFailures{0};        // 401
    std::atomic<qint64> throttled{0};           // 429
    std::atomic<qint64> blocks{0};              // addresses blocked after repeated failures
    std::atomic<qint64> streamClients{0};       // gauge
    std::atomic<qint64> streamClientsTotal{0};
    std::atomic<qint64> streamClientsDropped{0}; // slow subscribers disconnected
    std::atomic<qint64> streamFramesSent{0};
    std::atomic<qint64> streamFramesSkipped{0};  // not sent to a subscriber that was behind

    // Time the HTTP thread spends on one request (routing, JSON, handing the answer to the
    // socket), as a Prometheus histogram: tickstock_http_request_duration_seconds.
    static constexpr std::array<double, 10> kDurationBuckets = {0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                                                                 0.0025, 0.005, 0.01, 0.025, 0.1};
    std::array<std::atomic<qint64>, kDurationBuckets.size() + 1> durationBuckets{}; // non-cumulative; last: +Inf
    std::atomic<qint64> durationSumNs{0};
    void observeDuration(qint64 ns);

    void countResponse(int status);
    qint64 responsesWithCode(int status) const;
    void writeMetrics(status::PrometheusWriter &writer) const;
};

} // namespace tickstock::http
