// STATUS_HTTP_TLS_CERT / STATUS_HTTP_TLS_KEY / STATUS_HTTP_ALLOW_PLAINTEXT in the configuration
// loader, with real PEM files from a throw-away CA (openssl CLI): a usable pair passes, and every
// unusable one (missing, unreadable, not PEM, encrypted, mismatched, half set) is a precise error,
// i.e. exit 2 before anything starts; the non-loopback rule with TLS and with plain HTTP allowed.

#include "tlstestutil.h"

#include "config/configdescription.h"
#include "config/configloader.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtTest/QTest>

#include <unistd.h>

using namespace tickstock::config;
using namespace tlstest;

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

} // namespace

class TestConfigTls final : public QObject {
    Q_OBJECT

    std::unique_ptr<TestPki> m_pki;
    QTemporaryDir m_home;

    // A hermetic load: HOME and XDG in a temp dir, fixture universes, a key and a ticker.
    LoadResult load(const QMap<QString, QString> &values) const
    {
        ConfigSources sources;
        sources.environment = {{s("HOME"), m_home.path()},
                               {s("XDG_CONFIG_HOME"), m_home.filePath(s("xdg"))},
                               {s("UNIVERSES_FILE"), s(TICKSTOCK_FIXTURES_DIR "/config/universes.json")},
                               {s("MASSIVE_API_KEY"), s("test-key")},
                               {s("SYMBOLS"), s("AAPL")}};
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            sources.environment.insert(it.key(), it.value());
        return loadConfig(sources);
    }
    QMap<QString, QString> tls(const char *cert = "first.pem", const char *key = "first.key") const
    {
        return {{s("STATUS_HTTP_TLS_CERT"), m_pki->path(cert)}, {s("STATUS_HTTP_TLS_KEY"), m_pki->path(key)}};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
    }

    void usablePairLoads()
    {
        LoadResult r = load(tls());
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.config.http.tlsCert, m_pki->path("first.pem"));
        QCOMPARE(r.config.http.tlsKey, m_pki->path("first.key"));
        QVERIFY(r.config.http.tls());
        QVERIFY(r.warnings.isEmpty());
        r = load(tls("second.pem", "second.key")); // RSA as well as EC
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
    }

    void relativePathsBecomeAbsolute()
    {
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(QFileInfo(m_pki->path("first.pem")).absolutePath()));
        const LoadResult r = load({{s("STATUS_HTTP_TLS_CERT"), s("first.pem")}, {s("STATUS_HTTP_TLS_KEY"), s("first.key")}});
        QDir::setCurrent(previous);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.config.http.tlsCert, m_pki->path("first.pem"));
    }

    void unusableFilesAreConfigErrors_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("error"); // %C: cert path, %K: key path
        QTest::newRow("missing cert") << s("missing.pem") << s("first.key")
                                      << s("STATUS_HTTP_TLS_CERT=%C: cannot read the file: No such file or directory");
        QTest::newRow("missing key") << s("first.pem") << s("missing.key")
                                     << s("STATUS_HTTP_TLS_KEY=%K: cannot read the file: No such file or directory");
        QTest::newRow("unreadable key") << s("first.pem") << s("unreadable.key")
                                        << s("STATUS_HTTP_TLS_KEY=%K: cannot read the file: Permission denied");
        QTest::newRow("directory") << s("") << s("first.key") << s("STATUS_HTTP_TLS_CERT=%C: cannot read the file: ");
        QTest::newRow("key as cert") << s("first.key") << s("first.key")
                                     << s("STATUS_HTTP_TLS_CERT=%C: no PEM certificate in the file (expected "
                                          "-----BEGIN CERTIFICATE-----)");
        QTest::newRow("cert as key") << s("first.pem") << s("first.pem")
                                     << s("STATUS_HTTP_TLS_KEY=%K: no PEM private key in the file (expected "
                                          "-----BEGIN PRIVATE KEY-----)");
        QTest::newRow("mismatch") << s("first.pem") << s("second.key")
                                  << s("STATUS_HTTP_TLS_KEY=%K: the private key does not match the certificate in "
                                       "STATUS_HTTP_TLS_CERT=%C");
        QTest::newRow("encrypted key") << s("first.pem") << s("encrypted.key")
                                       << s("STATUS_HTTP_TLS_KEY=%K: the private key is encrypted; a passphrase-protected "
                                            "key is not supported (write it unencrypted with `openssl pkey`)");
    }

    void unusableFilesAreConfigErrors()
    {
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, error);
        QProcess encrypt; // first.key under a passphrase
        encrypt.start(s("openssl"), {s("pkey"), s("-in"), m_pki->path("first.key"), s("-aes256"), s("-passout"),
                                     s("pass:secret"), s("-out"), m_pki->path("encrypted.key")});
        QVERIFY(encrypt.waitForFinished(20000) && encrypt.exitCode() == 0);
        if (!QFile::exists(m_pki->path("unreadable.key"))) {
            QVERIFY(QFile::copy(m_pki->path("first.key"), m_pki->path("unreadable.key")));
            QVERIFY(QFile::setPermissions(m_pki->path("unreadable.key"), QFile::WriteOwner));
        }
        const QString certPath = QDir::cleanPath(m_pki->path(cert.toUtf8().constData()));
        const QString keyPath = m_pki->path(key.toUtf8().constData());
        // Root reads any file: load as "nobody" for the unreadable row (the certificate and the
        // directory made readable to it), then take root back.
        const bool dropRoot = key == s("unreadable.key") && ::geteuid() == 0;
        if (dropRoot) {
            const auto readable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther;
            QVERIFY(QFile::setPermissions(QFileInfo(certPath).absolutePath(), readable));
            QVERIFY(QFile::setPermissions(certPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
            QCOMPARE(::setegid(65534), 0);
            QCOMPARE(::seteuid(65534), 0);
        }
        const LoadResult r = load({{s("STATUS_HTTP_TLS_CERT"), certPath}, {s("STATUS_HTTP_TLS_KEY"), keyPath}});
        if (dropRoot) {
            QCOMPARE(::seteuid(0), 0);
            QCOMPARE(::setegid(0), 0);
        }
        QCOMPARE(r.errors.size(), 1);
        const QString expected = QString(error).replace(s("%C"), certPath).replace(s("%K"), keyPath);
        QVERIFY2(r.errors.first().startsWith(expected), qPrintable(r.errors.first()));
        QVERIFY(!r.errors.first().contains(s("BEGIN EC PRIVATE")) && !r.errors.first().contains(s("MIG")));
    }

    void expiredCertificateWarns()
    {
        QProcess sign; // first.key's certificate again, valid for no time at all
        sign.start(s("openssl"), {s("x509"), s("-req"), s("-in"), m_pki->path("first.csr"), s("-CA"), m_pki->path("ca.pem"),
                                  s("-CAkey"), m_pki->path("ca.key"), s("-set_serial"), s("77"), s("-days"), s("0"),
                                  s("-out"), m_pki->path("expired.pem")});
        QVERIFY(sign.waitForFinished(20000) && sign.exitCode() == 0);
        QTest::qWait(1100);
        const LoadResult r = load(tls("expired.pem", "first.key"));
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY2(r.warnings.first().startsWith(s("STATUS_HTTP_TLS_CERT=") + m_pki->path("expired.pem")
                                               + s(": the certificate expired on ")),
                 qPrintable(r.warnings.first()));
    }

    void halfAPairIsAnError()
    {
        LoadResult r = load({{s("STATUS_HTTP_TLS_CERT"), m_pki->path("first.pem")}});
        QCOMPARE(r.errors, QStringList{s("STATUS_HTTP_TLS_CERT is set but STATUS_HTTP_TLS_KEY is not: set both or neither")});
        r = load({{s("STATUS_HTTP_TLS_KEY"), m_pki->path("first.key")}});
        QCOMPARE(r.errors, QStringList{s("STATUS_HTTP_TLS_KEY is set but STATUS_HTTP_TLS_CERT is not: set both or neither")});
    }

    void nonLoopbackBindWithTokenAndTlsIsAccepted()
    {
        QMap<QString, QString> values = tls();
        values.insert(s("STATUS_HTTP_BIND"), s("0.0.0.0"));
        LoadResult r = load(values);
        QCOMPARE(r.errors.size(), 1); // no token
        QVERIFY2(r.errors.first().contains(s("needs STATUS_HTTP_TOKEN")), qPrintable(r.errors.first()));
        values.insert(s("STATUS_HTTP_TOKEN"), s("a-long-enough-token"));
        r = load(values);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QVERIFY(r.warnings.isEmpty());
    }

    void allowPlaintextWarns()
    {
        QMap<QString, QString> values = {{s("STATUS_HTTP_BIND"), s("0.0.0.0")},
                                         {s("STATUS_HTTP_TOKEN"), s("a-long-enough-token")}};
        LoadResult r = load(values);
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors.first().contains(s("needs TLS")), qPrintable(r.errors.first()));

        values.insert(s("STATUS_HTTP_ALLOW_PLAINTEXT"), s("true"));
        r = load(values);
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QVERIFY(r.config.http.allowPlaintext);
        QCOMPARE(r.warnings, QStringList{s("STATUS_HTTP_BIND=0.0.0.0 with STATUS_HTTP_ALLOW_PLAINTEXT=true: the status "
                                           "API is served as plain HTTP and the bearer token crosses the network in "
                                           "clear")});
        QVERIFY(!r.warnings.first().contains(s("a-long-enough-token")));

        values.remove(s("STATUS_HTTP_TOKEN")); // allowing plain HTTP never waives the token
        r = load(values);
        QCOMPARE(r.errors.size(), 1);
        QVERIFY(r.errors.first().contains(s("needs STATUS_HTTP_TOKEN")));

        values.insert(s("STATUS_HTTP_ALLOW_PLAINTEXT"), s("maybe"));
        r = load(values);
        QVERIFY(r.errors.join(u'\n').contains(s("STATUS_HTTP_ALLOW_PLAINTEXT=maybe")));

        // On loopback there is nothing to allow: no warning.
        r = load({{s("STATUS_HTTP_ALLOW_PLAINTEXT"), s("true")}});
        QVERIFY2(r.ok(), qPrintable(r.errors.join(u'\n')));
        QVERIFY(r.warnings.isEmpty());
    }

    void checkConfigListsTheKeys()
    {
        const QString text = describeConfig(load(tls()));
        QVERIFY2(text.contains(s("STATUS_HTTP_TLS_CERT")) && text.contains(m_pki->path("first.pem")), qPrintable(text));
        QVERIFY(text.contains(s("STATUS_HTTP_ALLOW_PLAINTEXT")));
    }
};

QTEST_GUILESS_MAIN(TestConfigTls)
#include "tst_config_tls.moc"
