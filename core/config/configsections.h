#pragma once
// One reader per section of the configuration (README, Configuration). Each reads its keys from the
// merged layers, fills its part of MonitorConfig and appends every problem it finds; none stops at
// the first, so a bad config is reported all at once.

#include "config/configreader.h"
#include "config/monitorconfig.h"
#include "config/universes.h"

#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace tickstock::config {

// MASSIVE_*, USE_MULTI_CONNECTION, WEBSOCKET_CONNECTIONS_MAX and the reconnect policy.
void readFeedSection(const Reader &in, MonitorConfig *c);

// REDIS_*; the REDIS_HOST/PORT/DB/PASSWORD parts override REDIS_URL from the same or a later layer.
void readRedisSection(const Reader &in, RedisConfig *redis);

// STATUS_HTTP_*: bind, port, token, TLS credentials (loaded to check them) and the non-loopback rules.
void readHttpSection(const Reader &in, const QMap<QString, QString> &environment, HttpConfig *http,
                     QStringList *errors, QStringList *warnings);

// HEADLESS and STATUS_INTERVAL; returns DEMO when set (the demo decision needs the slots too).
std::optional<bool> readProcessSection(const Reader &in, MonitorConfig *c);

// UNIVERSES_FILE (or the default file): sets *universesFile to the path considered and loads it into
// *file; false when there is none or it cannot be loaded (then an error is recorded).
bool readUniversesFile(const Reader &in, const QMap<QString, QString> &environment, QString *universesFile,
                       UniverseFile *file);

// The suffix of an "unknown universe" message explaining why the file did not answer.
QString universeHint(bool universeFileLoaded, const QString &universesFile);

} // namespace tickstock::config
