// Simulator data semantics (docs/protocol.md): event fields and types, batching,
// per-ticker sequence numbers, A/AM bars, wildcards, unknown tickers, reproducibility.

#include "feedsimtestutil.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

#include <cmath>

using namespace feedsimtest;

namespace {
bool isInteger(const QJsonValue &value)
{
    return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
}

qint64 integer(const QJsonObject &event, const char *key) { return event.value(QLatin1String(key)).toInteger(); }

double number(const QJsonObject &event, const char *key) { return event.value(QLatin1String(key)).toDouble(); }

bool isMsTimestamp(const QJsonValue &value)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return isInteger(value) && std::llabs(value.toInteger() - now) < 60'000'000; // ms, recent (offset tests shift < 1 min)
}

// Shares in thousandths: `ds` when present (exact decimal), else `s`.
qint64 tradeMilli(const QJsonObject &trade)
{
    const QString ds = trade.value(QLatin1String("ds")).toString();
    if (ds.isEmpty())
        return integer(trade, "s") * 1000;
    const QStringList parts = ds.split(QLatin1Char('.'));
    return parts[0].toLongLong() * 1000 + parts.value(1).leftJustified(3, QLatin1Char('0')).toLongLong();
}

SimConfig fastConfig(double tradesPerSecond = 60, double quotesPerSecond = 120)
{
    SimConfig config = testConfig();
    config.tradesPerSecond = tradesPerSecond;
    config.quotesPerSecond = quotesPerSecond;
    return config;
}
} // namespace

class TestFeedSimData final : public QObject {
    Q_OBJECT

private slots:
    void tradeFields();
    void quoteFields();
    void framesAreBatchedMixedArrays();
    void sequenceIncreasesWithGapsAcrossReconnects();
    void secondAggregatesMatchTheirTrades();
    void minuteAggregateAfterTheBoundary();
    void noTradesNoBars();
    void wildcardCoversTheMarket();
    void atMostOncePerConnection();
    void unknownTickerIsAckedAndSilent();
    void unsubscribeStopsData();
    void seedMakesStreamsReproducible();
    void countersMatchWhatTheClientReceived();
};

void TestFeedSimData::tradeFields()
{
    auto sim = startSimulator(fastConfig(300, 0));
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY_WITH_TIMEOUT(client.eventsOf(QStringLiteral("T")).size() >= 600, 10'000);

    int withConditions = 0, withTrf = 0, withDecimal = 0;
    const QRegularExpression decimal(QStringLiteral("^[0-9]+\\.[0-9]+$"));
    for (const QJsonObject &t : client.eventsOf(QStringLiteral("T"))) {
        QCOMPARE(t.value(QLatin1String("sym")).toString(), QStringLiteral("AAPL"));
        QVERIFY(isInteger(t.value(QLatin1String("x"))));
        QVERIFY2(t.value(QLatin1String("i")).isString(), "trade id must be a string");
        QVERIFY(!t.value(QLatin1String("i")).toString().isEmpty());
        QCOMPARE(integer(t, "z"), 3); // AAPL is Nasdaq: tape C
        QVERIFY(t.value(QLatin1String("p")).isDouble() && number(t, "p") > 0);
        QVERIFY(isInteger(t.value(QLatin1String("s"))) && integer(t, "s") >= 0);
        QVERIFY(isMsTimestamp(t.value(QLatin1String("t"))));
        QVERIFY(isInteger(t.value(QLatin1String("q"))) && integer(t, "q") > 0);
        if (t.contains(QLatin1String("c"))) {
            ++withConditions;
            QVERIFY(t.value(QLatin1String("c")).isArray());
            for (const QJsonValue &c : t.value(QLatin1String("c")).toArray())
                QVERIFY(isInteger(c));
        }
        QCOMPARE(t.contains(QLatin1String("trfi")), t.contains(QLatin1String("trft")));
        if (t.contains(QLatin1String("trfi"))) {
            ++withTrf;
            QCOMPARE(integer(t, "x"), 4); // off-exchange prints are reported by a TRF
            QVERIFY(isMsTimestamp(t.value(QLatin1String("trft"))));
            QVERIFY(integer(t, "trft") <= integer(t, "t"));
        }
        if (t.contains(QLatin1String("ds"))) {
            ++withDecimal;
            QVERIFY(t.value(QLatin1String("ds")).isString());
            QVERIFY(decimal.match(t.value(QLatin1String("ds")).toString()).hasMatch());
            QCOMPARE(integer(t, "s"), tradeMilli(t) / 1000);
        }
    }
    const int n = int(client.eventsOf(QStringLiteral("T")).size());
    // Optional fields are realistically sometimes present and sometimes absent.
    QVERIFY(withConditions > 0 && withConditions < n);
    QVERIFY(withTrf > 0 && withTrf < n);
    QVERIFY(withDecimal > 0 && withDecimal < n);
}

void TestFeedSimData::quoteFields()
{
    auto sim = startSimulator(fastConfig(0, 400));
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("Q.MSFT"));
    QTRY_VERIFY_WITH_TIMEOUT(client.eventsOf(QStringLiteral("Q")).size() >= 600, 10'000);
    int withIndicators = 0;
    for (const QJsonObject &q : client.eventsOf(QStringLiteral("Q"))) {
        QCOMPARE(q.value(QLatin1String("sym")).toString(), QStringLiteral("MSFT"));
        for (const char *key : {"bx", "ax", "bs", "as", "c", "q", "z"})
            QVERIFY2(isInteger(q.value(QLatin1String(key))), key);
        QVERIFY(q.value(QLatin1String("bp")).isDouble() && q.value(QLatin1String("ap")).isDouble());
        QVERIFY(number(q, "bp") > 0 && number(q, "bp") < number(q, "ap"));
        // Sizes are round lots: small counts, not shares.
        QVERIFY(integer(q, "bs") >= 1 && integer(q, "bs") <= 100);
        QVERIFY(integer(q, "as") >= 1 && integer(q, "as") <= 100);
        QVERIFY(isMsTimestamp(q.value(QLatin1String("t"))));
        if (q.contains(QLatin1String("i"))) {
            ++withIndicators;
            QVERIFY(q.value(QLatin1String("i")).isArray());
        }
    }
    QVERIFY(withIndicators > 0 && withIndicators < client.eventsOf(QStringLiteral("Q")).size());
    QVERIFY(client.eventsOf(QStringLiteral("T")).isEmpty());
}

void TestFeedSimData::framesAreBatchedMixedArrays()
{
    SimConfig config = fastConfig(200, 400);
    config.maxEventsPerFrame = 8;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL,Q.AAPL,T.MSFT,Q.MSFT"));
    QTRY_VERIFY_WITH_TIMEOUT(client.dataEventCount() > 500, 10'000);
    bool mixed = false, full = false;
    for (int i = 0; i < client.texts.size(); ++i) {
        QVERIFY2(client.texts[i].startsWith('[') && client.texts[i].endsWith(']'), client.texts[i].left(80).constData());
        QVERIFY(!client.arrays[i].isEmpty());
        QVERIFY(client.arrays[i].size() <= 8);
        QVERIFY(client.texts[i].size() < 1'000'000);
        QSet<QString> types;
        for (const QJsonValue &value : client.arrays[i])
            types.insert(value.toObject().value(QLatin1String("ev")).toString());
        mixed |= types.contains(QStringLiteral("T")) && types.contains(QStringLiteral("Q"));
        full |= client.arrays[i].size() == 8;
    }
    QVERIFY2(mixed, "T and Q must share frames");
    QVERIFY2(full, "frames fill up to the configured batch size");
    QVERIFY(client.binaries.isEmpty());
}

void TestFeedSimData::sequenceIncreasesWithGapsAcrossReconnects()
{
    auto sim = startSimulator(fastConfig(100, 200));
    QHash<QString, qint64> lastQ; // "T:AAPL" -> last q
    bool gaps = false;
    for (int round = 0; round < 2; ++round) {
        Client client(sim->url());
        QVERIFY(client.authenticate());
        client.subscribe(QStringLiteral("T.AAPL,Q.AAPL"));
        QTRY_VERIFY_WITH_TIMEOUT(client.eventsOf(QStringLiteral("T")).size() >= 50
                                     && client.eventsOf(QStringLiteral("Q")).size() >= 50,
                                 10'000);
        for (const QJsonObject &event : client.events) {
            const QString ev = event.value(QLatin1String("ev")).toString();
            if (ev != QLatin1String("T") && ev != QLatin1String("Q"))
                continue;
            const QString key = ev + QLatin1Char(':') + event.value(QLatin1String("sym")).toString();
            const qint64 q = integer(event, "q");
            if (lastQ.contains(key)) {
                QVERIFY2(q > lastQ[key], qPrintable(key + QStringLiteral(" q went backwards")));
                gaps |= q > lastQ[key] + 1;
            }
            lastQ[key] = q;
        }
        client.socket()->close();
        QTRY_COMPARE(sim->connectionCount(), 0);
    }
    QVERIFY2(gaps, "q must not be contiguous");
}

void TestFeedSimData::secondAggregatesMatchTheirTrades()
{
    SimConfig config = fastConfig(3, 0);
    config.marketTickers = {QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA"),
                            QStringLiteral("XOM"), QStringLiteral("KO")};
    config.aggregateDelayMs = 100;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.*,A.*"));
    QTRY_VERIFY_WITH_TIMEOUT(client.eventsOf(QStringLiteral("A")).size() >= 20, 15'000);

    // Trades per (symbol, second), as received.
    struct Window {
        qint64 milli = 0;
        double open = 0, high = 0, low = 1e300, close = 0;
        int trades = 0;
    };
    QHash<QString, QMap<qint64, Window>> windows;
    QHash<QString, int> tradeIndexSeen; // to check A comes after all of its trades
    for (const QJsonObject &t : client.eventsOf(QStringLiteral("T"))) {
        Window &w = windows[t.value(QLatin1String("sym")).toString()][integer(t, "t") / 1000 * 1000];
        const double p = number(t, "p");
        if (!w.trades)
            w.open = p;
        w.high = std::max(w.high, p);
        w.low = std::min(w.low, p);
        w.close = p;
        w.milli += tradeMilli(t);
        ++w.trades;
    }
    QHash<QString, QSet<qint64>> barsSeen;
    QHash<QString, qint64> lastBarStart;
    for (int i = 0; i < client.events.size(); ++i) {
        const QJsonObject &a = client.events[i];
        if (a.value(QLatin1String("ev")).toString() != QLatin1String("A"))
            continue;
        const QString sym = a.value(QLatin1String("sym")).toString();
        const qint64 s = integer(a, "s");
        QCOMPARE(integer(a, "e") - s, 1000);
        QCOMPARE(s % 1000, 0);
        QVERIFY2(windows[sym].contains(s), "an A bar for a second without trades");
        const Window &w = windows[sym][s];
        QCOMPARE(integer(a, "v"), w.milli / 1000);
        QCOMPARE(number(a, "o"), w.open);
        QCOMPARE(number(a, "c"), w.close);
        QCOMPARE(number(a, "h"), w.high);
        QCOMPARE(number(a, "l"), w.low);
        QCOMPARE(integer(a, "z"), std::llround(double(w.milli) / 1000.0 / w.trades));
        QVERIFY(number(a, "vw") >= w.low - 1e-9 && number(a, "vw") <= w.high + 1e-9);
        QVERIFY(integer(a, "av") >= integer(a, "v"));
        for (const char *key : {"op", "a"})
            QVERIFY(a.value(QLatin1String(key)).isDouble());
        QCOMPARE(a.contains(QLatin1String("dv")), a.contains(QLatin1String("dav")));
        if (a.contains(QLatin1String("otc")))
            QCOMPARE(a.value(QLatin1String("otc")), QJsonValue(true));
        // No trade of this window arrives after its bar.
        for (int j = i + 1; j < client.events.size(); ++j) {
            const QJsonObject &later = client.events[j];
            if (later.value(QLatin1String("ev")).toString() == QLatin1String("T")
                && later.value(QLatin1String("sym")).toString() == sym)
                QVERIFY(integer(later, "t") >= s + 1000);
        }
        barsSeen[sym].insert(s);
        lastBarStart[sym] = std::max(lastBarStart.value(sym), s);
    }
    // Every second that traded, up to the last published bar, has its bar.
    for (auto it = windows.cbegin(); it != windows.cend(); ++it) {
        for (auto w = it.value().cbegin(); w != it.value().cend(); ++w) {
            if (w.key() <= lastBarStart.value(it.key(), -1))
                QVERIFY2(barsSeen[it.key()].contains(w.key()), qPrintable(it.key() + QStringLiteral(" missing an A bar")));
        }
    }
}

void TestFeedSimData::minuteAggregateAfterTheBoundary()
{
    // Put a minute boundary 1.5 s after the start.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SimConfig config = fastConfig(30, 0);
    config.timeOffsetMs = (60'000 - now % 60'000) - 1'500;
    config.aggregateDelayMs = 300;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL,T.MSFT,AM.AAPL,AM.MSFT"));
    QTRY_VERIFY_WITH_TIMEOUT(client.eventsOf(QStringLiteral("AM")).size() >= 2, 6'000);
    const qint64 marketNow = QDateTime::currentMSecsSinceEpoch() + config.timeOffsetMs;
    for (const QJsonObject &am : client.eventsOf(QStringLiteral("AM"))) {
        const QString sym = am.value(QLatin1String("sym")).toString();
        const qint64 s = integer(am, "s");
        const qint64 e = integer(am, "e");
        QCOMPARE(e - s, 60'000);
        QCOMPARE(e % 60'000, 0);
        QVERIFY2(marketNow >= e + config.aggregateDelayMs, "AM is published after its minute closes");
        QVERIFY2(marketNow - e < 3'000, "AM comes shortly after the boundary");
        qint64 milli = 0;
        int trades = 0;
        for (const QJsonObject &t : client.eventsOf(QStringLiteral("T"), sym)) {
            if (integer(t, "t") >= s && integer(t, "t") < e) {
                milli += tradeMilli(t);
                ++trades;
            }
        }
        QVERIFY(trades > 0);
        QCOMPARE(integer(am, "v"), milli / 1000);
    }
    QCOMPARE(client.eventsOf(QStringLiteral("AM"), QStringLiteral("AAPL")).size(), 1);
    QCOMPARE(client.eventsOf(QStringLiteral("AM"), QStringLiteral("MSFT")).size(), 1);
}

void TestFeedSimData::noTradesNoBars()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SimConfig config = fastConfig(0, 50);
    config.timeOffsetMs = (60'000 - now % 60'000) - 1'000;
    config.aggregateDelayMs = 100;
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("Q.AAPL,A.AAPL,AM.AAPL"));
    // Quotes keep flowing past the minute boundary, but no trade means no bar at all.
    QTRY_VERIFY_WITH_TIMEOUT(!client.eventsOf(QStringLiteral("Q")).isEmpty()
                                 && (integer(client.eventsOf(QStringLiteral("Q")).last(), "t") % 60'000) > 1'000
                                 && (integer(client.eventsOf(QStringLiteral("Q")).last(), "t") % 60'000) < 30'000,
                             6'000);
    QVERIFY(client.eventsOf(QStringLiteral("A")).isEmpty());
    QVERIFY(client.eventsOf(QStringLiteral("AM")).isEmpty());
}

void TestFeedSimData::wildcardCoversTheMarket()
{
    SimConfig config = fastConfig(20, 0);
    config.marketTickers = {QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA")};
    auto sim = startSimulator(config);
    Client wildcard(sim->url());
    QVERIFY(wildcard.authenticate());
    wildcard.subscribe(QStringLiteral("T.*"));
    const auto symbols = [&wildcard] {
        QSet<QString> seen;
        for (const QJsonObject &t : wildcard.eventsOf(QStringLiteral("T")))
            seen.insert(t.value(QLatin1String("sym")).toString());
        return seen;
    };
    QTRY_COMPARE(symbols(), (QSet<QString>{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA")}));

    // A valid ticker someone subscribes to joins the market, wildcard included.
    Client other(sim->url());
    QVERIFY(other.authenticate());
    other.subscribe(QStringLiteral("T.ZZZZ"));
    QTRY_VERIFY(!other.eventsOf(QStringLiteral("T"), QStringLiteral("ZZZZ")).isEmpty());
    QTRY_VERIFY(symbols().contains(QStringLiteral("ZZZZ")));
    QVERIFY(other.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).isEmpty());
}

void TestFeedSimData::atMostOncePerConnection()
{
    SimConfig config = fastConfig(50, 0);
    config.marketTickers = {QStringLiteral("AAPL"), QStringLiteral("MSFT")};
    auto sim = startSimulator(config);
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.*,T.AAPL"));
    QTRY_VERIFY(client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size() >= 50);
    QSet<qint64> seen;
    for (const QJsonObject &t : client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL"))) {
        QVERIFY2(!seen.contains(integer(t, "q")), "an event was delivered twice");
        seen.insert(integer(t, "q"));
    }
    // Dropping the explicit one keeps the wildcard's stream.
    client.unsubscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("unsubscribed to: T.AAPL")));
    const qsizetype before = client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size();
    QTRY_VERIFY(client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size() > before + 10);
}

void TestFeedSimData::unknownTickerIsAckedAndSilent()
{
    auto sim = startSimulator(fastConfig(50, 50));
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.NOTATICKER,Q.aapl,T.AAPL"));
    QTRY_COMPARE(client.statusCount(QStringLiteral("success")), 3);
    QVERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("subscribed to: T.NOTATICKER")));
    // AAPL's stream is the clock: by the time 100 of its trades arrived, nothing else did.
    QTRY_VERIFY(client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size() >= 100);
    QCOMPARE(client.dataEventCount(), client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size());
}

void TestFeedSimData::unsubscribeStopsData()
{
    auto sim = startSimulator(fastConfig(50, 0));
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL,T.MSFT"));
    QTRY_VERIFY(client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size() >= 20);
    client.unsubscribe(QStringLiteral("T.AAPL"));
    QTRY_VERIFY(client.hasStatus(QStringLiteral("success"), QStringLiteral("unsubscribed to: T.AAPL")));
    const int ackFrame = client.frameWithMessage(QStringLiteral("unsubscribed to: T.AAPL"));
    const qsizetype msftBefore = client.eventsOf(QStringLiteral("T"), QStringLiteral("MSFT")).size();
    QTRY_VERIFY(client.eventsOf(QStringLiteral("T"), QStringLiteral("MSFT")).size() >= msftBefore + 50);
    for (int i = ackFrame + 1; i < client.arrays.size(); ++i) {
        for (const QJsonValue &value : client.arrays[i])
            QVERIFY(value.toObject().value(QLatin1String("sym")).toString() != QLatin1String("AAPL"));
    }
}

void TestFeedSimData::seedMakesStreamsReproducible()
{
    const auto firstTrades = [](quint64 seed, const QString &extra) {
        SimConfig config = fastConfig(100, 100);
        config.seed = seed;
        auto sim = startSimulator(config);
        Client client(sim->url());
        if (!client.authenticate())
            return QList<QByteArray>();
        client.subscribe(QStringLiteral("T.AAPL,Q.AAPL") + extra);
        if (!QTest::qWaitFor([&] { return client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size() >= 30; }, 10'000))
            return QList<QByteArray>();
        QList<QByteArray> out;
        for (const QJsonObject &t : client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).mid(0, 30)) {
            QJsonObject copy = t;
            copy.remove(QStringLiteral("t")); // wall-clock times differ; values and order must not
            copy.remove(QStringLiteral("trft"));
            out << QJsonDocument(copy).toJson(QJsonDocument::Compact);
        }
        return out;
    };
    const QList<QByteArray> a = firstTrades(7, {});
    QCOMPARE(a.size(), 30);
    QCOMPARE(firstTrades(7, QStringLiteral(",T.MSFT,Q.NVDA")), a); // other tickers do not disturb AAPL's stream
    QVERIFY(firstTrades(8, {}) != a);
}

void TestFeedSimData::countersMatchWhatTheClientReceived()
{
    auto sim = startSimulator(fastConfig(40, 80));
    Client client(sim->url());
    QVERIFY(client.authenticate());
    client.subscribe(QStringLiteral("T.AAPL,Q.AAPL,A.AAPL,T.MSFT"));
    QTRY_VERIFY_WITH_TIMEOUT(client.eventsOf(QStringLiteral("A")).size() >= 2, 10'000);
    client.unsubscribe(QStringLiteral("T.AAPL,Q.AAPL,A.AAPL,T.MSFT"));
    QTRY_COMPARE(client.statusCount(QStringLiteral("success")), 8);
    // After the unsubscribe acks nothing more is sent, so the counts are final on both sides.
    const auto counters = sim->counters();
    using tickstock::sim::EventType;
    QCOMPARE(counters.tickerCount("AAPL", EventType::Trade), client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size());
    QCOMPARE(counters.tickerCount("AAPL", EventType::Quote), client.eventsOf(QStringLiteral("Q"), QStringLiteral("AAPL")).size());
    QCOMPARE(counters.tickerCount("AAPL", EventType::SecondAggregate), client.eventsOf(QStringLiteral("A")).size());
    QCOMPARE(counters.tickerCount("MSFT", EventType::Trade), client.eventsOf(QStringLiteral("T"), QStringLiteral("MSFT")).size());
    QCOMPARE(counters.eventCount(EventType::Status), client.statuses.size());
    QCOMPARE(counters.frames, client.texts.size());
    qint64 bytes = 0;
    for (const QByteArray &text : client.texts)
        bytes += text.size() + (text.size() < 126 ? 2 : text.size() <= 0xFFFF ? 4 : 10);
    QCOMPARE(counters.bytes, bytes);
    const QJsonObject json = counters.toJson();
    QCOMPARE(json[QLatin1String("tickers")][QLatin1String("AAPL")][QLatin1String("T")].toInteger(),
             client.eventsOf(QStringLiteral("T"), QStringLiteral("AAPL")).size());
    QCOMPARE(json[QLatin1String("totals")][QLatin1String("auth_ok")].toInteger(), 1);
}

QTEST_GUILESS_MAIN(TestFeedSimData)
#include "tst_feedsim_data.moc"
