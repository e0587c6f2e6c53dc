#pragma once
// The /admin-ws live stream events (docs/http-api.md), built from snapshot values alone:
//   {"event":"status_update","data":{connection_id, name, status, phase, detail, connected, timestamp}}
//   {"event":"metrics_update","data":{"connection_1":{msgs_per_sec, uptime, error_count, ...}, ...}}
//   {"event":"tick_update","data":{connection_id, symbol, price, volume, timestamp, direction, ...}}

#include "status/tickupdate.h"
#include "status/statussnapshot.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>

namespace tickstock::http {

QJsonObject statusUpdateData(const status::ConnectionSnapshot &connection, qint64 timestampMs);
QJsonObject metricsUpdateData(const status::StatusSnapshot &snapshot, qint64 nowMs);
QJsonObject tickUpdateData(const status::TickUpdate &tick);

// The compact UTF-8 text of one event: {"event":NAME,"data":DATA}.
QByteArray streamEvent(const QString &event, const QJsonObject &data);
// The same for a tick_update, written directly (the hot path: thousands per second); parses to
// exactly streamEvent("tick_update", tickUpdateData(tick)).
QByteArray tickUpdateEvent(const status::TickUpdate &tick);

} // namespace tickstock::http
