#pragma once
// The HTTPS listener: a QSslServer that asks before it spends anything on a connection and reports
// every admitted one while it still handshakes. QSslServer keeps a handshaking socket to itself
// until it is encrypted; the worker needs it earlier, so that handshakes count against the
// connection limits and get a deadline (otherwise silent TLS connections would be free).

#include <QtNetwork/QSslServer>

#include <functional>

namespace tickstock::http {

class TlsServer final : public QSslServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsServer)
public:
    // admit: false closes the new connection at once (no TLS state is created for it).
    using Admission = std::function<bool(const QHostAddress &peer)>;
    TlsServer(Admission admit, QObject *parent);

signals:
    // An admitted connection, still owned by the QSslServer; it is deleted when its handshake fails
    // and comes out of nextPendingConnection() when it succeeds.
    void handshakeStarting(QSslSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Admission m_admit;
};

} // namespace tickstock::http
