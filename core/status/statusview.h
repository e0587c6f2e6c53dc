#pragma once
// What a reader shows (docs/architecture.md): the newest feed snapshot next to the Redis
// publisher's and the HTTP server's own state. The feed thread produces only the snapshot; each
// reader (HTTP routes, headless status line, dashboard) combines the three itself, through one
// StatusSource that the runtime wires to their owners.

#include "status/statussnapshot.h"

#include <QtCore/QMutex>
#include <QtCore/QString>

#include <functional>

namespace tickstock::status {

class SnapshotStore;

struct RedisSnapshot {
    bool enabled = false;
    bool connected = false;
    QString state = QStringLiteral("disabled"); // disabled / connecting / connected / backoff / auth_failed
    QString channel;
    QString address;                 // host:port/db, never the password
    QString lastError;
    qint64 publishedTotal = 0;
    qint64 droppedTotal = 0;
    qint64 queueDepth = 0;
    qint64 queueCapacity = 0;
};

struct HttpSnapshot {
    bool enabled = false;
    QString state = QStringLiteral("disabled"); // disabled / listening / error
    QString address;   // host:port
    QString url;       // http://host:port or https://host:port while listening
    QString streamUrl; // ws://… or wss://…/admin-ws while listening
    QString lastError;
};

struct StatusView {
    SnapshotPtr feed; // never null when it comes from a StatusSource
    RedisSnapshot redis;
    HttpSnapshot http;
};

// Builds views on any thread. The providers must be thread-safe; unset ones give the default
// ("disabled") state.
class StatusSource final {
public:
    using RedisProvider = std::function<RedisSnapshot()>;
    using HttpProvider = std::function<HttpSnapshot()>;

    explicit StatusSource(SnapshotStore *feed, RedisProvider redis = {}, HttpProvider http = {});
    StatusSource(const StatusSource &) = delete;
    StatusSource &operator=(const StatusSource &) = delete;

    SnapshotStore *feed() const { return m_feed; } // for readers that follow its published() signal
    void setRedis(RedisProvider redis);
    void setHttp(HttpProvider http);

    StatusView view() const;

private:
    SnapshotStore *m_feed;
    mutable QMutex m_mutex; // guards the providers only; they are called unlocked
    RedisProvider m_redis;
    HttpProvider m_http;
};

} // namespace tickstock::status
