#include "feed/subscriptiontracker.h"

#include <QtCore/QSet>

#include <algorithm>

namespace tickstock::feed {

QStringList SubscriptionTracker::markSent(const QStringList &params, qint64 nowMs)
{
    QStringList toSend;
    QSet<QString> seen;
    for (const QString &p : params) {
        if (seen.contains(p))
            continue;
        seen.insert(p);
        Subscription &s = m_subs[p];
        if (s.state == State::Acked)
            continue;
        s.state = State::Pending;
        s.sentMs = nowMs;
        m_ackOrder.push_back(p);
        toSend.append(p);
    }
    recount();
    return toSend;
}

bool SubscriptionTracker::ack(const QString &param)
{
    auto it = m_subs.find(param);
    if (it == m_subs.end())
        return false;
    const State before = it->state;
    it->state = State::Acked;
    // Acks come back in sent order, so the param is normally the oldest one waiting: O(1) per ack,
    // not a scan (a scan and a full recount per ack made 10,000 tickers take O(n²) on the feed thread).
    if (!m_ackOrder.empty() && m_ackOrder.front() == param) {
        m_ackOrder.pop_front();
    } else if (const auto o = std::find(m_ackOrder.begin(), m_ackOrder.end(), param); o != m_ackOrder.end()) {
        m_ackOrder.erase(o);
    }
    switch (before) {
    case State::Pending: --m_counts.pending; break;
    case State::Refused: --m_counts.refused; break;
    case State::Unconfirmed: --m_counts.unconfirmed; break;
    case State::Acked: return true;
    }
    ++m_counts.acked;
    return true;
}

QString SubscriptionTracker::refuseOldest()
{
    QString refused;
    while (!m_ackOrder.empty()) {
        const QString param = m_ackOrder.front();
        m_ackOrder.pop_front();
        auto it = m_subs.find(param);
        if (it != m_subs.end() && it->state == State::Pending) {
            it->state = State::Refused;
            refused = param;
            break;
        }
    }
    recount();
    return refused;
}

int SubscriptionTracker::expire(qint64 nowMs, qint64 timeoutMs)
{
    int expired = 0;
    for (auto it = m_subs.begin(); it != m_subs.end(); ++it) {
        if (it->state == State::Pending && nowMs - it->sentMs > timeoutMs) {
            it->state = State::Unconfirmed;
            ++expired;
        }
    }
    if (expired)
        recount();
    return expired;
}

void SubscriptionTracker::reset()
{
    for (auto it = m_subs.begin(); it != m_subs.end(); ++it)
        it->state = State::Pending;
    m_ackOrder.clear();
    recount();
}

void SubscriptionTracker::remove(const QStringList &params)
{
    for (const QString &p : params)
        m_subs.remove(p);
    std::erase_if(m_ackOrder, [&](const QString &p) { return !m_subs.contains(p); });
    recount();
}

std::optional<SubscriptionTracker::State> SubscriptionTracker::state(const QString &param) const
{
    const auto it = m_subs.constFind(param);
    if (it == m_subs.constEnd())
        return std::nullopt;
    return it->state;
}

void SubscriptionTracker::recount()
{
    m_counts = {};
    for (const Subscription &s : std::as_const(m_subs)) {
        switch (s.state) {
        case State::Acked: ++m_counts.acked; break;
        case State::Pending: ++m_counts.pending; break;
        case State::Refused: ++m_counts.refused; break;
        case State::Unconfirmed: ++m_counts.unconfirmed; break;
        }
    }
}

} // namespace tickstock::feed
