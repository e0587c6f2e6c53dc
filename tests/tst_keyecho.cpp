// A feed server that quotes the API key in its status and error messages (tests/keyechoserver.h)
// against the whole runtime, wired as tickstock-monitor wires it: the keys, a long one and a short
// one, must appear in none of the status JSON of the real HTTP server, the status_update frames of
// /admin-ws, the log, or the connection log the dashboard shows, while the server's words do.

#include "httptestutil.h"
#include "keyechoserver.h"

#include "runtime/monitorruntime.h"

using namespace httptest;

namespace {
const QString kLongKey = QStringLiteral("LeakedKey0123456789abcdefLeakedKey");
const QString kShortKey = QStringLiteral("zq7"); // below SecretMasker::kAnywhereLength: whole tokens only
const QString kToken = QStringLiteral("http-token-for-the-key-echo-test");

config::SlotConfig slotConfig(int index, const QString &name, const QUrl &url, const QString &key, const QString &ticker)
{
    config::SlotConfig s;
    s.index = index;
    s.enabled = true;
    s.name = name;
    s.url = url.toString();
    s.apiKey = key;
    s.tickers = {ticker};
    s.tickerSource = QStringLiteral("symbols");
    return s;
}

QString phaseOf(const QJsonObject &status, int index)
{
    for (const QJsonValue &c : status.value(QStringLiteral("connections")).toArray()) {
        if (c.toObject().value(QStringLiteral("connection_id")).toString() == QStringLiteral("connection_%1").arg(index))
            return c.toObject().value(QStringLiteral("phase")).toString();
    }
    return {};
}
} // namespace

class TestKeyEcho final : public QObject {
    Q_OBJECT
private slots:
    void echoedKeysReachNoOutput()
    {
        keyecho::KeyEchoServer echo;
        LogCapture log;
        config::MonitorConfig cfg;
        cfg.multiConnection = true;
        cfg.apiKey = kLongKey;
        cfg.feedSlots = {slotConfig(1, QStringLiteral("primary"), echo.url(), kLongKey, QStringLiteral("AAPL")),
                         slotConfig(2, QStringLiteral("secondary"), echo.url(), kShortKey, QStringLiteral("MSFT"))};
        cfg.redis.enabled = false;
        cfg.redis.password = QStringLiteral("redis-password-never-sent");
        cfg.http.bind = QStringLiteral("127.0.0.1");
        cfg.http.port = 0;
        cfg.http.token = kToken;

        runtime::MonitorRuntime runtime(cfg, runtime::FrontEnd::Headless);
        QStringList dashboardLog; // what the dashboard's event log receives
        connect(&runtime, &runtime::MonitorRuntime::connectionLog, this,
                [&dashboardLog](qint64, int, int, const QString &text) { dashboardLog.append(text); });
        QString error;
        QVERIFY2(runtime.start(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(runtime.http()->port() > 0, 5000);
        // Subscribed while the feed fails: sees the auth_failed status_update of each connection,
        // as a change or in the full status sent to a new subscriber.
        StreamRecorder stream(QUrl(QStringLiteral("ws://127.0.0.1:%1/admin-ws").arg(runtime.http()->port())), kToken.toUtf8());

        Client client;
        const QUrl statusUrl(QStringLiteral("http://127.0.0.1:%1/api/admin/websocket-status").arg(runtime.http()->port()));
        QByteArray statusBody;
        QTRY_VERIFY_WITH_TIMEOUT((statusBody = client.get(statusUrl, kToken.toUtf8()).body,
                                  phaseOf(QJsonDocument::fromJson(statusBody).object(), 1) == QLatin1String("auth_failed")
                                      && phaseOf(QJsonDocument::fromJson(statusBody).object(), 2) == QLatin1String("auth_failed")),
                                 15000);
        const auto streamedFailure = [&stream](const QString &id) {
            for (const StreamEvent &e : stream.named(QStringLiteral("status_update"))) {
                if (e.data.value(QStringLiteral("connection_id")).toString() == id
                    && e.data.value(QStringLiteral("phase")).toString() == QLatin1String("auth_failed"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streamedFailure(QStringLiteral("connection_1")) && streamedFailure(QStringLiteral("connection_2")),
                                 5000);
        QByteArray frames;
        const QList<StreamEvent> updates = stream.named(QStringLiteral("status_update"));
        for (const StreamEvent &e : updates)
            frames += QJsonDocument(e.data).toJson(QJsonDocument::Compact) + '\n';
        runtime.stop();
        const QByteArray logText = log.lines().join(QLatin1Char('\n')).toUtf8();
        const QByteArray dashboardText = dashboardLog.join(QLatin1Char('\n')).toUtf8();

        // The server's words got through, with the key masked...
        QVERIFY2(statusBody.contains("key *** invalid"), statusBody.constData());
        QVERIFY2(frames.contains("key *** invalid"), frames.constData());
        QVERIFY2(logText.contains("key *** invalid"), logText.constData());
        QVERIFY2(logText.contains("checking key ***"), logText.constData());     // unknown status
        QVERIFY2(logText.contains("not json: bad key ***"), logText.constData()); // parse error sample
        QVERIFY2(dashboardText.contains("key *** invalid"), dashboardText.constData());
        QVERIFY2(statusBody.contains(".....***\""), statusBody.constData()); // the sample, cut after the mask
        // ...and the keys themselves are nowhere, not even in part.
        QVERIFY2(!statusBody.contains(kLongKey.left(6).toUtf8()), statusBody.constData());
        for (const QString &key : {kLongKey, kShortKey}) {
            const QByteArray k = key.toUtf8();
            QVERIFY2(!statusBody.contains(k), statusBody.constData());
            QVERIFY2(!frames.contains(k), frames.constData());
            QVERIFY2(!logText.contains(k), logText.constData());
            QVERIFY2(!dashboardText.contains(k), dashboardText.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestKeyEcho)
#include "tst_keyecho.moc"
