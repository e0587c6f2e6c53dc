#pragma once
// One immutable picture of the feed (docs/http-api.md). Built by the feed thread at ~4 Hz and on
// every state change; views combine it with the Redis and HTTP state (statusview.h).

#include "status/connectionstate.h"
#include "status/oncecache.h"
#include "status/tickupdate.h"
#include "status/tickertable.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <memory>

namespace tickstock::status {

struct ConnectionSnapshot {
    int id = 1;                      // slot index
    QString name;
    bool enabled = false;
    status::ConnectionStatus status = status::ConnectionStatus::Disconnected;
    status::ConnectionPhase phase = status::ConnectionPhase::Disabled;
    QString detail;                  // human text: "retrying in 4 s", "auth failed", ...
    QString url;                     // without credentials
    qint64 connectedSinceMs = 0;     // 0 when not streaming
    QString universeKey;
    QString tickerSource;
    QStringList tickers;
    // The same tickers as a JSON array, built by the connection once per change (a status document
    // with 10,000 tickers spent milliseconds converting them on every build). Empty: not provided.
    QJsonArray tickersJson;
    QStringList channels;

    qint64 messageCount = 0;         // ticks (data events), as the original counted
    double messagesPerSecond = 0;
    qint64 frames = 0;
    qint64 bytesReceived = 0;
    qint64 errorCount = 0;           // parse errors + connection errors
    qint64 parseErrors = 0;
    qint64 unknownEvents = 0;
    qint64 reconnectCount = 0;
    qint64 statusEvents = 0;
    qint64 lastMessageMs = 0;        // 0 = never
    QString lastError;               // empty = none
    QString lastParseErrorSample;
    qint64 nextRetryMs = 0;          // when in backoff / evicted
    qint64 lastGapMs = 0;            // disconnect → first data after resubscribe (protocol C6)
    int subscriptionsAcked = 0;
    int subscriptionsPending = 0;
    int subscriptionsRefused = 0;
    int subscriptionsUnconfirmed = 0; // no ack within the timeout
    double latencyP50Ms = 0;
    double latencyP99Ms = 0;
    qint64 latencySamples = 0;

    QString connectionId() const { return QStringLiteral("connection_%1").arg(id); }
    double uptimeSeconds(qint64 nowMs) const { return connectedSinceMs ? (nowMs - connectedSinceMs) / 1000.0 : 0.0; }
};

// The status document's feed parts, in the order they appear (statusjson.cpp fills it).
struct RenderedFeedParts {
    QByteArray beforeHttp;
    QByteArray betweenHttpAndRedis;
    QByteArray afterRedis;
};

struct StatusSnapshot {
    qint64 timestampMs = 0;
    QString mode = QStringLiteral("multi");      // "multi" or "single"
    bool simulated = false;                      // demo: in-process simulated feed
    QString version;
    bool apiKeySet = false;
    QList<ConnectionSnapshot> connections;
    // symbol → latest state, for /api/admin/tickers/{symbol}; shared, never copied per request
    std::shared_ptr<const TickerTable> tickers;
    // The status document's feed parts (~84 KB at 10,000 tickers), rendered once by the first
    // reader that asks; the Redis and HTTP parts are added per request (statusjson.h).
    OnceCache<RenderedFeedParts> rendered;

    qint64 ticksTotal() const;
    qint64 errorsTotal() const;
    double messagesPerSecond() const;
    int connectedCount() const;
    int enabledCount() const;
};

using SnapshotPtr = std::shared_ptr<const StatusSnapshot>;

} // namespace tickstock::status

Q_DECLARE_METATYPE(tickstock::status::SnapshotPtr)
