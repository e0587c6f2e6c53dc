#include "http/streamevents.h"

#include "status/statusjson.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QLocale>

#include <cmath>
#include <cstdio>

namespace tickstock::http {
namespace {
using status::round3;
using status::timeOrNull;
double round6(double v) { return std::round(v * 1e6) / 1e6; } // a quote mid without binary noise
QString directionName(qint8 d)
{
    return d > 0 ? QStringLiteral("up") : (d < 0 ? QStringLiteral("down") : QStringLiteral("flat"));
}
QString eventType(const status::TickUpdate &t)
{
    const std::string_view name = massive::eventKindName(t.lastEvent);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}
} // namespace

QJsonObject statusUpdateData(const status::ConnectionSnapshot &c, qint64 timestampMs)
{
    return QJsonObject{
        {QStringLiteral("connection_id"), c.connectionId()},
        {QStringLiteral("name"), c.name},
        {QStringLiteral("enabled"), c.enabled},
        {QStringLiteral("connected"), c.status == status::ConnectionStatus::Connected},
        {QStringLiteral("status"), status::statusName(c.status)},
        {QStringLiteral("phase"), status::phaseName(c.phase)},
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
                       {QStringLiteral("status"), status::statusName(c.status)},
                       {QStringLiteral("phase"), status::phaseName(c.phase)},
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

QJsonObject tickUpdateData(const status::TickUpdate &t)
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

namespace {
void appendJsonString(QByteArray &out, const QString &text)
{
    out += '"';
    for (char c : text.toUtf8()) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendNumber(QByteArray &out, double v)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    // Integral values within 2^53 as integers, as QJsonDocument writes them.
    if (std::abs(v) < 9007199254740992.0 && v == std::floor(v)) {
        out += QByteArray::number(static_cast<qint64>(v));
        return;
    }
    out += QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}
} // namespace

QByteArray tickUpdateEvent(const status::TickUpdate &t)
{
    QByteArray out;
    out.reserve(256);
    out += "{\"event\":\"tick_update\",\"data\":{\"connection_id\":\"connection_";
    out += QByteArray::number(t.connection);
    out += "\",\"symbol\":";
    appendJsonString(out, t.symbol);
    out += ",\"price\":";
    appendNumber(out, round6(t.price));
    out += ",\"volume\":";
    out += QByteArray::number(t.volume);
    out += ",\"timestamp\":";
    if (t.eventTimeMs > 0)
        appendNumber(out, status::epochSeconds(t.eventTimeMs));
    else
        out += "null";
    out += ",\"direction\":\"";
    out += t.direction > 0 ? "up" : (t.direction < 0 ? "down" : "flat");
    out += "\",\"bid\":";
    appendNumber(out, round6(t.bid));
    out += ",\"ask\":";
    appendNumber(out, round6(t.ask));
    out += ",\"ticks\":";
    out += QByteArray::number(t.tickCount);
    out += ",\"event_type\":";
    appendJsonString(out, eventType(t));
    out += "}}";
    return out;
}

QByteArray streamEvent(const QString &event, const QJsonObject &data)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("event"), event}, {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

} // namespace tickstock::http
