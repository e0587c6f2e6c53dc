#pragma once
// The HTTP request parser on any bytes, fed whole and in random chunks: the same requests and the
// same error either way, and every accepted request is well-formed.

#include "fuzzinput.h"

#include "http/requestparser.h"

namespace tickstock::fuzz {

struct ParseOutcome {
    QList<http::HttpRequest> requests;
    bool failed = false;
    http::ApiError error = http::ApiError::BadRequest;
};

inline void checkAcceptedRequest(const http::HttpRequest &r, const http::ParserLimits &limits)
{
    FUZZ_CHECK(!r.method.isEmpty());
    FUZZ_CHECK(r.path.startsWith(QLatin1Char('/')));
    FUZZ_CHECK(!r.path.contains(QChar(0)));
    FUZZ_CHECK(r.versionMinor == 0 || r.versionMinor == 1);
    FUZZ_CHECK(r.headers.size() <= limits.maxHeaderCount);
    FUZZ_CHECK(r.body.size() <= limits.maxBodyBytes);
    FUZZ_CHECK(r.body.size() == r.header("content-length").toLongLong());
    int hosts = 0;
    for (const auto &[name, value] : r.headers) {
        FUZZ_CHECK(!name.isEmpty() && name == name.toLower());
        FUZZ_CHECK(!value.contains('\n') && !value.contains('\r'));
        hosts += name == "host";
    }
    FUZZ_CHECK(hosts <= 1 && (r.versionMinor == 0 || hosts == 1));
}

inline ParseOutcome parseRequests(const QList<QByteArrayView> &pieces, const http::ParserLimits &limits)
{
    http::RequestParser parser(limits);
    ParseOutcome out;
    http::HttpRequest request;
    for (QByteArrayView piece : pieces) {
        parser.append(piece);
        http::RequestParser::Status status;
        while ((status = parser.next(&request)) == http::RequestParser::Status::Complete) {
            checkAcceptedRequest(request, limits);
            out.requests.append(request);
        }
        if (status == http::RequestParser::Status::Error) {
            out.failed = true;
            out.error = parser.error();
            FUZZ_CHECK(!parser.errorMessage().isEmpty());
            FUZZ_CHECK(parser.next(&request) == http::RequestParser::Status::Error); // stays failed
            FUZZ_CHECK(parser.bufferedBytes() == 0);
            return out;
        }
    }
    FUZZ_CHECK(parser.bufferedBytes() <= limits.maxRequestLineBytes + limits.maxHeaderBytes + limits.maxBodyBytes + 2);
    return out;
}

inline bool sameRequest(const http::HttpRequest &a, const http::HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.path == b.path && a.versionMinor == b.versionMinor
        && a.headers == b.headers && a.body == b.body && a.query.toString() == b.query.toString();
}

// Byte 0: limits (small ones put every boundary within the fuzzer's reach) and the chunk seed.
inline void checkRequestParser(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return;
    http::ParserLimits limits;
    if (data[0] & 1) {
        limits.maxRequestLineBytes = 64;
        limits.maxHeaderBytes = 128;
        limits.maxHeaderCount = 4;
        limits.maxBodyBytes = 16;
    }
    const QByteArrayView stream = bytesOf(data + 1, size - 1);
    const ParseOutcome whole = parseRequests({stream}, limits);
    const ParseOutcome split = parseRequests(chunks(stream, data[0]), limits);
    FUZZ_CHECK(whole.requests.size() == split.requests.size());
    for (qsizetype i = 0; i < whole.requests.size(); ++i)
        FUZZ_CHECK(sameRequest(whole.requests.at(i), split.requests.at(i)));
    FUZZ_CHECK(whole.failed == split.failed);
    FUZZ_CHECK(!whole.failed || whole.error == split.error);
}

} // namespace tickstock::fuzz
