// RedisPublisher against a real redis-server started on a free port (tests/redisfixture.h): the
// message of every event type as a subscriber receives it, channel and stream settings, start-up
// with Redis down, wrong and missing passwords, SELECT, a frozen Redis, flush on stop, disabled.

#include "massive/frameparser.h"
#include "publish/redispublisher.h"
#include "httptestutil.h"
#include "redisfixture.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace tickstock;
using namespace tickstock::publish;
using redistest::RedisClient;
using redistest::RedisServer;
using redistest::redisConfig;
using redistest::Subscriber;

namespace {

const QByteArray kChannel = "tickstock:market:ticks";


RedisPublisherOptions fastOptions()
{
    RedisPublisherOptions o;
    o.backoffInitialSeconds = 0.2;
    o.backoffMaxSeconds = 1.0;
    o.connectTimeoutMs = 2000;
    return o;
}

massive::ParseResult frame(const char *json)
{
    massive::FrameParser parser;
    massive::ParseResult r = parser.parse(json);
    if (!r.errors.empty())
        qFatal("bad fixture frame: %s", r.errors.front().toString().c_str());
    return r;
}

// N trades on one ticker with increasing prices, as one frame.
massive::ParseResult trades(int n, int first = 0, const char *symbol = "AAPL")
{
    QByteArray json = "[";
    for (int i = 0; i < n; ++i) {
        if (i)
            json += ',';
        json += QStringLiteral(R"({"ev":"T","sym":"%1","p":%2,"s":%3,"t":%4})")
                    .arg(QLatin1String(symbol))
                    .arg(100 + (first + i) / 100.0)
                    .arg(first + i + 1)
                    .arg(1705853696000LL + first + i)
                    .toUtf8();
    }
    json += ']';
    return frame(json.constData());
}

QStringList keysInOrder(const QByteArray &message)
{
    static const QRegularExpression key(QStringLiteral(R"re("([a-z_]+)":)re"));
    QStringList keys;
    auto it = key.globalMatch(QString::fromUtf8(message));
    while (it.hasNext())
        keys.append(it.next().captured(1));
    return keys;
}

QJsonObject json(const QByteArray &message)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(message, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning("not a JSON object: %s", message.constData());
    return doc.object();
}

QString state(const RedisPublisher &p) { return p.status().state; }

} // namespace

class TestRedisPublisher final : public QObject {
    Q_OBJECT
private slots:
    void everyEventTypeArrivesAsCompactJsonInFeedOrder()
    {
        RedisServer server;
        REDIS_START(server);
        Subscriber subscriber;
        QString error;
        QVERIFY2(subscriber.start(server.port(), kChannel, &error), qPrintable(error));
        RedisPublisher publisher(redisConfig(server.port()), fastOptions());
        QSignalSpy states(&publisher, &RedisPublisher::stateChanged);
        QVERIFY(publisher.start(&error));
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("connected"), 5000);
        QVERIFY(publisher.status().connected);
        QTRY_VERIFY(!states.isEmpty());
        QCOMPARE(states.last().at(0).toString(), QStringLiteral("connected"));

        // (moc 6.4 misreads raw strings that contain a backslash: the last event is a plain literal)
        publisher.consume(2, frame(R"([
            {"ev":"status","status":"success","message":"subscribed to: T.BRK.B"},
            {"ev":"T","sym":"BRK.B","i":"1","x":4,"p":412.5,"s":10,"c":[12],"t":1705853696123,"q":1},
            {"ev":"Q","sym":"AAPL","bx":1,"bp":178.2,"bs":1,"ax":2,"ap":178.26,"as":2,"t":1705853696124,"q":2},
            {"ev":"LULD","T":"AAPL","h":190.5,"l":170.2,"i":[],"z":3,"t":1705853696123456789,"q":1},
            {"ev":"A","sym":"AAPL","v":300,"av":9000,"op":177.0,"vw":178.21,"o":178.1,"c":178.3,"h":178.4,"l":178.0,"a":177.9,"z":10,"s":1705853696000,"e":1705853697000},
            {"ev":"AM","sym":"AAPL","v":9000,"av":9000,"op":177.0,"vw":178.0,"o":177.5,"c":178.3,"h":178.9,"l":177.2,"a":177.9,"z":10,"s":1705853640000,"e":1705853700000},)"
                                   "{\"ev\":\"T\",\"sym\":\"A\\\"B\\\\C\",\"p\":1,\"s\":1,\"t\":1705853696999}]"),
                         1705853699000);

        QTRY_COMPARE_WITH_TIMEOUT(subscriber.count(), qint64(5), 5000);
        QTRY_COMPARE(publisher.status().publishedTotal, qint64(5)); // status and LULD are not ticks
        const QList<QByteArray> m = subscriber.messages();

        const QStringList head{QStringLiteral("type"), QStringLiteral("symbol"), QStringLiteral("price"),
                               QStringLiteral("volume"), QStringLiteral("timestamp"), QStringLiteral("source"),
                               QStringLiteral("event_type"), QStringLiteral("connection_id")};
        const QStringList ohlc{QStringLiteral("open"), QStringLiteral("high"), QStringLiteral("low"),
                               QStringLiteral("close"), QStringLiteral("vwap")};
        QCOMPARE(keysInOrder(m[0]), head);
        QCOMPARE(keysInOrder(m[1]), (head + QStringList{QStringLiteral("bid"), QStringLiteral("ask")}));
        QCOMPARE(keysInOrder(m[2]), head + ohlc);
        QCOMPARE(keysInOrder(m[3]), head + ohlc);
        for (const QByteArray &message : m) {
            QVERIFY2(!message.contains(' ') && !message.contains('\n'), message.constData()); // compact
            QVERIFY2(message.startsWith(R"({"type":"market_tick","symbol":)"), message.constData());
        }

        const QJsonObject t = json(m[0]);
        QCOMPARE(t.value(QStringLiteral("type")).toString(), QStringLiteral("market_tick"));
        QCOMPARE(t.value(QStringLiteral("symbol")).toString(), QStringLiteral("BRK.B"));
        QCOMPARE(t.value(QStringLiteral("price")).toDouble(), 412.5);
        QCOMPARE(t.value(QStringLiteral("volume")).toInteger(), 10);
        QCOMPARE(t.value(QStringLiteral("timestamp")).toDouble(), 1705853696.123);
        QCOMPARE(t.value(QStringLiteral("source")).toString(), QStringLiteral("massive"));
        QCOMPARE(t.value(QStringLiteral("event_type")).toString(), QStringLiteral("T"));
        QCOMPARE(t.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_2"));

        const QJsonObject q = json(m[1]);
        QCOMPARE(q.value(QStringLiteral("event_type")).toString(), QStringLiteral("Q"));
        QCOMPARE(q.value(QStringLiteral("price")).toDouble(), (178.2 + 178.26) / 2);
        QCOMPARE(q.value(QStringLiteral("volume")).toInteger(), 0);
        QCOMPARE(q.value(QStringLiteral("bid")).toDouble(), 178.2);
        QCOMPARE(q.value(QStringLiteral("ask")).toDouble(), 178.26);
        QCOMPARE(q.value(QStringLiteral("timestamp")).toDouble(), 1705853696.124);

        const QJsonObject a = json(m[2]);
        QCOMPARE(a.value(QStringLiteral("event_type")).toString(), QStringLiteral("A"));
        QCOMPARE(a.value(QStringLiteral("price")).toDouble(), 178.3);
        QCOMPARE(a.value(QStringLiteral("volume")).toInteger(), 300);
        QCOMPARE(a.value(QStringLiteral("open")).toDouble(), 178.1);
        QCOMPARE(a.value(QStringLiteral("high")).toDouble(), 178.4);
        QCOMPARE(a.value(QStringLiteral("low")).toDouble(), 178.0);
        QCOMPARE(a.value(QStringLiteral("close")).toDouble(), 178.3);
        QCOMPARE(a.value(QStringLiteral("vwap")).toDouble(), 178.21);
        QCOMPARE(a.value(QStringLiteral("timestamp")).toDouble(), 1705853697.0);

        const QJsonObject am = json(m[3]);
        QCOMPARE(am.value(QStringLiteral("event_type")).toString(), QStringLiteral("AM"));
        QCOMPARE(am.value(QStringLiteral("volume")).toInteger(), 9000);
        QCOMPARE(am.value(QStringLiteral("open")).toDouble(), 177.5);
        QCOMPARE(am.value(QStringLiteral("timestamp")).toDouble(), 1705853700.0);

        QCOMPARE(json(m[4]).value(QStringLiteral("symbol")).toString(), QStringLiteral("A\"B\\C"));
        QVERIFY(m[4].contains("\"symbol\":\"A\\\"B\\\\C\""));

        publisher.stop();
        const auto c = publisher.counters();
        QCOMPARE(c.offered, qint64(5));
        QCOMPARE(c.published, qint64(5));
        QCOMPARE(c.dropped, qint64(0));
        QCOMPARE(c.connects, qint64(1));
    }

    void customChannelAndStreamWithoutTrimming()
    {
        RedisServer server;
        REDIS_START(server);
        Subscriber subscriber;
        QString error;
        QVERIFY2(subscriber.start(server.port(), "custom:ticks", &error), qPrintable(error));
        auto config = redisConfig(server.port());
        config.tickChannel = QStringLiteral("custom:ticks");
        config.streamKey = QStringLiteral("ticks:replay");
        config.streamMaxLen = 0; // no trimming
        RedisPublisher publisher(config, fastOptions());
        QVERIFY(publisher.start(&error));
        publisher.consume(1, trades(50), 0);
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.count(), qint64(50), 5000);
        QTRY_COMPARE(publisher.counters().streamAdded, qint64(50));
        RedisClient client(server.port());
        QCOMPARE(client.command({"XLEN", "ticks:replay"}), QByteArray("50"));
        // Each entry is {data: <the very message published>}, in order.
        const QList<QByteArray> first = client.command({"XRANGE", "ticks:replay", "-", "+", "COUNT", "1"}).split('\n');
        QCOMPARE(first.size(), 3); // id, "data", message
        QCOMPARE(first.at(1), QByteArray("data"));
        QCOMPARE(first.at(2), subscriber.messages().first());
        publisher.stop();
        QCOMPARE(publisher.counters().streamErrors, qint64(0));
    }

    void streamIsTrimmedApproximately()
    {
        RedisServer server;
        REDIS_START(server);
        auto config = redisConfig(server.port());
        config.streamKey = QStringLiteral("ticks:replay");
        config.streamMaxLen = 100;
        RedisPublisher publisher(config, fastOptions());
        QString error;
        QVERIFY(publisher.start(&error));
        for (int i = 0; i < 20; ++i)
            publisher.consume(1, trades(100, i * 100), 0);
        QTRY_COMPARE_WITH_TIMEOUT(publisher.counters().streamAdded, qint64(2000), 10000);
        const qint64 length = RedisClient(server.port()).command({"XLEN", "ticks:replay"}).toLongLong();
        QVERIFY2(length >= 100 && length < 400, qPrintable(QString::number(length))); // MAXLEN ~ 100
        QCOMPARE(publisher.status().publishedTotal, qint64(2000));
    }

    void startsWhileRedisIsDownThenConnectsAndFlushes()
    {
        RedisServer server({}, redistest::freePort()); // not started yet: nothing listens there
        RedisPublisher publisher(redisConfig(server.port()), fastOptions());
        QString error;
        QVERIFY2(publisher.start(&error), qPrintable(error)); // Redis down is a state, not a start failure
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("backoff"), 5000);
        QVERIFY2(publisher.status().lastError.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                 qPrintable(publisher.status().lastError));
        QVERIFY(!publisher.status().connected);
        publisher.consume(1, trades(10), 0);
        QCOMPARE(publisher.status().queueDepth, qint64(10));

        REDIS_START(server);
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("connected"), 10000);
        QTRY_COMPARE(publisher.status().publishedTotal, qint64(10));
        QCOMPARE(publisher.status().queueDepth, qint64(0));
        QCOMPARE(publisher.status().droppedTotal, qint64(0));
        QVERIFY(publisher.counters().connectAttempts >= 2);
    }

    // The periodic drop summary, word for word: the state in plain parentheses, then the counters.
    void dropSummaryLine()
    {
        httptest::LogCapture log;
        const quint16 port = redistest::freePort(); // nothing listens there: backoff
        config::RedisConfig cfg = redisConfig(port);
        cfg.queueCapacity = 10;
        RedisPublisherOptions options = fastOptions();
        options.backoffInitialSeconds = 60; // stays in backoff after the first refusal
        options.dropLogIntervalMs = 0;
        RedisPublisher publisher(cfg, options);
        QVERIFY(publisher.start());
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("backoff"), 5000);
        publisher.consume(1, trades(25), 0);
        const QRegularExpression summary(
            QStringLiteral(R"(^tickstock\.core\.redis redis 127\.0\.0\.1:%1/0 dropped 15 ticks in the last \d+(\.\d)? s )"
                           R"(\(backoff\) \[published 0, dropped 15, queue 10/10\]$)").arg(port));
        QTRY_VERIFY2_WITH_TIMEOUT(!log.lines().filter(summary).isEmpty(), qPrintable(log.lines().join(u'\n')), 5000);
    }

    void wrongPasswordIsAClearErrorStateWithoutATightLoop()
    {
        RedisServer server("s3cret");
        REDIS_START(server);
        const QString password = QStringLiteral("not-the-password-4711");
        RedisPublisher publisher(redisConfig(server.port(), password), fastOptions()); // auth retry: 30 s
        QString error;
        QVERIFY(publisher.start(&error));
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("auth_failed"), 5000);
        const status::RedisSnapshot s = publisher.status();
        QVERIFY(!s.connected);
        QVERIFY2(s.lastError.contains(QStringLiteral("WRONGPASS")) || s.lastError.contains(QStringLiteral("invalid password")),
                 qPrintable(s.lastError));
        QVERIFY2(s.lastError.startsWith(QStringLiteral("authentication failed")), qPrintable(s.lastError));
        QVERIFY(!s.lastError.contains(password));
        QCOMPARE(s.address, QStringLiteral("127.0.0.1:%1/0").arg(server.port()));

        publisher.consume(1, trades(7), 0); // kept (bounded) while the password is wrong
        QTest::qWait(2500); // absence check: no retry within it (the publisher has no clock to inject)
        QCOMPARE(state(publisher), QStringLiteral("auth_failed"));
        QCOMPARE(publisher.counters().connectAttempts, qint64(1)); // the next try is 30 s away
        QCOMPARE(publisher.status().queueDepth, qint64(7));
        publisher.stop();
        const auto c = publisher.counters();
        QCOMPARE(c.published, qint64(0));
        QCOMPARE(c.droppedAtStop, qint64(7));
        QCOMPARE(c.offered, c.published + c.dropped);
    }

    void wrongPasswordRetriesSlowly()
    {
        RedisServer server("s3cret");
        REDIS_START(server);
        auto options = fastOptions();
        options.authRetrySeconds = 1.0;
        RedisPublisher publisher(redisConfig(server.port(), QStringLiteral("wrong")), options);
        QString error;
        QVERIFY(publisher.start(&error));
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("auth_failed"), 5000);
        QTest::qWait(3500); // a fixed span to count ~1 retry per second in
        const qint64 attempts = publisher.counters().connectAttempts;
        QVERIFY2(attempts >= 3 && attempts <= 5, qPrintable(QString::number(attempts))); // ~1 per second
        QCOMPARE(state(publisher), QStringLiteral("auth_failed")); // stays visible between retries
        QCOMPARE(publisher.counters().connects, qint64(0));
    }

    void missingPasswordIsAuthFailedToo()
    {
        RedisServer server("s3cret");
        REDIS_START(server);
        RedisPublisher publisher(redisConfig(server.port()), fastOptions());
        QString error;
        QVERIFY(publisher.start(&error));
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("auth_failed"), 5000);
        const QString lastError = publisher.status().lastError;
        QVERIFY2(lastError.contains(QStringLiteral("NOAUTH")) && lastError.contains(QStringLiteral("none is configured")),
                 qPrintable(lastError));
    }

    void rightPasswordSelectsTheDatabase()
    {
        RedisServer server("s3cret");
        REDIS_START(server);
        Subscriber subscriber;
        QString error;
        QVERIFY2(subscriber.start(server.port(), kChannel, &error, "s3cret"), qPrintable(error));
        auto config = redisConfig(server.port(), QStringLiteral("s3cret"));
        config.db = 3;
        config.streamKey = QStringLiteral("replay");
        RedisPublisher publisher(config, fastOptions());
        QVERIFY(publisher.start(&error));
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("connected"), 5000);
        QCOMPARE(publisher.status().address, QStringLiteral("127.0.0.1:%1/3").arg(server.port()));
        publisher.consume(1, trades(20), 0);
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.count(), qint64(20), 5000);
        QTRY_COMPARE(publisher.counters().streamAdded, qint64(20));
        RedisClient client(server.port(), "s3cret");
        QCOMPARE(client.command({"EXISTS", "replay"}), QByteArray("0")); // not in db 0
        QCOMPARE(client.command({"SELECT", "3"}), QByteArray("OK"));
        QCOMPARE(client.command({"XLEN", "replay"}), QByteArray("20"));
    }

    void frozenRedisIsDetectedAndRecovered()
    {
        RedisServer server;
        REDIS_START(server);
        auto options = fastOptions();
        options.replyTimeoutMs = 1500;
        options.connectTimeoutMs = 1000;
        RedisPublisher publisher(redisConfig(server.port()), options);
        QString error;
        QVERIFY(publisher.start(&error));
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("connected"), 5000);
        publisher.consume(1, trades(10), 0);
        QTRY_COMPARE(publisher.status().publishedTotal, qint64(10));

        server.pause(); // keeps its sockets, answers nothing
        publisher.consume(1, trades(10, 10), 0);
        QTRY_VERIFY_WITH_TIMEOUT(state(publisher) != QStringLiteral("connected"), 6000);
        QVERIFY2(publisher.status().lastError.contains(QStringLiteral("no reply")), qPrintable(publisher.status().lastError));
        server.resume();
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("connected"), 10000);
        publisher.consume(1, trades(5, 20), 0);
        publisher.stop();
        const auto c = publisher.counters();
        QCOMPARE(c.offered, qint64(25));
        QCOMPARE(c.offered, c.published + c.dropped); // the 10 written to the frozen server count as lost
        QVERIFY(c.published >= 15);
        QVERIFY(c.connects >= 2);
    }

    void stopFlushesTheQueue()
    {
        RedisServer server;
        REDIS_START(server);
        Subscriber subscriber(false);
        QString error;
        QVERIFY2(subscriber.start(server.port(), kChannel, &error), qPrintable(error));
        RedisPublisher publisher(redisConfig(server.port()), fastOptions());
        QVERIFY(publisher.start(&error));
        QTRY_COMPARE_WITH_TIMEOUT(state(publisher), QStringLiteral("connected"), 5000);
        for (int i = 0; i < 200; ++i)
            publisher.consume(1, trades(100, i * 100), 0);
        publisher.stop(); // flushes for up to 2 s
        QCOMPARE(publisher.counters().published, qint64(20000));
        QCOMPARE(publisher.status().droppedTotal, qint64(0));
        QCOMPARE(publisher.status().queueDepth, qint64(0));
        QCOMPARE(publisher.status().state, QStringLiteral("disabled"));
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.count(), qint64(20000), 5000);
        publisher.consume(1, trades(3), 0); // after stop: refused, and counted
        QCOMPARE(publisher.counters().dropped, qint64(3));
    }

    void disabledPublishesNothing()
    {
        auto config = redisConfig(1); // nothing listens on port 1: it must not even try
        config.enabled = false;
        RedisPublisher publisher(config);
        QString error;
        QVERIFY(publisher.start(&error));
        QVERIFY(!publisher.isRunning());
        publisher.consume(1, trades(5), 0);
        const status::RedisSnapshot s = publisher.status();
        QCOMPARE(s.enabled, false);
        QCOMPARE(s.state, QStringLiteral("disabled"));
        QCOMPARE(s.queueDepth, qint64(0));
        QCOMPARE(publisher.counters().offered, qint64(0));
        QCOMPARE(publisher.counters().connectAttempts, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestRedisPublisher)
#include "tst_redispublisher.moc"
