#include "http/httpsession.h"

#include "http/addressprefix.h"
#include "http/httpcounters.h"
#include "util/loglimiter.h"
#include "util/logging.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

namespace tickstock::http {
namespace {
constexpr int kCloseGraceMs = 5000;      // a client that does not take our last answer is aborted
constexpr qint64 kReadChunk = 64 * 1024; // Qt stops reading the kernel beyond this: TCP back-pressure
constexpr int kRequestsPerTurn = 4;      // then the other clients get their turn
constexpr qint64 kBytesPerTurn = 64 * 1024;
} // namespace

HttpSession::HttpSession(QTcpSocket *socket, SessionContext context, Handler handler, UpgradeHandler upgrade,
                         QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_context(context)
    , m_handler(std::move(handler))
    , m_upgrade(std::move(upgrade))
    , m_parser(context.options->limits)
    , m_timer(new QTimer(this))
    , m_prefix(addressPrefix(socket->peerAddress()))
    , m_lastActivityMs(context.nowMs())
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadChunk);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &HttpSession::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpSession::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpSession::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpSession::finish);
    m_timer->start(m_context.options->firstByteTimeoutMs);
    if (m_socket->bytesAvailable() > 0)
        scheduleResume();
}

HttpSession::~HttpSession() = default;

void HttpSession::shutdown()
{
    if (!m_socket)
        return;
    m_closing = true;
    m_socket->flush();
    m_socket->abort();
}

void HttpSession::evict()
{
    if (!m_socket || m_finished)
        return;
    m_closing = true;
    m_socket->abort(); // emits disconnected → finish()
    finish();
}

bool HttpSession::alive() const
{
    return m_socket && !m_closing && !m_finished && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpSession::scheduleResume()
{
    if (m_resumeQueued)
        return;
    m_resumeQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_resumeQueued = false;
            onReadyRead();
        },
        Qt::QueuedConnection);
}

void HttpSession::onReadyRead()
{
    if (!alive() || m_processing)
        return;
    if (m_socket->bytesToWrite() > m_context.options->maxPendingResponseBytes)
        return; // resumed from onBytesWritten
    if (m_parser.bufferedBytes() < kReadChunk) // what is parsed already is served first
        m_parser.append(m_socket->read(kReadChunk));
    process();
}

void HttpSession::onBytesWritten()
{
    // Emitted from inside write()/flush() as well: never process from here, only schedule.
    if (alive() && m_socket->bytesToWrite() <= m_context.options->maxPendingResponseBytes
        && (m_parser.bufferedBytes() > 0 || m_socket->bytesAvailable() > 0))
        scheduleResume();
}

void HttpSession::process()
{
    m_processing = true;
    int served = 0;
    qint64 written = 0;
    while (alive()) {
        if (m_socket->bytesToWrite() > m_context.options->maxPendingResponseBytes)
            break; // back-pressure: the client is not reading its answers; onBytesWritten resumes
        if (served >= kRequestsPerTurn || written >= kBytesPerTurn) {
            scheduleResume(); // fairness: the rest after the other clients' turn
            break;
        }
        HttpRequest request;
        const RequestParser::Status status = m_parser.next(&request);
        if (status == RequestParser::Status::NeedMore) {
            if (m_socket->bytesAvailable() > 0 && m_parser.bufferedBytes() < kReadChunk) {
                m_parser.append(m_socket->read(kReadChunk));
                continue;
            }
            if (m_parser.inRequest()) {
                if (!m_inRequest) { // the timeout runs from the first byte, not the last
                    m_inRequest = true;
                    m_timer->start(m_context.options->requestTimeoutMs);
                }
            } else if (m_inRequest || m_requests > 0) {
                m_inRequest = false;
                if (!m_timer->isActive() || m_timer->interval() != m_context.options->idleTimeoutMs)
                    m_timer->start(m_context.options->idleTimeoutMs);
            }
            break;
        }
        if (status == RequestParser::Status::Error) {
            fail(m_parser.error(), m_parser.errorMessage());
            break;
        }
        ++m_requests;
        ++served;
        m_inRequest = false;
        m_lastActivityMs = m_context.nowMs();
        m_timer->start(m_context.options->idleTimeoutMs);
        QElapsedTimer spent;
        spent.start();
        request.peer = m_socket->peerAddress();
        Answer answer = m_handler(request);
        if (answer.upgrade) {
            m_timer->stop();
            disconnect(m_socket, nullptr, this, nullptr);
            QTcpSocket *socket = m_socket;
            m_socket = nullptr;
            m_upgrade(socket, request, m_parser.takeRemaining());
            finish();
            break;
        }
        // A refused WebSocket handshake leaves the client expecting frames: end the connection.
        const bool keepAlive = request.keepAlive() && !answer.response.closeConnection && !request.isWebSocketUpgrade();
        written += send(answer.response, request.method == "HEAD", keepAlive);
        m_context.counters->observeDuration(spent.nsecsElapsed());
        if (!keepAlive) {
            closeAfterWrite(); // nothing after this request is read or answered
            break;
        }
    }
    m_processing = false;
}

qint64 HttpSession::send(const HttpResponse &response, bool head, bool keepAlive)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return 0; // the peer is gone (reset): nothing to write to
    m_context.counters->countResponse(response.status);
    const QByteArray bytes = serializeResponse(response, head, keepAlive);
    m_socket->write(bytes);
    m_socket->flush(); // may emit bytesWritten and even disconnected before it returns
    return bytes.size();
}

void HttpSession::fail(ApiError error, const QString &message)
{
    if (!alive())
        return;
    m_context.counters->malformedRequests.fetch_add(1, std::memory_order_relaxed);
    qint64 suppressed = 0;
    if (m_context.logLimiter->allow(&suppressed))
        qCInfo(lcHttp).noquote() << QStringLiteral("rejected a request from %1 with %2: %3%4")
                                        .arg(m_socket->peerAddress().toString())
                                        .arg(httpStatus(error))
                                        .arg(message, util::suppressedNote(suppressed));
    HttpResponse response = errorResponse(error, message);
    response.closeConnection = true;
    send(response, false, false);
    closeAfterWrite();
}

void HttpSession::closeAfterWrite()
{
    if (!m_socket || m_closing)
        return;
    m_closing = true;
    m_timer->start(kCloseGraceMs);
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost(); // after the queued answer is written
}

void HttpSession::onTimeout()
{
    if (!m_socket || m_finished)
        return;
    if (m_closing) {
        m_socket->abort();
        return;
    }
    if (m_parser.inRequest()) {
        fail(ApiError::RequestTimeout,
             QStringLiteral("request not complete within %1 s").arg(m_context.options->requestTimeoutMs / 1000.0));
        return;
    }
    if (m_requests == 0)
        m_context.counters->silentClosed.fetch_add(1, std::memory_order_relaxed);
    closeAfterWrite(); // silent new connection, or idle keep-alive connection
}

void HttpSession::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    emit finished(this);
    deleteLater();
}

} // namespace tickstock::http
