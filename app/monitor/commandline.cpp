#include "commandline.h"

#include <QtCore/QCommandLineParser>

namespace tickstock::app {
namespace {

struct FlagKey {
    const char *flag;
    const char *key;
    const char *valueName;
    const char *help;
};

// Flags that set one configuration key each.
const FlagKey kValueFlags[] = {
    {"url", "MASSIVE_WEBSOCKET_URL", "URL", "Feed URL (default wss://socket.massive.com/stocks)."},
    {"channels", "MASSIVE_CHANNELS", "LIST", "Channels per ticker, e.g. T,Q,AM."},
    {"symbols", "SYMBOLS", "LIST", "Single-mode tickers, comma separated."},
    {"universe", "SYMBOL_UNIVERSE_KEY", "KEY", "Single-mode universe key."},
    {"connections", "WEBSOCKET_CONNECTIONS_MAX", "N", "Number of connection slots (multi mode)."},
    {"redis-url", "REDIS_URL", "URL", "redis://[:password@]host:port/db."},
    {"http-bind", "STATUS_HTTP_BIND", "ADDRESS", "Address of the embedded HTTP server (default 127.0.0.1)."},
    {"http-port", "STATUS_HTTP_PORT", "PORT", "Port of the embedded HTTP server (default 8765, 0 = any)."},
    {"universes-file", "UNIVERSES_FILE", "PATH", "Universe definitions (JSON)."},
};

} // namespace

QString versionText()
{
    return QStringLiteral("tickstock-monitor %1 (Qt %2)").arg(QStringLiteral(TICKSTOCK_VERSION), QString::fromLatin1(qVersion()));
}

static void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "TickStock Monitor: watches Massive.com (formerly Polygon.io) market-data WebSocket feeds.\n"
        "With no API key and no feed URL configured it runs on a built-in simulated feed.\n"
        "Configuration: defaults < config file < .env file < environment < these flags;\n"
        "every key of the configuration (see --check-config) can also be set with --set KEY=VALUE."));
    parser.addOption({QStringLiteral("headless"), QStringLiteral("Run without the desktop window; log to stderr.")});
    parser.addOption({QStringLiteral("demo"), QStringLiteral("Force the built-in simulated feed.")});
    parser.addOption({QStringLiteral("config"), QStringLiteral("INI configuration file (default $XDG_CONFIG_HOME/tickstock/monitor.conf)."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("env-file"), QStringLiteral(".env file with KEY=VALUE lines."), QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("check-config"),
                      QStringLiteral("Print the effective configuration (secrets masked) and exit; exit code 2 if invalid.")});
    parser.addOption({QStringLiteral("status-interval"),
                      QStringLiteral("Headless: print the status JSON as one line on stdout every SECONDS."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("multi"), QStringLiteral("Multi-connection mode (USE_MULTI_CONNECTION=true).")});
    parser.addOption({QStringLiteral("no-redis"), QStringLiteral("Do not publish to Redis (REDIS_ENABLED=false).")});
    for (const FlagKey &f : kValueFlags)
        parser.addOption({QString::fromLatin1(f.flag), QString::fromLatin1(f.help), QString::fromLatin1(f.valueName)});
    parser.addOption({QStringLiteral("set"), QStringLiteral("Set any configuration key (repeatable)."),
                      QStringLiteral("KEY=VALUE")});
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")});
    parser.addOption({{QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version.")});
}

QString helpText()
{
    QCommandLineParser parser;
    addOptions(parser);
    QString text = parser.helpText();
    text.replace(QStringLiteral("<executable_name>"), QStringLiteral("tickstock-monitor"));
    text += QStringLiteral(
        "\nExamples:\n"
        "  tickstock-monitor                         desktop app on the simulated feed\n"
        "  tickstock-monitor --headless --status-interval 5\n"
        "  MASSIVE_API_KEY=... tickstock-monitor --multi --env-file /etc/tickstock-monitor/monitor.env\n"
        "  tickstock-monitor --check-config --config monitor.conf\n"
        "\nExit codes: 0 normal exit, 1 runtime failure, 2 invalid configuration or command line.\n");
    return text;
}

CommandLine parseCommandLine(const QStringList &arguments)
{
    CommandLine cl;
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(arguments)) {
        cl.error = parser.errorText();
        return cl;
    }
    if (!parser.positionalArguments().isEmpty()) {
        cl.error = QStringLiteral("unexpected argument: %1").arg(parser.positionalArguments().first());
        return cl;
    }
    cl.showHelp = parser.isSet(QStringLiteral("help"));
    cl.showVersion = parser.isSet(QStringLiteral("version"));
    cl.headless = parser.isSet(QStringLiteral("headless"));
    cl.checkConfig = parser.isSet(QStringLiteral("check-config"));
    if (parser.isSet(QStringLiteral("status-interval"))) {
        bool ok = false;
        cl.statusIntervalSeconds = parser.value(QStringLiteral("status-interval")).toDouble(&ok);
        if (!ok || cl.statusIntervalSeconds <= 0) {
            cl.error = QStringLiteral("--status-interval=%1: must be a positive number of seconds")
                           .arg(parser.value(QStringLiteral("status-interval")));
            return cl;
        }
    }
    if (parser.isSet(QStringLiteral("config"))) {
        cl.sources.configFile = parser.value(QStringLiteral("config"));
        cl.sources.configFileExplicit = true;
    }
    cl.sources.envFile = parser.value(QStringLiteral("env-file"));
    cl.sources.environment = config::processEnvironment();
    QMap<QString, QString> &keys = cl.sources.cli;
    for (const QString &pair : parser.values(QStringLiteral("set"))) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            cl.error = QStringLiteral("--set %1: expected KEY=VALUE").arg(pair);
            return cl;
        }
        keys.insert(pair.left(eq).trimmed().toUpper(), pair.mid(eq + 1));
    }
    for (const FlagKey &f : kValueFlags) {
        if (parser.isSet(QString::fromLatin1(f.flag)))
            keys.insert(QString::fromLatin1(f.key), parser.value(QString::fromLatin1(f.flag)));
    }
    if (parser.isSet(QStringLiteral("demo")))
        keys.insert(QStringLiteral("DEMO"), QStringLiteral("true"));
    if (parser.isSet(QStringLiteral("multi")))
        keys.insert(QStringLiteral("USE_MULTI_CONNECTION"), QStringLiteral("true"));
    if (parser.isSet(QStringLiteral("no-redis")))
        keys.insert(QStringLiteral("REDIS_ENABLED"), QStringLiteral("false"));
    return cl;
}

} // namespace tickstock::app
