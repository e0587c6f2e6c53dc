// EventLogModel: a bounded ring under QAbstractItemModelTester; the oldest row goes before a new
// one comes in, so memory stays flat and views never see more rows than the capacity.

#include "ui/eventlogmodel.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using tickstock::ui::EventLogModel;
using tickstock::ui::Formatter;
using tickstock::ui::LogEntry;

namespace {
Formatter pinned() { return Formatter(QLocale(QLocale::English, QLocale::UnitedStates), QTimeZone::utc()); }
LogEntry entry(int i, int level = QtInfoMsg)
{
    return {1'764'094'000'000 + i, QStringLiteral("primary"), level, QStringLiteral("line %1").arg(i)};
}
} // namespace

class TestEventLogModel final : public QObject {
    Q_OBJECT
private slots:
    void appendsAndShows()
    {
        EventLogModel model(10, pinned());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append(entry(0));
        model.append(entry(1, QtWarningMsg));
        model.append(entry(2, QtCriticalMsg));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.count(), 3);
        QCOMPARE(inserted.at(1).at(1).toInt(), 1);
        QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
        QCOMPARE(model.index(0, EventLogModel::Time).data().toString(), QStringLiteral("18:06:40.000"));
        QCOMPARE(model.index(1, EventLogModel::Source).data().toString(), QStringLiteral("primary"));
        QCOMPARE(model.index(1, EventLogModel::Level).data().toString(), QStringLiteral("warning"));
        QCOMPARE(model.index(2, EventLogModel::Level).data().toString(), QStringLiteral("error"));
        QCOMPARE(model.index(2, EventLogModel::Level).data(EventLogModel::LevelRole).toInt(), int(QtCriticalMsg));
        QCOMPARE(model.index(2, EventLogModel::Message).data().toString(), QStringLiteral("line 2"));
        QCOMPARE(model.index(2, EventLogModel::Time).data(EventLogModel::RawValueRole).toLongLong(), 1'764'094'000'002);
        QCOMPARE(model.headerData(EventLogModel::Message, Qt::Horizontal).toString(), QStringLiteral("Message"));
    }

    void boundedRingRemovesOldestFirst()
    {
        EventLogModel model(200, pinned());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        for (int i = 0; i < 200; ++i)
            model.append(entry(i));
        QCOMPARE(model.rowCount(), 200);
        QCOMPARE(model.evictedCount(), 0);

        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<QString> order;
        connect(&model, &QAbstractItemModel::rowsRemoved, this, [&] { order << QStringLiteral("removed"); });
        connect(&model, &QAbstractItemModel::rowsInserted, this, [&] { order << QStringLiteral("inserted"); });
        model.append(entry(200));
        QCOMPARE(order, (QList<QString>{QStringLiteral("removed"), QStringLiteral("inserted")}));
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(1).toInt(), 199);
        for (int i = 201; i < 250; ++i)
            model.append(entry(i));
        QCOMPARE(model.rowCount(), 200);
        QCOMPARE(model.evictedCount(), 50);
        QCOMPARE(model.entryAt(0).text, QStringLiteral("line 50"));
        QCOMPARE(model.entryAt(199).text, QStringLiteral("line 249"));
    }

    // The dashboard's size: 2,000 rows, however many lines arrive.
    void dashboardCapacity()
    {
        EventLogModel model; // default capacity
        QCOMPARE(model.capacity(), 2000);
        for (int i = 0; i < 10000; ++i)
            model.append(entry(i));
        QCOMPARE(model.rowCount(), 2000);
        QCOMPARE(model.evictedCount(), 8000);
        QCOMPARE(model.entryAt(0).text, QStringLiteral("line 8000"));
    }

    void capacityOfOne()
    {
        EventLogModel model(0, pinned()); // clamped to 1
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(model.capacity(), 1);
        model.append(entry(1));
        model.append(entry(2));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.entryAt(0).text, QStringLiteral("line 2"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
