#include "sim/wsserver.h"

#include "util/logging.h"
#include "util/utf8validator.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <sys/socket.h>

#include <utility>

namespace tickstock::sim {

namespace {
constexpr qsizetype kMaxRequestHeaderBytes = 16 * 1024;

bool headerHasToken(const QByteArray &value, const QByteArray &token)
{
    for (const QByteArray &part : value.split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isValidUtf8(const QByteArray &data)
{
    util::Utf8Validator validator;
    return validator.feed(data) && validator.complete();
}
} // namespace

// ---------------------------------------------------------------------------------------------

WsConnection::WsConnection(QTcpSocket *socket, quint64 id, const WsOptions &options, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_timer(new QTimer(this))
    , m_options(options)
    , m_frames(ws::FrameReader::Limits{.maxMessagePayload = options.maxMessageBytes})
    , m_id(id)
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_options.sendBufferBytes > 0)
        m_socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, m_options.sendBufferBytes);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &WsConnection::onCloseTimeout);
    m_timer->start(m_options.handshakeTimeoutMs);
    connect(m_socket, &QTcpSocket::readyRead, this, &WsConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &WsConnection::onSocketDisconnected);
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &WsConnection::onReadyRead);
}

WsConnection::~WsConnection() = default;

QHostAddress WsConnection::peerAddress() const { return m_socket->peerAddress(); }

quint16 WsConnection::peerPort() const { return m_socket->peerPort(); }

qint64 WsConnection::bytesToWrite() const { return m_socket->bytesToWrite(); }

qint64 WsConnection::sendText(std::string_view utf8)
{
    if (m_state != State::Open || m_frozen)
        return 0;
    return writeFrame(ws::Text, utf8);
}

qint64 WsConnection::sendBinary(std::string_view data)
{
    if (m_state != State::Open || m_frozen)
        return 0;
    return writeFrame(ws::Binary, data);
}

qint64 WsConnection::sendEncodedFrame(const QByteArray &frame)
{
    if (m_state != State::Open || m_frozen)
        return 0;
    return m_socket->write(frame);
}

void WsConnection::flush()
{
    if (m_state != State::Closed)
        m_socket->flush();
}

qint64 WsConnection::writeFrame(ws::Opcode opcode, std::string_view payload)
{
    QByteArray header;
    header.reserve(10);
    ws::appendFrameHeader(header, opcode, payload.size());
    qint64 written = m_socket->write(header);
    if (!payload.empty())
        written += m_socket->write(payload.data(), static_cast<qint64>(payload.size()));
    return written;
}

void WsConnection::close(quint16 code, const QByteArray &reason)
{
    if (m_state != State::Open)
        return;
    const QByteArray payload = ws::closePayload(code, reason);
    writeFrame(ws::Close, std::string_view(payload.constData(), static_cast<size_t>(payload.size())));
    m_socket->flush();
    m_state = State::Closing;
    m_timer->start(m_options.closeTimeoutMs);
}

void WsConnection::abort()
{
    if (m_state == State::Closed)
        return;
    m_socket->flush();
    const qintptr fd = m_socket->socketDescriptor();
    if (fd >= 0) {
        // SO_LINGER with a zero timeout turns close() into a reset: an abrupt drop, no FIN handshake.
        struct linger lingerOption = {1, 0};
        ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &lingerOption, sizeof lingerOption);
    }
    m_socket->abort();
    finish();
}

void WsConnection::setFrozen(bool frozen)
{
    m_frozen = frozen;
    if (frozen) {
        m_in.clear();
        m_frames.reset();
        m_message.clear();
    }
}

void WsConnection::onReadyRead()
{
    if (m_state == State::Closed)
        return;
    if (m_frozen) {
        m_socket->readAll(); // discard: a frozen peer neither reads nor answers
        return;
    }
    const QByteArray data = m_socket->readAll();
    if (m_state == State::Handshake) {
        m_in.append(data);
        if (!processHandshake())
            return;
        m_frames.append(std::exchange(m_in, {})); // frames right behind the handshake
    } else {
        m_frames.append(data);
    }
    if (m_state == State::Open || m_state == State::Closing)
        processFrames();
}

void WsConnection::onSocketDisconnected() { finish(); }

void WsConnection::onCloseTimeout()
{
    if (m_state == State::Handshake)
        qCDebug(lcSim) << "connection" << m_id << "handshake timed out";
    else
        qCDebug(lcSim) << "connection" << m_id << "close handshake timed out, aborting";
    abort();
}

void WsConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_state = State::Closed;
    m_timer->stop();
    emit disconnected();
    deleteLater();
}

void WsConnection::rejectHttp(int statusCode, const char *reason, const QByteArray &extraHeaders)
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(statusCode) + ' ' + reason + "\r\n";
    response += extraHeaders;
    response += "Content-Length: 0\r\nConnection: close\r\n\r\n";
    m_socket->write(response);
    m_state = State::Closing;
    m_in.clear();
    emit httpRejected(statusCode);
    m_socket->disconnectFromHost();
    if (m_state != State::Closed)
        m_timer->start(m_options.closeTimeoutMs);
}

bool WsConnection::processHandshake()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > kMaxRequestHeaderBytes)
            rejectHttp(431, "Request Header Fields Too Large");
        return false;
    }
    const QByteArray head = m_in.left(end);
    m_in.remove(0, end + 4);

    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        rejectHttp(400, "Bad Request");
        return false;
    }
    QByteArray path = requestLine[1];
    if (const qsizetype query = path.indexOf('?'); query >= 0)
        path.truncate(query);
    if (path != m_options.path) {
        rejectHttp(404, "Not Found");
        return false;
    }
    if (requestLine[0] != "GET") {
        rejectHttp(405, "Method Not Allowed", "Allow: GET\r\n");
        return false;
    }
    QByteArray upgrade, connection, key, version;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "upgrade")
            upgrade = value;
        else if (name == "connection")
            connection += (connection.isEmpty() ? "" : ",") + value;
        else if (name == "sec-websocket-key")
            key = value;
        else if (name == "sec-websocket-version")
            version = value;
    }
    if (!headerHasToken(upgrade, "websocket") || !headerHasToken(connection, "upgrade") || key.isEmpty()
        || QByteArray::fromBase64(key).size() != 16) {
        rejectHttp(400, "Bad Request");
        return false;
    }
    if (version != "13") {
        rejectHttp(426, "Upgrade Required", "Sec-WebSocket-Version: 13\r\n");
        return false;
    }
    m_socket->write("HTTP/1.1 101 Switching Protocols\r\n"
                    "Upgrade: websocket\r\n"
                    "Connection: Upgrade\r\n"
                    "Sec-WebSocket-Accept: " + ws::acceptKey(key) + "\r\n\r\n");
    m_timer->stop();
    m_state = State::Open;
    emit opened();
    return m_state == State::Open;
}

void WsConnection::processFrames()
{
    ws::FrameReader::Frame frame;
    while (m_state == State::Open || m_state == State::Closing) {
        const ws::FrameReader::Status status = m_frames.next(&frame);
        if (status == ws::FrameReader::Status::NeedMore)
            return;
        if (status == ws::FrameReader::Status::Error) {
            const ws::FrameReader::Error error = m_frames.error();
            failConnection(error == ws::FrameReader::Error::MessageTooBig ? ws::CloseTooBig : ws::CloseProtocolError,
                           ws::FrameReader::errorText(error));
            return;
        }
        const QByteArray &payload = frame.payload;
        switch (frame.opcode) {
        case ws::Ping:
            if (m_state == State::Open && !m_frozen)
                writeFrame(ws::Pong, std::string_view(payload.constData(), static_cast<size_t>(payload.size())));
            break;
        case ws::Pong:
            break;
        case ws::Close:
            handleClose(payload);
            break;
        case ws::Text:
        case ws::Binary:
        case ws::Continuation: {
            m_message.append(payload);
            if (!frame.fin)
                break;
            const QByteArray message = std::exchange(m_message, {});
            if (m_state != State::Open)
                break; // data after our close frame is ignored
            if (frame.messageOpcode == ws::Text) {
                if (!isValidUtf8(message)) {
                    failConnection(ws::CloseInvalidPayload, "invalid UTF-8");
                    return;
                }
                emit textMessageReceived(message);
            } else {
                emit binaryMessageReceived(message);
            }
            break;
        }
        }
        if (m_frozen)
            return; // frozen by a handler: everything else is discarded
    }
}

void WsConnection::handleClose(const QByteArray &payload)
{
    // Lenient on purpose: any code and reason is echoed, only a 1-byte payload is malformed.
    if (ws::parseClosePayload(payload).problem == ws::ClosePayload::Problem::OneByte) {
        failConnection(ws::CloseProtocolError, "bad close payload");
        return;
    }
    if (m_state == State::Open) {
        // Peer-initiated: echo its code, then close TCP once the echo is written.
        writeFrame(ws::Close, std::string_view(payload.constData(), static_cast<size_t>(qMin<qsizetype>(payload.size(), 2))));
        m_state = State::Closing;
    }
    m_socket->disconnectFromHost();
    if (m_state != State::Closed)
        m_timer->start(m_options.closeTimeoutMs);
}

void WsConnection::failConnection(quint16 code, const QByteArray &reason)
{
    qCDebug(lcSim) << "connection" << m_id << "protocol failure:" << reason;
    if (m_state == State::Open) {
        close(code, reason);
    }
    m_in.clear();
    m_frames.reset();
    m_socket->disconnectFromHost();
    if (m_state != State::Closed)
        m_timer->start(m_options.closeTimeoutMs);
}

// ---------------------------------------------------------------------------------------------

WsServer::WsServer(const WsOptions &options, QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_options(options)
{
    connect(m_server, &QTcpServer::newConnection, this, &WsServer::onNewTcpConnection);
}

WsServer::~WsServer() = default;

bool WsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_server->listen(address, port))
        return true;
    if (error)
        *error = m_server->errorString();
    return false;
}

void WsServer::close() { m_server->close(); }

bool WsServer::isListening() const { return m_server->isListening(); }

quint16 WsServer::port() const { return m_server->serverPort(); }

QHostAddress WsServer::address() const { return m_server->serverAddress(); }

void WsServer::onNewTcpConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new WsConnection(socket, m_nextId++, m_options, this);
        connect(connection, &WsConnection::opened, this, [this, connection] { emit newConnection(connection); });
        connect(connection, &WsConnection::httpRejected, this, &WsServer::httpRejected);
    }
}

} // namespace tickstock::sim
