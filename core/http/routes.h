#pragma once
// Every route of the status API in one place (docs/http-api.md), as a function of a request and the
// latest immutable snapshot: no sockets, no feed objects. The transport (and the security checks
// of Dispatcher) sit in front of it. Only a large status document is built elsewhere (see
// statusDocument()).
//
//   GET  /api/admin/websocket-status            the §6 status document
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
#include "http/statusrenderer.h"
#include "status/prometheus.h"
#include "status/statussnapshot.h"
#include "util/secretmasker.h"

#include <QtCore/QHash>
#include <QtCore/QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace tickstock::http {

enum class ConnectionAction { Connect, Disconnect, Reconnect };
std::optional<ConnectionAction> parseConnectionAction(QStringView name);
QString connectionActionName(ConnectionAction action);

struct ApiContext {
    status::SnapshotPtr snapshot;  // the latest published snapshot (never null)
    status::HttpSnapshot http;     // this server's live state; replaces snapshot->http in documents
    qint64 nowMs = 0;              // wall clock, for ages
    // Queues a control action on the feed thread; false if the feed is not running. Empty when
    // controls are not wired. Either way the answer is 503.
    std::function<bool(int connectionId, ConnectionAction action)> control;
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
    Router(const Router &) = delete; // the renderer calls back into this object
    Router &operator=(const Router &) = delete;

    HttpResponse route(const HttpRequest &request, const ApiContext &context);

    static bool isKnownMethod(QByteArrayView method);
    static bool isPublicPath(QStringView path);  // /healthz and /readyz: never need a token
    static bool isStreamPath(QStringView path);
    static QString normalizedPath(const QString &path); // one trailing slash removed

    QByteArray mask(QByteArray body) const;

    // A status document that took longer than this to build is rebuilt on the renderer thread;
    // meanwhile requests get the previous one (at most kMaxStaleStatusMs older than the latest).
    static constexpr qint64 kInlineRenderNs = 1'000'000;
    static constexpr qint64 kMaxStaleStatusMs = 1'000;

private:
    HttpResponse dispatch(const HttpRequest &request, const ApiContext &context);
    HttpResponse statusDocument(const ApiContext &context);
    QByteArray renderStatus(const status::StatusSnapshot &snapshot, const status::HttpSnapshot &http) const;
    HttpResponse connections(const ApiContext &context) const;
    HttpResponse connection(const ApiContext &context, const QString &id) const;
    HttpResponse connectionAction(const ApiContext &context, const QString &id, const QString &action) const;
    HttpResponse ticker(const ApiContext &context, const QString &symbol);
    HttpResponse health(const ApiContext &context) const;
    HttpResponse ready(const HttpRequest &request, const ApiContext &context) const;
    HttpResponse metrics(const ApiContext &context) const;
    HttpResponse json(int status, const QJsonObject &object) const;

    SecretMasker m_masker;

    // The status document is built once per snapshot (it is immutable) and HTTP state: inline
    // while that is cheap, on m_renderer once it is not.
    status::SnapshotPtr m_statusFor;
    status::HttpSnapshot m_statusHttp;
    QByteArray m_statusBody;
    qint64 m_lastRenderNs = 0;
    std::unique_ptr<StatusRenderer> m_renderer;
    // symbol → connection index, built once per snapshot on the first ticker request.
    status::SnapshotPtr m_tickerIndexFor;
    QHash<QString, int> m_tickerIndex;
};

} // namespace tickstock::http
