// The status server over TLS, against a throw-away CA made by the test: HTTPS and wss:// for a
// client that trusts the CA, a failed handshake (and a healthy server) for one that does not, a
// clean close for plain HTTP on the TLS port, no TLS 1.1, handshakes that count against the
// connection limits and have a deadline, and a credential reload that only new connections see.

#include "httptestutil.h"
#include "tlstestutil.h"

#include "http/httpcounters.h"

#include <QtCore/QTemporaryDir>

#include <poll.h>
#include <sys/socket.h>

using namespace httptest;
using namespace tlstest;

namespace {

const QByteArray kToken = QByteArrayLiteral("tls-test-token-0123456789");

// True when the server closes `fd` (EOF or reset) within timeoutMs.
bool closedWithin(int fd, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    char buffer[512];
    while (timer.elapsed() < timeoutMs) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(timeoutMs - timer.elapsed())) <= 0)
            return false;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return true;
    }
    return false;
}

// `openssl s_client` limited to one protocol version; its output ("New, TLSv1.2, Cipher is …" when a
// session was established, "New, (NONE), Cipher is (NONE)" when not).
QString sClient(quint16 port, const QString &versionFlag)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), {QStringLiteral("s_client"), QStringLiteral("-connect"),
                                        QStringLiteral("127.0.0.1:%1").arg(port), versionFlag,
                                        QStringLiteral("-cipher"), QStringLiteral("DEFAULT@SECLEVEL=0")});
    p.closeWriteChannel();
    if (!p.waitForFinished(15000))
        p.kill();
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

} // namespace

class TestHttpTls final : public QObject {
    Q_OBJECT

    struct Server {
        Server(const TestPki &pki, const http::ServerOptions &options = {})
        {
            store.publish(sampleSnapshot());
            config::HttpConfig config = httpConfig(QString::fromLatin1(kToken));
            config.tlsCert = pki.path("live.pem");
            config.tlsKey = pki.path("live.key");
            server = std::make_unique<http::StatusServer>(config, &source, nullptr, nullptr, QStringList{});
            source.setHttp([s = server.get()] { return s->status(); });
            server->setOptions(options);
            started = server->start(&error);
        }
        quint16 port() const { return server->port(); }
        const http::HttpCounters &counters() const { return server->counters(); }
        status::SnapshotStore store;
        status::StatusSource source{&store};
        std::unique_ptr<http::StatusServer> server;
        bool started = false;
        QString error;
    };

    std::unique_ptr<TestPki> m_pki;
    QTemporaryDir m_opensslConf;

private slots:
    void initTestCase()
    {
        // OpenSSL's own floor (security level 1 rules out TLS 1.1) would refuse an old client even if
        // the server allowed it; lower it for this process, so only the server's setting decides.
        QVERIFY(m_opensslConf.isValid());
        const QString conf = m_opensslConf.filePath(QStringLiteral("openssl.cnf"));
        QFile f(conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = defaults\n"
                "[defaults]\nCipherString = DEFAULT@SECLEVEL=0\nMinProtocol = TLSv1\n");
        f.close();
        qputenv("OPENSSL_CONF", conf.toLocal8Bit());
        QVERIFY(QSslSocket::supportsSsl());
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
    }

    void init() { QVERIFY(m_pki->install("first")); }

    void trustingClientGetsStatusOverHttps()
    {
        LogCapture log;
        Server s(*m_pki);
        QVERIFY2(s.started, qPrintable(s.error));
        TlsClient client(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY2(client.encrypted, qPrintable(client.socket.errorString()));
        QCOMPARE(client.serial(), kFirstSerial);
        QVERIFY(client.socket.sessionProtocol() >= QSsl::TlsV1_2);
        QByteArray body;
        QCOMPARE(client.get("/api/admin/websocket-status", &body), 200);
        const QJsonObject http = QJsonDocument::fromJson(body).object().value(QStringLiteral("http")).toObject();
        QCOMPARE(http.value(QStringLiteral("url")).toString(), QStringLiteral("https://127.0.0.1:%1").arg(s.port()));
        QCOMPARE(http.value(QStringLiteral("stream_url")).toString(),
                 QStringLiteral("wss://127.0.0.1:%1/admin-ws").arg(s.port()));
        QCOMPARE(client.get("/healthz"), 200); // the same connection, kept alive

        // Through QNetworkAccessManager as well (what a real admin tool would use).
        QNetworkAccessManager nam;
        nam.setProxy(QNetworkProxy::NoProxy);
        QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/metrics").arg(s.port())));
        request.setSslConfiguration(trusting(m_pki->ca()));
        request.setRawHeader("Authorization", "Bearer " + kToken);
        QNetworkReply *reply = nam.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->readAll().contains("tickstock_http_tls_handshake_failures_total 0"));
        reply->deleteLater();

        const QString listening = QStringLiteral("status API listening on https://127.0.0.1:%1 (live stream wss://").arg(s.port());
        QVERIFY2(log.contains(listening), qPrintable(log.lines().join(u'\n')));
        for (const QString &line : log.lines()) {
            QVERIFY2(!line.contains(QString::fromLatin1(kToken)), qPrintable(line));
            QVERIFY2(!line.contains(QString::fromLatin1(m_pki->keyMaterial("first.key"))), qPrintable(line));
        }
    }

    void trustingClientGetsStreamOverWss()
    {
        Server s(*m_pki);
        QVERIFY2(s.started, qPrintable(s.error));
        QWebSocket socket;
        socket.setProxy(QNetworkProxy::NoProxy);
        socket.setSslConfiguration(trusting(m_pki->ca()));
        QStringList messages;
        connect(&socket, &QWebSocket::textMessageReceived, this, [&messages](const QString &m) { messages.append(m); });
        socket.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/admin-ws?token=%2").arg(s.port()).arg(QString::fromLatin1(kToken))));
        QTRY_VERIFY_WITH_TIMEOUT(!messages.isEmpty(), 10000);
        const QJsonObject first = QJsonDocument::fromJson(messages.first().toUtf8()).object();
        QCOMPARE(first.value(QStringLiteral("event")).toString(), QStringLiteral("status_update"));
        QCOMPARE(socket.sslConfiguration().peerCertificate().serialNumber(), kFirstSerial);
        socket.close();
    }

    // Same-origin on HTTPS means an https:// Origin: a page served over http:// is another origin.
    void crossOriginCheckKnowsTheScheme()
    {
        Server s(*m_pki);
        QVERIFY2(s.started, qPrintable(s.error));
        const auto post = [&](const QByteArray &origin) {
            TlsClient client(s.port(), trusting(m_pki->ca()), kToken);
            client.socket.write("POST /api/admin/connections/1/reconnect HTTP/1.1\r\nHost: 127.0.0.1:"
                                + QByteArray::number(s.port()) + "\r\nAuthorization: Bearer " + kToken
                                + "\r\nOrigin: " + origin + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            QByteArray bytes;
            while (client.socket.waitForReadyRead(5000))
                bytes += client.socket.readAll();
            return bytes.left(bytes.indexOf("\r\n"));
        };
        const QByteArray port = QByteArray::number(s.port());
        QCOMPARE(post("https://127.0.0.1:" + port), QByteArray("HTTP/1.1 503 Service Unavailable")); // no controls here
        QCOMPARE(post("http://127.0.0.1:" + port), QByteArray("HTTP/1.1 403 Forbidden"));
        QCOMPARE(post("https://127.0.0.1"), QByteArray("HTTP/1.1 403 Forbidden")); // port 443
    }

    void untrustingClientFailsAndServerStaysHealthy()
    {
        Server s(*m_pki);
        QVERIFY2(s.started, qPrintable(s.error));
        TlsClient stranger(s.port(), QSslConfiguration::defaultConfiguration(), kToken); // system CAs only
        QVERIFY(!stranger.encrypted);
        bool untrusted = false;
        for (const QSslError &e : stranger.socket.sslHandshakeErrors())
            untrusted |= e.error() == QSslError::UnableToGetLocalIssuerCertificate
                || e.error() == QSslError::UnableToVerifyFirstCertificate;
        QVERIFY2(untrusted, qPrintable(stranger.socket.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(s.counters().tlsHandshakeFailures.load(), 1, 5000);

        TlsClient admin(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY(admin.encrypted);
        QCOMPARE(admin.get("/healthz"), 200);
    }

    void plainHttpOnTheTlsPortIsClosedWithoutAnAnswer()
    {
        Server s(*m_pki); // first-byte deadline 5 s: the close must come long before it
        QVERIFY2(s.started, qPrintable(s.error));
        QElapsedTimer timer;
        timer.start();
        const RawReply reply = rawExchange(
            s.port(), "GET /api/admin/websocket-status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kToken + "\r\n\r\n",
            4000);
        QVERIFY(reply.closedByServer);
        QVERIFY(timer.elapsed() < 4000);
        QVERIFY2(!reply.bytes.contains("HTTP/"), reply.bytes.toHex().constData());
        QVERIFY2(!reply.bytes.contains("{"), reply.bytes.toHex().constData());
        QVERIFY(reply.bytes.size() < 16); // at most a TLS alert record

        TlsClient admin(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY(admin.encrypted);
        QCOMPARE(admin.get("/healthz"), 200);
    }

    void tls11IsRefused()
    {
        Server s(*m_pki);
        QVERIFY2(s.started, qPrintable(s.error));
        // The same client tool gets through with TLS 1.2, so a refusal of 1.1 is the server's doing.
        const QString modern = sClient(s.port(), QStringLiteral("-tls1_2"));
        QVERIFY2(modern.contains(QStringLiteral("New, TLSv1.2, Cipher is ")), qPrintable(modern));
        const QString old = sClient(s.port(), QStringLiteral("-tls1_1"));
        QVERIFY2(old.contains(QStringLiteral("New, (NONE), Cipher is (NONE)")), qPrintable(old));
        QVERIFY2(old.contains(QStringLiteral("alert protocol version")), qPrintable(old));
        TlsClient admin(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY(admin.encrypted);
        QCOMPARE(admin.get("/healthz"), 200);
    }

    void handshakesCountAgainstTheConnectionLimit()
    {
        http::ServerOptions options;
        options.maxConnections = 3;
        options.maxConnectionsPerPrefix = 3;
        Server s(*m_pki, options);
        QVERIFY2(s.started, qPrintable(s.error));
        int silent[3];
        for (int &fd : silent) {
            fd = loopback::connectTo(s.port());
            QVERIFY(fd >= 0);
        }
        QTest::qWait(300); // accepted: three handshakes that never start (no counter marks a pending handshake)
        QCOMPARE(s.counters().connectionsEvicted.load(), 0);

        TlsClient admin(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY(admin.encrypted);
        QCOMPARE(admin.get("/healthz"), 200);
        QCOMPARE(s.counters().connectionsEvicted.load(), 1); // the oldest silent handshake gave way
        QVERIFY(closedWithin(silent[0], 2000));
        for (int fd : silent)
            ::close(fd);
    }

    void handshakeHasTheFirstByteDeadline_data()
    {
        QTest::addColumn<QByteArray>("sent");
        QTest::newRow("silent") << QByteArray();
        // A TLS record header announcing a 200-byte ClientHello that never comes.
        QTest::newRow("stalled client hello") << QByteArray::fromHex("16030100c8010000c40303");
    }

    void handshakeHasTheFirstByteDeadline()
    {
        QFETCH(QByteArray, sent);
        http::ServerOptions options;
        options.firstByteTimeoutMs = 600;
        Server s(*m_pki, options);
        QVERIFY2(s.started, qPrintable(s.error));
        QElapsedTimer timer;
        timer.start();
        const int fd = loopback::connectTo(s.port());
        QVERIFY(fd >= 0);
        if (!sent.isEmpty())
            QCOMPARE(::send(fd, sent.constData(), size_t(sent.size()), 0), ssize_t(sent.size()));
        QVERIFY(closedWithin(fd, 3000));
        QVERIFY(timer.elapsed() >= 500);
        ::close(fd);
        QTRY_COMPARE_WITH_TIMEOUT(s.counters().tlsHandshakeFailures.load(), 1, 2000);
    }

    void reloadServesNewCredentialsToNewConnectionsOnly()
    {
        LogCapture log;
        Server s(*m_pki);
        QVERIFY2(s.started, qPrintable(s.error));
        TlsClient before(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY(before.encrypted);
        QCOMPARE(before.serial(), kFirstSerial);

        QVERIFY(m_pki->install("second"));
        QString error;
        QVERIFY2(s.server->reloadTls(&error), qPrintable(error));
        QVERIFY(log.contains(QStringLiteral("TLS credentials reloaded for new connections: subject 127.0.0.1, serial 20:02")));
        TlsClient after(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY(after.encrypted);
        QCOMPARE(after.serial(), kSecondSerial);
        QCOMPARE(after.get("/healthz"), 200);
        QCOMPARE(before.get("/healthz"), 200); // the old connection carries on with the old certificate
        QCOMPARE(before.serial(), kFirstSerial);

        // A bad file keeps what is served.
        m_pki->write("live.pem", "not a certificate\n");
        QVERIFY(!s.server->reloadTls(&error));
        QCOMPARE(error, QStringLiteral("STATUS_HTTP_TLS_CERT=%1: no PEM certificate in the file "
                                       "(expected -----BEGIN CERTIFICATE-----)")
                            .arg(m_pki->path("live.pem")));
        QVERIFY(log.contains(QStringLiteral("TLS credentials not reloaded, the previous ones stay in use:")));
        QFile first(m_pki->path("first.pem"));
        QVERIFY(first.open(QIODevice::ReadOnly));
        m_pki->write("live.pem", first.readAll()); // the first certificate with the second key: a mismatch
        QVERIFY(!s.server->reloadTls(&error));
        QVERIFY2(error.contains(QStringLiteral("does not match the certificate")), qPrintable(error));
        TlsClient later(s.port(), trusting(m_pki->ca()), kToken);
        QVERIFY(later.encrypted);
        QCOMPARE(later.serial(), kSecondSerial);
        QCOMPARE(later.get("/healthz"), 200);
        for (const QString &line : log.lines()) {
            for (const char *key : {"first.key", "second.key"})
                QVERIFY2(!line.contains(QString::fromLatin1(m_pki->keyMaterial(key))), qPrintable(line));
        }
    }

    void plainServerCannotReload()
    {
        status::SnapshotStore store;
        status::StatusSource source(&store);
        http::StatusServer plain(httpConfig(), &source, nullptr, nullptr, {});
        QVERIFY(plain.start());
        QString error;
        QVERIFY(!plain.reloadTls(&error));
        QVERIFY2(error.contains(QStringLiteral("not serving HTTPS")), qPrintable(error));
        QCOMPARE(plain.status().url, QStringLiteral("http://127.0.0.1:%1").arg(plain.port()));
        QCOMPARE(plain.status().streamUrl, QStringLiteral("ws://127.0.0.1:%1/admin-ws").arg(plain.port()));
    }

    void nonLoopbackBindNeedsTls()
    {
        status::SnapshotStore store;
        status::StatusSource source(&store);
        config::HttpConfig config = httpConfig(QString::fromLatin1(kToken), QStringLiteral("0.0.0.0"));
        http::StatusServer plain(config, &source, nullptr, nullptr, {});
        QString error;
        QVERIFY(!plain.start(&error));
        QVERIFY2(error.contains(QStringLiteral("without TLS")), qPrintable(error));

        config.tlsCert = m_pki->path("live.pem");
        config.tlsKey = m_pki->path("live.key");
        http::StatusServer secure(config, &source, nullptr, nullptr, {});
        QVERIFY2(secure.start(&error), qPrintable(error));
        QCOMPARE(secure.status().url, QStringLiteral("https://0.0.0.0:%1").arg(secure.port()));
    }
};

QTEST_GUILESS_MAIN(TestHttpTls)
#include "tst_httptls.moc"
