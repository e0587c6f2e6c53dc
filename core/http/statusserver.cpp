#include "http/statusserver.h"

#include "feed/batchmailbox.h"

#include "http/httpcounters.h"
#include "http/httpworker.h"
#include "util/tlscredentials.h"
#include "util/logging.h"

#include <QtCore/QThread>

namespace tickstock::http {
namespace {

// "127.0.0.1", "::1", "0.0.0.0", "localhost", "*" → an address; null if not an IP literal.
QHostAddress bindAddress(const QString &bind)
{
    const QString b = bind.trimmed();
    if (b.isEmpty() || b == u"localhost")
        return QHostAddress(QHostAddress::LocalHost);
    if (b == u"*")
        return QHostAddress(QHostAddress::Any);
    QString literal = b;
    if (literal.startsWith(u'[') && literal.endsWith(u']'))
        literal = literal.mid(1, literal.size() - 2);
    return QHostAddress(literal);
}

QString authority(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']'
                                                                             : address.toString();
    return host + u':' + QString::number(port);
}

} // namespace

StatusServer::StatusServer(config::HttpConfig config, status::StatusSource *status, feed::FeedControl *controls,
                           feed::BatchMailbox *ticks, QStringList secrets, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_status(status)
    , m_controls(controls)
    , m_ticks(ticks)
    , m_secrets(std::move(secrets))
    , m_counters(std::make_unique<HttpCounters>())
{
    if (!m_config.token.isEmpty() && !m_secrets.contains(m_config.token))
        m_secrets.append(m_config.token);
    // Off until the live stream has a subscriber, from here on: also when start() fails or has
    // not run yet, nothing would drain it.
    if (m_ticks)
        m_ticks->setActive(false);
}

StatusServer::~StatusServer() { stop(); }

void StatusServer::setOptions(const ServerOptions &options) { m_options = options; }

bool StatusServer::isListening() const { return m_worker != nullptr; }

quint16 StatusServer::port() const { return m_port; }

status::HttpSnapshot StatusServer::status() const
{
    QMutexLocker lock(&m_stateMutex);
    return m_state;
}

void StatusServer::setState(const QString &state, const QString &lastError)
{
    status::HttpSnapshot s;
    s.enabled = true;
    s.state = state;
    s.address = m_address;
    s.url = state == u"listening" ? m_url : QString();
    s.streamUrl = state == u"listening" ? m_streamUrl : QString();
    s.lastError = lastError;
    QMutexLocker lock(&m_stateMutex);
    m_state = s;
}

bool StatusServer::start(QString *error)
{
    if (m_worker)
        return true;
    const auto failed = [this, error](const QString &message) {
        qCWarning(lcHttp).noquote() << "status API not started:" << message;
        setState(QStringLiteral("error"), message);
        if (error)
            *error = message;
        return false;
    };

    const QHostAddress address = bindAddress(m_config.bind);
    if (address.isNull())
        return failed(QStringLiteral("STATUS_HTTP_BIND %1 is not an IP address (use 127.0.0.1, ::1 or 0.0.0.0)")
                          .arg(m_config.bind));
    if (m_config.port < 0 || m_config.port > 65535)
        return failed(QStringLiteral("STATUS_HTTP_PORT %1 is not a port number").arg(m_config.port));
    const quint16 wantedPort = quint16(m_config.port);
    m_address = authority(address, wantedPort);
    if (!address.isLoopback() && m_config.token.isEmpty())
        return failed(QStringLiteral("refusing to serve the status API on %1 without STATUS_HTTP_TOKEN: anyone on the "
                                     "network could read it and control the feed connections; set STATUS_HTTP_TOKEN "
                                     "or bind 127.0.0.1")
                          .arg(m_address));
    if (!address.isLoopback() && !m_config.tls() && !m_config.allowPlaintext)
        return failed(QStringLiteral("refusing to serve the status API on %1 without TLS: the token would cross the "
                                     "network in clear; set STATUS_HTTP_TLS_CERT and STATUS_HTTP_TLS_KEY, or "
                                     "STATUS_HTTP_ALLOW_PLAINTEXT=true")
                          .arg(m_address));
    std::optional<TlsCredentials> credentials;
    if (m_config.tls()) {
        QString tlsError;
        credentials = loadTlsCredentials(m_config.tlsCert, m_config.tlsKey, &tlsError);
        if (!credentials)
            return failed(tlsError);
    }

    WorkerSetup setup;
    setup.options = m_options;
    setup.dispatcher.token = m_config.token.toUtf8();
    setup.dispatcher.secrets = m_secrets;
    setup.dispatcher.bindHost = address.toString();
    setup.dispatcher.throttle = m_options.throttle;
    setup.status = m_status;
    setup.ticks = m_ticks;
    setup.control = m_controls;
    setup.counters = m_counters.get();
    if (credentials)
        setup.tls = serverTlsConfiguration(*credentials);
    setup.dispatcher.tls = credentials.has_value();

    auto *thread = new QThread(this);
    thread->setObjectName(QStringLiteral("http"));
    auto *worker = new HttpWorker(std::move(setup));
    worker->moveToThread(thread);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    thread->start();

    quint16 bound = 0;
    QString listenError;
    QMetaObject::invokeMethod(
        worker, [&] { bound = worker->listen(address, wantedPort, &listenError); }, Qt::BlockingQueuedConnection);
    if (bound == 0) {
        thread->quit();
        thread->wait();
        delete thread; // the worker went with the thread's finished() → deleteLater
        return failed(QStringLiteral("cannot listen on %1: %2").arg(m_address, listenError));
    }
    m_thread = thread;
    m_worker = worker;
    m_port = bound;
    m_address = authority(address, bound);
    const bool tls = credentials.has_value();
    m_url = (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + m_address;
    m_streamUrl = (tls ? QStringLiteral("wss://") : QStringLiteral("ws://")) + m_address + QStringLiteral("/admin-ws");
    setState(QStringLiteral("listening"), QString());
    QString security = m_config.token.isEmpty() ? QStringLiteral("authentication: none, loopback names only")
                                                : QStringLiteral("authentication: bearer token");
    if (tls)
        security += QStringLiteral("; TLS 1.2+ with ") + credentials->describe();
    else if (!address.isLoopback())
        security += QStringLiteral("; plain HTTP allowed by STATUS_HTTP_ALLOW_PLAINTEXT");
    qCInfo(lcHttp).noquote() << QStringLiteral("status API listening on %1 (live stream %2; %3)")
                                    .arg(m_url, m_streamUrl, security);
    return true;
}

bool StatusServer::reloadTls(QString *error)
{
    const auto failed = [error](const QString &message) {
        qCWarning(lcHttp).noquote() << "TLS credentials not reloaded, the previous ones stay in use:" << message;
        if (error)
            *error = message;
        return false;
    };
    if (!m_worker || !m_config.tls())
        return failed(QStringLiteral("the status API is not serving HTTPS (STATUS_HTTP_TLS_CERT is not set)"));
    QString tlsError;
    const std::optional<TlsCredentials> credentials = loadTlsCredentials(m_config.tlsCert, m_config.tlsKey, &tlsError);
    if (!credentials)
        return failed(tlsError);
    const QSslConfiguration configuration = serverTlsConfiguration(*credentials);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, configuration] { w->setTlsConfiguration(configuration); },
        Qt::BlockingQueuedConnection);
    qCInfo(lcHttp).noquote() << "TLS credentials reloaded for new connections:" << credentials->describe();
    if (const QString warning = credentials->validityWarning(m_config.tlsCert); !warning.isEmpty())
        qCWarning(lcHttp).noquote() << warning;
    if (error)
        error->clear();
    return true;
}

void StatusServer::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr;
    m_port = 0;
    setState(QStringLiteral("disabled"), QString());
}

} // namespace tickstock::http
