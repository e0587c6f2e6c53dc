// The Redis output end to end: the real feed simulator → FeedService (feed thread) →
// RedisPublisher (its own thread) → a real redis-server → a subscriber. Zero loss and per-ticker
// order at a steady moderate rate, and a Redis outage (SIGKILL, then restart) in mid-stream.

#include "feedtestutil.h"
#include "publish/redispublisher.h"
#include "publish/tickmessage.h"
#include "redisfixture.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <mutex>

using namespace feedtest;
using namespace tickstock;
using status::ConnectionPhase;
using redistest::RedisServer;
using redistest::redisConfig;
using redistest::Subscriber;

namespace {

const QByteArray kChannel = "tickstock:market:ticks";

// Sees exactly what the publisher sees (same frames, same receive time), on the feed thread, and
// keeps the expected message of every tick per ticker, in feed order.
class Recorder final : public feed::TickConsumer {
public:
    void consume(int connection, const massive::ParseResult &result, qint64 nowMs) override
    {
        std::lock_guard lock(m_mutex);
        for (const massive::Event &event : result.events) {
            if (!publish::normaliseEvent(event, connection, nowMs, m_tick))
                continue;
            m_bySymbol[QString::fromStdString(m_tick.symbol)].append(QByteArray::fromStdString(publish::tickMessage(m_tick)));
            ++m_count;
        }
    }
    qint64 count() const
    {
        std::lock_guard lock(m_mutex);
        return m_count;
    }
    QHash<QString, QList<QByteArray>> bySymbol() const
    {
        std::lock_guard lock(m_mutex);
        return m_bySymbol;
    }

private:
    mutable std::mutex m_mutex;
    publish::Tick m_tick;
    QHash<QString, QList<QByteArray>> m_bySymbol;
    qint64 m_count = 0;
};

QHash<QString, QList<QByteArray>> groupBySymbol(const QList<QByteArray> &messages)
{
    QHash<QString, QList<QByteArray>> out;
    for (const QByteArray &m : messages)
        out[QJsonDocument::fromJson(m).object().value(QStringLiteral("symbol")).toString()].append(m);
    return out;
}

bool isSubsequence(const QList<QByteArray> &part, const QList<QByteArray> &whole)
{
    qsizetype j = 0;
    for (const QByteArray &m : part) {
        while (j < whole.size() && whole.at(j) != m)
            ++j;
        if (j == whole.size())
            return false;
        ++j;
    }
    return true;
}

QStringList tickers(int n)
{
    static const char *names[] = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "V", "UNH",
                                  "XOM", "JNJ", "WMT", "PG", "MA", "HD", "CVX", "MRK", "ABBV", "KO"};
    QStringList out;
    for (int i = 0; i < n && i < 20; ++i)
        out.append(QLatin1String(names[i]));
    return out;
}

// FeedService with the recorder and the publisher as tick consumers (added before start()).
struct Pipeline {
    Pipeline(const QUrl &url, const QStringList &symbols, publish::RedisPublisher *publisher)
    {
        auto s = slot(1, QStringLiteral("primary"), url, symbols);
        s.channels = {QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("A"), QStringLiteral("AM")};
        feed::ManagerOptions options;
        options.version = QStringLiteral("test");
        service = std::make_unique<feed::FeedService>(QList<feed::ConnectionSettings>{s}, options);
        status = std::make_unique<status::StatusSource>(service->snapshots(), [publisher] { return publisher->status(); });
        service->addTickConsumer(&recorder);
        service->addTickConsumer(publisher);
        service->start();
    }
    status::SnapshotPtr latest() const { return service->snapshots()->latest(); }
    status::StatusView view() const { return status->view(); } // what readers show
    const status::ConnectionSnapshot *conn() const
    {
        m_hold = latest();
        return m_hold && !m_hold->connections.isEmpty() ? &m_hold->connections.first() : nullptr;
    }
    ConnectionPhase phase() const { return conn() ? conn()->phase : ConnectionPhase::Disabled; }
    qint64 messages() const { return conn() ? conn()->messageCount : 0; }

    Recorder recorder;
    std::unique_ptr<feed::FeedService> service;
    std::unique_ptr<status::StatusSource> status;

private:
    mutable status::SnapshotPtr m_hold;
};

publish::RedisPublisherOptions fastOptions()
{
    publish::RedisPublisherOptions o;
    o.backoffInitialSeconds = 0.3;
    o.backoffMaxSeconds = 1.0;
    o.connectTimeoutMs = 2000;
    return o;
}


} // namespace

class TestRedisFeed final : public QObject {
    Q_OBJECT
private slots:
    void zeroLossAndPerTickerOrderAtASteadyRate()
    {
        RedisServer server;
        REDIS_START(server);
        Subscriber subscriber;
        QString error;
        QVERIFY2(subscriber.start(server.port(), kChannel, &error), qPrintable(error));
        auto config = simConfig();
        config.seed = 11;
        config.tradesPerSecond = 20;
        config.quotesPerSecond = 40;
        auto sim = startSimThread(config);
        const QStringList symbols = tickers(20); // ~1,200 T/Q + 20 A per second

        publish::RedisPublisher publisher(redisConfig(server.port()), fastOptions());
        QVERIFY2(publisher.start(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(publisher.status().state, QStringLiteral("connected"), 5000);
        Pipeline pipeline(sim->url(), symbols, &publisher);
        QTRY_COMPARE_WITH_TIMEOUT(pipeline.phase(), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.recorder.count() >= 5000, 20000);
        // The readers' redis object comes from the publisher (through the StatusSource).
        QTRY_VERIFY(pipeline.view().redis.connected && pipeline.view().redis.publishedTotal > 0);
        QCOMPARE(pipeline.view().redis.channel, QString::fromLatin1(kChannel));

        QVERIFY(pipeline.service->stop()); // polite close: the simulator's counts are final
        publisher.stop();

        const qint64 sent = simEvents(*sim, symbols);
        const auto c = publisher.counters();
        QCOMPARE(pipeline.recorder.count(), sent);
        QCOMPARE(c.offered, sent);
        QCOMPARE(c.published, sent);
        QCOMPARE(c.dropped, qint64(0));
        QCOMPARE(c.queueDepth, qint64(0));
        QCOMPARE(c.inFlight, qint64(0));
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.count(), sent, 5000);

        // Per ticker: exactly the feed's ticks, in feed order, byte for byte.
        const QHash<QString, QList<QByteArray>> expected = pipeline.recorder.bySymbol();
        const QHash<QString, QList<QByteArray>> received = groupBySymbol(subscriber.messages());
        QCOMPARE(received.size(), symbols.size());
        for (const QString &symbol : symbols) {
            QVERIFY2(expected.value(symbol).size() > 50, qPrintable(symbol));
            QVERIFY2(received.value(symbol) == expected.value(symbol), qPrintable(symbol));
        }
    }

    void redisOutageDropsCountedFeedKeepsStreamingPublishingResumes()
    {
        RedisServer server;
        REDIS_START(server);
        auto config = simConfig();
        config.seed = 12;
        config.tradesPerSecond = 20;
        config.quotesPerSecond = 40;
        auto sim = startSimThread(config);
        const QStringList symbols = tickers(10); // ~600 ticks/s

        auto redis = redisConfig(server.port());
        redis.queueCapacity = 1000; // about 1.6 s of ticks: the outage must overflow it
        publish::RedisPublisher publisher(redis, fastOptions());
        QString error;
        QVERIFY2(publisher.start(&error), qPrintable(error));
        Pipeline pipeline(sim->url(), symbols, &publisher);
        QTRY_COMPARE_WITH_TIMEOUT(pipeline.phase(), ConnectionPhase::Streaming, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(publisher.counters().published >= 300, 10000);

        QVERIFY(server.kill()); // SIGKILL: no goodbye
        const qint64 publishedAtKill = publisher.counters().published;
        const qint64 feedAtKill = pipeline.messages();
        QTRY_VERIFY_WITH_TIMEOUT(publisher.status().state != QStringLiteral("connected"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(publisher.counters().droppedQueueFull > 0, 10000);
        QVERIFY(publisher.status().queueDepth <= 1000);
        QVERIFY(!publisher.status().lastError.isEmpty());
        // The feed thread never waited on Redis: it kept streaming on the same connection.
        QTRY_VERIFY_WITH_TIMEOUT(pipeline.messages() > feedAtKill + 1000, 10000);
        QCOMPARE(pipeline.phase(), ConnectionPhase::Streaming);
        QCOMPARE(pipeline.conn()->reconnectCount, qint64(0));
        // ... and the status view shows the outage.
        QTRY_VERIFY(!pipeline.view().redis.connected && pipeline.view().redis.droppedTotal > 0);

        REDIS_START(server); // same port
        Subscriber subscriber;
        QVERIFY2(subscriber.start(server.port(), kChannel, &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(publisher.status().state, QStringLiteral("connected"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(subscriber.count() > 300, 10000);
        QVERIFY(publisher.counters().published > publishedAtKill);

        QVERIFY(pipeline.service->stop());
        publisher.stop();
        const auto c = publisher.counters();
        QCOMPARE(c.offered, pipeline.recorder.count());
        QCOMPARE(c.offered, simEvents(*sim, symbols));
        QCOMPARE(c.offered, c.published + c.dropped); // every tick accounted for
        QVERIFY(c.droppedQueueFull > 0);
        QCOMPARE(c.droppedAtStop, qint64(0)); // Redis was back: the flush finished
        QCOMPARE(c.connects, qint64(2));
        QCOMPARE(publisher.status().droppedTotal, c.dropped);

        // What arrived after the restart is in feed order per ticker (with gaps where ticks dropped).
        const QHash<QString, QList<QByteArray>> expected = pipeline.recorder.bySymbol();
        const QHash<QString, QList<QByteArray>> received = groupBySymbol(subscriber.messages());
        QVERIFY(!received.isEmpty());
        for (auto it = received.cbegin(); it != received.cend(); ++it)
            QVERIFY2(isSubsequence(it.value(), expected.value(it.key())), qPrintable(it.key()));
    }
};

QTEST_GUILESS_MAIN(TestRedisFeed)
#include "tst_redisfeed.moc"
