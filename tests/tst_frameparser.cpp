// The Massive frame codec: every event type, optional fields, and every malformed case.

#include "massive/frameparser.h"

#include <QtCore/QFile>
#include <QtTest/QTest>

using namespace tickstock::massive;

namespace {
std::string fixture(const QString &name)
{
    QFile file(QStringLiteral(TICKSTOCK_FIXTURES_DIR "/frames/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll().toStdString();
}

QByteArrayList errorKinds(const ParseResult &r)
{
    QByteArrayList kinds;
    for (const ParseError &e : r.errors)
        kinds.append(QByteArray(parseErrorKindName(e.kind).data(), qsizetype(parseErrorKindName(e.kind).size())));
    return kinds;
}

QString allErrors(const ParseResult &r)
{
    QStringList lines;
    for (const ParseError &e : r.errors)
        lines.append(QString::fromStdString(e.toString()));
    return lines.join(QLatin1Char('\n'));
}

template<typename T>
const T &eventAt(const ParseResult &r, int index)
{
    if (index >= static_cast<int>(r.events.size()) || !std::holds_alternative<T>(r.events[index]))
        qFatal("event %d is missing or of another type", index);
    return std::get<T>(r.events[index]);
}
} // namespace

class TestFrameParser final : public QObject {
    Q_OBJECT
private slots:
    void statusEvents()
    {
        FrameParser parser;
        ParseResult r = parser.parse(fixture(QStringLiteral("status_connected.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        QCOMPARE(r.events.size(), size_t(1));
        QCOMPARE(eventAt<StatusEvent>(r, 0).status, std::string("connected"));
        QCOMPARE(eventAt<StatusEvent>(r, 0).message, std::string("Connected Successfully"));
        QCOMPARE(kindOf(r.events[0]), EventKind::Status);

        r = parser.parse(fixture(QStringLiteral("acks_multi.json")));
        QVERIFY(r.ok());
        QCOMPARE(r.events.size(), size_t(3));
        QCOMPARE(eventAt<StatusEvent>(r, 2).status, std::string("success"));
        QCOMPARE(eventAt<StatusEvent>(r, 2).message, std::string("subscribed to: AM.*"));
    }

    void tradeAllFields()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("trade_full.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Trade &t = eventAt<Trade>(r, 0);
        QCOMPARE(t.symbol, std::string("MSFT"));
        QCOMPARE(t.exchange, 4);
        QCOMPARE(t.id, std::string("12345"));
        QCOMPARE(t.tape, 3);
        QCOMPARE(t.price, 114.125);
        QCOMPARE(t.size, std::int64_t(100));
        QCOMPARE(t.conditions.size(), 2);
        QCOMPARE(t.conditions[0], 0);
        QCOMPARE(t.conditions[1], 12);
        QCOMPARE(t.timestamp, std::int64_t(1536036818784));
        QCOMPARE(t.sequence, std::int64_t(3681328));
        QCOMPARE(t.sizeDecimal, std::string("100.5"));
        QCOMPARE(t.trfId, std::int64_t(202));
        QCOMPARE(t.trfTimestamp, std::int64_t(1536036818780));
        QCOMPARE(t.participantTimestamp, std::int64_t(1536036818781123456));
        const std::uint32_t all = Trade::Exchange | Trade::Id | Trade::Tape | Trade::Price | Trade::Size
            | Trade::SizeDecimal | Trade::Conditions | Trade::Timestamp | Trade::Sequence | Trade::TrfId
            | Trade::TrfTimestamp | Trade::ParticipantTimestamp;
        QCOMPARE(t.present, all);
    }

    void tradeOptionalFieldsAbsent()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("trade_minimal.json")));
        QVERIFY(r.ok());
        const Trade &t = eventAt<Trade>(r, 0);
        QCOMPARE(t.symbol, std::string("AAPL"));
        QCOMPARE(t.present, 0u);
        QVERIFY(!t.has(Trade::Conditions));
        QVERIFY(!t.has(Trade::SizeDecimal));
        QVERIFY(!t.has(Trade::TrfId));
        QVERIFY(t.conditions.isEmpty());
    }

    void tradeNumericIdAndDoubleSize()
    {
        // `i` is a string on the wire but some publishers send a number; `s` may arrive as a double.
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("trade_numeric_id.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Trade &t = eventAt<Trade>(r, 0);
        QCOMPARE(t.id, std::string("987654321"));
        QCOMPARE(t.size, std::int64_t(250));
    }

    void quoteAllFields()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("quote_full.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Quote &q = eventAt<Quote>(r, 0);
        QCOMPARE(q.symbol, std::string("MSFT"));
        QCOMPARE(q.bidExchange, 4);
        QCOMPARE(q.bidPrice, 114.125);
        QCOMPARE(q.bidSize, std::int64_t(100)); // round lots, as sent
        QCOMPARE(q.askExchange, 7);
        QCOMPARE(q.askPrice, 114.128);
        QCOMPARE(q.askSize, std::int64_t(160));
        QCOMPARE(q.condition, 0);
        QCOMPARE(q.indicators.size(), 1);
        QCOMPARE(q.indicators[0], 604);
        QCOMPARE(q.timestamp, std::int64_t(1536036818784));
        QCOMPARE(q.sequence, std::int64_t(50385480));
        QCOMPARE(q.tape, 3);
        QVERIFY(q.has(Quote::Condition) && q.has(Quote::Indicators));
        QCOMPARE(q.mid(), (114.125 + 114.128) / 2);
    }

    void secondAggregate()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("agg_second.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Aggregate &a = eventAt<Aggregate>(r, 0);
        QCOMPARE(kindOf(r.events[0]), EventKind::SecondAggregate);
        QVERIFY(!a.minute);
        QCOMPARE(a.symbol, std::string("SPCE"));
        QCOMPARE(a.volume, std::int64_t(200));
        QCOMPARE(a.accumulatedVolume, std::int64_t(8642007));
        QCOMPARE(a.officialOpen, 25.66);
        QCOMPARE(a.vwap, 25.3981);
        QCOMPARE(a.open, 25.39);
        QCOMPARE(a.close, 25.39);
        QCOMPARE(a.high, 25.39);
        QCOMPARE(a.low, 25.39);
        QCOMPARE(a.todayVwap, 25.3714);
        QCOMPARE(a.averageSize, std::int64_t(50));
        QCOMPARE(a.end - a.start, std::int64_t(1000));
        QVERIFY(!a.has(Aggregate::Otc));
        QVERIFY(!a.otc);
        QVERIFY(!a.has(Aggregate::VolumeDecimal));
    }

    void minuteAggregateWithDecimals()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("agg_minute.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Aggregate &a = eventAt<Aggregate>(r, 0);
        QCOMPARE(kindOf(r.events[0]), EventKind::MinuteAggregate);
        QVERIFY(a.minute);
        QCOMPARE(a.end - a.start, std::int64_t(60000));
        QVERIFY(a.otc);
        QVERIFY(a.has(Aggregate::Otc));
        QCOMPARE(a.volumeDecimal, std::string("4989.0"));
        QCOMPARE(a.accumulatedVolumeDecimal, std::string("4332125.038360")); // exact, never a double
    }

    void luldAndImbalance()
    {
        FrameParser parser;
        ParseResult r = parser.parse(fixture(QStringLiteral("luld.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Luld &l = eventAt<Luld>(r, 0);
        QCOMPARE(l.symbol, std::string("MSFT")); // ticker key is `T`
        QCOMPARE(l.high, 218.96);
        QCOMPARE(l.low, 198.11);
        QCOMPARE(l.indicators.size(), 1);
        QCOMPARE(l.tape, 3);
        QCOMPARE(l.timestamp, std::int64_t(1601316752683746062)); // ns
        QCOMPARE(epochToNanoseconds(l.timestamp), std::int64_t(1601316752683746062));
        QCOMPARE(l.sequence, std::int64_t(290317));

        r = parser.parse(fixture(QStringLiteral("noi.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Imbalance &n = eventAt<Imbalance>(r, 0);
        QCOMPARE(n.symbol, std::string("NTEST.Q"));
        QCOMPARE(n.auctionTime, 930);
        QCOMPARE(n.auctionType, std::string("O"));
        QCOMPARE(n.id, std::int64_t(44));
        QCOMPARE(n.exchange, 10);
        QCOMPARE(n.imbalanceQuantity, std::int64_t(4000));
        QCOMPARE(n.pairedQuantity, std::int64_t(1200));
        QCOMPARE(n.bookClearingPrice, 25.03);
        QCOMPARE(kindOf(r.events[0]), EventKind::Imbalance);
    }

    void mixedBatchKeepsOrder()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("mixed_batch.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        QCOMPARE(r.events.size(), size_t(4));
        QCOMPARE(kindOf(r.events[0]), EventKind::Trade);
        QCOMPARE(kindOf(r.events[1]), EventKind::Quote);
        QCOMPARE(kindOf(r.events[2]), EventKind::Status);
        QCOMPARE(kindOf(r.events[3]), EventKind::MinuteAggregate);
        QCOMPARE(symbolOf(r.events[3]), std::string("NVDA"));
        QCOMPARE(symbolOf(r.events[2]), std::string());
    }

    void anyKeyOrderAndUnknownKeys()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("key_order.json")));
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        const Trade &t = eventAt<Trade>(r, 0);
        QCOMPARE(t.symbol, std::string("AAPL"));
        QCOMPARE(t.price, 10.5);
        QCOMPARE(t.size, std::int64_t(5));
    }

    void nullMeansAbsent()
    {
        FrameParser parser;
        const ParseResult r = parser.parse(fixture(QStringLiteral("nulls_and_bad_ev.json")));
        QCOMPARE(r.events.size(), size_t(1));
        const Trade &t = eventAt<Trade>(r, 0);
        QVERIFY(!t.has(Trade::Price));
        QVERIFY(!t.has(Trade::Conditions));
        QVERIFY(!t.has(Trade::SizeDecimal));
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("unknown");
        QTest::addColumn<int>("invalid");
        QTest::addColumn<QByteArrayList>("kinds");
        QTest::addColumn<QString>("firstError"); // a prefix of the first error's text

        QTest::newRow("unknown ev") << "unknown_ev.json" << 2 << 1 << 0 << QByteArrayList{"unknown_event"}
                                    << "event 1 (ev \"FMV\"): unknown event type";
        QTest::newRow("wrong-typed field") << "wrong_type.json" << 2 << 0 << 1 << QByteArrayList{"wrong_type"}
                                           << "event 1 (ev \"T\"): field \"p\": expected number, got string";
        QTest::newRow("not json") << "not_json.txt" << 0 << 0 << 0 << QByteArrayList{"invalid_json"}
                                  << "frame (byte 0): not JSON: ";
        QTest::newRow("object, not array")
            << "object_not_array.json" << 1 << 0 << 0 << QByteArrayList{"not_array"}
            << "frame (byte 0): expected a JSON array of events, got an object (parsed as one event)";
        QTest::newRow("empty array") << "empty_array.json" << 0 << 0 << 0 << QByteArrayList{"empty_frame"}
                                     << "frame: empty event array";
        QTest::newRow("truncated") << "truncated.json" << 1 << 0 << 1 << QByteArrayList{"truncated"}
                                   << "event 1 (byte 33): frame ends inside this event";
        QTest::newRow("broken event in the middle")
            << "broken_middle.json" << 2 << 0 << 1 << QByteArrayList{"invalid_json"}
            << "event 1 (ev \"T\", byte 33): field \"p\": invalid JSON: ";
        QTest::newRow("missing ticker and ev")
            << "missing_fields.json" << 1 << 0 << 2 << QByteArrayList{"missing_field", "missing_field"}
            << "event 0 (ev \"T\"): field \"sym\": missing ticker";
        QTest::newRow("non-object elements")
            << "non_object_element.json" << 1 << 0 << 2 << QByteArrayList{"not_object", "not_object"}
            << "event 0: expected an event object, got number";
        QTest::newRow("more wrong types")
            << "wrong_types_more.json" << 1 << 0 << 4
            << QByteArrayList{"wrong_type", "wrong_type", "wrong_type", "wrong_type"}
            << "event 0 (ev \"T\"): field \"c\": expected array of integers, found string";
        QTest::newRow("bad ev and empty ticker")
            << "nulls_and_bad_ev.json" << 1 << 0 << 2 << QByteArrayList{"wrong_type", "missing_field"}
            << "event 1: field \"ev\": expected string, got number";
        QTest::newRow("trailing comma") << "trailing_comma.json" << 1 << 0 << 0 << QByteArrayList{"invalid_json"}
                                        << "frame (byte 31): trailing ',' before ']'";
        QTest::newRow("trailing garbage")
            << "trailing_garbage.json" << 1 << 0 << 0 << QByteArrayList{"invalid_json"}
            << "frame (byte 32): unexpected data after the closing ']'";
    }

    void malformed()
    {
        QFETCH(QString, file);
        QFETCH(int, events);
        QFETCH(int, unknown);
        QFETCH(int, invalid);
        QFETCH(QByteArrayList, kinds);
        QFETCH(QString, firstError);

        FrameParser parser;
        const ParseResult r = parser.parse(fixture(file));
        QCOMPARE(errorKinds(r), kinds);
        QCOMPARE(int(r.events.size()), events);
        QCOMPARE(r.unknownEvents, unknown);
        QCOMPARE(r.invalidEvents, invalid);
        const QByteArray first = QByteArray::fromStdString(r.errors.front().toString());
        QVERIFY2(first.startsWith(firstError.toUtf8()), first.constData());
    }

    void goodEventsBesideBadOnesAreExact()
    {
        FrameParser parser;
        ParseResult r = parser.parse(fixture(QStringLiteral("broken_middle.json")));
        QCOMPARE(symbolOf(r.events[0]), std::string("AAPL"));
        QCOMPARE(symbolOf(r.events[1]), std::string("NVDA"));
        QCOMPARE(eventAt<Quote>(r, 1).askPrice, 2.0);

        r = parser.parse(fixture(QStringLiteral("wrong_types_more.json")));
        QCOMPARE(symbolOf(r.events[0]), std::string("OK"));
        QCOMPARE(r.errors[2].detail, std::string("integer out of int64 range"));
        QCOMPARE(r.errors[3].toString(), std::string("event 3 (ev \"A\"): field \"otc\": expected bool, got string"));
    }

    void twoMegabyteFrameParses()
    {
        // The client must accept frames of at least 1 MB; a 2 MB frame of valid events parses whole.
        std::string frame = "[";
        int count = 0;
        while (frame.size() < 2 * 1024 * 1024) {
            if (count)
                frame += ',';
            frame += "{\"ev\":\"T\",\"sym\":\"SYM" + std::to_string(count % 500) + "\",\"i\":\""
                + std::to_string(count) + "\",\"x\":4,\"p\":101.25,\"s\":100,\"t\":1764094000000,\"q\":"
                + std::to_string(count * 3 + 1) + "}";
            ++count;
        }
        frame += "]";
        FrameParser parser;
        const ParseResult r = parser.parse(frame);
        QVERIFY2(r.ok(), qPrintable(allErrors(r)));
        QCOMPARE(int(r.events.size()), count);
        QCOMPARE(eventAt<Trade>(r, count - 1).sequence, std::int64_t((count - 1) * 3 + 1));
    }

    void frameOverLimitIsRejectedWithSize()
    {
        FrameParser parser(1024);
        const std::string frame = "[" + std::string(2000, ' ') + "]";
        const ParseResult r = parser.parse(frame);
        QCOMPARE(errorKinds(r), QByteArrayList{"frame_too_large"});
        QCOMPARE(r.errors[0].toString(), std::string("frame: frame of 2002 bytes exceeds the limit of 1024 bytes"));
        QVERIFY(r.events.empty());
    }

    void parserIsReusableAfterErrors()
    {
        FrameParser parser;
        ParseResult r;
        parser.parse(fixture(QStringLiteral("truncated.json")), r);
        parser.parse(fixture(QStringLiteral("mixed_batch.json")), r);
        QVERIFY(r.ok());
        QCOMPARE(r.events.size(), size_t(4));
        QCOMPARE(r.invalidEvents, 0);
    }

    void binaryGarbageNeverCrashes()
    {
        FrameParser parser;
        std::string garbage;
        for (int i = 0; i < 4096; ++i)
            garbage.push_back(static_cast<char>((i * 131 + 7) & 0xff));
        const ParseResult r = parser.parse(garbage);
        QVERIFY(!r.errors.empty());
        QVERIFY(r.events.empty());
        const ParseResult nested = parser.parse(std::string(100000, '[')); // deep nesting
        QVERIFY(!nested.errors.empty());
    }

    void timestampUnits_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("seconds") << qint64(1764094000) << qint64(1764094000000000000);
        QTest::newRow("milliseconds") << qint64(1764094000123) << qint64(1764094000123000000);
        QTest::newRow("microseconds") << qint64(1764094000123456) << qint64(1764094000123456000);
        QTest::newRow("nanoseconds") << qint64(1764094000123456789) << qint64(1764094000123456789);
    }

    void timestampUnits()
    {
        QFETCH(qint64, value);
        QFETCH(qint64, ns);
        QCOMPARE(qint64(epochToNanoseconds(value)), ns);
    }
};

QTEST_GUILESS_MAIN(TestFrameParser)
#include "tst_frameparser.moc"
