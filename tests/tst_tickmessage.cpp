// The Redis tick message (publish/tickmessage.h): the exact bytes per event type, field order,
// JSON escaping of odd symbols, number formatting; normalisation of T/Q/A/AM events (docs/redis.md);
// RESP framing of pipelined commands. Hermetic.

#include "massive/frameparser.h"
#include "publish/resp.h"
#include "publish/tick.h"
#include "publish/tickmessage.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>

using namespace tickstock;
using namespace tickstock::publish;

namespace {

QByteArray bytes(const std::string &s) { return QByteArray(s.data(), static_cast<qsizetype>(s.size())); }

std::string dbl(double v)
{
    std::string out;
    appendJsonDouble(out, v);
    return out;
}

std::string str(std::string_view v)
{
    std::string out;
    appendJsonString(out, v);
    return out;
}

Tick normalised(const char *frame, int connection = 1, qint64 nowMs = 1'700'000'000'000)
{
    massive::FrameParser parser;
    const massive::ParseResult result = parser.parse(frame);
    if (result.events.size() != 1 || !result.errors.empty())
        qFatal("fixture frame did not parse to one event: %s", frame);
    Tick tick;
    if (!normaliseEvent(result.events.front(), connection, nowMs, tick))
        qFatal("fixture frame is not a tick: %s", frame);
    return tick;
}

QJsonObject parsed(const std::string &message)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes(message), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("not a JSON object (%s): %s", qPrintable(error.errorString()), message.c_str());
    return doc.object();
}

} // namespace

class TestTickMessage final : public QObject {
    Q_OBJECT
private slots:
    void trade()
    {
        const Tick t = normalised(R"([{"ev":"T","sym":"AAPL","x":4,"i":"52983525029461","z":3,"p":178.23,"s":100,"c":[14,41],"t":1705853696123,"q":3500}])", 2);
        QCOMPARE(bytes(tickMessage(t)),
                 QByteArray(R"({"type":"market_tick","symbol":"AAPL","price":178.23,"volume":100,"timestamp":1705853696.123,)"
                            R"("source":"massive","event_type":"T","connection_id":"connection_2"})"));
    }

    void quoteIsTheMidWithBidAndAsk()
    {
        const Tick t = normalised(R"([{"ev":"Q","sym":"MSFT","bx":4,"bp":410.1,"bs":2,"ax":7,"ap":410.2,"as":3,"c":0,"t":1705853696000,"q":9}])");
        QCOMPARE(t.kind, TickKind::Quote);
        QCOMPARE(t.price, (410.1 + 410.2) / 2.0);
        QCOMPARE(t.volume, std::int64_t(0));
        const std::string m = tickMessage(t);
        QVERIFY2(m.starts_with(R"({"type":"market_tick","symbol":"MSFT","price":410.15)"), m.c_str());
        QVERIFY2(m.ends_with(R"("timestamp":1705853696.0,"source":"massive","event_type":"Q","connection_id":"connection_1","bid":410.1,"ask":410.2})"), m.c_str());
        const QJsonObject o = parsed(m);
        QCOMPARE(o.value(QStringLiteral("bid")).toDouble(), 410.1);
        QCOMPARE(o.value(QStringLiteral("ask")).toDouble(), 410.2);
        QCOMPARE(o.value(QStringLiteral("volume")).toInteger(), 0);
    }

    void quoteWithOneSideUsesThatSideAndNull()
    {
        const Tick t = normalised(R"([{"ev":"Q","sym":"X","bp":5.5,"t":1000}])");
        QCOMPARE(t.price, 5.5);
        const QJsonObject o = parsed(tickMessage(t));
        QCOMPARE(o.value(QStringLiteral("bid")).toDouble(), 5.5);
        QVERIFY(o.value(QStringLiteral("ask")).isNull());
        QCOMPARE(o.value(QStringLiteral("timestamp")).toDouble(), 1.0);
    }

    void aggregates_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("A") << QByteArray(R"([{"ev":"A","sym":"NVDA","v":1200,"av":98765,"op":880.0,"vw":881.2345,"o":880.5,"c":882.25,"h":883,"l":880.1,"a":879.9,"z":40,"s":1705853696000,"e":1705853697000}])")
                           << QByteArray(R"({"type":"market_tick","symbol":"NVDA","price":882.25,"volume":1200,"timestamp":1705853697.0,)"
                                         R"("source":"massive","event_type":"A","connection_id":"connection_3","open":880.5,"high":883.0,)"
                                         R"("low":880.1,"close":882.25,"vwap":881.2345})");
        QTest::newRow("AM") << QByteArray(R"([{"ev":"AM","sym":"NVDA","v":50000,"vw":881.5,"o":880,"c":882,"h":884,"l":879,"s":1705853640000,"e":1705853700000}])")
                            << QByteArray(R"({"type":"market_tick","symbol":"NVDA","price":882.0,"volume":50000,"timestamp":1705853700.0,)"
                                          R"("source":"massive","event_type":"AM","connection_id":"connection_3","open":880.0,"high":884.0,)"
                                          R"("low":879.0,"close":882.0,"vwap":881.5})");
        QTest::newRow("A without e or vw") << QByteArray(R"([{"ev":"A","sym":"IBM","v":1,"o":1,"c":2,"h":3,"l":0.5,"s":1705853696000}])")
                                           << QByteArray(R"({"type":"market_tick","symbol":"IBM","price":2.0,"volume":1,"timestamp":1705853696.0,)"
                                                         R"("source":"massive","event_type":"A","connection_id":"connection_3","open":1.0,"high":3.0,)"
                                                         R"("low":0.5,"close":2.0,"vwap":null})");
    }
    void aggregates()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, expected);
        const Tick t = normalised(frame.constData(), 3);
        QCOMPARE(bytes(tickMessage(t)), expected);
        parsed(tickMessage(t)); // valid JSON
    }

    void missingTimestampUsesReceiveTime()
    {
        const Tick t = normalised(R"([{"ev":"T","sym":"AAPL","p":1.5,"s":10}])", 1, 1'705'853'696'999);
        QCOMPARE(t.timestampMs, std::int64_t(1'705'853'696'999));
        QCOMPARE(parsed(tickMessage(t)).value(QStringLiteral("timestamp")).toDouble(), 1705853696.999);
    }

    void nonTicksAreNotPublished()
    {
        massive::FrameParser parser;
        const massive::ParseResult r = parser.parse(
            R"([{"ev":"status","status":"connected","message":"Connected Successfully"},)"
            R"({"ev":"LULD","T":"AAPL","h":190.5,"l":170.2,"i":[],"z":3,"t":1705853696123456789,"q":1},)"
            R"({"ev":"NOI","T":"AAPL","t":1705853696123456789,"at":1600,"a":"C","i":1,"x":4,"o":100,"p":200,"b":180.5}])");
        QCOMPARE(r.events.size(), std::size_t(3));
        Tick tick;
        for (const massive::Event &e : r.events)
            QVERIFY(!normaliseEvent(e, 1, 0, tick));
    }

    void symbolsAreEscaped_data()
    {
        QTest::addColumn<QByteArray>("symbol");
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("dot") << QByteArray("BRK.B") << QByteArray(R"("BRK.B")");
        QTest::newRow("quote and backslash") << QByteArray("A\"B\\C") << QByteArray("\"A\\\"B\\\\C\"");
        QTest::newRow("control") << QByteArray("X\n\t\r\b\f\x01\x1f") << QByteArray("\"X\\n\\t\\r\\b\\f\\u0001\\u001f\"");
        QTest::newRow("utf-8 passes through") << QByteArray("\xc3\x9c") << QByteArray("\"\xc3\x9c\"");
        QTest::newRow("slash and DEL stay") << QByteArray("a/b\x7f") << QByteArray("\"a/b\x7f\"");
        QTest::newRow("empty") << QByteArray() << QByteArray(R"("")");
    }
    void symbolsAreEscaped()
    {
        QFETCH(QByteArray, symbol);
        QFETCH(QByteArray, json);
        QCOMPARE(bytes(str(std::string_view(symbol.constData(), static_cast<std::size_t>(symbol.size())))), json);
        Tick t;
        t.symbol.assign(symbol.constData(), static_cast<std::size_t>(symbol.size()));
        t.price = 1;
        const QJsonObject o = parsed(tickMessage(t)); // the whole message stays valid JSON
        QCOMPARE(o.value(QStringLiteral("symbol")).toString(), QString::fromUtf8(symbol));
    }

    void symbolWithQuoteAndBackslashFromTheFeed()
    {
        // The codec unescapes the wire symbol; the publisher escapes it again.
        const Tick t = normalised("[{\"ev\":\"T\",\"sym\":\"A\\\"B\\\\C\",\"p\":1,\"s\":1,\"t\":1}]");
        QCOMPARE(t.symbol, std::string("A\"B\\C"));
        const std::string m = tickMessage(t);
        QVERIFY2(m.find("\"symbol\":\"A\\\"B\\\\C\"") != std::string::npos, m.c_str());
        QCOMPARE(parsed(m).value(QStringLiteral("symbol")).toString(), QStringLiteral("A\"B\\C"));
    }

    void numbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("shortest") << 178.23 << QByteArray("178.23");
        QTest::newRow("0.1+0.2 round-trips") << (0.1 + 0.2) << QByteArray("0.30000000000000004");
        QTest::newRow("integral keeps .0") << 100.0 << QByteArray("100.0");
        QTest::newRow("zero") << 0.0 << QByteArray("0.0");
        QTest::newRow("negative") << -2.5 << QByteArray("-2.5");
        QTest::newRow("tiny") << 1e-7 << QByteArray("1e-07");
        QTest::newRow("huge") << 1e21 << QByteArray("1e+21");
        QTest::newRow("sub-penny") << 0.0001 << QByteArray("0.0001");
        QTest::newRow("below 1e-4") << 0.00001234 << QByteArray("1.234e-05");
        QTest::newRow("large fixed") << 123456789012345.6 << QByteArray("123456789012345.6");
        QTest::newRow("1e16") << 1e16 << QByteArray("1e+16");
        QTest::newRow("largest fixed") << 9999999999999998.0 << QByteArray("9999999999999998.0");
        QTest::newRow("negative tiny") << -1e-7 << QByteArray("-1e-07");
        // The plain shortest form would use an exponent for these: they must stay fixed.
        QTest::newRow("1e5 stays fixed") << 100000.0 << QByteArray("100000.0");
        QTest::newRow("1.5e9 stays fixed") << 1.5e9 << QByteArray("1500000000.0");
        QTest::newRow("1e15 stays fixed") << 1e15 << QByteArray("1000000000000000.0");
        QTest::newRow("0.0001 stays fixed") << 0.0001 << QByteArray("0.0001");
        QTest::newRow("0.00012 stays fixed") << 0.00012 << QByteArray("0.00012");
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QByteArray("null");
        QTest::newRow("inf") << std::numeric_limits<double>::infinity() << QByteArray("null");
    }
    void numbers()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, text);
        const std::string out = dbl(value);
        QCOMPARE(bytes(out), text);
        if (std::isfinite(value))
            QCOMPARE(std::stod(out), value); // round trip
    }

    void epochSeconds_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("ms") << qint64(1705853696123) << QByteArray("1705853696.123");
        QTest::newRow("whole second") << qint64(1705853696000) << QByteArray("1705853696.0");
        QTest::newRow("10 ms") << qint64(1705853696010) << QByteArray("1705853696.01");
        QTest::newRow("1 ms") << qint64(1705853696001) << QByteArray("1705853696.001");
        QTest::newRow("zero") << qint64(0) << QByteArray("0.0");
        QTest::newRow("100 ms") << qint64(100) << QByteArray("0.1");
        QTest::newRow("negative") << qint64(-1500) << QByteArray("-1.5");
        QTest::newRow("at the integer limit") << qint64(kIntegerEpochLimitMs) << QByteArray("1000000000000.0");
    }
    void epochSeconds()
    {
        QFETCH(qint64, ms);
        QFETCH(QByteArray, text);
        std::string out;
        appendEpochSeconds(out, ms);
        QCOMPARE(bytes(out), text);
    }

    // The fast paths write exactly what the general conversion writes: std::to_chars shortest
    // digits, fixed notation in [1e-4, 1e16), ".0" on integral values.
    void doublesMatchTheGeneralForm()
    {
        const auto reference = [](double value) {
            char buffer[64];
            const double m = std::fabs(value);
            const bool fixed = m == 0.0 || (m >= 1e-4 && m < 1e16);
            const auto r = fixed ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                                 : std::to_chars(buffer, buffer + sizeof buffer, value);
            std::string text(buffer, r.ptr);
            if (text.find_first_of(".e") == std::string::npos)
                text += ".0";
            return text;
        };
        std::mt19937_64 rng(11);
        std::uniform_int_distribution<std::int64_t> cents(1, 100'000'000);
        std::uniform_int_distribution<int> decimals(0, 8);
        std::uniform_real_distribution<double> exponent(-7, 19);
        std::uniform_real_distribution<double> unit(0, 1);
        for (int i = 0; i < 300'000; ++i) {
            double value = 0;
            switch (i % 4) {
            case 0: value = double(cents(rng)) / 100; break;                                   // prices in cents
            case 1: value = double(cents(rng)) / std::pow(10.0, decimals(rng)); break;        // other decimals
            case 2: value = std::pow(10.0, exponent(rng)) * (unit(rng) < 0.5 ? -1 : 1); break; // anything
            case 3: value = (double(cents(rng)) / 100) * 1.1 + 0.1; break;                     // arithmetic results
            }
            std::string fast;
            appendJsonDouble(fast, value);
            const std::string expected = reference(value);
            if (fast != expected)
                QFAIL(qPrintable(QStringLiteral("%1: %2, expected %3").arg(value, 0, 'g', 17).arg(QString::fromStdString(fast), QString::fromStdString(expected))));
        }
    }

    // The integer fast path writes exactly what formatting ms / 1000.0 writes.
    void epochSecondsMatchTheDoubleForm()
    {
        std::mt19937_64 rng(7);
        std::uniform_int_distribution<std::int64_t> any(0, kIntegerEpochLimitMs - 1);
        std::uniform_int_distribution<std::int64_t> recent(1'600'000'000'000, 2'000'000'000'000);
        for (int i = 0; i < 200'000; ++i) {
            const std::int64_t ms = (i & 1) ? any(rng) : recent(rng);
            std::string fast, slow;
            appendEpochSeconds(fast, ms);
            appendJsonDouble(slow, static_cast<double>(ms) / 1000.0);
            if (fast != slow)
                QFAIL(qPrintable(QStringLiteral("%1: %2 vs %3").arg(ms).arg(QString::fromStdString(fast), QString::fromStdString(slow))));
        }
    }

    void integers()
    {
        std::string out;
        appendJsonInteger(out, std::numeric_limits<std::int64_t>::min());
        out.push_back(' ');
        appendJsonInteger(out, 0);
        QCOMPARE(bytes(out), QByteArray("-9223372036854775808 0"));
    }

    void appendReusesTheBuffer()
    {
        const Tick t = normalised(R"([{"ev":"T","sym":"AAPL","p":1.25,"s":3,"t":1000}])");
        std::string buffer = "prefix|";
        appendTickMessage(buffer, t);
        QVERIFY(buffer.starts_with("prefix|{\"type\":\"market_tick\""));
        QCOMPARE(buffer.size(), 7 + tickMessage(t).size());
    }

    void respFraming()
    {
        std::string out;
        appendRespCommand(out, {"PUBLISH", "tickstock:market:ticks", "{\"a\":1}"});
        QCOMPARE(bytes(out), QByteArray("*3\r\n$7\r\nPUBLISH\r\n$22\r\ntickstock:market:ticks\r\n$7\r\n{\"a\":1}\r\n"));
        out.clear();
        appendRespArrayHeader(out, 2);
        appendRespBulk(out, std::string_view("a\r\nb", 4)); // binary-safe
        appendRespBulk(out, "");
        QCOMPARE(bytes(out), QByteArray("*2\r\n$4\r\na\r\nb\r\n$0\r\n\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestTickMessage)
#include "tst_tickmessage.moc"
