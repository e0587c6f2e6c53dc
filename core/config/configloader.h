#pragma once
// Loads the effective MonitorConfig from every source (README, Configuration). Precedence, later wins:
//
//   built-in defaults < config file (INI) < .env file < process environment < command line
//
// - The INI file (QSettings IniFormat) may hold the keys at top level or in a [monitor] group
//   (the group wins over top level); key names are matched case-insensitively there. Unknown keys
//   are warnings. ';' starts a comment in INI values: quote values that contain it.
// - The .env file and the environment are read for known keys only; other names are ignored.
// - Command-line keys (ConfigSources::cli) must be known keys (case-insensitive); the app maps its
//   flags (--demo → DEMO, --headless → HEADLESS, --status-interval → STATUS_INTERVAL, ...) and
//   `--set KEY=VALUE` onto them.
// - An empty value at any layer means "not set" there: it does not override a lower layer.
// - REDIS_HOST/PORT/DB/PASSWORD override the parts of REDIS_URL when set in the same or a later
//   layer than REDIS_URL.
//
// Every problem is collected: errors as "KEY=VALUE: reason" (secret values shown as "***"), so the
// app can print them all at once and exit 2. Loading never touches the network.

#include "config/monitorconfig.h"
#include "config/universes.h"

#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace tickstock::config {

struct ConfigSources {
    QString configFile;              // INI path; empty = defaultConfigFile(environment)
    bool configFileExplicit = false; // --config given: a missing file is an error
    QString envFile;                 // --env-file; empty = none (a given file must exist)
    QMap<QString, QString> environment; // usually processEnvironment()
    QMap<QString, QString> cli;         // key -> value, e.g. {"STATUS_HTTP_PORT", "9000"}
};

// Origins of a key's effective value.
inline constexpr char kOriginDefault[] = "default";
inline constexpr char kOriginFile[] = "file";
inline constexpr char kOriginEnvFile[] = "env-file";
inline constexpr char kOriginEnvironment[] = "environment";
inline constexpr char kOriginCli[] = "cli";

struct LoadResult {
    MonitorConfig config;
    QStringList errors;   // "KEY=VALUE: reason", "file:line: reason"; non-empty = do not start
    QStringList warnings; // worth a log line; the app still starts
    QMap<QString, QString> origins; // key -> "default"/"file"/"env-file"/"environment"/"cli", for every
                                    // global key and the slot keys of slots 1..WEBSOCKET_CONNECTIONS_MAX

    QMap<QString, QString> values;  // same keys: the effective value as text, secrets replaced by "***"
                                    // when set and "" when not (REDIS_URL: the composed URL, password masked)

    QString configFile;        // the INI path considered (may not exist)
    bool configFileRead = false;
    QString envFile;           // the .env path read, if any
    QString demoReason;        // why config.demo is true: "--demo" / "DEMO=true" / "no MASSIVE_API_KEY ..."

    bool ok() const { return errors.isEmpty(); }
};

LoadResult loadConfig(const ConfigSources &sources, const UniverseSource *universes = nullptr);

// $XDG_CONFIG_HOME/tickstock/monitor.conf, else $HOME/.config/tickstock/monitor.conf (values taken
// from `environment`; QDir::homePath() if HOME is absent).
QString defaultConfigFile(const QMap<QString, QString> &environment);
// /etc/tickstock-monitor/monitor.conf: pass it as --config from the systemd unit.
QString systemConfigFile();

// redis://[user][:password@]host:port/db of `redis`; the password shown as "***" when maskPassword.
QString redisUrlText(const RedisConfig &redis, bool maskPassword = true);

// The process environment as a map, for ConfigSources::environment.
QMap<QString, QString> processEnvironment();

} // namespace tickstock::config
