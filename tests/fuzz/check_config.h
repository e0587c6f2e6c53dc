#pragma once
// The configuration parsers on any text: the .env parser (EnvFile::parse), the INI path of the
// loader (loadConfig on a config file) and the universes file (UniverseFile::loadFromData plus
// resolveUniverse). Errors name real lines, accepted content obeys the documented rules, secrets
// never come back in clear.

#include "fuzzinput.h"

#include "config/configkeys.h"
#include "config/configloader.h"
#include "config/envfile.h"
#include "config/universes.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QString>

namespace tickstock::fuzz {

inline void checkEnvFile(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(bytesOf(data, size));
    const config::EnvFile env = config::EnvFile::parse(text, QStringLiteral("fuzz.env"));
    const int lines = int(text.count(QLatin1Char('\n'))) + 1;
    FUZZ_CHECK(env.ok() == env.errorList().isEmpty());
    FUZZ_CHECK(env.errors().size() == env.errorList().size());
    for (const config::EnvFileError &e : env.errorList())
        FUZZ_CHECK(e.line >= 1 && e.line <= lines && !e.message.isEmpty());
    for (auto it = env.values().cbegin(); it != env.values().cend(); ++it) {
        const QString &key = it.key();
        FUZZ_CHECK(!key.isEmpty() && !key.front().isDigit());
        for (QChar c : key)
            FUZZ_CHECK(c == QLatin1Char('_') || (c.unicode() < 128 && c.isLetterOrNumber()));
        FUZZ_CHECK(env.lineOf(key) >= 1 && env.lineOf(key) <= lines);
    }
}

// The INI text goes through a real file: QSettings and the loader's own line checks read it.
inline void checkConfigIni(const std::uint8_t *data, std::size_t size)
{
    static const QString path = QDir::temp().filePath(QStringLiteral("tickstock-fuzz-%1.conf").arg(QCoreApplication::applicationPid()));
    {
        QFile file(path);
        FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    config::ConfigSources sources;
    sources.configFile = path;
    sources.configFileExplicit = true;
    const config::LoadResult r = config::loadConfig(sources);
    QFile::remove(path);
    FUZZ_CHECK(r.configFileRead);
    FUZZ_CHECK(r.ok() == r.errors.isEmpty());
    for (auto it = r.values.cbegin(); it != r.values.cend(); ++it) {
        FUZZ_CHECK(r.origins.contains(it.key()));
        if (config::isSecretKey(it.key()))
            FUZZ_CHECK(it.value().isEmpty() || it.value() == QLatin1String("***"));
    }
}

// The first line is a key to resolve, the rest the universes JSON.
inline void checkUniverses(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes = bytesOf(data, size);
    const qsizetype nl = bytes.indexOf('\n');
    const QString key = QString::fromUtf8(nl < 0 ? QByteArrayView() : bytes.first(nl));
    config::UniverseFile file;
    QString error;
    const bool ok = file.loadFromData(nl < 0 ? bytes.toByteArray() : bytes.sliced(nl + 1).toByteArray(),
                                      QStringLiteral("fuzz.json"), &error);
    if (!ok) {
        FUZZ_CHECK(file.isEmpty() && error.startsWith(QLatin1String("fuzz.json: ")));
        return;
    }
    for (const QString &k : file.keys()) {
        FUZZ_CHECK(!k.isEmpty() && k.trimmed() == k);
        const QStringList tickers = *file.lookup(k);
        for (const QString &t : tickers)
            FUZZ_CHECK(!t.isEmpty() && t == t.trimmed().toUpper() && tickers.count(t) == 1);
    }
    QString how;
    if (const std::optional<QStringList> tickers = config::resolveUniverse(file, key, &how)) {
        FUZZ_CHECK(!how.isEmpty());
        for (const QString &t : *tickers)
            FUZZ_CHECK(!t.isEmpty() && tickers->count(t) == 1);
    }
}

} // namespace tickstock::fuzz
