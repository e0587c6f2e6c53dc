#include "http/routes.h"

#include "feed/feedcontrol.h"
#include "http/httperror.h"
#include "status/readiness.h"
#include "status/statusjson.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QUrl>

#include <algorithm>

namespace tickstock::http {
namespace {

enum class RouteId { Status, Connections, Connection, ConnectionAction, Ticker, Health, Ready, Metrics, Stream };

struct Match {
    RouteId id;
    QStringList params;
};

// Path segments after the leading '/', e.g. "/api/admin/tickers/AAPL" → [api, admin, tickers, AAPL];
// each decoded after the split, so "EUR%2FUSD" is the one segment "EUR/USD".
std::optional<Match> matchRoute(const QString &path)
{
    QStringList s = path.mid(1).split(QLatin1Char('/'));
    for (QString &segment : s) {
        if (segment.contains(u'%'))
            segment = QUrl::fromPercentEncoding(segment.toUtf8());
    }
    const auto is = [&s](std::initializer_list<const char16_t *> parts) {
        if (s.size() < qsizetype(parts.size()))
            return false;
        qsizetype i = 0;
        for (const char16_t *p : parts) {
            if (s.at(i++) != QStringView(p))
                return false;
        }
        return true;
    };
    if (s.size() == 1) {
        if (s.at(0) == u"healthz")
            return Match{RouteId::Health, {}};
        if (s.at(0) == u"readyz")
            return Match{RouteId::Ready, {}};
        if (s.at(0) == u"metrics")
            return Match{RouteId::Metrics, {}};
        if (s.at(0) == u"admin-ws")
            return Match{RouteId::Stream, {}};
        return std::nullopt;
    }
    if ((s.size() == 3 && is({u"api", u"admin", u"websocket-status"}))
        || (s.size() == 4 && is({u"admin", u"api", u"admin", u"websocket-status"})))
        return Match{RouteId::Status, {}};
    if (is({u"api", u"admin", u"connections"})) {
        if (s.size() == 3)
            return Match{RouteId::Connections, {}};
        if (s.size() == 4 && !s.at(3).isEmpty())
            return Match{RouteId::Connection, {s.at(3)}};
        if (s.size() == 5 && !s.at(3).isEmpty() && !s.at(4).isEmpty())
            return Match{RouteId::ConnectionAction, {s.at(3), s.at(4)}};
        return std::nullopt;
    }
    if (s.size() == 4 && is({u"api", u"admin", u"tickers"}) && !s.at(3).isEmpty())
        return Match{RouteId::Ticker, {s.at(3)}};
    return std::nullopt;
}

QByteArray allowedMethods(RouteId id)
{
    return id == RouteId::ConnectionAction ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET, HEAD");
}

bool methodAllowed(RouteId id, QByteArrayView method)
{
    if (id == RouteId::ConnectionAction)
        return method == "POST";
    return method == "GET" || method == "HEAD";
}

// Client input quoted in an error message: bounded and printable.
QString quoted(const QString &text)
{
    QString out;
    for (QChar c : text.left(64))
        out += c.isPrint() ? c : QChar(u'?');
    if (text.size() > 64)
        out += QStringLiteral("...");
    return out;
}

const status::ConnectionSnapshot *findConnection(const status::StatusSnapshot &s, const QString &id)
{
    bool ok = false;
    int n = id.toInt(&ok);
    if (!ok && id.startsWith(QStringLiteral("connection_")))
        n = QStringView(id).mid(11).toInt(&ok);
    if (!ok)
        return nullptr;
    for (const status::ConnectionSnapshot &c : s.connections) {
        if (c.id == n)
            return &c;
    }
    return nullptr;
}

} // namespace

std::optional<ConnectionAction> parseConnectionAction(QStringView name)
{
    if (name == u"connect")
        return ConnectionAction::Connect;
    if (name == u"disconnect")
        return ConnectionAction::Disconnect;
    if (name == u"reconnect")
        return ConnectionAction::Reconnect;
    return std::nullopt;
}

QString connectionActionName(ConnectionAction action)
{
    switch (action) {
    case ConnectionAction::Connect: return QStringLiteral("connect");
    case ConnectionAction::Disconnect: return QStringLiteral("disconnect");
    case ConnectionAction::Reconnect: return QStringLiteral("reconnect");
    }
    return {};
}

Router::Router(QStringList secrets)
    : m_masker(secrets)
{
}

QByteArray Router::mask(QByteArray body) const { return m_masker.maskJson(std::move(body)); }

bool Router::isKnownMethod(QByteArrayView m)
{
    return m == "GET" || m == "HEAD" || m == "POST" || m == "PUT" || m == "DELETE" || m == "PATCH" || m == "OPTIONS"
        || m == "TRACE" || m == "CONNECT";
}

QString Router::normalizedPath(const QString &path)
{
    if (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        return path.chopped(1);
    return path;
}

bool Router::isPublicPath(QStringView path)
{
    const QStringView p = path.size() > 1 && path.endsWith(u'/') ? path.chopped(1) : path;
    return p == u"/healthz" || p == u"/readyz";
}

bool Router::isStreamPath(QStringView path)
{
    const QStringView p = path.size() > 1 && path.endsWith(u'/') ? path.chopped(1) : path;
    return p == kStreamPath;
}

HttpResponse Router::json(int status, const QJsonObject &object) const
{
    HttpResponse r;
    r.status = status;
    r.body = mask(QJsonDocument(object).toJson(QJsonDocument::Compact));
    return r;
}

HttpResponse Router::route(const HttpRequest &request, const ApiContext &context)
{
    HttpResponse r = dispatch(request, context);
    if (r.status >= 400) // error messages may quote client input
        r.body = mask(std::move(r.body));
    return r;
}

HttpResponse Router::dispatch(const HttpRequest &request, const ApiContext &context)
{
    if (!isKnownMethod(request.method))
        return errorResponse(ApiError::NotImplemented, QStringLiteral("unknown method"));
    const QString path = normalizedPath(request.path);
    const auto match = matchRoute(path);
    if (!match)
        return errorResponse(ApiError::NotFound, QStringLiteral("no route for %1").arg(quoted(path)));
    if (!methodAllowed(match->id, request.method)) {
        HttpResponse r = errorResponse(ApiError::MethodNotAllowed,
                                       QStringLiteral("%1 is not allowed here; allowed: %2")
                                           .arg(QString::fromLatin1(request.method.left(16)),
                                                QString::fromLatin1(allowedMethods(match->id))));
        r.setHeader(QByteArrayLiteral("Allow"), allowedMethods(match->id));
        return r;
    }
    switch (match->id) {
    case RouteId::Status: return statusDocument(context);
    case RouteId::Connections: return connections(context);
    case RouteId::Connection: return connection(context, match->params.at(0));
    case RouteId::ConnectionAction: return connectionAction(context, match->params.at(0), match->params.at(1));
    case RouteId::Ticker: return ticker(context, match->params.at(0));
    case RouteId::Health: return health(context);
    case RouteId::Ready: return ready(request, context);
    case RouteId::Metrics: return metrics(context);
    case RouteId::Stream: {
        HttpResponse r = errorResponse(ApiError::UpgradeRequired,
                                       QStringLiteral("/admin-ws is a WebSocket endpoint; open it with a WebSocket client"));
        r.setHeader(QByteArrayLiteral("Upgrade"), QByteArrayLiteral("websocket"));
        return r;
    }
    }
    return errorResponse(ApiError::Internal, QStringLiteral("unhandled route"));
}

HttpResponse Router::statusDocument(const ApiContext &context) const
{
    // The feed's large part is rendered once per snapshot, by whichever request asks first.
    HttpResponse r;
    r.body = mask(status::statusDocumentJson(context.view));
    return r;
}

HttpResponse Router::connections(const ApiContext &context) const
{
    const status::StatusSnapshot &s = *context.view.feed;
    QJsonArray list;
    for (const status::ConnectionSnapshot &c : s.connections)
        list.append(status::connectionJson(c, s.timestampMs));
    return json(200, QJsonObject{{QStringLiteral("api_version"), status::kApiVersion},
                                 {QStringLiteral("status"), QStringLiteral("success")},
                                 {QStringLiteral("timestamp"), status::epochSeconds(s.timestampMs)},
                                 {QStringLiteral("mode"), s.mode},
                                 {QStringLiteral("connections"), list}});
}

HttpResponse Router::connection(const ApiContext &context, const QString &id) const
{
    const status::StatusSnapshot &s = *context.view.feed;
    const status::ConnectionSnapshot *c = findConnection(s, id);
    if (!c)
        return errorResponse(ApiError::NotFound, QStringLiteral("no connection %1").arg(quoted(id)));
    return json(200, QJsonObject{{QStringLiteral("api_version"), status::kApiVersion},
                                 {QStringLiteral("status"), QStringLiteral("success")},
                                 {QStringLiteral("timestamp"), status::epochSeconds(s.timestampMs)},
                                 {QStringLiteral("connection"), status::connectionJson(*c, s.timestampMs)}});
}

HttpResponse Router::connectionAction(const ApiContext &context, const QString &id, const QString &actionName) const
{
    const auto action = parseConnectionAction(actionName);
    if (!action)
        return errorResponse(ApiError::BadRequest,
                             QStringLiteral("unknown action %1; use connect, disconnect or reconnect").arg(quoted(actionName)));
    const status::ConnectionSnapshot *c = findConnection(*context.view.feed, id);
    if (!c)
        return errorResponse(ApiError::NotFound, QStringLiteral("no connection %1").arg(quoted(id)));
    if (!context.control)
        return errorResponse(ApiError::Unavailable, QStringLiteral("connection controls are not available in this process"));
    if (!context.control->isRunning())
        return errorResponse(ApiError::Unavailable, QStringLiteral("the feed is not running"));
    switch (*action) {
    case ConnectionAction::Connect: context.control->connectConnection(c->id); break;
    case ConnectionAction::Disconnect: context.control->disconnectConnection(c->id); break;
    case ConnectionAction::Reconnect: context.control->reconnectConnection(c->id); break;
    }
    return json(202, QJsonObject{{QStringLiteral("api_version"), status::kApiVersion},
                                 {QStringLiteral("status"), QStringLiteral("accepted")},
                                 {QStringLiteral("action"), connectionActionName(*action)},
                                 {QStringLiteral("connection_id"), c->connectionId()},
                                 {QStringLiteral("name"), c->name},
                                 {QStringLiteral("current_status"), status::statusName(c->status)},
                                 {QStringLiteral("current_phase"), status::phaseName(c->phase)}});
}

HttpResponse Router::ticker(const ApiContext &context, const QString &rawSymbol)
{
    const status::StatusSnapshot &s = *context.view.feed;
    const QString symbol = rawSymbol.trimmed().toUpper();
    if (m_tickerIndexFor != context.view.feed) {
        m_tickerIndex.clear();
        for (qsizetype i = 0; i < s.connections.size(); ++i) {
            for (const QString &t : s.connections.at(i).tickers)
                m_tickerIndex.insert(t, int(i));
        }
        m_tickerIndexFor = context.view.feed;
    }
    const auto assigned = m_tickerIndex.constFind(symbol);
    const status::TickUpdate *last = s.tickers ? s.tickers->find(symbol) : nullptr;
    if (assigned == m_tickerIndex.cend() && !last)
        return errorResponse(ApiError::NotFound, QStringLiteral("unknown ticker %1").arg(quoted(symbol)));
    QJsonObject out{{QStringLiteral("api_version"), status::kApiVersion},
                    {QStringLiteral("status"), QStringLiteral("success")},
                    {QStringLiteral("timestamp"), status::epochSeconds(s.timestampMs)},
                    {QStringLiteral("symbol"), symbol},
                    {QStringLiteral("assigned"), assigned != m_tickerIndex.cend()}};
    if (assigned != m_tickerIndex.cend()) {
        const status::ConnectionSnapshot &c = s.connections.at(assigned.value());
        out.insert(QStringLiteral("connection_id"), c.connectionId());
        out.insert(QStringLiteral("connection_name"), c.name);
        out.insert(QStringLiteral("connection_status"), status::statusName(c.status));
    } else {
        out.insert(QStringLiteral("connection_id"), QStringLiteral("connection_%1").arg(last->connection));
        out.insert(QStringLiteral("connection_name"), QJsonValue());
        out.insert(QStringLiteral("connection_status"), QJsonValue());
    }
    out.insert(QStringLiteral("last"), last ? QJsonValue(status::tickerJson(*last)) : QJsonValue());
    return json(200, out);
}

HttpResponse Router::health(const ApiContext &context) const
{
    const status::StatusSnapshot &s = *context.view.feed;
    return json(200, QJsonObject{{QStringLiteral("api_version"), status::kApiVersion},
                                 {QStringLiteral("status"), QStringLiteral("ok")},
                                 {QStringLiteral("timestamp"), status::epochSeconds(context.nowMs)},
                                 {QStringLiteral("version"), s.version},
                                 {QStringLiteral("snapshot_age_seconds"),
                                  s.timestampMs > 0 ? QJsonValue(qMax<qint64>(0, context.nowMs - s.timestampMs) / 1000.0)
                                                    : QJsonValue()}});
}

HttpResponse Router::ready(const HttpRequest &request, const ApiContext &context) const
{
    const status::Readiness r = status::readiness(context.view, context.nowMs);
    const bool verbose = request.query.hasQueryItem(QStringLiteral("verbose"));
    QJsonObject body = status::readinessJson(r, verbose);
    body.insert(QStringLiteral("timestamp"), status::epochSeconds(context.nowMs));
    return json(r.ready ? 200 : 503, body);
}

HttpResponse Router::metrics(const ApiContext &context) const
{
    status::PrometheusWriter writer;
    status::writeStatusMetrics(writer, context.view, context.nowMs);
    if (context.extraMetrics)
        context.extraMetrics(writer);
    HttpResponse r;
    r.contentType = QByteArray(status::kPrometheusContentType);
    r.body = mask(writer.text());
    return r;
}

} // namespace tickstock::http
