#pragma once
// Helpers for the HTTP status server tests: real requests over loopback (QNetworkAccessManager
// and raw sockets), hand-built snapshots, a log capture, and a live-stream client that records
// every event with its arrival time.

#include "status/tickupdate.h"
#include "loopback.h"
#include "status/snapshotstore.h"
#include "status/statussnapshot.h"
#include "config/monitorconfig.h"
#include "http/serveroptions.h"
#include "http/statusserver.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMutex>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

#include <unistd.h>

#include <memory>

namespace httptest {

using namespace tickstock;

// ---- snapshots -------------------------------------------------------------------------------

inline status::ConnectionSnapshot connection(int id, const QString &name, status::ConnectionPhase phase,
                                             const QStringList &tickers)
{
    status::ConnectionSnapshot c;
    c.id = id;
    c.name = name;
    c.enabled = phase != status::ConnectionPhase::Disabled;
    c.phase = phase;
    c.status = status::statusOf(phase);
    c.detail = status::phaseName(phase);
    c.url = QStringLiteral("wss://socket.massive.com/stocks");
    c.tickers = tickers;
    c.channels = {QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("AM")};
    c.universeKey = QStringLiteral("market_leaders:top_50");
    c.tickerSource = QStringLiteral("universe:market_leaders:top_50");
    return c;
}

// Three connections (streaming, streaming, disabled) with ticks for AAPL and JPM.
inline std::shared_ptr<status::StatusSnapshot> sampleSnapshot(qint64 nowMs = QDateTime::currentMSecsSinceEpoch())
{
    auto s = std::make_shared<status::StatusSnapshot>();
    s->timestampMs = nowMs;
    s->mode = QStringLiteral("multi");
    s->version = QStringLiteral("0.1.0");
    s->apiKeySet = true;
    auto a = connection(1, QStringLiteral("primary"), status::ConnectionPhase::Streaming,
                        {QStringLiteral("AAPL"), QStringLiteral("NVDA"), QStringLiteral("BRK.B")});
    a.connectedSinceMs = nowMs - 60'000;
    a.messageCount = 750;
    a.messagesPerSecond = 25.25;
    a.frames = 300;
    a.bytesReceived = 123456;
    a.errorCount = 2;
    a.parseErrors = 1;
    a.reconnectCount = 1;
    a.lastMessageMs = nowMs - 100;
    a.subscriptionsAcked = 9;
    a.latencyP50Ms = 1.5;
    a.latencyP99Ms = 4.0;
    auto b = connection(2, QStringLiteral("secondary"), status::ConnectionPhase::Streaming, {QStringLiteral("JPM")});
    b.connectedSinceMs = nowMs - 30'000;
    b.messageCount = 250;
    auto c = connection(3, QStringLiteral("tertiary"), status::ConnectionPhase::Disabled, {});
    s->connections = {a, b, c};
    std::vector<status::TickUpdate> ticks;
    status::TickUpdate t;
    t.symbol = QStringLiteral("AAPL");
    t.connection = 1;
    t.price = 178.25;
    t.bid = 178.2;
    t.ask = 178.3;
    t.volume = 1200;
    t.tickCount = 42;
    t.eventTimeMs = nowMs - 200;
    t.receivedMs = nowMs - 199;
    t.direction = 1;
    ticks.push_back(t);
    t.symbol = QStringLiteral("JPM");
    t.connection = 2;
    t.price = 150.5;
    t.direction = -1;
    ticks.push_back(t);
    s->tickers = std::make_shared<const status::TickerTable>(std::move(ticks));
    return s;
}

// ---- servers ---------------------------------------------------------------------------------

inline config::HttpConfig httpConfig(const QString &token = {}, const QString &bind = QStringLiteral("127.0.0.1"), int port = 0)
{
    config::HttpConfig c;
    c.bind = bind;
    c.port = port;
    c.token = token;
    return c;
}

// A server over a store fed with hand-built snapshots.
struct SnapshotServer {
    explicit SnapshotServer(const QString &token = {}, http::ServerOptions options = {})
    {
        store.publish(sampleSnapshot());
        server = std::make_unique<http::StatusServer>(httpConfig(token), &source, nullptr, nullptr, QStringList{});
        source.setHttp([s = server.get()] { return s->status(); });
        server->setOptions(options);
        QString error;
        if (!server->start(&error))
            qFatal("status server: %s", qPrintable(error));
    }
    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(pathAndQuery));
    }
    status::SnapshotStore store;
    status::StatusSource source{&store};
    std::unique_ptr<http::StatusServer> server;
};

// ---- HTTP over QNetworkAccessManager ---------------------------------------------------------

struct Reply {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
};

class Client final {
public:
    Client() { m_nam.setProxy(QNetworkProxy::NoProxy); }

    Reply request(const QUrl &url, const QByteArray &method = QByteArrayLiteral("GET"),
                  const QList<std::pair<QByteArray, QByteArray>> &headers = {}, const QByteArray &body = {})
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            qWarning("request %s %s timed out", method.constData(), qPrintable(url.toString()));
        Reply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.error = reply->error();
        r.body = reply->readAll();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            r.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return r;
    }

    Reply get(const QUrl &url, const QByteArray &token = {})
    {
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!token.isEmpty())
            headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token});
        return request(url, QByteArrayLiteral("GET"), headers);
    }

private:
    QNetworkAccessManager m_nam;
};

// ---- raw sockets -----------------------------------------------------------------------------

struct RawReply {
    QByteArray bytes;
    bool closedByServer = false;
    int status() const
    {
        const QList<QByteArray> parts = bytes.left(bytes.indexOf("\r\n")).split(' ');
        return parts.size() >= 2 ? parts.at(1).toInt() : 0;
    }
    QByteArray body() const
    {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        return end < 0 ? QByteArray() : bytes.mid(end + 4);
    }
    QByteArray head() const { return bytes.left(bytes.indexOf("\r\n\r\n")); }
};

// Appends what arrives on `socket` to `bytes` until the server closes (true) or `timeoutMs` passes.
inline bool readUntilClosed(QTcpSocket &socket, QByteArray &bytes, int timeoutMs)
{
    bool closed = false;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            closed = true;
            break;
        }
        if (socket.waitForReadyRead(int(qMax<qint64>(1, timeoutMs - timer.elapsed()))))
            bytes += socket.readAll();
    }
    bytes += socket.readAll();
    return closed;
}

// Writes `request` and reads until the server closes or `timeoutMs` passes.
inline RawReply rawExchange(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(3000))
        return {};
    socket.write(request);
    socket.waitForBytesWritten(3000);
    RawReply r;
    r.closedByServer = readUntilClosed(socket, r.bytes, timeoutMs);
    return r;
}

// A blocking POSIX client socket with a tiny receive buffer that never reads: the slowest possible
// subscriber.
class StuckClient final {
public:
    explicit StuckClient(quint16 port, const QByteArray &request)
    {
        m_fd = loopback::connectTo(port, 4096);
        m_connected = m_fd >= 0;
        if (m_connected)
            m_connected = ::send(m_fd, request.constData(), size_t(request.size()), 0) == request.size();
    }
    ~StuckClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool connected() const { return m_connected; }

private:
    int m_fd = -1;
    bool m_connected = false;
};

inline QByteArray handshake(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return QByteArrayLiteral("GET ") + target
        + QByteArrayLiteral(" HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
        + extraHeaders + QByteArrayLiteral("\r\n");
}

// ---- live stream client ----------------------------------------------------------------------

struct StreamEvent {
    QString event;
    QJsonObject data;
    qint64 atMs = 0; // arrival, on the client's clock
};

class StreamRecorder final : public QObject {
public:
    explicit StreamRecorder(const QUrl &url, const QByteArray &token = {})
    {
        m_clock.start();
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
            events.append({o.value(QStringLiteral("event")).toString(), o.value(QStringLiteral("data")).toObject(),
                           m_clock.elapsed()});
        });
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + token);
        socket.setProxy(QNetworkProxy::NoProxy);
        socket.open(request);
    }
    bool isOpen() const { return socket.state() == QAbstractSocket::ConnectedState; }
    qint64 now() const { return m_clock.elapsed(); }
    QList<StreamEvent> named(const QString &name) const
    {
        QList<StreamEvent> out;
        for (const StreamEvent &e : events) {
            if (e.event == name)
                out.append(e);
        }
        return out;
    }
    int count(const QString &name) const { return int(named(name).size()); }

    QWebSocket socket;
    QList<StreamEvent> events;

private:
    QElapsedTimer m_clock;
};

// ---- log capture -----------------------------------------------------------------------------

class LogCapture final {
public:
    LogCapture()
    {
        s_self = this;
        m_previous = qInstallMessageHandler(&LogCapture::handler);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        s_self = nullptr;
    }
    QStringList lines() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lines;
    }
    bool contains(const QString &text) const
    {
        for (const QString &line : lines()) {
            if (line.contains(text))
                return true;
        }
        return false;
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (LogCapture *self = s_self) {
            {
                QMutexLocker lock(&self->m_mutex);
                self->m_lines.append(QString::fromLatin1(context.category ? context.category : "default") + u' ' + message);
            }
            if (self->m_previous)
                self->m_previous(type, context, message);
        }
    }
    static inline LogCapture *s_self = nullptr;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QStringList m_lines;
};

// ---- promtool --------------------------------------------------------------------------------

// Runs `promtool check metrics` on the text; returns its complaints (empty = clean).
inline QString promtoolProblems(const QByteArray &metrics)
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        return QStringLiteral("promtool not found: run scripts/install-deps (Debian package `prometheus`)");
    QProcess p;
    p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    if (!p.waitForStarted(5000))
        return QStringLiteral("promtool did not start");
    p.write(metrics);
    p.closeWriteChannel();
    if (!p.waitForFinished(20000))
        return QStringLiteral("promtool did not finish");
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed();
    if (p.exitCode() != 0 || !out.isEmpty())
        return QStringLiteral("promtool exit %1: %2").arg(p.exitCode()).arg(out);
    return {};
}

} // namespace httptest
