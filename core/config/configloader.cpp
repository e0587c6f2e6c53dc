#include "config/configloader.h"

#include "config/configdescription.h"
#include "config/configkeys.h"
#include "config/configvalues.h"
#include "config/envfile.h"
#include "util/tlscredentials.h"
#include "util/logging.h"
#include "util/secretmasker.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QRegularExpression>
#include <QtCore/QSettings>
#include <QtCore/QUrl>
#include <QtNetwork/QHostAddress>

#include <climits>
#include <cmath>
#include <optional>

namespace tickstock::config {
namespace {

// Layers in precedence order; a higher layer wins.
enum Layer { LayerDefault = 0, LayerFile, LayerEnvFile, LayerEnvironment, LayerCli };

QString originName(int layer)
{
    switch (layer) {
    case LayerFile: return QString::fromLatin1(kOriginFile);
    case LayerEnvFile: return QString::fromLatin1(kOriginEnvFile);
    case LayerEnvironment: return QString::fromLatin1(kOriginEnvironment);
    case LayerCli: return QString::fromLatin1(kOriginCli);
    default: return QString::fromLatin1(kOriginDefault);
    }
}

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// A name that is probably a secret, for keys we do not know (typos of secret keys).
bool looksSecret(const QString &name)
{
    const QString n = name.toUpper();
    return n.contains(QLatin1String("KEY")) || n.contains(QLatin1String("TOKEN"))
           || n.contains(QLatin1String("PASSWORD")) || n.contains(QLatin1String("SECRET"))
           || n.contains(QLatin1String("PASS"));
}

QString didYouMean(const QString &name)
{
    static const QRegularExpression slotRe(QStringLiteral("^WEBSOCKET_CONNECTION_([0-9]+)_"));
    const QRegularExpressionMatch m = slotRe.match(name);
    if (m.hasMatch()) {
        const int n = m.captured(1).toInt();
        if (n < 1 || n > kMaxSlots || m.captured(1).startsWith(QLatin1Char('0')))
            return QStringLiteral(" (slot numbers are 1 to %1)").arg(kMaxSlots);
    }
    const QString best = closestKnownKey(name);
    return best.isEmpty() ? QString() : QStringLiteral(" (did you mean ") + best + QStringLiteral("?)");
}

QString expandHome(const QString &path, const QMap<QString, QString> &environment)
{
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/"))) {
        QString home = environment.value(QStringLiteral("HOME"));
        if (home.isEmpty())
            home = QDir::homePath();
        return home + path.mid(1);
    }
    return path;
}

QString joinShort(const QStringList &items, qsizetype max = 10)
{
    if (items.size() <= max)
        return items.join(QStringLiteral(", "));
    return items.mid(0, max).join(QStringLiteral(", ")) + QStringLiteral(", … (+%1 more)").arg(items.size() - max);
}

QString tickerCount(qsizetype n)
{
    return n == 1 ? QStringLiteral("1 ticker") : QStringLiteral("%1 tickers").arg(n);
}

QString slotLabel(const SlotConfig &s)
{
    return s.connectionId() + QStringLiteral(" (") + s.name + QLatin1Char(')');
}

// The merged key → (value, layer) map. Empty values are "not set" and never override.
class LayeredValues {
public:
    void set(const QString &k, const QString &value, int layer)
    {
        const QString v = value.trimmed();
        if (v.isEmpty())
            return;
        m_entries.insert(k, {v, layer});
    }
    bool has(const QString &k) const { return m_entries.contains(k); }
    QString value(const QString &k) const { return m_entries.value(k).value; }
    int layer(const QString &k) const { return m_entries.contains(k) ? m_entries.value(k).layer : LayerDefault; }

private:
    struct Entry {
        QString value;
        int layer = LayerDefault;
    };
    QMap<QString, Entry> m_entries;
};

// Reads typed values, collecting every problem as "KEY=VALUE: reason".
class Reader {
public:
    Reader(const LayeredValues &values, QStringList *errors) : m_values(values), m_errors(errors) {}

    static QString shown(const QString &k, const QString &value)
    {
        if (isSecretKey(k))
            return QStringLiteral("***");
        if (k.endsWith(QLatin1String("URL")))
            return maskUrlPassword(value);
        return value;
    }

    void error(const QString &k, const QString &value, const QString &reason) const
    {
        m_errors->append(k + QLatin1Char('=') + shown(k, value) + QStringLiteral(": ") + reason);
    }
    void error(const QString &k, const QString &reason) const { error(k, m_values.value(k), reason); }

    bool has(const QString &k) const { return m_values.has(k); }
    QString text(const QString &k, const QString &fallback = QString()) const
    {
        return m_values.has(k) ? m_values.value(k) : fallback;
    }

    std::optional<bool> optionalBool(const QString &k) const
    {
        if (!m_values.has(k))
            return std::nullopt;
        const std::optional<bool> b = parseBool(m_values.value(k));
        if (!b)
            error(k, QString::fromLatin1(kBoolReason));
        return b;
    }
    bool boolean(const QString &k, bool fallback) const { return optionalBool(k).value_or(fallback); }

    // nullopt if unset or invalid (then an error is recorded).
    std::optional<qint64> optionalInteger(const QString &k, qint64 min, qint64 max, const QString &reason = QString()) const
    {
        if (!m_values.has(k))
            return std::nullopt;
        bool ok = false;
        const QString v = m_values.value(k);
        const qint64 n = v.toLongLong(&ok);
        if (!ok || n < min || n > max || v.startsWith(QLatin1Char('+'))) {
            error(k, reason.isEmpty() ? QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max) : reason);
            return std::nullopt;
        }
        return n;
    }
    int integer(const QString &k, int min, int max, int fallback, const QString &reason = QString()) const
    {
        return static_cast<int>(optionalInteger(k, min, max, reason).value_or(fallback));
    }

    std::optional<double> optionalNumber(const QString &k, bool allowZero, const QString &reason) const
    {
        if (!m_values.has(k))
            return std::nullopt;
        bool ok = false;
        const double d = m_values.value(k).toDouble(&ok);
        if (!ok || !std::isfinite(d) || d < 0 || (!allowZero && d == 0)) {
            error(k, reason);
            return std::nullopt;
        }
        return d;
    }

    QStringList tickers(const QString &k) const
    {
        if (!m_values.has(k))
            return {};
        const TickerList list = parseTickerList(m_values.value(k));
        for (const QString &bad : list.invalid) {
            error(k, QStringLiteral("invalid ticker ") + bad + QStringLiteral(" (") + QString::fromLatin1(kTickerRule)
                         + QLatin1Char(')'));
        }
        return list.tickers;
    }

    QString webSocketUrl(const QString &k) const
    {
        if (!m_values.has(k))
            return QString();
        const QString url = m_values.value(k);
        if (!isWebSocketUrl(url)) {
            error(k, QStringLiteral("must be a ws:// or wss:// URL"));
            return QString();
        }
        return url;
    }

private:
    const LayeredValues &m_values;
    QStringList *m_errors;
};

// ---- INI file ----------------------------------------------------------------------------------

struct IniContent {
    QMap<QString, QString> values; // known keys only
    QStringList errors;
    QStringList warnings;
};

// Line-level checks QSettings does not report (it skips such lines silently).
void prescanIni(const QString &path, IniContent *out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QString text = QString::fromUtf8(file.readAll());
    int lineNo = 0;
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        ++lineNo;
        const QStringView t = line.trimmed();
        if (t.isEmpty() || t.front() == QLatin1Char(';') || t.front() == QLatin1Char('#'))
            continue;
        const QString where = path + QLatin1Char(':') + QString::number(lineNo) + QStringLiteral(": ");
        if (t.front() == QLatin1Char('[')) {
            if (!t.endsWith(QLatin1Char(']')))
                out->errors.append(where + QStringLiteral("unclosed [section]"));
            continue;
        }
        const qsizetype eq = t.indexOf(QLatin1Char('='));
        if (eq < 0) {
            out->errors.append(where + QStringLiteral("expected KEY=VALUE"));
            continue;
        }
        const QStringView k = t.left(eq).trimmed();
        const QStringView v = t.mid(eq + 1).trimmed();
        if (v.startsWith(QLatin1Char('"'))) {
            qsizetype close = -1;
            for (qsizetype i = 1; i < v.size(); ++i) {
                if (v[i] == QLatin1Char('\\')) {
                    ++i;
                } else if (v[i] == QLatin1Char('"')) {
                    close = i;
                    break;
                }
            }
            if (close < 0)
                out->errors.append(where + k + QStringLiteral(": unterminated quoted value"));
        } else if (v.contains(QLatin1Char(';'))) {
            out->warnings.append(where + k
                                 + QStringLiteral(": ';' starts a comment in INI files, the rest of the line is "
                                                  "ignored; quote the value if ';' belongs to it"));
        }
    }
}

IniContent readIni(const QString &path)
{
    IniContent content;
    prescanIni(path, &content);

    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() == QSettings::AccessError)
        content.errors.append(path + QStringLiteral(": cannot read config file"));
    else if (settings.status() == QSettings::FormatError && content.errors.isEmpty())
        content.errors.append(path + QStringLiteral(": not a valid INI file"));

    QMap<QString, QString> topLevel;
    QMap<QString, QString> grouped;
    const QStringList all = settings.allKeys();
    for (const QString &fullKey : all) {
        const qsizetype slash = fullKey.indexOf(QLatin1Char('/'));
        const QString group = slash < 0 ? QString() : fullKey.left(slash);
        const QString name = (slash < 0 ? fullKey : fullKey.mid(slash + 1)).trimmed().toUpper();
        const bool monitorGroup = group.compare(QLatin1String("monitor"), Qt::CaseInsensitive) == 0;
        if ((!group.isEmpty() && !monitorGroup) || !isKnownKey(name)) {
            content.warnings.append(path + QStringLiteral(": unknown key ") + fullKey + didYouMean(name)
                                    + QStringLiteral(" (ignored)"));
            continue;
        }
        const QVariant v = settings.value(fullKey);
        // QSettings turns an unquoted "T,Q,AM" into a string list.
        const QString value = v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(','))
                                                                    : v.toString();
        (monitorGroup ? grouped : topLevel).insert(name, value);
    }
    content.values = topLevel;
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it)
        content.values.insert(it.key(), it.value());
    return content;
}

// ---- universes ---------------------------------------------------------------------------------

// Built-in tickers for the demo when no universes file can be found.
QStringList builtinDemoTickers(int slot)
{
    switch (slot) {
    case 1: return QStringList{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA"),
                               QStringLiteral("AMZN"), QStringLiteral("GOOGL"), QStringLiteral("META"),
                               QStringLiteral("TSLA"), QStringLiteral("AVGO")};
    case 2: return QStringList{QStringLiteral("JPM"), QStringLiteral("BAC"), QStringLiteral("WFC"),
                               QStringLiteral("GS"), QStringLiteral("MS"), QStringLiteral("C"),
                               QStringLiteral("SCHW"), QStringLiteral("BLK")};
    default: return QStringList{QStringLiteral("UNH"), QStringLiteral("JNJ"), QStringLiteral("LLY"),
                                QStringLiteral("PFE"), QStringLiteral("MRK"), QStringLiteral("ABBV"),
                                QStringLiteral("TMO"), QStringLiteral("ABT")};
    }
}

const QStringList &demoUniverses()
{
    static const QStringList keys = {QStringLiteral("market_leaders:top_50"), QStringLiteral("sector:finance"),
                                     QStringLiteral("sector:healthcare")};
    return keys;
}

// Per-slot raw settings before ticker resolution.
struct SlotInput {
    SlotConfig slot;
    QString urlOverride;
    QString apiKeyOverride;
    QString universeKeyName; // the key the universe came from, for messages
    QString symbolsKeyName;
};

} // namespace

QString redisUrlText(const RedisConfig &redis, bool maskPassword)
{
    QString userInfo;
    if (!redis.username.isEmpty() || !redis.password.isEmpty()) {
        userInfo = QString::fromUtf8(QUrl::toPercentEncoding(redis.username));
        if (!redis.password.isEmpty()) {
            userInfo += QLatin1Char(':')
                        + (maskPassword ? QStringLiteral("***") : QString::fromUtf8(QUrl::toPercentEncoding(redis.password)));
        }
        userInfo += QLatin1Char('@');
    }
    const QString host = redis.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + redis.host + QLatin1Char(']')
                                                               : redis.host;
    return QStringLiteral("redis://") + userInfo + host + QLatin1Char(':') + QString::number(redis.port)
           + QLatin1Char('/') + QString::number(redis.db);
}

// ---- public ------------------------------------------------------------------------------------

QString defaultConfigFile(const QMap<QString, QString> &environment)
{
    const QString xdg = environment.value(QStringLiteral("XDG_CONFIG_HOME")).trimmed();
    if (!xdg.isEmpty() && QDir::isAbsolutePath(xdg))
        return QDir(xdg).filePath(QStringLiteral("tickstock/monitor.conf"));
    QString home = environment.value(QStringLiteral("HOME")).trimmed();
    if (home.isEmpty())
        home = QDir::homePath();
    return QDir(home).filePath(QStringLiteral(".config/tickstock/monitor.conf"));
}

QString systemConfigFile()
{
    return QStringLiteral("/etc/tickstock-monitor/monitor.conf");
}

QMap<QString, QString> processEnvironment()
{
    QMap<QString, QString> map;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : env.keys())
        map.insert(k, env.value(k));
    return map;
}

LoadResult loadConfig(const ConfigSources &sources, const UniverseSource *universes)
{
    LoadResult r;
    LayeredValues values;

    // 1. Config file.
    r.configFile = sources.configFile.isEmpty() ? defaultConfigFile(sources.environment) : sources.configFile;
    if (QFileInfo(r.configFile).isFile()) {
        const IniContent ini = readIni(r.configFile);
        r.errors += ini.errors;
        r.warnings += ini.warnings;
        for (auto it = ini.values.cbegin(); it != ini.values.cend(); ++it)
            values.set(it.key(), it.value(), LayerFile);
        r.configFileRead = true;
    } else if (sources.configFileExplicit) {
        r.errors.append(r.configFile
                        + (QFileInfo::exists(r.configFile) ? QStringLiteral(": config file is not a regular file")
                                                           : QStringLiteral(": config file does not exist")));
    } else {
        qCDebug(lcConfig) << "no config file at" << r.configFile << "- using defaults";
    }

    // 2. .env file: known keys only (the file may be shared with other tools).
    if (!sources.envFile.isEmpty()) {
        const EnvFile env = EnvFile::read(sources.envFile);
        r.envFile = sources.envFile;
        r.errors += env.errors();
        for (auto it = env.values().cbegin(); it != env.values().cend(); ++it) {
            if (isKnownKey(it.key()))
                values.set(it.key(), it.value(), LayerEnvFile);
        }
    }

    // 3. Process environment: known keys only.
    for (auto it = sources.environment.cbegin(); it != sources.environment.cend(); ++it) {
        if (isKnownKey(it.key()))
            values.set(it.key(), it.value(), LayerEnvironment);
    }

    // 4. Command line: every key must be known.
    for (auto it = sources.cli.cbegin(); it != sources.cli.cend(); ++it) {
        const QString k = it.key().trimmed().toUpper();
        if (!isKnownKey(k)) {
            const QString shown = looksSecret(k) || isSecretKey(closestKnownKey(k)) ? QStringLiteral("***") : it.value();
            r.errors.append(k + QLatin1Char('=') + shown + QStringLiteral(": unknown key") + didYouMean(k));
            continue;
        }
        values.set(k, it.value(), LayerCli);
    }

    const Reader in(values, &r.errors);
    MonitorConfig &c = r.config;

    // Feed.
    c.apiKey = in.text(key("MASSIVE_API_KEY"));
    if (in.has(key("MASSIVE_WEBSOCKET_URL"))) {
        c.urlConfigured = true;
        const QString url = in.webSocketUrl(key("MASSIVE_WEBSOCKET_URL"));
        if (!url.isEmpty())
            c.websocketUrl = url;
    }
    if (in.has(key("MASSIVE_CHANNELS"))) {
        const ChannelList channels = parseChannelList(in.text(key("MASSIVE_CHANNELS")));
        for (const QString &unknown : channels.unknown) {
            in.error(key("MASSIVE_CHANNELS"), QStringLiteral("unknown channel ") + unknown + QStringLiteral(" (known: ")
                                                  + knownChannels().join(QStringLiteral(", ")) + QLatin1Char(')'));
        }
        if (channels.channels.isEmpty() && channels.unknown.isEmpty())
            in.error(key("MASSIVE_CHANNELS"), QStringLiteral("must list at least one channel"));
        else if (channels.unknown.isEmpty())
            c.channels = channels.channels;
    }
    c.multiConnection = in.boolean(key("USE_MULTI_CONNECTION"), false);
    c.connectionsMax = in.integer(key("WEBSOCKET_CONNECTIONS_MAX"), 1, kMaxSlots, 3);

    const std::optional<double> delay = in.optionalNumber(key("MASSIVE_WEBSOCKET_RECONNECT_DELAY"), false,
                                                          QStringLiteral("must be a positive number of seconds"));
    const std::optional<double> maxDelay = in.optionalNumber(key("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY"), false,
                                                             QStringLiteral("must be a positive number of seconds"));
    c.reconnectDelaySeconds = delay.value_or(c.reconnectDelaySeconds);
    c.maxReconnectDelaySeconds = maxDelay.value_or(c.maxReconnectDelaySeconds);
    const bool delaysValid = (delay || !in.has(key("MASSIVE_WEBSOCKET_RECONNECT_DELAY")))
                             && (maxDelay || !in.has(key("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY")));
    if (delaysValid && c.maxReconnectDelaySeconds < c.reconnectDelaySeconds) {
        if (maxDelay) {
            in.error(key("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY"),
                     QStringLiteral("must be at least MASSIVE_WEBSOCKET_RECONNECT_DELAY (")
                         + QString::number(c.reconnectDelaySeconds) + QLatin1Char(')'));
        } else {
            in.error(key("MASSIVE_WEBSOCKET_RECONNECT_DELAY"),
                     QStringLiteral("must not exceed MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY (")
                         + QString::number(c.maxReconnectDelaySeconds) + QLatin1Char(')'));
        }
    }
    c.maxRetries = in.integer(key("MASSIVE_WEBSOCKET_MAX_RETRIES"), 0, INT_MAX, 0,
                              QStringLiteral("must be a non-negative integer (0 = retry forever)"));

    // Redis.
    RedisConfig &redis = c.redis;
    redis.enabled = in.boolean(key("REDIS_ENABLED"), true);
    if (in.has(key("REDIS_TICK_CHANNEL")))
        redis.tickChannel = in.text(key("REDIS_TICK_CHANNEL"));
    redis.queueCapacity = in.integer(key("REDIS_QUEUE_SIZE"), 1, 100'000'000, redis.queueCapacity);
    redis.streamKey = in.text(key("REDIS_STREAM"));
    redis.streamMaxLen = in.integer(key("REDIS_STREAM_MAXLEN"), 0, INT_MAX, redis.streamMaxLen,
                                    QStringLiteral("must be a non-negative integer (0 = no trimming)"));
    {
        RedisUrl url;
        const int urlLayer = values.layer(key("REDIS_URL"));
        if (in.has(key("REDIS_URL"))) {
            QString reason;
            if (const std::optional<RedisUrl> parsed = parseRedisUrl(in.text(key("REDIS_URL")), &reason))
                url = *parsed;
            else
                in.error(key("REDIS_URL"), reason);
        }
        // A part key applies when it sits in the same or a later layer than REDIS_URL.
        auto applies = [&](const char *k) { return in.has(key(k)) && values.layer(key(k)) >= urlLayer; };
        if (in.has(key("REDIS_HOST"))) {
            const QString host = in.text(key("REDIS_HOST"));
            if (host.contains(QLatin1Char(' ')) || host.contains(QLatin1Char('/')) || host.contains(QLatin1Char('@')))
                in.error(key("REDIS_HOST"), QStringLiteral("must be a host name or IP address"));
            else if (applies("REDIS_HOST"))
                url.host = host;
        }
        if (const std::optional<qint64> port = in.optionalInteger(key("REDIS_PORT"), 1, 65535); port && applies("REDIS_PORT"))
            url.port = static_cast<int>(*port);
        if (const std::optional<qint64> db = in.optionalInteger(key("REDIS_DB"), 0, INT_MAX,
                                                                QStringLiteral("must be a non-negative integer"));
            db && applies("REDIS_DB"))
            url.db = static_cast<int>(*db);
        if (applies("REDIS_PASSWORD"))
            url.password = in.text(key("REDIS_PASSWORD"));
        redis.host = url.host;
        redis.port = url.port;
        redis.db = url.db;
        redis.username = url.username;
        redis.password = url.password;
    }

    // HTTP.
    HttpConfig &http = c.http;
    if (in.has(key("STATUS_HTTP_BIND"))) {
        const QString bind = in.text(key("STATUS_HTTP_BIND"));
        if (bind.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
            http.bind = QStringLiteral("127.0.0.1");
        else if (QHostAddress address; address.setAddress(bind))
            http.bind = address.toString();
        else
            in.error(key("STATUS_HTTP_BIND"), QStringLiteral("must be an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1)"));
    }
    http.port = in.integer(key("STATUS_HTTP_PORT"), 0, 65535, http.port);
    http.token = in.text(key("STATUS_HTTP_TOKEN"));
    if (!http.token.isEmpty() && http.token.size() < kMinHttpTokenLength) // the value is never shown
        r.errors.append(QStringLiteral("STATUS_HTTP_TOKEN: must be at least %1 characters long (e.g. the output of "
                                       "`openssl rand -hex 32`)")
                            .arg(kMinHttpTokenLength));
    const auto path = [&](const char *k) {
        const QString p = expandHome(in.text(key(k)), sources.environment);
        return p.isEmpty() ? p : QFileInfo(p).absoluteFilePath(); // a reload after a chdir reads the same file
    };
    http.tlsCert = path("STATUS_HTTP_TLS_CERT");
    http.tlsKey = path("STATUS_HTTP_TLS_KEY");
    http.allowPlaintext = in.boolean(key("STATUS_HTTP_ALLOW_PLAINTEXT"), false);
    if (http.tlsCert.isEmpty() != http.tlsKey.isEmpty()) {
        r.errors.append(http.tlsCert.isEmpty()
                            ? QStringLiteral("STATUS_HTTP_TLS_KEY is set but STATUS_HTTP_TLS_CERT is not: set both or neither")
                            : QStringLiteral("STATUS_HTTP_TLS_CERT is set but STATUS_HTTP_TLS_KEY is not: set both or neither"));
    } else if (http.tls()) {
        QString tlsError;
        if (const std::optional<TlsCredentials> tls = loadTlsCredentials(http.tlsCert, http.tlsKey, &tlsError)) {
            if (const QString warning = tls->validityWarning(http.tlsCert); !warning.isEmpty())
                r.warnings.append(warning);
        } else {
            r.errors.append(tlsError);
        }
    }
    if (!QHostAddress(http.bind).isLoopback()) {
        const QString where = QStringLiteral("STATUS_HTTP_BIND=") + http.bind;
        if (http.token.isEmpty())
            r.errors.append(where + QStringLiteral(": a non-loopback bind needs STATUS_HTTP_TOKEN (anyone on the network "
                                                   "could read the status and control the feed connections); set a "
                                                   "token of at least %1 characters or bind 127.0.0.1")
                                        .arg(kMinHttpTokenLength));
        if (!http.tls() && !http.allowPlaintext)
            r.errors.append(where + QStringLiteral(": a non-loopback bind needs TLS (STATUS_HTTP_TLS_CERT and "
                                                   "STATUS_HTTP_TLS_KEY), or the token crosses the network in clear; "
                                                   "set STATUS_HTTP_ALLOW_PLAINTEXT=true to serve plain HTTP anyway"));
        else if (!http.tls())
            r.warnings.append(where + QStringLiteral(" with STATUS_HTTP_ALLOW_PLAINTEXT=true: the status API is served "
                                                     "as plain HTTP and the bearer token crosses the network in clear"));
    }

    // Process.
    c.headless = in.boolean(key("HEADLESS"), false);
    c.statusIntervalSeconds = in.optionalNumber(key("STATUS_INTERVAL"), true,
                                                QStringLiteral("must be a non-negative number of seconds (0 = off)"))
                                  .value_or(0);
    const std::optional<bool> demoFlag = in.optionalBool(key("DEMO"));

    // Universes file.
    UniverseFile universeFile;
    bool universeFileLoaded = false;
    {
        QString path;
        if (in.has(key("UNIVERSES_FILE")))
            path = expandHome(in.text(key("UNIVERSES_FILE")), sources.environment);
        else
            path = findDefaultUniversesFile(sources.environment);
        c.universesFile = path;
        if (!path.isEmpty()) {
            if (!QFileInfo::exists(path)) {
                in.error(key("UNIVERSES_FILE"), path, QStringLiteral("file does not exist"));
            } else {
                QString error;
                universeFileLoaded = universeFile.load(path, &error);
                if (!universeFileLoaded) {
                    const QString prefix = path + QStringLiteral(": ");
                    in.error(key("UNIVERSES_FILE"), path, error.startsWith(prefix) ? error.mid(prefix.size()) : error);
                }
            }
        }
    }
    UniverseChain chain;
    chain.append(universes);
    if (universeFileLoaded)
        chain.append(&universeFile);
    const QString universeHint = [&]() -> QString {
        if (universeFileLoaded)
            return QString();
        if (c.universesFile.isEmpty())
            return QStringLiteral(" (no universes file found)");
        return QStringLiteral(" (the universes file could not be loaded)");
    }();

    // Slots: read every slot key of slots 1..max, whatever the mode, so that bad values are reported.
    QList<SlotInput> inputs;
    for (int n = 1; n <= c.connectionsMax; ++n) {
        SlotInput s;
        s.slot.index = n;
        s.slot.enabled = in.boolean(slotKey(n, u"ENABLED"), false);
        s.slot.name = in.text(slotKey(n, u"NAME"), defaultSlotName(n));
        s.slot.universeKey = in.text(slotKey(n, u"UNIVERSE_KEY"));
        s.slot.symbols = in.tickers(slotKey(n, u"SYMBOLS"));
        s.urlOverride = in.webSocketUrl(slotKey(n, u"URL"));
        s.apiKeyOverride = in.text(slotKey(n, u"API_KEY"));
        s.universeKeyName = slotKey(n, u"UNIVERSE_KEY");
        s.symbolsKeyName = slotKey(n, u"SYMBOLS");
        inputs.append(s);
    }
    const QString singleUniverse = in.text(key("SYMBOL_UNIVERSE_KEY"));
    const QStringList singleSymbols = in.tickers(key("SYMBOLS"));

    if (c.multiConnection) {
        for (int n = c.connectionsMax + 1; n <= kMaxSlots; ++n) {
            for (const QString &suffix : slotKeySuffixes()) {
                if (in.has(slotKey(n, suffix))) {
                    r.warnings.append(slotKey(n, u"*") + QStringLiteral(": slot %1 is beyond WEBSOCKET_CONNECTIONS_MAX=%2 "
                                                                       "and is ignored")
                                                             .arg(n)
                                                             .arg(c.connectionsMax));
                    break;
                }
            }
        }
    } else {
        for (const SlotInput &s : inputs) {
            if (s.slot.enabled) {
                r.warnings.append(slotKey(s.slot.index, u"ENABLED")
                                  + QStringLiteral("=true is ignored: USE_MULTI_CONNECTION is false (single mode uses "
                                                   "SYMBOL_UNIVERSE_KEY / SYMBOLS)"));
                break;
            }
        }
    }

    // Demo: forced by DEMO, or the default when neither a key nor a URL is configured anywhere.
    bool keyOrUrlConfigured = in.has(key("MASSIVE_API_KEY")) || in.has(key("MASSIVE_WEBSOCKET_URL"));
    bool explicitSlots = false;
    if (c.multiConnection) {
        for (const SlotInput &s : inputs) {
            if (!s.slot.enabled)
                continue;
            explicitSlots = true;
            keyOrUrlConfigured = keyOrUrlConfigured || !s.urlOverride.isEmpty() || !s.apiKeyOverride.isEmpty();
        }
    } else {
        explicitSlots = !singleUniverse.isEmpty() || in.has(key("SYMBOLS"));
    }
    if (demoFlag) {
        c.demo = *demoFlag;
        if (c.demo) {
            r.demoReason = values.layer(key("DEMO")) == LayerCli ? QStringLiteral("--demo")
                                                                  : QStringLiteral("DEMO=true (") + originName(values.layer(key("DEMO"))) + QLatin1Char(')');
        }
    } else if (!keyOrUrlConfigured) {
        c.demo = true;
        r.demoReason = QStringLiteral("no MASSIVE_API_KEY and no MASSIVE_WEBSOCKET_URL configured");
    }

    // Build the slot list.
    QList<SlotInput> built;
    bool autoDemoSlots = false;
    if (c.demo && !explicitSlots) {
        autoDemoSlots = true;
        c.multiConnection = true;
        c.connectionsMax = 3;
        for (int n = 1; n <= 3; ++n) {
            SlotInput s;
            s.slot.index = n;
            s.slot.enabled = true;
            s.slot.name = defaultSlotName(n);
            s.slot.universeKey = demoUniverses().at(n - 1);
            s.universeKeyName = QStringLiteral("demo universe");
            built.append(s);
        }
    } else if (c.multiConnection) {
        built = inputs;
    } else {
        SlotInput s;
        s.slot.index = 1;
        s.slot.enabled = true;
        s.slot.name = QStringLiteral("primary");
        s.slot.universeKey = singleUniverse;
        s.slot.symbols = singleSymbols;
        s.universeKeyName = key("SYMBOL_UNIVERSE_KEY");
        s.symbolsKeyName = key("SYMBOLS");
        built.append(s);
    }

    // Resolve tickers: universe first, else SYMBOLS.
    for (SlotInput &s : built) {
        SlotConfig &slot = s.slot;
        const bool warn = slot.enabled;
        if (!slot.universeKey.isEmpty()) {
            QString how;
            if (const std::optional<QStringList> tickers = resolveUniverse(chain, slot.universeKey, &how)) {
                slot.tickers = *tickers;
                slot.tickerSource = QStringLiteral("universe:") + slot.universeKey;
                qCDebug(lcConfig) << slot.connectionId() << "tickers from" << how << slot.tickers.size();
                continue;
            }
            if (autoDemoSlots) {
                slot.tickers = builtinDemoTickers(slot.index);
                slot.tickerSource = QStringLiteral("demo");
                r.warnings.append(QStringLiteral("demo universe ") + slot.universeKey + QStringLiteral(" not found")
                                  + universeHint + QStringLiteral("; ") + slotLabel(slot)
                                  + QStringLiteral(" uses built-in demo tickers"));
                continue;
            }
            if (warn) {
                QString fallback;
                if (slot.symbols.isEmpty())
                    fallback = QStringLiteral("; ") + s.symbolsKeyName + QStringLiteral(" is empty");
                else
                    fallback = QStringLiteral("; using ") + s.symbolsKeyName + QStringLiteral(" (")
                               + tickerCount(slot.symbols.size()) + QLatin1Char(')');
                r.warnings.append(s.universeKeyName + QLatin1Char('=') + slot.universeKey
                                  + QStringLiteral(": unknown universe") + universeHint + fallback);
            }
        }
        if (!slot.symbols.isEmpty()) {
            slot.tickers = slot.symbols;
            slot.tickerSource = QStringLiteral("symbols");
        } else {
            slot.tickerSource = QStringLiteral("none");
        }
    }

    // De-duplicate across slots: enabled slots claim tickers in index order; a disabled slot keeps
    // only tickers no enabled slot has.
    QHash<QString, int> owner;
    QHash<int, QString> labels;
    for (const SlotInput &s : built)
        labels.insert(s.slot.index, slotLabel(s.slot));
    for (int pass = 0; pass < 2; ++pass) {
        for (SlotInput &s : built) {
            SlotConfig &slot = s.slot;
            if (slot.enabled != (pass == 0))
                continue;
            QStringList kept;
            QMap<int, QStringList> removed; // owner slot -> tickers
            for (const QString &t : std::as_const(slot.tickers)) {
                const auto it = owner.constFind(t);
                if (it != owner.constEnd() && *it != slot.index) {
                    removed[*it].append(t);
                    continue;
                }
                kept.append(t);
                if (slot.enabled)
                    owner.insert(t, slot.index);
            }
            slot.tickers = kept;
            if (!slot.enabled || autoDemoSlots)
                continue;
            for (auto it = removed.cbegin(); it != removed.cend(); ++it) {
                const bool one = it.value().size() == 1;
                r.warnings.append(labels.value(slot.index) + QStringLiteral(": ") + joinShort(it.value())
                                  + (one ? QStringLiteral(" is") : QStringLiteral(" are"))
                                  + QStringLiteral(" already on ") + labels.value(it.key())
                                  + (one ? QStringLiteral(" and stays there") : QStringLiteral(" and stay there"))
                                  + QStringLiteral(" (a ticker belongs to its first connection)"));
            }
        }
    }

    // URL and key per slot; the demo uses the in-process simulator (the app fills in its URL).
    QStringList keyless;
    for (SlotInput &s : built) {
        SlotConfig &slot = s.slot;
        if (c.demo) {
            slot.url.clear();
            slot.apiKey = QStringLiteral("demo");
        } else {
            slot.url = s.urlOverride.isEmpty() ? c.websocketUrl : s.urlOverride;
            slot.apiKey = s.apiKeyOverride.isEmpty() ? c.apiKey : s.apiKeyOverride;
            if (slot.enabled && slot.apiKey.isEmpty())
                keyless.append(slotLabel(slot));
        }
        if (slot.enabled && slot.tickers.isEmpty()) {
            r.warnings.append(slotLabel(slot) + QStringLiteral(" is enabled but has no tickers; it will stay idle"));
        }
        c.feedSlots.append(slot);
    }
    if (c.demo)
        c.websocketUrl.clear();
    if (!keyless.isEmpty()) {
        r.warnings.append(QStringLiteral("MASSIVE_API_KEY is not set; ") + keyless.join(QStringLiteral(", "))
                          + QStringLiteral(" will most likely fail to authenticate"));
    }
    if (c.multiConnection && c.enabledSlotCount() == 0) {
        r.warnings.append(QStringLiteral("USE_MULTI_CONNECTION=true but no WEBSOCKET_CONNECTION_N_ENABLED is true; "
                                         "no connection will be opened"));
    }

    // Origins: every global key and the slot keys of the slots in use.
    for (const KeyInfo &k : globalKeys())
        r.origins.insert(k.name, originName(values.layer(k.name)));
    for (int n = 1; n <= c.connectionsMax; ++n) {
        for (const QString &suffix : slotKeySuffixes())
            r.origins.insert(slotKey(n, suffix), originName(values.layer(slotKey(n, suffix))));
    }

    // Effective values as text, for --check-config and the UI; never a secret.
    for (const KeyInfo &k : globalKeys()) {
        if (k.secret)
            r.values.insert(k.name, in.has(k.name) ? QStringLiteral("***") : QString());
        else
            r.values.insert(k.name, in.text(k.name, k.defaultValue));
    }
    r.values.insert(key("REDIS_URL"), redisUrlText(redis, true));
    r.values.insert(key("UNIVERSES_FILE"), c.universesFile);
    r.values.insert(key("DEMO"), c.demo ? QStringLiteral("true") : QStringLiteral("false"));
    r.values.insert(key("USE_MULTI_CONNECTION"), c.multiConnection ? QStringLiteral("true") : QStringLiteral("false"));
    r.values.insert(key("WEBSOCKET_CONNECTIONS_MAX"), QString::number(c.connectionsMax));
    if (autoDemoSlots) { // the demo's built-in slots are the effective values
        for (const SlotConfig &slot : std::as_const(c.feedSlots)) {
            r.values.insert(slotKey(slot.index, u"ENABLED"), QStringLiteral("true"));
            r.values.insert(slotKey(slot.index, u"UNIVERSE_KEY"), slot.universeKey);
        }
    }
    for (int n = 1; n <= c.connectionsMax; ++n) {
        for (const QString &suffix : slotKeySuffixes()) {
            const QString k = slotKey(n, suffix);
            if (autoDemoSlots && r.values.contains(k))
                continue;
            QString v = in.text(k);
            if (isSecretKey(k))
                v = v.isEmpty() ? QString() : QStringLiteral("***");
            else if (v.isEmpty() && suffix == QLatin1String("ENABLED"))
                v = QStringLiteral("false");
            else if (v.isEmpty() && suffix == QLatin1String("NAME"))
                v = defaultSlotName(n);
            r.values.insert(k, v);
        }
    }

    // A secret typed into the wrong key must not show up in a message either.
    QStringList secrets = secretValues(c);
    for (int n = 1; n <= kMaxSlots; ++n)
        secrets.append(in.text(slotKey(n, u"API_KEY")));
    for (const KeyInfo &k : globalKeys()) {
        if (k.secret)
            secrets.append(in.text(k.name));
    }
    if (const std::optional<RedisUrl> url = parseRedisUrl(in.text(key("REDIS_URL")), nullptr))
        secrets.append(url->password);
    const SecretMasker masker(secrets);
    for (QString &line : r.errors)
        line = masker.mask(line);
    for (QString &line : r.warnings)
        line = masker.mask(line);

    for (const QString &w : std::as_const(r.warnings))
        qCDebug(lcConfig).noquote() << "warning:" << w;
    return r;
}

} // namespace tickstock::config
