// A measuring Redis pub/sub subscriber for the benchmark suite (scripts/bench, docs/performance.md).
// Counts every tick message on the channel and, with --send-clock, measures feed send → receive
// latency of each trade: the simulator (--firehose-send-clock) stamps `t` with the frame's send
// millisecond and the trade size `s` with 1000 + the microseconds within it; the monitor
// republishes them as `timestamp` (seconds) and `volume`, so send time = timestamp·10⁶ + volume − 1000 µs,
// compared with CLOCK_REALTIME here (same machine, same clock).
//
// Usage: bench_subscriber --port PORT [--channel C] [--send-clock] [--warmup S] [--seconds S]
//                         [--interval-ms MS] [--json FILE]
// stdout: "subscribed" once the subscription is confirmed, then one JSON line per interval
// {"elapsed":s,"count":n,"max_latency_ms":m} (m: the interval's worst, 0 without --send-clock). The summary (JSON) goes to --json (or stdout) after --seconds or on
// SIGINT/SIGTERM. Exit 1 when Redis cannot be reached.

#include "loopback.h"

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::atomic<bool> g_stop{false};

long long realtimeMicros()
{
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<long long>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

double monotonicSeconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Latency histogram: 10 µs buckets up to 1 s, one overflow bucket.
class Histogram {
public:
    static constexpr long long kBucketUs = 10;
    static constexpr std::size_t kBuckets = 100'000;

    void record(long long us)
    {
        if (us < 0) {
            ++m_negative; // clock step or a stamp from the future: counted, not binned
            return;
        }
        ++m_count;
        m_max = std::max(m_max, us);
        const auto bucket = static_cast<std::size_t>(us / kBucketUs);
        ++m_buckets[std::min(bucket, kBuckets)];
    }
    // Upper edge of the bucket holding quantile q, in ms (resolution 0.01 ms).
    double quantileMs(double q) const
    {
        if (m_count == 0)
            return 0;
        const auto rank = static_cast<long long>(q * double(m_count - 1)) + 1;
        long long seen = 0;
        for (std::size_t i = 0; i <= kBuckets; ++i) {
            seen += m_buckets[i];
            if (seen >= rank)
                return i == kBuckets ? double(m_max) / 1000 : double((i + 1) * kBucketUs) / 1000;
        }
        return double(m_max) / 1000;
    }
    long long count() const { return m_count; }
    long long negative() const { return m_negative; }
    double maxMs() const { return double(m_max) / 1000; }

private:
    std::vector<long long> m_buckets = std::vector<long long>(kBuckets + 1);
    long long m_count = 0;
    long long m_negative = 0;
    long long m_max = 0;
};

struct Options {
    int port = 0;
    std::string channel = "tickstock:market:ticks";
    bool sendClock = false;
    double warmupSeconds = 0;
    double seconds = 0; // 0: until a signal
    int intervalMs = 1000;
    std::string jsonPath;
};

// One RESP element at p (simple string, error, integer or bulk string); returns its length in
// bytes or 0 when incomplete. `text` receives a bulk string's payload.
std::size_t element(const char *p, std::size_t n, std::string_view *text)
{
    if (n < 3)
        return 0;
    const void *cr = std::memchr(p, '\r', n);
    if (!cr)
        return 0;
    const auto lineEnd = static_cast<std::size_t>(static_cast<const char *>(cr) - p);
    if (lineEnd + 2 > n)
        return 0;
    if (p[0] != '$') {
        *text = std::string_view(p + 1, lineEnd - 1);
        return lineEnd + 2;
    }
    long long length = 0;
    std::from_chars(p + 1, p + lineEnd, length);
    const std::size_t total = lineEnd + 2 + static_cast<std::size_t>(std::max(0LL, length)) + 2;
    if (total > n)
        return 0;
    *text = std::string_view(p + lineEnd + 2, static_cast<std::size_t>(std::max(0LL, length)));
    return total;
}

// One push message (*3 kind channel payload); returns bytes used or 0 when incomplete.
std::size_t pushMessage(const char *p, std::size_t n, std::string_view *kind, std::string_view *payload)
{
    if (n < 4 || p[0] != '*')
        return 0;
    const void *cr = std::memchr(p, '\r', n);
    if (!cr)
        return 0;
    std::size_t at = static_cast<std::size_t>(static_cast<const char *>(cr) - p) + 2;
    std::string_view parts[3];
    for (std::string_view &part : parts) {
        if (at >= n)
            return 0;
        const std::size_t used = element(p + at, n - at, &part);
        if (!used)
            return 0;
        at += used;
    }
    *kind = parts[0];
    *payload = parts[2];
    return at;
}

// Send time (µs) of a send-clock-stamped trade message, or -1.
long long sendMicros(std::string_view message)
{
    if (message.find(R"("event_type":"T")") == std::string_view::npos)
        return -1;
    const auto number = [&](std::string_view key, auto &value) {
        const std::size_t at = message.find(key);
        if (at == std::string_view::npos)
            return false;
        const char *begin = message.data() + at + key.size();
        return std::from_chars(begin, message.data() + message.size(), value).ec == std::errc();
    };
    long long volume = 0;
    double seconds = 0;
    if (!number(R"("volume":)", volume) || !number(R"("timestamp":)", seconds) || volume < 1000 || volume > 1999)
        return -1;
    return std::llround(seconds * 1000.0) * 1000 + (volume - 1000);
}

void writeSummary(const Options &o, long long count, long long otherMessages, long long unstamped,
                  const Histogram &h, double elapsed)
{
    char text[1024];
    std::snprintf(text, sizeof text,
                  "{\"messages\":%lld,\"other_push_messages\":%lld,\"elapsed_seconds\":%.3f,"
                  "\"latency\":{\"enabled\":%s,\"samples\":%lld,\"unstamped\":%lld,\"negative\":%lld,"
                  "\"resolution_ms\":0.01,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
                  "\"p999_ms\":%.3f,\"max_ms\":%.3f}}\n",
                  count, otherMessages, elapsed, o.sendClock ? "true" : "false", h.count(), unstamped, h.negative(),
                  h.quantileMs(0.50), h.quantileMs(0.90), h.quantileMs(0.99), h.quantileMs(0.999), h.maxMs());
    FILE *out = o.jsonPath.empty() ? stdout : std::fopen(o.jsonPath.c_str(), "w");
    if (!out) {
        std::fprintf(stderr, "bench_subscriber: cannot write %s\n", o.jsonPath.c_str());
        return;
    }
    std::fputs(text, out);
    if (out != stdout)
        std::fclose(out);
    else
        std::fflush(out);
}

bool parseOptions(int argc, char **argv, Options *o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--port" && hasValue)
            o->port = std::atoi(argv[++i]);
        else if (a == "--channel" && hasValue)
            o->channel = argv[++i];
        else if (a == "--send-clock")
            o->sendClock = true;
        else if (a == "--warmup" && hasValue)
            o->warmupSeconds = std::atof(argv[++i]);
        else if (a == "--seconds" && hasValue)
            o->seconds = std::atof(argv[++i]);
        else if (a == "--interval-ms" && hasValue)
            o->intervalMs = std::max(10, std::atoi(argv[++i]));
        else if (a == "--json" && hasValue)
            o->jsonPath = argv[++i];
        else
            return false;
    }
    return o->port > 0 && o->port < 65536;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    if (!parseOptions(argc, argv, &o)) {
        std::fprintf(stderr, "usage: bench_subscriber --port PORT [--channel C] [--send-clock] [--warmup S] "
                             "[--seconds S] [--interval-ms MS] [--json FILE]\n");
        return 2;
    }
    std::signal(SIGINT, [](int) { g_stop = true; });
    std::signal(SIGTERM, [](int) { g_stop = true; });

    const int fd = loopback::connectTo(static_cast<std::uint16_t>(o.port));
    if (fd < 0) {
        std::fprintf(stderr, "bench_subscriber: cannot connect to Redis on 127.0.0.1:%d: %s\n", o.port,
                     std::strerror(errno));
        return 1;
    }
    const std::string subscribe = "*2\r\n$9\r\nSUBSCRIBE\r\n$" + std::to_string(o.channel.size()) + "\r\n" + o.channel + "\r\n";
    if (::send(fd, subscribe.data(), subscribe.size(), 0) != ssize_t(subscribe.size())) {
        std::fprintf(stderr, "bench_subscriber: cannot send SUBSCRIBE: %s\n", std::strerror(errno));
        return 1;
    }

    std::vector<char> buffer(8 << 20);
    std::size_t length = 0;
    long long count = 0, other = 0, unstamped = 0;
    long long intervalMaxUs = 0; // for the per-interval lines: spikes over time
    Histogram latency;
    bool subscribed = false;
    double firstMessage = -1;
    const double start = monotonicSeconds();
    double nextReport = start + o.intervalMs / 1000.0;
    while (!g_stop) {
        const double now = monotonicSeconds();
        if (o.seconds > 0 && now - start >= o.seconds)
            break;
        if (now >= nextReport) {
            std::printf("{\"elapsed\":%.3f,\"count\":%lld,\"max_latency_ms\":%.3f}\n", now - start, count,
                        double(intervalMaxUs) / 1000);
            intervalMaxUs = 0;
            std::fflush(stdout);
            nextReport += o.intervalMs / 1000.0;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0)
            continue;
        const ssize_t n = ::read(fd, buffer.data() + length, buffer.size() - length);
        if (n <= 0) {
            std::fprintf(stderr, "bench_subscriber: Redis closed the connection\n");
            break;
        }
        const long long received = realtimeMicros();
        length += static_cast<std::size_t>(n);
        std::size_t at = 0;
        std::string_view kind, payload;
        while (const std::size_t used = pushMessage(buffer.data() + at, length - at, &kind, &payload)) {
            at += used;
            if (kind != "message") {
                if (kind == "subscribe" && !subscribed) {
                    subscribed = true;
                    std::printf("subscribed\n");
                    std::fflush(stdout);
                } else {
                    ++other;
                }
                continue;
            }
            ++count;
            if (!o.sendClock)
                continue;
            if (firstMessage < 0)
                firstMessage = monotonicSeconds();
            if (monotonicSeconds() - firstMessage < o.warmupSeconds)
                continue;
            const long long sent = sendMicros(payload);
            if (sent < 0)
                ++unstamped;
            else {
                latency.record(received - sent);
                intervalMaxUs = std::max(intervalMaxUs, received - sent);
            }
        }
        std::memmove(buffer.data(), buffer.data() + at, length - at);
        length -= at;
        if (length == buffer.size()) {
            std::fprintf(stderr, "bench_subscriber: message larger than %zu bytes\n", buffer.size());
            return 1;
        }
    }
    ::close(fd);
    writeSummary(o, count, other, unstamped, latency, monotonicSeconds() - start);
    return 0;
}
