#pragma once
// Parsers for single configuration values (README, Configuration). Each returns std::nullopt or a list of
// problems instead of guessing; the loader turns problems into "KEY=VALUE: reason" lines.

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QStringView>

#include <optional>

namespace tickstock::config {

// true/yes/y/1/on and false/no/n/0/off, case-insensitive, surrounding blanks ignored.
std::optional<bool> parseBool(QStringView text);
inline constexpr char kBoolReason[] = "not a boolean (use true/false, yes/no, y/n, 1/0, on/off)";

// A-Z, 0-9, '.', '-', 1 to 12 characters (after upper-casing). "BRK.B", "BF-B".
bool isValidTicker(QStringView ticker);
inline constexpr char kTickerRule[] = "use A-Z, 0-9, '.' and '-', at most 12 characters";

struct TickerList {
    QStringList tickers;  // trimmed, upper-cased, empty entries dropped, de-duplicated, in order
    QStringList invalid;  // entries (trimmed, as written) that are not valid tickers
};
// A comma list such as " aapl, MSFT,,brk.b " → AAPL, MSFT, BRK.B.
TickerList parseTickerList(QStringView text);

// Massive stocks channels: T, Q, A, AM, LULD, NOI, FMV.
const QStringList &knownChannels();

struct ChannelList {
    QStringList channels; // upper-cased, de-duplicated, in order
    QStringList unknown;  // as written (upper-cased)
};
ChannelList parseChannelList(QStringView text);

// redis://[[user]:password@]host[:port][/db]. The password may be percent-encoded.
struct RedisUrl {
    QString host = QStringLiteral("127.0.0.1");
    int port = 6379;
    int db = 0;
    QString username;
    QString password;
};
std::optional<RedisUrl> parseRedisUrl(const QString &url, QString *reason);
inline constexpr char kRedisTlsReason[] =
    "TLS (rediss://) is not supported by this build; use redis:// through a local TLS tunnel such as stunnel";

// The URL as text with the password of its user-info part replaced by "***"
// ("redis://:***@host:6379/0"); unchanged when it has none. Works on malformed URLs too.
QString maskUrlPassword(const QString &url);

// ws:// or wss:// with a host.
bool isWebSocketUrl(const QString &url);

} // namespace tickstock::config
