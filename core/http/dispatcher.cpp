#include "http/dispatcher.h"

#include "http/addressprefix.h"
#include "http/httperror.h"
#include "http/wsframe.h"
#include "util/logging.h"

#include <QtCore/QUrl>

#include <cmath>

namespace tickstock::http {
namespace {
QString peerText(const HttpRequest &r)
{
    return r.peer.isNull() ? QStringLiteral("?") : r.peer.toString();
}

// The request path for a log line: bounded, printable, never the query (it may hold ?token=).
QString pathForLog(const HttpRequest &r)
{
    QString out;
    for (QChar c : r.path.left(80))
        out += c.isPrint() ? c : QChar(u'?');
    return out;
}
} // namespace

QString hostOfHostHeader(const QByteArray &value)
{
    const QByteArray v = value.trimmed();
    if (v.startsWith('[')) {
        const qsizetype end = v.indexOf(']');
        return end < 0 ? QString() : QString::fromLatin1(v.mid(1, end - 1)).toLower();
    }
    const qsizetype colon = v.lastIndexOf(':');
    return QString::fromLatin1(colon < 0 ? v : v.left(colon)).toLower();
}

int portOfHostHeader(const QByteArray &value, int defaultPort)
{
    const QByteArray v = value.trimmed();
    const qsizetype close = v.lastIndexOf(']');
    const qsizetype colon = v.lastIndexOf(':');
    if (colon < 0 || colon < close || (close < 0 && v.indexOf(':') != colon))
        return defaultPort;
    bool ok = false;
    const int port = v.mid(colon + 1).toInt(&ok);
    return ok ? port : -1;
}

Dispatcher::Dispatcher(DispatcherConfig config, HttpCounters *counters, AuthThrottle::Clock clock)
    : m_config(std::move(config))
    , m_counters(counters)
    , m_auth(m_config.token, m_config.throttle, std::move(clock))
    , m_router(m_config.secrets)
{
}

bool Dispatcher::hostAllowed(const HttpRequest &request) const
{
    if (!request.hasHeader("host"))
        return true; // HTTP/1.0 (the parser insists on Host for 1.1)
    const QString host = hostOfHostHeader(request.header("host"));
    if (host == u"localhost" || host.endsWith(u".localhost") || host == u"::1")
        return true;
    const QHostAddress address(host);
    if (!address.isNull() && address.isLoopback())
        return true;
    return !m_config.bindHost.isEmpty() && host == m_config.bindHost.toLower();
}

bool Dispatcher::originAllowed(const HttpRequest &request) const
{
    if (!request.hasHeader("origin"))
        return true; // not a browser (curl, scripts, QWebSocket)
    const QUrl origin(QString::fromLatin1(request.header("origin")));
    if (!origin.isValid() || origin.host().isEmpty())
        return false; // "null" and other opaque origins
    const bool secure = origin.scheme() == u"https" || origin.scheme() == u"wss";
    const QByteArray host = request.header("host");
    const int defaultPort = m_config.tls ? 443 : 80;
    return secure == m_config.tls && origin.host().toLower() == hostOfHostHeader(host)
        && origin.port(defaultPort) == portOfHostHeader(host, defaultPort);
}

Dispatcher::Result Dispatcher::dispatch(const HttpRequest &request, const ApiContext &context)
{
    Result result;
    if (!Router::isKnownMethod(request.method)) {
        result.response = errorResponse(ApiError::NotImplemented, QStringLiteral("unknown method"));
        return result;
    }
    if (!m_auth.enabled() && !hostAllowed(request)) {
        qint64 suppressed = 0;
        if (m_logLimiter.allow(&suppressed))
            qCWarning(lcHttp).noquote() << QStringLiteral("refused a request from %1 with a non-local Host header "
                                                          "(DNS rebinding protection; set STATUS_HTTP_TOKEN to serve other names)%2")
                                               .arg(peerText(request), util::suppressedNote(suppressed));
        result.response = errorResponse(ApiError::Forbidden,
                                        QStringLiteral("Host not allowed: without STATUS_HTTP_TOKEN only local names are served"));
        return result;
    }
    const bool stream = Router::isStreamPath(request.path);
    if (!Router::isPublicPath(request.path)) {
        const AuthDecision auth = m_auth.check(request, stream);
        if (auth.outcome == AuthOutcome::Throttled) {
            m_counters->throttled.fetch_add(1, std::memory_order_relaxed);
            result.response = errorResponse(ApiError::TooManyRequests,
                                            QStringLiteral("too many failed authentications from this address; retry later"));
            result.response.setHeader(QByteArrayLiteral("Retry-After"),
                                      QByteArray::number(qMax<qint64>(1, (auth.retryAfterMs + 999) / 1000)));
            return result;
        }
        if (auth.outcome == AuthOutcome::Unauthorized) {
            m_counters->authFailures.fetch_add(1, std::memory_order_relaxed);
            const bool presented = !bearerToken(request).isEmpty()
                || (stream && request.query.hasQueryItem(QStringLiteral("token")));
            qint64 suppressed = 0;
            if (m_logLimiter.allow(&suppressed))
                qCWarning(lcHttp).noquote() << QStringLiteral("authentication failed from %1 for %2 %3 (%4)%5")
                                                   .arg(peerText(request), QString::fromLatin1(request.method.left(16)),
                                                        pathForLog(request),
                                                        presented ? QStringLiteral("wrong token") : QStringLiteral("no token"),
                                                        util::suppressedNote(suppressed));
            if (auth.startedBlock) {
                m_counters->blocks.fetch_add(1, std::memory_order_relaxed);
                qCWarning(lcHttp).noquote() << QStringLiteral("blocking %1 (last failure from %2) for %3 s after %4 failed authentications")
                                                   .arg(prefixText(addressPrefix(request.peer)), peerText(request))
                                                   .arg(m_auth.throttle().options().blockMs / 1000)
                                                   .arg(m_auth.throttle().options().maxFailures);
            }
            result.response = errorResponse(ApiError::Unauthorized,
                                            presented ? QStringLiteral("invalid bearer token")
                                                      : QStringLiteral("this endpoint needs Authorization: Bearer <STATUS_HTTP_TOKEN>"));
            result.response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                                      presented ? QByteArrayLiteral("Bearer realm=\"tickstock\", error=\"invalid_token\"")
                                                : QByteArrayLiteral("Bearer realm=\"tickstock\""));
            return result;
        }
    }
    if ((request.method == "POST" || (stream && request.isWebSocketUpgrade())) && !originAllowed(request)) {
        result.response = errorResponse(ApiError::Forbidden, QStringLiteral("cross-origin request refused"));
        return result;
    }
    if (stream && request.method == "GET" && request.isWebSocketUpgrade()) {
        const ws::HandshakeProblem problem = ws::handshakeProblem(request);
        if (!problem.isEmpty()) {
            result.response = errorResponse(problem.error, problem.message);
            result.response.setHeader(QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13"));
            if (problem.error == ApiError::UpgradeRequired) // RFC 9110 §15.5.22: a 426 names the protocol
                result.response.setHeader(QByteArrayLiteral("Upgrade"), QByteArrayLiteral("websocket"));
            return result;
        }
        result.upgrade = true;
        return result;
    }
    result.response = m_router.route(request, context);
    return result;
}

} // namespace tickstock::http
