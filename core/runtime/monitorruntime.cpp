#include "runtime/monitorruntime.h"

#include "config/configdescription.h"
#include "feed/feedservice.h"
#include "http/statusserver.h"
#include "publish/redispublisher.h"
#include "sim/simulatorthread.h"
#include "status/statusview.h"
#include "util/logging.h"

namespace tickstock::runtime {

QList<feed::ConnectionSettings> connectionSettings(const config::MonitorConfig &config)
{
    const QStringList secrets = config::secretValues(config);
    QList<feed::ConnectionSettings> out;
    for (const config::SlotConfig &slot : config.feedSlots) {
        feed::ConnectionSettings s;
        s.index = slot.index;
        s.name = slot.name;
        s.enabled = slot.enabled;
        s.url = QUrl(slot.url);
        s.apiKey = slot.apiKey;
        s.secrets = secrets;
        s.tickers = slot.tickers;
        s.channels = config.channels;
        s.universeKey = slot.universeKey;
        s.tickerSource = slot.tickerSource;
        s.backoff.initialSeconds = config.reconnectDelaySeconds;
        s.backoff.maxSeconds = config.maxReconnectDelaySeconds;
        s.backoff.maxRetries = config.maxRetries;
        out.append(s);
    }
    return out;
}

MonitorRuntime::MonitorRuntime(config::MonitorConfig config, FrontEnd frontEnd, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_frontEnd(frontEnd)
{
}

MonitorRuntime::~MonitorRuntime() { stop(); }

status::SnapshotStore *MonitorRuntime::snapshots() const { return m_feed ? m_feed->snapshots() : nullptr; }

bool MonitorRuntime::start(QString *error)
{
    if (m_running)
        return true;
    if (m_config.demo) {
        sim::SimConfig simConfig;
        simConfig.port = 0;
        simConfig.keys = {QStringLiteral("demo")};
        simConfig.tradesPerSecond = 2.0;
        simConfig.quotesPerSecond = 4.0;
        m_simulator = std::make_unique<sim::SimulatorThread>();
        QString simError;
        if (!m_simulator->start(simConfig, &simError)) {
            if (error)
                *error = QStringLiteral("cannot start the simulated feed: %1").arg(simError);
            m_simulator.reset();
            return false;
        }
        m_simulatorUrl = m_simulator->url();
        for (config::SlotConfig &slot : m_config.feedSlots) {
            slot.url = m_simulatorUrl.toString();
            slot.apiKey = QStringLiteral("demo");
        }
        qCInfo(lcApp).noquote() << "simulated feed listening on" << m_simulatorUrl.toString()
                                << "(demo mode: no API key and no feed URL configured, or --demo)";
    }

    feed::ManagerOptions options;
    options.mode = m_config.multiConnection ? QStringLiteral("multi") : QStringLiteral("single");
    options.simulated = m_config.demo;
    options.version = QStringLiteral(TICKSTOCK_VERSION);
    options.apiKeySet = !m_config.apiKey.isEmpty();

    // Redis first, so no tick is offered before the publisher takes them.
    status::StatusSource::RedisProvider redisStatus;
    if (m_config.redis.enabled) {
        publish::RedisPublisherOptions redisOptions;
        redisOptions.secrets = config::secretValues(m_config);
        m_redis = std::make_unique<publish::RedisPublisher>(m_config.redis, redisOptions);
        QString redisError;
        if (!m_redis->start(&redisError))
            qCWarning(lcApp).noquote() << "Redis publisher did not start:" << redisError;
        redisStatus = [redis = m_redis.get()] { return redis->status(); };
    } else {
        redisStatus = [channel = m_config.redis.tickChannel] {
            status::RedisSnapshot s;
            s.channel = channel;
            return s; // enabled=false, state "disabled"
        };
    }

    m_feed = std::make_unique<feed::FeedService>(connectionSettings(m_config), options);
    connect(m_feed.get(), &feed::FeedService::connectionLog, this, &MonitorRuntime::connectionLog);
    if (m_frontEnd == FrontEnd::Desktop) // headless, nobody would drain it
        m_uiMailbox = m_feed->createMailbox();
    m_streamMailbox = m_feed->createMailbox(); // the live stream switches it on while subscribed
    if (m_redis)
        m_feed->addTickConsumer(m_redis.get());

    // Readers combine the feed's snapshot with the Redis and HTTP state themselves: the feed
    // thread never copies other threads' state.
    m_status = std::make_unique<status::StatusSource>(m_feed->snapshots(), std::move(redisStatus));
    // The HTTP server failing (port in use, unsafe bind) is shown in the status, never fatal.
    m_http = std::make_unique<http::StatusServer>(m_config.http, m_status.get(), m_feed.get(), m_streamMailbox,
                                                  config::secretValues(m_config));
    m_status->setHttp([server = m_http.get()] { return server->status(); });
    m_feed->start();
    m_http->start(); // logs its own success or failure; a failure is shown in the status, never fatal
    m_running = true;
    return true;
}

void MonitorRuntime::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_http)
        m_http->stop();
    if (m_feed && !m_feed->stop())
        qCWarning(lcApp) << "feed connections did not close politely in time";
    if (m_redis)
        m_redis->stop(2000); // flush what is queued, for up to 2 s
    if (m_simulator)
        m_simulator->stop();
}

} // namespace tickstock::runtime
