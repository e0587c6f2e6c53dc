// The subscription book-keeping of one feed connection, without a socket: what is (re)sent, how
// acks, refusals and the ack timeout move params between states, and the counts the status shows.

#include "feed/subscriptiontracker.h"

#include <QtTest/QTest>

using namespace tickstock::feed;
using State = SubscriptionTracker::State;

namespace {

void compareCounts(const SubscriptionTracker &t, int acked, int pending, int refused, int unconfirmed)
{
    const SubscriptionTracker::Counts &c = t.counts();
    QCOMPARE(c.acked, acked);
    QCOMPARE(c.pending, pending);
    QCOMPARE(c.refused, refused);
    QCOMPARE(c.unconfirmed, unconfirmed);
}

} // namespace

class TestSubscriptionTracker final : public QObject {
    Q_OBJECT
private slots:
    void sentParamsArePendingUntilAcked()
    {
        SubscriptionTracker t;
        const QStringList sent = t.markSent({QStringLiteral("T.AAPL"), QStringLiteral("Q.AAPL")}, 1000);
        QCOMPARE(sent, (QStringList{QStringLiteral("T.AAPL"), QStringLiteral("Q.AAPL")}));
        compareCounts(t, 0, 2, 0, 0);
        QVERIFY(t.ack(QStringLiteral("Q.AAPL"))); // out of order is fine
        QCOMPARE(t.state(QStringLiteral("Q.AAPL")), std::optional<State>(State::Acked));
        QCOMPARE(t.state(QStringLiteral("T.AAPL")), std::optional<State>(State::Pending));
        compareCounts(t, 1, 1, 0, 0);
        QVERIFY(t.ack(QStringLiteral("T.AAPL")));
        compareCounts(t, 2, 0, 0, 0);
    }

    void subscribeDeltaSkipsWhatIsHeld()
    {
        SubscriptionTracker t;
        t.markSent({QStringLiteral("T.AAPL")}, 0);
        t.ack(QStringLiteral("T.AAPL"));
        // Adding a ticker later sends only the new params: the server sends no second ack.
        const QStringList sent = t.markSent({QStringLiteral("T.AAPL"), QStringLiteral("T.MSFT")}, 10);
        QCOMPARE(sent, QStringList{QStringLiteral("T.MSFT")});
        compareCounts(t, 1, 1, 0, 0);
    }

    void unsubscribeForgetsParams()
    {
        SubscriptionTracker t;
        t.markSent({QStringLiteral("T.AAPL"), QStringLiteral("T.MSFT"), QStringLiteral("T.NVDA")}, 0);
        t.ack(QStringLiteral("T.AAPL"));
        t.remove({QStringLiteral("T.AAPL"), QStringLiteral("T.MSFT")});
        QCOMPARE(t.size(), 1);
        QCOMPARE(t.state(QStringLiteral("T.AAPL")), std::nullopt);
        compareCounts(t, 0, 1, 0, 0);
        QVERIFY(!t.ack(QStringLiteral("T.MSFT"))); // a late ack of a removed param is ignored
        compareCounts(t, 0, 1, 0, 0);
        // The removed param no longer takes the blame for an `error` status.
        QCOMPARE(t.refuseOldest(), QStringLiteral("T.NVDA"));
    }

    void refusalGoesToTheOldestWaitingParam()
    {
        SubscriptionTracker t;
        t.markSent({QStringLiteral("T.A"), QStringLiteral("T.B"), QStringLiteral("T.C")}, 0);
        t.ack(QStringLiteral("T.A"));
        QCOMPARE(t.refuseOldest(), QStringLiteral("T.B"));
        QCOMPARE(t.state(QStringLiteral("T.B")), std::optional<State>(State::Refused));
        compareCounts(t, 1, 1, 1, 0);
        QCOMPARE(t.refuseOldest(), QStringLiteral("T.C"));
        QCOMPARE(t.refuseOldest(), QString()); // nothing waits any more
        compareCounts(t, 1, 0, 2, 0);
        // A late ack still wins over a refusal.
        QVERIFY(t.ack(QStringLiteral("T.B")));
        compareCounts(t, 2, 0, 1, 0);
    }

    void unconfirmedAfterTheAckTimeout()
    {
        SubscriptionTracker t;
        t.markSent({QStringLiteral("T.A")}, 1000);
        t.markSent({QStringLiteral("T.B")}, 5000);
        QCOMPARE(t.expire(11000, 10000), 0); // T.A is exactly at the timeout: still pending
        QCOMPARE(t.expire(11001, 10000), 1);
        QCOMPARE(t.state(QStringLiteral("T.A")), std::optional<State>(State::Unconfirmed));
        QCOMPARE(t.state(QStringLiteral("T.B")), std::optional<State>(State::Pending));
        compareCounts(t, 0, 1, 0, 1);
        QCOMPARE(t.expire(11001, 10000), 0); // already expired: counted once
        QCOMPARE(t.expire(15001, 10000), 1);
        compareCounts(t, 0, 0, 0, 2);
        QVERIFY(t.ack(QStringLiteral("T.A"))); // a very late ack confirms it after all
        compareCounts(t, 1, 0, 0, 1);
        // An unconfirmed param is not waiting any more: an `error` status cannot be attributed to it.
        QCOMPARE(t.refuseOldest(), QString());
    }

    void reconnectResendsEverything()
    {
        SubscriptionTracker t;
        t.markSent({QStringLiteral("T.A"), QStringLiteral("T.B"), QStringLiteral("T.C")}, 0);
        t.ack(QStringLiteral("T.A"));
        t.refuseOldest(); // T.B
        t.expire(20000, 10000); // T.C
        compareCounts(t, 1, 0, 1, 1);
        t.reset(); // a new socket holds nothing
        compareCounts(t, 0, 3, 0, 0);
        QCOMPARE(t.refuseOldest(), QString()); // nothing was sent on the new socket yet
        const QStringList sent = t.markSent({QStringLiteral("T.A"), QStringLiteral("T.B"), QStringLiteral("T.C")}, 30000);
        QCOMPARE(sent, (QStringList{QStringLiteral("T.A"), QStringLiteral("T.B"), QStringLiteral("T.C")}));
        QCOMPARE(t.expire(35000, 10000), 0); // the timeout counts from the resend
        QCOMPARE(t.refuseOldest(), QStringLiteral("T.A"));
    }

    void duplicateParamsAreTrackedOnce()
    {
        SubscriptionTracker t;
        const QStringList sent = t.markSent({QStringLiteral("T.A"), QStringLiteral("T.A"), QStringLiteral("T.B")}, 0);
        QCOMPARE(sent, (QStringList{QStringLiteral("T.A"), QStringLiteral("T.B")}));
        QCOMPARE(t.size(), 2);
        compareCounts(t, 0, 2, 0, 0);
        QVERIFY(t.ack(QStringLiteral("T.A")));
        QVERIFY(t.ack(QStringLiteral("T.A"))); // a repeated ack changes nothing
        compareCounts(t, 1, 1, 0, 0);
        QCOMPARE(t.refuseOldest(), QStringLiteral("T.B"));
        compareCounts(t, 1, 0, 1, 0);
    }
};

QTEST_GUILESS_MAIN(TestSubscriptionTracker)
#include "tst_subscriptiontracker.moc"
