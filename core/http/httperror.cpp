#include "http/httperror.h"

#include "status/statusjson.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace tickstock::http {

int httpStatus(ApiError error)
{
    switch (error) {
    case ApiError::BadRequest: return 400;
    case ApiError::Unauthorized: return 401;
    case ApiError::Forbidden: return 403;
    case ApiError::NotFound: return 404;
    case ApiError::MethodNotAllowed: return 405;
    case ApiError::RequestTimeout: return 408;
    case ApiError::PayloadTooLarge: return 413;
    case ApiError::UriTooLong: return 414;
    case ApiError::UpgradeRequired: return 426;
    case ApiError::TooManyRequests: return 429;
    case ApiError::HeadersTooLarge: return 431;
    case ApiError::Internal: return 500;
    case ApiError::NotImplemented: return 501;
    case ApiError::Unavailable: return 503;
    case ApiError::VersionNotSupported: return 505;
    }
    return 500;
}

QString errorName(ApiError error)
{
    switch (error) {
    case ApiError::BadRequest: return QStringLiteral("bad_request");
    case ApiError::Unauthorized: return QStringLiteral("unauthorized");
    case ApiError::Forbidden: return QStringLiteral("forbidden");
    case ApiError::NotFound: return QStringLiteral("not_found");
    case ApiError::MethodNotAllowed: return QStringLiteral("method_not_allowed");
    case ApiError::RequestTimeout: return QStringLiteral("request_timeout");
    case ApiError::PayloadTooLarge: return QStringLiteral("payload_too_large");
    case ApiError::UriTooLong: return QStringLiteral("uri_too_long");
    case ApiError::UpgradeRequired: return QStringLiteral("upgrade_required");
    case ApiError::TooManyRequests: return QStringLiteral("too_many_requests");
    case ApiError::HeadersTooLarge: return QStringLiteral("headers_too_large");
    case ApiError::Internal: return QStringLiteral("internal_error");
    case ApiError::NotImplemented: return QStringLiteral("not_implemented");
    case ApiError::Unavailable: return QStringLiteral("unavailable");
    case ApiError::VersionNotSupported: return QStringLiteral("http_version_not_supported");
    }
    return QStringLiteral("internal_error");
}

HttpResponse errorResponse(ApiError error, const QString &message)
{
    HttpResponse r;
    r.status = httpStatus(error);
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("api_version"), status::kApiVersion},
                                       {QStringLiteral("status"), QStringLiteral("error")},
                                       {QStringLiteral("code"), r.status},
                                       {QStringLiteral("error"), errorName(error)},
                                       {QStringLiteral("message"), message}})
                 .toJson(QJsonDocument::Compact);
    return r;
}

} // namespace tickstock::http
