#pragma once
// Bearer-token checks for the status server: constant-time comparison, and a failure throttle per
// network prefix (addressprefix.h: IPv4 /24, IPv6 /64, the local host as one): after maxFailures
// wrong or missing tokens within windowMs from a prefix, it gets 429 for blockMs. While a prefix is
// blocked, a correct token still passes from an address of it that had no part in the failures
// (a shared NAT or proxy address, or another local process, cannot lock out the rightful client);
// an address that failed gets 429 whatever it sends. The clock is injectable for tests.

#include "http/httpmessage.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtNetwork/QHostAddress>

#include <functional>

namespace tickstock::http {

// Compares in time that depends only on the lengths, never on where the first difference is.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// The token of "Authorization: Bearer <token>" (scheme case-insensitive), or empty.
QByteArray bearerToken(const HttpRequest &request);

struct ThrottleOptions {
    int maxFailures = 5;      // failures within windowMs that trigger a block
    int windowMs = 60'000;
    int blockMs = 60'000;
    int maxTrackedAddresses = 4096; // prefixes; bounded memory: the oldest entries are forgotten first
    int maxFailingAddresses = 64;   // per prefix; beyond it no address of the prefix is exempt
};

class AuthThrottle final {
public:
    using Clock = std::function<qint64()>; // ms, monotonic

    explicit AuthThrottle(ThrottleOptions options = {}, Clock clock = {});

    // >0: the address's prefix is blocked for that many more milliseconds.
    qint64 blockedForMs(const QHostAddress &address);
    // While its prefix is blocked: may this address still present a token (it had no failure)?
    bool exempt(const QHostAddress &address) const;
    // Records a failure; returns true if this failure started a block.
    bool recordFailure(const QHostAddress &address);
    void recordSuccess(const QHostAddress &address); // forgets the address's failures
    qsizetype trackedAddresses() const { return m_entries.size(); }
    const ThrottleOptions &options() const { return m_options; }

private:
    struct Entry {
        int failures = 0;
        qint64 windowStartMs = 0;
        qint64 blockedUntilMs = 0;
        qint64 lastSeenMs = 0;
        QSet<QHostAddress> failing; // addresses with a failure since the window or block began
        bool tainted = false;       // more failing addresses than maxFailingAddresses
    };
    void prune(qint64 now);

    ThrottleOptions m_options;
    Clock m_clock;
    QHash<QHostAddress, Entry> m_entries;
};

enum class AuthOutcome { Allowed, Unauthorized, Throttled };

struct AuthDecision {
    AuthOutcome outcome = AuthOutcome::Allowed;
    qint64 retryAfterMs = 0; // Throttled
    bool startedBlock = false; // this failure started a block (log it once)
};

// The token check of one request: Authorization header, or `?token=` when allowQueryToken
// (the live stream, where browsers cannot set headers). No token configured: everything passes.
class Authenticator final {
public:
    Authenticator(QByteArray token, ThrottleOptions options = {}, AuthThrottle::Clock clock = {});

    bool enabled() const { return !m_token.isEmpty(); }
    AuthDecision check(const HttpRequest &request, bool allowQueryToken);
    AuthThrottle &throttle() { return m_throttle; }

private:
    QByteArray m_token;
    AuthThrottle m_throttle;
};

} // namespace tickstock::http
