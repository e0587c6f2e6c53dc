#pragma once
// One HTTP/1.1 connection on the HTTP thread: reads and parses requests (pipelining, keep-alive,
// size limits, request and idle timeouts, back-pressure when the client does not read), hands each
// to the dispatch callback and writes the answer. An accepted WebSocket handshake hands the socket
// over to the live stream. Deletes itself when the connection ends.

#include "http/httpmessage.h"
#include "http/requestparser.h"
#include "http/serveroptions.h"

#include <QtCore/QObject>

#include <functional>

class QTcpSocket;
class QTimer;

namespace tickstock::http {

struct HttpCounters;
class LogLimiter;

// What every session shares with the worker that owns it (all outlive the session).
struct SessionContext {
    const ServerOptions *options = nullptr;
    HttpCounters *counters = nullptr;
    LogLimiter *logLimiter = nullptr;
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

signals:
    void finished(HttpSession *session);

private:
    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    void process();
    void send(const HttpResponse &response, bool head, bool keepAlive);
    void fail(ApiError error, const QString &message);
    void closeAfterWrite();
    void finish();

    QTcpSocket *m_socket;
    SessionContext m_context;
    Handler m_handler;
    UpgradeHandler m_upgrade;
    RequestParser m_parser;
    QTimer *m_timer;
    int m_requests = 0;
    bool m_inRequest = false;
    bool m_closing = false;
    bool m_finished = false;
};

} // namespace tickstock::http
