#pragma once
// The loader's internal pieces shared by the section readers (configloader.h is the public face):
// the layered key map and a typed reader that collects every problem instead of stopping at the
// first, so a bad config is reported all at once.

#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace tickstock::config {

// Layers in precedence order; a higher layer wins.
enum Layer { LayerDefault = 0, LayerFile, LayerEnvFile, LayerEnvironment, LayerCli };

// "default", "file", ... (the kOrigin* names of configloader.h).
QString originName(int layer);

inline QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// A name that is probably a secret, for keys we do not know (typos of secret keys).
bool looksSecret(const QString &name);

// " (did you mean X?)", " (slot numbers are 1 to N)" or empty.
QString didYouMean(const QString &name);

// "~" and "~/..." against HOME of `environment` (QDir::homePath() when unset).
QString expandHome(const QString &path, const QMap<QString, QString> &environment);

// The merged key → (value, layer) map. Empty values are "not set" and never override.
class LayeredValues {
public:
    void set(const QString &k, const QString &value, int layer);
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

    // The value as it may appear in a message: secrets as "***", URL passwords masked.
    static QString shown(const QString &k, const QString &value);

    void error(const QString &k, const QString &value, const QString &reason) const;
    void error(const QString &k, const QString &reason) const { error(k, m_values.value(k), reason); }

    bool has(const QString &k) const { return m_values.has(k); }
    int layer(const QString &k) const { return m_values.layer(k); }
    QString text(const QString &k, const QString &fallback = QString()) const
    {
        return m_values.has(k) ? m_values.value(k) : fallback;
    }

    std::optional<bool> optionalBool(const QString &k) const;
    bool boolean(const QString &k, bool fallback) const { return optionalBool(k).value_or(fallback); }

    // nullopt if unset or invalid (then an error is recorded).
    std::optional<qint64> optionalInteger(const QString &k, qint64 min, qint64 max,
                                          const QString &reason = QString()) const;
    int integer(const QString &k, int min, int max, int fallback, const QString &reason = QString()) const
    {
        return static_cast<int>(optionalInteger(k, min, max, reason).value_or(fallback));
    }

    std::optional<double> optionalNumber(const QString &k, bool allowZero, const QString &reason) const;

    // Valid tickers of a comma list; each invalid entry is an error.
    QStringList tickers(const QString &k) const;

    // A ws:// or wss:// URL, else empty (and an error when set).
    QString webSocketUrl(const QString &k) const;

private:
    const LayeredValues &m_values;
    QStringList *m_errors;
};

} // namespace tickstock::config
