#include "http/auth.h"

#include "http/addressprefix.h"

#include <QtCore/QElapsedTimer>

namespace tickstock::http {

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Walk the longer input completely so the time depends on the lengths only.
    const qsizetype n = qMax(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
        const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
        diff |= static_cast<unsigned char>(x ^ y);
    }
    // Keep the compiler from short-circuiting the loop.
    volatile unsigned char result = diff;
    return result == 0;
}

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray value = request.header("authorization");
    const qsizetype space = value.indexOf(' ');
    if (space <= 0)
        return {};
    if (QByteArrayView(value).first(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return {};
    return value.mid(space + 1).trimmed();
}

AuthThrottle::AuthThrottle(ThrottleOptions options, Clock clock)
    : m_options(options)
    , m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

qint64 AuthThrottle::blockedForMs(const QHostAddress &address)
{
    const auto it = m_entries.constFind(addressPrefix(address));
    if (it == m_entries.cend())
        return 0;
    const qint64 left = it->blockedUntilMs - m_clock();
    return left > 0 ? left : 0;
}

bool AuthThrottle::exempt(const QHostAddress &address) const
{
    const auto it = m_entries.constFind(addressPrefix(address));
    return it == m_entries.cend() || (!it->tainted && !it->failing.contains(address));
}

bool AuthThrottle::recordFailure(const QHostAddress &address)
{
    const qint64 now = m_clock();
    const QHostAddress prefix = addressPrefix(address);
    if (!m_entries.contains(prefix) && m_entries.size() >= m_options.maxTrackedAddresses)
        prune(now);
    Entry &e = m_entries[prefix];
    e.lastSeenMs = now;
    if (!e.tainted && !e.failing.contains(address)) {
        if (e.failing.size() >= m_options.maxFailingAddresses)
            e.tainted = true;
        else
            e.failing.insert(address);
    }
    if (e.blockedUntilMs > now)
        return false;
    if (e.failures == 0 || now - e.windowStartMs > m_options.windowMs) { // a new episode
        e.failing = {address};
        e.tainted = false;
        e.failures = 0;
        e.windowStartMs = now;
    }
    if (++e.failures >= m_options.maxFailures) {
        e.blockedUntilMs = now + m_options.blockMs;
        e.failures = 0;
        return true;
    }
    return false;
}

void AuthThrottle::recordSuccess(const QHostAddress &address)
{
    const auto it = m_entries.find(addressPrefix(address));
    if (it == m_entries.end() || it->blockedUntilMs > m_clock())
        return;
    it->failing.remove(address);
    if (it->failing.isEmpty() && !it->tainted)
        m_entries.erase(it); // the only client that failed got it right: forget
}

void AuthThrottle::prune(qint64 now)
{
    // Forget entries that neither block nor count toward a window any more.
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->blockedUntilMs <= now && now - it->windowStartMs > m_options.windowMs)
            it = m_entries.erase(it);
        else
            ++it;
    }
    // Still full (an attack from many addresses): forget the least recently seen.
    while (m_entries.size() >= m_options.maxTrackedAddresses) {
        auto oldest = m_entries.begin();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->lastSeenMs < oldest->lastSeenMs)
                oldest = it;
        }
        m_entries.erase(oldest);
    }
}

Authenticator::Authenticator(QByteArray token, ThrottleOptions options, AuthThrottle::Clock clock)
    : m_token(std::move(token))
    , m_throttle(options, std::move(clock))
{
}

AuthDecision Authenticator::check(const HttpRequest &request, bool allowQueryToken)
{
    AuthDecision d;
    if (m_token.isEmpty())
        return d;
    QByteArray presented = bearerToken(request);
    if (presented.isEmpty() && allowQueryToken)
        presented = request.query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
    const bool correct = !presented.isEmpty() && constantTimeEquals(presented, m_token);
    if (const qint64 left = m_throttle.blockedForMs(request.peer); left > 0) {
        if (correct && m_throttle.exempt(request.peer))
            return d; // a bystander of the blocked prefix with the right token
        if (!correct)
            m_throttle.recordFailure(request.peer); // no longer a bystander
        d.outcome = AuthOutcome::Throttled;
        d.retryAfterMs = left;
        return d;
    }
    if (correct) {
        m_throttle.recordSuccess(request.peer);
        return d;
    }
    d.outcome = AuthOutcome::Unauthorized;
    d.startedBlock = m_throttle.recordFailure(request.peer);
    if (d.startedBlock) {
        d.retryAfterMs = m_throttle.blockedForMs(request.peer);
    }
    return d;
}

} // namespace tickstock::http
