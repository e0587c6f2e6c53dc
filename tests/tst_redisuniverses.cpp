// Universes from Redis (publish/redisuniverses.h): SET and JSON-array keys, unknown keys, wrong
// types, bad JSON, Redis down or refusing the password, caching; and config::loadConfig with the
// Redis source chained in front of the universes file (README, Configuration).

#include "config/configloader.h"
#include "publish/redisuniverses.h"
#include "redisfixture.h"

#include <QtCore/QElapsedTimer>
#include <QtTest/QTest>

using namespace tickstock;
using publish::RedisUniverseSource;
using redistest::RedisClient;
using redistest::RedisServer;
using redistest::redisConfig;

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }


using Tickers = std::optional<QStringList>;

} // namespace

class TestRedisUniverses final : public QObject {
    Q_OBJECT
private slots:
    void setsJsonArraysAndUnknownKeys()
    {
        RedisServer server;
        REDIS_START(server);
        RedisClient client(server.port());
        QCOMPARE(client.command({"SADD", "tickstock:universe:sector:tech", "NVDA", "AAPL", "MSFT"}), QByteArray("3"));
        QCOMPARE(client.command({"SET", "tickstock:universe:top", R"(["TSLA","AMZN","brk.b"])"}), QByteArray("OK"));
        QCOMPARE(client.command({"SET", "tickstock:universe:none", "[]"}), QByteArray("OK"));
        QCOMPARE(client.command({"HSET", "tickstock:universe:hash", "a", "b"}), QByteArray("1"));
        QCOMPARE(client.command({"SET", "tickstock:universe:broken", "{\"not\": \"an array\"}"}), QByteArray("OK"));
        QCOMPARE(client.command({"SET", "tickstock:universe:mixed", "[\"A\", 1]"}), QByteArray("OK"));

        RedisUniverseSource source(redisConfig(server.port()));
        QCOMPARE(source.lookup(s("sector:tech")), Tickers(QStringList{s("AAPL"), s("MSFT"), s("NVDA")})); // sorted
        QCOMPARE(source.lookup(s("top")), Tickers(QStringList{s("TSLA"), s("AMZN"), s("brk.b")}));          // as stored
        QCOMPARE(source.lookup(s("none")), Tickers(QStringList{}));                                          // known, empty
        QCOMPARE(source.lookup(s("missing")), Tickers());
        QCOMPARE(source.lookup(s("hash")), Tickers());
        QCOMPARE(source.lookup(s("broken")), Tickers());
        QCOMPARE(source.lookup(s("mixed")), Tickers());
        QCOMPARE(source.warnings().size(), 3);
        QVERIFY2(source.warnings().at(0).contains(s("is a hash, expected a SET or a JSON array string")),
                 qPrintable(source.warnings().at(0)));
        QVERIFY(source.warnings().at(1).contains(s("tickstock:universe:broken is not a JSON array")));
        QVERIFY(!source.unavailable());
        QVERIFY(source.lastError().isEmpty());

        // Answers are cached: a second lookup does not ask Redis again.
        const int asked = source.lookups();
        QCOMPARE(source.lookup(s("sector:tech")), Tickers(QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
        QCOMPARE(source.lookup(s("missing")), Tickers());
        QCOMPARE(source.lookups(), asked);
        QCOMPARE(RedisUniverseSource::redisKey(s("a:b")), s("tickstock:universe:a:b"));
    }

    void passwordAndDatabase()
    {
        RedisServer server("pw");
        REDIS_START(server);
        RedisClient client(server.port(), "pw");
        QCOMPARE(client.command({"SELECT", "2"}), QByteArray("OK"));
        QCOMPARE(client.command({"SADD", "tickstock:universe:db2", "IBM"}), QByteArray("1"));

        auto config = redisConfig(server.port(), s("pw"));
        config.db = 2;
        QCOMPARE(RedisUniverseSource(config).lookup(s("db2")), Tickers(QStringList{s("IBM")}));
        config.db = 0;
        QCOMPARE(RedisUniverseSource(config).lookup(s("db2")), Tickers());

        config.password = s("wrong");
        RedisUniverseSource refused(config);
        QCOMPARE(refused.lookup(s("db2")), Tickers());
        QVERIFY(refused.unavailable());
        QVERIFY2(refused.lastError().startsWith(s("authentication failed")), qPrintable(refused.lastError()));
        QVERIFY(!refused.lastError().contains(s("wrong")) || refused.lastError().contains(s("WRONGPASS")));
    }

    void redisDownFallsThroughQuicklyAndTriesOnce()
    {
        RedisUniverseSource source(redisConfig(redistest::freePort()), 500);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(source.lookup(QStringLiteral("key%1").arg(i)), Tickers());
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(source.unavailable());
        QVERIFY2(source.lastError().contains(s("refused"), Qt::CaseInsensitive), qPrintable(source.lastError()));
        QCOMPARE(source.warnings().size(), 1); // one warning, not one per key
        QCOMPARE(source.lookups(), 0);
    }

    void disabledNeverConnects()
    {
        auto config = redisConfig(1);
        config.enabled = false;
        RedisUniverseSource source(config);
        QCOMPARE(source.lookup(s("anything")), Tickers());
        QVERIFY(!source.unavailable());
        QVERIFY(source.warnings().isEmpty());
    }

    void loadConfigResolvesFromRedisFirstThenTheFile()
    {
        RedisServer server;
        REDIS_START(server);
        RedisClient client(server.port());
        // "tech" exists in both: Redis wins. "energy" only in the file. A union mixes both.
        client.command({"SADD", "tickstock:universe:tech", "amd", "INTC"});
        client.command({"SET", "tickstock:universe:sector:crypto", R"(["COIN", "MSTR"])"});

        QTemporaryDir home;
        config::ConfigSources sources;
        sources.environment = {
            {s("HOME"), home.path()},
            {s("XDG_CONFIG_HOME"), home.filePath(s("xdg"))},
            {s("UNIVERSES_FILE"), QStringLiteral(TICKSTOCK_FIXTURES_DIR "/config/universes.json")},
            {s("MASSIVE_API_KEY"), s("k")},
            {s("USE_MULTI_CONNECTION"), s("true")},
            {s("WEBSOCKET_CONNECTION_1_ENABLED"), s("true")},
            {s("WEBSOCKET_CONNECTION_1_UNIVERSE_KEY"), s("tech")},
            {s("WEBSOCKET_CONNECTION_2_ENABLED"), s("true")},
            {s("WEBSOCKET_CONNECTION_2_UNIVERSE_KEY"), s("energy")},
            {s("WEBSOCKET_CONNECTION_3_ENABLED"), s("true")},
            {s("WEBSOCKET_CONNECTION_3_UNIVERSE_KEY"), s("sector:crypto:sector:health")},
        };
        RedisUniverseSource redis(redisConfig(server.port()));
        const config::LoadResult r = config::loadConfig(sources, &redis);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(QLatin1Char('\n'))));
        const auto &feedSlots = r.config.feedSlots;
        QCOMPARE(feedSlots.size(), 3);
        // From Redis: SMEMBERS sorted byte-wise ("INTC" < "amd"), then upper-cased by the resolver.
        QCOMPARE(feedSlots[0].tickers, (QStringList{s("INTC"), s("AMD")}));
        QCOMPARE(feedSlots[0].tickerSource, s("universe:tech"));
        QCOMPARE(feedSlots[1].tickers, (QStringList{s("XOM"), s("CVX")}));  // the file
        QCOMPARE(feedSlots[2].tickers, (QStringList{s("COIN"), s("MSTR"), s("UNH"), s("JNJ")})); // Redis + file union

        // Redis down: the same configuration resolves from the file alone.
        RedisUniverseSource down(redisConfig(redistest::freePort()), 300);
        const config::LoadResult fromFile = config::loadConfig(sources, &down);
        QVERIFY2(fromFile.ok(), qPrintable(fromFile.errors.join(QLatin1Char('\n'))));
        QCOMPARE(fromFile.config.feedSlots[0].tickers, (QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
        QVERIFY(down.unavailable());
    }
};

QTEST_GUILESS_MAIN(TestRedisUniverses)
#include "tst_redisuniverses.moc"
