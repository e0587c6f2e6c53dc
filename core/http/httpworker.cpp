#include "http/httpworker.h"

#include "http/addressprefix.h"
#include "http/httpcounters.h"
#include "http/httperror.h"
#include "http/httpsession.h"
#include "http/livestream.h"
#include "http/tlsserver.h"
#include "status/statusview.h"
#include "util/logging.h"

#include <QtCore/QDateTime>
#include <QtCore/QTimer>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <algorithm>
#include <utility>

namespace tickstock::http {

HttpWorker::HttpWorker(WorkerSetup setup)
    : m_setup(std::move(setup))
    , m_dispatcher(m_setup.dispatcher, m_setup.counters)
{
    m_clock.start();
}

HttpWorker::~HttpWorker() = default;

quint16 HttpWorker::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_setup.tls) {
        auto *tls = new TlsServer(
            [this](const QHostAddress &peer) {
                if (makeRoom(addressPrefix(peer)))
                    return true;
                m_setup.counters->connectionsRejected.fetch_add(1, std::memory_order_relaxed);
                return false;
            },
            this);
        tls->setSslConfiguration(*m_setup.tls);
        // Our deadline (onHandshakeStarting) bounds the whole handshake from the accept; Qt's timer
        // restarts when the ClientHello arrives, so it is only a backstop here.
        tls->setHandshakeTimeout(2 * m_setup.options.firstByteTimeoutMs);
        // QSslServer counts handshakes as pending and stops accepting at this limit: leave the
        // limits to makeRoom().
        tls->setMaxPendingConnections(std::max(64, m_setup.options.maxConnections));
        connect(tls, &TlsServer::handshakeStarting, this, &HttpWorker::onHandshakeStarting);
        connect(tls, &QSslServer::errorOccurred, this, [this](QSslSocket *socket, QAbstractSocket::SocketError) {
            onHandshakeFailed(socket, socket->errorString());
        });
        m_server = tls;
    } else {
        m_server = new QTcpServer(this);
        m_server->setMaxPendingConnections(64);
    }
    if (!m_server->listen(address, port)) {
        if (error)
            *error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return 0;
    }
    // Emitted once a connection is ready to use: at accept for plain HTTP, after the handshake for HTTPS.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpWorker::onNewConnection);
    m_stream = new LiveStream(m_setup.options.stream, m_setup.status ? m_setup.status->feed() : nullptr, m_setup.ticks, m_setup.counters, this);
    return m_server->serverPort();
}

void HttpWorker::setTlsConfiguration(const QSslConfiguration &configuration)
{
    if (auto *tls = qobject_cast<TlsServer *>(m_server)) {
        m_setup.tls = configuration;
        tls->setSslConfiguration(configuration);
    }
}

void HttpWorker::shutdown()
{
    if (m_server)
        m_server->close();
    if (m_stream)
        m_stream->closeAll();
    const QList<HttpSession *> sessions = m_sessions.keys();
    for (HttpSession *s : sessions)
        s->shutdown();
    m_sessions.clear();
    const QList<QSslSocket *> handshakes = m_handshakes.keys();
    m_handshakes.clear();
    for (QSslSocket *socket : handshakes) {
        socket->abort();
        socket->deleteLater();
    }
}

void HttpWorker::onHandshakeStarting(QSslSocket *socket)
{
    m_handshakes.insert(socket, {addressPrefix(socket->peerAddress()), m_clock.elapsed(), ++m_accepted});
    // The TlsServer deletes a socket whose handshake failed (bad certificate, plain HTTP, reset).
    connect(socket, &QObject::destroyed, this, [this, socket] {
        if (m_handshakes.remove(socket) > 0)
            m_setup.counters->tlsHandshakeFailures.fetch_add(1, std::memory_order_relaxed);
    });
    QTimer::singleShot(m_setup.options.firstByteTimeoutMs, socket, [this, socket] {
        if (!m_handshakes.contains(socket))
            return; // encrypted and handed to a session meanwhile
        onHandshakeFailed(socket, QStringLiteral("no complete handshake within %1 s")
                                      .arg(m_setup.options.firstByteTimeoutMs / 1000.0));
        socket->abort();
        socket->deleteLater(); // → destroyed: counted as a failure
    });
}

void HttpWorker::onHandshakeFailed(QSslSocket *socket, const QString &reason)
{
    qint64 suppressed = 0;
    if (m_logLimiter.allow(&suppressed))
        qCInfo(lcHttp).noquote() << QStringLiteral("TLS handshake with %1 failed: %2%3")
                                        .arg(socket->peerAddress().toString(), reason, util::suppressedNote(suppressed));
}

void HttpWorker::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *tlsSocket = qobject_cast<QSslSocket *>(socket);
        if (tlsSocket)
            disconnect(tlsSocket, &QObject::destroyed, this, nullptr);
        const bool admitted = tlsSocket && m_handshakes.remove(tlsSocket) > 0; // room was made at accept
        if (!admitted && !makeRoom(addressPrefix(socket->peerAddress()))) {
            m_setup.counters->connectionsRejected.fetch_add(1, std::memory_order_relaxed);
            m_setup.counters->countResponse(503);
            HttpResponse busy = errorResponse(ApiError::Unavailable, QStringLiteral("too many open connections"));
            socket->write(serializeResponse(busy, false, false));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        m_setup.counters->connectionsAccepted.fetch_add(1, std::memory_order_relaxed);
        SessionContext context{&m_setup.options, m_setup.counters, &m_logLimiter, [this] { return m_clock.elapsed(); }};
        auto *session = new HttpSession(
            socket, context,
            [this](const HttpRequest &request) {
                const Dispatcher::Result r = handle(request);
                return HttpSession::Answer{r.response, r.upgrade};
            },
            [this](QTcpSocket *s, const HttpRequest &request, const QByteArray &rest) { upgrade(s, request, rest); },
            this);
        m_sessions.insert(session, ++m_accepted);
        connect(session, &HttpSession::finished, this, [this](HttpSession *s) { m_sessions.remove(s); });
    }
}

bool HttpWorker::makeRoom(const QHostAddress &prefix)
{
    // Silent, slow or idle connections must not lock everyone out (liveness probes included): when
    // a limit is reached the connection that has been quiet longest gives way, from the same prefix
    // first. TLS handshakes in progress count and give way like sessions (their age is the accept
    // time). Only live-stream subscribers (bounded on their own) are never evicted here.
    struct Victim {
        HttpSession *session = nullptr;
        QSslSocket *handshake = nullptr;
        std::pair<qint64, quint64> age{};
    };
    const auto oldest = [this](const QHostAddress *onlyPrefix) {
        Victim victim;
        const auto consider = [&](const QHostAddress &from, std::pair<qint64, quint64> age, HttpSession *session,
                                  QSslSocket *handshake) {
            if ((!onlyPrefix || from == *onlyPrefix) && ((!victim.session && !victim.handshake) || age < victim.age))
                victim = {session, handshake, age};
        };
        for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it)
            consider(it.key()->prefix(), {it.key()->lastActivityMs(), it.value()}, it.key(), nullptr);
        for (auto it = m_handshakes.cbegin(); it != m_handshakes.cend(); ++it)
            consider(it->prefix, {it->startedMs, it->order}, nullptr, it.key());
        return victim;
    };
    const auto evict = [this](const Victim &victim) {
        if (!victim.session && !victim.handshake)
            return false;
        m_setup.counters->connectionsEvicted.fetch_add(1, std::memory_order_relaxed);
        if (victim.session) {
            m_sessions.remove(victim.session);
            victim.session->evict();
        } else {
            m_handshakes.remove(victim.handshake);
            victim.handshake->abort();
            victim.handshake->deleteLater();
        }
        return true;
    };
    const int streams = m_stream ? m_stream->clientCount() : 0;
    qsizetype fromPrefix = m_stream ? m_stream->clientsFrom(prefix) : 0;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it)
        fromPrefix += it.key()->prefix() == prefix ? 1 : 0;
    for (const Handshake &h : std::as_const(m_handshakes))
        fromPrefix += h.prefix == prefix ? 1 : 0;
    if (fromPrefix >= m_setup.options.maxConnectionsPerPrefix && !evict(oldest(&prefix)))
        return false;
    if (m_sessions.size() + m_handshakes.size() + streams >= m_setup.options.maxConnections
        && !evict(oldest(nullptr)))
        return false;
    return true;
}

Dispatcher::Result HttpWorker::handle(const HttpRequest &request)
{
    ApiContext context;
    context.view = m_setup.status ? m_setup.status->view() : status::StatusView{};
    if (!context.view.feed) // no source: served as before the first snapshot
        context.view.feed = std::make_shared<const status::StatusSnapshot>();
    context.nowMs = QDateTime::currentMSecsSinceEpoch();
    context.control = m_setup.control;
    context.extraMetrics = [counters = m_setup.counters](status::PrometheusWriter &w) { counters->writeMetrics(w); };
    Dispatcher::Result result = m_dispatcher.dispatch(request, context);
    if (result.upgrade && (!m_stream || m_stream->isFull(addressPrefix(request.peer)))) {
        result.upgrade = false;
        result.response = errorResponse(ApiError::Unavailable, QStringLiteral("too many live-stream subscribers"));
    }
    return result;
}

void HttpWorker::upgrade(QTcpSocket *socket, const HttpRequest &request, const QByteArray &rest)
{
    m_setup.counters->countResponse(101);
    m_stream->addClient(socket, request, rest);
}

} // namespace tickstock::http
