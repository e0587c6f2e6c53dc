#pragma once
// The security pipeline in front of the routes, without sockets: unknown method → 501; Host check
// against DNS rebinding when no token is configured; bearer token (header, or ?token= for the
// live stream) with a per-address failure throttle; Origin check for POST and the stream upgrade;
// then the Router. Lives on the HTTP thread (not thread-safe).

#include "http/auth.h"
#include "http/httpcounters.h"
#include "util/loglimiter.h"
#include "http/routes.h"

#include <QtCore/QStringList>

namespace tickstock::http {

struct DispatcherConfig {
    QByteArray token;        // empty: no authentication (then only loopback Host names are served)
    QStringList secrets;     // masked out of every body
    QString bindHost;        // the listening address, also accepted as Host
    bool tls = false;        // HTTPS: a same-origin Origin is https:// and a Host without port means 443
    ThrottleOptions throttle;
};

class Dispatcher final {
public:
    struct Result {
        HttpResponse response;
        bool upgrade = false; // authorised, valid WebSocket handshake on /admin-ws: the transport takes over
    };

    Dispatcher(DispatcherConfig config, HttpCounters *counters, AuthThrottle::Clock clock = {});

    Result dispatch(const HttpRequest &request, const ApiContext &context);
    Router &router() { return m_router; }
    Authenticator &authenticator() { return m_auth; }

private:
    bool hostAllowed(const HttpRequest &request) const;
    bool originAllowed(const HttpRequest &request) const;

    DispatcherConfig m_config;
    HttpCounters *m_counters;
    Authenticator m_auth;
    Router m_router;
    util::LogLimiter m_logLimiter;
};

// "host" of a Host header value ("127.0.0.1:8765" → "127.0.0.1", "[::1]:80" → "::1").
QString hostOfHostHeader(const QByteArray &value);
// Its port, or defaultPort when absent; -1 when not a number.
int portOfHostHeader(const QByteArray &value, int defaultPort);

} // namespace tickstock::http
