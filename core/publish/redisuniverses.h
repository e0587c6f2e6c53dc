#pragma once
// Universes stored in Redis (README, Configuration): `tickstock:universe:<key>` holding either a SET of
// tickers or a string with a JSON array of tickers. Looked up synchronously with short connect and
// command timeouts: this runs once at start-up, before any thread starts. Chain it in front of the
// universes file (config::loadConfig(sources, &redisUniverses)).
//
// A Redis that cannot be reached (or refuses the password) is tried once; every lookup then
// answers "unknown" so the universes file decides, and lastError() / warnings() say why.

#include "config/monitorconfig.h"
#include "config/universes.h"

#include <QtCore/QHash>
#include <QtCore/QMutex>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

struct redisContext;

namespace tickstock::publish {

class RedisUniverseSource final : public config::UniverseSource {
public:
    static constexpr int kDefaultTimeoutMs = 1000;

    explicit RedisUniverseSource(config::RedisConfig config, int timeoutMs = kDefaultTimeoutMs);
    ~RedisUniverseSource() override;
    RedisUniverseSource(const RedisUniverseSource &) = delete;
    RedisUniverseSource &operator=(const RedisUniverseSource &) = delete;

    // The tickers of `key` as stored (a SET's members sorted for determinism, or the JSON array's
    // order), or nullopt when Redis is disabled, unreachable, or has no such key.
    std::optional<QStringList> lookup(const QString &key) const override;

    static QString redisKey(const QString &universeKey); // "tickstock:universe:" + key

    bool enabled() const { return m_config.enabled; }
    bool unavailable() const;    // a connection was tried and failed
    QString lastError() const;   // empty when fine
    QStringList warnings() const; // one line per problem (unreachable, wrong type, bad JSON), for the log
    int lookups() const;          // keys asked of Redis (cache misses)

private:
    bool ensureConnected() const; // with m_mutex held
    void warn(const QString &text) const;

    const config::RedisConfig m_config;
    const int m_timeoutMs;
    mutable QMutex m_mutex;
    mutable redisContext *m_context = nullptr;
    mutable bool m_failed = false;
    mutable QString m_lastError;
    mutable QStringList m_warnings;
    mutable QHash<QString, std::optional<QStringList>> m_cache;
    mutable int m_lookups = 0;
};

} // namespace tickstock::publish
