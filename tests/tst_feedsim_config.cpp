// Simulator building blocks without sockets: command-line parsing into SimConfig, the JSON event
// writer's helpers, and the ticker rule.

#include "sim/eventwriter.h"
#include "sim/marketmodel.h"
#include "sim/simconfig.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using tickstock::sim::MarketModel;
using tickstock::sim::SimConfig;
namespace eventwriter = tickstock::sim::eventwriter;

class TestFeedSimConfig final : public QObject {
    Q_OBJECT

private slots:
    void defaults();
    void parsesEveryKindOfFlag();
    void rejectsBadValues_data();
    void rejectsBadValues();
    void help();
    void milliShares_data();
    void milliShares();
    void jsonStringsAreEscaped();
    void eventsAreCompactJson();
    void tickerRule_data();
    void tickerRule();
};

namespace {
std::optional<SimConfig> parse(const QStringList &arguments, QString *error = nullptr)
{
    return SimConfig::fromArguments(QStringList{QStringLiteral("tickstock-feedsim")} + arguments, error);
}
} // namespace

void TestFeedSimConfig::defaults()
{
    const auto config = parse({});
    QVERIFY(config);
    QCOMPARE(config->port, quint16(0));
    QCOMPARE(config->host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config->keys, QStringList{QStringLiteral("demo")});
    QCOMPARE(config->authTimeoutMs, 10'000);
    QCOMPARE(config->authFailAction, SimConfig::AuthFailAction::Abort);
    QCOMPARE(config->maxConnectionsPerKey, 0);
    QCOMPARE(config->limitPolicy, SimConfig::LimitPolicy::EvictOldest);
    QCOMPARE(config->flushIntervalMs, 25);
    QCOMPARE(config->tradesPerSecond, 2.0);
    QCOMPARE(config->quotesPerSecond, 4.0);
    QCOMPARE(config->firehoseEventsPerSecond, 0);
    QCOMPARE(config->firehoseIntervalMs, 5);
    QVERIFY(!config->showHelp);
}

void TestFeedSimConfig::parsesEveryKindOfFlag()
{
    const auto config = parse({QStringLiteral("--port"), QStringLiteral("9001"), QStringLiteral("--key"), QStringLiteral("a"),
                               QStringLiteral("--key"), QStringLiteral("b"), QStringLiteral("--deny"),
                               QStringLiteral("a:NOI, LULD"), QStringLiteral("--no-access-key"), QStringLiteral("c"),
                               QStringLiteral("--auth-timeout"), QStringLiteral("0.25"), QStringLiteral("--auth-fail"),
                               QStringLiteral("close"), QStringLiteral("--max-connections"), QStringLiteral("1"),
                               QStringLiteral("--limit-policy"), QStringLiteral("reject-newest"),
                               QStringLiteral("--evict-action"), QStringLiteral("abort"), QStringLiteral("--tickers"),
                               QStringLiteral("AAPL, MSFT"), QStringLiteral("--time-offset-ms"), QStringLiteral("-5000"),
                               QStringLiteral("--seed"), QStringLiteral("99"), QStringLiteral("--silent"),
                               QStringLiteral("--abort-every"), QStringLiteral("2"), QStringLiteral("--malformed-rate"),
                               QStringLiteral("0.1"), QStringLiteral("--firehose"), QStringLiteral("100000"),
                               QStringLiteral("--firehose-tickers"), QStringLiteral("500"), QStringLiteral("--delayed")});
    QVERIFY(config);
    QCOMPARE(config->port, quint16(9001));
    QCOMPARE(config->keys, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(config->deniedChannels.value(QStringLiteral("a")), (QSet<QString>{QStringLiteral("NOI"), QStringLiteral("LULD")}));
    QCOMPARE(config->noAccessKeys, QStringList{QStringLiteral("c")});
    QCOMPARE(config->authTimeoutMs, 250);
    QCOMPARE(config->authFailAction, SimConfig::AuthFailAction::Close);
    QCOMPARE(config->maxConnectionsPerKey, 1);
    QCOMPARE(config->limitPolicy, SimConfig::LimitPolicy::RejectNewest);
    QCOMPARE(config->evictAction, SimConfig::EvictAction::Abort);
    QCOMPARE(config->marketTickers, (QStringList{QStringLiteral("AAPL"), QStringLiteral("MSFT")}));
    QCOMPARE(config->timeOffsetMs, -5000);
    QCOMPARE(config->seed, quint64(99));
    QVERIFY(config->silent);
    QVERIFY(config->delayed);
    QCOMPARE(config->abortEveryMs, 2000);
    QCOMPARE(config->malformedRate, 0.1);
    QCOMPARE(config->firehoseEventsPerSecond, 100'000);
    QCOMPARE(config->firehoseTickers, 500);
}

void TestFeedSimConfig::rejectsBadValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--nope")} << QStringLiteral("nope");
    QTest::newRow("port range") << QStringList{QStringLiteral("--port"), QStringLiteral("65536")} << QStringLiteral("--port");
    QTest::newRow("port text") << QStringList{QStringLiteral("--port"), QStringLiteral("http")} << QStringLiteral("--port");
    QTest::newRow("host") << QStringList{QStringLiteral("--host"), QStringLiteral("localhost!")} << QStringLiteral("--host");
    QTest::newRow("rate") << QStringList{QStringLiteral("--malformed-rate"), QStringLiteral("1.5")} << QStringLiteral("--malformed-rate");
    QTest::newRow("choice") << QStringList{QStringLiteral("--auth-fail"), QStringLiteral("explode")} << QStringLiteral("abort, close");
    QTest::newRow("deny") << QStringList{QStringLiteral("--deny"), QStringLiteral("NOI")} << QStringLiteral("KEY:CHANNEL");
    QTest::newRow("positional") << QStringList{QStringLiteral("extra")} << QStringLiteral("extra");
    QTest::newRow("negative seconds") << QStringList{QStringLiteral("--freeze-after"), QStringLiteral("-1")} << QStringLiteral("--freeze-after");
}

void TestFeedSimConfig::rejectsBadValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    QString error;
    QVERIFY(!parse(arguments, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
}

void TestFeedSimConfig::help()
{
    const auto config = parse({QStringLiteral("--help")});
    QVERIFY(config && config->showHelp);
    const QString help = SimConfig::helpText();
    QVERIFY(help.contains(QLatin1String("--port")));
    QVERIFY(help.contains(QLatin1String("listening on ws://127.0.0.1:PORT/stocks")));
}

void TestFeedSimConfig::milliShares_data()
{
    QTest::addColumn<qint64>("milli");
    QTest::addColumn<QString>("text");
    QTest::newRow("whole") << qint64(4'989'000) << QStringLiteral("4989.0");
    QTest::newRow("fraction") << qint64(12'345) << QStringLiteral("12.345");
    QTest::newRow("trailing zeros") << qint64(500) << QStringLiteral("0.5");
    QTest::newRow("small") << qint64(7) << QStringLiteral("0.007");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0.0");
}

void TestFeedSimConfig::milliShares()
{
    QFETCH(qint64, milli);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(eventwriter::formatMilliShares(milli)), text);
}

void TestFeedSimConfig::jsonStringsAreEscaped()
{
    const std::string nasty = "subscribed to: T.\"A\\B\n\x01\t";
    std::string out;
    eventwriter::appendStatus(out, "success", nasty);
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString("[" + out + "]"));
    QVERIFY(document.isArray());
    QCOMPARE(document.array().at(0).toObject().value(QLatin1String("message")).toString(), QString::fromStdString(nasty));
}

void TestFeedSimConfig::eventsAreCompactJson()
{
    tickstock::massive::Trade trade;
    using F = tickstock::massive::Trade;
    trade.present = F::Exchange | F::Id | F::Tape | F::Price | F::Size | F::Conditions | F::Timestamp | F::Sequence;
    trade.symbol = "MSFT";
    trade.exchange = 4;
    trade.id = "12345";
    trade.tape = 3;
    trade.price = 114.125;
    trade.size = 100;
    trade.conditions = {0, 12};
    trade.timestamp = 1536036818784;
    trade.sequence = 3681328;
    std::string out;
    eventwriter::FieldOffsets offsets;
    eventwriter::appendTrade(out, trade, &offsets);
    // The vendor's spec example, byte for byte.
    QCOMPARE(QByteArray::fromStdString(out),
             QByteArray(R"({"ev":"T","sym":"MSFT","x":4,"i":"12345","z":3,"p":114.125,"s":100,"c":[0,12],"t":1536036818784,"q":3681328})"));
    QCOMPARE(out.substr(offsets.timestamp, 13), std::string("1536036818784"));
    QCOMPARE(out.substr(offsets.sequence, 7), std::string("3681328"));

    tickstock::massive::Aggregate bar;
    using A = tickstock::massive::Aggregate;
    bar.present = A::Volume | A::Start | A::End | A::Otc;
    bar.symbol = "SPCE";
    bar.volume = 200;
    bar.start = 1610144868000;
    bar.end = 1610144869000;
    bar.otc = false; // present only when true
    out.clear();
    eventwriter::appendAggregate(out, bar);
    QCOMPARE(QByteArray::fromStdString(out), QByteArray(R"({"ev":"A","sym":"SPCE","v":200,"s":1610144868000,"e":1610144869000})"));
}

void TestFeedSimConfig::tickerRule_data()
{
    QTest::addColumn<QString>("symbol");
    QTest::addColumn<bool>("valid");
    QTest::newRow("AAPL") << QStringLiteral("AAPL") << true;
    QTest::newRow("F") << QStringLiteral("F") << true;
    QTest::newRow("BRK.B") << QStringLiteral("BRK.B") << true;
    QTest::newRow("ABCDE.XY") << QStringLiteral("ABCDE.XY") << true;
    QTest::newRow("NOTATICKER") << QStringLiteral("NOTATICKER") << false;
    QTest::newRow("lower") << QStringLiteral("aapl") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("star") << QStringLiteral("*") << false;
    QTest::newRow("dot only") << QStringLiteral("BRK.") << false;
    QTest::newRow("long suffix") << QStringLiteral("BRK.ABC") << false;
    QTest::newRow("digits") << QStringLiteral("A1") << false;
}

void TestFeedSimConfig::tickerRule()
{
    QFETCH(QString, symbol);
    QFETCH(bool, valid);
    QCOMPARE(MarketModel::isValidTicker(symbol.toStdString()), valid);
}

QTEST_GUILESS_MAIN(TestFeedSimConfig)
#include "tst_feedsim_config.moc"
