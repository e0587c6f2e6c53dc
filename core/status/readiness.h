#pragma once
// Readiness (GET /readyz, docs/http-api.md), decided from a status view alone: ready only when a snapshot
// exists and is fresh, every enabled connection with tickers is streaming, and Redis, if enabled,
// is connected. The checks are listed for `?verbose`.

#include "status/statusview.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

namespace tickstock::status {

struct ReadinessCheck {
    QString name;   // "snapshot", "connection_1", "redis"
    bool ok = false;
    QString detail; // "streaming", "error/backoff: ...", "connected", "disabled"
};

struct Readiness {
    bool ready = false;
    QList<ReadinessCheck> checks;
};

inline constexpr qint64 kSnapshotStaleMs = 10'000; // the feed thread publishes at ~4 Hz

Readiness readiness(const StatusView &view, qint64 nowMs, qint64 staleAfterMs = kSnapshotStaleMs);

// {"api_version":1,"status":"ready"|"not_ready","ready":bool[,"checks":[...]]}; failed checks
// are always listed under "failed".
QJsonObject readinessJson(const Readiness &readiness, bool verbose);

} // namespace tickstock::status
