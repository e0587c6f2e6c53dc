#include "http/streamclient.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

namespace tickstock::http {
namespace {
constexpr int kCloseGraceMs = 2000;
}

StreamClient::StreamClient(QTcpSocket *socket, qint64 maxIncomingFrameBytes, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_reader(maxIncomingFrameBytes)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(64 * 1024);
    m_peer = QStringLiteral("%1:%2").arg(m_socket->peerAddress().toString()).arg(m_socket->peerPort());
    connect(m_socket, &QTcpSocket::readyRead, this, &StreamClient::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &StreamClient::finish);
}

StreamClient::~StreamClient() = default;

void StreamClient::start(const QByteArray &rest)
{
    if (!rest.isEmpty()) {
        m_reader.append(rest);
        onReadyRead();
    }
}

qint64 StreamClient::backlog() const { return m_socket->bytesToWrite(); }

void StreamClient::write(const QByteArray &frames)
{
    if (!m_open)
        return;
    m_socket->write(frames);
    m_socket->flush(); // hand it to the kernel now, so bytesToWrite() is the true backlog
}

void StreamClient::onReadyRead()
{
    m_reader.append(m_socket->readAll());
    ws::FrameReader::Frame frame;
    for (;;) {
        switch (m_reader.next(&frame)) {
        case ws::FrameReader::Status::NeedMore:
            return;
        case ws::FrameReader::Status::Error:
            close(m_reader.errorCode(), m_reader.errorReason());
            return;
        case ws::FrameReader::Status::Frame:
            break;
        }
        if (frame.opcode == ws::Ping) {
            if (m_open) {
                m_socket->write(ws::encodeFrame(ws::Pong, frame.payload));
                m_socket->flush();
            }
        } else if (frame.opcode == ws::Close) {
            if (m_open) { // echo the close (the reader checked its code), then end the TCP connection
                const quint16 code = frame.payload.size() >= 2
                    ? quint16((quint8(frame.payload[0]) << 8) | quint8(frame.payload[1]))
                    : quint16(ws::CloseNormal);
                close(code, {});
            } else {
                m_socket->disconnectFromHost(); // our close was answered
            }
            return;
        }
        // Text, binary, continuation and pong frames carry nothing we need (the reader checked them).
    }
}

void StreamClient::close(quint16 code, const QByteArray &reason)
{
    if (!m_open)
        return;
    m_open = false;
    m_socket->write(ws::closeFrame(code, reason));
    m_socket->flush();
    m_socket->disconnectFromHost();
    m_closeTimer = new QTimer(this);
    m_closeTimer->setSingleShot(true);
    connect(m_closeTimer, &QTimer::timeout, this, &StreamClient::abort);
    m_closeTimer->start(kCloseGraceMs);
}

void StreamClient::abort()
{
    m_open = false;
    m_socket->abort();
    finish();
}

void StreamClient::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_open = false;
    emit gone(this);
    deleteLater();
}

} // namespace tickstock::http
