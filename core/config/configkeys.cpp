#include "config/configkeys.h"

#include <QtCore/QRegularExpression>

#include <algorithm>
#include <vector>

namespace tickstock::config {
namespace {

KeyInfo key(const char *name, const char *defaultValue, bool secret, const char *help)
{
    return KeyInfo{QString::fromLatin1(name), QString::fromLatin1(defaultValue), secret, QString::fromUtf8(help)};
}

int editDistance(QStringView a, QStringView b)
{
    std::vector<int> row(static_cast<size_t>(b.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int up = row[static_cast<size_t>(j)];
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[static_cast<size_t>(j)] = std::min({up + 1, row[static_cast<size_t>(j - 1)] + 1, diagonal + cost});
            diagonal = up;
        }
    }
    return row.back();
}

} // namespace

const QList<KeyInfo> &globalKeys()
{
    static const QList<KeyInfo> keys = {
        key("MASSIVE_API_KEY", "", true, "Massive.com API key (secret)"),
        key("MASSIVE_WEBSOCKET_URL", "wss://socket.massive.com/stocks",
            false, "feed URL (delayed: wss://delayed.massive.com/stocks)"),
        key("MASSIVE_CHANNELS", "T,Q,AM", false, "channels subscribed per ticker (T, Q, A, AM, LULD, NOI, FMV)"),
        key("USE_MULTI_CONNECTION", "false", false, "multi-connection mode (slots WEBSOCKET_CONNECTION_N_*)"),
        key("WEBSOCKET_CONNECTIONS_MAX", "3", false, "number of connection slots, 1 to 16"),
        key("SYMBOL_UNIVERSE_KEY", "", false, "single mode: universe of tickers"),
        key("SYMBOLS", "", false, "single mode: comma list of tickers (fallback)"),
        key("MASSIVE_WEBSOCKET_RECONNECT_DELAY", "1", false, "initial reconnect delay, seconds"),
        key("MASSIVE_WEBSOCKET_MAX_RECONNECT_DELAY", "30", false, "reconnect delay cap, seconds"),
        key("MASSIVE_WEBSOCKET_MAX_RETRIES", "0", false, "reconnect attempts before giving up, 0 = forever"),
        key("REDIS_URL", "redis://127.0.0.1:6379/0", false, "redis://[:password@]host:port/db"),
        key("REDIS_HOST", "", false, "overrides the host of REDIS_URL"),
        key("REDIS_PORT", "", false, "overrides the port of REDIS_URL"),
        key("REDIS_DB", "", false, "overrides the database of REDIS_URL"),
        key("REDIS_PASSWORD", "", true, "overrides the password of REDIS_URL (secret)"),
        key("REDIS_ENABLED", "true", false, "publish ticks to Redis"),
        key("REDIS_TICK_CHANNEL", "tickstock:market:ticks", false, "pub/sub channel of the ticks"),
        key("REDIS_QUEUE_SIZE", "100000", false, "ticks buffered while Redis is slow or down (drop-oldest)"),
        key("REDIS_STREAM", "", false, "also XADD every tick to this stream when set"),
        key("REDIS_STREAM_MAXLEN", "100000", false, "approximate stream length cap, 0 = no trimming"),
        key("STATUS_HTTP_BIND", "127.0.0.1", false, "address of the embedded HTTP status server"),
        key("STATUS_HTTP_PORT", "8765", false, "port of the HTTP status server, 0 = any free port"),
        key("STATUS_HTTP_TOKEN", "", true, "bearer token required by the HTTP status server, 16+ characters (secret)"),
        key("STATUS_HTTP_TLS_CERT", "", false, "PEM certificate file: serve HTTPS and wss:// (with STATUS_HTTP_TLS_KEY)"),
        key("STATUS_HTTP_TLS_KEY", "", false, "PEM private key file of STATUS_HTTP_TLS_CERT (unencrypted; reloaded on SIGHUP)"),
        key("STATUS_HTTP_ALLOW_PLAINTEXT", "false", false, "allow plain HTTP on a non-loopback bind (token sent in clear)"),
        key("UNIVERSES_FILE", "", false, "universe definitions (JSON); default: the shipped universes.json"),
        key("DEMO", "", false, "run on the in-process simulated feed (default when no key and no URL)"),
        key("HEADLESS", "false", false, "no GUI (tickstock-monitor --headless)"),
        key("STATUS_INTERVAL", "0", false, "headless: print the status JSON every N seconds, 0 = off"),
    };
    return keys;
}

const QStringList &slotKeySuffixes()
{
    static const QStringList suffixes = {QStringLiteral("ENABLED"), QStringLiteral("NAME"),
                                         QStringLiteral("UNIVERSE_KEY"), QStringLiteral("SYMBOLS"),
                                         QStringLiteral("URL"), QStringLiteral("API_KEY")};
    return suffixes;
}

QString slotKey(int n, QStringView suffix)
{
    return QStringLiteral("WEBSOCKET_CONNECTION_") + QString::number(n) + QLatin1Char('_') + suffix;
}

bool parseSlotKey(QStringView key, int *n, QString *suffix)
{
    static const QRegularExpression re(QStringLiteral("^WEBSOCKET_CONNECTION_([1-9][0-9]?)_([A-Z_]+)$"));
    const QRegularExpressionMatch m = re.match(key);
    if (!m.hasMatch())
        return false;
    const int index = m.captured(1).toInt();
    const QString part = m.captured(2);
    if (index < 1 || index > kMaxSlots || !slotKeySuffixes().contains(part))
        return false;
    if (n)
        *n = index;
    if (suffix)
        *suffix = part;
    return true;
}

bool isGlobalKey(QStringView key)
{
    const QList<KeyInfo> &keys = globalKeys();
    return std::any_of(keys.begin(), keys.end(), [key](const KeyInfo &k) { return k.name == key; });
}

bool isKnownKey(QStringView key)
{
    return isGlobalKey(key) || parseSlotKey(key);
}

bool isSecretKey(QStringView key)
{
    QString suffix;
    if (parseSlotKey(key, nullptr, &suffix))
        return suffix == QLatin1String("API_KEY");
    for (const KeyInfo &k : globalKeys()) {
        if (k.name == key)
            return k.secret;
    }
    return false;
}

QString defaultSlotName(int n)
{
    switch (n) {
    case 1: return QStringLiteral("primary");
    case 2: return QStringLiteral("secondary");
    case 3: return QStringLiteral("tertiary");
    default: return QStringLiteral("connection_%1").arg(n);
    }
}

QString closestKnownKey(QStringView key)
{
    QStringList candidates;
    for (const KeyInfo &k : globalKeys())
        candidates.append(k.name);
    // Compare slot keys with the same slot number the user wrote, if any.
    static const QRegularExpression slotRe(QStringLiteral("^WEBSOCKET_CONNECTION_([0-9]+)_"));
    const QRegularExpressionMatch m = slotRe.match(key);
    const int n = m.hasMatch() ? std::clamp(m.captured(1).toInt(), 1, kMaxSlots) : 1;
    for (const QString &suffix : slotKeySuffixes())
        candidates.append(slotKey(n, suffix));

    QString best;
    int bestDistance = 3; // only suggest near misses
    for (const QString &candidate : candidates) {
        const int d = editDistance(key, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

} // namespace tickstock::config
