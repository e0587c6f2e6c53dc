// The configuration loader (config/configloader.h): precedence of the five layers, validation
// messages, booleans, REDIS_URL, slots and tickers, demo default, and --check-config masking.
// Hermetic: every test points the config file, HOME and the universes file into a temp dir or
// the fixtures; nothing reads the real user's configuration.

#include "config/configdescription.h"
#include "config/configkeys.h"
#include "config/configloader.h"
#include "config/configvalues.h"
#include "util/secretmasker.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace tickstock::config;
using tickstock::SecretMasker;

using StringMap = QMap<QString, QString>;

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

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
}

// A hermetic ConfigSources: HOME and XDG in a temp dir, the fixture universes, and an API key
// so that the demo default does not kick in unless a test wants it.
class Env {
public:
    Env()
    {
        if (!m_dir.isValid())
            qFatal("no temp dir");
        sources.environment = {{s("HOME"), m_dir.path()},
                               {s("XDG_CONFIG_HOME"), m_dir.filePath(s("xdg"))},
                               {s("UNIVERSES_FILE"), fixture("universes.json")}};
    }
    QString path(const char *name) const { return m_dir.filePath(QString::fromUtf8(name)); }

    Env &file(const QByteArray &ini)
    {
        sources.configFile = path("monitor.conf");
        sources.configFileExplicit = true;
        writeFile(sources.configFile, ini);
        return *this;
    }
    Env &envFile(const QByteArray &text)
    {
        sources.envFile = path("test.env");
        writeFile(sources.envFile, text);
        return *this;
    }
    Env &env(const char *k, const QString &v)
    {
        sources.environment.insert(s(k), v);
        return *this;
    }
    Env &cli(const char *k, const QString &v)
    {
        sources.cli.insert(s(k), v);
        return *this;
    }
    // A real-feed setup (no demo) whose single connection has a ticker, so that it is not idle.
    Env &withKey() { return env("MASSIVE_API_KEY", s("test-key")).env("SYMBOLS", s("AAPL")); }

    LoadResult load(const UniverseSource *universes = nullptr) const { return loadConfig(sources, universes); }

    ConfigSources sources;

private:
    QTemporaryDir m_dir;
};

QString dump(const QStringList &lines)
{
    return lines.isEmpty() ? s("(none)") : lines.join(QLatin1Char('\n'));
}

#define VERIFY_OK(result) QVERIFY2((result).ok(), qPrintable(dump((result).errors)))

} // namespace

class TestConfig final : public QObject {
    Q_OBJECT
private slots:
    // ---- defaults and sources ------------------------------------------------------------------

    void defaultsWithoutAnySource()
    {
        Env e;
        e.withKey();
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(!r.configFileRead);
        QCOMPARE(r.configFile, e.path("xdg/tickstock/monitor.conf"));
        const MonitorConfig &c = r.config;
        QCOMPARE(c.websocketUrl, s("wss://socket.massive.com/stocks"));
        QVERIFY(!c.urlConfigured);
        QCOMPARE(c.channels, (QStringList{s("T"), s("Q"), s("AM")}));
        QVERIFY(!c.multiConnection);
        QCOMPARE(c.connectionsMax, 3);
        QCOMPARE(c.reconnectDelaySeconds, 1.0);
        QCOMPARE(c.maxReconnectDelaySeconds, 30.0);
        QCOMPARE(c.maxRetries, 0);
        QVERIFY(c.redis.enabled);
        QCOMPARE(c.redis.host, s("127.0.0.1"));
        QCOMPARE(c.redis.port, 6379);
        QCOMPARE(c.redis.db, 0);
        QCOMPARE(c.redis.tickChannel, s("tickstock:market:ticks"));
        QCOMPARE(c.redis.queueCapacity, 100000);
        QCOMPARE(c.redis.streamKey, QString());
        QCOMPARE(c.redis.streamMaxLen, 100000);
        QCOMPARE(c.http.bind, s("127.0.0.1"));
        QCOMPARE(c.http.port, 8765);
        QCOMPARE(c.http.token, QString());
        QVERIFY(!c.demo);
        QVERIFY(!c.headless);
        QCOMPARE(r.values.value(s("REDIS_URL")), s("redis://127.0.0.1:6379/0"));
        QCOMPARE(r.origins.value(s("STATUS_HTTP_PORT")), s("default"));
        QCOMPARE(r.origins.value(s("MASSIVE_API_KEY")), s("environment"));
        // every global key and the slot keys of slots 1..3 have an origin
        for (const KeyInfo &k : globalKeys())
            QVERIFY2(r.origins.contains(k.name), qPrintable(k.name));
        QVERIFY(r.origins.contains(s("WEBSOCKET_CONNECTION_3_API_KEY")));
        QVERIFY(!r.origins.contains(s("WEBSOCKET_CONNECTION_4_API_KEY")));
    }

    void defaultConfigPath()
    {
        QCOMPARE(defaultConfigFile({{s("XDG_CONFIG_HOME"), s("/x/cfg")}, {s("HOME"), s("/home/u")}}),
                 s("/x/cfg/tickstock/monitor.conf"));
        QCOMPARE(defaultConfigFile({{s("HOME"), s("/home/u")}}), s("/home/u/.config/tickstock/monitor.conf"));
        QCOMPARE(defaultConfigFile({{s("XDG_CONFIG_HOME"), s("relative")}, {s("HOME"), s("/home/u")}}),
                 s("/home/u/.config/tickstock/monitor.conf"));
        QCOMPARE(systemConfigFile(), s("/etc/tickstock-monitor/monitor.conf"));
    }

    void defaultConfigFileIsReadWhenPresent()
    {
        Env e;
        e.withKey();
        QVERIFY(QDir().mkpath(e.path("xdg/tickstock")));
        writeFile(e.path("xdg/tickstock/monitor.conf"), "STATUS_HTTP_PORT=9999\n");
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(r.configFileRead);
        QCOMPARE(r.config.http.port, 9999);
        QCOMPARE(r.origins.value(s("STATUS_HTTP_PORT")), s("file"));
    }

    void explicitConfigFileMustExist()
    {
        Env e;
        e.withKey();
        e.sources.configFile = e.path("missing.conf");
        e.sources.configFileExplicit = true;
        const LoadResult r = e.load();
        QCOMPARE(r.errors, QStringList{e.path("missing.conf") + s(": config file does not exist")});

        e.sources.configFileExplicit = false; // the same path as the default: fine
        VERIFY_OK(e.load());
    }

    void envFileMustExistAndErrorsCarryLines()
    {
        Env e;
        e.withKey();
        e.sources.envFile = e.path("absent.env");
        LoadResult r = e.load();
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors.first().startsWith(e.path("absent.env") + s(": cannot read .env file")),
                 qPrintable(r.errors.first()));

        e.envFile("STATUS_HTTP_PORT=9001\nthis is wrong\nREDIS_URL=\"redis://h:1/0\n");
        r = e.load();
        QCOMPARE(r.errors, (QStringList{e.path("test.env") + s(":2: expected KEY=VALUE"),
                                        e.path("test.env")
                                            + s(":3: REDIS_URL: unterminated double-quoted value (values cannot span "
                                                "lines)")}));
        QCOMPARE(r.config.http.port, 9001); // the valid lines still apply
    }

    void fixtureFilesLoad()
    {
        Env e;
        e.sources.configFile = fixture("monitor.conf");
        e.sources.configFileExplicit = true;
        e.sources.envFile = fixture("sample.env");
        const LoadResult r = e.load();
        VERIFY_OK(r);
        const MonitorConfig &c = r.config;
        QCOMPARE(c.channels, (QStringList{s("T"), s("Q")}));
        QCOMPARE(c.http.port, 9300);                      // env-file beats both file values
        QCOMPARE(r.origins.value(s("STATUS_HTTP_PORT")), s("env-file"));
        QCOMPARE(c.apiKey, s("envfile-key-123"));
        QCOMPARE(c.redis.host, s("redis.internal"));
        QCOMPARE(c.redis.port, 6390);
        QCOMPARE(c.redis.db, 3);
        QCOMPARE(c.redis.password, s("envfile-pass"));
        QVERIFY(c.multiConnection);
        QCOMPARE(c.feedSlots.size(), 2);
        QCOMPARE(c.feedSlots[0].tickers, (QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
        QCOMPARE(c.feedSlots[1].name, s("energy desk"));
        QCOMPARE(c.feedSlots[1].tickers, (QStringList{s("XOM"), s("CVX"), s("OXY")}));
        QVERIFY(!c.demo);
    }

    // ---- precedence ----------------------------------------------------------------------------

    void precedence_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("fileValue"); // empty = not in that layer
        QTest::addColumn<QString>("envFileValue");
        QTest::addColumn<QString>("envValue");
        QTest::addColumn<QString>("cliValue");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("origin");

        const QString port = s("STATUS_HTTP_PORT");
        QTest::newRow("port: default") << port << QString() << QString() << QString() << QString() << s("8765")
                                       << s("default");
        QTest::newRow("port: file") << port << s("1001") << QString() << QString() << QString() << s("1001") << s("file");
        QTest::newRow("port: env-file > file")
            << port << s("1001") << s("1002") << QString() << QString() << s("1002") << s("env-file");
        QTest::newRow("port: environment > env-file")
            << port << s("1001") << s("1002") << s("1003") << QString() << s("1003") << s("environment");
        QTest::newRow("port: cli > all") << port << s("1001") << s("1002") << s("1003") << s("1004") << s("1004")
                                         << s("cli");
        QTest::newRow("port: cli > file") << port << s("1001") << QString() << QString() << s("1004") << s("1004")
                                          << s("cli");
        QTest::newRow("port: environment alone") << port << QString() << QString() << s("1003") << QString()
                                                 << s("1003") << s("environment");

        const QString channel = s("REDIS_TICK_CHANNEL");
        QTest::newRow("channel: env-file > file")
            << channel << s("from:file") << s("from:envfile") << QString() << QString() << s("from:envfile")
            << s("env-file");
        QTest::newRow("channel: cli > environment")
            << channel << QString() << QString() << s("from:env") << s("from:cli") << s("from:cli") << s("cli");

        const QString channels = s("MASSIVE_CHANNELS");
        QTest::newRow("channels: file list") << channels << s("T,Q") << QString() << QString() << QString() << s("T,Q")
                                             << s("file");
        QTest::newRow("channels: environment > file")
            << channels << s("T,Q") << QString() << s("AM") << QString() << s("AM") << s("environment");

        const QString universe = s("SYMBOL_UNIVERSE_KEY");
        QTest::newRow("universe: env-file > file")
            << universe << s("tech") << s("energy") << QString() << QString() << s("energy") << s("env-file");

        const QString multi = s("USE_MULTI_CONNECTION");
        QTest::newRow("multi: cli > environment")
            << multi << QString() << QString() << s("true") << s("0") << s("false") << s("cli");
        QTest::newRow("multi: file") << multi << s("yes") << QString() << QString() << QString() << s("true") << s("file");
    }
    void precedence()
    {
        QFETCH(QString, key);
        QFETCH(QString, fileValue);
        QFETCH(QString, envFileValue);
        QFETCH(QString, envValue);
        QFETCH(QString, cliValue);
        QFETCH(QString, expected);
        QFETCH(QString, origin);

        Env e;
        e.withKey();
        if (!fileValue.isEmpty())
            e.file(QStringLiteral("[monitor]\n%1=%2\n").arg(key, fileValue).toUtf8());
        if (!envFileValue.isEmpty())
            e.envFile(QStringLiteral("%1=%2\n").arg(key, envFileValue).toUtf8());
        if (!envValue.isEmpty())
            e.sources.environment.insert(key, envValue);
        if (!cliValue.isEmpty())
            e.sources.cli.insert(key, cliValue);
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.values.value(key), expected);
        QCOMPARE(r.origins.value(key), origin);
    }

    void precedenceReachesTypedFields()
    {
        Env e;
        e.file("MASSIVE_API_KEY=file-key\nSTATUS_HTTP_PORT=1\nREDIS_TICK_CHANNEL=file:ch\nMASSIVE_CHANNELS=T\n"
               "REDIS_QUEUE_SIZE=10\nMASSIVE_WEBSOCKET_MAX_RETRIES=1\n");
        e.envFile("MASSIVE_API_KEY=envfile-key\nSTATUS_HTTP_PORT=2\nREDIS_TICK_CHANNEL=envfile:ch\nREDIS_QUEUE_SIZE=20\n");
        e.env("MASSIVE_API_KEY", s("env-key")).env("STATUS_HTTP_PORT", s("3"));
        e.cli("STATUS_HTTP_PORT", s("4"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.apiKey, s("env-key"));
        QCOMPARE(r.config.http.port, 4);
        QCOMPARE(r.config.redis.tickChannel, s("envfile:ch"));
        QCOMPARE(r.config.channels, QStringList{s("T")});
        QCOMPARE(r.config.redis.queueCapacity, 20);
        QCOMPARE(r.config.maxRetries, 1);
        QCOMPARE(r.origins.value(s("MASSIVE_API_KEY")), s("environment"));
        QCOMPARE(r.origins.value(s("REDIS_QUEUE_SIZE")), s("env-file"));
        QCOMPARE(r.origins.value(s("MASSIVE_WEBSOCKET_MAX_RETRIES")), s("file"));
        QCOMPARE(r.origins.value(s("MASSIVE_WEBSOCKET_RECONNECT_DELAY")), s("default"));
        QCOMPARE(r.values.value(s("MASSIVE_API_KEY")), s("***"));
    }

    void emptyValueDoesNotOverride()
    {
        Env e;
        e.file("MASSIVE_API_KEY=file-key\nSTATUS_HTTP_PORT=1234\n");
        e.env("MASSIVE_API_KEY", QString()).env("STATUS_HTTP_PORT", s("  "));
        e.cli("STATUS_HTTP_PORT", QString());
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.apiKey, s("file-key"));
        QCOMPARE(r.config.http.port, 1234);
        QCOMPARE(r.origins.value(s("STATUS_HTTP_PORT")), s("file"));
    }

    void iniTopLevelGroupAndUnknownKeys()
    {
        Env e;
        e.withKey();
        e.file("status_http_port=1000\n"          // lower case accepted
               "REDIS_TICK_CHANNEL=top\n"
               "MASSIVE_APIKEY=oops\n"            // typo → warning with a hint, value not shown
               "[monitor]\n"
               "REDIS_TICK_CHANNEL=grouped\n"     // the group wins over top level
               "WEBSOCKET_CONNECTION_20_ENABLED=true\n"
               "[other]\n"
               "FOO=bar\n");
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.http.port, 1000);
        QCOMPARE(r.config.redis.tickChannel, s("grouped"));
        const QString f = e.path("monitor.conf");
        QCOMPARE(r.warnings, (QStringList{f + s(": unknown key MASSIVE_APIKEY (did you mean MASSIVE_API_KEY?) (ignored)"),
                                          f + s(": unknown key monitor/WEBSOCKET_CONNECTION_20_ENABLED (slot numbers "
                                                "are 1 to 16) (ignored)"),
                                          f + s(": unknown key other/FOO (ignored)")}));
        QVERIFY(!r.warnings.join(QLatin1Char('\n')).contains(s("oops")));
    }

    void iniLineProblems()
    {
        Env e;
        e.withKey();
        e.file("STATUS_HTTP_PORT=1000\n"
               "just words\n"
               "[broken\n"
               "REDIS_PASSWORD=abc;def\n"
               "REDIS_TICK_CHANNEL=\"open\n");
        const LoadResult r = e.load();
        const QString f = e.path("monitor.conf");
        QCOMPARE(r.errors, (QStringList{f + s(":2: expected KEY=VALUE"), f + s(":3: unclosed [section]"),
                                        f + s(":5: REDIS_TICK_CHANNEL: unterminated quoted value")}));
        QVERIFY(r.warnings.contains(f + s(":4: REDIS_PASSWORD: ';' starts a comment in INI files, the rest of the line "
                                          "is ignored; quote the value if ';' belongs to it")));
    }

    void cliKeysMustBeKnown()
    {
        Env e;
        e.withKey();
        e.cli("status_http_port", s("9000"));     // case-insensitive on the command line
        e.cli("NOT_A_SETTING", s("1"));
        e.cli("MY_TOKEN", s("t0k"));
        e.cli("MASSIVE_API_KY", s("secret-typo"));
        const LoadResult r = e.load();
        QCOMPARE(r.config.http.port, 9000);
        QCOMPARE(r.errors, (QStringList{s("MASSIVE_API_KY=***: unknown key (did you mean MASSIVE_API_KEY?)"),
                                        s("MY_TOKEN=***: unknown key"), s("NOT_A_SETTING=1: unknown key")}));
    }

    void envAndEnvFileIgnoreForeignKeys()
    {
        Env e;
        e.withKey();
        e.env("PATH", s("/usr/bin")).env("status_http_port", s("1")); // environment is case-sensitive
        e.envFile("OTHER_TOOL_SETTING=x\n");
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.http.port, 8765);
        QVERIFY(r.warnings.isEmpty());
    }

    // ---- validation ----------------------------------------------------------------------------

    void validationMessages_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("error");

        auto row = [](const char *key, const char *value, const char *error) {
            QTest::newRow(QByteArray(key).append('=').append(value).constData()) << s(key) << s(value) << s(error);
        };
        row("USE_MULTI_CONNECTION", "maybe",
            "USE_MULTI_CONNECTION=maybe: not a boolean (use true/false, yes/no, y/n, 1/0, on/off)");
        row("REDIS_ENABLED", "enabled", "REDIS_ENABLED=enabled: not a boolean (use true/false, yes/no, y/n, 1/0, on/off)");
        row("WEBSOCKET_CONNECTION_2_ENABLED", "2",
            "WEBSOCKET_CONNECTION_2_ENABLED=2: not a boolean (use true/false, yes/no, y/n, 1/0, on/off)");
        row("DEMO", "perhaps", "DEMO=perhaps: not a boolean (use true/false, yes/no, y/n, 1/0, on/off)");
        row("HEADLESS", "tru", "HEADLESS=tru: not a boolean (use true/false, yes/no, y/n, 1/0, on/off)");
        row("STATUS_HTTP_PORT", "70000", "STATUS_HTTP_PORT=70000: must be an integer from 0 to 65535");
        row("STATUS_HTTP_PORT", "-1", "STATUS_HTTP_PORT=-1: must be an integer from 0 to 65535");
        row("STATUS_HTTP_PORT", "80.5", "STATUS_HTTP_PORT=80.5: must be an integer from 0 to 65535");
        row("STATUS_HTTP_PORT", "http", "STATUS_HTTP_PORT=http: must be an integer from 0 to 65535");
        row("STATUS_HTTP_BIND", "nowhere",
            "STATUS_HTTP_BIND=nowhere: must be an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1)");
        row("MASSIVE_WEBSOCKET_URL", "http://x", "MASSIVE_WEBSOCKET_URL=http://x: must be a ws:// or wss:// URL");
        row("MASSIVE_WEBSOCKET_URL", "socket.massive.com",
            "MASSIVE_WEBSOCKET_URL=socket.massive.com: must be a ws:// or wss:// URL");
        row("WEBSOCKET_CONNECTION_1_URL", "https://user:hunter2@x/stocks",
            "WEBSOCKET_CONNECTION_1_URL=https://user:***@x/stocks: must be a ws:// or wss:// URL");
        row("MASSIVE_CHANNELS", "T,XX",
            "MASSIVE_CHANNELS=T,XX: unknown channel XX (known: T, Q, A, AM, LULD, NOI, FMV)");
        row("MASSIVE_CHANNELS", ",,", "MASSIVE_CHANNELS=,,: must list at least one channel");
        row("WEBSOCKET_CONNECTIONS_MAX", "0", "WEBSOCKET_CONNECTIONS_MAX=0: must be an integer from 1 to 16");
        row("WEBSOCKET_CONNECTIONS_MAX", "17", "WEBSOCKET_CONNECTIONS_MAX=17: must be an integer from 1 to 16");
        row("WEBSOCKET_CONNECTIONS_MAX", "three", "WEBSOCKET_CONNECTIONS_MAX=three: must be an integer from 1 to 16");
        row("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "0",
            "MASSIVE_WEBSOCKET_RECONNECT_DELAY=0: must be a positive number of seconds");
        row("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "-2",
            "MASSIVE_WEBSOCKET_RECONNECT_DELAY=-2: must be a positive number of seconds");
        row("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "soon",
            "MASSIVE_WEBSOCKET_RECONNECT_DELAY=soon: must be a positive number of seconds");
        row("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "inf",
            "MASSIVE_WEBSOCKET_RECONNECT_DELAY=inf: must be a positive number of seconds");
        row("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "45",
            "MASSIVE_WEBSOCKET_RECONNECT_DELAY=45: must not exceed MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY (30)");
        row("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY", "0.5",
            "MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY=0.5: must be at least MASSIVE_WEBSOCKET_RECONNECT_DELAY (1)");
        row("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY", "x",
            "MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY=x: must be a positive number of seconds");
        row("MASSIVE_WEBSOCKET_MAX_RETRIES", "-1",
            "MASSIVE_WEBSOCKET_MAX_RETRIES=-1: must be a non-negative integer (0 = retry forever)");
        row("REDIS_URL", "rediss://:pw@cache:6380/0",
            "REDIS_URL=rediss://:***@cache:6380/0: TLS (rediss://) is not supported by this build; use redis:// "
            "through a local TLS tunnel such as stunnel");
        row("REDIS_URL", "http://cache:6379",
            "REDIS_URL=http://cache:6379: must be a redis:// URL: redis://[:password@]host:port/db");
        row("REDIS_URL", "redis://cache:99999/0", "REDIS_URL=redis://cache:99999/0: port must be an integer from 1 to 65535");
        row("REDIS_URL", "redis://cache:6379/x",
            "REDIS_URL=redis://cache:6379/x: database (the /db part) must be a non-negative integer");
        row("REDIS_URL", "redis://:pw@/0",
            "REDIS_URL=redis://:***@/0: missing host (use redis://[:password@]host:port/db)");
        row("REDIS_URL", "redis://cache:6379/0?ssl=true",
            "REDIS_URL=redis://cache:6379/0?ssl=true: query parameters are not supported (use "
            "redis://[:password@]host:port/db)");
        row("REDIS_HOST", "a b", "REDIS_HOST=a b: must be a host name or IP address");
        row("REDIS_PORT", "0", "REDIS_PORT=0: must be an integer from 1 to 65535");
        row("REDIS_DB", "-1", "REDIS_DB=-1: must be a non-negative integer");
        row("REDIS_QUEUE_SIZE", "0", "REDIS_QUEUE_SIZE=0: must be an integer from 1 to 100000000");
        row("REDIS_STREAM_MAXLEN", "-5", "REDIS_STREAM_MAXLEN=-5: must be a non-negative integer (0 = no trimming)");
        row("SYMBOLS", "AAPL,b@d",
            "SYMBOLS=AAPL,b@d: invalid ticker b@d (use A-Z, 0-9, '.' and '-', at most 12 characters)");
        row("SYMBOLS", "AAPL MSFT",
            "SYMBOLS=AAPL MSFT: invalid ticker AAPL MSFT (use A-Z, 0-9, '.' and '-', at most 12 characters)");
        row("WEBSOCKET_CONNECTION_3_SYMBOLS", "ABCDEFGHIJKLM",
            "WEBSOCKET_CONNECTION_3_SYMBOLS=ABCDEFGHIJKLM: invalid ticker ABCDEFGHIJKLM (use A-Z, 0-9, '.' and '-', at "
            "most 12 characters)");
        row("STATUS_INTERVAL", "-1", "STATUS_INTERVAL=-1: must be a non-negative number of seconds (0 = off)");
        row("UNIVERSES_FILE", "/nonexistent/u.json", "UNIVERSES_FILE=/nonexistent/u.json: file does not exist");
    }
    void validationMessages()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, error);
        Env e;
        e.withKey();
        e.sources.cli.insert(key, value);
        const LoadResult r = e.load();
        QVERIFY(!r.ok());
        QCOMPARE(r.errors, QStringList{error});
    }

    void invalidUniversesFileIsAnError()
    {
        Env e;
        e.withKey();
        e.env("UNIVERSES_FILE", fixture("bad_ticker.json"));
        const LoadResult r = e.load();
        QCOMPARE(r.errors, QStringList{s("UNIVERSES_FILE=") + fixture("bad_ticker.json")
                                       + s(": universe \"broken\": invalid ticker \"NOT A TICKER\" (use A-Z, 0-9, '.' "
                                           "and '-', at most 12 characters)")});
    }

    void allErrorsAreReportedTogether()
    {
        Env e;
        e.file("STATUS_HTTP_PORT=70000\nMASSIVE_CHANNELS=T,XX,YY\n");
        e.envFile("USE_MULTI_CONNECTION=maybe\nbroken line\n");
        e.env("MASSIVE_WEBSOCKET_URL", s("http://x")).env("REDIS_URL", s("rediss://h:6380/0"));
        e.cli("WEBSOCKET_CONNECTIONS_MAX", s("0")).cli("MASSIVE_API_KEY", s("sekrit-value")).cli("BOGUS", s("1"));
        e.cli("WEBSOCKET_CONNECTION_1_ENABLED", s("sometimes"));
        const LoadResult r = e.load();
        const QStringList expected = {
            e.path("test.env") + s(":2: expected KEY=VALUE"),
            s("BOGUS=1: unknown key"),
            s("MASSIVE_WEBSOCKET_URL=http://x: must be a ws:// or wss:// URL"),
            s("MASSIVE_CHANNELS=T,XX,YY: unknown channel XX (known: T, Q, A, AM, LULD, NOI, FMV)"),
            s("MASSIVE_CHANNELS=T,XX,YY: unknown channel YY (known: T, Q, A, AM, LULD, NOI, FMV)"),
            s("USE_MULTI_CONNECTION=maybe: not a boolean (use true/false, yes/no, y/n, 1/0, on/off)"),
            s("WEBSOCKET_CONNECTIONS_MAX=0: must be an integer from 1 to 16"),
            s("REDIS_URL=rediss://h:6380/0: TLS (rediss://) is not supported by this build; use redis:// through a "
              "local TLS tunnel such as stunnel"),
            s("STATUS_HTTP_PORT=70000: must be an integer from 0 to 65535"),
            s("WEBSOCKET_CONNECTION_1_ENABLED=sometimes: not a boolean (use true/false, yes/no, y/n, 1/0, on/off)"),
        };
        QCOMPARE(r.errors, expected);
        QVERIFY(!r.errors.join(QLatin1Char('\n')).contains(s("sekrit")));
    }

    // ---- booleans ------------------------------------------------------------------------------

    void booleans_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("value");
        const char *trueWords[] = {"true", "TRUE", "True", "yes", "YES", "y", "Y", "1", "on", "On", " true "};
        const char *falseWords[] = {"false", "FALSE", "no", "No", "n", "N", "0", "off", "OFF"};
        const char *invalid[] = {"maybe", "2", "-1", "tru", "enabled", "yess", "t", "f", "none", "10", "o"};
        for (const char *w : trueWords)
            QTest::newRow(w) << s(w) << true << true;
        for (const char *w : falseWords)
            QTest::newRow(w) << s(w) << true << false;
        for (const char *w : invalid)
            QTest::newRow(w) << s(w) << false << false;
    }
    void booleans()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(bool, value);
        const std::optional<bool> parsed = parseBool(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, value);

        // Through the loader: never a silent false.
        Env e;
        e.withKey();
        e.env("REDIS_ENABLED", text);
        const LoadResult r = e.load();
        if (valid) {
            VERIFY_OK(r);
            QCOMPARE(r.config.redis.enabled, value);
        } else {
            QCOMPARE(r.errors, QStringList{s("REDIS_ENABLED=") + text.trimmed()
                                           + s(": not a boolean (use true/false, yes/no, y/n, 1/0, on/off)")});
        }
    }

    // ---- Redis URL -----------------------------------------------------------------------------

    void redisUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("db");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::newRow("plain") << s("redis://127.0.0.1:6379/0") << s("127.0.0.1") << 6379 << 0 << QString() << QString();
        QTest::newRow("password") << s("redis://:s3cret@cache.local:6380/2") << s("cache.local") << 6380 << 2 << QString()
                                  << s("s3cret");
        QTest::newRow("percent-encoded password") << s("redis://:p%40ss%3Aw0rd@h:1/0") << s("h") << 1 << 0 << QString()
                                                  << s("p@ss:w0rd");
        QTest::newRow("raw @ and / in password") << s("redis://:a@b/c@h:7/1") << s("h") << 7 << 1 << QString()
                                                 << s("a@b/c");
        QTest::newRow("user and password") << s("redis://alice:pw@h/5") << s("h") << 6379 << 5 << s("alice") << s("pw");
        QTest::newRow("host only") << s("redis://h") << s("h") << 6379 << 0 << QString() << QString();
        QTest::newRow("trailing slash") << s("redis://h:6000/") << s("h") << 6000 << 0 << QString() << QString();
        QTest::newRow("ipv6") << s("redis://[::1]:7000/1") << s("::1") << 7000 << 1 << QString() << QString();
        QTest::newRow("scheme case") << s("REDIS://H:1/0") << s("H") << 1 << 0 << QString() << QString();
    }
    void redisUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(int, db);
        QFETCH(QString, username);
        QFETCH(QString, password);
        QString reason;
        const std::optional<RedisUrl> parsed = parseRedisUrl(url, &reason);
        QVERIFY2(parsed, qPrintable(reason));
        QCOMPARE(parsed->host, host);
        QCOMPARE(parsed->port, port);
        QCOMPARE(parsed->db, db);
        QCOMPARE(parsed->username, username);
        QCOMPARE(parsed->password, password);

        Env e;
        e.withKey();
        e.env("REDIS_URL", url);
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.redis.host, host);
        QCOMPARE(r.config.redis.port, port);
        QCOMPARE(r.config.redis.db, db);
        QCOMPARE(r.config.redis.username, username);
        QCOMPARE(r.config.redis.password, password);
        if (!password.isEmpty()) {
            QVERIFY(r.values.value(s("REDIS_URL")).contains(s(":***@")));
            QVERIFY(!r.values.value(s("REDIS_URL")).contains(password));
        }
    }

    void redisRejectsTls()
    {
        QString reason;
        QVERIFY(!parseRedisUrl(s("rediss://:pw@h:6380/0"), &reason));
        QCOMPARE(reason, s("TLS (rediss://) is not supported by this build; use redis:// through a local TLS tunnel such "
                           "as stunnel"));
        QVERIFY(!parseRedisUrl(s("REDISS://h"), &reason));
        QVERIFY(reason.startsWith(s("TLS (rediss://)")));
    }

    void redisPartsOverrideUrl()
    {
        {
            Env e; // same layer: the parts win
            e.withKey();
            e.env("REDIS_URL", s("redis://:urlpw@urlhost:1111/1"))
                .env("REDIS_HOST", s("parthost"))
                .env("REDIS_PORT", s("2222"))
                .env("REDIS_DB", s("2"))
                .env("REDIS_PASSWORD", s("partpw"));
            const LoadResult r = e.load();
            VERIFY_OK(r);
            QCOMPARE(r.config.redis.host, s("parthost"));
            QCOMPARE(r.config.redis.port, 2222);
            QCOMPARE(r.config.redis.db, 2);
            QCOMPARE(r.config.redis.password, s("partpw"));
            QCOMPARE(r.values.value(s("REDIS_URL")), s("redis://:***@parthost:2222/2"));
        }
        {
            Env e; // only some parts set: the rest from the URL
            e.withKey();
            e.env("REDIS_URL", s("redis://:urlpw@urlhost:1111/1")).cli("REDIS_DB", s("4"));
            const LoadResult r = e.load();
            VERIFY_OK(r);
            QCOMPARE(r.config.redis.host, s("urlhost"));
            QCOMPARE(r.config.redis.port, 1111);
            QCOMPARE(r.config.redis.db, 4);
            QCOMPARE(r.config.redis.password, s("urlpw"));
        }
        {
            Env e; // a later REDIS_URL beats parts from an earlier layer
            e.withKey();
            e.file("REDIS_HOST=filehost\nREDIS_PORT=3333\n");
            e.cli("REDIS_URL", s("redis://clihost:4444/0"));
            const LoadResult r = e.load();
            VERIFY_OK(r);
            QCOMPARE(r.config.redis.host, s("clihost"));
            QCOMPARE(r.config.redis.port, 4444);
        }
        {
            Env e; // parts without a URL apply to the default URL
            e.withKey();
            e.env("REDIS_HOST", s("h2")).env("REDIS_PASSWORD", s("p2"));
            const LoadResult r = e.load();
            VERIFY_OK(r);
            QCOMPARE(r.config.redis.host, s("h2"));
            QCOMPARE(r.config.redis.port, 6379);
            QCOMPARE(r.config.redis.password, s("p2"));
        }
    }

    void maskUrlPasswords_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("masked");
        QTest::newRow("password") << s("redis://:pw@h:1/0") << s("redis://:***@h:1/0");
        QTest::newRow("user and password") << s("redis://u:pw@h:1/0") << s("redis://u:***@h:1/0");
        QTest::newRow("user info without colon") << s("redis://secret@h") << s("redis://***@h");
        QTest::newRow("at signs in password") << s("redis://:a@b@h") << s("redis://:***@h");
        QTest::newRow("none") << s("redis://h:1/0") << s("redis://h:1/0");
        QTest::newRow("not a URL") << s("just text") << s("just text");
        QTest::newRow("wss") << s("wss://u:p@socket.massive.com/stocks") << s("wss://u:***@socket.massive.com/stocks");
    }
    void maskUrlPasswords()
    {
        QFETCH(QString, url);
        QFETCH(QString, masked);
        QCOMPARE(maskUrlPassword(url), masked);
    }

    // ---- values --------------------------------------------------------------------------------

    void tickerLists()
    {
        const TickerList list = parseTickerList(u" aapl, MSFT,,brk.b , bf-b,AAPL, , $x ");
        QCOMPARE(list.tickers, (QStringList{s("AAPL"), s("MSFT"), s("BRK.B"), s("BF-B")}));
        QCOMPARE(list.invalid, QStringList{s("$x")});
        QVERIFY(isValidTicker(u"ABCDEFGHIJKL"));
        QVERIFY(!isValidTicker(u"ABCDEFGHIJKLM"));
        QVERIFY(!isValidTicker(u""));
        QVERIFY(!isValidTicker(u"aapl")); // callers upper-case first

        Env e;
        e.withKey();
        e.env("SYMBOLS", s(" aapl, msft ,, nvda "));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots.first().tickers, (QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
        QCOMPARE(r.config.feedSlots.first().symbols, (QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
    }

    void channels()
    {
        Env e;
        e.withKey();
        e.env("MASSIVE_CHANNELS", s(" t, q ,am,T,luld, noi,fmv,a "));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.channels,
                 (QStringList{s("T"), s("Q"), s("AM"), s("LULD"), s("NOI"), s("FMV"), s("A")}));
    }

    void otherValues()
    {
        Env e;
        e.withKey();
        e.env("MASSIVE_WEBSOCKET_RECONNECT_DELAY", s("0.25"))
            .env("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY", s("0.25"))
            .env("MASSIVE_WEBSOCKET_MAX_RETRIES", s("7"))
            .env("STATUS_HTTP_BIND", s("localhost"))
            .env("STATUS_HTTP_PORT", s("0"))
            .env("REDIS_STREAM", s("ticks:stream"))
            .env("REDIS_STREAM_MAXLEN", s("0"))
            .env("REDIS_ENABLED", s("off"))
            .env("HEADLESS", s("yes"))
            .env("STATUS_INTERVAL", s("2.5"))
            .env("MASSIVE_WEBSOCKET_URL", s("wss://delayed.massive.com/stocks"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        const MonitorConfig &c = r.config;
        QCOMPARE(c.reconnectDelaySeconds, 0.25);
        QCOMPARE(c.maxReconnectDelaySeconds, 0.25);
        QCOMPARE(c.maxRetries, 7);
        QCOMPARE(c.http.bind, s("127.0.0.1"));
        QCOMPARE(c.http.port, 0);
        QCOMPARE(c.redis.streamKey, s("ticks:stream"));
        QCOMPARE(c.redis.streamMaxLen, 0);
        QVERIFY(!c.redis.enabled);
        QVERIFY(c.headless);
        QCOMPARE(c.statusIntervalSeconds, 2.5);
        QCOMPARE(c.websocketUrl, s("wss://delayed.massive.com/stocks"));
        QVERIFY(c.urlConfigured);
        QCOMPARE(c.feedSlots.first().url, s("wss://delayed.massive.com/stocks"));
    }

    // The TLS half of the rule (real certificate files) is in tst_config_tls.
    void exposedBindNeedsATokenAndTls()
    {
        Env e;
        e.withKey();
        e.env("STATUS_HTTP_BIND", s("0.0.0.0"));
        LoadResult r = e.load();
        QCOMPARE(r.errors,
                 (QStringList{s("STATUS_HTTP_BIND=0.0.0.0: a non-loopback bind needs STATUS_HTTP_TOKEN (anyone on the "
                                "network could read the status and control the feed connections); set a token of at "
                                "least 16 characters or bind 127.0.0.1"),
                              s("STATUS_HTTP_BIND=0.0.0.0: a non-loopback bind needs TLS (STATUS_HTTP_TLS_CERT and "
                                "STATUS_HTTP_TLS_KEY), or the token crosses the network in clear; set "
                                "STATUS_HTTP_ALLOW_PLAINTEXT=true to serve plain HTTP anyway")}));
        e.env("STATUS_HTTP_TOKEN", s("a-token-of-20-chars!"));
        r = e.load();
        QCOMPARE(r.errors.size(), 1);
        QVERIFY(r.errors.first().contains(s("needs TLS")));
        e.env("STATUS_HTTP_BIND", s("::1")).env("STATUS_HTTP_TOKEN", QString());
        r = e.load();
        VERIFY_OK(r);
        QVERIFY(r.warnings.isEmpty());
    }

    void shortTokenIsRefusedWithoutShowingIt()
    {
        Env e;
        e.withKey();
        e.env("STATUS_HTTP_TOKEN", s("fifteen-chars!!")); // loopback: the length rule applies anyway
        LoadResult r = e.load();
        QCOMPARE(r.errors, QStringList{s("STATUS_HTTP_TOKEN: must be at least 16 characters long (e.g. the output of "
                                         "`openssl rand -hex 32`)")});
        QVERIFY(!describeConfig(r).contains(s("fifteen-chars!!")));
        e.env("STATUS_HTTP_TOKEN", s("sixteen-chars!!!"));
        VERIFY_OK(e.load());
    }

    // ---- slots and tickers ---------------------------------------------------------------------

    void singleMode()
    {
        Env e;
        e.env("MASSIVE_API_KEY", s("global-key"))
            .env("SYMBOL_UNIVERSE_KEY", s("tech"))
            .env("SYMBOLS", s("IBM"))
            .env("WEBSOCKET_CONNECTION_1_NAME", s("ignored"))
            .env("WEBSOCKET_CONNECTION_1_API_KEY", s("ignored-key"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        const MonitorConfig &c = r.config;
        QVERIFY(!c.multiConnection);
        QCOMPARE(c.feedSlots.size(), 1);
        const SlotConfig &slot = c.feedSlots.first();
        QCOMPARE(slot.index, 1);
        QCOMPARE(slot.connectionId(), s("connection_1"));
        QCOMPARE(slot.name, s("primary"));
        QVERIFY(slot.enabled);
        QCOMPARE(slot.universeKey, s("tech"));
        QCOMPARE(slot.tickers, (QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
        QCOMPARE(slot.tickerSource, s("universe:tech"));
        QCOMPARE(slot.url, s("wss://socket.massive.com/stocks"));
        QCOMPARE(slot.apiKey, s("global-key"));
        QVERIFY(r.warnings.isEmpty());
    }

    void singleModeSymbolsAndIgnoredSlots()
    {
        Env e;
        e.withKey();
        e.env("SYMBOLS", s("spy,qqq")).env("WEBSOCKET_CONNECTION_2_ENABLED", s("true"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots.size(), 1);
        QCOMPARE(r.config.feedSlots.first().tickers, (QStringList{s("SPY"), s("QQQ")}));
        QCOMPARE(r.config.feedSlots.first().tickerSource, s("symbols"));
        QCOMPARE(r.warnings, QStringList{s("WEBSOCKET_CONNECTION_2_ENABLED=true is ignored: USE_MULTI_CONNECTION is "
                                           "false (single mode uses SYMBOL_UNIVERSE_KEY / SYMBOLS)")});
    }

    void singleModeUnknownUniverse()
    {
        Env e;
        e.withKey();
        e.env("SYMBOL_UNIVERSE_KEY", s("nope")).env("SYMBOLS", s("AAPL,MSFT"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots.first().tickers, (QStringList{s("AAPL"), s("MSFT")}));
        QCOMPARE(r.config.feedSlots.first().tickerSource, s("symbols"));
        QCOMPARE(r.warnings, QStringList{s("SYMBOL_UNIVERSE_KEY=nope: unknown universe; using SYMBOLS (2 tickers)")});
    }

    void multiMode()
    {
        Env e;
        e.env("MASSIVE_API_KEY", s("global-key"))
            .env("USE_MULTI_CONNECTION", s("true"))
            .env("WEBSOCKET_CONNECTIONS_MAX", s("4"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", s("tech:energy"))
            .env("WEBSOCKET_CONNECTION_2_ENABLED", s("yes"))
            .env("WEBSOCKET_CONNECTION_2_NAME", s("banks"))
            .env("WEBSOCKET_CONNECTION_2_SYMBOLS", s("jpm, bac"))
            .env("WEBSOCKET_CONNECTION_2_URL", s("wss://delayed.massive.com/stocks"))
            .env("WEBSOCKET_CONNECTION_2_API_KEY", s("second-key"))
            .env("WEBSOCKET_CONNECTION_3_SYMBOLS", s("UNH"))
            .env("WEBSOCKET_CONNECTION_4_ENABLED", s("1"))
            .env("WEBSOCKET_CONNECTION_4_UNIVERSE_KEY", s("bare"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        const MonitorConfig &c = r.config;
        QVERIFY(c.multiConnection);
        QCOMPARE(c.connectionsMax, 4);
        QCOMPARE(c.feedSlots.size(), 4);
        QCOMPARE(c.enabledSlotCount(), 3);
        const QStringList names = {c.feedSlots[0].name, c.feedSlots[1].name, c.feedSlots[2].name, c.feedSlots[3].name};
        QCOMPARE(names, (QStringList{s("primary"), s("banks"), s("tertiary"), s("connection_4")}));
        for (int i = 0; i < 4; ++i)
            QCOMPARE(c.feedSlots[i].index, i + 1);

        QCOMPARE(c.feedSlots[0].tickers, (QStringList{s("AAPL"), s("MSFT"), s("NVDA"), s("XOM"), s("CVX")}));
        QCOMPARE(c.feedSlots[0].tickerSource, s("universe:tech:energy"));
        QCOMPARE(c.feedSlots[0].url, s("wss://socket.massive.com/stocks"));
        QCOMPARE(c.feedSlots[0].apiKey, s("global-key"));

        QCOMPARE(c.feedSlots[1].tickers, (QStringList{s("JPM"), s("BAC")}));
        QCOMPARE(c.feedSlots[1].tickerSource, s("symbols"));
        QCOMPARE(c.feedSlots[1].url, s("wss://delayed.massive.com/stocks"));
        QCOMPARE(c.feedSlots[1].apiKey, s("second-key"));

        QVERIFY(!c.feedSlots[2].enabled); // disabled slots stay listed
        QCOMPARE(c.feedSlots[2].tickers, QStringList{s("UNH")});

        QCOMPARE(c.feedSlots[3].tickers, (QStringList{s("SPY"), s("QQQ"), s("BRK.B")}));
        QCOMPARE(c.feedSlots[3].tickerSource, s("universe:bare"));
        QVERIFY(r.warnings.isEmpty());
        QCOMPARE(r.origins.value(s("WEBSOCKET_CONNECTION_2_API_KEY")), s("environment"));
        QCOMPARE(r.origins.value(s("WEBSOCKET_CONNECTION_4_NAME")), s("default"));
        QCOMPARE(r.values.value(s("WEBSOCKET_CONNECTION_2_API_KEY")), s("***"));
        QCOMPARE(r.values.value(s("WEBSOCKET_CONNECTION_1_API_KEY")), QString());
    }

    void unknownUniverseFallsBackWithWarning()
    {
        Env e;
        e.withKey();
        e.env("USE_MULTI_CONNECTION", s("true"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", s("sector:unknown"))
            .env("WEBSOCKET_CONNECTION_1_SYMBOLS", s("AAPL"))
            .env("WEBSOCKET_CONNECTION_2_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_2_UNIVERSE_KEY", s("nope"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots[0].tickers, QStringList{s("AAPL")});
        QCOMPARE(r.config.feedSlots[0].tickerSource, s("symbols"));
        QCOMPARE(r.config.feedSlots[1].tickers, QStringList{});
        QCOMPARE(r.config.feedSlots[1].tickerSource, s("none"));
        QCOMPARE(r.warnings,
                 (QStringList{s("WEBSOCKET_CONNECTION_1_UNIVERSE_KEY=sector:unknown: unknown universe; using "
                                "WEBSOCKET_CONNECTION_1_SYMBOLS (1 ticker)"),
                              s("WEBSOCKET_CONNECTION_2_UNIVERSE_KEY=nope: unknown universe; "
                                "WEBSOCKET_CONNECTION_2_SYMBOLS is empty"),
                              s("connection_2 (secondary) is enabled but has no tickers; it will stay idle")}));
    }

    void injectedUniverseSourceComesFirst()
    {
        class Fake final : public UniverseSource {
        public:
            std::optional<QStringList> lookup(const QString &key) const override
            {
                if (key == QLatin1String("tech"))
                    return QStringList{QStringLiteral("ibm")};
                if (key == QLatin1String("redis:only"))
                    return QStringList{QStringLiteral("AMD")};
                return std::nullopt;
            }
        } redis;
        Env e;
        e.withKey();
        e.env("SYMBOL_UNIVERSE_KEY", s("tech:energy"));
        LoadResult r = e.load(&redis);
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots.first().tickers, (QStringList{s("IBM"), s("XOM"), s("CVX")}));
        e.env("SYMBOL_UNIVERSE_KEY", s("redis:only"));
        r = e.load(&redis);
        QCOMPARE(r.config.feedSlots.first().tickers, QStringList{s("AMD")});
    }

    void duplicateTickersStayOnTheFirstSlot()
    {
        Env e;
        e.withKey();
        e.env("USE_MULTI_CONNECTION", s("true"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("false"))
            .env("WEBSOCKET_CONNECTION_1_SYMBOLS", s("JPM,ZZZ")) // disabled: claims nothing
            .env("WEBSOCKET_CONNECTION_2_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_2_UNIVERSE_KEY", s("tech"))
            .env("WEBSOCKET_CONNECTION_3_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_3_UNIVERSE_KEY", s("sector:finance")) // MSFT overlaps tech
            .env("WEBSOCKET_CONNECTION_3_SYMBOLS", s("IGNORED"));
        LoadResult r = e.load();
        VERIFY_OK(r);
        const QList<SlotConfig> &fs = r.config.feedSlots;
        QCOMPARE(fs[1].tickers, (QStringList{s("AAPL"), s("MSFT"), s("NVDA")}));
        QCOMPARE(fs[2].tickers, (QStringList{s("JPM"), s("BAC")}));
        // the disabled slot keeps only what no enabled slot has
        QCOMPARE(fs[0].tickers, QStringList{s("ZZZ")});
        QCOMPARE(r.warnings, QStringList{s("connection_3 (tertiary): MSFT is already on connection_2 (secondary) and "
                                           "stays there (a ticker belongs to its first connection)")});

        // several duplicates, one warning per earlier slot
        e.env("WEBSOCKET_CONNECTION_1_ENABLED", s("true")).env("WEBSOCKET_CONNECTION_1_SYMBOLS", s("JPM,BAC,UNH"));
        r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots[2].tickers, QStringList{});
        QCOMPARE(r.warnings,
                 (QStringList{s("connection_3 (tertiary): JPM, BAC are already on connection_1 (primary) and stay there "
                                "(a ticker belongs to its first connection)"),
                              s("connection_3 (tertiary): MSFT is already on connection_2 (secondary) and stays there "
                                "(a ticker belongs to its first connection)"),
                              s("connection_3 (tertiary) is enabled but has no tickers; it will stay idle")}));
    }

    void enabledSlotWithoutTickersStaysListed()
    {
        Env e;
        e.withKey();
        e.env("USE_MULTI_CONNECTION", s("on"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("on"))
            .env("WEBSOCKET_CONNECTION_1_SYMBOLS", s("AAPL"))
            .env("WEBSOCKET_CONNECTION_3_ENABLED", s("on"))
            .env("WEBSOCKET_CONNECTION_3_UNIVERSE_KEY", s("empty"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots.size(), 3);
        const SlotConfig &idle = r.config.feedSlots[2];
        QVERIFY(idle.enabled);
        QVERIFY(idle.tickers.isEmpty());
        QCOMPARE(idle.tickerSource, s("universe:empty"));
        QCOMPARE(r.warnings, QStringList{s("connection_3 (tertiary) is enabled but has no tickers; it will stay idle")});
    }

    void slotsBeyondMaxAreIgnoredWithWarning()
    {
        Env e;
        e.withKey();
        e.env("USE_MULTI_CONNECTION", s("true"))
            .env("WEBSOCKET_CONNECTIONS_MAX", s("2"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_1_SYMBOLS", s("AAPL"))
            .env("WEBSOCKET_CONNECTION_5_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_5_SYMBOLS", s("MSFT"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots.size(), 2);
        QCOMPARE(r.warnings, QStringList{s("WEBSOCKET_CONNECTION_5_*: slot 5 is beyond WEBSOCKET_CONNECTIONS_MAX=2 and "
                                           "is ignored")});
    }

    void multiModeWithoutEnabledSlotsWarns()
    {
        Env e;
        e.withKey();
        e.env("USE_MULTI_CONNECTION", s("true"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.feedSlots.size(), 3);
        QCOMPARE(r.config.enabledSlotCount(), 0);
        QCOMPARE(r.warnings, QStringList{s("USE_MULTI_CONNECTION=true but no WEBSOCKET_CONNECTION_N_ENABLED is true; no "
                                           "connection will be opened")});
    }

    // ---- demo ----------------------------------------------------------------------------------

    void demoByDefault()
    {
        Env e;
        e.env("UNIVERSES_FILE", shippedUniverses());
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(r.warnings.isEmpty());
        const MonitorConfig &c = r.config;
        QVERIFY(c.demo);
        QCOMPARE(r.demoReason, s("no MASSIVE_API_KEY and no MASSIVE_WEBSOCKET_URL configured"));
        QVERIFY(c.multiConnection);
        QCOMPARE(c.feedSlots.size(), 3);
        QCOMPARE(c.enabledSlotCount(), 3);
        QCOMPARE(c.websocketUrl, QString());
        const QStringList names = {c.feedSlots[0].name, c.feedSlots[1].name, c.feedSlots[2].name};
        QCOMPARE(names, (QStringList{s("primary"), s("secondary"), s("tertiary")}));
        const QStringList sources = {c.feedSlots[0].tickerSource, c.feedSlots[1].tickerSource,
                                     c.feedSlots[2].tickerSource};
        QCOMPARE(sources, (QStringList{s("universe:market_leaders:top_50"), s("universe:sector:finance"),
                                       s("universe:sector:healthcare")}));
        QCOMPARE(c.feedSlots[0].tickers.size(), 50);
        QSet<QString> seen;
        for (const SlotConfig &slot : c.feedSlots) {
            QVERIFY(slot.enabled);
            QVERIFY(slot.url.isEmpty());
            QCOMPARE(slot.apiKey, s("demo"));
            QVERIFY2(slot.tickers.size() >= 5, qPrintable(slot.name));
            for (const QString &t : slot.tickers) {
                QVERIFY2(!seen.contains(t), qPrintable(t)); // de-duplicated across slots
                seen.insert(t);
            }
        }
        QVERIFY(!c.feedSlots[1].tickers.contains(s("JPM"))); // JPM is in the top 50: stays on primary
        QCOMPARE(r.values.value(s("DEMO")), s("true"));
    }

    void keyOrUrlDisablesDemo_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("api key") << s("MASSIVE_API_KEY") << s("k");
        QTest::newRow("url") << s("MASSIVE_WEBSOCKET_URL") << s("ws://127.0.0.1:9999/stocks");
    }
    void keyOrUrlDisablesDemo()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        Env e;
        e.sources.environment.insert(key, value);
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(!r.config.demo);
        QVERIFY(r.demoReason.isEmpty());
        QVERIFY(!r.config.multiConnection);
        QCOMPARE(r.config.feedSlots.size(), 1);
        QCOMPARE(r.config.feedSlots.first().tickerSource, s("none"));
    }

    void perSlotKeyDisablesDemo()
    {
        Env e;
        e.env("USE_MULTI_CONNECTION", s("true"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_1_SYMBOLS", s("AAPL"))
            .env("WEBSOCKET_CONNECTION_1_API_KEY", s("slot-key"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(!r.config.demo);
        QCOMPARE(r.config.feedSlots[0].apiKey, s("slot-key"));
    }

    void demoFlagForcesDemo()
    {
        Env e;
        e.env("UNIVERSES_FILE", shippedUniverses()).env("MASSIVE_API_KEY", s("real-key"));
        e.cli("DEMO", s("true"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(r.config.demo);
        QCOMPARE(r.demoReason, s("--demo"));
        QCOMPARE(r.config.feedSlots.size(), 3);
        QCOMPARE(r.config.feedSlots[0].apiKey, s("demo"));
        QCOMPARE(r.config.apiKey, s("real-key")); // kept, but not used by the slots
        QCOMPARE(r.origins.value(s("DEMO")), s("cli"));

        Env f;
        f.env("DEMO", s("yes")).env("MASSIVE_API_KEY", s("k"));
        const LoadResult fromEnv = f.load();
        QVERIFY(fromEnv.config.demo);
        QCOMPARE(fromEnv.demoReason, s("DEMO=true (environment)"));
    }

    void demoKeepsExplicitSlots()
    {
        Env e;
        e.env("MASSIVE_API_KEY", s("real-key"))
            .env("USE_MULTI_CONNECTION", s("true"))
            .env("WEBSOCKET_CONNECTIONS_MAX", s("2"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_1_UNIVERSE_KEY", s("energy"))
            .env("WEBSOCKET_CONNECTION_1_URL", s("wss://delayed.massive.com/stocks"))
            .env("WEBSOCKET_CONNECTION_2_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_2_SYMBOLS", s("AAPL"))
            .env("WEBSOCKET_CONNECTION_2_API_KEY", s("slot-key"));
        e.cli("DEMO", s("on"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(r.config.demo);
        QCOMPARE(r.config.feedSlots.size(), 2);
        QCOMPARE(r.config.feedSlots[0].tickers, (QStringList{s("XOM"), s("CVX")}));
        QCOMPARE(r.config.feedSlots[1].tickers, QStringList{s("AAPL")});
        for (const SlotConfig &slot : r.config.feedSlots) {
            QVERIFY(slot.url.isEmpty()); // the simulator, not the configured feed
            QCOMPARE(slot.apiKey, s("demo"));
        }

        Env single; // single mode with SYMBOLS and no key: demo, single slot kept
        single.env("SYMBOLS", s("AAPL,MSFT"));
        const LoadResult rs = single.load();
        VERIFY_OK(rs);
        QVERIFY(rs.config.demo);
        QVERIFY(!rs.config.multiConnection);
        QCOMPARE(rs.config.feedSlots.size(), 1);
        QCOMPARE(rs.config.feedSlots[0].tickers, (QStringList{s("AAPL"), s("MSFT")}));
        QCOMPARE(rs.config.feedSlots[0].apiKey, s("demo"));
    }

    void demoFalseWithoutKeyWarns()
    {
        Env e;
        e.cli("DEMO", s("false"));
        e.env("SYMBOLS", s("AAPL"));
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(!r.config.demo);
        QCOMPARE(r.config.feedSlots.first().url, s("wss://socket.massive.com/stocks"));
        QCOMPARE(r.warnings, QStringList{s("MASSIVE_API_KEY is not set; connection_1 (primary) will most likely fail to "
                                           "authenticate")});
    }

    void demoWithoutUniversesUsesBuiltInTickers()
    {
        Env e;
        writeFile(e.path("few.json"), R"({"universes": {"sector:finance": ["JPM", "AAPL"]}})");
        e.env("UNIVERSES_FILE", e.path("few.json")); // only one of the three demo universes
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QVERIFY(r.config.demo);
        QCOMPARE(r.config.feedSlots.size(), 3);
        const QStringList sources = {r.config.feedSlots[0].tickerSource, r.config.feedSlots[1].tickerSource,
                                     r.config.feedSlots[2].tickerSource};
        QCOMPARE(sources, (QStringList{s("demo"), s("universe:sector:finance"), s("demo")}));
        for (const SlotConfig &slot : r.config.feedSlots)
            QVERIFY(!slot.tickers.isEmpty());
        QCOMPARE(r.config.feedSlots[1].tickers, QStringList{s("JPM")}); // AAPL stays on primary
        QCOMPARE(r.warnings, (QStringList{s("demo universe market_leaders:top_50 not found; connection_1 (primary) uses "
                                            "built-in demo tickers"),
                                          s("demo universe sector:healthcare not found; connection_3 (tertiary) uses "
                                            "built-in demo tickers")}));
    }

    void defaultUniversesFileIsFound()
    {
        Env e;
        e.sources.environment.remove(s("UNIVERSES_FILE"));
        QTemporaryDir data;
        QVERIFY(QFile::copy(fixture("universes.json"), data.filePath(s("universes.json"))));
        e.env("TICKSTOCK_DATA_DIR", data.path()).env("SYMBOL_UNIVERSE_KEY", s("energy")).withKey();
        const LoadResult r = e.load();
        VERIFY_OK(r);
        QCOMPARE(r.config.universesFile, data.filePath(s("universes.json")));
        QCOMPARE(r.origins.value(s("UNIVERSES_FILE")), s("default"));
        QCOMPARE(r.config.feedSlots.first().tickers, (QStringList{s("XOM"), s("CVX")}));
    }

    // ---- --check-config and masking ------------------------------------------------------------

    void describeMasksEverySecret_data()
    {
        QTest::addColumn<bool>("withErrors");
        QTest::addColumn<bool>("redisPasswordKey"); // REDIS_PASSWORD set too (it overrides the URL's)
        QTest::newRow("valid") << false << false;
        QTest::newRow("with errors") << true << false;
        QTest::newRow("REDIS_PASSWORD") << false << true;
        QTest::newRow("REDIS_PASSWORD with errors") << true << true;
    }
    void describeMasksEverySecret()
    {
        QFETCH(bool, withErrors);
        QFETCH(bool, redisPasswordKey);
        const QStringList secrets = {s("AKsecretAPI1234567"), s("SlotKeyS3cret9876"), s("RedisUrlPassw0rdX"),
                                     s("HttpTokenQwerty42"), s("Slot3KeyZyx"), s("RedisPwKey5555")};
        Env e;
        e.file("MASSIVE_API_KEY=AKsecretAPI1234567\n");
        e.envFile("WEBSOCKET_CONNECTION_2_API_KEY=SlotKeyS3cret9876\n");
        e.env("REDIS_URL", s("redis://:RedisUrlPassw0rdX@cache:6379/1"))
            .env("STATUS_HTTP_TOKEN", s("HttpTokenQwerty42"))
            .env("USE_MULTI_CONNECTION", s("true"))
            .env("WEBSOCKET_CONNECTION_1_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_1_SYMBOLS", s("AAPL,MSFT"))
            .env("WEBSOCKET_CONNECTION_2_ENABLED", s("true"))
            .env("WEBSOCKET_CONNECTION_2_UNIVERSE_KEY", s("tech"))
            .env("WEBSOCKET_CONNECTION_3_API_KEY", s("Slot3KeyZyx"));
        if (redisPasswordKey)
            e.cli("REDIS_PASSWORD", s("RedisPwKey5555"));
        if (withErrors) {
            // secrets inside invalid values, in unknown keys and next to other problems
            e.cli("WEBSOCKET_CONNECTION_1_URL", s("https://user:SlotKeyS3cret9876@x/stocks"));
            e.cli("MASSIVE_API_KEY_TYPO", s("AKsecretAPI1234567"));
            e.cli("STATUS_HTTP_PORT", s("99999"));
            e.env("WEBSOCKET_CONNECTION_3_ENABLED", s("AKsecretAPI1234567"));
        }
        const LoadResult r = e.load();
        QCOMPARE(r.ok(), !withErrors);
        const QString text = describeConfig(r);
        for (const QString &secret : secrets)
            QVERIFY2(!text.contains(secret), qPrintable(secret + s(" leaked:\n") + text));
        for (const QString &line : r.errors + r.warnings) {
            for (const QString &secret : secrets)
                QVERIFY2(!line.contains(secret), qPrintable(line));
        }

        QVERIFY(text.contains(s("  MASSIVE_API_KEY ")));
        auto lineOf = [&text](const QString &key) {
            for (const QString &line : text.split(QLatin1Char('\n'))) {
                if (line.startsWith(s("  ") + key + QLatin1Char(' ')))
                    return line;
            }
            return QString();
        };
        QVERIFY2(lineOf(s("MASSIVE_API_KEY")).contains(s("*** (set)")), qPrintable(lineOf(s("MASSIVE_API_KEY"))));
        QVERIFY(lineOf(s("MASSIVE_API_KEY")).endsWith(s("file")));
        QVERIFY(lineOf(s("WEBSOCKET_CONNECTION_2_API_KEY")).contains(s("*** (set)")));
        QVERIFY(lineOf(s("WEBSOCKET_CONNECTION_2_API_KEY")).endsWith(s("env-file")));
        QVERIFY(lineOf(s("WEBSOCKET_CONNECTION_1_API_KEY")).contains(s("(not set)")));
        QVERIFY(lineOf(s("STATUS_HTTP_TOKEN")).contains(s("*** (set)")));
        QVERIFY(lineOf(s("REDIS_PASSWORD")).contains(redisPasswordKey ? s("*** (set)") : s("(not set)")));
        QCOMPARE(r.config.redis.password, redisPasswordKey ? s("RedisPwKey5555") : s("RedisUrlPassw0rdX"));
        QVERIFY(lineOf(s("REDIS_URL")).contains(s("redis://:***@cache:6379/1")));
        QVERIFY(lineOf(s("REDIS_URL")).endsWith(s("environment")));
        QVERIFY(lineOf(s("STATUS_HTTP_BIND")).contains(s("127.0.0.1")));
        QVERIFY(lineOf(s("STATUS_HTTP_BIND")).endsWith(s("default")));
        // resolved slots
        QVERIFY2(text.contains(s("connection_2")) && text.contains(s("universe:tech")), qPrintable(text));
        QVERIFY(text.contains(s("AAPL, MSFT")));
        if (withErrors)
            QVERIFY(text.contains(s("STATUS_HTTP_PORT=99999: must be an integer from 0 to 65535")));
    }

    void describeShowsDemo()
    {
        Env e;
        e.env("UNIVERSES_FILE", shippedUniverses());
        const LoadResult r = e.load();
        const QString text = describeConfig(r);
        QVERIFY2(text.contains(s("simulated feed (demo: no MASSIVE_API_KEY and no MASSIVE_WEBSOCKET_URL configured)")),
                 qPrintable(text));
        QVERIFY(text.contains(s("universe:market_leaders:top_50")));
        QVERIFY(text.contains(s("(in-process simulator)")));
        QVERIFY(text.contains(s("Errors: 0")));
    }

    void maskSecretsInText()
    {
        MonitorConfig c;
        c.apiKey = s("AKey12345");
        c.redis.password = s("p@ss/word");
        c.http.token = s("tok-999");
        SlotConfig slot;
        slot.apiKey = s("slotkey-77");
        c.feedSlots.append(slot);
        const QString text = s("auth AKey12345 failed; redis://:p%40ss%2Fword@h and p@ss/word; Bearer tok-999; "
                               "slot slotkey-77");
        QCOMPARE(SecretMasker(secretValues(c)).mask(text), s("auth *** failed; redis://:***@h and ***; Bearer ***; slot ***"));
        QCOMPARE(secretValues(c), (QStringList{s("AKey12345"), s("slotkey-77"), s("p@ss/word"), s("tok-999")}));

        // the demo key of the simulated feed is not a secret
        MonitorConfig demo;
        demo.demo = true;
        SlotConfig demoSlot;
        demoSlot.apiKey = s("demo");
        demo.feedSlots.append(demoSlot);
        QCOMPARE(SecretMasker(secretValues(demo)).mask(s("demo mode")), s("demo mode"));
        QVERIFY(secretValues(MonitorConfig{}).isEmpty());
    }

    void keyTable()
    {
        QVERIFY(isKnownKey(u"MASSIVE_API_KEY"));
        QVERIFY(isKnownKey(u"WEBSOCKET_CONNECTION_16_SYMBOLS"));
        QVERIFY(!isKnownKey(u"WEBSOCKET_CONNECTION_17_SYMBOLS"));
        QVERIFY(!isKnownKey(u"WEBSOCKET_CONNECTION_0_SYMBOLS"));
        QVERIFY(!isKnownKey(u"WEBSOCKET_CONNECTION_01_SYMBOLS"));
        QVERIFY(!isKnownKey(u"WEBSOCKET_CONNECTION_1_COLOR"));
        QVERIFY(isSecretKey(u"MASSIVE_API_KEY"));
        QVERIFY(isSecretKey(u"WEBSOCKET_CONNECTION_4_API_KEY"));
        QVERIFY(isSecretKey(u"REDIS_PASSWORD"));
        QVERIFY(isSecretKey(u"STATUS_HTTP_TOKEN"));
        QVERIFY(!isSecretKey(u"REDIS_URL")); // shown with its password masked instead
        int n = 0;
        QString suffix;
        QVERIFY(parseSlotKey(u"WEBSOCKET_CONNECTION_12_UNIVERSE_KEY", &n, &suffix));
        QCOMPARE(n, 12);
        QCOMPARE(suffix, s("UNIVERSE_KEY"));
        QCOMPARE(defaultSlotName(3), s("tertiary"));
        QCOMPARE(defaultSlotName(4), s("connection_4"));
        QCOMPARE(closestKnownKey(u"REDIS_PASWORD"), s("REDIS_PASSWORD"));
        QCOMPARE(closestKnownKey(u"COMPLETELY_DIFFERENT"), QString());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
