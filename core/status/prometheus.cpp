#include "status/prometheus.h"

#include <QtCore/QLocale>

#include <cmath>

namespace tickstock::status {
namespace {

QByteArray formatDouble(double v)
{
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    return QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}

MetricLabels connectionLabels(const ConnectionSnapshot &c)
{
    return {{QByteArrayLiteral("connection"), c.connectionId()}, {QByteArrayLiteral("name"), c.name}};
}

MetricLabels with(MetricLabels labels, const QByteArray &name, const QString &value)
{
    labels.append({name, value});
    return labels;
}

} // namespace

QByteArray escapeLabelValue(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (char c : utf8) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

void PrometheusWriter::family(const QByteArray &name, Type type, const QByteArray &help)
{
    m_out += "# HELP ";
    m_out += name;
    m_out += ' ';
    m_out += help;
    m_out += "\n# TYPE ";
    m_out += name;
    m_out += type == Type::Counter ? " counter\n" : (type == Type::Gauge ? " gauge\n" : " histogram\n");
}

void PrometheusWriter::labels(const MetricLabels &labels)
{
    if (labels.isEmpty())
        return;
    m_out += '{';
    bool first = true;
    for (const auto &[name, value] : labels) {
        if (!first)
            m_out += ',';
        first = false;
        m_out += name;
        m_out += "=\"";
        m_out += escapeLabelValue(value);
        m_out += '"';
    }
    m_out += '}';
}

void PrometheusWriter::sample(const QByteArray &name, const MetricLabels &l, double value)
{
    m_out += name;
    labels(l);
    m_out += ' ';
    m_out += formatDouble(value);
    m_out += '\n';
}

void PrometheusWriter::sample(const QByteArray &name, const MetricLabels &l, qint64 value)
{
    m_out += name;
    labels(l);
    m_out += ' ';
    m_out += QByteArray::number(value);
    m_out += '\n';
}

void writeStatusMetrics(PrometheusWriter &w, const StatusView &view, qint64 nowMs)
{
    const StatusSnapshot &s = *view.feed;
    using T = PrometheusWriter::Type;
    const auto &conns = s.connections;

    w.family("tickstock_info", T::Gauge, "Build and mode of the monitor (always 1).");
    w.sample("tickstock_info",
             {{"version", s.version},
              {"mode", s.mode},
              {"simulated", s.simulated ? QStringLiteral("true") : QStringLiteral("false")}},
             qint64(1));

    w.family("tickstock_snapshot_timestamp_seconds", T::Gauge, "When the feed thread built the served snapshot (Unix time).");
    w.sample("tickstock_snapshot_timestamp_seconds", s.timestampMs / 1000.0);
    w.family("tickstock_snapshot_age_seconds", T::Gauge, "Age of the served snapshot.");
    w.sample("tickstock_snapshot_age_seconds", s.timestampMs > 0 ? qMax<qint64>(0, nowMs - s.timestampMs) / 1000.0 : 0.0);

    w.family("tickstock_connections", T::Gauge, "Feed connection slots by state.");
    w.sample("tickstock_connections", {{"state", QStringLiteral("configured")}}, qint64(conns.size()));
    w.sample("tickstock_connections", {{"state", QStringLiteral("enabled")}}, qint64(s.enabledCount()));
    w.sample("tickstock_connections", {{"state", QStringLiteral("connected")}}, qint64(s.connectedCount()));

    w.family("tickstock_connection_enabled", T::Gauge, "1 if the connection slot is enabled.");
    for (const auto &c : conns)
        w.sample("tickstock_connection_enabled", connectionLabels(c), qint64(c.enabled ? 1 : 0));
    w.family("tickstock_connection_up", T::Gauge, "1 while the connection is streaming.");
    for (const auto &c : conns)
        w.sample("tickstock_connection_up", connectionLabels(c), qint64(c.status == status::ConnectionStatus::Connected ? 1 : 0));
    w.family("tickstock_connection_status", T::Gauge, "1 for the current status of the connection (disconnected, connecting, connected, error).");
    for (const auto &c : conns) {
        for (auto st : {status::ConnectionStatus::Disconnected, status::ConnectionStatus::Connecting,
                        status::ConnectionStatus::Connected, status::ConnectionStatus::Error})
            w.sample("tickstock_connection_status", with(connectionLabels(c), "status", status::statusName(st)),
                     qint64(c.status == st ? 1 : 0));
    }
    w.family("tickstock_connection_tickers", T::Gauge, "Tickers assigned to the connection.");
    for (const auto &c : conns)
        w.sample("tickstock_connection_tickers", connectionLabels(c), qint64(c.tickers.size()));

    struct Counter {
        const char *name;
        const char *help;
        qint64 ConnectionSnapshot::*field;
    };
    static const Counter counters[] = {
        {"tickstock_connection_messages_total", "Data events (ticks) received.", &ConnectionSnapshot::messageCount},
        {"tickstock_connection_frames_total", "WebSocket frames received.", &ConnectionSnapshot::frames},
        {"tickstock_connection_received_bytes_total", "Payload bytes received.", &ConnectionSnapshot::bytesReceived},
        {"tickstock_connection_errors_total", "Connection and parse errors.", &ConnectionSnapshot::errorCount},
        {"tickstock_connection_parse_errors_total", "Frames or events that failed to parse.", &ConnectionSnapshot::parseErrors},
        {"tickstock_connection_unknown_events_total", "Events with an unknown type.", &ConnectionSnapshot::unknownEvents},
        {"tickstock_connection_status_events_total", "Status events received from the feed.", &ConnectionSnapshot::statusEvents},
        {"tickstock_connection_reconnects_total", "Reconnects.", &ConnectionSnapshot::reconnectCount},
    };
    for (const Counter &counter : counters) {
        w.family(counter.name, T::Counter, counter.help);
        for (const auto &c : conns)
            w.sample(counter.name, connectionLabels(c), c.*counter.field);
    }

    w.family("tickstock_connection_messages_per_second", T::Gauge, "Data events per second over the sliding window.");
    for (const auto &c : conns)
        w.sample("tickstock_connection_messages_per_second", connectionLabels(c), c.messagesPerSecond);
    w.family("tickstock_connection_uptime_seconds", T::Gauge, "Time since the connection started streaming (0 when not streaming).");
    for (const auto &c : conns)
        w.sample("tickstock_connection_uptime_seconds", connectionLabels(c), c.uptimeSeconds(s.timestampMs));
    w.family("tickstock_connection_last_message_timestamp_seconds", T::Gauge, "When the last data event arrived (Unix time, 0 = never).");
    for (const auto &c : conns)
        w.sample("tickstock_connection_last_message_timestamp_seconds", connectionLabels(c), c.lastMessageMs / 1000.0);
    w.family("tickstock_connection_subscriptions", T::Gauge, "Subscription params by acknowledgement state.");
    for (const auto &c : conns) {
        w.sample("tickstock_connection_subscriptions", with(connectionLabels(c), "state", QStringLiteral("acked")), qint64(c.subscriptionsAcked));
        w.sample("tickstock_connection_subscriptions", with(connectionLabels(c), "state", QStringLiteral("pending")), qint64(c.subscriptionsPending));
        w.sample("tickstock_connection_subscriptions", with(connectionLabels(c), "state", QStringLiteral("refused")), qint64(c.subscriptionsRefused));
        w.sample("tickstock_connection_subscriptions", with(connectionLabels(c), "state", QStringLiteral("unconfirmed")), qint64(c.subscriptionsUnconfirmed));
    }
    w.family("tickstock_connection_feed_latency_p50_seconds", T::Gauge, "Median feed latency (receive time minus event time).");
    for (const auto &c : conns)
        w.sample("tickstock_connection_feed_latency_p50_seconds", connectionLabels(c), c.latencyP50Ms / 1000.0);
    w.family("tickstock_connection_feed_latency_p99_seconds", T::Gauge, "99th percentile feed latency (receive time minus event time).");
    for (const auto &c : conns)
        w.sample("tickstock_connection_feed_latency_p99_seconds", connectionLabels(c), c.latencyP99Ms / 1000.0);

    const RedisSnapshot &r = view.redis;
    w.family("tickstock_redis_enabled", T::Gauge, "1 if Redis publishing is enabled.");
    w.sample("tickstock_redis_enabled", qint64(r.enabled ? 1 : 0));
    w.family("tickstock_redis_connected", T::Gauge, "1 while the Redis publisher is connected.");
    w.sample("tickstock_redis_connected", qint64(r.connected ? 1 : 0));
    w.family("tickstock_redis_published_total", T::Counter, "Ticks published to Redis.");
    w.sample("tickstock_redis_published_total", r.publishedTotal);
    w.family("tickstock_redis_dropped_total", T::Counter, "Ticks dropped because the Redis queue was full.");
    w.sample("tickstock_redis_dropped_total", r.droppedTotal);
    w.family("tickstock_redis_queue_depth", T::Gauge, "Ticks waiting in the Redis queue.");
    w.sample("tickstock_redis_queue_depth", r.queueDepth);
    w.family("tickstock_redis_queue_capacity", T::Gauge, "Capacity of the Redis queue.");
    w.sample("tickstock_redis_queue_capacity", r.queueCapacity);
}

} // namespace tickstock::status
