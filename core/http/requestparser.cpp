#include "http/requestparser.h"

#include <QtCore/QUrl>

#include <cctype>
#include <optional>

namespace tickstock::http {
namespace {

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool isVisibleAscii(QByteArrayView s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return false;
    }
    return true;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Percent-decodes a raw path except '/' and '%' themselves, which stay "%2F" and "%25": an
// encoded slash is part of a segment (a forex pair "EUR%2FUSD"), never a separator, and a segment
// is decoded exactly once (by the router, after splitting). Invalid escapes stay as they are.
QString decodePath(QByteArrayView raw)
{
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const int hi = raw[i] == '%' && i + 2 < raw.size() ? hexValue(raw[i + 1]) : -1;
        const int lo = hi >= 0 ? hexValue(raw[i + 2]) : -1;
        if (lo < 0) {
            out += raw[i];
            continue;
        }
        const char c = char(hi * 16 + lo);
        if (c == '/' || c == '%')
            out += c == '/' ? "%2F" : "%25";
        else
            out += c;
        i += 2;
    }
    return QString::fromUtf8(out);
}

bool isFieldValue(QByteArrayView s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

// A line without its terminator: up to '\n', minus an optional '\r'. nullopt: no '\n' yet.
std::optional<QByteArrayView> lineAt(const QByteArray &buffer, qsizetype from, qsizetype *next)
{
    const qsizetype nl = buffer.indexOf('\n', from);
    if (nl < 0)
        return std::nullopt;
    qsizetype end = nl;
    if (end > from && buffer.at(end - 1) == '\r')
        --end;
    *next = nl + 1;
    return QByteArrayView(buffer.constData() + from, end - from);
}

} // namespace

RequestParser::RequestParser(ParserLimits limits)
    : m_limits(limits)
{
}

void RequestParser::append(QByteArrayView data)
{
    if (!m_failed)
        m_buffer.append(data);
}

bool RequestParser::inRequest() const
{
    return m_state != State::RequestLine || m_pos < m_buffer.size();
}

QByteArray RequestParser::takeRemaining()
{
    QByteArray rest = m_buffer.mid(m_pos);
    m_buffer.clear();
    m_pos = 0;
    return rest;
}

RequestParser::Status RequestParser::fail(ApiError error, const QString &message)
{
    m_failed = true;
    m_error = error;
    m_errorMessage = message;
    m_buffer.clear();
    m_pos = 0;
    return Status::Error;
}

// 414 if the line starts like a request (a method token and a space), else 400 for junk.
RequestParser::Status RequestParser::failTooLong(QByteArrayView line)
{
    const QByteArrayView start = line.first(qMin<qsizetype>(line.size(), 16));
    const qsizetype space = start.indexOf(' ');
    if (space > 0 && isToken(start.first(space)))
        return fail(ApiError::UriTooLong, QStringLiteral("request line too long"));
    return fail(ApiError::BadRequest, QStringLiteral("malformed request line"));
}

RequestParser::Status RequestParser::next(HttpRequest *request)
{
    if (m_failed)
        return Status::Error;
    for (;;) {
        switch (m_state) {
        case State::RequestLine: {
            // RFC 9112 §2.2: ignore empty lines before the request line (a few, not forever; counted
            // across reads, so that the verdict does not depend on how the bytes arrive).
            while (m_pos < m_buffer.size() && (m_buffer.at(m_pos) == '\r' || m_buffer.at(m_pos) == '\n')) {
                ++m_pos;
                if (++m_emptyLines > 8)
                    return fail(ApiError::BadRequest, QStringLiteral("empty lines instead of a request line"));
            }
            qsizetype next = 0;
            const auto line = lineAt(m_buffer, m_pos, &next);
            if (!line) {
                // Over the limit already, even if the '\r' of a CRLF is the last byte that came.
                const qsizetype pending = m_buffer.size() - m_pos - (m_buffer.endsWith('\r') ? 1 : 0);
                if (pending > m_limits.maxRequestLineBytes)
                    return failTooLong(QByteArrayView(m_buffer).sliced(m_pos));
                if (m_pos > 0 && m_pos == m_buffer.size()) {
                    m_buffer.clear();
                    m_pos = 0;
                }
                return Status::NeedMore;
            }
            if (line->size() > m_limits.maxRequestLineBytes)
                return failTooLong(*line);
            m_request = HttpRequest();
            m_headerBytes = 0;
            m_contentLength = 0;
            if (!parseRequestLine(*line))
                return Status::Error;
            m_pos = next;
            m_state = State::Headers;
            break;
        }
        case State::Headers: {
            qsizetype next = 0;
            const auto line = lineAt(m_buffer, m_pos, &next);
            if (!line) {
                if (m_headerBytes + (m_buffer.size() - m_pos) > m_limits.maxHeaderBytes)
                    return fail(ApiError::HeadersTooLarge, QStringLiteral("header section too large"));
                return Status::NeedMore;
            }
            m_headerBytes += next - m_pos;
            if (m_headerBytes > m_limits.maxHeaderBytes)
                return fail(ApiError::HeadersTooLarge, QStringLiteral("header section too large"));
            m_pos = next;
            if (line->isEmpty()) {
                if (!finishHeaders())
                    return Status::Error;
                m_state = State::Body;
                break;
            }
            if (!parseHeaderLine(*line))
                return Status::Error;
            break;
        }
        case State::Body: {
            if (m_buffer.size() - m_pos < m_contentLength)
                return Status::NeedMore;
            m_request.body = m_buffer.mid(m_pos, m_contentLength);
            m_pos += m_contentLength;
            // Drop consumed bytes so a long keep-alive connection does not grow the buffer.
            m_buffer.remove(0, m_pos);
            m_pos = 0;
            m_state = State::RequestLine;
            m_emptyLines = 0;
            *request = std::move(m_request);
            m_request = HttpRequest();
            return Status::Complete;
        }
        }
    }
}

bool RequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0) {
        fail(ApiError::BadRequest, QStringLiteral("malformed request line"));
        return false;
    }
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isToken(method)) {
        fail(ApiError::BadRequest, QStringLiteral("malformed request method"));
        return false;
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version.at(6) != '.'
        || !std::isdigit(static_cast<unsigned char>(version.at(5)))
        || !std::isdigit(static_cast<unsigned char>(version.at(7)))) {
        fail(ApiError::BadRequest, QStringLiteral("malformed HTTP version"));
        return false;
    }
    if (version.at(5) != '1') {
        fail(ApiError::VersionNotSupported, QStringLiteral("only HTTP/1.0 and HTTP/1.1 are supported"));
        return false;
    }
    if (!isVisibleAscii(target)) {
        fail(ApiError::BadRequest, QStringLiteral("malformed request target"));
        return false;
    }
    QByteArrayView pathAndQuery = target;
    m_authority.clear();
    if (target.startsWith("http://") || target.startsWith("https://")) { // absolute-form (proxies send it)
        const qsizetype authority = target.indexOf("//") + 2;
        const qsizetype slash = target.indexOf('/', authority);
        qsizetype end = slash < 0 ? target.size() : slash;
        if (const qsizetype q = target.sliced(authority, end - authority).indexOf('?'); q >= 0)
            end = authority + q;
        m_authority = target.sliced(authority, end - authority).toByteArray().toLower();
        pathAndQuery = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
        if (m_authority.isEmpty() || m_authority.contains('@')) {
            fail(ApiError::BadRequest, QStringLiteral("malformed absolute-form request target"));
            return false;
        }
    } else if (target == "*") {
        fail(ApiError::BadRequest, QStringLiteral("asterisk-form targets (OPTIONS *) are not supported"));
        return false;
    } else if (!target.startsWith('/')) {
        fail(ApiError::BadRequest, QStringLiteral("request target must be an absolute path"));
        return false;
    }
    const qsizetype hash = pathAndQuery.indexOf('#');
    if (hash >= 0)
        pathAndQuery = pathAndQuery.first(hash);
    const qsizetype question = pathAndQuery.indexOf('?');
    const QByteArrayView rawPath = question < 0 ? pathAndQuery : pathAndQuery.first(question);
    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
    m_request.versionMinor = qMin(version.at(7) - '0', 1); // RFC 9110 §2.5: HTTP/1.9 is served as 1.1
    m_request.path = decodePath(rawPath);
    if (m_request.path.contains(QChar(0))) {
        fail(ApiError::BadRequest, QStringLiteral("malformed request target"));
        return false;
    }
    if (question >= 0)
        m_request.query = QUrlQuery(QString::fromLatin1(pathAndQuery.sliced(question + 1)));
    return true;
}

bool RequestParser::parseHeaderLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t') {
        fail(ApiError::BadRequest, QStringLiteral("obsolete header line folding"));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon))) {
        fail(ApiError::BadRequest, QStringLiteral("malformed header line"));
        return false;
    }
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    if (!isFieldValue(value)) {
        fail(ApiError::BadRequest, QStringLiteral("invalid character in a header value"));
        return false;
    }
    if (m_request.headers.size() >= m_limits.maxHeaderCount) {
        fail(ApiError::HeadersTooLarge, QStringLiteral("too many header fields"));
        return false;
    }
    m_request.headers.append({line.first(colon).toByteArray().toLower(), value.toByteArray()});
    return true;
}

bool RequestParser::finishHeaders()
{
    int hosts = 0;
    bool haveLength = false;
    qsizetype length = 0;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name == "host") {
            ++hosts;
        } else if (name == "transfer-encoding") {
            fail(ApiError::NotImplemented, QStringLiteral("Transfer-Encoding is not supported; send Content-Length"));
            return false;
        } else if (name == "content-length") {
            bool ok = !value.isEmpty() && value.size() <= 18;
            for (char c : value)
                ok = ok && c >= '0' && c <= '9';
            const qsizetype n = ok ? value.toLongLong(&ok) : -1;
            if (!ok || (haveLength && n != length)) {
                fail(ApiError::BadRequest, QStringLiteral("invalid Content-Length"));
                return false;
            }
            haveLength = true;
            length = n;
        }
    }
    if (hosts > 1 || (hosts == 0 && m_request.versionMinor >= 1)) {
        fail(ApiError::BadRequest, QStringLiteral("HTTP/1.1 needs exactly one Host header"));
        return false;
    }
    // An absolute-form target names the host itself: it must be the Host header's, so the Host
    // checks (DNS-rebinding protection) see the name the client really asked for.
    if (!m_authority.isEmpty() && hosts == 1 && m_request.header("host").toLower() != m_authority) {
        fail(ApiError::BadRequest, QStringLiteral("the absolute-form target and the Host header name different hosts"));
        return false;
    }
    if (length > m_limits.maxBodyBytes) {
        fail(ApiError::PayloadTooLarge,
             QStringLiteral("request body over the limit of %1 bytes").arg(m_limits.maxBodyBytes));
        return false;
    }
    m_contentLength = length;
    return true;
}

} // namespace tickstock::http
