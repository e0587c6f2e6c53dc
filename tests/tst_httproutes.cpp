// Every route and the security pipeline without sockets: Router and Dispatcher on hand-built
// snapshots, readiness decisions, the Prometheus text (checked by promtool) and the live-stream
// event shapes.

#include "httptestutil.h"

#include "http/dispatcher.h"
#include "http/httpcounters.h"
#include "feed/feedcontrol.h"
#include "http/routes.h"
#include "http/streamevents.h"
#include "status/prometheus.h"
#include "status/readiness.h"
#include "status/statusjson.h"

#include <atomic>
#include <thread>
#include <vector>

using namespace httptest;
using namespace tickstock::http;
using tickstock::status::ConnectionPhase;

namespace {
HttpRequest makeRequest(const QByteArray &method, const QString &target,
                        QList<std::pair<QByteArray, QByteArray>> headers = {{"host", "127.0.0.1:8765"}})
{
    HttpRequest r;
    r.method = method;
    r.target = target.toUtf8();
    const qsizetype q = target.indexOf(u'?');
    r.path = q < 0 ? target : target.left(q);
    if (q >= 0)
        r.query = QUrlQuery(target.mid(q + 1));
    r.headers = headers;
    r.peer = QHostAddress(QStringLiteral("127.0.0.1"));
    return r;
}

QJsonObject bodyOf(const HttpResponse &r) { return QJsonDocument::fromJson(r.body).object(); }

// Records the connection actions the routes ask for.
struct Calls final : feed::FeedControl {
    QList<std::pair<int, ConnectionAction>> list;
    bool running = true;
    bool isRunning() const override { return running; }
    void connectConnection(int id) override { list.append({id, ConnectionAction::Connect}); }
    void disconnectConnection(int id) override { list.append({id, ConnectionAction::Disconnect}); }
    void reconnectConnection(int id) override { list.append({id, ConnectionAction::Reconnect}); }
    void subscribeTickers(const QStringList &, int) override {}
    void unsubscribeTickers(const QStringList &) override {}
};

ApiContext contextFor(status::SnapshotPtr snapshot, Calls *calls = nullptr)
{
    ApiContext c;
    c.view.feed = std::move(snapshot);
    c.nowMs = c.view.feed->timestampMs + 50;
    c.view.http.enabled = true;
    c.view.http.state = QStringLiteral("listening");
    c.view.http.address = QStringLiteral("127.0.0.1:8765");
    c.view.http.streamUrl = QStringLiteral("ws://127.0.0.1:8765/admin-ws");
    c.control = calls;
    return c;
}
} // namespace

class TestHttpRoutes final : public QObject {
    Q_OBJECT
private slots:
    void routesAnswerWithTheRightCodeAndShape_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("key");      // a top-level key the body must have
        QTest::addColumn<QByteArray>("allow"); // expected Allow header (405)
        QTest::newRow("status") << QByteArray("GET") << QStringLiteral("/api/admin/websocket-status") << 200 << QStringLiteral("connections") << QByteArray();
        QTest::newRow("status (original path)") << QByteArray("GET") << QStringLiteral("/admin/api/admin/websocket-status") << 200 << QStringLiteral("data") << QByteArray();
        QTest::newRow("status trailing slash") << QByteArray("GET") << QStringLiteral("/api/admin/websocket-status/") << 200 << QStringLiteral("summary") << QByteArray();
        QTest::newRow("status HEAD") << QByteArray("HEAD") << QStringLiteral("/api/admin/websocket-status") << 200 << QStringLiteral("connections") << QByteArray();
        QTest::newRow("connections") << QByteArray("GET") << QStringLiteral("/api/admin/connections") << 200 << QStringLiteral("connections") << QByteArray();
        QTest::newRow("connection by number") << QByteArray("GET") << QStringLiteral("/api/admin/connections/2") << 200 << QStringLiteral("connection") << QByteArray();
        QTest::newRow("connection by id") << QByteArray("GET") << QStringLiteral("/api/admin/connections/connection_1") << 200 << QStringLiteral("connection") << QByteArray();
        QTest::newRow("unknown connection") << QByteArray("GET") << QStringLiteral("/api/admin/connections/9") << 404 << QStringLiteral("message") << QByteArray();
        QTest::newRow("garbage connection") << QByteArray("GET") << QStringLiteral("/api/admin/connections/x") << 404 << QStringLiteral("message") << QByteArray();
        QTest::newRow("action") << QByteArray("POST") << QStringLiteral("/api/admin/connections/1/reconnect") << 202 << QStringLiteral("action") << QByteArray();
        QTest::newRow("bad action") << QByteArray("POST") << QStringLiteral("/api/admin/connections/1/explode") << 400 << QStringLiteral("message") << QByteArray();
        QTest::newRow("action unknown connection") << QByteArray("POST") << QStringLiteral("/api/admin/connections/7/connect") << 404 << QStringLiteral("message") << QByteArray();
        QTest::newRow("GET on action") << QByteArray("GET") << QStringLiteral("/api/admin/connections/1/connect") << 405 << QStringLiteral("message") << QByteArray("POST");
        QTest::newRow("POST on status") << QByteArray("POST") << QStringLiteral("/api/admin/websocket-status") << 405 << QStringLiteral("message") << QByteArray("GET, HEAD");
        QTest::newRow("DELETE on connection") << QByteArray("DELETE") << QStringLiteral("/api/admin/connections/1") << 405 << QStringLiteral("message") << QByteArray("GET, HEAD");
        QTest::newRow("PUT on metrics") << QByteArray("PUT") << QStringLiteral("/metrics") << 405 << QStringLiteral("message") << QByteArray("GET, HEAD");
        QTest::newRow("OPTIONS on healthz") << QByteArray("OPTIONS") << QStringLiteral("/healthz") << 405 << QStringLiteral("message") << QByteArray("GET, HEAD");
        QTest::newRow("ticker") << QByteArray("GET") << QStringLiteral("/api/admin/tickers/AAPL") << 200 << QStringLiteral("last") << QByteArray();
        QTest::newRow("ticker lower case") << QByteArray("GET") << QStringLiteral("/api/admin/tickers/jpm") << 200 << QStringLiteral("last") << QByteArray();
        QTest::newRow("ticker assigned, no data yet") << QByteArray("GET") << QStringLiteral("/api/admin/tickers/BRK.B") << 200 << QStringLiteral("assigned") << QByteArray();
        QTest::newRow("unknown ticker") << QByteArray("GET") << QStringLiteral("/api/admin/tickers/ZZZZ") << 404 << QStringLiteral("message") << QByteArray();
        QTest::newRow("healthz") << QByteArray("GET") << QStringLiteral("/healthz") << 200 << QStringLiteral("snapshot_age_seconds") << QByteArray();
        QTest::newRow("readyz") << QByteArray("GET") << QStringLiteral("/readyz") << 200 << QStringLiteral("failed") << QByteArray();
        QTest::newRow("readyz verbose") << QByteArray("GET") << QStringLiteral("/readyz?verbose") << 200 << QStringLiteral("checks") << QByteArray();
        QTest::newRow("stream without upgrade") << QByteArray("GET") << QStringLiteral("/admin-ws") << 426 << QStringLiteral("message") << QByteArray();
        QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/nope") << 404 << QStringLiteral("message") << QByteArray();
        QTest::newRow("root") << QByteArray("GET") << QStringLiteral("/") << 404 << QStringLiteral("message") << QByteArray();
        QTest::newRow("prefix of a route") << QByteArray("GET") << QStringLiteral("/api/admin") << 404 << QStringLiteral("message") << QByteArray();
        QTest::newRow("unknown method") << QByteArray("BREW") << QStringLiteral("/healthz") << 501 << QStringLiteral("message") << QByteArray();
    }
    void routesAnswerWithTheRightCodeAndShape()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, target);
        QFETCH(int, status);
        QFETCH(QString, key);
        QFETCH(QByteArray, allow);
        Router router;
        Calls calls;
        const HttpResponse r = router.route(makeRequest(method, target), contextFor(sampleSnapshot(), &calls));
        QCOMPARE(r.status, status);
        QCOMPARE(r.contentType, QByteArray("application/json"));
        QCOMPARE(r.header("Allow"), allow);
        const QJsonObject body = bodyOf(r);
        QCOMPARE(body.value(QStringLiteral("api_version")).toInt(), 1);
        QVERIFY2(body.contains(key), r.body.constData());
        QVERIFY(!r.body.contains('\n')); // compact
        if (status >= 400) {
            QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
            QCOMPARE(body.value(QStringLiteral("code")).toInt(), status);
        }
        QCOMPARE(calls.list.size(), status == 202 ? 1 : 0);
    }

    void statusDocumentCarriesTheServersOwnHttpState()
    {
        Router router;
        const auto snapshot = sampleSnapshot();
        ApiContext c = contextFor(snapshot);
        QJsonObject doc = bodyOf(router.route(makeRequest("GET", QStringLiteral("/api/admin/websocket-status")), c));
        QCOMPARE(doc.value(QStringLiteral("http")).toObject().value(QStringLiteral("stream_url")).toString(),
                 QStringLiteral("ws://127.0.0.1:8765/admin-ws"));
        QCOMPARE(doc.value(QStringLiteral("connections")).toArray().size(), 3);
        // Cached per snapshot, but a change of HTTP state is never served stale.
        c.view.http.state = QStringLiteral("error");
        doc = bodyOf(router.route(makeRequest("GET", QStringLiteral("/api/admin/websocket-status")), c));
        QCOMPARE(doc.value(QStringLiteral("http")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("error"));
        // A new snapshot is a new document.
        auto next = sampleSnapshot(snapshot->timestampMs + 250);
        next->connections[0].messageCount = 999;
        c.view.feed = next;
        doc = bodyOf(router.route(makeRequest("GET", QStringLiteral("/api/admin/websocket-status")), c));
        QCOMPARE(doc.value(QStringLiteral("summary")).toObject().value(QStringLiteral("ticks_total")).toInteger(), 999 + 250);
    }

    // The feed's part of the status document is rendered once per snapshot and kept on it: every
    // later request for that snapshot reuses the bytes (a different HTTP or Redis state included).
    void statusDocumentIsRenderedOncePerSnapshot()
    {
        Router router;
        auto big = [](qint64 t, qint64 count) {
            auto s = sampleSnapshot(t);
            for (auto &c : s->connections) {
                for (int i = 0; i < 10'000; ++i)
                    c.tickers.append(QStringLiteral("T%1X%2").arg(c.id).arg(i));
            }
            s->connections[0].messageCount = count;
            return s;
        };
        const auto total = [](const QJsonObject &doc) {
            return doc.value(QStringLiteral("summary")).toObject().value(QStringLiteral("ticks_total")).toInteger();
        };
        const auto first = big(1'000'000, 1);
        ApiContext c = contextFor(first);
        QVERIFY(!first->rendered.has());
        const QByteArray firstBody = router.route(makeRequest("GET", QStringLiteral("/api/admin/websocket-status")), c).body;
        QVERIFY(first->rendered.has());
        const QJsonObject firstDoc = QJsonDocument::fromJson(firstBody).object();
        QCOMPARE(firstDoc.value(QStringLiteral("connections")).toArray().at(0).toObject()
                     .value(QStringLiteral("config")).toObject().value(QStringLiteral("ticker_count")).toInt(),
                 10'003); // three sample tickers + 10,000
        // Exactly the bytes a full serialisation gives.
        QCOMPARE(firstBody, QJsonDocument(status::statusDocument(c.view)).toJson(QJsonDocument::Compact));

        // The same snapshot again: the cached part is reused, not rebuilt (its bytes are shared).
        const auto feedPart = [](const status::SnapshotPtr &s) {
            return s->rendered.get([]() -> status::RenderedFeedParts { return {}; }).beforeHttp;
        };
        const QByteArray cached = feedPart(first);
        QVERIFY(cached.size() > 84'000);
        QCOMPARE(router.route(makeRequest("GET", QStringLiteral("/api/admin/websocket-status")), c).body, firstBody);
        QVERIFY(feedPart(first).constData() == cached.constData());

        // A new snapshot renders anew, even one from the same second.
        c.view.feed = big(1'000'000, 500);
        const QJsonObject doc = bodyOf(router.route(makeRequest("GET", QStringLiteral("/api/admin/websocket-status")), c));
        QCOMPARE(total(doc), total(firstDoc) + 499);
        QVERIFY(feedPart(c.view.feed).constData() != cached.constData());
    }

    // Requests on several threads that find the same fresh snapshot render it once between them.
    void concurrentFirstAskersRenderOnce()
    {
        for (int round = 0; round < 20; ++round) {
            auto s = sampleSnapshot(1'000'000 + round);
            for (int i = 0; i < 2'000; ++i)
                s->connections[0].tickers.append(QStringLiteral("C%1").arg(i));
            status::StatusView view;
            view.feed = s;
            std::atomic<int> renders{0};
            std::atomic<bool> go{false};
            QList<QByteArray> bodies(4);
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t) {
                threads.emplace_back([&, t] {
                    while (!go.load())
                        std::this_thread::yield();
                    bodies[t] = s->rendered.get([&] {
                        renders.fetch_add(1);
                        return status::RenderedFeedParts{status::statusDocumentJson(status::StatusView{
                                                             std::make_shared<const status::StatusSnapshot>(*s), {}, {}}),
                                                         {}, {}};
                    }).beforeHttp;
                });
            }
            go.store(true);
            for (std::thread &t : threads)
                t.join();
            QCOMPARE(renders.load(), 1);
            for (const QByteArray &b : std::as_const(bodies))
                QVERIFY(b.constData() == bodies.at(0).constData());
            // And through the document itself: every asker gets the same shared bytes.
            const auto fresh = std::make_shared<const status::StatusSnapshot>(*s); // a copy starts unrendered
            QVERIFY(!fresh->rendered.has());
            QList<QByteArray> docs(4);
            threads.clear();
            go.store(false);
            for (int t = 0; t < 4; ++t) {
                threads.emplace_back([&, t] {
                    while (!go.load())
                        std::this_thread::yield();
                    status::StatusView v;
                    v.feed = fresh;
                    status::statusDocumentJson(v);
                    docs[t] = fresh->rendered.get([]() -> status::RenderedFeedParts { return {}; }).beforeHttp;
                });
            }
            go.store(true);
            for (std::thread &t : threads)
                t.join();
            for (const QByteArray &b : std::as_const(docs)) {
                QVERIFY(!b.isEmpty());
                QVERIFY(b.constData() == docs.at(0).constData());
            }
        }
    }

    void actionsReachTheControls_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<int>("expected");
        QTest::newRow("connect") << QStringLiteral("connect") << int(ConnectionAction::Connect);
        QTest::newRow("disconnect") << QStringLiteral("disconnect") << int(ConnectionAction::Disconnect);
        QTest::newRow("reconnect") << QStringLiteral("reconnect") << int(ConnectionAction::Reconnect);
    }
    void actionsReachTheControls()
    {
        QFETCH(QString, action);
        QFETCH(int, expected);
        Router router;
        Calls calls;
        const HttpResponse r = router.route(makeRequest("POST", QStringLiteral("/api/admin/connections/connection_2/") + action),
                                            contextFor(sampleSnapshot(), &calls));
        QCOMPARE(r.status, 202);
        QCOMPARE(calls.list.size(), 1);
        QCOMPARE(calls.list.at(0).first, 2);
        QCOMPARE(int(calls.list.at(0).second), expected);
        const QJsonObject body = bodyOf(r);
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("accepted"));
        QCOMPARE(body.value(QStringLiteral("action")).toString(), action);
        QCOMPARE(body.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_2"));
    }

    void actionsWithoutControlsAre503()
    {
        Router router;
        const HttpResponse r = router.route(makeRequest("POST", QStringLiteral("/api/admin/connections/1/connect")),
                                            contextFor(sampleSnapshot()));
        QCOMPARE(r.status, 503);
        Calls stopped;
        stopped.running = false;
        const HttpResponse notRunning = router.route(makeRequest("POST", QStringLiteral("/api/admin/connections/1/connect")),
                                                     contextFor(sampleSnapshot(), &stopped));
        QCOMPARE(notRunning.status, 503);
        QVERIFY(stopped.list.isEmpty());
    }

    void tickerShowsAssignmentAndLastState()
    {
        Router router;
        QJsonObject body = bodyOf(router.route(makeRequest("GET", QStringLiteral("/api/admin/tickers/aapl")), contextFor(sampleSnapshot())));
        QCOMPARE(body.value(QStringLiteral("symbol")).toString(), QStringLiteral("AAPL"));
        QCOMPARE(body.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_1"));
        QCOMPARE(body.value(QStringLiteral("connection_name")).toString(), QStringLiteral("primary"));
        QCOMPARE(body.value(QStringLiteral("assigned")).toBool(), true);
        const QJsonObject last = body.value(QStringLiteral("last")).toObject();
        QCOMPARE(last.value(QStringLiteral("price")).toDouble(), 178.25);
        QCOMPARE(last.value(QStringLiteral("direction")).toString(), QStringLiteral("up"));
        body = bodyOf(router.route(makeRequest("GET", QStringLiteral("/api/admin/tickers/BRK.B")), contextFor(sampleSnapshot())));
        QVERIFY(body.value(QStringLiteral("last")).isNull());
        QCOMPARE(body.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_1"));
    }

    void readinessFollowsConnectionsAndRedis_data()
    {
        QTest::addColumn<int>("phase2");
        QTest::addColumn<bool>("redisEnabled");
        QTest::addColumn<bool>("redisConnected");
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<bool>("ready");
        QTest::addColumn<QStringList>("failed");
        QTest::newRow("all streaming") << int(ConnectionPhase::Streaming) << false << false << qint64(0) << true << QStringList();
        QTest::newRow("one in backoff") << int(ConnectionPhase::Backoff) << false << false << qint64(0) << false << QStringList{QStringLiteral("connection_2")};
        QTest::newRow("one dialing") << int(ConnectionPhase::Dialing) << false << false << qint64(0) << false << QStringList{QStringLiteral("connection_2")};
        QTest::newRow("one closed by user") << int(ConnectionPhase::Closed) << false << false << qint64(0) << false << QStringList{QStringLiteral("connection_2")};
        QTest::newRow("disabled slot does not count") << int(ConnectionPhase::Disabled) << false << false << qint64(0) << true << QStringList();
        QTest::newRow("redis down") << int(ConnectionPhase::Streaming) << true << false << qint64(0) << false << QStringList{QStringLiteral("redis")};
        QTest::newRow("redis up") << int(ConnectionPhase::Streaming) << true << true << qint64(0) << true << QStringList();
        QTest::newRow("stale snapshot") << int(ConnectionPhase::Streaming) << false << false << qint64(11'000) << false << QStringList{QStringLiteral("snapshot")};
    }
    void readinessFollowsConnectionsAndRedis()
    {
        QFETCH(int, phase2);
        QFETCH(bool, redisEnabled);
        QFETCH(bool, redisConnected);
        QFETCH(qint64, ageMs);
        QFETCH(bool, ready);
        QFETCH(QStringList, failed);
        auto s = sampleSnapshot();
        s->connections[1].phase = ConnectionPhase(phase2);
        s->connections[1].status = status::statusOf(ConnectionPhase(phase2));
        s->connections[1].enabled = ConnectionPhase(phase2) != ConnectionPhase::Disabled;
        Router router;
        ApiContext c = contextFor(s);
        c.view.redis.enabled = redisEnabled;
        c.view.redis.connected = redisConnected;
        c.view.redis.state = redisConnected ? QStringLiteral("connected") : QStringLiteral("backoff");
        c.nowMs = s->timestampMs + ageMs;
        const HttpResponse r = router.route(makeRequest("GET", QStringLiteral("/readyz?verbose")), c);
        QCOMPARE(r.status, ready ? 200 : 503);
        const QJsonObject body = bodyOf(r);
        QCOMPARE(body.value(QStringLiteral("ready")).toBool(), ready);
        QCOMPARE(body.value(QStringLiteral("status")).toString(), ready ? QStringLiteral("ready") : QStringLiteral("not_ready"));
        QStringList got;
        for (const QJsonValue &v : body.value(QStringLiteral("failed")).toArray())
            got.append(v.toString());
        QCOMPARE(got, failed);
        QCOMPARE(body.value(QStringLiteral("checks")).toArray().size(), 1 + 3 + 1); // snapshot, 3 connections, redis
        const HttpResponse terse = router.route(makeRequest("GET", QStringLiteral("/readyz")), c);
        QVERIFY(!bodyOf(terse).contains(QStringLiteral("checks")));
    }

    void notReadyBeforeTheFirstSnapshot()
    {
        const status::Readiness r = status::readiness(status::StatusView{std::make_shared<const status::StatusSnapshot>(), {}, {}},
                                                         QDateTime::currentMSecsSinceEpoch());
        QVERIFY(!r.ready);
        QCOMPARE(r.checks.at(0).name, QStringLiteral("snapshot"));
        QVERIFY(!r.checks.at(0).ok);
    }

    void prometheusTextIsCleanAndHasNoTickerLabels()
    {
        auto s = sampleSnapshot();
        s->connections[0].name = QStringLiteral("we\"ird\\name\nx"); // needs escaping
        status::StatusView view{s, {}, {}};
        view.redis.enabled = true;
        view.redis.publishedTotal = 700;
        HttpCounters counters;
        counters.countResponse(200);
        counters.observeDuration(300'000);   // 0.3 ms
        counters.observeDuration(5'000'000); // 5 ms
        status::PrometheusWriter w;
        status::writeStatusMetrics(w, view, s->timestampMs);
        counters.writeMetrics(w);
        const QByteArray text = w.text();
        const QString problems = promtoolProblems(text);
        QVERIFY2(problems.isEmpty(), qPrintable(problems + QStringLiteral("\n") + QString::fromUtf8(text)));
        QVERIFY(text.contains("tickstock_connection_messages_total{connection=\"connection_2\",name=\"secondary\"} 250\n"));
        QVERIFY(text.contains("tickstock_connection_up{connection=\"connection_3\",name=\"tertiary\"} 0\n"));
        QVERIFY(text.contains("name=\"we\\\"ird\\\\name\\nx\""));
        QVERIFY(text.contains("tickstock_redis_published_total 700\n"));
        QVERIFY(text.contains("tickstock_connection_uptime_seconds{connection=\"connection_1\",name="));
        QVERIFY(text.contains("tickstock_http_responses_total{code=\"200\"} 1\n"));
        QVERIFY(text.contains("tickstock_http_request_duration_seconds_bucket{le=\"0.00025\"} 0\n"));
        QVERIFY(text.contains("tickstock_http_request_duration_seconds_bucket{le=\"0.0005\"} 1\n"));
        QVERIFY(text.contains("tickstock_http_request_duration_seconds_bucket{le=\"+Inf\"} 2\n"));
        QVERIFY(text.contains("tickstock_http_request_duration_seconds_count 2\n"));
        QVERIFY(!text.contains("AAPL") && !text.contains("JPM"));
        QVERIFY(!text.contains("symbol="));
        for (const QByteArray &line : text.split('\n')) {
            if (line.startsWith("# TYPE ") && line.endsWith(" counter"))
                QVERIFY2(line.split(' ').at(2).endsWith("_total"), line.constData());
        }
    }

    void secretsAreMaskedInEveryBody()
    {
        const QString secret = QStringLiteral("PLANTED-secret-\"x\"/y");
        Router router({secret, QStringLiteral("abc")}); // short: masked where texts are made, never in JSON
        auto s = sampleSnapshot();
        s->connections[0].lastError = QStringLiteral("auth failed for key ") + secret;
        s->connections[1].detail = QStringLiteral("url ?k=") + QString::fromUtf8(QUrl::toPercentEncoding(secret));
        const ApiContext c = contextFor(s);
        for (const QString &path : {QStringLiteral("/api/admin/websocket-status"), QStringLiteral("/api/admin/connections"),
                                    QStringLiteral("/api/admin/connections/1"), QStringLiteral("/metrics"),
                                    QString(QStringLiteral("/nope/") + secret)}) {
            const HttpResponse r = router.route(makeRequest("GET", path), c);
            QVERIFY2(!r.body.contains("PLANTED"), r.body.constData());
        }
        const QByteArray doc = router.route(makeRequest("GET", QStringLiteral("/api/admin/websocket-status")), c).body;
        QVERIFY(!QJsonDocument::fromJson(doc).isNull()); // still valid JSON after masking
        QVERIFY(doc.contains("auth failed for key ***"));
    }

    void dispatcherAuth_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("wwwAuthenticate");
        QTest::newRow("no token") << QStringLiteral("/api/admin/websocket-status") << QByteArray() << 401 << QByteArray("Bearer realm=\"tickstock\"");
        QTest::newRow("wrong token") << QStringLiteral("/metrics") << QByteArray("Bearer nope") << 401 << QByteArray("Bearer realm=\"tickstock\", error=\"invalid_token\"");
        QTest::newRow("basic auth") << QStringLiteral("/metrics") << QByteArray("Basic dG9rZW4=") << 401 << QByteArray("Bearer realm=\"tickstock\"");
        QTest::newRow("right token") << QStringLiteral("/metrics") << QByteArray("Bearer the-token-123") << 200 << QByteArray();
        QTest::newRow("unknown path needs a token too") << QStringLiteral("/secret-route") << QByteArray() << 401 << QByteArray("Bearer realm=\"tickstock\"");
        QTest::newRow("query token only for the stream") << QStringLiteral("/metrics?token=the-token-123") << QByteArray() << 401 << QByteArray("Bearer realm=\"tickstock\"");
        QTest::newRow("healthz is public") << QStringLiteral("/healthz") << QByteArray() << 200 << QByteArray();
        QTest::newRow("readyz is public") << QStringLiteral("/readyz") << QByteArray("Bearer nope") << 200 << QByteArray();
    }
    void dispatcherAuth()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        QFETCH(QByteArray, wwwAuthenticate);
        HttpCounters counters;
        DispatcherConfig config;
        config.token = "the-token-123";
        Dispatcher d(config, &counters, [] { return qint64(0); });
        QList<std::pair<QByteArray, QByteArray>> headers{{"host", "example.org"}}; // any Host with a token
        if (!authorization.isEmpty())
            headers.append({"authorization", authorization});
        const auto result = d.dispatch(makeRequest("GET", target, headers), contextFor(sampleSnapshot()));
        QCOMPARE(result.response.status, status);
        QCOMPARE(result.response.header("WWW-Authenticate"), wwwAuthenticate);
        QCOMPARE(counters.authFailures.load(), status == 401 ? 1 : 0);
    }

    void dispatcherThrottlesRepeatedFailures()
    {
        qint64 clock = 0;
        HttpCounters counters;
        DispatcherConfig config;
        config.token = "the-token-123";
        config.throttle.maxFailures = 3;
        config.throttle.blockMs = 30'000;
        Dispatcher d(config, &counters, [&clock] { return clock; });
        const auto ctx = contextFor(sampleSnapshot());
        const QList<std::pair<QByteArray, QByteArray>> bad{{"host", "h"}, {"authorization", "Bearer wrong"}};
        const QList<std::pair<QByteArray, QByteArray>> good{{"host", "h"}, {"authorization", "Bearer the-token-123"}};
        for (int i = 0; i < 3; ++i)
            QCOMPARE(d.dispatch(makeRequest("GET", QStringLiteral("/metrics"), bad), ctx).response.status, 401);
        auto blocked = d.dispatch(makeRequest("GET", QStringLiteral("/metrics"), good), ctx).response;
        QCOMPARE(blocked.status, 429); // even the right token, while blocked
        QCOMPARE(blocked.header("Retry-After"), QByteArray("30"));
        QCOMPARE(d.dispatch(makeRequest("GET", QStringLiteral("/healthz"), bad), ctx).response.status, 200);
        HttpRequest other = makeRequest("GET", QStringLiteral("/metrics"), good);
        other.peer = QHostAddress(QStringLiteral("127.0.0.2"));
        QCOMPARE(d.dispatch(other, ctx).response.status, 200); // another address is not affected
        clock += 30'001;
        QCOMPARE(d.dispatch(makeRequest("GET", QStringLiteral("/metrics"), good), ctx).response.status, 200);
        QCOMPARE(counters.throttled.load(), 1);
        QCOMPARE(counters.blocks.load(), 1);
    }

    void dispatcherHostAndOriginChecks_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<int>("status");
        const QString action = QStringLiteral("/api/admin/connections/1/reconnect");
        QTest::newRow("loopback host") << QByteArray() << QByteArray("GET") << QStringLiteral("/metrics") << QByteArray("127.0.0.1:8765") << QByteArray() << 200;
        QTest::newRow("localhost") << QByteArray() << QByteArray("GET") << QStringLiteral("/metrics") << QByteArray("localhost:8765") << QByteArray() << 200;
        QTest::newRow("ipv6 loopback") << QByteArray() << QByteArray("GET") << QStringLiteral("/metrics") << QByteArray("[::1]:8765") << QByteArray() << 200;
        QTest::newRow("rebinding name") << QByteArray() << QByteArray("GET") << QStringLiteral("/metrics") << QByteArray("evil.example:8765") << QByteArray() << 403;
        QTest::newRow("rebinding name, public route") << QByteArray() << QByteArray("GET") << QStringLiteral("/healthz") << QByteArray("evil.example") << QByteArray() << 403;
        QTest::newRow("any name with a token") << QByteArray("tok-123456") << QByteArray("GET") << QStringLiteral("/healthz") << QByteArray("monitor.example") << QByteArray() << 200;
        QTest::newRow("same-origin POST") << QByteArray() << QByteArray("POST") << action << QByteArray("127.0.0.1:8765") << QByteArray("http://127.0.0.1:8765") << 202;
        QTest::newRow("cross-origin POST") << QByteArray() << QByteArray("POST") << action << QByteArray("127.0.0.1:8765") << QByteArray("http://evil.example") << 403;
        QTest::newRow("null origin POST") << QByteArray() << QByteArray("POST") << action << QByteArray("127.0.0.1:8765") << QByteArray("null") << 403;
        QTest::newRow("cross-origin GET is harmless") << QByteArray() << QByteArray("GET") << QStringLiteral("/metrics") << QByteArray("127.0.0.1:8765") << QByteArray("http://evil.example") << 200;
    }
    void dispatcherHostAndOriginChecks()
    {
        QFETCH(QByteArray, token);
        QFETCH(QByteArray, method);
        QFETCH(QString, target);
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, origin);
        QFETCH(int, status);
        HttpCounters counters;
        DispatcherConfig config;
        config.token = token;
        config.bindHost = QStringLiteral("127.0.0.1");
        Dispatcher d(config, &counters);
        QList<std::pair<QByteArray, QByteArray>> headers{{"host", host}};
        if (!origin.isEmpty())
            headers.append({"origin", origin});
        if (!token.isEmpty())
            headers.append({"authorization", "Bearer " + token});
        Calls calls;
        QCOMPARE(d.dispatch(makeRequest(method, target, headers), contextFor(sampleSnapshot(), &calls)).response.status, status);
    }

    void dispatcherAcceptsOnlyValidStreamHandshakes()
    {
        HttpCounters counters;
        DispatcherConfig config;
        config.token = "tok-123456";
        Dispatcher d(config, &counters);
        const QList<std::pair<QByteArray, QByteArray>> ws{{"host", "h"}, {"upgrade", "websocket"}, {"connection", "Upgrade"},
                                                          {"sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                                          {"sec-websocket-version", "13"}};
        const auto ctx = contextFor(sampleSnapshot());
        QVERIFY(!d.dispatch(makeRequest("GET", QStringLiteral("/admin-ws"), ws), ctx).upgrade);
        auto result = d.dispatch(makeRequest("GET", QStringLiteral("/admin-ws"), ws), ctx);
        QCOMPARE(result.response.status, 401);
        QVERIFY(d.dispatch(makeRequest("GET", QStringLiteral("/admin-ws?token=tok-123456"), ws), ctx).upgrade);
        auto withHeader = ws;
        withHeader.append(std::pair<QByteArray, QByteArray>("authorization", "Bearer tok-123456"));
        QVERIFY(d.dispatch(makeRequest("GET", QStringLiteral("/admin-ws"), withHeader), ctx).upgrade);
        auto badVersion = withHeader;
        badVersion[4].second = "8";
        result = d.dispatch(makeRequest("GET", QStringLiteral("/admin-ws"), badVersion), ctx);
        QVERIFY(!result.upgrade);
        QCOMPARE(result.response.status, 426); // RFC 6455 §4.4: another version, and the one we speak
        QCOMPARE(result.response.header("Sec-WebSocket-Version"), QByteArray("13"));
        auto crossOrigin = withHeader;
        crossOrigin.append(std::pair<QByteArray, QByteArray>("origin", "http://evil.example"));
        QCOMPARE(d.dispatch(makeRequest("GET", QStringLiteral("/admin-ws"), crossOrigin), ctx).response.status, 403);
        QVERIFY(!d.dispatch(makeRequest("GET", QStringLiteral("/api/admin/websocket-status"), withHeader), ctx).upgrade);
    }

    void streamEventShapes()
    {
        const auto s = sampleSnapshot();
        const QJsonObject status = QJsonDocument::fromJson(
            streamEvent(QStringLiteral("status_update"), statusUpdateData(s->connections.at(0), s->timestampMs))).object();
        QCOMPARE(status.keys(), (QStringList{QStringLiteral("data"), QStringLiteral("event")}));
        const QJsonObject sd = status.value(QStringLiteral("data")).toObject();
        for (const char *key : {"connection_id", "status", "phase", "detail", "timestamp"})
            QVERIFY2(sd.contains(QLatin1String(key)), key);
        QCOMPARE(sd.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_1"));
        QCOMPARE(sd.value(QStringLiteral("status")).toString(), QStringLiteral("connected"));
        QCOMPARE(sd.value(QStringLiteral("phase")).toString(), QStringLiteral("streaming"));

        const QJsonObject metrics = metricsUpdateData(*s, s->timestampMs);
        QCOMPARE(metrics.keys(), (QStringList{QStringLiteral("connection_1"), QStringLiteral("connection_2"), QStringLiteral("connection_3")}));
        const QJsonObject m1 = metrics.value(QStringLiteral("connection_1")).toObject();
        QCOMPARE(m1.value(QStringLiteral("msgs_per_sec")).toDouble(), 25.25);
        QCOMPARE(m1.value(QStringLiteral("uptime")).toDouble(), 60.0);
        QCOMPARE(m1.value(QStringLiteral("error_count")).toInteger(), 2);

        const QJsonObject tick = tickUpdateData(*s->tickers->find(QStringLiteral("JPM")));
        for (const char *key : {"connection_id", "symbol", "price", "volume", "timestamp", "direction"})
            QVERIFY2(tick.contains(QLatin1String(key)), key);
        QCOMPARE(tick.value(QStringLiteral("direction")).toString(), QStringLiteral("down"));
        QCOMPARE(tick.value(QStringLiteral("connection_id")).toString(), QStringLiteral("connection_2"));
    }

    void fastTickEncoderMatchesTheJsonBuilder_data()
    {
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<double>("price");
        QTest::addColumn<qint64>("eventTimeMs");
        QTest::addColumn<int>("direction");
        QTest::newRow("quote mid") << QStringLiteral("AAPL") << 230.76000000000002 << qint64(1795642531640) << -1;
        QTest::newRow("integral price") << QStringLiteral("BRK.B") << 230.0 << qint64(1795642531000) << 1;
        QTest::newRow("tiny price") << QStringLiteral("PENNY") << 0.0001234 << qint64(1) << 0;
        QTest::newRow("no timestamp") << QStringLiteral("X") << 1.5 << qint64(0) << 0;
        QTest::newRow("escaping") << QStringLiteral("we\"ird\\\n\u00e9") << -3.25 << qint64(1795642531999) << 1;
        QTest::newRow("huge") << QStringLiteral("BIG") << 1e20 << qint64(1795642531999) << 1;
    }
    void fastTickEncoderMatchesTheJsonBuilder()
    {
        QFETCH(QString, symbol);
        QFETCH(double, price);
        QFETCH(qint64, eventTimeMs);
        QFETCH(int, direction);
        status::TickUpdate t;
        t.symbol = symbol;
        t.connection = 3;
        t.price = price;
        t.bid = price - 0.01;
        t.ask = price + 0.01;
        t.volume = 123456789012;
        t.tickCount = 42;
        t.eventTimeMs = eventTimeMs;
        t.direction = qint8(direction);
        t.lastEvent = massive::EventKind::Quote;
        const QByteArray fast = tickUpdateEvent(t);
        QJsonParseError error;
        const QJsonObject parsed = QJsonDocument::fromJson(fast, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, fast.constData());
        QCOMPARE(parsed, QJsonDocument::fromJson(streamEvent(QStringLiteral("tick_update"), tickUpdateData(t))).object());
        QVERIFY2(!fast.contains("e+09"), fast.constData()); // timestamps stay readable
    }
};

QTEST_GUILESS_MAIN(TestHttpRoutes)
#include "tst_httproutes.moc"
