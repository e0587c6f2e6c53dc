#pragma once
// Helpers shared by the tst_feedsim_* tests: a QWebSocket client that records and parses every
// frame, a raw TCP client that speaks RFC 6455 by hand (to see close frames, aborts, pipelined
// handshakes, or to stop reading), and a simulator factory. Frames are parsed with QJsonDocument:
// the tests must not depend on the project's codec.

#include "sim/feedsimulator.h"
#include "sim/simconfig.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtCore/QtEndian>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

#include <memory>

namespace feedsimtest {

using tickstock::sim::FeedSimulator;
using tickstock::sim::SimConfig;

// Statuses the server may ever send (docs/protocol.md).
inline const QSet<QString> &allowedStatuses()
{
    static const QSet<QString> allowed = {
        QStringLiteral("connected"),       QStringLiteral("auth_success"),   QStringLiteral("auth_failed"),
        QStringLiteral("auth_timeout"),    QStringLiteral("auth_required"),  QStringLiteral("success"),
        QStringLiteral("error"),           QStringLiteral("max_connections"), QStringLiteral("force_disconnect"),
        QStringLiteral("slow_consumer"),
    };
    return allowed;
}

inline SimConfig testConfig()
{
    SimConfig config;
    config.seed = 42;
    return config;
}

inline std::unique_ptr<FeedSimulator> startSimulator(const SimConfig &config)
{
    auto simulator = std::make_unique<FeedSimulator>(config);
    QString error;
    if (!simulator->listen(&error))
        qFatal("simulator cannot listen: %s", qPrintable(error));
    return simulator;
}

inline QByteArray clientMessage(const char *action, const QString &params)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("action"), QString::fromLatin1(action)},
                                     {QStringLiteral("params"), params}})
        .toJson(QJsonDocument::Compact);
}

// A QWebSocket that records every frame it receives.
class Client final {
    Q_DISABLE_COPY_MOVE(Client)
public:
    explicit Client(const QUrl &url)
        : m_socket(std::make_unique<QWebSocket>())
    {
        QWebSocket *socket = m_socket.get();
        QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [this](const QString &message) {
            const QByteArray utf8 = message.toUtf8();
            texts << utf8;
            frameIsBinary << false;
            const QJsonDocument document = QJsonDocument::fromJson(utf8);
            if (document.isArray()) {
                arrays << document.array();
                for (const QJsonValue &value : document.array()) {
                    const QJsonObject event = value.toObject();
                    events << event;
                    if (event.value(QLatin1String("ev")).toString() == QLatin1String("status"))
                        statuses << event;
                }
            } else {
                arrays << QJsonArray();
            }
        });
        QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                         [this](const QByteArray &message) {
                             binaries << message;
                             frameIsBinary << true;
                         });
        QObject::connect(socket, &QWebSocket::pong, socket, [this] { ++pongs; });
        QObject::connect(socket, &QWebSocket::disconnected, socket, [this] { disconnected = true; });
        socket->open(url);
    }

    ~Client() { QObject::disconnect(m_socket.get(), nullptr, nullptr, nullptr); }

    QWebSocket *socket() const { return m_socket.get(); }
    bool isConnected() const { return m_socket->state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &text) { m_socket->sendTextMessage(QString::fromUtf8(text)); }
    void auth(const QString &key = QStringLiteral("demo")) { send(clientMessage("auth", key)); }
    void subscribe(const QString &params) { send(clientMessage("subscribe", params)); }
    void unsubscribe(const QString &params) { send(clientMessage("unsubscribe", params)); }

    bool hasStatus(const QString &status, const QString &message = {}) const
    {
        for (const QJsonObject &event : statuses) {
            if (event.value(QLatin1String("status")).toString() == status
                && (message.isNull() || event.value(QLatin1String("message")).toString() == message))
                return true;
        }
        return false;
    }
    int statusCount(const QString &status) const
    {
        int n = 0;
        for (const QJsonObject &event : statuses)
            n += event.value(QLatin1String("status")).toString() == status;
        return n;
    }
    QList<QJsonObject> eventsOf(const QString &ev, const QString &symbol = {}) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &event : events) {
            if (event.value(QLatin1String("ev")).toString() == ev
                && (symbol.isNull() || event.value(QLatin1String("sym")).toString() == symbol))
                out << event;
        }
        return out;
    }
    int dataEventCount() const { return int(events.size() - statuses.size()); }
    // Index in `texts` of the first frame holding this status message, or -1.
    int frameWithMessage(const QString &message) const
    {
        for (int i = 0; i < arrays.size(); ++i) {
            for (const QJsonValue &value : arrays[i]) {
                if (value.toObject().value(QLatin1String("message")).toString() == message)
                    return i;
            }
        }
        return -1;
    }
    // Connects, authenticates with `key` and waits for auth_success.
    bool authenticate(const QString &key = QStringLiteral("demo"))
    {
        if (!QTest::qWaitFor([this] { return hasStatus(QStringLiteral("connected")); }, 5000))
            return false;
        auth(key);
        return QTest::qWaitFor([this] { return hasStatus(QStringLiteral("auth_success")); }, 5000);
    }
    bool onlyAllowedStatuses() const
    {
        for (const QJsonObject &event : statuses) {
            if (!allowedStatuses().contains(event.value(QLatin1String("status")).toString()))
                return false;
        }
        return true;
    }

    QList<QByteArray> texts;   // every text frame, raw
    QList<QJsonArray> arrays;  // parallel to texts; empty for frames that are not arrays
    QList<QJsonObject> events; // every event of every array, in order
    QList<QJsonObject> statuses;
    QList<QByteArray> binaries;
    QList<bool> frameIsBinary; // arrival order of texts and binaries
    int pongs = 0;
    bool disconnected = false;

private:
    std::unique_ptr<QWebSocket> m_socket;
};

// A WebSocket client written by hand over QTcpSocket.
class RawClient final {
    Q_DISABLE_COPY_MOVE(RawClient)
public:
    struct Frame {
        int opcode = 0;
        bool fin = true;
        QByteArray payload;
        QString text() const { return QString::fromUtf8(payload); }
    };

    explicit RawClient(quint16 port, qint64 readBufferSize = 0)
        : m_socket(std::make_unique<QTcpSocket>())
    {
        QTcpSocket *socket = m_socket.get();
        socket->setReadBufferSize(readBufferSize);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this] {
            if (m_reading)
                pump();
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [this] {
            if (m_reading)
                pump();
            disconnected = true;
        });
        socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    }

    ~RawClient() { QObject::disconnect(m_socket.get(), nullptr, nullptr, nullptr); }

    QTcpSocket *socket() const { return m_socket.get(); }

    static QByteArray upgradeRequest(const QByteArray &path = "/stocks", const QByteArray &host = "127.0.0.1")
    {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n";
    }

    static QByteArray frame(int opcode, const QByteArray &payload, bool fin = true, bool masked = true)
    {
        QByteArray out;
        out.append(char((fin ? 0x80 : 0) | opcode));
        const char maskBit = masked ? char(0x80) : char(0);
        if (payload.size() < 126) {
            out.append(char(maskBit | char(payload.size())));
        } else if (payload.size() <= 0xFFFF) {
            out.append(char(maskBit | 126));
            out.append(char(payload.size() >> 8));
            out.append(char(payload.size() & 0xFF));
        } else {
            out.append(char(maskBit | 127));
            for (int shift = 56; shift >= 0; shift -= 8)
                out.append(char((quint64(payload.size()) >> shift) & 0xFF));
        }
        if (!masked)
            return out + payload;
        const quint32 key = QRandomGenerator::global()->generate();
        char mask[4];
        qToBigEndian(key, mask);
        out.append(mask, 4);
        QByteArray body = payload;
        for (qsizetype i = 0; i < body.size(); ++i)
            body[i] = char(body[i] ^ mask[i & 3]);
        return out + body;
    }

    void write(const QByteArray &bytes) { m_socket->write(bytes); }
    void sendText(const QByteArray &text) { write(frame(0x1, text)); }

    // Sends the upgrade request (plus `extra` bytes in the same write) and waits for the response.
    bool handshake(const QByteArray &path = "/stocks", const QByteArray &host = "127.0.0.1", const QByteArray &extra = {})
    {
        if (!QTest::qWaitFor([this] { return m_socket->state() == QAbstractSocket::ConnectedState; }, 5000))
            return false;
        write(upgradeRequest(path, host) + extra);
        return QTest::qWaitFor([this] { return !httpResponse.isEmpty() || disconnected; }, 5000)
            && httpResponse.startsWith("HTTP/1.1 101");
    }

    // Reading can be paused: with a small read buffer the kernel buffers fill and the server's
    // backlog grows.
    void setReading(bool reading)
    {
        m_reading = reading;
        if (reading) {
            m_socket->setReadBufferSize(0);
            pump();
        }
    }

    void pump()
    {
        if (m_socket->isOpen())
            m_in.append(m_socket->readAll());
        if (httpResponse.isEmpty()) {
            const qsizetype end = m_in.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            httpResponse = m_in.left(end + 4);
            m_in.remove(0, end + 4);
        }
        while (m_in.size() >= 2) {
            const auto *d = reinterpret_cast<const quint8 *>(m_in.constData());
            quint64 length = d[1] & 0x7F;
            qsizetype header = 2;
            if (length == 126) {
                if (m_in.size() < 4)
                    return;
                length = (quint64(d[2]) << 8) | d[3];
                header = 4;
            } else if (length == 127) {
                if (m_in.size() < 10)
                    return;
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = (length << 8) | d[2 + i];
                header = 10;
            }
            if (d[1] & 0x80)
                serverFrameMasked = true;
            if (quint64(m_in.size()) < header + length)
                return;
            Frame f;
            f.opcode = d[0] & 0x0F;
            f.fin = d[0] & 0x80;
            f.payload = m_in.mid(header, qsizetype(length));
            m_in.remove(0, header + qsizetype(length));
            if (f.opcode == 0x8) {
                closeReceived = true;
                closeCode = f.payload.size() >= 2 ? quint16((quint8(f.payload[0]) << 8) | quint8(f.payload[1])) : 1005;
                if (replyToClose && m_socket->state() == QAbstractSocket::ConnectedState)
                    write(frame(0x8, f.payload.left(2)));
            }
            frames << f;
        }
    }

    QList<Frame> textFrames() const
    {
        QList<Frame> out;
        for (const Frame &f : frames) {
            if (f.opcode == 0x1)
                out << f;
        }
        return out;
    }
    bool hasTextContaining(const QByteArray &needle) const
    {
        for (const Frame &f : frames) {
            if (f.opcode == 0x1 && f.payload.contains(needle))
                return true;
        }
        return false;
    }

    QByteArray httpResponse;
    QList<Frame> frames;
    bool closeReceived = false;
    quint16 closeCode = 0;
    bool disconnected = false;
    bool replyToClose = true;
    bool serverFrameMasked = false;

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_in;
    bool m_reading = true;
};

} // namespace feedsimtest
