#pragma once
// One HTTP/1.1 connection on the HTTP thread: reads and parses requests (pipelining, keep-alive,
// size limits, first-byte, request and idle timeouts, back-pressure when the client does not
// read), hands each to the dispatch callback and writes the answer. An accepted WebSocket
// handshake hands the socket over to the live stream. Deletes itself when the connection ends.
//
// Processing never re-enters itself: a write can emit bytesWritten (and disconnected) before it
// returns, so those signals only schedule a queued resume, and the loop re-checks the socket after
// every answer. It serves at most a few requests per turn of the event loop, so a client that
// pipelines thousands of requests cannot hold up the others.

#include "http/httpmessage.h"
#include "http/requestparser.h"
#include "http/serveroptions.h"

#include <QtCore/QObject>
#include <QtNetwork/QHostAddress>

#include <functional>

class QTcpSocket;
class QTimer;

namespace tickstock::util {
class LogLimiter;
}

namespace tickstock::http {

struct HttpCounters;

// What every session shares with the worker that owns it (all outlive the session).
struct SessionContext {
    const ServerOptions *options = nullptr;
    HttpCounters *counters = nullptr;
    util::LogLimiter *logLimiter = nullptr;
    std::function<qint64()> nowMs; // monotonic clock of the worker
};

class HttpSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpSession)
public:
    struct Answer {
        HttpResponse response;
        bool upgrade = false;
    };
    using Handler = std::function<Answer(const HttpRequest &request)>;
    // Takes over the socket after an accepted handshake (Answer::upgrade), with the bytes that
    // followed the handshake.
    using UpgradeHandler = std::function<void(QTcpSocket *socket, const HttpRequest &request, const QByteArray &rest)>;

    HttpSession(QTcpSocket *socket, SessionContext context, Handler handler, UpgradeHandler upgrade, QObject *parent);
    ~HttpSession() override;

    void shutdown(); // flush what is queued, close
    void evict();    // make room for a new connection: close at once, no answer
    // When the last complete request arrived (the accept time before that): the oldest is evicted first.
    qint64 lastActivityMs() const { return m_lastActivityMs; }
    const QHostAddress &prefix() const { return m_prefix; }

signals:
    void finished(HttpSession *session);

private:
    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    void process();
    void scheduleResume();
    bool alive() const; // the socket is ours, connected, and no close was decided
    qint64 send(const HttpResponse &response, bool head, bool keepAlive); // bytes written
    void fail(ApiError error, const QString &message);
    void closeAfterWrite();
    void finish();

    QTcpSocket *m_socket;
    SessionContext m_context;
    Handler m_handler;
    UpgradeHandler m_upgrade;
    RequestParser m_parser;
    QTimer *m_timer;
    QHostAddress m_prefix;
    qint64 m_lastActivityMs = 0;
    int m_requests = 0;
    bool m_inRequest = false;
    bool m_closing = false;
    bool m_finished = false;
    bool m_processing = false;
    bool m_resumeQueued = false;
};

} // namespace tickstock::http
