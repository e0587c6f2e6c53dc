// The real tickstock-monitor binary: CLI contract, exit codes, config errors, masking, headless
// status lines, signals (SIGHUP reloads the status server's TLS credentials), a run against a
// separate tickstock-feedsim process, and a feed server that quotes the API keys back.

#include "httptestutil.h"
#include "keyechoserver.h"
#include "tlstestutil.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <csignal>

namespace {
const QString kMonitor = QStringLiteral(TICKSTOCK_BINARY_DIR "/app/monitor/tickstock-monitor");
const QString kFeedsim = QStringLiteral(TICKSTOCK_BINARY_DIR "/app/tickstock-feedsim");

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(QLatin1String("MASSIVE_")) || key.startsWith(QLatin1String("REDIS_"))
            || key.startsWith(QLatin1String("WEBSOCKET_")) || key.startsWith(QLatin1String("STATUS_HTTP"))
            || key == QLatin1String("SYMBOLS") || key == QLatin1String("USE_MULTI_CONNECTION"))
            env.remove(key);
    }
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("/nonexistent-tickstock-test"));
    env.insert(QStringLiteral("REDIS_ENABLED"), QStringLiteral("false"));
    env.insert(QStringLiteral("STATUS_HTTP_PORT"), QStringLiteral("0"));
    return env;
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runToEnd(const QStringList &args, const QProcessEnvironment &env = cleanEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(kMonitor, args);
    if (!p.waitForFinished(20000))
        qFatal("tickstock-monitor did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

// Reads stdout lines until one parses as a status document satisfying `done`.
QJsonObject waitForStatus(QProcess &p, const std::function<bool(const QJsonObject &)> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (!p.canReadLine() && !p.waitForReadyRead(500))
            continue;
        while (p.canReadLine()) {
            const QJsonObject doc = QJsonDocument::fromJson(p.readLine()).object();
            if (!doc.isEmpty() && done(doc))
                return doc;
        }
    }
    return {};
}

// Waits until the process's stderr (accumulated in *err) contains `text`.
bool waitForLog(QProcess &p, QByteArray *err, const QByteArray &text, int timeoutMs)
{
    const bool ended = QTest::qWaitFor([&] {
        *err += p.readAllStandardError();
        return err->contains(text) || p.state() != QProcess::Running;
    }, timeoutMs);
    return ended && err->contains(text);
}

// The port of "status API listening on https://127.0.0.1:PORT" in the log, 0 if none.
quint16 listeningPort(const QByteArray &err, const QByteArray &scheme)
{
    const QByteArray prefix = "status API listening on " + scheme + "://";
    const qsizetype at = err.indexOf(prefix);
    if (at < 0)
        return 0;
    const qsizetype colon = err.indexOf(':', at + prefix.size());
    return quint16(err.mid(colon + 1, err.indexOf(' ', colon) - colon - 1).toUInt());
}

bool allStreaming(const QJsonObject &doc, int expected)
{
    const QJsonArray connections = doc.value(QStringLiteral("connections")).toArray();
    int streaming = 0;
    for (const QJsonValue &c : connections)
        streaming += c.toObject().value(QStringLiteral("phase")).toString() == QLatin1String("streaming") ? 1 : 0;
    return streaming == expected;
}
} // namespace

class TestMonitorCli final : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp()
    {
        Run r = runToEnd({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("tickstock-monitor " TICKSTOCK_VERSION));
        r = runToEnd({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *flag : {"--headless", "--demo", "--config", "--env-file", "--check-config", "--status-interval",
                                 "--set", "--version", "Exit codes"})
            QVERIFY2(r.out.contains(flag), flag);
        QVERIFY(r.out.startsWith("Usage: tickstock-monitor [options]"));
    }

    void badFlagsAndConfigExitTwoWithEveryProblem()
    {
        Run r = runToEnd({QStringLiteral("--no-such-flag")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("Unknown option 'no-such-flag'"));

        r = runToEnd({QStringLiteral("--headless"), QStringLiteral("--set"), QStringLiteral("USE_MULTI_CONNECTION=maybe"),
                      QStringLiteral("--http-port"), QStringLiteral("70000")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("USE_MULTI_CONNECTION=maybe: not a boolean"), r.err.constData());
        QVERIFY2(r.err.contains("STATUS_HTTP_PORT=70000: must be an integer from 0 to 65535"), r.err.constData());
        QVERIFY(r.err.contains("nothing started"));
        QVERIFY(!r.err.contains("dialing")); // nothing started

        r = runToEnd({QStringLiteral("--headless"), QStringLiteral("--status-interval"), QStringLiteral("-1")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--status-interval=-1: must be a positive number of seconds"));

        r = runToEnd({QStringLiteral("--headless"), QStringLiteral("--config"), QStringLiteral("/nonexistent/monitor.conf")});
        QCOMPARE(r.exitCode, 2);
    }

    void checkConfigMasksSecrets()
    {
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("MASSIVE_API_KEY"), QStringLiteral("planted-api-key-4711"));
        env.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://:planted-redis-pw@127.0.0.1:6379/0"));
        env.insert(QStringLiteral("STATUS_HTTP_TOKEN"), QStringLiteral("planted-http-token"));
        env.insert(QStringLiteral("SYMBOLS"), QStringLiteral("AAPL,MSFT"));
        const Run r = runToEnd({QStringLiteral("--check-config")}, env);
        QCOMPARE(r.exitCode, 0);
        for (const char *secret : {"planted-api-key-4711", "planted-redis-pw", "planted-http-token"}) {
            QVERIFY2(!r.out.contains(secret), secret);
            QVERIFY2(!r.err.contains(secret), secret);
        }
        QVERIFY(r.out.contains("MASSIVE_API_KEY"));
        QVERIFY(r.out.contains("***"));
    }

    void noDisplaySaysHowToRunHeadless()
    {
        QProcessEnvironment env = cleanEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        const Run r = runToEnd({}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("tickstock-monitor --headless"), r.err.constData());
    }

    void exposedOrWeakHttpConfigExitsTwo_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("non-loopback, no token")
            << QStringList{QStringLiteral("STATUS_HTTP_BIND=0.0.0.0")}
            << QByteArray("STATUS_HTTP_BIND=0.0.0.0: a non-loopback bind needs STATUS_HTTP_TOKEN");
        QTest::newRow("non-loopback, no TLS")
            << QStringList{QStringLiteral("STATUS_HTTP_BIND=0.0.0.0"), QStringLiteral("STATUS_HTTP_TOKEN=planted-token-0123456789")}
            << QByteArray("STATUS_HTTP_BIND=0.0.0.0: a non-loopback bind needs TLS (STATUS_HTTP_TLS_CERT and STATUS_HTTP_TLS_KEY)");
        QTest::newRow("short token")
            << QStringList{QStringLiteral("STATUS_HTTP_TOKEN=planted-short")}
            << QByteArray("STATUS_HTTP_TOKEN: must be at least 16 characters long");
        QTest::newRow("missing certificate")
            << QStringList{QStringLiteral("STATUS_HTTP_TLS_CERT=/nonexistent/cert.pem"),
                           QStringLiteral("STATUS_HTTP_TLS_KEY=/nonexistent/key.pem")}
            << QByteArray("STATUS_HTTP_TLS_CERT=/nonexistent/cert.pem: cannot read the file: No such file or directory");
    }

    void exposedOrWeakHttpConfigExitsTwo()
    {
        QFETCH(QStringList, settings);
        QFETCH(QByteArray, message);
        QProcessEnvironment env = cleanEnvironment();
        for (const QString &setting : settings)
            env.insert(setting.section(u'=', 0, 0), setting.section(u'=', 1));
        const Run r = runToEnd({QStringLiteral("--headless"), QStringLiteral("--demo")}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QVERIFY(r.err.contains("nothing started"));
        QVERIFY(!r.err.contains("planted-"));
    }

    void allowPlaintextWarnsAtStart()
    {
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("STATUS_HTTP_BIND"), QStringLiteral("0.0.0.0"));
        env.insert(QStringLiteral("STATUS_HTTP_TOKEN"), QStringLiteral("planted-token-0123456789"));
        env.insert(QStringLiteral("STATUS_HTTP_ALLOW_PLAINTEXT"), QStringLiteral("true"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(kMonitor, {QStringLiteral("--headless"), QStringLiteral("--demo")});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QVERIFY2(waitForLog(p, &err, "status API listening on http://0.0.0.0:", 15000), err.constData());
        QVERIFY2(err.contains("STATUS_HTTP_BIND=0.0.0.0 with STATUS_HTTP_ALLOW_PLAINTEXT=true: the status API is served "
                              "as plain HTTP and the bearer token crosses the network in clear"),
                 err.constData());
        QVERIFY(err.contains("plain HTTP allowed by STATUS_HTTP_ALLOW_PLAINTEXT"));
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(8000));
        QCOMPARE(p.exitCode(), 0);
        err += p.readAllStandardError();
        QVERIFY(!err.contains("planted-token"));
    }

    // SIGHUP swaps the certificate for new connections; the feed and open connections carry on.
    void sighupReloadsTlsCredentials()
    {
        const tlstest::TestPki pki;
        QVERIFY2(pki.ok(), qPrintable(pki.error()));
        QVERIFY(pki.install("first"));
        const QByteArray token = "planted-token-0123456789";
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("STATUS_HTTP_TOKEN"), QString::fromLatin1(token));
        env.insert(QStringLiteral("STATUS_HTTP_TLS_CERT"), pki.path("live.pem"));
        env.insert(QStringLiteral("STATUS_HTTP_TLS_KEY"), pki.path("live.key"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(kMonitor, {QStringLiteral("--headless"), QStringLiteral("--demo")});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QVERIFY2(waitForLog(p, &err, "(live stream wss://127.0.0.1:", 15000), err.constData());
        const quint16 port = listeningPort(err, "https");
        QVERIFY2(port != 0, err.constData());
        const QSslConfiguration trusting = tlstest::trusting(pki.ca());

        const auto streaming = [&](tlstest::TlsClient &client) {
            QByteArray body;
            return client.get("/api/admin/websocket-status", &body) == 200
                && allStreaming(QJsonDocument::fromJson(body).object(), 3);
        };
        tlstest::TlsClient before(port, trusting, token);
        QVERIFY(before.encrypted);
        QCOMPARE(before.serial(), tlstest::kFirstSerial);
        QTRY_VERIFY_WITH_TIMEOUT(streaming(before), 15000);

        QVERIFY(pki.install("second"));
        ::kill(pid_t(p.processId()), SIGHUP);
        QVERIFY2(waitForLog(p, &err, "TLS credentials reloaded for new connections: subject 127.0.0.1, serial 20:02", 5000),
                 err.constData());
        QVERIFY(err.contains("received SIGHUP, reloading the status server's TLS certificate and key"));
        tlstest::TlsClient after(port, trusting, token);
        QVERIFY(after.encrypted);
        QCOMPARE(after.serial(), tlstest::kSecondSerial);
        QVERIFY(streaming(after));
        QVERIFY(streaming(before)); // the old connection still works, feed never dropped
        QCOMPARE(before.serial(), tlstest::kFirstSerial);

        pki.write("live.key", "garbage\n");
        ::kill(pid_t(p.processId()), SIGHUP);
        QVERIFY2(waitForLog(p, &err, "the previous ones stay in use: STATUS_HTTP_TLS_KEY=", 5000), err.constData());
        tlstest::TlsClient later(port, trusting, token);
        QCOMPARE(later.serial(), tlstest::kSecondSerial);
        QCOMPARE(p.state(), QProcess::Running);

        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(8000));
        QCOMPARE(p.exitCode(), 0);
        err += p.readAllStandardError();
        QCOMPARE(err.count("disconnected/closed: shut down"), 3); // the feed ran until SIGTERM, not before
        QVERIFY(!err.contains(token));
        for (const char *key : {"first.key", "second.key"})
            QVERIFY(!err.contains(pki.keyMaterial(key)));
    }

    void headlessDemoStreamsAndStopsCleanlyOnSigterm()
    {
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("MASSIVE_API_KEY"), QStringLiteral("planted-key-never-logged"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(kMonitor, {QStringLiteral("--headless"), QStringLiteral("--demo"), QStringLiteral("--status-interval"),
                           QStringLiteral("0.5")});
        QVERIFY(p.waitForStarted());
        const QJsonObject doc = waitForStatus(p, [](const QJsonObject &d) { return allStreaming(d, 3); }, 15000);
        QVERIFY2(!doc.isEmpty(), p.readAllStandardError().constData());
        QCOMPARE(doc.value(QStringLiteral("simulated")).toBool(), true);
        QCOMPARE(doc.value(QStringLiteral("mode")).toString(), QStringLiteral("multi"));
        const QJsonArray connections = doc.value(QStringLiteral("connections")).toArray();
        QCOMPARE(connections.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("primary"));
        QCOMPARE(connections.at(2).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("tertiary"));
        const QJsonObject ticking = waitForStatus(
            p, [](const QJsonObject &d) {
                return d.value(QStringLiteral("summary")).toObject().value(QStringLiteral("ticks_total")).toInteger() > 100;
            }, 10000);
        QVERIFY(!ticking.isEmpty());

        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(8000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QByteArray err = p.readAllStandardError();
        QVERIFY(err.contains("received SIGTERM, shutting down"));
        QCOMPARE(err.count("disconnected/closed: shut down"), 3); // polite close frames on every connection
        QVERIFY(!err.contains("planted-key-never-logged"));
    }

    void headlessAgainstASeparateFeedsimProcess()
    {
        QProcess sim;
        sim.start(kFeedsim, {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--key"), QStringLiteral("k-123")});
        QVERIFY(sim.waitForReadyRead(10000));
        const QByteArray first = sim.readLine().trimmed();
        QVERIFY2(first.startsWith("listening on ws://127.0.0.1:"), first.constData());
        const QString url = QString::fromLatin1(first.mid(int(qstrlen("listening on "))));

        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("MASSIVE_WEBSOCKET_URL"), url);
        env.insert(QStringLiteral("MASSIVE_API_KEY"), QStringLiteral("k-123"));
        env.insert(QStringLiteral("SYMBOLS"), QStringLiteral("aapl, msft ,NVDA"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(kMonitor, {QStringLiteral("--headless"), QStringLiteral("--status-interval"), QStringLiteral("0.5")});
        const QJsonObject doc = waitForStatus(p, [](const QJsonObject &d) { return allStreaming(d, 1); }, 15000);
        QVERIFY2(!doc.isEmpty(), p.readAllStandardError().constData());
        QCOMPARE(doc.value(QStringLiteral("mode")).toString(), QStringLiteral("single"));
        QCOMPARE(doc.value(QStringLiteral("simulated")).toBool(), false);
        QCOMPARE(doc.value(QStringLiteral("api_key_set")).toBool(), true);
        const QJsonObject c = doc.value(QStringLiteral("connections")).toArray().at(0).toObject();
        QCOMPARE(c.value(QStringLiteral("config")).toObject().value(QStringLiteral("tickers")).toArray().size(), 3);
        p.terminate();
        QVERIFY(p.waitForFinished(8000));
        QCOMPARE(p.exitCode(), 0);

        // A wrong key: auth_failed, the process keeps running and does not retry.
        env.insert(QStringLiteral("MASSIVE_API_KEY"), QStringLiteral("wrong"));
        QProcess bad;
        bad.setProcessEnvironment(env);
        bad.start(kMonitor, {QStringLiteral("--headless"), QStringLiteral("--status-interval"), QStringLiteral("0.5")});
        const QJsonObject failed = waitForStatus(bad, [](const QJsonObject &d) {
            return d.value(QStringLiteral("connections")).toArray().at(0).toObject().value(QStringLiteral("phase")).toString()
                == QLatin1String("auth_failed");
        }, 15000);
        QVERIFY(!failed.isEmpty());
        QCOMPARE(bad.state(), QProcess::Running);
        bad.terminate();
        QVERIFY(bad.waitForFinished(8000));
        QCOMPARE(bad.exitCode(), 0);
        QVERIFY(!bad.readAllStandardError().contains("wrong\""));
        sim.terminate();
        sim.waitForFinished(5000);
    }

    // A server quoting the keys in its messages (tests/keyechoserver.h): neither the long global
    // key nor a short per-slot key may reach the headless status line, the log or the status API.
    void echoedKeysAreMaskedInEveryOutput()
    {
        keyecho::KeyEchoServer echo;
        const QByteArray longKey = "LeakedKey0123456789abcdefLeakedKey";
        const QByteArray shortKey = "zq7";
        const QByteArray token = "http-token-for-the-key-echo-test";
        QProcessEnvironment env = cleanEnvironment();
        env.insert(QStringLiteral("MASSIVE_WEBSOCKET_URL"), echo.url().toString());
        env.insert(QStringLiteral("MASSIVE_API_KEY"), QString::fromLatin1(longKey));
        env.insert(QStringLiteral("USE_MULTI_CONNECTION"), QStringLiteral("true"));
        env.insert(QStringLiteral("WEBSOCKET_CONNECTION_1_ENABLED"), QStringLiteral("true"));
        env.insert(QStringLiteral("WEBSOCKET_CONNECTION_1_SYMBOLS"), QStringLiteral("AAPL"));
        env.insert(QStringLiteral("WEBSOCKET_CONNECTION_2_ENABLED"), QStringLiteral("true"));
        env.insert(QStringLiteral("WEBSOCKET_CONNECTION_2_SYMBOLS"), QStringLiteral("MSFT"));
        env.insert(QStringLiteral("WEBSOCKET_CONNECTION_2_API_KEY"), QString::fromLatin1(shortKey));
        env.insert(QStringLiteral("STATUS_HTTP_TOKEN"), QString::fromLatin1(token));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(kMonitor, {QStringLiteral("--headless"), QStringLiteral("--status-interval"), QStringLiteral("0.3")});
        QByteArray statusLines;
        const auto bothFailed = [&statusLines](const QJsonObject &d) {
            statusLines += QJsonDocument(d).toJson(QJsonDocument::Compact) + '\n';
            int failed = 0;
            for (const QJsonValue &c : d.value(QStringLiteral("connections")).toArray())
                failed += c.toObject().value(QStringLiteral("phase")).toString() == QLatin1String("auth_failed") ? 1 : 0;
            return failed == 2;
        };
        const QJsonObject failed = waitForStatus(p, bothFailed, 15000);
        waitForStatus(p, bothFailed, 1000); // one more line, printed after every log line of the failure
        QByteArray err = p.readAllStandardError();
        QVERIFY2(!failed.isEmpty(), err.constData());

        // The status API of the same process (its port is in the log).
        const qsizetype at = err.indexOf("status API listening on http://");
        QVERIFY2(at >= 0, err.constData());
        const QByteArray address = err.mid(at + qsizetype(qstrlen("status API listening on http://"))).split(' ').front();
        httptest::Client client;
        const QByteArray body = client.get(QUrl(QStringLiteral("http://%1/api/admin/websocket-status").arg(QString::fromLatin1(address))),
                                           token).body;
        QVERIFY2(body.contains("\"phase\":\"auth_failed\""), body.constData());

        p.terminate();
        QVERIFY(p.waitForFinished(8000));
        QCOMPARE(p.exitCode(), 0);
        statusLines += p.readAllStandardOutput();
        err += p.readAllStandardError();

        QVERIFY2(statusLines.contains("key *** invalid"), statusLines.constData());
        QVERIFY2(err.contains("key *** invalid"), err.constData());
        QVERIFY2(body.contains("key *** invalid"), body.constData());
        for (const QByteArray &key : {longKey, shortKey}) {
            QVERIFY2(!statusLines.contains(key), statusLines.constData());
            QVERIFY2(!err.contains(key), err.constData());
            QVERIFY2(!body.contains(key), body.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestMonitorCli)
#include "tst_monitor_cli.moc"
