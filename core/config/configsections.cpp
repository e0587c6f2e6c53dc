#include "config/configsections.h"

#include "config/configkeys.h"
#include "config/configvalues.h"
#include "util/tlscredentials.h"

#include <QtCore/QFileInfo>
#include <QtNetwork/QHostAddress>

#include <climits>

namespace tickstock::config {

void readFeedSection(const Reader &in, MonitorConfig *c)
{
    c->apiKey = in.text(key("MASSIVE_API_KEY"));
    if (in.has(key("MASSIVE_WEBSOCKET_URL"))) {
        c->urlConfigured = true;
        const QString url = in.webSocketUrl(key("MASSIVE_WEBSOCKET_URL"));
        if (!url.isEmpty())
            c->websocketUrl = url;
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
            c->channels = channels.channels;
    }
    c->multiConnection = in.boolean(key("USE_MULTI_CONNECTION"), false);
    c->connectionsMax = in.integer(key("WEBSOCKET_CONNECTIONS_MAX"), 1, kMaxSlots, 3);

    const std::optional<double> delay = in.optionalNumber(key("MASSIVE_WEBSOCKET_RECONNECT_DELAY"), false,
                                                          QStringLiteral("must be a positive number of seconds"));
    const std::optional<double> maxDelay = in.optionalNumber(key("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY"), false,
                                                             QStringLiteral("must be a positive number of seconds"));
    c->reconnectDelaySeconds = delay.value_or(c->reconnectDelaySeconds);
    c->maxReconnectDelaySeconds = maxDelay.value_or(c->maxReconnectDelaySeconds);
    const bool delaysValid = (delay || !in.has(key("MASSIVE_WEBSOCKET_RECONNECT_DELAY")))
                             && (maxDelay || !in.has(key("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY")));
    if (delaysValid && c->maxReconnectDelaySeconds < c->reconnectDelaySeconds) {
        if (maxDelay) {
            in.error(key("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY"),
                     QStringLiteral("must be at least MASSIVE_WEBSOCKET_RECONNECT_DELAY (")
                         + QString::number(c->reconnectDelaySeconds) + QLatin1Char(')'));
        } else {
            in.error(key("MASSIVE_WEBSOCKET_RECONNECT_DELAY"),
                     QStringLiteral("must not exceed MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY (")
                         + QString::number(c->maxReconnectDelaySeconds) + QLatin1Char(')'));
        }
    }
    c->maxRetries = in.integer(key("MASSIVE_WEBSOCKET_MAX_RETRIES"), 0, INT_MAX, 0,
                              QStringLiteral("must be a non-negative integer (0 = retry forever)"));
}

void readRedisSection(const Reader &in, RedisConfig *redis)
{
    redis->enabled = in.boolean(key("REDIS_ENABLED"), true);
    if (in.has(key("REDIS_TICK_CHANNEL")))
        redis->tickChannel = in.text(key("REDIS_TICK_CHANNEL"));
    redis->queueCapacity = in.integer(key("REDIS_QUEUE_SIZE"), 1, 100'000'000, redis->queueCapacity);
    redis->streamKey = in.text(key("REDIS_STREAM"));
    redis->streamMaxLen = in.integer(key("REDIS_STREAM_MAXLEN"), 0, INT_MAX, redis->streamMaxLen,
                                    QStringLiteral("must be a non-negative integer (0 = no trimming)"));
    RedisUrl url;
    const int urlLayer = in.layer(key("REDIS_URL"));
    if (in.has(key("REDIS_URL"))) {
        QString reason;
        if (const std::optional<RedisUrl> parsed = parseRedisUrl(in.text(key("REDIS_URL")), &reason))
            url = *parsed;
        else
            in.error(key("REDIS_URL"), reason);
    }
    // A part key applies when it sits in the same or a later layer than REDIS_URL.
    auto applies = [&](const char *k) { return in.has(key(k)) && in.layer(key(k)) >= urlLayer; };
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
    redis->host = url.host;
    redis->port = url.port;
    redis->db = url.db;
    redis->username = url.username;
    redis->password = url.password;
}

void readHttpSection(const Reader &in, const QMap<QString, QString> &environment, HttpConfig *http,
                     QStringList *errors, QStringList *warnings)
{
    if (in.has(key("STATUS_HTTP_BIND"))) {
        const QString bind = in.text(key("STATUS_HTTP_BIND"));
        if (bind.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
            http->bind = QStringLiteral("127.0.0.1");
        else if (QHostAddress address; address.setAddress(bind))
            http->bind = address.toString();
        else
            in.error(key("STATUS_HTTP_BIND"), QStringLiteral("must be an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1)"));
    }
    http->port = in.integer(key("STATUS_HTTP_PORT"), 0, 65535, http->port);
    http->token = in.text(key("STATUS_HTTP_TOKEN"));
    if (!http->token.isEmpty() && http->token.size() < kMinHttpTokenLength) // the value is never shown
        errors->append(QStringLiteral("STATUS_HTTP_TOKEN: must be at least %1 characters long (e.g. the output of "
                                      "`openssl rand -hex 32`)")
                           .arg(kMinHttpTokenLength));
    const auto path = [&](const char *k) {
        const QString p = expandHome(in.text(key(k)), environment);
        return p.isEmpty() ? p : QFileInfo(p).absoluteFilePath(); // a reload after a chdir reads the same file
    };
    http->tlsCert = path("STATUS_HTTP_TLS_CERT");
    http->tlsKey = path("STATUS_HTTP_TLS_KEY");
    http->allowPlaintext = in.boolean(key("STATUS_HTTP_ALLOW_PLAINTEXT"), false);
    if (http->tlsCert.isEmpty() != http->tlsKey.isEmpty()) {
        errors->append(http->tlsCert.isEmpty()
                           ? QStringLiteral("STATUS_HTTP_TLS_KEY is set but STATUS_HTTP_TLS_CERT is not: set both or neither")
                           : QStringLiteral("STATUS_HTTP_TLS_CERT is set but STATUS_HTTP_TLS_KEY is not: set both or neither"));
    } else if (http->tls()) {
        QString tlsError;
        if (const std::optional<TlsCredentials> tls = loadTlsCredentials(http->tlsCert, http->tlsKey, &tlsError)) {
            if (const QString warning = tls->validityWarning(http->tlsCert); !warning.isEmpty())
                warnings->append(warning);
        } else {
            errors->append(tlsError);
        }
    }
    if (!QHostAddress(http->bind).isLoopback()) {
        const QString where = QStringLiteral("STATUS_HTTP_BIND=") + http->bind;
        if (http->token.isEmpty())
            errors->append(where + QStringLiteral(": a non-loopback bind needs STATUS_HTTP_TOKEN (anyone on the network "
                                                  "could read the status and control the feed connections); set a "
                                                  "token of at least %1 characters or bind 127.0.0.1")
                                       .arg(kMinHttpTokenLength));
        if (!http->tls() && !http->allowPlaintext)
            errors->append(where + QStringLiteral(": a non-loopback bind needs TLS (STATUS_HTTP_TLS_CERT and "
                                                  "STATUS_HTTP_TLS_KEY), or the token crosses the network in clear; "
                                                  "set STATUS_HTTP_ALLOW_PLAINTEXT=true to serve plain HTTP anyway"));
        else if (!http->tls())
            warnings->append(where + QStringLiteral(" with STATUS_HTTP_ALLOW_PLAINTEXT=true: the status API is served "
                                                    "as plain HTTP and the bearer token crosses the network in clear"));
    }
}

std::optional<bool> readProcessSection(const Reader &in, MonitorConfig *c)
{
    c->headless = in.boolean(key("HEADLESS"), false);
    c->statusIntervalSeconds = in.optionalNumber(key("STATUS_INTERVAL"), true,
                                                 QStringLiteral("must be a non-negative number of seconds (0 = off)"))
                                   .value_or(0);
    return in.optionalBool(key("DEMO"));
}

bool readUniversesFile(const Reader &in, const QMap<QString, QString> &environment, QString *universesFile,
                       UniverseFile *file)
{
    QString path;
    if (in.has(key("UNIVERSES_FILE")))
        path = expandHome(in.text(key("UNIVERSES_FILE")), environment);
    else
        path = findDefaultUniversesFile(environment);
    *universesFile = path;
    if (path.isEmpty())
        return false;
    if (!QFileInfo::exists(path)) {
        in.error(key("UNIVERSES_FILE"), path, QStringLiteral("file does not exist"));
        return false;
    }
    QString error;
    if (file->load(path, &error))
        return true;
    const QString prefix = path + QStringLiteral(": ");
    in.error(key("UNIVERSES_FILE"), path, error.startsWith(prefix) ? error.mid(prefix.size()) : error);
    return false;
}

QString universeHint(bool universeFileLoaded, const QString &universesFile)
{
    if (universeFileLoaded)
        return QString();
    if (universesFile.isEmpty())
        return QStringLiteral(" (no universes file found)");
    return QStringLiteral(" (the universes file could not be loaded)");
}

} // namespace tickstock::config
