#include "http/streamevents.h"

#include "status/statusjson.h"

#include <QtCore/QJsonDocument>

#include <cmath>

namespace tickstock::http {
namespace {
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }
double round6(double v) { return std::round(v * 1e6) / 1e6; } // a quote mid without binary noise
QString directionName(qint8 d)
{
    return d > 0 ? QStringLiteral("up") : (d < 0 ? QStringLiteral("down") : QStringLiteral("flat"));
}
QString eventType(const feed::TickUpdate &t)
{
    const std::string_view name = massive::eventKindName(t.lastEvent);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}
QJsonValue timeOrNull(qint64 ms) { return ms > 0 ? QJsonValue(status::epochSeconds(ms)) : QJsonValue(QJsonValue::Null); }
} // namespace

QJsonObject statusUpdateData(const status::ConnectionSnapshot &c, qint64 timestampMs)
{
    return QJsonObject{
        {QStringLiteral("connection_id"), c.connectionId()},
        {QStringLiteral("name"), c.name},
        {QStringLiteral("enabled"), c.enabled},
        {QStringLiteral("connected"), c.status == feed::ConnectionStatus::Connected},
        {QStringLiteral("status"), feed::statusName(c.status)},
        {QStringLiteral("phase"), feed::phaseName(c.phase)},
        {QStringLiteral("detail"), c.detail},
        {QStringLiteral("last_error"), c.lastError.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.lastError)},
        {QStringLiteral("timestamp"), status::epochSeconds(timestampMs)},
    };
}

QJsonObject metricsUpdateData(const status::StatusSnapshot &s, qint64 nowMs)
{
    Q_UNUSED(nowMs);
    QJsonObject out;
    for (const status::ConnectionSnapshot &c : s.connections) {
        out.insert(c.connectionId(),
                   QJsonObject{
                       {QStringLiteral("name"), c.name},
                       {QStringLiteral("status"), feed::statusName(c.status)},
                       {QStringLiteral("phase"), feed::phaseName(c.phase)},
                       {QStringLiteral("msgs_per_sec"), round3(c.messagesPerSecond)},
                       {QStringLiteral("uptime"), round3(c.uptimeSeconds(s.timestampMs))},
                       {QStringLiteral("message_count"), c.messageCount},
                       {QStringLiteral("error_count"), c.errorCount},
                       {QStringLiteral("reconnect_count"), c.reconnectCount},
                       {QStringLiteral("bytes_received"), c.bytesReceived},
                       {QStringLiteral("ticker_count"), int(c.tickers.size())},
                       {QStringLiteral("last_message_time"), timeOrNull(c.lastMessageMs)},
                       {QStringLiteral("latency_ms_p50"), round3(c.latencyP50Ms)},
                       {QStringLiteral("latency_ms_p99"), round3(c.latencyP99Ms)},
                   });
    }
    return out;
}

QJsonObject tickUpdateData(const feed::TickUpdate &t)
{
    return QJsonObject{
        {QStringLiteral("connection_id"), QStringLiteral("connection_%1").arg(t.connection)},
        {QStringLiteral("symbol"), t.symbol},
        {QStringLiteral("price"), round6(t.price)},
        {QStringLiteral("volume"), t.volume},
        {QStringLiteral("timestamp"), timeOrNull(t.eventTimeMs)},
        {QStringLiteral("direction"), directionName(t.direction)},
        {QStringLiteral("bid"), round6(t.bid)},
        {QStringLiteral("ask"), round6(t.ask)},
        {QStringLiteral("ticks"), t.tickCount},
        {QStringLiteral("event_type"), eventType(t)},
    };
}

QByteArray streamEvent(const QString &event, const QJsonObject &data)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("event"), event}, {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

} // namespace tickstock::http
