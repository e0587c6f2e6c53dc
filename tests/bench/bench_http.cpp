// Status-request latency and throughput of the embedded HTTP server while the feed ingests a busy
// simulated stream, all in one process: simulator (firehose) → FeedService (3 connections) →
// StatusServer, plus a load generator on its own thread using raw keep-alive sockets.
//
// Phases: (1) paced: one connection sending at --rate requests/s (open loop; latency is measured
// from the scheduled send time, so a stall is not hidden by coordinated omission), (2) flat out:
// --connections closed-loop connections for --flat-seconds. Optionally --stream-clients live-stream
// subscribers receive tick_update/metrics_update during both phases.
//
// Usage: bench_http [--tickers 500] [--events-per-second 30000] [--rate 500] [--paced-seconds 10]
//                   [--flat-seconds 5] [--connections 4] [--path /api/admin/websocket-status]
//                   [--stream-clients 0] [--json FILE]
//        bench_http --target-port PORT [--rate 500] [--paced-seconds 10] [--flat-seconds 0] ...
//        (load only, against a running tickstock-monitor's server: used by scripts/bench)

#include "feed/batchmailbox.h"
#include "loopback.h"
#include "feed/feedservice.h"
#include "http/httpcounters.h"
#include "http/statusserver.h"
#include "sim/marketlist.h"
#include "sim/simulatorthread.h"
#include "status/snapshotstore.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace tickstock;
using Clock = std::chrono::steady_clock;

namespace {

// One blocking keep-alive HTTP/1.1 connection.
class Connection {
public:
    explicit Connection(quint16 port)
    {
        m_fd = loopback::connectTo(port, 0, true);
        m_ok = m_fd >= 0;
    }
    ~Connection()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_ok; }

    // Sends the request and reads one whole response; returns the status code (0 on error).
    int exchange(const std::string &request, std::size_t *bodyBytes)
    {
        if (::send(m_fd, request.data(), request.size(), 0) != ssize_t(request.size()))
            return 0;
        std::size_t headerEnd = std::string::npos;
        std::size_t contentLength = 0;
        for (;;) {
            if (headerEnd == std::string::npos) {
                headerEnd = m_buffer.find("\r\n\r\n");
                if (headerEnd != std::string::npos) {
                    const std::size_t cl = m_buffer.find("Content-Length: ");
                    if (cl == std::string::npos || cl > headerEnd)
                        return 0;
                    contentLength = std::strtoull(m_buffer.c_str() + cl + 16, nullptr, 10);
                }
            }
            if (headerEnd != std::string::npos && m_buffer.size() >= headerEnd + 4 + contentLength)
                break;
            char chunk[65536];
            const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return 0;
            m_buffer.append(chunk, std::size_t(n));
        }
        const int status = std::atoi(m_buffer.c_str() + 9);
        *bodyBytes = contentLength;
        m_buffer.erase(0, headerEnd + 4 + contentLength);
        return status;
    }

private:
    int m_fd = -1;
    bool m_ok = false;
    std::string m_buffer;
};

struct PhaseResult {
    std::vector<double> latenciesUs;
    std::vector<double> serviceUs; // paced: from the actual send (without the generator's own lateness)
    qint64 requests = 0;
    qint64 errors = 0;
    double seconds = 0;
    std::size_t bodyBytes = 0;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, std::size_t(p / 100.0 * double(v.size())));
    return v[i];
}

QJsonObject summarize(const QString &name, const PhaseResult &r)
{
    const double rps = r.seconds > 0 ? double(r.requests) / r.seconds : 0;
    QJsonObject o{{QStringLiteral("phase"), name},
                  {QStringLiteral("requests"), r.requests},
                  {QStringLiteral("errors"), r.errors},
                  {QStringLiteral("seconds"), r.seconds},
                  {QStringLiteral("requests_per_second"), rps},
                  {QStringLiteral("response_bytes"), qint64(r.bodyBytes)},
                  {QStringLiteral("p50_ms"), percentile(r.latenciesUs, 50) / 1000.0},
                  {QStringLiteral("p90_ms"), percentile(r.latenciesUs, 90) / 1000.0},
                  {QStringLiteral("p99_ms"), percentile(r.latenciesUs, 99) / 1000.0},
                  {QStringLiteral("p999_ms"), percentile(r.latenciesUs, 99.9) / 1000.0},
                  {QStringLiteral("max_ms"), percentile(r.latenciesUs, 100) / 1000.0}};
    if (!r.serviceUs.empty()) {
        o.insert(QStringLiteral("service_p50_ms"), percentile(r.serviceUs, 50) / 1000.0);
        o.insert(QStringLiteral("service_p99_ms"), percentile(r.serviceUs, 99) / 1000.0);
        o.insert(QStringLiteral("service_p999_ms"), percentile(r.serviceUs, 99.9) / 1000.0);
    }
    std::printf("%-8s %8lld req  %6lld err  %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %7.3f ms  (%zu B/response)\n",
                qPrintable(name), static_cast<long long>(r.requests), static_cast<long long>(r.errors), rps,
                o.value(QStringLiteral("p50_ms")).toDouble(), o.value(QStringLiteral("p99_ms")).toDouble(),
                o.value(QStringLiteral("p999_ms")).toDouble(), o.value(QStringLiteral("max_ms")).toDouble(),
                r.requests ? r.bodyBytes / std::size_t(r.requests) : std::size_t(0));
    if (!r.serviceUs.empty())
        std::printf("         from the actual send (generator lateness excluded): p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms\n",
                    o.value(QStringLiteral("service_p50_ms")).toDouble(), o.value(QStringLiteral("service_p99_ms")).toDouble(),
                    o.value(QStringLiteral("service_p999_ms")).toDouble());
    std::fflush(stdout);
    return o;
}

PhaseResult paced(quint16 port, const std::string &request, int rate, double seconds)
{
    PhaseResult r;
    Connection c(port);
    if (!c.ok())
        return r;
    const auto interval = std::chrono::nanoseconds(1'000'000'000LL / rate);
    const qint64 total = qint64(seconds * rate);
    r.latenciesUs.reserve(std::size_t(total));
    r.serviceUs.reserve(std::size_t(total));
    const auto start = Clock::now();
    for (qint64 i = 0; i < total; ++i) {
        const auto scheduled = start + i * interval;
        std::this_thread::sleep_until(scheduled);
        const auto sent = Clock::now();
        std::size_t bytes = 0;
        const int status = c.exchange(request, &bytes);
        const auto done = Clock::now();
        ++r.requests;
        if (status != 200)
            ++r.errors;
        r.bodyBytes += bytes;
        // From the scheduled time: a response that delays the next send is charged to it too.
        r.latenciesUs.push_back(std::chrono::duration<double, std::micro>(done - scheduled).count());
        r.serviceUs.push_back(std::chrono::duration<double, std::micro>(done - sent).count());
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
}

PhaseResult flatOut(quint16 port, const std::string &request, int connections, double seconds)
{
    std::vector<PhaseResult> parts(static_cast<std::size_t>(connections));
    std::vector<std::thread> threads;
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    const auto start = Clock::now();
    for (int t = 0; t < connections; ++t) {
        threads.emplace_back([&, t] {
            PhaseResult &r = parts[std::size_t(t)];
            Connection c(port);
            if (!c.ok())
                return;
            while (Clock::now() < end) {
                const auto sent = Clock::now();
                std::size_t bytes = 0;
                const int status = c.exchange(request, &bytes);
                r.latenciesUs.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent).count());
                ++r.requests;
                r.bodyBytes += bytes;
                if (status != 200) {
                    ++r.errors;
                    if (status == 0)
                        return;
                }
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    PhaseResult all;
    all.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (PhaseResult &p : parts) {
        all.requests += p.requests;
        all.errors += p.errors;
        all.bodyBytes += p.bodyBytes;
        all.latenciesUs.insert(all.latenciesUs.end(), p.latenciesUs.begin(), p.latenciesUs.end());
    }
    return all;
}

// A minimal live-stream subscriber that reads (and discards) everything, counting bytes.
void streamReader(quint16 port, std::atomic<bool> *stop, std::atomic<qint64> *bytes)
{
    const int fd = loopback::connectTo(port);
    if (fd < 0)
        return;
    const std::string hs = "GET /admin-ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ::send(fd, hs.data(), hs.size(), 0);
    timeval tv{0, 200'000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[65536];
    while (!stop->load()) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0)
            break;
        if (n > 0)
            bytes->fetch_add(n);
    }
    ::close(fd);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption tickersOpt(QStringLiteral("tickers"), QStringLiteral("Subscribed tickers (split over 3 connections)."), QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption eventsOpt(QStringLiteral("events-per-second"), QStringLiteral("Feed events per second, all connections."), QStringLiteral("n"), QStringLiteral("30000"));
    const QCommandLineOption rateOpt(QStringLiteral("rate"), QStringLiteral("Paced requests per second."), QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption pacedOpt(QStringLiteral("paced-seconds"), QStringLiteral("Duration of the paced phase."), QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption flatOpt(QStringLiteral("flat-seconds"), QStringLiteral("Duration of the flat-out phase."), QStringLiteral("s"), QStringLiteral("5"));
    const QCommandLineOption connOpt(QStringLiteral("connections"), QStringLiteral("Connections in the flat-out phase."), QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption pathOpt(QStringLiteral("path"), QStringLiteral("Request path."), QStringLiteral("path"), QStringLiteral("/api/admin/websocket-status"));
    const QCommandLineOption streamOpt(QStringLiteral("stream-clients"), QStringLiteral("Live-stream subscribers during the run."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Write the results as JSON to FILE."), QStringLiteral("file"));
    const QCommandLineOption targetOpt(QStringLiteral("target-port"), QStringLiteral("Load an already running server on 127.0.0.1:PORT (no in-process feed)."), QStringLiteral("port"));
    parser.addOptions({tickersOpt, eventsOpt, rateOpt, pacedOpt, flatOpt, connOpt, pathOpt, streamOpt, jsonOpt, targetOpt});
    parser.process(app);
    const int tickerCount = parser.value(tickersOpt).toInt();
    const int eventsPerSecond = parser.value(eventsOpt).toInt();
    const int rate = parser.value(rateOpt).toInt();
    const double pacedSeconds = parser.value(pacedOpt).toDouble();
    const double flatSeconds = parser.value(flatOpt).toDouble();
    const int connections = parser.value(connOpt).toInt();
    const int streamClients = parser.value(streamOpt).toInt();
    const std::string request = "GET " + parser.value(pathOpt).toStdString() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    if (parser.isSet(targetOpt)) {
        const auto port = static_cast<quint16>(parser.value(targetOpt).toUInt());
        QJsonArray phases;
        phases.append(summarize(QStringLiteral("paced"), paced(port, request, rate, pacedSeconds)));
        if (flatSeconds > 0)
            phases.append(summarize(QStringLiteral("flat-out"), flatOut(port, request, connections, flatSeconds)));
        const QJsonObject out{{QStringLiteral("benchmark"), QStringLiteral("http_status")},
                              {QStringLiteral("path"), parser.value(pathOpt)},
                              {QStringLiteral("paced_rate"), rate},
                              {QStringLiteral("phases"), phases}};
        if (parser.isSet(jsonOpt)) {
            QFile f(parser.value(jsonOpt));
            if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(out).toJson()) < 0) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(parser.value(jsonOpt)));
                return 1;
            }
        }
        return phases.first().toObject().value(QStringLiteral("requests")).toInteger() > 0 ? 0 : 1;
    }

    constexpr int kSlots = 3;
    sim::SimConfig simConfig;
    simConfig.firehoseEventsPerSecond = std::max(1, eventsPerSecond / kSlots);
    simConfig.seed = 1;
    sim::SimulatorThread simulator;
    QString error;
    if (!simulator.start(simConfig, &error)) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(error));
        return 1;
    }
    QList<feed::ConnectionSettings> connectionSlots;
    for (int s = 0; s < kSlots; ++s) {
        feed::ConnectionSettings c;
        c.index = s + 1;
        c.name = QStringList{QStringLiteral("primary"), QStringLiteral("secondary"), QStringLiteral("tertiary")}.at(s);
        c.enabled = true;
        c.url = simulator.url();
        c.apiKey = QStringLiteral("demo");
        c.tickerSource = QStringLiteral("symbols");
        for (int i = s; i < tickerCount; i += kSlots)
            c.tickers.append(QString::fromStdString(tickstock::sim::syntheticTicker(i)));
        connectionSlots.append(c);
    }
    feed::ManagerOptions options;
    options.version = QStringLiteral("bench");
    feed::FeedService feed(connectionSlots, options);
    feed::BatchMailbox *mailbox = feed.createMailbox();
    config::HttpConfig httpConfig;
    httpConfig.port = 0;
    status::StatusSource source(feed.snapshots());
    http::StatusServer server(httpConfig, &source, &feed, mailbox, {});
    source.setHttp([&server] { return server.status(); });
    if (!server.start(&error)) {
        std::fprintf(stderr, "status server: %s\n", qPrintable(error));
        return 1;
    }
    feed.start();
    const quint16 port = server.port();

    QJsonObject out;
    std::atomic<bool> stopStreams{false};
    std::atomic<qint64> streamBytes{0};
    std::vector<std::thread> streams;
    QJsonArray phases;
    qint64 ticksBefore = 0;
    qint64 ticksAfter = 0;
    double seconds = 0;

    // Wait (on the event loop) until every connection streams and data flows, then run the load
    // on its own thread and come back to the event loop to finish.
    QTimer poll;
    auto startedAt = Clock::now();
    std::thread load;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const status::SnapshotPtr s = feed.snapshots()->latest();
        const bool ready = s->connectedCount() == kSlots && s->ticksTotal() > 0;
        if (!ready) {
            if (Clock::now() - startedAt > std::chrono::seconds(30)) {
                std::fprintf(stderr, "feed did not start streaming\n");
                app.exit(1);
            }
            return;
        }
        poll.stop();
        for (int i = 0; i < streamClients; ++i)
            streams.emplace_back(streamReader, port, &stopStreams, &streamBytes);
        std::printf("feed streaming: %d tickers on %d connections, target %d events/s; HTTP on 127.0.0.1:%u; %d stream subscribers\n",
                    tickerCount, kSlots, eventsPerSecond, unsigned(port), streamClients);
        std::fflush(stdout);
        load = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::seconds(2)); // let rates settle
            ticksBefore = feed.snapshots()->latest()->ticksTotal();
            const auto t0 = Clock::now();
            phases.append(summarize(QStringLiteral("paced"), paced(port, request, rate, pacedSeconds)));
            phases.append(summarize(QStringLiteral("flat-out"), flatOut(port, request, connections, flatSeconds)));
            ticksAfter = feed.snapshots()->latest()->ticksTotal();
            seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            QMetaObject::invokeMethod(&app, [&app] { app.exit(0); }, Qt::QueuedConnection);
        });
    });
    poll.start(100);
    const int rc = app.exec();
    if (load.joinable())
        load.join();
    stopStreams = true;
    for (std::thread &t : streams)
        t.join();
    const double ingest = seconds > 0 ? double(ticksAfter - ticksBefore) / seconds : 0;
    // Server-side share: the HTTP thread's own time per request, from its histogram.
    const http::HttpCounters &counters = server.counters();
    QJsonObject serverSide;
    {
        qint64 total = 0;
        for (const auto &b : counters.durationBuckets)
            total += b.load();
        qint64 cumulative = 0;
        QJsonArray buckets;
        for (std::size_t i = 0; i < http::HttpCounters::kDurationBuckets.size(); ++i) {
            cumulative += counters.durationBuckets[i].load();
            buckets.append(QJsonObject{{QStringLiteral("le_ms"), http::HttpCounters::kDurationBuckets[i] * 1000},
                                       {QStringLiteral("fraction"), total ? double(cumulative) / double(total) : 0.0}});
            std::printf("server time <= %6.3f ms: %7.3f %%\n", http::HttpCounters::kDurationBuckets[i] * 1000,
                        total ? 100.0 * double(cumulative) / double(total) : 0.0);
        }
        serverSide.insert(QStringLiteral("requests"), total);
        serverSide.insert(QStringLiteral("mean_ms"), total ? double(counters.durationSumNs.load()) / double(total) / 1e6 : 0.0);
        serverSide.insert(QStringLiteral("cumulative_buckets"), buckets);
        std::printf("server time mean %.3f ms over %lld requests\n", serverSide.value(QStringLiteral("mean_ms")).toDouble(),
                    static_cast<long long>(total));
    }
    std::printf("feed ingested %.0f events/s during the load; stream subscribers received %.1f MB; server dropped %lld slow subscribers\n",
                ingest, double(streamBytes.load()) / 1e6, static_cast<long long>(server.counters().streamClientsDropped.load()));
    server.stop();
    feed.stop();
    simulator.stop();
    if (rc != 0)
        return rc;

    out.insert(QStringLiteral("benchmark"), QStringLiteral("http_status"));
    out.insert(QStringLiteral("path"), parser.value(pathOpt));
    out.insert(QStringLiteral("tickers"), tickerCount);
    out.insert(QStringLiteral("target_events_per_second"), eventsPerSecond);
    out.insert(QStringLiteral("ingested_events_per_second"), ingest);
    out.insert(QStringLiteral("paced_rate"), rate);
    out.insert(QStringLiteral("connections"), connections);
    out.insert(QStringLiteral("stream_clients"), streamClients);
    out.insert(QStringLiteral("stream_bytes"), streamBytes.load());
    out.insert(QStringLiteral("cpus"), int(std::thread::hardware_concurrency()));
    out.insert(QStringLiteral("phases"), phases);
    out.insert(QStringLiteral("server_time"), serverSide);
    if (parser.isSet(jsonOpt)) {
        QFile f(parser.value(jsonOpt));
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(out).toJson()) < 0) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(parser.value(jsonOpt)));
            return 1;
        }
    }
    return 0;
}
