// SymbolIndex: the feed thread's symbol → index table (packed short symbols, map for the rest).

#include "feed/symbolindex.h"

#include <QtTest/QTest>

#include <string>

using tickstock::feed::SymbolIndex;

class TestSymbolIndex final : public QObject {
    Q_OBJECT

private slots:
    void findsWhatWasInserted()
    {
        SymbolIndex index;
        QVERIFY(!index.find("AAPL"));
        index.insert("AAPL", 0);
        index.insert("BRK.B", 1);
        index.insert("A", 2);
        index.insert("ABCDEFGHIJKLMNOP", 3);           // 16 bytes: still packed
        index.insert("ABCDEFGHIJKLMNOPQ", 4);          // 17 bytes: the fallback map
        index.insert("", 5);                           // empty: the fallback map, never the empty-slot marker
        index.insert("ABCDEFGH", 6);                   // 8 bytes: the short table
        index.insert("ABCDEFGHI", 7);                  // 9 bytes: the medium table
        QCOMPARE(index.size(), std::size_t(8));
        QCOMPARE(*index.find("ABCDEFGH"), 6u);
        QCOMPARE(*index.find("ABCDEFGHI"), 7u);
        QVERIFY(!index.find("ABCDEFG"));
        QCOMPARE(*index.find("AAPL"), 0u);
        QCOMPARE(*index.find("BRK.B"), 1u);
        QCOMPARE(*index.find("A"), 2u);
        QCOMPARE(*index.find("ABCDEFGHIJKLMNOP"), 3u);
        QCOMPARE(*index.find("ABCDEFGHIJKLMNOPQ"), 4u);
        QCOMPARE(*index.find(""), 5u);
        QVERIFY(!index.find("AAP"));   // prefixes and extensions are different symbols
        QVERIFY(!index.find("AAPLX"));
        QVERIFY(!index.find(std::string("AAPL\0", 5)));
    }

    void growsAndKeepsEveryEntry()
    {
        SymbolIndex index;
        const auto name = [](int i) { return "S" + std::to_string(i * 7919); };
        for (int i = 0; i < 50'000; ++i)
            index.insert(name(i), std::uint32_t(i));
        QCOMPARE(index.size(), std::size_t(50'000));
        for (int i = 0; i < 50'000; ++i) {
            const auto found = index.find(name(i));
            QVERIFY(found);
            QCOMPARE(*found, std::uint32_t(i));
        }
        QVERIFY(!index.find("S1"));
    }
};

QTEST_GUILESS_MAIN(TestSymbolIndex)
#include "tst_symbolindex.moc"
