#include "config/configdescription.h"

#include "config/configkeys.h"
#include "util/secretmasker.h"


#include <algorithm>

namespace tickstock::config {
namespace {

QString padded(const QString &text, qsizetype width)
{
    return text.size() >= width ? text + QLatin1Char(' ') : text.leftJustified(width);
}

QString shownValue(const LoadResult &result, const QString &key)
{
    const QString value = result.values.value(key);
    if (isSecretKey(key))
        return value.isEmpty() ? QStringLiteral("(not set)") : QStringLiteral("*** (set)");
    return value.isEmpty() ? QStringLiteral("(not set)") : value;
}

QString firstTickers(const QStringList &tickers, qsizetype max = 8)
{
    if (tickers.isEmpty())
        return QStringLiteral("-");
    QString text = tickers.mid(0, max).join(QStringLiteral(", "));
    if (tickers.size() > max)
        text += QStringLiteral(", …");
    return text;
}

} // namespace

QString describeConfig(const LoadResult &result)
{
    const MonitorConfig &c = result.config;
    QStringList out;
    out << QStringLiteral("TickStock Monitor configuration");
    out << QStringLiteral("  config file:    ") + result.configFile
               + (result.configFileRead ? QStringLiteral(" (read)") : QStringLiteral(" (not found; built-in defaults)"));
    out << QStringLiteral("  env file:       ") + (result.envFile.isEmpty() ? QStringLiteral("(none)") : result.envFile);
    out << QStringLiteral("  universes file: ")
               + (c.universesFile.isEmpty() ? QStringLiteral("(none found)") : c.universesFile);
    out << QStringLiteral("  mode:           ")
               + (c.multiConnection ? QStringLiteral("multi-connection, %1 of %2 slots enabled")
                                          .arg(c.enabledSlotCount())
                                          .arg(c.feedSlots.size())
                                    : QStringLiteral("single connection"));
    out << QStringLiteral("  feed:           ")
               + (c.demo ? QStringLiteral("simulated feed (demo: ") + result.demoReason + QLatin1Char(')')
                         : c.websocketUrl);
    out << QString();

    // Keys, in table order, then the slot keys of the slots in use.
    QStringList keys;
    for (const KeyInfo &k : globalKeys())
        keys << k.name;
    for (int n = 1; n <= c.connectionsMax; ++n) {
        for (const QString &suffix : slotKeySuffixes())
            keys << slotKey(n, suffix);
    }
    qsizetype keyWidth = 0;
    qsizetype valueWidth = 0;
    for (const QString &k : std::as_const(keys)) {
        keyWidth = std::max(keyWidth, k.size());
        valueWidth = std::max(valueWidth, std::min<qsizetype>(shownValue(result, k).size(), 48));
    }
    out << QStringLiteral("  ") + padded(QStringLiteral("KEY"), keyWidth + 2) + padded(QStringLiteral("VALUE"), valueWidth + 2)
               + QStringLiteral("ORIGIN");
    for (const QString &k : std::as_const(keys)) {
        out << QStringLiteral("  ") + padded(k, keyWidth + 2) + padded(shownValue(result, k), valueWidth + 2)
                   + result.origins.value(k, QStringLiteral("default"));
    }
    out << QString();

    out << QStringLiteral("Connections:");
    for (const SlotConfig &s : c.feedSlots) {
        out << QStringLiteral("  %1 %2 %3 %4 %5 tickers: %6")
                   .arg(padded(s.connectionId(), 14), padded(s.name, 12),
                        padded(s.enabled ? QStringLiteral("enabled") : QStringLiteral("disabled"), 9),
                        padded(s.tickerSource, 32))
                   .arg(s.tickers.size(), 5)
                   .arg(firstTickers(s.tickers));
        out << QStringLiteral("      url: ") + (c.demo ? QStringLiteral("(in-process simulator)") : s.url)
                   + QStringLiteral("  api key: ")
                   + (c.demo ? QStringLiteral("demo")
                             : (s.apiKey.isEmpty() ? QStringLiteral("(not set)") : QStringLiteral("*** (set)")));
    }
    if (c.feedSlots.isEmpty())
        out << QStringLiteral("  (none)");

    out << QString();
    out << QStringLiteral("Warnings: %1").arg(result.warnings.size());
    for (const QString &w : result.warnings)
        out << QStringLiteral("  - ") + w;
    out << QStringLiteral("Errors: %1").arg(result.errors.size());
    for (const QString &e : result.errors)
        out << QStringLiteral("  - ") + e;

    // The values above never include a secret; mask anyway in case one was typed into another key.
    return SecretMasker(secretValues(c)).mask(out.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

QStringList secretValues(const MonitorConfig &config)
{
    QStringList secrets;
    auto add = [&secrets](const QString &s) {
        if (!s.isEmpty() && !secrets.contains(s))
            secrets.append(s);
    };
    add(config.apiKey);
    for (const SlotConfig &slot : config.feedSlots) {
        if (!(config.demo && slot.apiKey == QLatin1String("demo")))
            add(slot.apiKey);
    }
    add(config.redis.password);
    add(config.http.token);
    return secrets;
}

} // namespace tickstock::config
