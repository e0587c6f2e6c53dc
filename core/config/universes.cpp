#include "config/universes.h"

#include "config/configvalues.h"
#include "util/logging.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>

namespace tickstock::config {
namespace {

QStringList normalized(const QStringList &tickers)
{
    QStringList out;
    QSet<QString> seen;
    for (const QString &t : tickers) {
        const QString ticker = t.trimmed().toUpper();
        if (ticker.isEmpty() || seen.contains(ticker))
            continue;
        seen.insert(ticker);
        out.append(ticker);
    }
    return out;
}

// Splits parts[from..] into consecutive groups that are each a known key; longest group first.
class UnionFinder {
public:
    UnionFinder(const UniverseSource &source, const QStringList &parts) : m_source(source), m_parts(parts) {}

    bool split(qsizetype from, QStringList *groups)
    {
        if (from == m_parts.size())
            return true;
        if (m_dead.contains(from))
            return false;
        for (qsizetype to = m_parts.size(); to > from; --to) {
            if (from == 0 && to == m_parts.size())
                continue; // the whole key: already tried as an exact key
            const QString candidate = m_parts.mid(from, to - from).join(QLatin1Char(':'));
            if (!tickers(candidate))
                continue;
            groups->append(candidate);
            if (split(to, groups))
                return true;
            groups->removeLast();
        }
        m_dead.insert(from);
        return false;
    }

    std::optional<QStringList> tickers(const QString &key)
    {
        auto it = m_cache.find(key);
        if (it == m_cache.end())
            it = m_cache.insert(key, m_source.lookup(key));
        return *it;
    }

private:
    const UniverseSource &m_source;
    const QStringList &m_parts;
    QHash<QString, std::optional<QStringList>> m_cache;
    QSet<qsizetype> m_dead;
};

} // namespace

UniverseSource::~UniverseSource() = default;

bool UniverseFile::load(const QString &path, QString *error)
{
    m_universes.clear();
    m_descriptions.clear();
    m_path.clear();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = path + QStringLiteral(": cannot read universes file: ") + file.errorString();
        return false;
    }
    if (!loadFromData(file.readAll(), path, error))
        return false;
    m_path = path;
    qCDebug(lcConfig) << "loaded" << m_universes.size() << "universes from" << path;
    return true;
}

bool UniverseFile::loadFromData(const QByteArray &json, const QString &origin, QString *error)
{
    m_universes.clear();
    m_descriptions.clear();
    auto fail = [&](const QString &why) {
        if (error)
            *error = origin + QStringLiteral(": ") + why;
        m_universes.clear();
        m_descriptions.clear();
        return false;
    };

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(QStringLiteral("not valid JSON at offset %1: %2")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return fail(QStringLiteral("expected a JSON object {\"universes\": {...}}"));
    const QJsonValue universes = doc.object().value(QStringLiteral("universes"));
    if (!universes.isObject())
        return fail(QStringLiteral("expected an object member \"universes\" mapping keys to universes"));

    const QJsonObject map = universes.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString key = it.key();
        const QString where = QStringLiteral("universe \"") + key + QStringLiteral("\"");
        if (key.trimmed().isEmpty() || key.trimmed() != key)
            return fail(where + QStringLiteral(": keys must be non-empty without surrounding blanks"));
        QJsonArray tickers;
        if (it.value().isArray()) {
            tickers = it.value().toArray();
        } else if (it.value().isObject()) {
            const QJsonObject u = it.value().toObject();
            const QJsonValue t = u.value(QStringLiteral("tickers"));
            if (!t.isArray())
                return fail(where + QStringLiteral(": expected a \"tickers\" array"));
            tickers = t.toArray();
            const QJsonValue d = u.value(QStringLiteral("description"));
            if (!d.isUndefined() && !d.isString())
                return fail(where + QStringLiteral(": \"description\" must be a string"));
            m_descriptions.insert(key, d.toString());
        } else {
            return fail(where + QStringLiteral(": expected an object with a \"tickers\" array"));
        }

        QStringList list;
        for (qsizetype i = 0; i < tickers.size(); ++i) {
            const QJsonValue v = tickers.at(i);
            if (!v.isString())
                return fail(where + QStringLiteral(": ticker #%1 is not a string").arg(i + 1));
            const QString ticker = v.toString().trimmed().toUpper();
            if (!isValidTicker(ticker)) {
                return fail(where + QStringLiteral(": invalid ticker \"") + v.toString() + QStringLiteral("\" (")
                            + QString::fromLatin1(kTickerRule) + QLatin1Char(')'));
            }
            if (!list.contains(ticker))
                list.append(ticker);
        }
        m_universes.insert(key, list);
    }
    return true;
}

std::optional<QStringList> UniverseFile::lookup(const QString &key) const
{
    const auto it = m_universes.constFind(key);
    if (it == m_universes.constEnd())
        return std::nullopt;
    return *it;
}

UniverseChain::UniverseChain(QList<const UniverseSource *> sources) : m_sources(std::move(sources)) {}

void UniverseChain::append(const UniverseSource *source)
{
    if (source)
        m_sources.append(source);
}

std::optional<QStringList> UniverseChain::lookup(const QString &key) const
{
    for (const UniverseSource *source : m_sources) {
        if (!source)
            continue;
        if (std::optional<QStringList> tickers = source->lookup(key))
            return tickers;
    }
    return std::nullopt;
}

std::optional<QStringList> resolveUniverse(const UniverseSource &source, const QString &key, QString *how)
{
    const QString k = key.trimmed();
    if (k.isEmpty())
        return std::nullopt;
    if (std::optional<QStringList> exact = source.lookup(k)) {
        if (how)
            *how = QStringLiteral("universe ") + k;
        return normalized(*exact);
    }

    const QStringList parts = k.split(QLatin1Char(':'));
    if (parts.size() < 2 || parts.size() > 32)
        return std::nullopt;
    UnionFinder finder(source, parts);
    QStringList groups;
    if (!finder.split(0, &groups))
        return std::nullopt;
    QStringList all;
    for (const QString &group : groups)
        all += *finder.tickers(group);
    if (how)
        *how = QStringLiteral("union of ") + groups.join(QStringLiteral(" + "));
    return normalized(all);
}

QStringList defaultUniversesFileCandidates(const QMap<QString, QString> &environment)
{
    const QString name = QStringLiteral("universes.json");
    QStringList candidates;
    const QString dataDir = environment.value(QStringLiteral("TICKSTOCK_DATA_DIR")).trimmed();
    if (!dataDir.isEmpty())
        candidates.append(QDir(dataDir).filePath(name));
    if (QCoreApplication::instance()) {
        candidates.append(QDir::cleanPath(QCoreApplication::applicationDirPath()
                                          + QStringLiteral("/../share/tickstock-monitor/") + name));
    }
    candidates.append(QStringLiteral("/usr/share/tickstock-monitor/") + name);
#ifdef TICKSTOCK_SOURCE_RESOURCES_DIR
    candidates.append(QStringLiteral(TICKSTOCK_SOURCE_RESOURCES_DIR "/") + name);
#endif
    return candidates;
}

QString findDefaultUniversesFile(const QMap<QString, QString> &environment)
{
    for (const QString &candidate : defaultUniversesFileCandidates(environment)) {
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return QString();
}

} // namespace tickstock::config
