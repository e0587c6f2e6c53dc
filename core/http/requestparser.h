#pragma once
// Incremental HTTP/1.1 request parser with hard size limits (no socket; fed with bytes). Handles
// pipelined requests: after Complete, the bytes of the next request stay buffered.
//
// Errors map to the status a server should answer before closing the connection:
// 400 malformed request line, header, Host or Content-Length; 414 request line too long;
// 431 header section too large or too many headers; 413 body over the limit (checked against
// Content-Length before any body byte is read); 501 Transfer-Encoding; 505 not HTTP/1.x.
// The method is only checked to be a token; unknown methods are the router's business (501).

#include "http/httperror.h"
#include "http/httpmessage.h"

namespace tickstock::http {

struct ParserLimits {
    qsizetype maxRequestLineBytes = 8 * 1024;
    qsizetype maxHeaderBytes = 16 * 1024; // the whole header section after the request line
    int maxHeaderCount = 64;
    qsizetype maxBodyBytes = 16 * 1024;
};

class RequestParser final {
public:
    enum class Status { NeedMore, Complete, Error };

    explicit RequestParser(ParserLimits limits = {});

    void append(QByteArrayView data);
    // Parses from the buffered bytes. Complete: *request holds the next request. Error: see
    // error()/errorMessage(); the parser stays in the error state.
    Status next(HttpRequest *request);

    ApiError error() const { return m_error; }
    QString errorMessage() const { return m_errorMessage; }
    bool hasError() const { return m_failed; }
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }
    // True while part of a request has arrived (for the request timeout).
    bool inRequest() const;
    // Bytes received after the last complete request (e.g. WebSocket frames after an upgrade).
    QByteArray takeRemaining();
    const ParserLimits &limits() const { return m_limits; }

private:
    enum class State { RequestLine, Headers, Body };
    Status fail(ApiError error, const QString &message);
    Status failTooLong(QByteArrayView line);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    bool finishHeaders();

    ParserLimits m_limits;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    State m_state = State::RequestLine;
    HttpRequest m_request;
    qsizetype m_headerBytes = 0;
    qsizetype m_contentLength = 0;
    int m_emptyLines = 0; // skipped before the current request line
    QByteArray m_authority; // of an absolute-form target, lower case
    bool m_failed = false;
    ApiError m_error = ApiError::BadRequest;
    QString m_errorMessage;
};

} // namespace tickstock::http
