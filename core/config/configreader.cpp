#include "config/configreader.h"

#include "config/configkeys.h"
#include "config/configloader.h"
#include "config/configvalues.h"

#include <QtCore/QDir>
#include <QtCore/QRegularExpression>

#include <cmath>

namespace tickstock::config {

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

void LayeredValues::set(const QString &k, const QString &value, int layer)
{
    const QString v = value.trimmed();
    if (v.isEmpty())
        return;
    m_entries.insert(k, {v, layer});
}

QString Reader::shown(const QString &k, const QString &value)
{
    if (isSecretKey(k))
        return QStringLiteral("***");
    if (k.endsWith(QLatin1String("URL")))
        return maskUrlPassword(value);
    return value;
}

void Reader::error(const QString &k, const QString &value, const QString &reason) const
{
    m_errors->append(k + QLatin1Char('=') + shown(k, value) + QStringLiteral(": ") + reason);
}

std::optional<bool> Reader::optionalBool(const QString &k) const
{
    if (!m_values.has(k))
        return std::nullopt;
    const std::optional<bool> b = parseBool(m_values.value(k));
    if (!b)
        error(k, QString::fromLatin1(kBoolReason));
    return b;
}

std::optional<qint64> Reader::optionalInteger(const QString &k, qint64 min, qint64 max, const QString &reason) const
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

std::optional<double> Reader::optionalNumber(const QString &k, bool allowZero, const QString &reason) const
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

QStringList Reader::tickers(const QString &k) const
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

QString Reader::webSocketUrl(const QString &k) const
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

} // namespace tickstock::config
