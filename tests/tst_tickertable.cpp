// TickerTable: the per-snapshot ticker states behind /api/admin/tickers/{symbol}.

#include "status/tickertable.h"

#include <QtTest/QTest>

#include <atomic>
#include <thread>
#include <vector>

using tickstock::status::TickUpdate;
using tickstock::status::TickerTable;

class TestTickerTable final : public QObject {
    Q_OBJECT

private slots:
    void findsBySymbol()
    {
        const TickerTable empty;
        QVERIFY(!empty.find(QStringLiteral("AAPL")));
        QCOMPARE(empty.size(), std::size_t(0));

        std::vector<TickUpdate> rows;
        for (int i = 0; i < 1000; ++i)
            rows.push_back(TickUpdate{QStringLiteral("S%1").arg(i), 1 + i % 3, double(i)});
        const TickerTable table(std::move(rows));
        QCOMPARE(table.size(), std::size_t(1000));
        const TickUpdate *u = table.find(QStringLiteral("S417"));
        QVERIFY(u);
        QCOMPARE(u->price, 417.0);
        QCOMPARE(u->connection, 1 + 417 % 3);
        QVERIFY(table.contains(QStringLiteral("S0")));
        QVERIFY(!table.contains(QStringLiteral("S1000")));
    }

    // Readers on several threads may be first: the index is built exactly once.
    void firstUseFromManyThreads()
    {
        std::vector<TickUpdate> rows;
        for (int i = 0; i < 20'000; ++i)
            rows.push_back(TickUpdate{QStringLiteral("T%1").arg(i), 1, double(i)});
        const TickerTable table(std::move(rows));
        std::vector<std::thread> readers;
        std::atomic<int> found{0};
        for (int t = 0; t < 4; ++t) {
            readers.emplace_back([&table, &found, t] {
                for (int i = t; i < 20'000; i += 4)
                    found += table.find(QStringLiteral("T%1").arg(i)) != nullptr;
            });
        }
        for (std::thread &r : readers)
            r.join();
        QCOMPARE(found.load(), 20'000);
    }
};

QTEST_GUILESS_MAIN(TestTickerTable)
#include "tst_tickertable.moc"
