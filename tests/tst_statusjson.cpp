// The status document (docs/http-api.md) built from a snapshot alone: every field of the contract.

#include "status/statusjson.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

using namespace tickstock;
using namespace tickstock::status;

namespace {
StatusSnapshot sampleSnapshot()
{
    StatusSnapshot s;
    s.timestampMs = 1764094000123;
    s.mode = QStringLiteral("multi");
    s.version = QStringLiteral("0.1.0");
    s.apiKeySet = true;
    ConnectionSnapshot a;
    a.id = 1;
    a.name = QStringLiteral("primary");
    a.enabled = true;
    a.phase = status::ConnectionPhase::Streaming;
    a.status = status::ConnectionStatus::Connected;
    a.url = QStringLiteral("wss://socket.massive.com/stocks");
    a.connectedSinceMs = s.timestampMs - 3'600'000;
    a.universeKey = QStringLiteral("market_leaders:top_50");
    a.tickers = {QStringLiteral("AAPL"), QStringLiteral("NVDA")};
    a.channels = {QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("AM")};
    a.messageCount = 750;
    a.messagesPerSecond = 25.3;
    a.errorCount = 2;
    a.parseErrors = 1;
    a.reconnectCount = 1;
    a.lastMessageMs = s.timestampMs - 223;
    a.bytesReceived = 123456;
    a.subscriptionsAcked = 6;
    a.latencyP50Ms = 1.2;
    a.latencyP99Ms = 4.0;
    ConnectionSnapshot b;
    b.id = 2;
    b.name = QStringLiteral("secondary");
    b.enabled = false;
    b.phase = status::ConnectionPhase::Disabled;
    b.status = status::ConnectionStatus::Disconnected;
    s.connections = {a, b};
    return s;
}

RedisSnapshot sampleRedis()
{
    RedisSnapshot r;
    r.enabled = true;
    r.connected = true;
    r.channel = QStringLiteral("tickstock:market:ticks");
    r.publishedTotal = 700;
    return r;
}

// What a reader combines: the feed snapshot with the Redis (and HTTP) state.
StatusView view(const StatusSnapshot &s, const RedisSnapshot &redis = sampleRedis(), const HttpSnapshot &http = {})
{
    return StatusView{std::make_shared<const StatusSnapshot>(s), redis, http};
}
} // namespace

class TestStatusJson final : public QObject {
    Q_OBJECT
private slots:
    void topLevelShape()
    {
        const QJsonObject doc = statusDocument(view(sampleSnapshot()));
        QCOMPARE(doc.value(QStringLiteral("api_version")).toInt(), 1);
        QCOMPARE(doc.value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        QCOMPARE(doc.value(QStringLiteral("timestamp")).toDouble(), 1764094000.123);
        QCOMPARE(doc.value(QStringLiteral("mode")).toString(), QStringLiteral("multi"));
        QCOMPARE(doc.value(QStringLiteral("api_key_set")).toBool(), true);
        const QJsonObject summary = doc.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("total")).toInt(), 2);
        QCOMPARE(summary.value(QStringLiteral("connected")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("ticks_total")).toInteger(), 750);
        QCOMPARE(summary.value(QStringLiteral("errors_total")).toInteger(), 2);
        QCOMPARE(summary.value(QStringLiteral("messages_per_second")).toDouble(), 25.3);
        const QJsonObject redis = doc.value(QStringLiteral("redis")).toObject();
        for (const char *key : {"enabled", "connected", "channel", "published_total", "dropped_total", "queue_depth"})
            QVERIFY2(redis.contains(QLatin1String(key)), key);
        QCOMPARE(redis.value(QStringLiteral("published_total")).toInteger(), 700);
    }

    void connectionShape()
    {
        const QJsonObject doc = statusDocument(view(sampleSnapshot()));
        const QJsonArray connections = doc.value(QStringLiteral("connections")).toArray();
        QCOMPARE(connections.size(), 2);
        const QJsonObject c = connections.at(0).toObject();
        QCOMPARE(c.value(QStringLiteral("id")).toInt(), 1);
        QCOMPARE(c.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_1"));
        QCOMPARE(c.value(QStringLiteral("name")).toString(), QStringLiteral("primary"));
        QCOMPARE(c.value(QStringLiteral("enabled")).toBool(), true);
        QCOMPARE(c.value(QStringLiteral("connected")).toBool(), true);
        QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("connected"));
        QCOMPARE(c.value(QStringLiteral("phase")).toString(), QStringLiteral("streaming"));
        QCOMPARE(c.value(QStringLiteral("url")).toString(), QStringLiteral("wss://socket.massive.com/stocks"));
        QCOMPARE(c.value(QStringLiteral("uptime_seconds")).toDouble(), 3600.0);
        const QJsonObject config = c.value(QStringLiteral("config")).toObject();
        QCOMPARE(config.value(QStringLiteral("universe_key")).toString(), QStringLiteral("market_leaders:top_50"));
        QCOMPARE(config.value(QStringLiteral("ticker_count")).toInt(), 2);
        QCOMPARE(config.value(QStringLiteral("tickers")).toArray(), QJsonArray({QStringLiteral("AAPL"), QStringLiteral("NVDA")}));
        QCOMPARE(config.value(QStringLiteral("channels")).toArray().at(2).toString(), QStringLiteral("AM"));
        const QJsonObject m = c.value(QStringLiteral("metrics")).toObject();
        QCOMPARE(m.value(QStringLiteral("message_count")).toInteger(), 750);
        QCOMPARE(m.value(QStringLiteral("messages_per_second")).toDouble(), 25.3);
        QCOMPARE(m.value(QStringLiteral("error_count")).toInteger(), 2);
        QCOMPARE(m.value(QStringLiteral("reconnect_count")).toInteger(), 1);
        QCOMPARE(m.value(QStringLiteral("last_message_time")).toDouble(), 1764093999.9);
        QCOMPARE(m.value(QStringLiteral("last_update")).toString(), QStringLiteral("2025-11-25T18:06:39.900Z"));
        QVERIFY(m.value(QStringLiteral("last_error")).isNull());
        QCOMPARE(m.value(QStringLiteral("bytes_received")).toInteger(), 123456);
        QCOMPARE(m.value(QStringLiteral("parse_errors")).toInteger(), 1);
        const QJsonObject subs = m.value(QStringLiteral("subscriptions")).toObject();
        QCOMPARE(subs.value(QStringLiteral("acked")).toInt(), 6);
        QCOMPARE(subs.value(QStringLiteral("pending")).toInt(), 0);
        QCOMPARE(subs.value(QStringLiteral("refused")).toInt(), 0);
        const QJsonObject latency = m.value(QStringLiteral("latency_ms")).toObject();
        QCOMPARE(latency.value(QStringLiteral("p50")).toDouble(), 1.2);
        QCOMPARE(latency.value(QStringLiteral("p99")).toDouble(), 4.0);

        const QJsonObject disabled = connections.at(1).toObject();
        QCOMPARE(disabled.value(QStringLiteral("enabled")).toBool(), false);
        QCOMPARE(disabled.value(QStringLiteral("status")).toString(), QStringLiteral("disconnected"));
        QCOMPARE(disabled.value(QStringLiteral("phase")).toString(), QStringLiteral("disabled"));
        QCOMPARE(disabled.value(QStringLiteral("uptime_seconds")).toDouble(), 0.0);
        QVERIFY(disabled.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("last_message_time")).isNull());
    }

    // A connection's pre-built JSON ticker array is used as is when it matches the list; a
    // missing or out-of-date one (another length) falls back to converting the list.
    void prebuiltTickerArray()
    {
        auto s = sampleSnapshot();
        const auto tickersOf = [](const StatusSnapshot &snapshot) {
            return statusDocument(view(snapshot)).value(QStringLiteral("connections")).toArray().at(0).toObject()
                .value(QStringLiteral("config")).toObject().value(QStringLiteral("tickers")).toArray();
        };
        s.connections[0].tickersJson = QJsonArray({QStringLiteral("AAPL"), QStringLiteral("NVDA")});
        QCOMPARE(tickersOf(s), QJsonArray({QStringLiteral("AAPL"), QStringLiteral("NVDA")}));
        s.connections[0].tickersJson = QJsonArray({QStringLiteral("AAPL")}); // stale: ignored
        QCOMPARE(tickersOf(s), QJsonArray({QStringLiteral("AAPL"), QStringLiteral("NVDA")}));
    }

    void originalDataShape()
    {
        const QJsonObject data = statusDocument(view(sampleSnapshot())).value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("total_connections")).toInt(), 2);
        QCOMPARE(data.value(QStringLiteral("connected_count")).toInt(), 1);
        QCOMPARE(data.value(QStringLiteral("total_ticks_received")).toInteger(), 750);
        QCOMPARE(data.value(QStringLiteral("total_errors")).toInteger(), 2);
        const QJsonObject c1 = data.value(QStringLiteral("connections")).toObject().value(QStringLiteral("connection_1")).toObject();
        QCOMPARE(c1.value(QStringLiteral("name")).toString(), QStringLiteral("primary"));
        QCOMPARE(c1.value(QStringLiteral("status")).toString(), QStringLiteral("connected"));
        QCOMPARE(c1.value(QStringLiteral("assigned_tickers")).toInt(), 2);
        QCOMPARE(c1.value(QStringLiteral("message_count")).toInteger(), 750);
        QCOMPARE(c1.value(QStringLiteral("error_count")).toInteger(), 2);
        QCOMPARE(c1.value(QStringLiteral("last_message_time")).toDouble(), 1764093999.9);
        QCOMPARE(c1.keys().size(), 6);
    }

    void compactLineIsOneLine()
    {
        const QByteArray line = compactStatusLine(view(sampleSnapshot()));
        QVERIFY(!line.contains('\n'));
        QVERIFY(!line.contains(": "));
        QVERIFY(QJsonDocument::fromJson(line).isObject());
    }

    // The compact document joins the snapshot's cached feed part with the Redis and HTTP parts of
    // each call: byte for byte what serialising the whole object gives, for any state.
    void documentBytesEqualTheFullSerialisation_data()
    {
        QTest::addColumn<bool>("redisEnabled");
        QTest::addColumn<QString>("httpState");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("noConnections");
        QTest::newRow("sample") << true << QStringLiteral("listening") << QStringLiteral("multi") << false;
        QTest::newRow("all disabled") << false << QStringLiteral("disabled") << QStringLiteral("single") << false;
        QTest::newRow("before any connection") << false << QStringLiteral("error") << QStringLiteral("multi") << true;
    }
    void documentBytesEqualTheFullSerialisation()
    {
        QFETCH(bool, redisEnabled);
        QFETCH(QString, httpState);
        QFETCH(QString, mode);
        QFETCH(bool, noConnections);
        StatusSnapshot s = sampleSnapshot();
        s.mode = mode;
        if (noConnections)
            s.connections.clear();
        RedisSnapshot r = sampleRedis();
        r.enabled = redisEnabled;
        r.lastError = QStringLiteral("quote \" and \\ backslash");
        HttpSnapshot h;
        h.enabled = httpState != u"disabled";
        h.state = httpState;
        h.address = QStringLiteral("127.0.0.1:8765");
        const StatusView v = view(s, r, h);
        const QByteArray full = QJsonDocument(statusDocument(v)).toJson(QJsonDocument::Compact);
        QCOMPARE(statusDocumentJson(v), full);
        QVERIFY(v.feed->rendered.has());
        // The same snapshot with another Redis and HTTP state: the cached part serves both.
        StatusView other = v;
        other.redis.publishedTotal = 123456;
        other.http.state = QStringLiteral("error");
        QCOMPARE(statusDocumentJson(other), QJsonDocument(statusDocument(other)).toJson(QJsonDocument::Compact));
        QVERIFY(statusDocumentJson(other).contains("\"published_total\":123456"));
        QVERIFY(statusDocumentJson(v).contains("\"published_total\":700"));
    }

    // A snapshot's cache is its own: a copy (made to be changed) starts empty and renders its own.
    void aCopiedSnapshotRendersAnew()
    {
        const StatusView v = view(sampleSnapshot());
        const QByteArray first = statusDocumentJson(v);
        StatusSnapshot copy = *v.feed;
        QVERIFY(!copy.rendered.has());
        copy.connections[0].messageCount = 9999;
        const QByteArray second = statusDocumentJson(StatusView{std::make_shared<const StatusSnapshot>(copy), v.redis, v.http});
        QVERIFY(second != first);
        QVERIFY(second.contains("\"ticks_total\":9999"));
    }

    void onceCacheComputesOnceAndCopiesStartEmpty()
    {
        OnceCache<int> cache;
        int calls = 0;
        QCOMPARE(cache.get([&] { return ++calls; }), 1);
        QCOMPARE(cache.get([&] { return ++calls; }), 1);
        QCOMPARE(calls, 1);
        OnceCache<int> copy = cache;
        QVERIFY(!copy.has());
        QCOMPARE(copy.get([&] { return ++calls; }), 2);
        cache = copy; // assigned: empty again
        QVERIFY(!cache.has());
    }

    void phasesMapToTheFourStatuses()
    {
        using status::ConnectionPhase;
        QCOMPARE(status::statusName(status::statusOf(ConnectionPhase::Idle)), QStringLiteral("disconnected"));
        QCOMPARE(status::statusName(status::statusOf(ConnectionPhase::Authenticating)), QStringLiteral("connecting"));
        QCOMPARE(status::statusName(status::statusOf(ConnectionPhase::Evicted)), QStringLiteral("error"));
        QCOMPARE(status::phaseName(ConnectionPhase::SlowConsumer), QStringLiteral("slow_consumer"));
        QCOMPARE(status::phaseName(ConnectionPhase::AuthFailed), QStringLiteral("auth_failed"));
    }
};

QTEST_GUILESS_MAIN(TestStatusJson)
#include "tst_statusjson.moc"
