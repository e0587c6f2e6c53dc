// Universes (config/universes.h): the JSON file, source chains, exact/union resolution, default
// file discovery and the shipped resources/universes.json.

#include "config/configvalues.h"
#include "config/universes.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace tickstock::config;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QString fixture(const char *name)
{
    return QStringLiteral(TICKSTOCK_FIXTURES_DIR "/config/") + QString::fromUtf8(name);
}

QString shippedUniverses()
{
    return QDir::cleanPath(QStringLiteral(TICKSTOCK_FIXTURES_DIR "/../../resources/universes.json"));
}

// Stands in for the Redis source: a map, counting lookups.
class MapSource final : public UniverseSource {
public:
    explicit MapSource(QMap<QString, QStringList> map) : m_map(std::move(map)) {}
    std::optional<QStringList> lookup(const QString &key) const override
    {
        ++lookups;
        if (!m_map.contains(key))
            return std::nullopt;
        return m_map.value(key);
    }
    mutable int lookups = 0;

private:
    QMap<QString, QStringList> m_map;
};
} // namespace

class TestConfigUniverses final : public QObject {
    Q_OBJECT
private slots:
    void loadsFixture()
    {
        UniverseFile file;
        QString error;
        QVERIFY2(file.load(fixture("universes.json"), &error), qPrintable(error));
        QCOMPARE(file.path(), fixture("universes.json"));
        QCOMPARE(file.lookup(s("tech")), std::optional<QStringList>(QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
        QCOMPARE(file.description(s("tech")), s("three tech names"));
        // bare arrays are accepted; tickers trimmed, upper-cased, de-duplicated
        QCOMPARE(file.lookup(s("bare")), std::optional<QStringList>(QStringList{s("SPY"), s("QQQ"), s("BRK.B")}));
        QCOMPARE(file.lookup(s("empty")), std::optional<QStringList>(QStringList{}));
        QVERIFY(!file.lookup(s("nope")));
        QVERIFY(!file.lookup(s("TECH"))); // keys are case-sensitive
    }

    void reportsFileErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << QByteArray("{\"universes\": {\"x\": [\"AAPL\",]}")
                                  << s("u.json: not valid JSON at offset 29: "); // then Qt's own words
        QTest::newRow("array at top") << QByteArray("[]") << s("u.json: expected a JSON object {\"universes\": {...}}");
        QTest::newRow("no universes")
            << QByteArray("{\"sets\": {}}")
            << s("u.json: expected an object member \"universes\" mapping keys to universes");
        QTest::newRow("universe is a string")
            << QByteArray(R"({"universes": {"x": "AAPL"}})")
            << s("u.json: universe \"x\": expected an object with a \"tickers\" array");
        QTest::newRow("tickers missing") << QByteArray(R"({"universes": {"x": {"description": "d"}}})")
                                         << s("u.json: universe \"x\": expected a \"tickers\" array");
        QTest::newRow("ticker not a string") << QByteArray(R"({"universes": {"x": {"tickers": ["AAPL", 5]}}})")
                                             << s("u.json: universe \"x\": ticker #2 is not a string");
        QTest::newRow("invalid ticker")
            << QByteArray(R"({"universes": {"x": {"tickers": ["AAPL", "NOT A TICKER"]}}})")
            << s("u.json: universe \"x\": invalid ticker \"NOT A TICKER\" (use A-Z, 0-9, '.' and '-', at most 12 "
                 "characters)");
        QTest::newRow("description not a string")
            << QByteArray(R"({"universes": {"x": {"description": 1, "tickers": []}}})")
            << s("u.json: universe \"x\": \"description\" must be a string");
        QTest::newRow("blank key") << QByteArray(R"({"universes": {" x": []}})")
                                   << s("u.json: universe \" x\": keys must be non-empty without surrounding blanks");
    }
    void reportsFileErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        UniverseFile file;
        QString actual;
        QVERIFY(!file.loadFromData(json, s("u.json"), &actual));
        if (error.endsWith(s(": ")))
            QVERIFY2(actual.startsWith(error) && actual.size() > error.size(), qPrintable(actual));
        else
            QCOMPARE(actual, error);
        QVERIFY(file.isEmpty());
    }

    void missingFileIsAnError()
    {
        UniverseFile file;
        QString error;
        QVERIFY(!file.load(s("/nonexistent/universes.json"), &error));
        QVERIFY2(error.startsWith(s("/nonexistent/universes.json: cannot read universes file: ")), qPrintable(error));
        QVERIFY(!file.load(fixture("bad_ticker.json"), &error));
        QVERIFY2(error.contains(s("universe \"broken\": invalid ticker \"NOT A TICKER\"")), qPrintable(error));
        QVERIFY(file.isEmpty()); // a failed load leaves nothing half-loaded
        QVERIFY(!file.load(fixture("not_json.json"), &error));
        QVERIFY2(error.startsWith(fixture("not_json.json") + s(": not valid JSON at offset ")), qPrintable(error));
    }

    void resolves_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("found");
        QTest::addColumn<QStringList>("tickers");
        QTest::addColumn<QString>("how");

        QTest::newRow("exact") << s("tech") << true << QStringList{s("AAPL"), s("MSFT"), s("NVDA")} << s("universe tech");
        QTest::newRow("exact with colon") << s("sector:finance") << true << QStringList{s("JPM"), s("BAC"), s("MSFT")}
                                          << s("universe sector:finance");
        QTest::newRow("union of two plain keys")
            << s("tech:energy") << true << QStringList{s("AAPL"), s("MSFT"), s("NVDA"), s("XOM"), s("CVX")}
            << s("union of tech + energy");
        QTest::newRow("union de-duplicates in order")
            << s("tech:sector:finance") << true
            << QStringList{s("AAPL"), s("MSFT"), s("NVDA"), s("JPM"), s("BAC")} << s("union of tech + sector:finance");
        QTest::newRow("union of namespaced keys")
            << s("sector:finance:sector:health") << true
            << QStringList{s("JPM"), s("BAC"), s("MSFT"), s("UNH"), s("JNJ")}
            << s("union of sector:finance + sector:health");
        QTest::newRow("union of three") << s("energy:tech:energy") << true
                                        << QStringList{s("XOM"), s("CVX"), s("AAPL"), s("MSFT"), s("NVDA")}
                                        << s("union of energy + tech + energy");
        QTest::newRow("one part unknown") << s("tech:nope") << false << QStringList{} << QString();
        QTest::newRow("unknown") << s("nope") << false << QStringList{} << QString();
        QTest::newRow("prefix of a key is not a universe") << s("sector") << false << QStringList{} << QString();
        QTest::newRow("empty part") << s("tech::energy") << false << QStringList{} << QString();
        QTest::newRow("blank key") << s("  ") << false << QStringList{} << QString();
        QTest::newRow("surrounding blanks ignored") << s(" energy ") << true << QStringList{s("XOM"), s("CVX")}
                                                    << s("universe energy");
    }
    void resolves()
    {
        QFETCH(QString, key);
        QFETCH(bool, found);
        QFETCH(QStringList, tickers);
        QFETCH(QString, how);
        UniverseFile file;
        QVERIFY(file.load(fixture("universes.json")));
        QString actualHow;
        const std::optional<QStringList> result = resolveUniverse(file, key, &actualHow);
        QCOMPARE(result.has_value(), found);
        if (found) {
            QCOMPARE(*result, tickers);
            QCOMPARE(actualHow, how);
        }
    }

    void chainAsksSourcesInOrder()
    {
        UniverseFile file;
        QVERIFY(file.load(fixture("universes.json")));
        MapSource redis({{s("tech"), {s("IBM")}}, {s("redis:only"), {s(" aapl "), s("AAPL")}}});
        const UniverseChain chain({&redis, &file});
        QCOMPARE(chain.size(), 2);
        QCOMPARE(chain.lookup(s("tech")), std::optional<QStringList>(QStringList{s("IBM")})); // first source wins
        QCOMPARE(chain.lookup(s("energy")), std::optional<QStringList>(QStringList{s("XOM"), s("CVX")}));
        QVERIFY(!chain.lookup(s("nope")));
        // resolveUniverse normalises what a source returns and unions across sources
        QCOMPARE(resolveUniverse(chain, s("redis:only")), std::optional<QStringList>(QStringList{s("AAPL")}));
        QCOMPARE(resolveUniverse(chain, s("tech:energy")),
                 std::optional<QStringList>(QStringList{s("IBM"), s("XOM"), s("CVX")}));

        UniverseChain empty;
        empty.append(nullptr);
        QCOMPARE(empty.size(), 0);
        QVERIFY(!resolveUniverse(empty, s("tech")));
    }

    void unionSearchIsBounded()
    {
        // 20 parts that never form a key: memoised search, not 2^19 partitions.
        MapSource source({{s("a"), {s("A")}}});
        QStringList parts(20, s("x"));
        QVERIFY(!resolveUniverse(source, parts.join(QLatin1Char(':'))));
        QVERIFY2(source.lookups < 400, qPrintable(QString::number(source.lookups)));
    }

    void defaultFileDiscovery()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QMap<QString, QString> env{{s("TICKSTOCK_DATA_DIR"), dir.path()}};
        const QStringList candidates = defaultUniversesFileCandidates(env);
        QCOMPARE(candidates.first(), dir.filePath(s("universes.json")));
        QVERIFY(candidates.contains(s("/usr/share/tickstock-monitor/universes.json")));
        QCOMPARE(candidates.last(), shippedUniverses()); // the source tree, last resort
        QVERIFY(candidates.indexOf(QDir::cleanPath(QCoreApplication::applicationDirPath()
                                                   + s("/../share/tickstock-monitor/universes.json")))
                == 1);

        // Without the data dir file the search falls through to an existing later candidate.
        QVERIFY(!findDefaultUniversesFile(env).isEmpty());
        QVERIFY(findDefaultUniversesFile(env) != dir.filePath(s("universes.json")));

        QVERIFY(QFile::copy(fixture("universes.json"), dir.filePath(s("universes.json"))));
        QCOMPARE(findDefaultUniversesFile(env), dir.filePath(s("universes.json")));
        QCOMPARE(defaultUniversesFileCandidates({}).first(),
                 QDir::cleanPath(QCoreApplication::applicationDirPath() + s("/../share/tickstock-monitor/universes.json")));
    }

    void shippedFileHasTheRequiredUniverses_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("minimum");
        QTest::addColumn<int>("maximum");
        QTest::addColumn<QStringList>("mustContain");
        QTest::newRow("top 50") << s("market_leaders:top_50") << 50 << 50
                                << QStringList{s("AAPL"), s("MSFT"), s("NVDA"), s("AMZN"), s("GOOGL"), s("BRK.B")};
        QTest::newRow("finance") << s("sector:finance") << 20 << 30 << QStringList{s("JPM"), s("GS"), s("BAC")};
        QTest::newRow("healthcare") << s("sector:healthcare") << 20 << 30 << QStringList{s("UNH"), s("LLY"), s("JNJ")};
        QTest::newRow("technology") << s("sector:technology") << 20 << 30 << QStringList{s("AAPL"), s("ORCL"), s("AMD")};
        QTest::newRow("energy") << s("sector:energy") << 12 << 20 << QStringList{s("XOM"), s("CVX"), s("COP")};
        QTest::newRow("etfs") << s("etf:major") << 12 << 20 << QStringList{s("SPY"), s("QQQ"), s("IWM"), s("DIA")};
        QTest::newRow("dow 30") << s("index:dow30") << 30 << 30 << QStringList{s("NVDA"), s("SHW"), s("MMM")};
    }
    void shippedFileHasTheRequiredUniverses()
    {
        QFETCH(QString, key);
        QFETCH(int, minimum);
        QFETCH(int, maximum);
        QFETCH(QStringList, mustContain);
        UniverseFile file;
        QString error;
        QVERIFY2(file.load(shippedUniverses(), &error), qPrintable(error));
        const std::optional<QStringList> tickers = file.lookup(key);
        QVERIFY(tickers);
        QVERIFY2(tickers->size() >= minimum && tickers->size() <= maximum, qPrintable(QString::number(tickers->size())));
        QCOMPARE(QSet<QString>(tickers->begin(), tickers->end()).size(), tickers->size());
        for (const QString &t : mustContain)
            QVERIFY2(tickers->contains(t), qPrintable(t));
        for (const QString &t : *tickers)
            QVERIFY2(isValidTicker(t), qPrintable(t));
        QVERIFY(!file.description(key).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConfigUniverses)
#include "tst_config_universes.moc"
