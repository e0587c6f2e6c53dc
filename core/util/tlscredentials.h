#pragma once
// The status server's TLS certificate and private key (STATUS_HTTP_TLS_CERT / STATUS_HTTP_TLS_KEY).
// One loader for the configuration check, the start and every reload, so a pair that passes
// --check-config is exactly what gets served: both files readable, PEM, the key unencrypted and
// matching the certificate. Errors name the key and the path, never key material.

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>

#include <optional>

namespace tickstock {

struct TlsCredentials {
    QList<QSslCertificate> chain; // the server certificate first, then any intermediates
    QSslKey key;

    // "subject CN=…, serial …, valid until …" for log lines (public facts only).
    QString describe() const;
    // Empty, or why clients will refuse the certificate now (expired, not yet valid): a warning,
    // not an error, so that a clock problem cannot keep the monitor from starting.
    QString validityWarning(const QString &certPath) const;
};

std::optional<TlsCredentials> loadTlsCredentials(const QString &certPath, const QString &keyPath, QString *error);

// The server side of the handshake: these credentials, TLS 1.2 or later, no client certificates.
QSslConfiguration serverTlsConfiguration(const TlsCredentials &credentials);

} // namespace tickstock
