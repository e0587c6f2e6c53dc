// TickerTableModel and TickerRouter: batch application under QAbstractItemModelTester (Fatal),
// one insert range per batch, coalesced dataChanged rectangles with role lists, removals, the row
// index, flashes, and sorting/filtering on raw values through QSortFilterProxyModel.

#include "ui/tickerrouter.h"
#include "ui/tickertablemodel.h"

#include <QtCore/QSortFilterProxyModel>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using tickstock::status::TickBatch;
using tickstock::status::TickUpdate;
using tickstock::ui::Formatter;
using tickstock::ui::TickerRouter;
using Model = tickstock::ui::TickerTableModel;

namespace {

constexpr qint64 kNow = 1'764'094'000'000;

TickUpdate tick(const QString &symbol, double price, qint64 ticks = 1, int connection = 1)
{
    TickUpdate u;
    u.symbol = symbol;
    u.connection = connection;
    u.price = price;
    u.bid = price - 0.01;
    u.ask = price + 0.01;
    u.volume = ticks * 100;
    u.tickCount = ticks;
    u.receivedMs = kNow + ticks;
    u.eventTimeMs = kNow + ticks - 3;
    return u;
}

TickUpdate removal(const QString &symbol, int connection = 1)
{
    TickUpdate u;
    u.symbol = symbol;
    u.connection = connection;
    u.removed = true;
    return u;
}

QString sym(int i) { return QStringLiteral("T%1").arg(i, 5, 10, QLatin1Char('0')); }

TickBatch fresh(int from, int count)
{
    TickBatch b;
    for (int i = from; i < from + count; ++i)
        b.append(tick(sym(i), 10.0 + i));
    return b;
}

Formatter pinned() { return Formatter(QLocale(QLocale::English, QLocale::UnitedStates), QTimeZone::utc()); }

struct Range {
    int top, left, bottom, right;
    QList<int> roles;
};

QList<Range> ranges(const QSignalSpy &spy)
{
    QList<Range> out;
    for (const QList<QVariant> &args : spy) {
        const auto tl = args.at(0).value<QModelIndex>();
        const auto br = args.at(1).value<QModelIndex>();
        out.append({tl.row(), tl.column(), br.row(), br.column(), args.at(2).value<QList<int>>()});
    }
    return out;
}

// Every symbol's row in the index is the row that shows it, and the other way round.
void verifyIndex(const Model &m)
{
    for (int r = 0; r < m.rowCount(); ++r)
        QCOMPARE(m.rowOf(m.symbolAt(r)), r);
}

} // namespace

class TestTickerTableModel final : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<Model> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    Model &fill(int count)
    {
        m_model->applyBatch(fresh(0, count), kNow);
        return *m_model;
    }

private slots:
    void init()
    {
        m_model = std::make_unique<Model>(pinned());
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::Fatal);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void columnsAndHeaders()
    {
        QCOMPARE(m_model->columnCount(), int(Model::ColumnCount));
        QCOMPARE(m_model->columnCount(), 8);
        QStringList headers;
        for (int c = 0; c < Model::ColumnCount; ++c)
            headers << m_model->headerData(c, Qt::Horizontal).toString();
        QCOMPARE(headers, (QStringList{QStringLiteral("Symbol"), QStringLiteral("Last"), QStringLiteral("±"),
                                       QStringLiteral("Bid"), QStringLiteral("Ask"), QStringLiteral("Volume"),
                                       QStringLiteral("Ticks"), QStringLiteral("Updated")}));
    }

    void emptyBatchEmitsNothing()
    {
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        const Model::BatchResult r = m_model->applyBatch({}, kNow);
        QCOMPARE(r.inserted + r.updated + r.removed, 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 0);
    }

    void newTickersAreOneInsertRange()
    {
        QSignalSpy aboutToInsert(m_model.get(), &QAbstractItemModel::rowsAboutToBeInserted);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        Model::BatchResult r = m_model->applyBatch(fresh(0, 100), kNow);
        QCOMPARE(r.inserted, 100);
        QCOMPARE(r.insertSignals, 1);
        QCOMPARE(aboutToInsert.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 99);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(m_model->rowCount(), 100);

        // A second batch mixing known and new tickers appends the new ones in one range at the end.
        TickBatch b = fresh(100, 7);
        b.prepend(tick(sym(3), 99.0, 2));
        b.insert(3, tick(sym(50), 98.0, 2));
        inserted.clear();
        r = m_model->applyBatch(b, kNow + 100);
        QCOMPARE(r.inserted, 7);
        QCOMPARE(r.updated, 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 100);
        QCOMPARE(inserted.at(0).at(2).toInt(), 106);
        verifyIndex(*m_model);
    }

    void tenThousandTickersInOneInsert()
    {
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        m_model->applyBatch(fresh(0, 10000), kNow);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(m_model->rowCount(), 10000);
        QCOMPARE(m_model->rowOf(sym(9999)), 9999);
    }

    void displayAndRawValues()
    {
        TickUpdate u = tick(QStringLiteral("AAPL"), 1234.5, 7);
        u.direction = -1;
        u.volume = 1234567;
        u.receivedMs = QDateTime(QDate(2026, 11, 25), QTime(19, 59, 59, 900), QTimeZone::utc()).toMSecsSinceEpoch();
        m_model->applyBatch({u}, kNow);
        const auto display = [&](int c) { return m_model->index(0, c).data().toString(); };
        const auto raw = [&](int c) { return m_model->index(0, c).data(Model::RawValueRole); };
        QCOMPARE(display(Model::Symbol), QStringLiteral("AAPL"));
        QCOMPARE(display(Model::Last), QStringLiteral("1,234.50"));
        QCOMPARE(display(Model::Direction), QStringLiteral("↓"));
        QCOMPARE(display(Model::Bid), QStringLiteral("1,234.49"));
        QCOMPARE(display(Model::Ask), QStringLiteral("1,234.51"));
        QCOMPARE(display(Model::Volume), QStringLiteral("1,234,567"));
        QCOMPARE(display(Model::Ticks), QStringLiteral("7"));
        QCOMPARE(display(Model::Updated), QStringLiteral("19:59:59"));
        QCOMPARE(raw(Model::Last).toDouble(), 1234.5);
        QCOMPARE(raw(Model::Direction).toInt(), -1);
        QCOMPARE(raw(Model::Volume).toLongLong(), 1234567);
        QCOMPARE(raw(Model::Updated).toLongLong(), u.receivedMs);
        QCOMPARE(m_model->index(0, 0).data(Model::DirectionRole).toInt(), -1);
        QVERIFY(m_model->index(0, Model::Updated).data(Qt::ToolTipRole).toString().contains(QStringLiteral("19:59:59.900")));
    }

    // Scattered changes: adjacent rows merge into one rectangle, gaps split them, every signal
    // carries the role list, and columns span only what changed (never the symbol column).
    void changesAreCoalescedRectangles()
    {
        fill(100);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        TickBatch b;
        for (int row : {40, 10, 11, 12, 41, 70}) // out of order on purpose
            b.append(tick(sym(row), 500.0 + row, 5));
        const Model::BatchResult r = m_model->applyBatch(b, kNow + 1000);
        QCOMPARE(r.updated, 6);
        QCOMPARE(r.changeSignals, 3);
        const QList<Range> got = ranges(changed);
        QCOMPARE(got.size(), 3);
        QCOMPARE((QList<int>{got[0].top, got[0].bottom, got[1].top, got[1].bottom, got[2].top, got[2].bottom}),
                 (QList<int>{10, 12, 40, 41, 70, 70}));
        for (const Range &range : got) {
            QCOMPARE(range.left, int(Model::Last));
            QCOMPARE(range.right, int(Model::Updated));
            QCOMPARE(range.roles, Model::changedRoles());
            QVERIFY(range.roles.contains(Qt::DisplayRole));
            QVERIFY(range.roles.contains(Model::RawValueRole));
        }
    }

    void columnSpanFollowsWhatChanged()
    {
        fill(10);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        TickUpdate u = m_model->tickAt(4);
        u.volume += 10; // volume only
        m_model->applyBatch({u}, kNow + 5);
        QCOMPARE(changed.count(), 1);
        const Range r = ranges(changed).first();
        QCOMPARE(r.top, 4);
        QCOMPARE(r.left, int(Model::Volume));
        QCOMPARE(r.right, int(Model::Volume));
    }

    void unchangedUpdateEmitsNothing()
    {
        fill(10);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        const Model::BatchResult r = m_model->applyBatch({m_model->tickAt(3)}, kNow + 5);
        QCOMPARE(r.updated, 0);
        QCOMPARE(changed.count(), 0);
    }

    void moreThanHalfChangedIsOneWholeTableRange()
    {
        fill(100);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        TickBatch b;
        for (int i = 0; i < 100; i += 3) // 34 rows: less than half, many ranges
            b.append(tick(sym(i), 1.0 + i, 9));
        m_model->applyBatch(b, kNow + 1);
        QCOMPARE(changed.count(), 34);

        changed.clear();
        b.clear();
        for (int i = 0; i < 100; i += 2) // 50 rows: exactly half, still per range
            b.append(tick(sym(i), 2.0 + i, 10));
        m_model->applyBatch(b, kNow + 2);
        QCOMPARE(changed.count(), 50);

        changed.clear();
        b.clear();
        for (int i = 0; i < 51; ++i) // 51 rows scattered: more than half → one range over the table
            b.append(tick(sym((i * 37) % 100), 3.0 + i, 11));
        const Model::BatchResult r = m_model->applyBatch(b, kNow + 3);
        QCOMPARE(r.changeSignals, 1);
        QCOMPARE(changed.count(), 1);
        const Range whole = ranges(changed).first();
        QCOMPARE(whole.top, 0);
        QCOMPARE(whole.bottom, 99);
        QCOMPARE(whole.left, int(Model::Last));
        QCOMPARE(whole.right, int(Model::Updated));
        QCOMPARE(whole.roles, Model::changedRoles());
    }

    void tenThousandUpdatesAreOneSignal()
    {
        fill(10000);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        TickBatch b;
        for (int i = 0; i < 10000; ++i)
            b.append(tick(sym(i), 20.0 + i, 2));
        m_model->applyBatch(b, kNow + 100);
        QCOMPARE(changed.count(), 1);
    }

    void removalsAreContiguousRuns()
    {
        fill(20);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        TickBatch b{removal(sym(5)), removal(sym(15)), removal(sym(6)), removal(sym(7)),
                    removal(QStringLiteral("NOPE")), tick(sym(2), 77.0, 3)};
        const Model::BatchResult r = m_model->applyBatch(b, kNow + 10);
        QCOMPARE(r.removed, 4);
        QCOMPARE(r.removeSignals, 2);
        QCOMPARE(removed.count(), 2);
        // bottom-up: 15, then 5..7
        QCOMPARE(removed.at(0).at(1).toInt(), 15);
        QCOMPARE(removed.at(0).at(2).toInt(), 15);
        QCOMPARE(removed.at(1).at(1).toInt(), 5);
        QCOMPARE(removed.at(1).at(2).toInt(), 7);
        QCOMPARE(m_model->rowCount(), 16);
        QCOMPARE(changed.count(), 1);
        QVERIFY(!m_model->contains(sym(6)));
        QVERIFY(!m_model->contains(sym(15)));
        QCOMPARE(m_model->rowOf(sym(19)), 15);
        verifyIndex(*m_model);
    }

    void mixedBatch()
    {
        fill(10);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        TickBatch b{tick(sym(1), 1.5, 4), removal(sym(0)), tick(QStringLiteral("NEW1"), 5.0),
                    tick(QStringLiteral("NEW2"), 6.0), removal(sym(9)), tick(sym(8), 2.5, 4)};
        const Model::BatchResult r = m_model->applyBatch(b, kNow + 10);
        QCOMPARE(r.inserted, 2);
        QCOMPARE(r.removed, 2);
        QCOMPARE(r.updated, 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 2);
        QCOMPARE(m_model->rowCount(), 10);
        QCOMPARE(m_model->symbolAt(8), QStringLiteral("NEW1"));
        QCOMPARE(m_model->symbolAt(9), QStringLiteral("NEW2"));
        QCOMPARE(m_model->tickAt(m_model->rowOf(sym(8))).price, 2.5);
        verifyIndex(*m_model);
    }

    // Within one batch the last entry per symbol wins: update-then-remove removes,
    // remove-then-update keeps, a new ticker removed in the same batch never appears.
    void lastEntryWins()
    {
        fill(5);
        TickBatch b{tick(sym(1), 9.0, 3), removal(sym(1)), removal(sym(2)), tick(sym(2), 8.0, 3),
                    tick(QStringLiteral("GHOST"), 1.0), removal(QStringLiteral("GHOST")),
                    tick(QStringLiteral("TWICE"), 1.0, 1), tick(QStringLiteral("TWICE"), 2.0, 2)};
        m_model->applyBatch(b, kNow + 10);
        QVERIFY(!m_model->contains(sym(1)));
        QVERIFY(m_model->contains(sym(2)));
        QCOMPARE(m_model->tickAt(m_model->rowOf(sym(2))).price, 8.0);
        QVERIFY(!m_model->contains(QStringLiteral("GHOST")));
        QCOMPARE(m_model->tickAt(m_model->rowOf(QStringLiteral("TWICE"))).price, 2.0);
        QCOMPARE(m_model->rowCount(), 5);
        verifyIndex(*m_model);
    }

    void removeEverythingThenRefill()
    {
        fill(50);
        TickBatch b;
        for (int i = 0; i < 50; ++i)
            b.append(removal(sym(i)));
        QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
        m_model->applyBatch(b, kNow + 1);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(m_model->rowCount(), 0);
        m_model->applyBatch(fresh(10, 5), kNow + 2);
        QCOMPARE(m_model->rowCount(), 5);
        verifyIndex(*m_model);
        m_model->clear();
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(!m_model->contains(sym(10)));
    }

    // Flash timestamps: price, bid, ask and volume flash; ticks and time do not.
    void flashStamps()
    {
        fill(3);
        QCOMPARE(m_model->index(1, Model::Last).data(Model::FlashRole).toLongLong(), 0); // inserts do not flash
        TickUpdate u = m_model->tickAt(1);
        u.price += 1;
        u.direction = 1;
        u.tickCount += 1;
        u.receivedMs += 50;
        QSignalSpy changed(m_model.get(), &Model::batchChanged);
        m_model->applyBatch({u}, kNow + 777);
        QCOMPARE(m_model->index(1, Model::Last).data(Model::FlashRole).toLongLong(), kNow + 777);
        QCOMPARE(m_model->index(1, Model::Direction).data(Model::FlashRole).toLongLong(), kNow + 777);
        QCOMPARE(m_model->index(1, Model::Bid).data(Model::FlashRole).toLongLong(), 0);
        QCOMPARE(m_model->index(1, Model::Ticks).data(Model::FlashRole).toLongLong(), 0);
        QCOMPARE(m_model->index(1, Model::Updated).data(Model::FlashRole).toLongLong(), 0);
        QCOMPARE(m_model->index(0, Model::Last).data(Model::FlashRole).toLongLong(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toLongLong(), kNow + 777);
        // The same state again changes nothing, so nothing is announced.
        m_model->applyBatch({u}, kNow + 900);
        QCOMPARE(changed.size(), 1);
    }

    // Display strings sort wrongly ("100.00" < "9.50", "1,000" < "999"); the proxy sorts on raw values.
    void sortsOnRawValuesThroughProxy()
    {
        TickBatch b;
        const QList<std::pair<QString, double>> prices{{QStringLiteral("CCC"), 100.0},
                                                       {QStringLiteral("AAA"), 9.5},
                                                       {QStringLiteral("bbb"), 10.0},
                                                       {QStringLiteral("DDD"), 1000.0}};
        qint64 volume = 999;
        for (const auto &[symbol, price] : prices) {
            TickUpdate u = tick(symbol, price);
            u.volume = volume;
            volume = volume == 999 ? 1000 : volume + 5000;
            b.append(u);
        }
        m_model->applyBatch(b, kNow);
        QSortFilterProxyModel proxy;
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.setSourceModel(m_model.get());
        proxy.setSortRole(Model::RawValueRole);
        proxy.setSortCaseSensitivity(Qt::CaseInsensitive);
        proxy.setDynamicSortFilter(true);
        const auto column = [&](int c) {
            QStringList out;
            for (int r = 0; r < proxy.rowCount(); ++r)
                out << proxy.index(r, c).data().toString();
            return out;
        };
        proxy.sort(Model::Last, Qt::AscendingOrder);
        QCOMPARE(column(Model::Last), (QStringList{QStringLiteral("9.50"), QStringLiteral("10.00"), QStringLiteral("100.00"),
                                                   QStringLiteral("1,000.00")}));
        proxy.sort(Model::Volume, Qt::AscendingOrder);
        QCOMPARE(column(Model::Volume).first(), QStringLiteral("999"));
        QCOMPARE(column(Model::Volume).at(1), QStringLiteral("1,000"));
        proxy.sort(Model::Symbol, Qt::AscendingOrder);
        QCOMPARE(column(Model::Symbol), (QStringList{QStringLiteral("AAA"), QStringLiteral("bbb"), QStringLiteral("CCC"),
                                                     QStringLiteral("DDD")}));

        // Dynamic sort: a price change re-sorts the proxy by the new raw value.
        proxy.sort(Model::Last, Qt::DescendingOrder);
        QCOMPARE(column(Model::Symbol).first(), QStringLiteral("DDD"));
        m_model->applyBatch({tick(QStringLiteral("AAA"), 5000.0, 2)}, kNow + 1);
        QCOMPARE(column(Model::Symbol).first(), QStringLiteral("AAA"));

        // Filter on the symbol, case-insensitive; new rows that match appear, others do not.
        proxy.setFilterRole(Model::RawValueRole);
        proxy.setFilterKeyColumn(Model::Symbol);
        proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
        proxy.setFilterFixedString(QStringLiteral("b"));
        QCOMPARE(column(Model::Symbol), QStringList{QStringLiteral("bbb")});
        m_model->applyBatch({tick(QStringLiteral("ABC"), 1.0), tick(QStringLiteral("XYZ"), 1.0)}, kNow + 2);
        QCOMPARE(proxy.rowCount(), 2);
    }

    // The router splits a mixed batch per connection and moves a ticker that changed connection.
    void routerSplitsAndMoves()
    {
        Model one(pinned()), two(pinned());
        QAbstractItemModelTester t1(&one, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t2(&two, QAbstractItemModelTester::FailureReportingMode::Fatal);
        TickerRouter router;
        router.setModel(1, &one);
        router.setModel(2, &two);
        QCOMPARE(router.connections(), (QList<int>{1, 2}));
        QSignalSpy insertedOne(&one, &QAbstractItemModel::rowsInserted);
        QSignalSpy insertedTwo(&two, &QAbstractItemModel::rowsInserted);

        TickBatch b{tick(QStringLiteral("AAPL"), 1, 1, 1), tick(QStringLiteral("MSFT"), 2, 1, 2),
                    tick(QStringLiteral("NVDA"), 3, 1, 1), tick(QStringLiteral("LOST"), 4, 1, 7)};
        TickerRouter::Result r = router.apply(b, kNow);
        QCOMPARE(r.updates, 4);
        QCOMPARE(r.inserted, 3);
        QCOMPARE(r.unrouted, 1);
        QCOMPARE(one.rowCount(), 2);
        QCOMPARE(two.rowCount(), 1);
        QCOMPARE(insertedOne.count(), 1);
        QCOMPARE(insertedTwo.count(), 1);
        QCOMPARE(router.ownerOf(QStringLiteral("MSFT")), 2);
        QCOMPARE(router.ownerOf(QStringLiteral("LOST")), 0);

        // NVDA re-subscribed on connection 2: it leaves table 1 in the same pass.
        r = router.apply({tick(QStringLiteral("NVDA"), 3.5, 2, 2)}, kNow + 1);
        QCOMPARE(r.moved, 1);
        QVERIFY(!one.contains(QStringLiteral("NVDA")));
        QVERIFY(two.contains(QStringLiteral("NVDA")));
        QCOMPARE(router.ownerOf(QStringLiteral("NVDA")), 2);

        // Unsubscribed: removed where it is.
        r = router.apply({removal(QStringLiteral("AAPL"), 1)}, kNow + 2);
        QCOMPARE(r.removed, 1);
        QCOMPARE(one.rowCount(), 0);
    }
};

QTEST_MAIN(TestTickerTableModel)
#include "tst_tickertablemodel.moc"
