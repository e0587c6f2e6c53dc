#include "config/configlayers.h"

#include "config/configkeys.h"
#include "config/envfile.h"
#include "util/logging.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QSettings>

namespace tickstock::config {
namespace {

struct IniContent {
    QMap<QString, QString> values; // known keys only
    QStringList errors;
    QStringList warnings;
};

// Line-level checks QSettings does not report (it skips such lines silently).
void prescanIni(const QString &path, IniContent *out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QString text = QString::fromUtf8(file.readAll());
    int lineNo = 0;
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        ++lineNo;
        const QStringView t = line.trimmed();
        if (t.isEmpty() || t.front() == QLatin1Char(';') || t.front() == QLatin1Char('#'))
            continue;
        const QString where = path + QLatin1Char(':') + QString::number(lineNo) + QStringLiteral(": ");
        if (t.front() == QLatin1Char('[')) {
            if (!t.endsWith(QLatin1Char(']')))
                out->errors.append(where + QStringLiteral("unclosed [section]"));
            continue;
        }
        const qsizetype eq = t.indexOf(QLatin1Char('='));
        if (eq < 0) {
            out->errors.append(where + QStringLiteral("expected KEY=VALUE"));
            continue;
        }
        const QStringView k = t.left(eq).trimmed();
        const QStringView v = t.mid(eq + 1).trimmed();
        if (v.startsWith(QLatin1Char('"'))) {
            qsizetype close = -1;
            for (qsizetype i = 1; i < v.size(); ++i) {
                if (v[i] == QLatin1Char('\\')) {
                    ++i;
                } else if (v[i] == QLatin1Char('"')) {
                    close = i;
                    break;
                }
            }
            if (close < 0)
                out->errors.append(where + k + QStringLiteral(": unterminated quoted value"));
        } else if (v.contains(QLatin1Char(';'))) {
            out->warnings.append(where + k
                                 + QStringLiteral(": ';' starts a comment in INI files, the rest of the line is "
                                                  "ignored; quote the value if ';' belongs to it"));
        }
    }
}

IniContent readIni(const QString &path)
{
    IniContent content;
    prescanIni(path, &content);

    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() == QSettings::AccessError)
        content.errors.append(path + QStringLiteral(": cannot read config file"));
    else if (settings.status() == QSettings::FormatError && content.errors.isEmpty())
        content.errors.append(path + QStringLiteral(": not a valid INI file"));

    QMap<QString, QString> topLevel;
    QMap<QString, QString> grouped;
    const QStringList all = settings.allKeys();
    for (const QString &fullKey : all) {
        const qsizetype slash = fullKey.indexOf(QLatin1Char('/'));
        const QString group = slash < 0 ? QString() : fullKey.left(slash);
        const QString name = (slash < 0 ? fullKey : fullKey.mid(slash + 1)).trimmed().toUpper();
        const bool monitorGroup = group.compare(QLatin1String("monitor"), Qt::CaseInsensitive) == 0;
        if ((!group.isEmpty() && !monitorGroup) || !isKnownKey(name)) {
            content.warnings.append(path + QStringLiteral(": unknown key ") + fullKey + didYouMean(name)
                                    + QStringLiteral(" (ignored)"));
            continue;
        }
        const QVariant v = settings.value(fullKey);
        // QSettings turns an unquoted "T,Q,AM" into a string list.
        const QString value = v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(','))
                                                                    : v.toString();
        (monitorGroup ? grouped : topLevel).insert(name, value);
    }
    content.values = topLevel;
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it)
        content.values.insert(it.key(), it.value());
    return content;
}

} // namespace

LayeredValues readLayers(const ConfigSources &sources, LoadResult *r)
{
    LayeredValues values;
    // 1. Config file.
    r->configFile = sources.configFile.isEmpty() ? defaultConfigFile(sources.environment) : sources.configFile;
    if (QFileInfo(r->configFile).isFile()) {
        const IniContent ini = readIni(r->configFile);
        r->errors += ini.errors;
        r->warnings += ini.warnings;
        for (auto it = ini.values.cbegin(); it != ini.values.cend(); ++it)
            values.set(it.key(), it.value(), LayerFile);
        r->configFileRead = true;
    } else if (sources.configFileExplicit) {
        r->errors.append(r->configFile
                        + (QFileInfo::exists(r->configFile) ? QStringLiteral(": config file is not a regular file")
                                                           : QStringLiteral(": config file does not exist")));
    } else {
        qCDebug(lcConfig) << "no config file at" << r->configFile << "- using defaults";
    }

    // 2. .env file: known keys only (the file may be shared with other tools).
    if (!sources.envFile.isEmpty()) {
        const EnvFile env = EnvFile::read(sources.envFile);
        r->envFile = sources.envFile;
        r->errors += env.errors();
        for (auto it = env.values().cbegin(); it != env.values().cend(); ++it) {
            if (isKnownKey(it.key()))
                values.set(it.key(), it.value(), LayerEnvFile);
        }
    }

    // 3. Process environment: known keys only.
    for (auto it = sources.environment.cbegin(); it != sources.environment.cend(); ++it) {
        if (isKnownKey(it.key()))
            values.set(it.key(), it.value(), LayerEnvironment);
    }

    // 4. Command line: every key must be known.
    for (auto it = sources.cli.cbegin(); it != sources.cli.cend(); ++it) {
        const QString k = it.key().trimmed().toUpper();
        if (!isKnownKey(k)) {
            const QString shown = looksSecret(k) || isSecretKey(closestKnownKey(k)) ? QStringLiteral("***") : it.value();
            r->errors.append(k + QLatin1Char('=') + shown + QStringLiteral(": unknown key") + didYouMean(k));
            continue;
        }
        values.set(k, it.value(), LayerCli);
    }
    return values;
}

} // namespace tickstock::config
