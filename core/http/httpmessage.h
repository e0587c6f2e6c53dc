#pragma once
// The HTTP/1.1 request and response values of the status server: plain data, no sockets, so the
// routes and the security checks are tested without a network.

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHostAddress>

#include <utility>

namespace tickstock::http {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method;      // as sent ("GET"); methods are case-sensitive
    QByteArray target;      // the raw request-target ("/readyz?verbose")
    QString path;           // path without the query, percent-decoded except "%2F" and "%25" ("/readyz")
    QUrlQuery query;        // the decoded query ("verbose")
    int versionMinor = 1;   // HTTP/1.<minor>
    HeaderList headers;     // names lower-cased, values trimmed, in arrival order
    QByteArray body;
    QHostAddress peer;      // filled in by the transport

    // The first value of a header (name in lower case), or an empty array.
    QByteArray header(QByteArrayView lowerName) const;
    bool hasHeader(QByteArrayView lowerName) const;
    // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 only with "keep-alive".
    bool keepAlive() const;
    // A WebSocket opening handshake (GET with "Upgrade: websocket" and "Connection: upgrade").
    bool isWebSocketUpgrade() const;
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    HeaderList headers;     // extra headers (WWW-Authenticate, Allow, Retry-After, ...)
    QByteArray body;
    bool closeConnection = false; // answer, then close (errors that leave the stream unusable)

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};

// The standard reason phrase of a status code ("Not Found"); "Unknown" for codes we never send.
QByteArray reasonPhrase(int status);

// The bytes on the wire. `headRequest` keeps Content-Length but omits the body; `keepAlive`
// chooses the Connection header (a response with closeConnection always says close).
QByteArray serializeResponse(const HttpResponse &response, bool headRequest, bool keepAlive);

// True if a comma-separated header value contains `token` (case-insensitive): "keep-alive, Upgrade".
bool headerHasToken(QByteArrayView value, QByteArrayView token);

} // namespace tickstock::http
