#include "http/tlsserver.h"

#include <sys/socket.h>
#include <unistd.h>

namespace tickstock::http {

TlsServer::TlsServer(Admission admit, QObject *parent)
    : QSslServer(parent)
    , m_admit(std::move(admit))
{
}

void TlsServer::incomingConnection(qintptr descriptor)
{
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    const QHostAddress address = ::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&peer), &length) == 0
                                     ? QHostAddress(reinterpret_cast<const sockaddr *>(&peer))
                                     : QHostAddress();
    if (!m_admit(address)) {
        ::close(int(descriptor));
        return;
    }
    QSslServer::incomingConnection(descriptor);
    // QSslServer made the socket a child of ours and gave it no other handle: find it by descriptor.
    const QList<QSslSocket *> sockets = findChildren<QSslSocket *>(Qt::FindDirectChildrenOnly);
    for (QSslSocket *socket : sockets) {
        if (socket->socketDescriptor() == descriptor) {
            emit handshakeStarting(socket);
            return;
        }
    }
}

} // namespace tickstock::http
