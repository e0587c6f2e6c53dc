// Redis publishing throughput (docs/redis.md): sustained ticks/s through RedisPublisher with a
// subscriber attached, against `redis-benchmark -P 64` PUBLISHing the same payload on the same
// server, in the same run. Run it through scripts/bench-redis, which starts its own redis-server.
//
// Usage: bench_redis --port PORT [--seconds S] [--requests N] [--json FILE] [--no-baseline]
//
// 1. redis-benchmark -P 64 -n N PUBLISH <channel> <a real tick message>, without a subscriber;
// 2. the same with this program's subscriber attached (counting what it receives);
// 3. RedisPublisher fed pre-built ticks from a producer thread (frames of 256, held below 200k
//    queued so nothing is dropped) for S seconds after a 1 s warm-up, with the subscriber attached.

#include "publish/redispublisher.h"
#include "publish/tickmessage.h"
#include "redisfixture.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include <unistd.h>

using namespace tickstock;
using Clock = std::chrono::steady_clock;

namespace {

const QByteArray kChannel = "tickstock:market:ticks";

[[noreturn]] void die(const QString &why)
{
    std::fflush(stdout);
    std::fprintf(stderr, "bench_redis: %s\n", qPrintable(why));
    std::exit(1);
}

struct Options {
    quint16 port = 0;
    double seconds = 10;
    qint64 requests = 2'000'000;
    QString json;
    bool baseline = true;
};

std::vector<publish::Tick> makeTicks(int count)
{
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> price(10, 900);
    std::vector<publish::Tick> ticks(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        publish::Tick &t = ticks[static_cast<std::size_t>(i)];
        t.symbol = "S" + std::to_string(rng() % 500);
        t.connection = 1 + i % 3;
        t.timestampMs = 1764094000000LL + i;
        const int kind = i % 5;
        t.price = std::round(price(rng) * 100) / 100;
        if (kind == 0) {
            t.kind = publish::TickKind::Trade;
            t.volume = static_cast<std::int64_t>(rng() % 1000) + 1;
        } else if (kind < 4) {
            t.kind = publish::TickKind::Quote;
            t.bid = t.price - 0.01;
            t.ask = t.price + 0.01;
            t.present = publish::Tick::Bid | publish::Tick::Ask;
        } else {
            t.kind = publish::TickKind::SecondAggregate;
            t.volume = static_cast<std::int64_t>(rng() % 10000);
            t.open = t.low = t.price - 0.5;
            t.high = t.price + 0.5;
            t.close = t.price;
            t.vwap = t.price - 0.1;
            t.present = publish::Tick::Open | publish::Tick::High | publish::Tick::Low | publish::Tick::Close
                | publish::Tick::Vwap;
        }
    }
    return ticks;
}

// rps from `redis-benchmark --csv` ("test","rps",...).
double runRedisBenchmark(const Options &o, const QByteArray &payload, QString *error)
{
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("redis-benchmark"));
    if (exe.isEmpty()) {
        *error = QStringLiteral("redis-benchmark not found (Debian package redis-tools)");
        return 0;
    }
    QProcess p;
    p.start(exe, {QStringLiteral("-p"), QString::number(o.port), QStringLiteral("-P"), QStringLiteral("64"),
                  QStringLiteral("-n"), QString::number(o.requests), QStringLiteral("--csv"), QStringLiteral("PUBLISH"),
                  QString::fromLatin1(kChannel), QString::fromUtf8(payload)});
    if (!p.waitForFinished(300'000) || p.exitCode() != 0) {
        *error = QStringLiteral("redis-benchmark failed: ") + QString::fromLocal8Bit(p.readAllStandardError());
        return 0;
    }
    // The first CSV field quotes the command (whose JSON has commas): read rps from the end.
    const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(',');
        if (line.startsWith("\"PUBLISH") && fields.size() >= 8) {
            QByteArray rps = fields.at(fields.size() - 7);
            rps.replace('"', "");
            return rps.toDouble();
        }
    }
    *error = QStringLiteral("cannot read redis-benchmark output");
    return 0;
}

// CPU seconds used so far by this process's thread named `name` (from /proc), or -1.
double threadCpuSeconds(const char *name)
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != name)
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 13)
            return -1;
        // fields[0] is field 3 (state): utime and stime are fields 14 and 15
        return (fields.at(11).toDouble() + fields.at(12).toDouble()) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    return -1;
}

struct Result {
    double publishedPerSecond = 0;
    double receivedPerSecond = 0;
    qint64 published = 0;
    qint64 received = 0;
    qint64 dropped = 0;
    double seconds = 0;
    qint64 messageBytes = 0;
    double publisherCpuMicrosPerTick = 0; // the publisher thread's CPU time per published tick
};

Result runPublisher(const Options &o, redistest::Subscriber &subscriber)
{
    config::RedisConfig config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = o.port;
    config.queueCapacity = 1'000'000;
    publish::RedisPublisher publisher(config);
    QString error;
    if (!publisher.start(&error))
        die(QStringLiteral("publisher: ") + error);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (publisher.status().state != QLatin1String("connected")) {
        if (Clock::now() > deadline)
            die(QStringLiteral("publisher did not connect: ") + publisher.status().lastError);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }

    const std::vector<publish::Tick> templ = makeTicks(64 * 1024);
    std::atomic<bool> stop{false};
    std::thread producer([&] {
        std::vector<publish::Tick> frame;
        std::size_t at = 0;
        constexpr std::size_t kFrame = 256;
        while (!stop.load(std::memory_order_relaxed)) {
            if (publisher.counters().queueDepth > 200'000) {
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                continue;
            }
            frame.assign(templ.begin() + static_cast<std::ptrdiff_t>(at), templ.begin() + static_cast<std::ptrdiff_t>(at + kFrame));
            at = (at + kFrame) % templ.size();
            publisher.enqueue(frame, frame.size());
        }
    });

    std::this_thread::sleep_for(std::chrono::seconds(1)); // warm-up
    const qint64 published0 = publisher.counters().published;
    const qint64 received0 = subscriber.count();
    const double cpu0 = threadCpuSeconds("tickstock-redis");
    const auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    const qint64 published1 = publisher.counters().published;
    const qint64 received1 = subscriber.count();
    const double cpu1 = threadCpuSeconds("tickstock-redis");
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    stop = true;
    producer.join();
    publisher.stop();

    Result r;
    r.seconds = elapsed;
    r.published = published1 - published0;
    r.received = received1 - received0;
    r.publishedPerSecond = r.published / elapsed;
    r.receivedPerSecond = r.received / elapsed;
    r.dropped = publisher.counters().dropped;
    r.messageBytes = static_cast<qint64>(publish::tickMessage(templ.front()).size());
    if (cpu0 >= 0 && cpu1 >= 0 && r.published > 0)
        r.publisherCpuMicrosPerTick = (cpu1 - cpu0) * 1e6 / static_cast<double>(r.published);
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Options o;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const auto value = [&]() -> QString {
            if (i + 1 >= args.size())
                die(a + QStringLiteral(" needs a value"));
            return args.at(++i);
        };
        if (a == QLatin1String("--port"))
            o.port = static_cast<quint16>(value().toUInt());
        else if (a == QLatin1String("--seconds"))
            o.seconds = value().toDouble();
        else if (a == QLatin1String("--requests"))
            o.requests = value().toLongLong();
        else if (a == QLatin1String("--json"))
            o.json = value();
        else if (a == QLatin1String("--no-baseline"))
            o.baseline = false;
        else
            die(QStringLiteral("usage: bench_redis --port PORT [--seconds S] [--requests N] [--json FILE] [--no-baseline]"));
    }
    if (o.port == 0)
        die(QStringLiteral("--port is required (scripts/bench-redis starts a redis-server for you)"));

    if (redistest::RedisClient(o.port).command({"PING"}) != "PONG")
        die(QStringLiteral("no Redis answers PING on 127.0.0.1:%1").arg(o.port));
    const std::vector<publish::Tick> sample = makeTicks(5);
    const QByteArray payload = QByteArray::fromStdString(publish::tickMessage(sample[1])); // a Q message
    std::printf("payload: %d bytes: %s\n", int(payload.size()), payload.constData());

    QString error;
    double baseline = 0, baselineWithSubscriber = 0;
    qint64 baselineReceived = 0;
    if (o.baseline) {
        baseline = runRedisBenchmark(o, payload, &error);
        if (baseline <= 0)
            die(error);
        std::printf("redis-benchmark -P 64 PUBLISH, no subscriber:      %12.0f msg/s\n", baseline);
        redistest::Subscriber subscriber(false);
        if (!subscriber.start(o.port, kChannel, &error))
            die(error);
        baselineWithSubscriber = runRedisBenchmark(o, payload, &error);
        for (int i = 0; i < 100 && subscriber.count() < o.requests; ++i) // let it catch up
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        baselineReceived = subscriber.count();
        subscriber.stop();
        std::printf("redis-benchmark -P 64 PUBLISH, 1 subscriber:       %12.0f msg/s (received %lld of %lld)\n",
                    baselineWithSubscriber, baselineReceived, o.requests);
        if (baselineReceived < o.requests)
            std::printf("  warning: the subscriber lost messages (Redis disconnects a subscriber beyond\n"
                        "  client-output-buffer-limit pubsub): this baseline ran partly without a subscriber\n");
    }

    redistest::Subscriber subscriber(false);
    if (!subscriber.start(o.port, kChannel, &error))
        die(error);
    const Result r = runPublisher(o, subscriber);
    subscriber.stop();
    std::printf("RedisPublisher, 1 subscriber (%.1f s):             %12.0f published/s, %.0f received/s, dropped %lld\n",
                r.seconds, r.publishedPerSecond, r.receivedPerSecond, r.dropped);
    std::printf("publisher thread CPU per published tick:   %.2f us (%.0f%% of a core)\n", r.publisherCpuMicrosPerTick,
                r.publisherCpuMicrosPerTick * r.publishedPerSecond / 1e4);
    if (o.baseline) {
        std::printf("ratio vs redis-benchmark (no subscriber):  %.2f\n", r.publishedPerSecond / baseline);
        std::printf("ratio vs redis-benchmark (1 subscriber):   %.2f   (target >= 0.50)\n",
                    r.publishedPerSecond / baselineWithSubscriber);
    }

    if (!o.json.isEmpty()) {
        QJsonObject out{
            {QStringLiteral("benchmark"), QStringLiteral("redis_publish")},
            {QStringLiteral("payload_bytes"), payload.size()},
            {QStringLiteral("seconds"), r.seconds},
            {QStringLiteral("publisher_published_per_second"), r.publishedPerSecond},
            {QStringLiteral("publisher_received_per_second"), r.receivedPerSecond},
            {QStringLiteral("publisher_dropped"), r.dropped},
            {QStringLiteral("publisher_thread_cpu_us_per_tick"), r.publisherCpuMicrosPerTick},
            {QStringLiteral("redis_benchmark_requests"), o.requests},
            {QStringLiteral("redis_benchmark_per_second"), baseline},
            {QStringLiteral("redis_benchmark_with_subscriber_per_second"), baselineWithSubscriber},
            {QStringLiteral("redis_benchmark_with_subscriber_received"), baselineReceived},
            {QStringLiteral("ratio_vs_redis_benchmark"), baseline > 0 ? r.publishedPerSecond / baseline : 0.0},
            {QStringLiteral("ratio_vs_redis_benchmark_with_subscriber"),
             baselineWithSubscriber > 0 ? r.publishedPerSecond / baselineWithSubscriber : 0.0},
        };
        QFile f(o.json);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            die(QStringLiteral("cannot write ") + o.json);
        f.write(QJsonDocument(out).toJson());
        std::printf("results: %s\n", qPrintable(o.json));
    }
    return 0;
}
