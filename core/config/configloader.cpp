#include "config/configloader.h"

#include "config/configdescription.h"
#include "config/configkeys.h"
#include "config/configlayers.h"
#include "config/configreader.h"
#include "config/configsections.h"
#include "config/configslots.h"
#include "config/configvalues.h"
#include "util/logging.h"
#include "util/secretmasker.h"

#include <QtCore/QDir>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QUrl>

namespace tickstock::config {
namespace {

// Origins and effective values as text, for --check-config and the UI; never a secret.
void reportValues(const Reader &in, bool autoDemoSlots, LoadResult *result)
{
    LoadResult &r = *result;
    const MonitorConfig &c = r.config;
    const RedisConfig &redis = c.redis;
    // Origins: every global key and the slot keys of the slots in use.
    for (const KeyInfo &k : globalKeys())
        r.origins.insert(k.name, originName(in.layer(k.name)));
    for (int n = 1; n <= c.connectionsMax; ++n) {
        for (const QString &suffix : slotKeySuffixes())
            r.origins.insert(slotKey(n, suffix), originName(in.layer(slotKey(n, suffix))));
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
}

// A secret typed into the wrong key must not show up in a message either.
void maskSecrets(const Reader &in, LoadResult *result)
{
    LoadResult &r = *result;
    const MonitorConfig &c = r.config;
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
}

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
    const LayeredValues values = readLayers(sources, &r);
    const Reader in(values, &r.errors);
    MonitorConfig &c = r.config;

    readFeedSection(in, &c);
    readRedisSection(in, &c.redis);
    readHttpSection(in, sources.environment, &c.http, &r.errors, &r.warnings);
    const std::optional<bool> demoFlag = readProcessSection(in, &c);

    UniverseFile universeFile;
    const bool universeFileLoaded = readUniversesFile(in, sources.environment, &c.universesFile, &universeFile);
    UniverseChain chain;
    chain.append(universes);
    if (universeFileLoaded)
        chain.append(&universeFile);

    const SlotInputs inputs = readSlotInputs(in, c, &r.warnings);
    const bool explicitSlots = decideDemo(in, demoFlag, inputs, &c, &r.demoReason);
    bool autoDemoSlots = false;
    QList<SlotInput> built = buildSlots(inputs, explicitSlots, &c, &autoDemoSlots);
    resolveSlotTickers(&built, chain, autoDemoSlots, universeHint(universeFileLoaded, c.universesFile), &r.warnings);
    deduplicateTickers(&built, autoDemoSlots, &r.warnings);
    assignEndpoints(built, &c, &r.warnings);

    reportValues(in, autoDemoSlots, &r);
    maskSecrets(in, &r);
    for (const QString &w : std::as_const(r.warnings))
        qCDebug(lcConfig).noquote() << "warning:" << w;
    return r;
}

} // namespace tickstock::config
