#include "http/httpworker.h"

#include "http/addressprefix.h"
#include "http/httpcounters.h"
#include "http/httperror.h"
#include "http/httpsession.h"
#include "http/livestream.h"
#include "http/statusboard.h"
#include "status/snapshotstore.h"
#include "util/logging.h"

#include <QtCore/QDateTime>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <utility>

namespace tickstock::http {

HttpWorker::HttpWorker(WorkerSetup setup)
    : m_setup(std::move(setup))
    , m_dispatcher(m_setup.dispatcher, m_setup.counters)
    , m_empty(std::make_shared<const status::StatusSnapshot>())
{
    m_clock.start();
}

HttpWorker::~HttpWorker() = default;

quint16 HttpWorker::listen(const QHostAddress &address, quint16 port, QString *error)
{
    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(64);
    if (!m_server->listen(address, port)) {
        if (error)
            *error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return 0;
    }
    connect(m_server, &QTcpServer::newConnection, this, &HttpWorker::onNewConnection);
    m_stream = new LiveStream(m_setup.options.stream, m_setup.store, m_setup.ticks, m_setup.counters, this);
    return m_server->serverPort();
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
}

void HttpWorker::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (!makeRoom(addressPrefix(socket->peerAddress()))) {
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
    // first. Only live-stream subscribers (bounded on their own) are never evicted here.
    const auto oldest = [this](const QHostAddress *onlyPrefix) {
        HttpSession *victim = nullptr;
        std::pair<qint64, quint64> victimAge{};
        for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
            const std::pair<qint64, quint64> age{it.key()->lastActivityMs(), it.value()};
            if ((!onlyPrefix || it.key()->prefix() == *onlyPrefix) && (!victim || age < victimAge)) {
                victim = it.key();
                victimAge = age;
            }
        }
        return victim;
    };
    const auto evict = [this](HttpSession *victim) {
        m_sessions.remove(victim);
        m_setup.counters->connectionsEvicted.fetch_add(1, std::memory_order_relaxed);
        victim->evict();
    };
    const int streams = m_stream ? m_stream->clientCount() : 0;
    qsizetype fromPrefix = m_stream ? m_stream->clientsFrom(prefix) : 0;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it)
        fromPrefix += it.key()->prefix() == prefix ? 1 : 0;
    if (fromPrefix >= m_setup.options.maxConnectionsPerPrefix) {
        HttpSession *victim = oldest(&prefix);
        if (!victim)
            return false;
        evict(victim);
    }
    if (m_sessions.size() + streams >= m_setup.options.maxConnections) {
        HttpSession *victim = oldest(nullptr);
        if (!victim)
            return false;
        evict(victim);
    }
    return true;
}

Dispatcher::Result HttpWorker::handle(const HttpRequest &request)
{
    ApiContext context;
    context.snapshot = m_setup.store ? m_setup.store->latest() : m_empty;
    if (!context.snapshot)
        context.snapshot = m_empty;
    context.http = m_setup.board->get();
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
