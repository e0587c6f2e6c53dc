#pragma once
// Every route of the status API in one place (docs/http-api.md), as a function of a request and the
// status view (the latest immutable feed snapshot, Redis and HTTP state): no sockets, no feed
// objects. The transport (and the security checks of Dispatcher) sit in front of it.
//
//   GET  /api/admin/websocket-status            the status document
//   GET  /admin/api/admin/websocket-status      the same (the path the original served)
//   GET  /api/admin/connections                 every connection ({"connections":[...]})
//   GET  /api/admin/connections/{id}            one connection (id: 1 or connection_1)
//   POST /api/admin/connections/{id}/{action}   connect | disconnect | reconnect → 202
//   GET  /api/admin/tickers/{symbol}            assignment and last state of a ticker
//   GET  /healthz                               liveness
//   GET  /readyz[?verbose]                      readiness (200 / 503)
//   GET  /metrics                               Prometheus text
//   GET  /admin-ws                              the live stream (WebSocket; the transport upgrades)
// GET routes also answer HEAD. A known path with another method gets 405 with Allow; an unknown
// path 404; a method we do not know at all 501.

#include "http/httpmessage.h"
#include "status/prometheus.h"
#include "status/statusview.h"
#include "util/secretmasker.h"

#include <QtCore/QHash>
#include <QtCore/QStringList>

#include <functional>
#include <optional>

namespace tickstock::feed {
class FeedControl;
}

namespace tickstock::http {

enum class ConnectionAction { Connect, Disconnect, Reconnect };
std::optional<ConnectionAction> parseConnectionAction(QStringView name);
QString connectionActionName(ConnectionAction action);

struct ApiContext {
    status::StatusView view;       // feed snapshot (never null), Redis and this server's state
    qint64 nowMs = 0;              // wall clock, for ages
    // Connection actions; null when controls are not wired (503, as when the feed is not running).
    feed::FeedControl *control = nullptr;
    // Adds the transport's own families (requests, auth failures, stream) to /metrics.
    std::function<void(status::PrometheusWriter &writer)> extraMetrics;
};

inline constexpr QStringView kStreamPath = u"/admin-ws";

class Router final {
public:
    // Every secret (API keys, Redis password, token) is masked out of every body, as a last line
    // of defence: the snapshot's texts are masked where they are made, so nothing in it should
    // contain one. Bodies are JSON: only SecretMasker::maskJson()'s long secrets are masked here.
    explicit Router(QStringList secrets = {});

    HttpResponse route(const HttpRequest &request, const ApiContext &context);

    static bool isKnownMethod(QByteArrayView method);
    static bool isPublicPath(QStringView path);  // /healthz and /readyz: never need a token
    static bool isStreamPath(QStringView path);
    static QString normalizedPath(const QString &path); // one trailing slash removed

    QByteArray mask(QByteArray body) const;

private:
    HttpResponse dispatch(const HttpRequest &request, const ApiContext &context);
    HttpResponse statusDocument(const ApiContext &context) const;
    HttpResponse connections(const ApiContext &context) const;
    HttpResponse connection(const ApiContext &context, const QString &id) const;
    HttpResponse connectionAction(const ApiContext &context, const QString &id, const QString &action) const;
    HttpResponse ticker(const ApiContext &context, const QString &symbol);
    HttpResponse health(const ApiContext &context) const;
    HttpResponse ready(const HttpRequest &request, const ApiContext &context) const;
    HttpResponse metrics(const ApiContext &context) const;
    HttpResponse json(int status, const QJsonObject &object) const;

    SecretMasker m_masker;
    // symbol → connection index, built once per snapshot on the first ticker request.
    status::SnapshotPtr m_tickerIndexFor;
    QHash<QString, int> m_tickerIndex;
};

} // namespace tickstock::http
