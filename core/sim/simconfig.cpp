#include "sim/simconfig.h"

#include <QtCore/QCommandLineParser>

#include <cmath>
#include <limits>

namespace tickstock::sim {
namespace {

// Every flag in one table, so the parser and the help text cannot drift apart.
QList<QCommandLineOption> allOptions()
{
    using O = QCommandLineOption;
    const auto s = [](const char *text) { return QString::fromLatin1(text); };
    return {
        O(s("port"), s("Listen on PORT (0 = any free port). Default 0."), s("PORT"), s("0")),
        O(s("host"), s("Listen address. Default 127.0.0.1."), s("ADDRESS"), s("127.0.0.1")),
        O(s("key"), s("Accepted API key; repeatable. Default: demo."), s("KEY")),
        O(s("no-access-key"),
          s("A key that is known but whose plan lacks websocket access (auth_failed with "
            "\"Your plan doesn't include websocket access.\"); repeatable."),
          s("KEY")),
        O(s("deny"),
          s("Channels not entitled for a key, answered with error/not authorized; repeatable. "
            "Example: --deny demo:NOI,LULD"),
          s("KEY:CHANNELS")),
        O(s("delayed"), s("Emulate the delayed host: only T, A and AM are entitled and the clock "
                          "runs 15 minutes behind.")),
        O(s("auth-timeout"), s("Seconds to wait for the auth message before auth_timeout. Default 10."),
          s("SECONDS"), s("10")),
        O(s("auth-fail"), s("What follows auth_failed: abort (TCP abort, no close frame; default) "
                            "or close (close frame 1008)."),
          s("abort|close"), s("abort")),
        O(s("max-connections"), s("Connection limit per key (0 = unlimited). Default 0."), s("N"), s("0")),
        O(s("limit-policy"), s("Over the limit: evict-oldest (default; the victim gets max_connections) "
                               "or reject-newest."),
          s("evict-oldest|reject-newest"), s("evict-oldest")),
        O(s("evict-action"), s("How a max_connections victim is ended: close (code 1008; default) or abort."),
          s("close|abort"), s("close")),
        O(s("evict-delay-ms"), s("Delay between max_connections and the close. Default 1000."), s("MS"),
          s("1000")),
        O(s("tickers"), s("Comma-separated market list for wildcard subscriptions (default: built-in "
                          "list of US large caps)."),
          s("LIST")),
        O(s("trade-rate"), s("Trades per second per subscribed ticker (Poisson). Default 2."), s("RATE"),
          s("2")),
        O(s("quote-rate"), s("Quotes per second per subscribed ticker (Poisson). Default 4."), s("RATE"),
          s("4")),
        O(s("flush-ms"), s("Data frames are flushed every MS milliseconds. Default 25."), s("MS"), s("25")),
        O(s("max-events-per-frame"), s("Largest number of events in one data frame. Default 500."), s("N"),
          s("500")),
        O(s("max-frame-bytes"), s("Largest data frame in bytes (capped below 1 MB). Default 524288."),
          s("BYTES"), s("524288")),
        O(s("aggregate-delay-ms"), s("A and AM bars are published this long after their window closes. "
                                     "Default 200."),
          s("MS"), s("200")),
        O(s("time-offset-ms"), s("Added to the wall clock for all timestamps (may be negative)."), s("MS"),
          s("0")),
        O(s("seed"), s("Random seed (0 = random, logged at start). Default 0."), s("N"), s("0")),
        O(s("silent"), s("Fault: acknowledge subscriptions but never send data.")),
        O(s("abort-every"), s("Fault: abort each connection (no close frame) SECONDS after its upgrade."),
          s("SECONDS"), s("0")),
        O(s("freeze-after"), s("Fault: SECONDS after the upgrade a connection stops sending and stops "
                               "answering pings, keeping TCP open."),
          s("SECONDS"), s("0")),
        O(s("force-disconnect-after"), s("Fault: SECONDS after the upgrade send force_disconnect, then close."),
          s("SECONDS"), s("0")),
        O(s("slow-consumer-bytes"), s("Unsent backlog per connection that triggers slow_consumer and a close "
                                      "(0 = never). Default 16777216."),
          s("BYTES"), s("16777216")),
        O(s("send-buffer"), s("SO_SNDBUF of accepted sockets (0 = OS default)."), s("BYTES"), s("0")),
        O(s("malformed-rate"), s("Fault: fraction (0..1) of data frames replaced by a malformed one, cycling "
                                 "truncated JSON, object instead of array, wrong-typed field, unknown ev, "
                                 "binary frame."),
          s("FRACTION"), s("0")),
        O(s("firehose"), s("Benchmark mode: send pre-serialised T/Q frames at EVENTS_PER_SEC per "
                           "subscribed connection (0 = off)."),
          s("EVENTS_PER_SEC"), s("0")),
        O(s("firehose-tickers"), s("Firehose over N synthetic tickers instead of the subscribed set."), s("N"),
          s("0")),
        O(s("firehose-frame-events"), s("Events per firehose frame. Default 50."), s("N"), s("50")),
        O(s("firehose-interval-ms"), s("The firehose sends the frames due every MS milliseconds (smaller: smoother, "
                                       "more wake-ups). Default 5."),
          s("MS"), s("5")),
        O(s("firehose-backlog"), s("Firehose frames are skipped while a connection's unsent backlog exceeds "
                                   "BYTES. Default 4194304."),
          s("BYTES"), s("4194304")),
        O(s("firehose-send-clock"),
          s("Benchmark only: stamp each firehose frame with its send time; a trade's size \"s\" is 1000 + "
            "the microseconds within the millisecond of \"t\" (latency to 1 us downstream).")),
        O(s("firehose-dump"), s("Write the firehose payloads (one JSON frame per line) to FILE when they "
                                "are built, for parser benchmarks over the exact frames."),
          s("FILE")),
        O(s("close-timeout-ms"), s("Wait this long for the peer's close frame, then abort. Default 2000."),
          s("MS"), s("2000")),
        O(s("max-message-bytes"), s("Largest accepted client message (close 1009 above). Default 4194304."),
          s("BYTES"), s("4194304")),
        O(s("stats-interval"), s("Log the counters every SECONDS (0 = never). Default 0."), s("SECONDS"),
          s("0")),
    };
}

void setUpParser(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Massive.com-compatible stocks WebSocket feed simulator. Serves ws://HOST:PORT/stocks.\n"
        "The first line on stdout is \"listening on ws://127.0.0.1:PORT/stocks\". On SIGINT or SIGTERM "
        "the per-ticker and total counters are printed on stdout as one JSON document."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    parser.addOptions(allOptions());
}

class Reader {
public:
    Reader(const QCommandLineParser &parser, QStringList &errors)
        : m_parser(parser), m_errors(errors) {}

    template <typename Int>
    Int integer(const char *name, Int min, Int max)
    {
        const QString text = m_parser.value(QString::fromLatin1(name));
        bool ok = false;
        const qlonglong value = text.toLongLong(&ok);
        if (!ok || value < static_cast<qlonglong>(min) || value > static_cast<qlonglong>(max)) {
            fail(name, text, QStringLiteral("an integer in [%1, %2]").arg(min).arg(max));
            return min;
        }
        return static_cast<Int>(value);
    }

    double number(const char *name, double min, double max)
    {
        const QString text = m_parser.value(QString::fromLatin1(name));
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (!ok || !std::isfinite(value) || value < min || value > max) {
            fail(name, text, QStringLiteral("a number in [%1, %2]").arg(min).arg(max));
            return min;
        }
        return value;
    }

    int secondsAsMs(const char *name) { return static_cast<int>(std::lround(number(name, 0, 86'400) * 1000)); }

    template <typename Enum>
    Enum choice(const char *name, std::initializer_list<std::pair<const char *, Enum>> choices)
    {
        const QString text = m_parser.value(QString::fromLatin1(name));
        QStringList names;
        for (const auto &[choiceName, value] : choices) {
            if (text == QLatin1String(choiceName))
                return value;
            names << QString::fromLatin1(choiceName);
        }
        fail(name, text, QStringLiteral("one of ") + names.join(QStringLiteral(", ")));
        return choices.begin()->second;
    }

    void fail(const char *name, const QString &value, const QString &expected)
    {
        m_errors << QStringLiteral("--%1 %2: expected %3").arg(QString::fromLatin1(name), value, expected);
    }

private:
    const QCommandLineParser &m_parser;
    QStringList &m_errors;
};

} // namespace

std::optional<SimConfig> SimConfig::fromArguments(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    setUpParser(parser);
    if (!parser.parse(arguments)) {
        if (error)
            *error = parser.errorText();
        return std::nullopt;
    }
    SimConfig config;
    if (parser.isSet(QStringLiteral("help"))) {
        config.showHelp = true;
        return config;
    }
    if (!parser.positionalArguments().isEmpty()) {
        if (error)
            *error = QStringLiteral("unexpected argument: ") + parser.positionalArguments().join(QLatin1Char(' '));
        return std::nullopt;
    }

    QStringList errors;
    Reader r(parser, errors);
    config.port = r.integer<quint16>("port", 0, 65535);
    const QString hostText = parser.value(QStringLiteral("host"));
    if (!config.host.setAddress(hostText))
        r.fail("host", hostText, QStringLiteral("an IP address"));
    if (parser.isSet(QStringLiteral("key")))
        config.keys = parser.values(QStringLiteral("key"));
    config.noAccessKeys = parser.values(QStringLiteral("no-access-key"));
    for (const QString &deny : parser.values(QStringLiteral("deny"))) {
        const qsizetype colon = deny.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0 || colon == deny.size() - 1) {
            r.fail("deny", deny, QStringLiteral("KEY:CHANNEL[,CHANNEL...]"));
            continue;
        }
        QSet<QString> &channels = config.deniedChannels[deny.left(colon)];
        for (const QString &channel : deny.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts))
            channels.insert(channel.trimmed());
    }
    config.delayed = parser.isSet(QStringLiteral("delayed"));
    config.authTimeoutMs = r.secondsAsMs("auth-timeout");
    config.authFailAction = r.choice<AuthFailAction>(
        "auth-fail", {{"abort", AuthFailAction::Abort}, {"close", AuthFailAction::Close}});
    config.maxConnectionsPerKey = r.integer<int>("max-connections", 0, 1'000'000);
    config.limitPolicy = r.choice<LimitPolicy>(
        "limit-policy", {{"evict-oldest", LimitPolicy::EvictOldest}, {"reject-newest", LimitPolicy::RejectNewest}});
    config.evictAction =
        r.choice<EvictAction>("evict-action", {{"close", EvictAction::Close}, {"abort", EvictAction::Abort}});
    config.evictDelayMs = r.integer<int>("evict-delay-ms", 0, 600'000);
    if (parser.isSet(QStringLiteral("tickers"))) {
        for (const QString &ticker : parser.value(QStringLiteral("tickers")).split(QLatin1Char(','), Qt::SkipEmptyParts))
            config.marketTickers << ticker.trimmed();
    }
    config.tradesPerSecond = r.number("trade-rate", 0, 100'000);
    config.quotesPerSecond = r.number("quote-rate", 0, 100'000);
    config.flushIntervalMs = r.integer<int>("flush-ms", 1, 10'000);
    config.maxEventsPerFrame = r.integer<int>("max-events-per-frame", 1, 100'000);
    config.maxFrameBytes = r.integer<int>("max-frame-bytes", 4096, 1'000'000);
    config.aggregateDelayMs = r.integer<int>("aggregate-delay-ms", 0, 900);
    config.timeOffsetMs = r.integer<qint64>("time-offset-ms", -(qint64(1) << 45), qint64(1) << 45);
    config.seed = r.integer<quint64>("seed", 0, std::numeric_limits<qint64>::max());
    config.silent = parser.isSet(QStringLiteral("silent"));
    config.abortEveryMs = r.secondsAsMs("abort-every");
    config.freezeAfterMs = r.secondsAsMs("freeze-after");
    config.forceDisconnectAfterMs = r.secondsAsMs("force-disconnect-after");
    config.slowConsumerBytes = r.integer<qint64>("slow-consumer-bytes", 0, qint64(1) << 40);
    config.socketSendBufferBytes = r.integer<int>("send-buffer", 0, 1 << 30);
    config.malformedRate = r.number("malformed-rate", 0, 1);
    config.firehoseEventsPerSecond = r.integer<int>("firehose", 0, 100'000'000);
    config.firehoseTickers = r.integer<int>("firehose-tickers", 0, 1'000'000);
    config.firehoseEventsPerFrame = r.integer<int>("firehose-frame-events", 1, 5'000);
    config.firehoseIntervalMs = r.integer<int>("firehose-interval-ms", 1, 1'000);
    config.firehoseBacklogBytes = r.integer<qint64>("firehose-backlog", 0, qint64(1) << 40);
    config.firehoseSendClock = parser.isSet(QStringLiteral("firehose-send-clock"));
    config.firehoseDumpFile = parser.value(QStringLiteral("firehose-dump"));
    config.closeTimeoutMs = r.integer<int>("close-timeout-ms", 1, 600'000);
    config.maxMessageBytes = r.integer<int>("max-message-bytes", 1024, 1 << 30);
    config.statsIntervalMs = r.secondsAsMs("stats-interval");

    if (!errors.isEmpty()) {
        if (error)
            *error = errors.join(QLatin1Char('\n'));
        return std::nullopt;
    }
    return config;
}

QString SimConfig::helpText()
{
    QCommandLineParser parser;
    setUpParser(parser);
    return parser.helpText();
}

} // namespace tickstock::sim
