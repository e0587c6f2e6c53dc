// The publisher's bounded queue (publish/tickqueue.h): FIFO order, drop-oldest with exact counters,
// growth up to the capacity, the consumer wake-up protocol, discardAll; plus a two-thread run
// checking that nothing is lost or reordered. Hermetic.

#include "publish/tickqueue.h"

#include <QtTest/QTest>

#include <thread>

using namespace tickstock::publish;

namespace {

std::vector<Tick> ticks(int first, int count)
{
    std::vector<Tick> v(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        v[static_cast<std::size_t>(i)].volume = first + i;
        v[static_cast<std::size_t>(i)].symbol = "SYM" + std::to_string((first + i) % 7);
    }
    return v;
}

std::vector<std::int64_t> takeAll(TickQueue &q)
{
    std::vector<std::int64_t> out;
    std::vector<Tick> batch;
    while (const std::size_t n = q.take(batch, 3)) {
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(batch[i].volume);
    }
    return out;
}

std::vector<std::int64_t> range(std::int64_t first, std::int64_t last)
{
    std::vector<std::int64_t> v;
    for (std::int64_t i = first; i <= last; ++i)
        v.push_back(i);
    return v;
}

} // namespace

class TestTickQueue final : public QObject {
    Q_OBJECT
private slots:
    void fifo()
    {
        TickQueue q(100);
        auto a = ticks(0, 10);
        q.push(a, a.size());
        auto b = ticks(10, 5);
        q.push(b, 3); // only the first 3
        QCOMPARE(q.size(), std::size_t(13));
        QCOMPARE(takeAll(q), range(0, 12));
        const auto c = q.counters();
        QCOMPARE(c.pushed, qint64(13));
        QCOMPARE(c.taken, qint64(13));
        QCOMPARE(c.dropped, qint64(0));
        QCOMPARE(c.depth, std::size_t(0));
    }

    void dropsOldestAndCountsEveryDrop()
    {
        TickQueue q(5);
        auto a = ticks(0, 3);
        QCOMPARE(q.push(a, 3).dropped, std::size_t(0));
        auto b = ticks(3, 4); // 7 offered, capacity 5: 0 and 1 go
        QCOMPARE(q.push(b, 4).dropped, std::size_t(2));
        auto c = ticks(7, 12); // a frame larger than the queue: only its newest 5 stay
        QCOMPARE(q.push(c, 12).dropped, std::size_t(12));
        QCOMPARE(q.size(), std::size_t(5));
        QCOMPARE(takeAll(q), range(14, 18));
        const auto k = q.counters();
        QCOMPARE(k.pushed, qint64(19));
        QCOMPARE(k.dropped, qint64(14));
        QCOMPARE(k.taken, qint64(5));
        QCOMPARE(k.pushed, k.taken + k.dropped + qint64(k.depth) + k.discarded);
    }

    void dropOldestAfterWrapAround()
    {
        TickQueue q(4);
        auto a = ticks(0, 3);
        q.push(a, 3);
        std::vector<Tick> out;
        QCOMPARE(q.take(out, 2), std::size_t(2)); // head moves to 2
        auto b = ticks(3, 5);                     // 1 + 5 = 6 > 4: 2 and 3 dropped
        QCOMPARE(q.push(b, 5).dropped, std::size_t(2));
        QCOMPARE(takeAll(q), range(4, 7));
    }

    void growsOnDemandUpToTheCapacity()
    {
        TickQueue q(5000); // starts with 1024 slots
        auto a = ticks(0, 4500);
        QCOMPARE(q.push(a, a.size()).dropped, std::size_t(0));
        std::vector<Tick> out;
        QCOMPARE(q.take(out, 100), std::size_t(100));
        auto b = ticks(4500, 1000); // wraps, then fills: 4400 + 1000 = 5400 -> 400 dropped
        QCOMPARE(q.push(b, b.size()).dropped, std::size_t(400));
        QCOMPARE(takeAll(q), range(500, 5499));
        QCOMPARE(q.capacity(), std::size_t(5000));
    }

    void wakeProtocol()
    {
        TickQueue q(10);
        auto a = ticks(0, 2);
        QVERIFY(q.push(a, 2).wake); // the consumer has not taken anything yet
        a = ticks(2, 2);
        QVERIFY(!q.push(a, 2).wake); // already woken
        std::vector<Tick> out;
        QCOMPARE(q.take(out, 1), std::size_t(1)); // more left: not waiting
        a = ticks(4, 1);
        QVERIFY(!q.push(a, 1).wake);
        QCOMPARE(q.take(out, 10), std::size_t(4)); // emptied it: waiting
        a = ticks(5, 1);
        QVERIFY(q.push(a, 1).wake);
        QCOMPARE(q.take(out, 10), std::size_t(1));
        QCOMPARE(q.take(out, 10), std::size_t(0));
        a = ticks(6, 1);
        QVERIFY(q.push(a, 1).wake);
        std::vector<Tick> none;
        QVERIFY(!q.push(none, 0).wake); // nothing offered, nothing to wake for
    }

    void discardAllIsCountedSeparately()
    {
        TickQueue q(10);
        auto a = ticks(0, 7);
        q.push(a, 7);
        QCOMPARE(q.discardAll(), std::size_t(7));
        const auto c = q.counters();
        QCOMPARE(c.discarded, qint64(7));
        QCOMPARE(c.dropped, qint64(0));
        QCOMPARE(c.depth, std::size_t(0));
        auto b = ticks(7, 2);
        q.push(b, 2);
        QCOMPARE(takeAll(q), range(7, 8));
    }

    void storageIsRecycled()
    {
        TickQueue q(4);
        std::vector<Tick> in(1);
        in[0].symbol = std::string(100, 'x'); // heap-allocated
        q.push(in, 1);
        QVERIFY(in[0].symbol.empty() || in[0].symbol != std::string(100, 'x')); // swapped out, not copied
        std::vector<Tick> out;
        QCOMPARE(q.take(out, 1), std::size_t(1));
        QCOMPARE(out[0].symbol, std::string(100, 'x'));
    }

    void producerAndConsumerThreadsLoseNothing()
    {
        constexpr int kTotal = 200000;
        TickQueue q(kTotal); // large enough: no drops, so every tick must arrive, in order
        std::thread producer([&q] {
            std::vector<Tick> frame;
            for (int i = 0; i < kTotal; i += 50) {
                frame = ticks(i, 50);
                q.push(frame, frame.size());
            }
        });
        std::vector<Tick> batch;
        std::int64_t expected = 0;
        bool ordered = true;
        while (expected < kTotal) {
            const std::size_t n = q.take(batch, 1024);
            for (std::size_t i = 0; i < n; ++i)
                ordered = ordered && batch[i].volume == expected++;
            if (n == 0)
                std::this_thread::yield();
        }
        producer.join();
        QVERIFY(ordered);
        QCOMPARE(q.counters().taken, qint64(kTotal));
        QCOMPARE(q.counters().dropped, qint64(0));
    }

    void smallQueueUnderLoadAccountsForEverything()
    {
        constexpr int kTotal = 100000;
        TickQueue q(100);
        std::thread producer([&q] {
            std::vector<Tick> frame;
            for (int i = 0; i < kTotal; i += 20) {
                frame = ticks(i, 20);
                q.push(frame, frame.size());
            }
        });
        std::vector<Tick> batch;
        qint64 received = 0;
        std::int64_t last = -1;
        bool increasing = true;
        // The newest tick of the last frame can never be dropped: wait for it.
        while (last != kTotal - 1) {
            const std::size_t n = q.take(batch, 7);
            for (std::size_t i = 0; i < n; ++i) {
                increasing = increasing && batch[i].volume > last;
                last = batch[i].volume;
            }
            received += static_cast<qint64>(n);
            if (n == 0)
                std::this_thread::yield();
        }
        producer.join();
        const auto c = q.counters();
        QVERIFY(increasing); // drops never reorder
        QCOMPARE(c.pushed, qint64(kTotal));
        QCOMPARE(c.depth, std::size_t(0));
        QVERIFY(c.dropped > 0); // the consumer takes 7 at a time and yields: the 100-slot queue overflows
        QCOMPARE(received + c.dropped, qint64(kTotal));
    }
};

QTEST_GUILESS_MAIN(TestTickQueue)
#include "tst_tickqueue.moc"
