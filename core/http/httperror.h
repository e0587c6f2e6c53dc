#pragma once
// The one place where API errors become HTTP status codes and JSON bodies.
// Error bodies look like every other response:
//   {"api_version":1,"status":"error","code":404,"error":"not_found","message":"..."}

#include "http/httpmessage.h"

#include <QtCore/QString>

namespace tickstock::http {

enum class ApiError {
    BadRequest,          // 400: malformed request line, header or value; bad action
    Unauthorized,        // 401: missing or wrong bearer token
    Forbidden,           // 403: Host or Origin not allowed
    NotFound,            // 404: no such route, connection or ticker
    MethodNotAllowed,    // 405: the path exists, the method does not (Allow lists the methods)
    RequestTimeout,      // 408: the request did not arrive in time
    PayloadTooLarge,     // 413: body over the limit
    UriTooLong,          // 414: request line over the limit
    UpgradeRequired,     // 426: /admin-ws without a WebSocket handshake
    TooManyRequests,     // 429: too many failed authentications from this address
    HeadersTooLarge,     // 431: header section over the limit
    Internal,            // 500
    NotImplemented,      // 501: unknown method, Transfer-Encoding
    Unavailable,         // 503: controls not wired, too many connections or stream clients
    VersionNotSupported, // 505: not HTTP/1.x
};

int httpStatus(ApiError error);
QString errorName(ApiError error); // "not_found"

// The JSON error response. `message` must not contain secrets or unbounded client input.
HttpResponse errorResponse(ApiError error, const QString &message);

} // namespace tickstock::http
