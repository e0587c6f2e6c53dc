#include "config/configvalues.h"

#include <QtCore/QUrl>

namespace tickstock::config {
namespace {

const QString kRedisShape = QStringLiteral("redis://[:password@]host:port/db");

bool isTickerChar(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
           || c == QLatin1Char('.') || c == QLatin1Char('-');
}

// Position of the '@' ending the user-info part of "scheme://userinfo@host...", or -1.
qsizetype userInfoEnd(const QString &url, qsizetype authorityStart)
{
    const qsizetype at = url.lastIndexOf(QLatin1Char('@'));
    return at >= authorityStart ? at : -1;
}

} // namespace

std::optional<bool> parseBool(QStringView text)
{
    const QString t = text.trimmed().toString().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("y") || t == QLatin1String("1")
        || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("n") || t == QLatin1String("0")
        || t == QLatin1String("off"))
        return false;
    return std::nullopt;
}

bool isValidTicker(QStringView ticker)
{
    if (ticker.isEmpty() || ticker.size() > 12)
        return false;
    for (QChar c : ticker) {
        if (!isTickerChar(c))
            return false;
    }
    return true;
}

TickerList parseTickerList(QStringView text)
{
    TickerList result;
    for (QStringView part : text.split(QLatin1Char(','))) {
        const QStringView trimmed = part.trimmed();
        if (trimmed.isEmpty())
            continue;
        const QString ticker = trimmed.toString().toUpper();
        if (!isValidTicker(ticker)) {
            result.invalid.append(trimmed.toString());
            continue;
        }
        if (!result.tickers.contains(ticker))
            result.tickers.append(ticker);
    }
    return result;
}

const QStringList &knownChannels()
{
    static const QStringList channels = {QStringLiteral("T"),    QStringLiteral("Q"),   QStringLiteral("A"),
                                         QStringLiteral("AM"),   QStringLiteral("LULD"), QStringLiteral("NOI"),
                                         QStringLiteral("FMV")};
    return channels;
}

ChannelList parseChannelList(QStringView text)
{
    ChannelList result;
    for (QStringView part : text.split(QLatin1Char(','))) {
        const QString channel = part.trimmed().toString().toUpper();
        if (channel.isEmpty())
            continue;
        if (!knownChannels().contains(channel)) {
            if (!result.unknown.contains(channel))
                result.unknown.append(channel);
        } else if (!result.channels.contains(channel)) {
            result.channels.append(channel);
        }
    }
    return result;
}

std::optional<RedisUrl> parseRedisUrl(const QString &url, QString *reason)
{
    auto fail = [reason](const QString &why) -> std::optional<RedisUrl> {
        if (reason)
            *reason = why;
        return std::nullopt;
    };

    const QString text = url.trimmed();
    if (text.startsWith(QLatin1String("rediss://"), Qt::CaseInsensitive))
        return fail(QString::fromLatin1(kRedisTlsReason));
    if (!text.startsWith(QLatin1String("redis://"), Qt::CaseInsensitive))
        return fail(QStringLiteral("must be a redis:// URL: ") + kRedisShape);

    RedisUrl result;
    const qsizetype authorityStart = 8; // after "redis://"
    qsizetype hostStart = authorityStart;
    const qsizetype at = userInfoEnd(text, authorityStart);
    if (at >= 0) {
        const QString userInfo = text.mid(authorityStart, at - authorityStart);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        const QString user = colon < 0 ? userInfo : userInfo.left(colon);
        result.username = QUrl::fromPercentEncoding(user.toUtf8());
        if (colon >= 0)
            result.password = QUrl::fromPercentEncoding(userInfo.mid(colon + 1).toUtf8());
        hostStart = at + 1;
    }

    QString rest = text.mid(hostStart);
    if (rest.contains(QLatin1Char('?')) || rest.contains(QLatin1Char('#')))
        return fail(QStringLiteral("query parameters are not supported (use ") + kRedisShape + QLatin1Char(')'));
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    const QString hostPort = slash < 0 ? rest : rest.left(slash);
    const QString path = slash < 0 ? QString() : rest.mid(slash + 1);

    QString host = hostPort;
    QString port;
    if (hostPort.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostPort.indexOf(QLatin1Char(']'));
        if (close < 0)
            return fail(QStringLiteral("unterminated IPv6 address (use ") + kRedisShape + QLatin1Char(')'));
        host = hostPort.mid(1, close - 1);
        const QString after = hostPort.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return fail(QStringLiteral("malformed host (use ") + kRedisShape + QLatin1Char(')'));
            port = after.mid(1);
        }
    } else {
        const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0) {
            host = hostPort.left(colon);
            port = hostPort.mid(colon + 1);
        }
    }
    if (host.isEmpty())
        return fail(QStringLiteral("missing host (use ") + kRedisShape + QLatin1Char(')'));
    result.host = host;

    if (!port.isEmpty()) {
        bool ok = false;
        const int p = port.toInt(&ok);
        if (!ok || p < 1 || p > 65535)
            return fail(QStringLiteral("port must be an integer from 1 to 65535"));
        result.port = p;
    }
    if (!path.isEmpty()) {
        bool ok = false;
        const int db = path.toInt(&ok);
        if (!ok || db < 0 || path.startsWith(QLatin1Char('+')))
            return fail(QStringLiteral("database (the /db part) must be a non-negative integer"));
        result.db = db;
    }
    return result;
}

QString maskUrlPassword(const QString &url)
{
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    if (scheme < 0)
        return url;
    const qsizetype authorityStart = scheme + 3;
    const qsizetype at = userInfoEnd(url, authorityStart);
    if (at < 0)
        return url;
    const QString userInfo = url.mid(authorityStart, at - authorityStart);
    const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
    // No colon: "redis://secret@host" is a user name by the URL rules, but people write a
    // password there by mistake, so hide it too.
    const QString masked = colon < 0 ? QStringLiteral("***") : userInfo.left(colon) + QStringLiteral(":***");
    return url.left(authorityStart) + masked + url.mid(at);
}

bool isWebSocketUrl(const QString &url)
{
    const QUrl u(url.trimmed(), QUrl::StrictMode);
    if (!u.isValid())
        return false;
    const QString scheme = u.scheme().toLower();
    return (scheme == QLatin1String("ws") || scheme == QLatin1String("wss")) && !u.host().isEmpty();
}

} // namespace tickstock::config
