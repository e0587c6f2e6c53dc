#pragma once
// A minimal RFC 6455 server over QTcpServer/QTcpSocket. We do not use QWebSocketServer because the
// simulator must be able to freeze a connection (stop answering pings), abort it without a close
// frame, write pre-encoded frames and observe its outbound backlog.
//
// Supported: the HTTP upgrade on one path (any Host header; 404 for other paths), client frames
// read by the shared codec (util/wscodec.h: fragmentation with interleaved control frames,
// 16/64-bit lengths, a maximum message size, answered with close 1009), ping -> pong, and both
// directions of the close handshake. No extensions, no subprotocols.

#include "util/wscodec.h"

#include <QtCore/QByteArray>
#include <QtCore/QObject>
#include <QtNetwork/QHostAddress>

#include <string_view>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace tickstock::sim {

namespace ws = util::ws; // the shared RFC 6455 codec

struct WsOptions {
    QByteArray path = QByteArrayLiteral("/stocks"); // the only path that upgrades
    qint64 maxMessageBytes = 4 * 1024 * 1024;
    int closeTimeoutMs = 2'000;
    int handshakeTimeoutMs = 10'000;
    int sendBufferBytes = 0; // SO_SNDBUF, 0 = OS default
};

// One accepted TCP connection, from the HTTP upgrade to the end. Deletes itself (deleteLater)
// after emitting disconnected().
class WsConnection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsConnection)
public:
    enum class State { Handshake, Open, Closing, Closed };

    WsConnection(QTcpSocket *socket, quint64 id, const WsOptions &options, QObject *parent);
    ~WsConnection() override;

    quint64 id() const { return m_id; }
    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    QHostAddress peerAddress() const;
    quint16 peerPort() const;

    // Bytes accepted by write() but not yet handed to the kernel: the outbound backlog.
    qint64 bytesToWrite() const;

    // Sending is a no-op unless the connection is open and not frozen. Each returns the number
    // of bytes queued (header included), 0 when nothing was sent.
    qint64 sendText(std::string_view utf8);
    qint64 sendBinary(std::string_view data);
    qint64 sendEncodedFrame(const QByteArray &frame); // a frame built with ws::encodeFrame & co.
    void flush(); // hand as much as possible to the kernel now, without blocking

    // Starts the close handshake; aborts if the peer does not answer within closeTimeoutMs.
    void close(quint16 code, const QByteArray &reason = {});
    // Drops the TCP connection at once with a reset: no close frame, unsent data discarded
    // (after a best-effort, non-blocking flush).
    void abort();
    // A frozen connection reads and discards everything, sends nothing (no pongs either) and
    // keeps the TCP connection open.
    void setFrozen(bool frozen);

signals:
    void opened();                                   // the 101 response is queued
    void textMessageReceived(const QByteArray &message);
    void binaryMessageReceived(const QByteArray &message);
    void disconnected();                             // then the object deletes itself
    void httpRejected(int statusCode);               // the upgrade was refused

private:
    void onReadyRead();
    void onSocketDisconnected();
    void onCloseTimeout();
    bool processHandshake();
    void processFrames();
    void rejectHttp(int statusCode, const char *reason, const QByteArray &extraHeaders = {});
    void handleClose(const QByteArray &payload);
    void failConnection(quint16 code, const QByteArray &reason);
    qint64 writeFrame(ws::Opcode opcode, std::string_view payload);
    void finish();

    QTcpSocket *m_socket = nullptr;
    QTimer *m_timer = nullptr; // handshake timeout, then close timeout
    WsOptions m_options;
    QByteArray m_in;           // the unparsed handshake
    ws::FrameReader m_frames;  // client frames once the connection is open
    QByteArray m_message;      // fragments of the current data message
    quint64 m_id = 0;
    State m_state = State::Handshake;
    bool m_frozen = false;
    bool m_finished = false;
};

// Listens and upgrades connections; emits newConnection() for each completed upgrade. The
// connection stays a child of the server until it deletes itself.
class WsServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsServer)
public:
    explicit WsServer(const WsOptions &options, QObject *parent = nullptr);
    ~WsServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    void close(); // stops listening; open connections are not touched
    bool isListening() const;
    quint16 port() const;
    QHostAddress address() const;

signals:
    void newConnection(tickstock::sim::WsConnection *connection); // upgraded and open
    void httpRejected(int statusCode);

private:
    void onNewTcpConnection();

    QTcpServer *m_server = nullptr;
    WsOptions m_options;
    quint64 m_nextId = 1;
};

} // namespace tickstock::sim
