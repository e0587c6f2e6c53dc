#pragma once
// The status server's objects on the HTTP thread: the listening QTcpServer (a TlsServer for
// HTTPS), the sessions, the dispatcher and the live stream. Created on the owner's thread, moved to the HTTP thread, and
// only ever called there (StatusServer uses blocking queued calls).

#include "http/dispatcher.h"
#include "util/loglimiter.h"
#include "http/routes.h"
#include "http/serveroptions.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QHash>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QSslConfiguration>

#include <functional>
#include <memory>
#include <optional>

class QSslSocket;
class QTcpServer;
class QTcpSocket;

namespace tickstock::feed {
class BatchMailbox;
class FeedControl;
}
namespace tickstock::status {
class StatusSource;
}

namespace tickstock::http {

class HttpSession;
class LiveStream;
struct HttpCounters;

struct WorkerSetup {
    ServerOptions options;
    DispatcherConfig dispatcher;
    status::StatusSource *status = nullptr;
    feed::BatchMailbox *ticks = nullptr;
    feed::FeedControl *control = nullptr;
    HttpCounters *counters = nullptr;
    std::optional<QSslConfiguration> tls; // set: serve HTTPS and wss:// only
};

class HttpWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpWorker)
public:
    explicit HttpWorker(WorkerSetup setup);
    ~HttpWorker() override;

    // On the HTTP thread. The bound port, or 0 with *error set.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);
    void shutdown();
    // HTTPS only: the credentials of every later handshake; open connections keep theirs.
    void setTlsConfiguration(const QSslConfiguration &configuration);

private:
    struct Handshake {
        QHostAddress prefix;
        qint64 startedMs = 0;
        quint64 order = 0;
    };

    void onNewConnection();
    void onHandshakeStarting(QSslSocket *socket);
    void onHandshakeFailed(QSslSocket *socket, const QString &reason);
    bool makeRoom(const QHostAddress &prefix); // false: over a limit and nothing to evict
    Dispatcher::Result handle(const HttpRequest &request);
    void upgrade(QTcpSocket *socket, const HttpRequest &request, const QByteArray &rest);

    WorkerSetup m_setup;
    Dispatcher m_dispatcher;
    util::LogLimiter m_logLimiter;
    QTcpServer *m_server = nullptr;  // created in listen(), on the HTTP thread
    LiveStream *m_stream = nullptr;  // likewise
    QHash<HttpSession *, quint64> m_sessions; // value: accept order, the tie-break for eviction
    QHash<QSslSocket *, Handshake> m_handshakes; // admitted, not yet encrypted (owned by the TlsServer)
    quint64 m_accepted = 0;
    QElapsedTimer m_clock;
};

} // namespace tickstock::http
