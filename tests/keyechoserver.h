#pragma once
// A feed server that quotes the client's API key back, as a careless or hostile server might. On
// the auth message it sends an unknown status, two frames that do not parse (one with the key
// across the 160th character) and an auth_failed status, each with the key in it. It runs on its own thread, so the test thread may block (in
// QProcess::waitFor…, for instance) while it serves.

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QThread>
#include <QtNetwork/QHostAddress>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

#include <memory>

namespace keyecho {

class KeyEchoServer final {
public:
    KeyEchoServer()
    {
        m_thread.setObjectName(QStringLiteral("key-echo-server"));
        m_thread.start();
        m_server = new QWebSocketServer(QStringLiteral("key-echo"), QWebSocketServer::NonSecureMode);
        m_server->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_server, &QObject::deleteLater);
        QMetaObject::invokeMethod(m_server, [this] {
            if (!m_server->listen(QHostAddress::LocalHost, 0))
                qFatal("key echo server: %s", qPrintable(m_server->errorString()));
            m_port = m_server->serverPort();
            QObject::connect(m_server, &QWebSocketServer::newConnection, m_server, [this] { accept(); });
        }, Qt::BlockingQueuedConnection);
    }
    ~KeyEchoServer()
    {
        m_thread.quit();
        m_thread.wait();
    }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/stocks").arg(m_port)); }

private:
    void accept()
    {
        while (QWebSocket *socket = m_server->nextPendingConnection()) {
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [socket](const QString &text) {
                const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
                if (message.value(QStringLiteral("action")).toString() != QLatin1String("auth"))
                    return;
                const QString key = message.value(QStringLiteral("params")).toString();
                const auto status = [&](const char *kind, const QString &text) {
                    socket->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonArray{QJsonObject{
                        {QStringLiteral("ev"), QStringLiteral("status")},
                        {QStringLiteral("status"), QString::fromLatin1(kind)},
                        {QStringLiteral("message"), text}}}).toJson(QJsonDocument::Compact)));
                };
                status("key_check", QStringLiteral("checking key %1").arg(key));
                socket->sendTextMessage(QStringLiteral("not json: bad key %1").arg(key));
                // Across the 160 characters a parse-error sample keeps.
                socket->sendTextMessage(QString(150, u'.') + key);
                status("auth_failed", QStringLiteral("key %1 invalid").arg(key));
            });
            socket->sendTextMessage(QStringLiteral(R"([{"ev":"status","status":"connected","message":"Connected Successfully"}])"));
        }
    }

    QThread m_thread;
    QWebSocketServer *m_server = nullptr; // lives on m_thread
    quint16 m_port = 0;
};

} // namespace keyecho
