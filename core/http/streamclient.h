#pragma once
// One live-stream subscriber after the WebSocket handshake: writes pre-encoded frames, answers
// pings and the close handshake, discards data frames, and reports its unsent backlog.

#include "http/wsframe.h"

#include <QtCore/QObject>
#include <QtNetwork/QHostAddress>

class QTcpSocket;
class QTimer;

namespace tickstock::http {

class StreamClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamClient)
public:
    StreamClient(QTcpSocket *socket, qint64 maxIncomingFrameBytes, QObject *parent);
    ~StreamClient() override;

    void start(const QByteArray &rest); // process bytes that followed the handshake
    bool isOpen() const { return m_open; }
    qint64 backlog() const;             // bytes queued but not yet taken by the kernel
    void write(const QByteArray &frames);
    void close(quint16 code, const QByteArray &reason); // close frame, then FIN (abort after a grace period)
    void abort();
    QString peer() const { return m_peer; }

    qint64 overSinceMs = -1; // LiveStream bookkeeping: since when over the skip mark (-1: not)
    qint64 framesSkipped = 0;

signals:
    void gone(StreamClient *client);

private:
    void onReadyRead();
    void finish();

    QTcpSocket *m_socket;
    ws::FrameReader m_reader;
    QTimer *m_closeTimer = nullptr;
    QString m_peer;
    bool m_open = true;
    bool m_finished = false;
};

} // namespace tickstock::http
