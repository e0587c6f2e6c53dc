#include "status/readiness.h"

#include "status/statusjson.h"

#include <QtCore/QJsonArray>

namespace tickstock::status {

Readiness readiness(const StatusView &view, qint64 nowMs, qint64 staleAfterMs)
{
    const StatusSnapshot &s = *view.feed;
    Readiness r;
    ReadinessCheck snap{QStringLiteral("snapshot"), false, {}};
    if (s.timestampMs <= 0) {
        snap.detail = QStringLiteral("no status snapshot published yet");
    } else if (nowMs - s.timestampMs > staleAfterMs) {
        snap.detail = QStringLiteral("snapshot is %1 s old (feed thread stalled?)").arg((nowMs - s.timestampMs) / 1000.0, 0, 'f', 1);
    } else {
        snap.ok = true;
        snap.detail = QStringLiteral("fresh");
    }
    r.checks.append(snap);

    for (const ConnectionSnapshot &c : s.connections) {
        ReadinessCheck check{c.connectionId(), true, {}};
        if (!c.enabled) {
            check.detail = QStringLiteral("disabled (not required)");
        } else if (c.tickers.isEmpty()) {
            check.detail = QStringLiteral("no tickers (not required)");
        } else if (c.phase == status::ConnectionPhase::Streaming) {
            check.detail = QStringLiteral("streaming");
        } else {
            check.ok = false;
            check.detail = status::statusName(c.status) + QLatin1Char('/') + status::phaseName(c.phase);
            if (!c.detail.isEmpty())
                check.detail += QStringLiteral(": ") + c.detail;
        }
        r.checks.append(check);
    }

    ReadinessCheck redis{QStringLiteral("redis"), true, {}};
    if (!view.redis.enabled) {
        redis.detail = QStringLiteral("disabled (not required)");
    } else if (view.redis.connected) {
        redis.detail = QStringLiteral("connected");
    } else {
        redis.ok = false;
        redis.detail = view.redis.state.isEmpty() ? QStringLiteral("not connected") : view.redis.state;
        if (!view.redis.lastError.isEmpty())
            redis.detail += QStringLiteral(": ") + view.redis.lastError;
    }
    r.checks.append(redis);

    r.ready = true;
    for (const ReadinessCheck &c : std::as_const(r.checks))
        r.ready = r.ready && c.ok;
    return r;
}

QJsonObject readinessJson(const Readiness &r, bool verbose)
{
    QJsonObject out{{QStringLiteral("api_version"), kApiVersion},
                    {QStringLiteral("status"), r.ready ? QStringLiteral("ready") : QStringLiteral("not_ready")},
                    {QStringLiteral("ready"), r.ready}};
    QJsonArray failed;
    QJsonArray all;
    for (const ReadinessCheck &c : r.checks) {
        const QJsonObject o{{QStringLiteral("name"), c.name}, {QStringLiteral("ok"), c.ok}, {QStringLiteral("detail"), c.detail}};
        if (!c.ok)
            failed.append(c.name);
        all.append(o);
    }
    out.insert(QStringLiteral("failed"), failed);
    if (verbose)
        out.insert(QStringLiteral("checks"), all);
    return out;
}

} // namespace tickstock::status
