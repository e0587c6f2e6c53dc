#pragma once
// The status document (docs/http-api.md), built from a status view alone (no sockets, no feed objects).

#include "status/statusview.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>

namespace tickstock::status {

inline constexpr int kApiVersion = 1;

QJsonObject statusDocument(const StatusView &view);                  // GET /api/admin/websocket-status
// The same document, compact. The feed's part is rendered once per snapshot (cached on it), the
// Redis and HTTP parts on every call: the bytes equal QJsonDocument(statusDocument(view)) compact.
QByteArray statusDocumentJson(const StatusView &view);
QJsonObject connectionJson(const ConnectionSnapshot &connection, qint64 nowMs);
QJsonObject tickerJson(const status::TickUpdate &tick);
QByteArray compactStatusLine(const StatusView &view);                // headless --status-interval line

// Value formats shared by every JSON the monitor serves (status document, live stream).
double epochSeconds(qint64 ms);   // 1764094000.123
QString isoTime(qint64 ms);       // "2026-11-25T19:59:59.900Z"
QJsonValue timeOrNull(qint64 ms); // epoch seconds, or null for "never" (0)
double round3(double v);          // rates, durations, latencies: three decimals

} // namespace tickstock::status
