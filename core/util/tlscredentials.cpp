#include "util/tlscredentials.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtNetwork/QSslSocket>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace tickstock {
namespace {

// Qt's TLS backend reads OpenSSL's per-thread error queue: never leave our failures in it.
struct ClearErrorsOnExit {
    ~ClearErrorsOnExit() { ERR_clear_error(); }
};

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Bio memoryBio(const QByteArray &bytes)
{
    return Bio(BIO_new_mem_buf(bytes.constData(), int(bytes.size())), &BIO_free);
}

std::optional<QByteArray> readFile(const char *key, const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1=%2: cannot read the file: %3").arg(QLatin1String(key), path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

// Called by OpenSSL when the key is encrypted: we have no passphrase to give.
int refusePassphrase(char *, int, int, void *encrypted)
{
    *static_cast<bool *>(encrypted) = true;
    return -1;
}

std::optional<QSsl::KeyAlgorithm> qtAlgorithm(const EVP_PKEY *key)
{
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return QSsl::Rsa;
    case EVP_PKEY_EC: return QSsl::Ec;
    case EVP_PKEY_DSA: return QSsl::Dsa;
    default: return std::nullopt;
    }
}

} // namespace

QString TlsCredentials::describe() const
{
    if (chain.isEmpty())
        return {};
    const QSslCertificate &leaf = chain.first();
    return QStringLiteral("subject %1, serial %2, valid until %3")
        .arg(leaf.subjectDisplayName(), QString::fromLatin1(leaf.serialNumber()),
             leaf.expiryDate().toUTC().toString(Qt::ISODate));
}

QString TlsCredentials::validityWarning(const QString &certPath) const
{
    if (chain.isEmpty())
        return {};
    const QSslCertificate &leaf = chain.first();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString problem;
    if (leaf.expiryDate() <= now)
        problem = QStringLiteral("expired on ") + leaf.expiryDate().toUTC().toString(Qt::ISODate);
    else if (leaf.effectiveDate() > now)
        problem = QStringLiteral("is not valid before ") + leaf.effectiveDate().toUTC().toString(Qt::ISODate);
    if (problem.isEmpty())
        return {};
    return QStringLiteral("STATUS_HTTP_TLS_CERT=%1: the certificate %2; clients will refuse the handshake")
        .arg(certPath, problem);
}

std::optional<TlsCredentials> loadTlsCredentials(const QString &certPath, const QString &keyPath, QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    const ClearErrorsOnExit clearErrors;
    const std::optional<QByteArray> certPem = readFile("STATUS_HTTP_TLS_CERT", certPath, error);
    if (!certPem)
        return std::nullopt;
    const std::optional<QByteArray> keyPem = readFile("STATUS_HTTP_TLS_KEY", keyPath, error);
    if (!keyPem)
        return std::nullopt;

    TlsCredentials credentials;
    credentials.chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    Bio certBio = memoryBio(*certPem);
    X509Ptr leaf(certBio ? PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
    if (credentials.chain.isEmpty() || !leaf || credentials.chain.first().isNull()) {
        *error = QStringLiteral("STATUS_HTTP_TLS_CERT=%1: no PEM certificate in the file "
                                "(expected -----BEGIN CERTIFICATE-----)")
                     .arg(certPath);
        return std::nullopt;
    }

    bool encrypted = false;
    Bio keyBio = memoryBio(*keyPem);
    KeyPtr key(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, &refusePassphrase, &encrypted) : nullptr,
               &EVP_PKEY_free);
    if (!key) {
        *error = encrypted ? QStringLiteral("STATUS_HTTP_TLS_KEY=%1: the private key is encrypted; a passphrase-protected "
                                            "key is not supported (write it unencrypted with `openssl pkey`)")
                                 .arg(keyPath)
                           : QStringLiteral("STATUS_HTTP_TLS_KEY=%1: no PEM private key in the file "
                                            "(expected -----BEGIN PRIVATE KEY-----)")
                                 .arg(keyPath);
        return std::nullopt;
    }
    if (X509_check_private_key(leaf.get(), key.get()) != 1) {
        *error = QStringLiteral("STATUS_HTTP_TLS_KEY=%1: the private key does not match the certificate in "
                                "STATUS_HTTP_TLS_CERT=%2")
                     .arg(keyPath, certPath);
        return std::nullopt;
    }
    const std::optional<QSsl::KeyAlgorithm> algorithm = qtAlgorithm(key.get());
    // Handed to Qt in one normal form (unencrypted PKCS#8), whatever the file used.
    Bio out(BIO_new(BIO_s_mem()), &BIO_free);
    if (algorithm && out && PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1) {
        char *data = nullptr;
        const long size = BIO_get_mem_data(out.get(), &data);
        credentials.key = QSslKey(QByteArray(data, int(size)), *algorithm, QSsl::Pem, QSsl::PrivateKey);
    }
    if (credentials.key.isNull()) {
        *error = QStringLiteral("STATUS_HTTP_TLS_KEY=%1: unsupported private key type (use an RSA or EC key)").arg(keyPath);
        return std::nullopt;
    }
    error->clear();
    return credentials;
}

QSslConfiguration serverTlsConfiguration(const TlsCredentials &credentials)
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_2OrLater);
    c.setPeerVerifyMode(QSslSocket::VerifyNone); // admins authenticate with the bearer token
    c.setLocalCertificateChain(credentials.chain);
    c.setPrivateKey(credentials.key);
    return c;
}

} // namespace tickstock
