#pragma once
// Universes: named ticker sets such as "market_leaders:top_50" (README, Configuration). They come from
// Redis (tickstock:universe:<key>, implemented elsewhere) and from a JSON file:
//
//   {"universes": {"sector:energy": {"description": "...", "tickers": ["XOM", "CVX"]}, ...}}
//
// A universe may also be written as a bare array of tickers. Tickers are trimmed, upper-cased and
// de-duplicated; invalid ones make the file invalid.

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace tickstock::config {

class UniverseSource {
public:
    virtual ~UniverseSource();
    // The tickers of `key` exactly as stored, or nullopt if this source does not know the key.
    virtual std::optional<QStringList> lookup(const QString &key) const = 0;
};

class UniverseFile final : public UniverseSource {
public:
    UniverseFile() = default;

    // Replaces the content with `path`'s. On failure the object is left empty, *error (if given)
    // says why ("<path>: ...") and false is returned.
    bool load(const QString &path, QString *error = nullptr);
    // Same for JSON text; `origin` labels errors.
    bool loadFromData(const QByteArray &json, const QString &origin, QString *error = nullptr);

    std::optional<QStringList> lookup(const QString &key) const override;

    const QString &path() const { return m_path; }
    bool isEmpty() const { return m_universes.isEmpty(); }
    QStringList keys() const { return m_universes.keys(); }
    QString description(const QString &key) const { return m_descriptions.value(key); }

private:
    QString m_path;
    QMap<QString, QStringList> m_universes;
    QMap<QString, QString> m_descriptions;
};

// Tries several sources in order; the first that knows a key answers. Sources are not owned and
// must outlive the chain.
class UniverseChain final : public UniverseSource {
public:
    UniverseChain() = default;
    explicit UniverseChain(QList<const UniverseSource *> sources);

    void append(const UniverseSource *source);
    std::optional<QStringList> lookup(const QString &key) const override;
    qsizetype size() const { return m_sources.size(); }

private:
    QList<const UniverseSource *> m_sources;
};

// Resolves `key` against `source`: the exact key first; if absent, and the ':'-separated parts of
// the key can be grouped into two or more consecutive universe keys (each group itself a key, e.g.
// "sector:energy:sector:finance" or "tech:energy"), the ordered, de-duplicated union of those
// universes. Tickers come back trimmed, upper-cased and de-duplicated. *how (if given) describes the
// result: "universe sector:energy" or "union of sector:energy + sector:finance".
std::optional<QStringList> resolveUniverse(const UniverseSource &source, const QString &key, QString *how = nullptr);

// The default universes file (UNIVERSES_FILE unset): the first existing of
// $TICKSTOCK_DATA_DIR/universes.json, <applicationDirPath>/../share/tickstock-monitor/universes.json,
// /usr/share/tickstock-monitor/universes.json and the source tree's resources/universes.json.
// `environment` supplies TICKSTOCK_DATA_DIR.
QStringList defaultUniversesFileCandidates(const QMap<QString, QString> &environment);
QString findDefaultUniversesFile(const QMap<QString, QString> &environment); // empty if none exists

} // namespace tickstock::config
