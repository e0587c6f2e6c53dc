#pragma once
// What one feed connection has asked the server for and what the server answered, per subscription
// param ("T.AAPL"): pending (sent, no answer yet), acked, refused (an `error` status), unconfirmed
// (no ack within the ack timeout). A plain value: no socket, the caller passes the time in, so the
// rules are testable on their own (docs/architecture.md, Feed connections).

#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <deque>
#include <optional>

namespace tickstock::feed {

class SubscriptionTracker {
public:
    enum class State { Pending, Acked, Refused, Unconfirmed };
    struct Counts {
        int acked = 0;
        int pending = 0;
        int refused = 0;
        int unconfirmed = 0;
    };

    // Marks `params` as sent at nowMs and returns the ones that need a subscribe message: an acked
    // param is held already (the server sends no second ack), a duplicate in `params` is sent once.
    QStringList markSent(const QStringList &params, qint64 nowMs);

    // "subscribed to: <param>": false when the param is not tracked (e.g. removed meanwhile).
    bool ack(const QString &param);

    // An `error` status does not name the param: the oldest one still waiting, in sent order, is
    // refused. Returns it, or empty when none waits.
    QString refuseOldest();

    // Pending params sent more than timeoutMs before nowMs become unconfirmed; returns how many.
    int expire(qint64 nowMs, qint64 timeoutMs);

    // A new socket holds nothing: every param is pending again and must be resent.
    void reset();

    // Unsubscribed locally: forgotten at once (the server's unsubscribe ack is not waited for).
    void remove(const QStringList &params);

    const Counts &counts() const { return m_counts; }
    std::optional<State> state(const QString &param) const;
    qsizetype size() const { return m_subs.size(); }

private:
    struct Subscription {
        State state = State::Pending;
        qint64 sentMs = 0;
    };
    void recount();

    QHash<QString, Subscription> m_subs; // param → state
    std::deque<QString> m_ackOrder;      // pending params in sent order (to attribute `error` acks)
    Counts m_counts;
};

} // namespace tickstock::feed
