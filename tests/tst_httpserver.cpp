// The HTTP status server over real loopback sockets: every route and shape (the status document field
// by field, in multi and single mode, against the real simulator and FeedService), readiness as
// connections go down and up, remote control, auth on and off, throttling, malformed and
// oversized requests, timeouts, connection limits, port in use, the non-loopback refusal,
// promtool on /metrics, and planted secrets that must appear in no response and no log line.

#include "feedtestutil.h"
#include "httptestutil.h"

#include "config/configdescription.h"
#include "config/monitorconfig.h"
#include "http/httpcounters.h"
#include "http/statusserver.h"
#include "status/statusjson.h"

#include <QtCore/QRegularExpression>
#include <QtNetwork/QTcpServer>

using namespace httptest;
using tickstock::status::ConnectionPhase;
using tickstock::http::StatusServer;

namespace {

// The real thing: simulator + FeedService + StatusServer wired as the app will wire them.
struct LiveServer {
    LiveServer(QList<feed::ConnectionSettings> connectionSlots, const QString &mode, const QString &token = {},
               const QStringList &secrets = {}, std::function<status::RedisSnapshot()> redis = {})
    {
        feed::ManagerOptions options;
        options.mode = mode;
        options.version = QStringLiteral("test");
        service = std::make_unique<feed::FeedService>(std::move(connectionSlots), options);
        mailbox = service->createMailbox();
        source = std::make_unique<status::StatusSource>(service->snapshots(), std::move(redis));
        server = std::make_unique<StatusServer>(httpConfig(token), source.get(), service.get(), mailbox, secrets);
        source->setHttp([s = server.get()] { return s->status(); });
        QString error;
        if (!server->start(&error))
            qFatal("status server: %s", qPrintable(error));
        service->start();
    }
    ~LiveServer()
    {
        server->stop();
        service->stop();
    }
    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(pathAndQuery));
    }
    std::unique_ptr<feed::FeedService> service;
    feed::BatchMailbox *mailbox = nullptr;
    std::unique_ptr<status::StatusSource> source;
    std::unique_ptr<StatusServer> server;
};

bool isInteger(const QJsonValue &v) { return v.isDouble() && v.toDouble() == double(v.toInteger()); }

// Checks one connection object of the status document (docs/http-api.md); returns a description of the first problem.
QString connectionProblem(const QJsonObject &c)
{
    const auto need = [](const QJsonObject &o, const char *key, QJsonValue::Type type) -> QString {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.type() != type)
            return QStringLiteral("%1 has type %2, want %3").arg(QLatin1String(key)).arg(int(v.type())).arg(int(type));
        return {};
    };
    using T = QJsonValue::Type;
    for (const auto &[key, type] : std::initializer_list<std::pair<const char *, T>>{
             {"id", T::Double}, {"connection_id", T::String}, {"name", T::String}, {"enabled", T::Bool},
             {"connected", T::Bool}, {"status", T::String}, {"phase", T::String}, {"url", T::String},
             {"uptime_seconds", T::Double}, {"config", T::Object}, {"metrics", T::Object}}) {
        if (const QString p = need(c, key, type); !p.isEmpty())
            return p;
    }
    if (!isInteger(c.value(QStringLiteral("id"))))
        return QStringLiteral("id is not an integer");
    if (c.value(QStringLiteral("connection_id")).toString() != QStringLiteral("connection_%1").arg(c.value(QStringLiteral("id")).toInt()))
        return QStringLiteral("connection_id does not match id");
    static const QStringList statuses{QStringLiteral("disconnected"), QStringLiteral("connecting"), QStringLiteral("connected"), QStringLiteral("error")};
    if (!statuses.contains(c.value(QStringLiteral("status")).toString()))
        return QStringLiteral("unknown status");
    if (c.value(QStringLiteral("connected")).toBool() != (c.value(QStringLiteral("status")).toString() == u"connected"))
        return QStringLiteral("connected disagrees with status");
    const QJsonObject config = c.value(QStringLiteral("config")).toObject();
    for (const auto &[key, type] : std::initializer_list<std::pair<const char *, T>>{
             {"ticker_count", T::Double}, {"tickers", T::Array}, {"channels", T::Array}}) {
        if (const QString p = need(config, key, type); !p.isEmpty())
            return QStringLiteral("config.") + p;
    }
    if (!config.contains(QStringLiteral("universe_key")))
        return QStringLiteral("config.universe_key missing");
    if (config.value(QStringLiteral("ticker_count")).toInt() != config.value(QStringLiteral("tickers")).toArray().size())
        return QStringLiteral("ticker_count != tickers");
    const QJsonObject m = c.value(QStringLiteral("metrics")).toObject();
    for (const auto &[key, type] : std::initializer_list<std::pair<const char *, T>>{
             {"message_count", T::Double}, {"messages_per_second", T::Double}, {"error_count", T::Double},
             {"reconnect_count", T::Double}, {"bytes_received", T::Double}, {"parse_errors", T::Double},
             {"subscriptions", T::Object}, {"latency_ms", T::Object}}) {
        if (const QString p = need(m, key, type); !p.isEmpty())
            return QStringLiteral("metrics.") + p;
    }
    for (const char *key : {"last_message_time", "last_update", "last_error"}) {
        if (!m.contains(QLatin1String(key)))
            return QStringLiteral("metrics.%1 missing").arg(QLatin1String(key));
    }
    for (const char *key : {"acked", "pending", "refused"}) {
        if (!isInteger(m.value(QStringLiteral("subscriptions")).toObject().value(QLatin1String(key))))
            return QStringLiteral("metrics.subscriptions.%1").arg(QLatin1String(key));
    }
    for (const char *key : {"p50", "p99"}) {
        if (!m.value(QStringLiteral("latency_ms")).toObject().value(QLatin1String(key)).isDouble())
            return QStringLiteral("metrics.latency_ms.%1").arg(QLatin1String(key));
    }
    if (m.value(QStringLiteral("message_count")).toInteger() > 0) {
        if (!m.value(QStringLiteral("last_message_time")).isDouble())
            return QStringLiteral("last_message_time not a number");
        static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
        if (!iso.match(m.value(QStringLiteral("last_update")).toString()).hasMatch())
            return QStringLiteral("last_update is not ISO 8601 UTC: ") + m.value(QStringLiteral("last_update")).toString();
    }
    return {};
}

} // namespace

class TestHttpServer final : public QObject {
    Q_OBJECT
private slots:
    void everyRouteOverTheWire_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("key");
        const QByteArray json("application/json");
        QTest::newRow("status") << QByteArray("GET") << QStringLiteral("/api/admin/websocket-status") << 200 << json << QStringLiteral("connections");
        QTest::newRow("status, original path") << QByteArray("GET") << QStringLiteral("/admin/api/admin/websocket-status") << 200 << json << QStringLiteral("data");
        QTest::newRow("connections") << QByteArray("GET") << QStringLiteral("/api/admin/connections") << 200 << json << QStringLiteral("connections");
        QTest::newRow("connection") << QByteArray("GET") << QStringLiteral("/api/admin/connections/1") << 200 << json << QStringLiteral("connection");
        QTest::newRow("unknown connection") << QByteArray("GET") << QStringLiteral("/api/admin/connections/42") << 404 << json << QStringLiteral("message");
        QTest::newRow("ticker") << QByteArray("GET") << QStringLiteral("/api/admin/tickers/AAPL") << 200 << json << QStringLiteral("last");
        QTest::newRow("unknown ticker") << QByteArray("GET") << QStringLiteral("/api/admin/tickers/NOPE") << 404 << json << QStringLiteral("message");
        QTest::newRow("healthz") << QByteArray("GET") << QStringLiteral("/healthz") << 200 << json << QStringLiteral("status");
        QTest::newRow("readyz") << QByteArray("GET") << QStringLiteral("/readyz") << 200 << json << QStringLiteral("ready");
        QTest::newRow("readyz verbose") << QByteArray("GET") << QStringLiteral("/readyz?verbose") << 200 << json << QStringLiteral("checks");
        QTest::newRow("metrics") << QByteArray("GET") << QStringLiteral("/metrics") << 200 << QByteArray("text/plain; version=0.0.4; charset=utf-8") << QString();
        QTest::newRow("action without controls") << QByteArray("POST") << QStringLiteral("/api/admin/connections/1/reconnect") << 503 << json << QStringLiteral("message");
        QTest::newRow("bad action") << QByteArray("POST") << QStringLiteral("/api/admin/connections/1/explode") << 400 << json << QStringLiteral("message");
        QTest::newRow("wrong method") << QByteArray("DELETE") << QStringLiteral("/api/admin/websocket-status") << 405 << json << QStringLiteral("message");
        QTest::newRow("GET on an action") << QByteArray("GET") << QStringLiteral("/api/admin/connections/1/connect") << 405 << json << QStringLiteral("message");
        QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/api/v2/everything") << 404 << json << QStringLiteral("message");
        QTest::newRow("stream without upgrade") << QByteArray("GET") << QStringLiteral("/admin-ws") << 426 << json << QStringLiteral("message");
        QTest::newRow("unknown method") << QByteArray("PURGE") << QStringLiteral("/healthz") << 501 << json << QStringLiteral("message");
    }
    void everyRouteOverTheWire()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, target);
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, key);
        SnapshotServer s;
        Client client;
        const Reply r = client.request(s.url(target), method);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-type"), contentType);
        QCOMPARE(r.header("cache-control"), QByteArray("no-store"));
        if (status == 405)
            QVERIFY(!r.header("allow").isEmpty());
        if (contentType == "application/json") {
            QJsonParseError error;
            const QJsonObject body = QJsonDocument::fromJson(r.body, &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(body.value(QStringLiteral("api_version")).toInt(), 1);
            QVERIFY2(body.contains(key), r.body.constData());
            QVERIFY(!r.body.contains('\n'));
        } else {
            QVERIFY(r.body.startsWith("# HELP "));
        }
        QCOMPARE(s.server->counters().responsesWithCode(status), qint64(1));
    }

    void statusDocumentMatchesTheContract_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("multi") << QStringLiteral("multi");
        QTest::newRow("single") << QStringLiteral("single");
    }
    void statusDocumentMatchesTheContract()
    {
        QFETCH(QString, mode);
        auto sim = feedtest::startSimThread(feedtest::simConfig());
        QList<feed::ConnectionSettings> connectionSlots;
        if (mode == u"multi") {
            connectionSlots = {feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL"), QStringLiteral("MSFT")}),
                               feedtest::slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("JPM")}),
                               feedtest::slot(3, QStringLiteral("tertiary"), sim->url(), {QStringLiteral("IBM")})};
            connectionSlots[2].enabled = false;
        } else {
            connectionSlots = {feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("SPY"), QStringLiteral("QQQ")})};
        }
        const int expected = int(connectionSlots.size());
        LiveServer live(connectionSlots, mode);
        Client client;
        const QUrl url = live.url(QStringLiteral("/api/admin/websocket-status"));
        const auto streamingWithData = [&] {
            const QJsonObject doc = client.get(url).json();
            const QJsonObject summary = doc.value(QStringLiteral("summary")).toObject();
            return summary.value(QStringLiteral("connected")).toInt() == (mode == u"multi" ? 2 : 1)
                && summary.value(QStringLiteral("messages_per_second")).toDouble() > 0
                && doc.value(QStringLiteral("connections")).toArray().at(0).toObject().value(QStringLiteral("metrics"))
                           .toObject().value(QStringLiteral("message_count")).toInteger() > 5;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streamingWithData(), 15000);

        const Reply reply = client.get(url);
        QCOMPARE(reply.status, 200);
        const QJsonObject doc = reply.json();
        QCOMPARE(doc.value(QStringLiteral("api_version")).toInt(), 1);
        QCOMPARE(doc.value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        QCOMPARE(doc.value(QStringLiteral("mode")).toString(), mode);
        const double ts = doc.value(QStringLiteral("timestamp")).toDouble();
        QVERIFY(qAbs(ts - QDateTime::currentMSecsSinceEpoch() / 1000.0) < 5.0);

        const QJsonArray connections = doc.value(QStringLiteral("connections")).toArray();
        QCOMPARE(connections.size(), expected);
        qint64 ticks = 0;
        for (const QJsonValue &v : connections) {
            const QString problem = connectionProblem(v.toObject());
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            ticks += v.toObject().value(QStringLiteral("metrics")).toObject().value(QStringLiteral("message_count")).toInteger();
        }
        const QJsonObject c1 = connections.at(0).toObject();
        QCOMPARE(c1.value(QStringLiteral("name")).toString(), QStringLiteral("primary"));
        QCOMPARE(c1.value(QStringLiteral("status")).toString(), QStringLiteral("connected"));
        QCOMPARE(c1.value(QStringLiteral("phase")).toString(), QStringLiteral("streaming"));
        QCOMPARE(c1.value(QStringLiteral("url")).toString(), sim->url().toString());
        QVERIFY(c1.value(QStringLiteral("uptime_seconds")).toDouble() > 0);
        QCOMPARE(c1.value(QStringLiteral("config")).toObject().value(QStringLiteral("channels")).toArray(),
                 (QJsonArray{QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("AM")}));
        const QJsonObject m1 = c1.value(QStringLiteral("metrics")).toObject();
        QCOMPARE(m1.value(QStringLiteral("subscriptions")).toObject().value(QStringLiteral("acked")).toInt(), 6); // 2 tickers × T,Q,AM
        QVERIFY(m1.value(QStringLiteral("last_error")).isNull());
        if (mode == u"multi") {
            const QJsonObject c3 = connections.at(2).toObject();
            QCOMPARE(c3.value(QStringLiteral("enabled")).toBool(), false); // disabled slots stay visible
            QCOMPARE(c3.value(QStringLiteral("phase")).toString(), QStringLiteral("disabled"));
        }

        const QJsonObject summary = doc.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("total")).toInt(), expected);
        QCOMPARE(summary.value(QStringLiteral("ticks_total")).toInteger(), ticks);
        QVERIFY(summary.value(QStringLiteral("errors_total")).isDouble());
        QVERIFY(summary.value(QStringLiteral("messages_per_second")).toDouble() > 0);

        const QJsonObject redis = doc.value(QStringLiteral("redis")).toObject();
        for (const char *key : {"enabled", "connected", "channel", "published_total", "dropped_total", "queue_depth"})
            QVERIFY2(redis.contains(QLatin1String(key)), key);

        const QJsonObject http = doc.value(QStringLiteral("http")).toObject();
        QCOMPARE(http.value(QStringLiteral("state")).toString(), QStringLiteral("listening"));
        QCOMPARE(http.value(QStringLiteral("stream_url")).toString(),
                 QStringLiteral("ws://127.0.0.1:%1/admin-ws").arg(live.server->port()));

        // `data`: exactly the original get_health_status() shape, consistent with the rest.
        const QJsonObject data = doc.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.keys(), (QStringList{QStringLiteral("connected_count"), QStringLiteral("connections"),
                                           QStringLiteral("total_connections"), QStringLiteral("total_errors"),
                                           QStringLiteral("total_ticks_received")}));
        QCOMPARE(data.value(QStringLiteral("total_connections")).toInt(), expected);
        QCOMPARE(data.value(QStringLiteral("connected_count")).toInt(), summary.value(QStringLiteral("connected")).toInt());
        QCOMPARE(data.value(QStringLiteral("total_ticks_received")).toInteger(), ticks);
        const QJsonObject d1 = data.value(QStringLiteral("connections")).toObject().value(QStringLiteral("connection_1")).toObject();
        QCOMPARE(d1.keys(), (QStringList{QStringLiteral("assigned_tickers"), QStringLiteral("error_count"),
                                         QStringLiteral("last_message_time"), QStringLiteral("message_count"),
                                         QStringLiteral("name"), QStringLiteral("status")}));
        QCOMPARE(d1.value(QStringLiteral("assigned_tickers")).toInt(), 2);
        QCOMPARE(d1.value(QStringLiteral("message_count")).toInteger(), m1.value(QStringLiteral("message_count")).toInteger());

        // The same document at the original path; one connection alone; a ticker's live state.
        QCOMPARE(client.get(live.url(QStringLiteral("/admin/api/admin/websocket-status"))).json().value(QStringLiteral("mode")).toString(), mode);
        const QJsonObject one = client.get(live.url(QStringLiteral("/api/admin/connections/connection_1"))).json();
        QVERIFY(connectionProblem(one.value(QStringLiteral("connection")).toObject()).isEmpty());
        const QString symbol = mode == u"multi" ? QStringLiteral("AAPL") : QStringLiteral("SPY");
        const QJsonObject ticker = client.get(live.url(QStringLiteral("/api/admin/tickers/") + symbol.toLower())).json();
        QCOMPARE(ticker.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_1"));
        QTRY_VERIFY_WITH_TIMEOUT(client.get(live.url(QStringLiteral("/api/admin/tickers/") + symbol)).json()
                                     .value(QStringLiteral("last")).toObject().value(QStringLiteral("price")).toDouble() > 0, 5000);
    }

    void readinessFollowsConnectionsAndControlsWork()
    {
        auto sim = feedtest::startSimThread(feedtest::simConfig());
        LiveServer live({feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")}),
                         feedtest::slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("JPM")})},
                        QStringLiteral("multi"));
        Client client;
        const QUrl ready = live.url(QStringLiteral("/readyz?verbose"));
        QTRY_COMPARE_WITH_TIMEOUT(client.get(ready).status, 200, 15000);
        QCOMPARE(client.get(ready).json().value(QStringLiteral("failed")).toArray().size(), 0);

        const Reply down = client.request(live.url(QStringLiteral("/api/admin/connections/2/disconnect")), "POST");
        QCOMPARE(down.status, 202);
        QCOMPARE(down.json().value(QStringLiteral("action")).toString(), QStringLiteral("disconnect"));
        QTRY_COMPARE_WITH_TIMEOUT(client.get(ready).status, 503, 5000);
        const QJsonObject notReady = client.get(ready).json();
        QCOMPARE(notReady.value(QStringLiteral("failed")).toArray(), QJsonArray{QStringLiteral("connection_2")});
        const QJsonObject c2 = client.get(live.url(QStringLiteral("/api/admin/connections/2"))).json().value(QStringLiteral("connection")).toObject();
        QCOMPARE(c2.value(QStringLiteral("phase")).toString(), QStringLiteral("closed"));

        QCOMPARE(client.request(live.url(QStringLiteral("/api/admin/connections/2/connect")), "POST").status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(client.get(ready).status, 200, 10000);

        QCOMPARE(client.request(live.url(QStringLiteral("/api/admin/connections/connection_1/reconnect")), "POST").status, 202);
        const auto reconnects = [&] {
            return client.get(live.url(QStringLiteral("/api/admin/connections/1"))).json().value(QStringLiteral("connection")).toObject()
                .value(QStringLiteral("metrics")).toObject().value(QStringLiteral("reconnect_count")).toInt();
        };
        QTRY_COMPARE_WITH_TIMEOUT(reconnects(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(client.get(ready).status, 200, 10000);
        QCOMPARE(client.get(live.url(QStringLiteral("/healthz"))).status, 200);

        // With the feed stopped, actions are refused and readiness fails once the snapshot ages.
        live.service->stop();
        QCOMPARE(client.request(live.url(QStringLiteral("/api/admin/connections/1/connect")), "POST").status, 503);
        QCOMPARE(client.get(live.url(QStringLiteral("/healthz"))).status, 200);
    }

    void metricsPassPromtool()
    {
        auto sim = feedtest::startSimThread(feedtest::simConfig());
        LiveServer live({feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL"), QStringLiteral("MSFT")}),
                         feedtest::slot(2, QStringLiteral("secondary \"quoted\""), sim->url(), {QStringLiteral("JPM")})},
                        QStringLiteral("multi"));
        Client client;
        QTRY_COMPARE_WITH_TIMEOUT(client.get(live.url(QStringLiteral("/readyz"))).status, 200, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(client.get(live.url(QStringLiteral("/api/admin/websocket-status"))).json()
                                     .value(QStringLiteral("summary")).toObject().value(QStringLiteral("ticks_total")).toInteger() > 0, 10000);
        const Reply r = client.get(live.url(QStringLiteral("/metrics")));
        QCOMPARE(r.status, 200);
        const QString problems = promtoolProblems(r.body);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        QVERIFY(r.body.contains("tickstock_connection_up{connection=\"connection_1\",name=\"primary\"} 1\n"));
        QVERIFY(r.body.contains("name=\"secondary \\\"quoted\\\"\""));
        QVERIFY(!r.body.contains("AAPL")); // never a label (or anything) per ticker
        QRegularExpression messages(QStringLiteral("tickstock_connection_messages_total\\{connection=\"connection_1\",name=\"primary\"\\} (\\d+)"));
        QVERIFY(messages.match(QString::fromUtf8(r.body)).captured(1).toLongLong() > 0);
        QVERIFY(r.body.contains("tickstock_http_responses_total{code=\"200\"}"));
    }

    void authenticationOnAndOff()
    {
        const QByteArray token("s3cret-token-for-tests");
        SnapshotServer open;
        SnapshotServer locked(QString::fromLatin1(token));
        Client client;
        // Without a token everything is open (on loopback).
        QCOMPARE(client.get(open.url(QStringLiteral("/api/admin/websocket-status"))).status, 200);
        QCOMPARE(client.get(open.url(QStringLiteral("/metrics"))).status, 200);

        const Reply none = client.get(locked.url(QStringLiteral("/api/admin/websocket-status")));
        QCOMPARE(none.status, 401);
        QCOMPARE(none.header("www-authenticate"), QByteArray("Bearer realm=\"tickstock\""));
        QCOMPARE(none.json().value(QStringLiteral("api_version")).toInt(), 1);
        const Reply wrong = client.get(locked.url(QStringLiteral("/metrics")), "s3cret-token-for-test");
        QCOMPARE(wrong.status, 401);
        QVERIFY(wrong.header("www-authenticate").contains("invalid_token"));
        QCOMPARE(client.get(locked.url(QStringLiteral("/api/admin/websocket-status")), token).status, 200);
        QCOMPARE(client.get(locked.url(QStringLiteral("/metrics")), token).status, 200);
        QCOMPARE(client.get(locked.url(QStringLiteral("/nope")), token).status, 404);
        QCOMPARE(client.get(locked.url(QStringLiteral("/nope"))).status, 401); // no route discovery without a token
        QCOMPARE(client.get(locked.url(QStringLiteral("/metrics?token=") + QString::fromLatin1(token))).status, 401);
        QCOMPARE(client.get(locked.url(QStringLiteral("/healthz"))).status, 200);
        QCOMPARE(client.get(locked.url(QStringLiteral("/readyz"))).status, 200);
        // The stream: header or ?token=, nothing else.
        RawReply ws = rawExchange(locked.server->port(), handshake("/admin-ws"), 1500);
        QCOMPARE(ws.status(), 401);
        ws = rawExchange(locked.server->port(), handshake("/admin-ws?token=" + token), 800);
        QCOMPARE(ws.status(), 101);
        ws = rawExchange(locked.server->port(), handshake("/admin-ws", "Authorization: Bearer " + token + "\r\n"), 800);
        QCOMPARE(ws.status(), 101);
        QCOMPARE(locked.server->counters().authFailures.load(), qint64(5)); // none, wrong, /nope, ?token=, stream
    }

    void repeatedFailuresAreThrottled()
    {
        LogCapture log;
        http::ServerOptions options;
        options.throttle.maxFailures = 3;
        options.throttle.blockMs = 1500;
        const QByteArray token("another-test-token");
        SnapshotServer s(QString::fromLatin1(token), options);
        Client client;
        const QUrl url = s.url(QStringLiteral("/api/admin/websocket-status"));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client.get(url, "guess-" + QByteArray::number(i)).status, 401);
        const Reply blocked = client.get(url, token);
        QCOMPARE(blocked.status, 429); // even with the right token while blocked
        QVERIFY(blocked.header("retry-after").toInt() >= 1);
        QCOMPARE(blocked.json().value(QStringLiteral("error")).toString(), QStringLiteral("too_many_requests"));
        QCOMPARE(client.get(s.url(QStringLiteral("/healthz"))).status, 200); // probes keep working
        QTRY_COMPARE_WITH_TIMEOUT(client.get(url, token).status, 200, 5000); // the block expires
        QCOMPARE(s.server->counters().blocks.load(), qint64(1));
        QVERIFY(s.server->counters().throttled.load() >= 1);
        QVERIFY(log.contains(QStringLiteral("blocking loopback (last failure from 127.0.0.1)")));
        QVERIFY(log.contains(QStringLiteral("authentication failed from 127.0.0.1 for GET /api/admin/websocket-status (wrong token)")));
    }

    void malformedRequestsGetJsonErrors_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("closes");
        const QByteArray host("Host: 127.0.0.1\r\n");
        QTest::newRow("garbage request line") << QByteArray("GARBAGE\r\n\r\n") << 400 << true;
        QTest::newRow("binary junk") << QByteArrayLiteral("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n") << 400 << true;
        QTest::newRow("unknown method") << ("BREW /healthz HTTP/1.1\r\n" + host + "\r\n") << 501 << false;
        QTest::newRow("lower-case method") << ("get /healthz HTTP/1.1\r\n" + host + "\r\n") << 501 << false;
        QTest::newRow("wrong method") << ("DELETE /healthz HTTP/1.1\r\n" + host + "\r\n") << 405 << false;
        QTest::newRow("oversized header") << ("GET /healthz HTTP/1.1\r\n" + host + "X-Big: " + QByteArray(40000, 'a') + "\r\n\r\n") << 431 << true;
        QByteArray many = "GET /healthz HTTP/1.1\r\n" + host;
        for (int i = 0; i < 100; ++i)
            many += "X-H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("too many headers") << (many + "\r\n") << 431 << true;
        QTest::newRow("oversized request line") << ("GET /" + QByteArray(20000, 'a') + " HTTP/1.1\r\n" + host + "\r\n") << 414 << true;
        QTest::newRow("oversized body") << ("POST /api/admin/connections/1/connect HTTP/1.1\r\n" + host + "Content-Length: 10000000\r\n\r\n") << 413 << true;
        QTest::newRow("chunked body") << ("POST /api/admin/connections/1/connect HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 501 << true;
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505 << true;
        QTest::newRow("missing Host") << QByteArray("GET /healthz HTTP/1.1\r\n\r\n") << 400 << true;
        QTest::newRow("bad Content-Length") << ("POST /x HTTP/1.1\r\n" + host + "Content-Length: twelve\r\n\r\n") << 400 << true;
        QTest::newRow("header without colon") << ("GET /healthz HTTP/1.1\r\n" + host + "NoColonHere\r\n\r\n") << 400 << true;
        QTest::newRow("unknown path") << ("GET /../../etc/passwd HTTP/1.1\r\n" + host + "\r\n") << 404 << false;
    }
    void malformedRequestsGetJsonErrors()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(bool, closes);
        SnapshotServer s;
        const RawReply r = rawExchange(s.server->port(), request, closes ? 5000 : 700);
        QCOMPARE(r.status(), status);
        const QJsonObject body = QJsonDocument::fromJson(r.body()).object();
        QCOMPARE(body.value(QStringLiteral("api_version")).toInt(), 1);
        QCOMPARE(body.value(QStringLiteral("code")).toInt(), status);
        QCOMPARE(r.closedByServer, closes);
        if (closes)
            QVERIFY(r.head().contains("Connection: close"));
        // The server is unharmed.
        Client client;
        QCOMPARE(client.get(s.url(QStringLiteral("/healthz"))).status, 200);
    }

    void keepAlivePipeliningHeadAndTimeouts()
    {
        http::ServerOptions options;
        options.requestTimeoutMs = 800;
        options.idleTimeoutMs = 800;
        options.firstByteTimeoutMs = 800;
        SnapshotServer s({}, options);
        const quint16 port = s.server->port();

        // Two pipelined requests answered in order on one connection; the second closes it.
        RawReply r = rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                                       "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QVERIFY(r.closedByServer);
        QCOMPARE(r.bytes.count("HTTP/1.1 200 OK"), 2);
        QVERIFY(r.bytes.indexOf("snapshot_age_seconds") < r.bytes.indexOf("\"ready\""));

        // HEAD: the headers of GET, no body.
        r = rawExchange(port, "HEAD /api/admin/websocket-status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QCOMPARE(r.status(), 200);
        QVERIFY(r.head().contains("Content-Length: "));
        QVERIFY(r.body().isEmpty());

        // Keep-alive: many requests, few connections.
        Client client;
        const qint64 before = s.server->counters().connectionsAccepted.load();
        for (int i = 0; i < 20; ++i)
            QCOMPARE(client.get(s.url(QStringLiteral("/healthz"))).status, 200);
        QVERIFY(s.server->counters().connectionsAccepted.load() - before <= 2);

        // A request that never completes: 408 after the request timeout (slowloris).
        QElapsedTimer timer;
        timer.start();
        r = rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", 5000);
        QCOMPARE(r.status(), 408);
        QVERIFY(r.closedByServer);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        // A silent connection is closed without a word, and so is an idle keep-alive one.
        r = rawExchange(port, QByteArray(), 5000);
        QVERIFY(r.closedByServer);
        QVERIFY(r.bytes.isEmpty());
        QCOMPARE(s.server->counters().silentClosed.load(), qint64(1));
        r = rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 5000);
        QVERIFY(r.closedByServer);
        QCOMPARE(r.status(), 200);
    }

    void connectionLimit()
    {
        http::ServerOptions options;
        options.maxConnections = 2;
        SnapshotServer s({}, options);
        // Two silent connections fill the server; a probe still gets its answer: the connection
        // that has been quiet longest gives way.
        QTcpSocket a, b;
        a.connectToHost(QHostAddress::LocalHost, s.server->port());
        QTRY_COMPARE_WITH_TIMEOUT(s.server->counters().connectionsAccepted.load(), qint64(1), 5000);
        b.connectToHost(QHostAddress::LocalHost, s.server->port());
        QTRY_COMPARE_WITH_TIMEOUT(s.server->counters().connectionsAccepted.load(), qint64(2), 5000);
        const RawReply third = rawExchange(s.server->port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 1000);
        QCOMPARE(third.status(), 200);
        QCOMPARE(s.server->counters().connectionsEvicted.load(), qint64(1));
        QTRY_COMPARE_WITH_TIMEOUT(a.state(), QAbstractSocket::UnconnectedState, 3000);
        QCOMPARE(b.state(), QAbstractSocket::ConnectedState);
        // Live-stream subscribers are never evicted: with every slot taken by them, 503.
        b.abort();
        const QUrl stream(QStringLiteral("ws://127.0.0.1:%1/admin-ws").arg(s.server->port()));
        StreamRecorder one(stream), two(stream);
        QTRY_VERIFY_WITH_TIMEOUT(one.isOpen() && two.isOpen(), 5000);
        QCOMPARE(rawExchange(s.server->port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status(), 503);
        QCOMPARE(s.server->counters().connectionsRejected.load(), qint64(1));
        one.socket.close();
        QTRY_COMPARE_WITH_TIMEOUT(rawExchange(s.server->port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status(), 200, 5000);
    }

    void portInUseIsReportedAndTheRestKeepsRunning()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        const quint16 port = blocker.serverPort();

        feed::ConnectionSettings disabled;
        disabled.index = 1;
        disabled.name = QStringLiteral("primary");
        feed::FeedService service({disabled}, feed::ManagerOptions{});
        service.start();

        LogCapture log;
        status::StatusSource source(service.snapshots());
        StatusServer server(httpConfig({}, QStringLiteral("127.0.0.1"), port), &source, &service, nullptr, {});
        source.setHttp([&server] { return server.status(); });
        QString error;
        QVERIFY(!server.start(&error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot listen on 127.0.0.1:%1: ").arg(port)), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("in use")), qPrintable(error));
        QVERIFY(!server.isListening());
        QCOMPARE(server.port(), quint16(0));
        QCOMPARE(server.status().state, QStringLiteral("error"));
        QCOMPARE(server.status().lastError, error);
        QVERIFY(log.contains(QStringLiteral("status API not started: ") + error));
        // The state reaches the status view every reader builds, and the feed thread keeps publishing.
        const qint64 published = service.snapshots()->publishCount();
        QTRY_VERIFY_WITH_TIMEOUT(service.snapshots()->publishCount() > published + 2, 5000);
        const QJsonObject http = status::statusDocument(source.view()).value(QStringLiteral("http")).toObject();
        QCOMPARE(http.value(QStringLiteral("state")).toString(), QStringLiteral("error"));
        QCOMPARE(http.value(QStringLiteral("last_error")).toString(), error);

        // Once the port is free, a retry works; stop releases it again.
        blocker.close();
        QVERIFY(server.start(&error));
        QCOMPARE(server.port(), port);
        QCOMPARE(server.status().state, QStringLiteral("listening"));
        QTRY_COMPARE_WITH_TIMEOUT(status::statusDocument(source.view()).value(QStringLiteral("http"))
                                      .toObject().value(QStringLiteral("state")).toString(), QStringLiteral("listening"), 5000);
        Client client;
        QCOMPARE(client.get(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(port))).status, 200);
        server.stop();
        QCOMPARE(server.status().state, QStringLiteral("disabled"));
        QVERIFY(blocker.listen(QHostAddress::LocalHost, port));
        service.stop();
    }

    void nonLoopbackBindNeedsAToken()
    {
        status::SnapshotStore store;
        store.publish(sampleSnapshot());
        status::StatusSource source(&store);
        LogCapture log;
        StatusServer open(httpConfig({}, QStringLiteral("0.0.0.0")), &source, nullptr, nullptr, {});
        QString error;
        QVERIFY(!open.start(&error));
        QVERIFY2(error.contains(QStringLiteral("without STATUS_HTTP_TOKEN")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("0.0.0.0")));
        QCOMPARE(open.status().state, QStringLiteral("error"));
        QVERIFY(log.contains(QStringLiteral("refusing to serve the status API on 0.0.0.0")));

        StatusServer bad(httpConfig({}, QStringLiteral("not-an-address")), &source, nullptr, nullptr, {});
        QVERIFY(!bad.start(&error));
        QVERIFY(error.contains(QStringLiteral("STATUS_HTTP_BIND")));

        config::HttpConfig exposed = httpConfig(QStringLiteral("token-for-the-world"), QStringLiteral("0.0.0.0"));
        exposed.allowPlaintext = true; // TLS is tst_httptls's subject
        StatusServer locked(exposed, &source, nullptr, nullptr, {});
        QVERIFY2(locked.start(&error), qPrintable(error));
        QCOMPARE(locked.status().address, QStringLiteral("0.0.0.0:%1").arg(locked.port()));
        Client client;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/api/admin/websocket-status").arg(locked.port()));
        QCOMPARE(client.get(url).status, 401);
        QCOMPARE(client.get(url, "token-for-the-world").status, 200);
    }

    void noSecretInAnyResponseOrLogLine()
    {
        LogCapture log;
        config::MonitorConfig cfg;
        cfg.apiKey = QStringLiteral("PLANTED-massive-key-7f3a9c21");
        cfg.redis.password = QStringLiteral("PLANTED-redis-pass/41b2e8");
        cfg.http.token = QStringLiteral("PLANTED-http-token-9e8d5c07");
        config::SlotConfig slotConfig;
        slotConfig.apiKey = QStringLiteral("PLANTED-slot-key-55aa10");
        cfg.feedSlots = {slotConfig};
        const QStringList secrets = config::secretValues(cfg);
        QCOMPARE(secrets.size(), 4);

        sim::SimConfig simConfig = feedtest::simConfig();
        simConfig.keys = {cfg.apiKey, slotConfig.apiKey};
        auto sim = feedtest::startSimThread(simConfig);
        // A careless Redis error text that quotes the password: must be masked on the way out.
        auto redis = [password = cfg.redis.password] {
            status::RedisSnapshot r;
            r.enabled = true;
            r.state = QStringLiteral("auth_failed");
            r.lastError = QStringLiteral("WRONGPASS for redis://:%1@127.0.0.1:6379").arg(password);
            return r;
        };
        LiveServer live({feedtest::slot(1, QStringLiteral("primary"), sim->url(), {QStringLiteral("AAPL")}, cfg.apiKey),
                         feedtest::slot(2, QStringLiteral("secondary"), sim->url(), {QStringLiteral("JPM")}, slotConfig.apiKey)},
                        QStringLiteral("multi"), cfg.http.token, secrets, redis);
        const QByteArray token = cfg.http.token.toUtf8();
        Client client;
        QTRY_COMPARE_WITH_TIMEOUT(client.get(live.url(QStringLiteral("/api/admin/connections/2")), token).json()
                                      .value(QStringLiteral("connection")).toObject().value(QStringLiteral("phase")).toString(),
                                  QStringLiteral("streaming"), 15000);
        StreamRecorder stream(QUrl(QStringLiteral("ws://127.0.0.1:%1/admin-ws?token=%2").arg(live.server->port()).arg(cfg.http.token)));

        QByteArray everything;
        const auto collect = [&everything](const Reply &r) {
            everything += r.body;
            for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it)
                everything += it.key() + ": " + it.value() + "\n";
        };
        for (const QString &path : {QStringLiteral("/api/admin/websocket-status"), QStringLiteral("/admin/api/admin/websocket-status"),
                                    QStringLiteral("/api/admin/connections"), QStringLiteral("/api/admin/connections/1"),
                                    QStringLiteral("/api/admin/connections/2"), QStringLiteral("/api/admin/tickers/AAPL"),
                                    QStringLiteral("/healthz"), QStringLiteral("/readyz?verbose"), QStringLiteral("/metrics"),
                                    QStringLiteral("/no/such/route")})
            collect(client.get(live.url(path), token));
        collect(client.request(live.url(QStringLiteral("/api/admin/connections/1/reconnect")), "POST",
                               {{"Authorization", "Bearer " + token}}));
        collect(client.get(live.url(QStringLiteral("/api/admin/websocket-status")))); // 401
        collect(client.get(live.url(QStringLiteral("/metrics")), token + "x"));      // near miss: 401
        collect(client.get(live.url(QStringLiteral("/metrics?token=") + cfg.http.token))); // query token: 401
        QTRY_VERIFY_WITH_TIMEOUT(stream.count(QStringLiteral("metrics_update")) >= 2, 5000);
        QVERIFY(stream.count(QStringLiteral("status_update")) >= 2);
        QTRY_VERIFY_WITH_TIMEOUT(stream.count(QStringLiteral("tick_update")) > 0, 5000);
        for (const StreamEvent &e : std::as_const(stream.events))
            everything += QJsonDocument(e.data).toJson(QJsonDocument::Compact) + "\n";
        const QByteArray logText = log.lines().join(QLatin1Char('\n')).toUtf8();

        QVERIFY(everything.contains("\"redis\"") && everything.contains("WRONGPASS")); // the planted text was served...
        QVERIFY(logText.contains("authentication failed"));                            // ...and failures were logged
        for (const QString &secret : secrets) {
            for (const QByteArray &form : {secret.toUtf8(), QUrl::toPercentEncoding(secret)}) {
                QVERIFY2(!everything.contains(form), form.constData());
                QVERIFY2(!logText.contains(form), form.constData());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
