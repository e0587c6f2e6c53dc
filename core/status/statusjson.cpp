#include "status/statusjson.h"

#include <QtCore/QDateTime>
#include <QtCore/QTimeZone>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

#include <cmath>

namespace tickstock::status {
namespace {

QJsonValue textOrNull(const QString &s) { return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s); }

QJsonObject redisJson(const RedisSnapshot &r)
{
    return QJsonObject{
        {QStringLiteral("enabled"), r.enabled},
        {QStringLiteral("connected"), r.connected},
        {QStringLiteral("state"), r.state},
        {QStringLiteral("channel"), r.channel},
        {QStringLiteral("address"), r.address},
        {QStringLiteral("last_error"), textOrNull(r.lastError)},
        {QStringLiteral("published_total"), r.publishedTotal},
        {QStringLiteral("dropped_total"), r.droppedTotal},
        {QStringLiteral("queue_depth"), r.queueDepth},
        {QStringLiteral("queue_capacity"), r.queueCapacity},
    };
}

QJsonObject httpJson(const HttpSnapshot &h)
{
    return QJsonObject{
        {QStringLiteral("enabled"), h.enabled},
        {QStringLiteral("state"), h.state},
        {QStringLiteral("address"), h.address},
        {QStringLiteral("url"), h.url},
        {QStringLiteral("stream_url"), h.streamUrl},
        {QStringLiteral("last_error"), textOrNull(h.lastError)},
    };
}

} // namespace

double epochSeconds(qint64 ms) { return ms / 1000.0; }

QJsonValue timeOrNull(qint64 ms) { return ms > 0 ? QJsonValue(epochSeconds(ms)) : QJsonValue(QJsonValue::Null); }

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject connectionJson(const ConnectionSnapshot &c, qint64 nowMs)
{
    QJsonObject config{
        {QStringLiteral("universe_key"), textOrNull(c.universeKey)},
        {QStringLiteral("ticker_source"), c.tickerSource},
        {QStringLiteral("ticker_count"), int(c.tickers.size())},
        {QStringLiteral("tickers"), c.tickersJson.size() == c.tickers.size() ? c.tickersJson
                                                                            : QJsonArray::fromStringList(c.tickers)},
        {QStringLiteral("channels"), QJsonArray::fromStringList(c.channels)},
    };
    QJsonObject metrics{
        {QStringLiteral("message_count"), c.messageCount},
        {QStringLiteral("messages_per_second"), round3(c.messagesPerSecond)},
        {QStringLiteral("error_count"), c.errorCount},
        {QStringLiteral("reconnect_count"), c.reconnectCount},
        {QStringLiteral("last_message_time"), timeOrNull(c.lastMessageMs)},
        {QStringLiteral("last_update"), c.lastMessageMs > 0 ? QJsonValue(isoTime(c.lastMessageMs)) : QJsonValue()},
        {QStringLiteral("last_error"), textOrNull(c.lastError)},
        {QStringLiteral("bytes_received"), c.bytesReceived},
        {QStringLiteral("frames_received"), c.frames},
        {QStringLiteral("parse_errors"), c.parseErrors},
        {QStringLiteral("unknown_events"), c.unknownEvents},
        {QStringLiteral("status_events"), c.statusEvents},
        {QStringLiteral("last_parse_error"), textOrNull(c.lastParseErrorSample)},
        {QStringLiteral("last_gap_seconds"), c.lastGapMs / 1000.0},
        {QStringLiteral("next_retry_in_seconds"),
         c.nextRetryMs > nowMs ? QJsonValue(round3((c.nextRetryMs - nowMs) / 1000.0)) : QJsonValue()},
        {QStringLiteral("subscriptions"),
         QJsonObject{{QStringLiteral("acked"), c.subscriptionsAcked},
                     {QStringLiteral("pending"), c.subscriptionsPending},
                     {QStringLiteral("refused"), c.subscriptionsRefused},
                     {QStringLiteral("unconfirmed"), c.subscriptionsUnconfirmed}}},
        {QStringLiteral("latency_ms"),
         QJsonObject{{QStringLiteral("p50"), round3(c.latencyP50Ms)},
                     {QStringLiteral("p99"), round3(c.latencyP99Ms)},
                     {QStringLiteral("samples"), c.latencySamples}}},
    };
    return QJsonObject{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("connection_id"), c.connectionId()},
        {QStringLiteral("name"), c.name},
        {QStringLiteral("enabled"), c.enabled},
        {QStringLiteral("connected"), c.status == status::ConnectionStatus::Connected},
        {QStringLiteral("status"), status::statusName(c.status)},
        {QStringLiteral("phase"), status::phaseName(c.phase)},
        {QStringLiteral("detail"), c.detail},
        {QStringLiteral("url"), c.url},
        {QStringLiteral("uptime_seconds"), round3(c.uptimeSeconds(nowMs))},
        {QStringLiteral("config"), config},
        {QStringLiteral("metrics"), metrics},
    };
}

QJsonObject tickerJson(const status::TickUpdate &t)
{
    return QJsonObject{
        {QStringLiteral("symbol"), t.symbol},
        {QStringLiteral("connection_id"), QStringLiteral("connection_%1").arg(t.connection)},
        {QStringLiteral("price"), t.price},
        {QStringLiteral("bid"), t.bid},
        {QStringLiteral("ask"), t.ask},
        {QStringLiteral("volume"), t.volume},
        {QStringLiteral("ticks"), t.tickCount},
        {QStringLiteral("direction"), t.direction > 0 ? QStringLiteral("up")
                                                      : (t.direction < 0 ? QStringLiteral("down") : QStringLiteral("flat"))},
        {QStringLiteral("last_event"), QString::fromLatin1(massive::eventKindName(t.lastEvent).data())},
        {QStringLiteral("timestamp"), timeOrNull(t.eventTimeMs)},
        {QStringLiteral("received"), timeOrNull(t.receivedMs)},
    };
}

namespace {

// The feed's part of the status document in three objects, split where "http" and "redis" fall
// in key order (a QJsonObject serialises its keys sorted), so the bytes can be joined with the
// small per-request parts without re-serialising the large one.
struct FeedObjects {
    QJsonObject beforeHttp;  // api_key_set, api_version, connections, data
    QJsonObject betweenHttpAndRedis; // mode
    QJsonObject afterRedis;  // simulated, status, summary, timestamp, version
};

FeedObjects feedObjects(const StatusSnapshot &s)
{
    const qint64 now = s.timestampMs;
    QJsonArray connections;
    QJsonObject dataConnections;
    for (const ConnectionSnapshot &c : s.connections) {
        connections.append(connectionJson(c, now));
        dataConnections.insert(c.connectionId(),
                               QJsonObject{{QStringLiteral("name"), c.name},
                                           {QStringLiteral("status"), status::statusName(c.status)},
                                           {QStringLiteral("assigned_tickers"), int(c.tickers.size())},
                                           {QStringLiteral("message_count"), c.messageCount},
                                           {QStringLiteral("error_count"), c.errorCount},
                                           {QStringLiteral("last_message_time"), timeOrNull(c.lastMessageMs)}});
    }
    const qint64 ticks = s.ticksTotal();
    const qint64 errors = s.errorsTotal();
    FeedObjects out;
    out.beforeHttp = QJsonObject{
        {QStringLiteral("api_version"), kApiVersion},
        {QStringLiteral("api_key_set"), s.apiKeySet},
        {QStringLiteral("connections"), connections},
        {QStringLiteral("data"),
         QJsonObject{{QStringLiteral("total_connections"), int(s.connections.size())},
                     {QStringLiteral("connected_count"), s.connectedCount()},
                     {QStringLiteral("total_ticks_received"), ticks},
                     {QStringLiteral("total_errors"), errors},
                     {QStringLiteral("connections"), dataConnections}}},
    };
    out.betweenHttpAndRedis = QJsonObject{{QStringLiteral("mode"), s.mode}};
    out.afterRedis = QJsonObject{
        {QStringLiteral("status"), QStringLiteral("success")},
        {QStringLiteral("timestamp"), epochSeconds(now)},
        {QStringLiteral("simulated"), s.simulated},
        {QStringLiteral("version"), s.version},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("total"), int(s.connections.size())},
                     {QStringLiteral("enabled"), s.enabledCount()},
                     {QStringLiteral("connected"), s.connectedCount()},
                     {QStringLiteral("ticks_total"), ticks},
                     {QStringLiteral("errors_total"), errors},
                     {QStringLiteral("messages_per_second"), round3(s.messagesPerSecond())}}},
    };
    return out;
}

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

// {"a":1,"b":2} → "a":1,"b":2
QByteArray members(const QJsonObject &o)
{
    const QByteArray json = compact(o);
    return json.mid(1, json.size() - 2);
}

} // namespace

QJsonObject statusDocument(const StatusView &view)
{
    FeedObjects parts = feedObjects(*view.feed);
    QJsonObject doc = parts.beforeHttp;
    for (const QJsonObject *o : {&parts.betweenHttpAndRedis, &parts.afterRedis}) {
        for (auto it = o->begin(); it != o->end(); ++it)
            doc.insert(it.key(), it.value());
    }
    doc.insert(QStringLiteral("redis"), redisJson(view.redis));
    doc.insert(QStringLiteral("http"), httpJson(view.http));
    return doc;
}

QByteArray statusDocumentJson(const StatusView &view)
{
    const RenderedFeedParts feed = view.feed->rendered.get([&view] {
        const FeedObjects o = feedObjects(*view.feed);
        return RenderedFeedParts{members(o.beforeHttp), members(o.betweenHttpAndRedis), members(o.afterRedis)};
    });
    const QByteArray http = compact(httpJson(view.http));
    const QByteArray redis = compact(redisJson(view.redis));
    QByteArray out;
    out.reserve(feed.beforeHttp.size() + feed.betweenHttpAndRedis.size() + feed.afterRedis.size() + http.size()
                + redis.size() + 32);
    out += '{';
    out += feed.beforeHttp;
    out += ",\"http\":";
    out += http;
    out += ',';
    out += feed.betweenHttpAndRedis;
    out += ",\"redis\":";
    out += redis;
    out += ',';
    out += feed.afterRedis;
    out += '}';
    return out;
}

QByteArray compactStatusLine(const StatusView &view) { return statusDocumentJson(view); }

} // namespace tickstock::status
