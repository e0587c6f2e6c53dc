#pragma once
// Everything tickstock-monitor runs besides its front end: the in-process simulator (demo), the
// feed thread, and (as they land) the Redis publisher and the HTTP server. Shared by the desktop
// and headless front ends, so both behave the same.

#include "config/monitorconfig.h"
#include "feed/feedservice.h"

#include <QtCore/QObject>
#include <QtCore/QUrl>

#include <memory>

namespace tickstock::sim {
class SimulatorThread;
}
namespace tickstock::publish {
class RedisPublisher;
}
namespace tickstock::http {
class StatusServer;
}
namespace tickstock::status {
class SnapshotStore;
class StatusSource;
}

namespace tickstock::runtime {

// Feed connection settings for every slot of the configuration.
QList<feed::ConnectionSettings> connectionSettings(const config::MonitorConfig &config);

// Which front end runs: only the dashboard drains a mailbox of coalesced ticks of its own.
enum class FrontEnd { Headless, Desktop };

class MonitorRuntime final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorRuntime)
public:
    MonitorRuntime(config::MonitorConfig config, FrontEnd frontEnd, QObject *parent = nullptr);
    ~MonitorRuntime() override;

    bool start(QString *error); // false: nothing is left running, *error says why
    void stop();                // orderly: polite closes, threads joined; idempotent

    const config::MonitorConfig &config() const { return m_config; }
    feed::FeedService *feed() const { return m_feed.get(); }
    feed::BatchMailbox *uiMailbox() const { return m_uiMailbox; }         // the dashboard's; null when headless
    feed::BatchMailbox *streamMailbox() const { return m_streamMailbox; } // the live stream's; on only while subscribed
    status::SnapshotStore *snapshots() const;
    // What every reader shows: the newest feed snapshot with the Redis and HTTP state. After start().
    status::StatusSource *status() const { return m_status.get(); }
    publish::RedisPublisher *redis() const { return m_redis.get(); } // null when REDIS_ENABLED=false
    http::StatusServer *http() const { return m_http.get(); }

signals:
    void connectionLog(qint64 timeMs, int connection, int level, const QString &text);

private:
    config::MonitorConfig m_config;
    FrontEnd m_frontEnd;
    std::unique_ptr<sim::SimulatorThread> m_simulator;
    std::unique_ptr<publish::RedisPublisher> m_redis;
    std::unique_ptr<feed::FeedService> m_feed;
    std::unique_ptr<status::StatusSource> m_status;
    std::unique_ptr<http::StatusServer> m_http;
    QUrl m_simulatorUrl;
    feed::BatchMailbox *m_uiMailbox = nullptr;
    feed::BatchMailbox *m_streamMailbox = nullptr;
    bool m_running = false;
};

} // namespace tickstock::runtime
