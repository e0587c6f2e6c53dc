#pragma once
// A throw-away PKI for the TLS tests, made with the `openssl` CLI in a temporary directory: a test
// CA and two server certificates for 127.0.0.1 signed by it (an EC one with serial 10:01 and an RSA
// one with serial 20:02, so a reload is visible in the peer certificate), plus clients that trust
// that CA or do not.

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslSocket>

namespace tlstest {

inline const QByteArray kFirstSerial = QByteArrayLiteral("10:01");
inline const QByteArray kSecondSerial = QByteArrayLiteral("20:02");

class TestPki final {
public:
    TestPki()
    {
        if (!m_dir.isValid()) {
            m_error = QStringLiteral("no temporary directory");
            return;
        }
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
            m_error = QStringLiteral("openssl not found: run scripts/install-deps (Debian package `openssl`)");
            return;
        }
        write("pki.cnf", "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = TickStock Test CA\n"
                         "[ca]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n"
                         "subjectKeyIdentifier = hash\n"
                         "[server]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\n"
                         "extendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1, DNS:localhost\n");
        const QStringList ec = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                                QStringLiteral("ec_paramgen_curve:prime256v1")};
        const QStringList rsa = {QStringLiteral("-newkey"), QStringLiteral("rsa:2048")};
        if (!openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-config"), path("pki.cnf"),
                                 QStringLiteral("-extensions"), QStringLiteral("ca"), QStringLiteral("-nodes"),
                                 QStringLiteral("-keyout"), path("ca.key"), QStringLiteral("-out"), path("ca.pem"),
                                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-set_serial"),
                                 QStringLiteral("1")}
                     + ec))
            return;
        if (!server("first", ec, QStringLiteral("0x1001")) || !server("second", rsa, QStringLiteral("0x2002")))
            return;
        m_ok = true;
    }

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    // ca.pem, first.pem / first.key (EC, 10:01), second.pem / second.key (RSA, 20:02).
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QSslCertificate ca() const { return QSslCertificate::fromPath(path("ca.pem")).value(0); }

    // Copies a pair to live.pem / live.key (what a server under test is configured with).
    bool install(const char *pair) const
    {
        return copy(QStringLiteral("%1.pem").arg(QLatin1String(pair)), QStringLiteral("live.pem"))
            && copy(QStringLiteral("%1.key").arg(QLatin1String(pair)), QStringLiteral("live.key"));
    }

    // The first base64 line of a key file: what a leak of key material would show.
    QByteArray keyMaterial(const char *name) const
    {
        QFile f(path(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll().split('\n').value(1) : QByteArray("unreadable key file");
    }

    void write(const char *name, const QByteArray &content) const
    {
        QFile f(path(name));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(content);
    }

private:
    bool server(const char *name, const QStringList &keyOptions, const QString &serial)
    {
        const QString key = path(name) + QStringLiteral(".key");
        const QString csr = path(name) + QStringLiteral(".csr");
        return openssl(QStringList{QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-config"), path("pki.cnf"),
                                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-nodes"),
                                   QStringLiteral("-keyout"), key, QStringLiteral("-out"), csr}
                       + keyOptions)
            && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr, QStringLiteral("-CA"),
                        path("ca.pem"), QStringLiteral("-CAkey"), path("ca.key"), QStringLiteral("-set_serial"), serial,
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), path("pki.cnf"),
                        QStringLiteral("-extensions"), QStringLiteral("server"), QStringLiteral("-out"),
                        path(name) + QStringLiteral(".pem")});
    }

    bool copy(const QString &from, const QString &to) const
    {
        QFile source(m_dir.filePath(from));
        if (!source.open(QIODevice::ReadOnly))
            return false;
        QFile target(m_dir.filePath(to));
        return target.open(QIODevice::WriteOnly | QIODevice::Truncate) && target.write(source.readAll()) > 0;
    }

    bool openssl(const QStringList &arguments)
    {
        QProcess p;
        p.start(QStringLiteral("openssl"), arguments);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            m_error = QStringLiteral("openssl %1 failed: %2")
                          .arg(arguments.join(u' '), QString::fromUtf8(p.readAllStandardError()));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    bool m_ok = false;
    QString m_error;
};

// A client configuration that trusts only the test CA (TLS 1.2 or later, hostname checked).
inline QSslConfiguration trusting(const QSslCertificate &ca)
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setCaCertificates({ca});
    return c;
}

// One keep-alive HTTPS connection to 127.0.0.1 with a bearer token.
class TlsClient final {
public:
    TlsClient(quint16 port, const QSslConfiguration &configuration, const QByteArray &token)
        : m_token(token)
    {
        socket.setProxy(QNetworkProxy::NoProxy);
        socket.setSslConfiguration(configuration);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        encrypted = socket.waitForEncrypted(5000);
    }
    QByteArray serial() const { return socket.peerCertificate().serialNumber(); }

    // GET on this connection: the status code (0: no complete answer); the body in *body.
    int get(const QByteArray &path, QByteArray *body = nullptr)
    {
        socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token + "\r\n\r\n");
        QByteArray bytes;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 5000) {
            const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const QByteArray head = bytes.left(headEnd).toLower();
                const qsizetype at = head.indexOf("content-length:");
                const qsizetype length =
                    at < 0 ? 0 : head.mid(at + 15, head.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
                if (bytes.size() >= headEnd + 4 + length) {
                    if (body)
                        *body = bytes.mid(headEnd + 4, length);
                    const QList<QByteArray> parts = bytes.left(bytes.indexOf("\r\n")).split(' ');
                    return parts.size() >= 2 ? parts.at(1).toInt() : 0;
                }
            }
            if (!socket.waitForReadyRead(int(qMax<qint64>(1, 5000 - timer.elapsed()))))
                break;
            bytes += socket.readAll();
        }
        return 0;
    }

    QSslSocket socket;
    bool encrypted = false;

private:
    QByteArray m_token;
};

} // namespace tlstest
