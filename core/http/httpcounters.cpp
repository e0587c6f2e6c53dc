#include "http/httpcounters.h"

namespace tickstock::http {
namespace {
std::size_t slotOf(int status)
{
    for (std::size_t i = 0; i < HttpCounters::kCodes.size(); ++i) {
        if (HttpCounters::kCodes[i] == status)
            return i;
    }
    return HttpCounters::kCodes.size();
}
} // namespace

void HttpCounters::countResponse(int status) { responses[slotOf(status)].fetch_add(1, std::memory_order_relaxed); }

qint64 HttpCounters::responsesWithCode(int status) const { return responses[slotOf(status)].load(std::memory_order_relaxed); }

void HttpCounters::observeDuration(qint64 ns)
{
    const double seconds = double(ns) / 1e9;
    std::size_t i = 0;
    while (i < kDurationBuckets.size() && seconds > kDurationBuckets[i])
        ++i;
    durationBuckets[i].fetch_add(1, std::memory_order_relaxed);
    durationSumNs.fetch_add(ns, std::memory_order_relaxed);
}

void HttpCounters::writeMetrics(status::PrometheusWriter &w) const
{
    using T = status::PrometheusWriter::Type;
    const auto get = [](const std::atomic<qint64> &a) { return a.load(std::memory_order_relaxed); };
    w.family("tickstock_http_responses_total", T::Counter, "HTTP responses of the status server by status code.");
    for (std::size_t i = 0; i < kCodes.size(); ++i)
        w.sample("tickstock_http_responses_total", {{"code", QString::number(kCodes[i])}}, get(responses[i]));
    w.sample("tickstock_http_responses_total", {{"code", QStringLiteral("other")}}, get(responses[kCodes.size()]));
    w.family("tickstock_http_request_duration_seconds", T::Histogram,
             "Time the HTTP thread spent on a request, from its last byte to handing the answer to the socket.");
    qint64 cumulative = 0;
    for (std::size_t i = 0; i < kDurationBuckets.size(); ++i) {
        cumulative += get(durationBuckets[i]);
        w.sample("tickstock_http_request_duration_seconds_bucket", {{"le", QString::number(kDurationBuckets[i])}}, cumulative);
    }
    cumulative += get(durationBuckets[kDurationBuckets.size()]);
    w.sample("tickstock_http_request_duration_seconds_bucket", {{"le", QStringLiteral("+Inf")}}, cumulative);
    w.sample("tickstock_http_request_duration_seconds_sum", double(get(durationSumNs)) / 1e9);
    w.sample("tickstock_http_request_duration_seconds_count", cumulative);
    w.family("tickstock_http_connections_total", T::Counter, "TCP connections accepted by the status server.");
    w.sample("tickstock_http_connections_total", get(connectionsAccepted));
    w.family("tickstock_http_connections_rejected_total", T::Counter, "TCP connections refused because too many were open and none could be evicted (503; HTTPS: closed).");
    w.sample("tickstock_http_connections_rejected_total", get(connectionsRejected));
    w.family("tickstock_http_connections_evicted_total", T::Counter,
             "Idle or incomplete connections closed to make room for a new one (per-prefix or total limit).");
    w.sample("tickstock_http_connections_evicted_total", get(connectionsEvicted));
    w.family("tickstock_http_connections_silent_total", T::Counter,
             "Connections closed because they sent nothing within the first-byte deadline.");
    w.sample("tickstock_http_connections_silent_total", get(silentClosed));
    w.family("tickstock_http_tls_handshake_failures_total", T::Counter,
             "HTTPS connections closed before their TLS handshake completed (refused certificate, plain HTTP, "
             "old protocol, or the first-byte deadline).");
    w.sample("tickstock_http_tls_handshake_failures_total", get(tlsHandshakeFailures));
    w.family("tickstock_http_malformed_requests_total", T::Counter, "Requests rejected as malformed, oversized or too slow.");
    w.sample("tickstock_http_malformed_requests_total", get(malformedRequests));
    w.family("tickstock_http_auth_failures_total", T::Counter, "Requests with a missing or wrong bearer token.");
    w.sample("tickstock_http_auth_failures_total", get(authFailures));
    w.family("tickstock_http_throttled_total", T::Counter, "Requests refused with 429 after repeated authentication failures.");
    w.sample("tickstock_http_throttled_total", get(throttled));
    w.family("tickstock_http_auth_blocks_total", T::Counter, "Times an address was blocked after repeated authentication failures.");
    w.sample("tickstock_http_auth_blocks_total", get(blocks));
    w.family("tickstock_http_stream_clients", T::Gauge, "Live-stream (/admin-ws) subscribers connected now.");
    w.sample("tickstock_http_stream_clients", get(streamClients));
    w.family("tickstock_http_stream_clients_total", T::Counter, "Live-stream subscribers accepted.");
    w.sample("tickstock_http_stream_clients_total", get(streamClientsTotal));
    w.family("tickstock_http_stream_clients_dropped_total", T::Counter, "Live-stream subscribers disconnected for reading too slowly.");
    w.sample("tickstock_http_stream_clients_dropped_total", get(streamClientsDropped));
    w.family("tickstock_http_stream_frames_total", T::Counter, "Live-stream frames sent (all subscribers).");
    w.sample("tickstock_http_stream_frames_total", get(streamFramesSent));
    w.family("tickstock_http_stream_frames_skipped_total", T::Counter, "Live-stream frames skipped for subscribers that were behind.");
    w.sample("tickstock_http_stream_frames_skipped_total", get(streamFramesSkipped));
}

} // namespace tickstock::http
