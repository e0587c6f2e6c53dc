#pragma once
// The embedded HTTP status server (docs/http-api.md): status JSON, health, readiness, Prometheus
// metrics, remote connection control and the /admin-ws live stream, on its own thread, answering
// only from a StatusSource's view: the latest immutable feed snapshot plus the Redis state and
// this server's own state (a request costs the feed thread nothing).
//
// A small HTTP/1.1 server of our own on QTcpServer rather than QHttpServer 6.4: measured on this
// Qt, QHttpServer accepts a 20 MB header and buffers a 30 MB body (no limits), drops a garbage
// request line without an answer, answers an unknown method or a wrong method with an empty 404
// (we need 501 / 405 with Allow and JSON), and its WebSocket upgrade needs workarounds. The
// stream is served on the same port with our own RFC 6455 framing, so each event is encoded once
// and each subscriber's unsent backlog is exact.
//
// Security: binds 127.0.0.1 by default. A non-loopback bind needs a token, and TLS unless the
// configuration allows plain HTTP explicitly (start() returns false otherwise; the rest of the app
// keeps running; the configuration loader refuses such a configuration before this). With a token
// everything but /healthz and /readyz needs "Authorization: Bearer" (the stream also "?token="),
// compared in constant time, with a per-prefix failure throttle (429); secrets never appear in a
// body or a log line. With STATUS_HTTP_TLS_CERT/KEY the port speaks only HTTPS and wss:// (TLS 1.2+);
// reloadTls() swaps the credentials for new handshakes without touching open connections.

#include "config/monitorconfig.h"
#include "http/serveroptions.h"
#include "status/statusview.h"

#include <QtCore/QMutex>

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <memory>

class QThread;

namespace tickstock::feed {
class BatchMailbox;
class FeedControl;
}

namespace tickstock::http {

class HttpWorker;
struct HttpCounters;

class StatusServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusServer)
public:
    // status: required; what every route serves. Its HTTP part should be this server's status()
    // (the owner wires it). controls: for POST .../{connect|disconnect|reconnect} (null → 503).
    // ticks: a mailbox of the feed for tick_update (null → no tick events); the live stream keeps
    // it switched off while nobody subscribes. secrets: masked out of every response
    // (config::secretValues(config)); the token is added automatically.
    // All three must outlive the server: stop() it before stopping or destroying the FeedService.
    // Create, start and stop it on one thread (the owner's; the server runs on its own).
    StatusServer(config::HttpConfig config, status::StatusSource *status, feed::FeedControl *controls,
                 feed::BatchMailbox *ticks, QStringList secrets, QObject *parent = nullptr);
    ~StatusServer() override; // stop()

    // Before start(): limits and timings (defaults are the production values).
    void setOptions(const ServerOptions &options);
    // Listens; false with a precise *error on an invalid bind address, a non-loopback bind without
    // a token or without TLS (unless allowed), unusable TLS files, or a port in use. Either way the
    // state is in status(); nothing else is affected.
    bool start(QString *error = nullptr);
    void stop(); // closes the stream (1001) and every connection, joins the thread; idempotent

    // Re-reads the TLS certificate and key (SIGHUP). New handshakes use them; open connections keep
    // theirs. On a bad file the old credentials stay and false comes back with a precise *error.
    // Also false when the server is not serving HTTPS.
    bool reloadTls(QString *error = nullptr);

    bool isListening() const;
    quint16 port() const;                       // the bound port (useful with port 0), 0 if not listening
    status::HttpSnapshot status() const;        // thread-safe: a StatusSource's HTTP provider
    const HttpCounters &counters() const { return *m_counters; } // thread-safe (atomics)

private:
    void setState(const QString &state, const QString &lastError);

    config::HttpConfig m_config;
    status::StatusSource *m_status;
    feed::FeedControl *m_controls;
    feed::BatchMailbox *m_ticks;
    QStringList m_secrets;
    ServerOptions m_options;
    mutable QMutex m_stateMutex;
    status::HttpSnapshot m_state; // read from any thread (status())
    std::unique_ptr<HttpCounters> m_counters;
    QThread *m_thread = nullptr;
    HttpWorker *m_worker = nullptr; // lives on m_thread
    quint16 m_port = 0;
    QString m_address;   // "127.0.0.1:8765"
    QString m_url;       // "https://127.0.0.1:8765"
    QString m_streamUrl; // "wss://127.0.0.1:8765/admin-ws"
};

} // namespace tickstock::http
