#include "http/httpsession.h"

#include "http/httpcounters.h"
#include "http/loglimiter.h"
#include "util/logging.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

namespace tickstock::http {
namespace {
constexpr int kCloseGraceMs = 5000;    // a client that does not take our last answer is aborted
constexpr qint64 kReadChunk = 64 * 1024; // Qt stops reading the kernel beyond this: TCP back-pressure
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
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadChunk);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &HttpSession::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpSession::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpSession::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpSession::finish);
    m_timer->start(m_context.options->idleTimeoutMs);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpSession::onReadyRead, Qt::QueuedConnection);
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

void HttpSession::onReadyRead()
{
    if (!m_socket || m_closing)
        return;
    if (m_socket->bytesToWrite() > m_context.options->maxPendingResponseBytes)
        return; // resumed from onBytesWritten
    m_parser.append(m_socket->readAll());
    process();
}

void HttpSession::onBytesWritten()
{
    if (!m_socket || m_closing)
        return;
    if (m_socket->bytesToWrite() <= m_context.options->maxPendingResponseBytes
        && (m_parser.bufferedBytes() > 0 || m_socket->bytesAvailable() > 0))
        onReadyRead();
}

void HttpSession::process()
{
    while (m_socket && !m_closing) {
        if (m_socket->bytesToWrite() > m_context.options->maxPendingResponseBytes)
            return; // back-pressure: the client is not reading its answers
        HttpRequest request;
        switch (m_parser.next(&request)) {
        case RequestParser::Status::NeedMore:
            if (m_parser.inRequest()) {
                if (!m_inRequest) { // the timeout runs from the first byte, not the last
                    m_inRequest = true;
                    m_timer->start(m_context.options->requestTimeoutMs);
                }
            } else if (m_inRequest || !m_timer->isActive()) {
                m_inRequest = false;
                m_timer->start(m_context.options->idleTimeoutMs);
            }
            return;
        case RequestParser::Status::Error:
            fail(m_parser.error(), m_parser.errorMessage());
            return;
        case RequestParser::Status::Complete:
            break;
        }
        ++m_requests;
        m_inRequest = false;
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
            return;
        }
        // A refused WebSocket handshake leaves the client expecting frames: end the connection.
        const bool keepAlive = request.keepAlive() && !answer.response.closeConnection && !request.isWebSocketUpgrade();
        send(answer.response, request.method == "HEAD", keepAlive);
        m_context.counters->observeDuration(spent.nsecsElapsed());
        if (!keepAlive) {
            closeAfterWrite();
            return;
        }
    }
}

void HttpSession::send(const HttpResponse &response, bool head, bool keepAlive)
{
    m_context.counters->countResponse(response.status);
    m_socket->write(serializeResponse(response, head, keepAlive));
    m_socket->flush();
}

void HttpSession::fail(ApiError error, const QString &message)
{
    if (!m_socket)
        return;
    m_context.counters->malformedRequests.fetch_add(1, std::memory_order_relaxed);
    qint64 suppressed = 0;
    if (m_context.logLimiter->allow(&suppressed))
        qCInfo(lcHttp).noquote() << QStringLiteral("rejected a request from %1 with %2: %3%4")
                                        .arg(m_socket->peerAddress().toString())
                                        .arg(httpStatus(error))
                                        .arg(message, suppressedNote(suppressed));
    HttpResponse response = errorResponse(error, message);
    response.closeConnection = true;
    send(response, false, false);
    closeAfterWrite();
}

void HttpSession::closeAfterWrite()
{
    m_closing = true;
    m_timer->start(kCloseGraceMs);
    m_socket->disconnectFromHost(); // after the queued answer is written
}

void HttpSession::onTimeout()
{
    if (!m_socket)
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
    closeAfterWrite(); // idle keep-alive connection
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
