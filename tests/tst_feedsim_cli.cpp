// The tickstock-feedsim command-line contract (docs/simulator.md): --port/--key, the first stdout
// line, --help, exit codes, and the counters JSON printed on SIGTERM.

#include "feedsimtestutil.h"

#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

using namespace feedsimtest;

namespace {
const QString kBinary = QStringLiteral(TICKSTOCK_BINARY_DIR "/app/tickstock-feedsim");
}

class TestFeedSimCli final : public QObject {
    Q_OBJECT

private slots:
    void helpListsEveryFlag();
    void badFlagExitsWith2();
    void runServeAndTerminate();
    void portInUseExitsWith1();
};

void TestFeedSimCli::helpListsEveryFlag()
{
    QProcess process;
    process.start(kBinary, {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    for (const char *flag : {"--port", "--key", "--host", "--no-access-key", "--deny", "--delayed", "--auth-timeout",
                             "--auth-fail", "--max-connections", "--limit-policy", "--evict-action", "--evict-delay-ms",
                             "--tickers", "--trade-rate", "--quote-rate", "--flush-ms", "--max-events-per-frame",
                             "--max-frame-bytes", "--aggregate-delay-ms", "--time-offset-ms", "--seed", "--silent",
                             "--abort-every", "--freeze-after", "--force-disconnect-after", "--slow-consumer-bytes",
                             "--send-buffer", "--malformed-rate", "--firehose", "--firehose-tickers",
                             "--firehose-frame-events", "--firehose-backlog", "--firehose-send-clock", "--firehose-dump", "--firehose-interval-ms", "--close-timeout-ms",
                             "--max-message-bytes", "--stats-interval"})
        QVERIFY2(help.contains(QLatin1String(flag)), flag);
}

void TestFeedSimCli::badFlagExitsWith2()
{
    for (const QStringList &arguments : {QStringList{QStringLiteral("--bogus")},
                                         QStringList{QStringLiteral("--port"), QStringLiteral("70000")},
                                         QStringList{QStringLiteral("--malformed-rate"), QStringLiteral("2")},
                                         QStringList{QStringLiteral("--limit-policy"), QStringLiteral("random")}}) {
        QProcess process;
        process.start(kBinary, arguments);
        QVERIFY(process.waitForFinished(10'000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        QVERIFY(!process.readAllStandardError().isEmpty());
    }
}

void TestFeedSimCli::runServeAndTerminate()
{
    QProcess process;
    process.start(kBinary, {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--key"), QStringLiteral("alpha"),
                            QStringLiteral("--key"), QStringLiteral("beta"), QStringLiteral("--seed"), QStringLiteral("7"),
                            QStringLiteral("--trade-rate"), QStringLiteral("50")});
    QVERIFY(process.waitForStarted(10'000));
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10'000);
    const QString firstLine = QString::fromUtf8(process.readLine()).chopped(1);
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("^listening on ws://127\\.0\\.0\\.1:(\\d+)/stocks$")).match(firstLine);
    QVERIFY2(match.hasMatch(), qPrintable(firstLine));
    const QUrl url(firstLine.mid(QStringLiteral("listening on ").size()));
    QVERIFY(url.port() > 0);

    int trades = 0;
    {
        Client beta(url);
        QVERIFY(beta.authenticate(QStringLiteral("beta")));
        Client demo(url); // the default key is replaced by --key
        QTRY_VERIFY(demo.hasStatus(QStringLiteral("connected")));
        demo.auth(QStringLiteral("demo"));
        QTRY_VERIFY(demo.hasStatus(QStringLiteral("auth_failed")));

        beta.subscribe(QStringLiteral("T.AAPL"));
        QTRY_VERIFY(beta.eventsOf(QStringLiteral("T")).size() >= 10);
        beta.unsubscribe(QStringLiteral("T.AAPL"));
        QTRY_VERIFY(beta.hasStatus(QStringLiteral("success"), QStringLiteral("unsubscribed to: T.AAPL")));
        trades = int(beta.eventsOf(QStringLiteral("T")).size());
        process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(10'000));
    }
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray rest = process.readAllStandardOutput().trimmed();
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(rest, &error);
    QVERIFY2(document.isObject(), qPrintable(error.errorString() + QLatin1Char(' ') + QString::fromUtf8(rest.left(200))));
    const QJsonObject totals = document[QLatin1String("totals")].toObject();
    QCOMPARE(totals[QLatin1String("connections_accepted")].toInteger(), 2);
    QCOMPARE(totals[QLatin1String("auth_ok")].toInteger(), 1);
    QCOMPARE(totals[QLatin1String("auth_failed")].toInteger(), 1);
    QCOMPARE(totals[QLatin1String("events")][QLatin1String("T")].toInteger(), trades);
    QCOMPARE(document[QLatin1String("tickers")][QLatin1String("AAPL")][QLatin1String("T")].toInteger(), trades);
    // Logs go to stderr, in the project's format.
    QVERIFY(process.readAllStandardError().contains("tickstock.core.sim"));
}

void TestFeedSimCli::portInUseExitsWith1()
{
    auto sim = startSimulator(testConfig());
    QProcess process;
    process.start(kBinary, {QStringLiteral("--port"), QString::number(sim->port())});
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TestFeedSimCli)
#include "tst_feedsim_cli.moc"
