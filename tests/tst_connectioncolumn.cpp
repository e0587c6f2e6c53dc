// One dashboard column on its own: it follows its own ticker model (no one tells it a batch
// changed its table) and repaints fading flashes only while they fade, with an injected clock.

#include "ui/connectioncolumn.h"
#include "ui/tickerdelegate.h"
#include "ui/tickertablemodel.h"
#include "uitestutil.h"

#include <QtTest/QTest>

#include <memory>

using namespace tickstock;

namespace {

using uitest::kStart;
constexpr qint64 kRepaintUntil = ui::TickerDelegate::kFlashMs + 100; // the fade plus one repaint period

} // namespace

class TestConnectionColumn final : public QObject {
    Q_OBJECT
private:
    qint64 m_now = kStart;
    std::unique_ptr<ui::ConnectionColumn> m_first;
    std::unique_ptr<ui::ConnectionColumn> m_second;

private slots:
    void init()
    {
        m_now = kStart;
        const auto clock = [this] { return m_now; };
        m_first = std::make_unique<ui::ConnectionColumn>(1, ui::Formatter(), clock);
        m_second = std::make_unique<ui::ConnectionColumn>(2, ui::Formatter(), clock);
        m_first->show();
        m_second->show();
    }

    void cleanup()
    {
        m_first.reset();
        m_second.reset();
    }

    void startsQuiet()
    {
        QCOMPARE(m_first->flashRepaintUntilMs(), qint64{0});
        QVERIFY(!m_first->isRepaintingFlashes());
    }

    void followsOnlyItsOwnModel()
    {
        m_first->model()->applyBatch({uitest::tick(QStringLiteral("AAPL"), 1, 100.0, 1)}, m_now);
        QCOMPARE(m_first->flashRepaintUntilMs(), kStart + kRepaintUntil);
        QVERIFY(m_first->isRepaintingFlashes());
        QCOMPARE(m_second->flashRepaintUntilMs(), qint64{0});
        QVERIFY(!m_second->isRepaintingFlashes());

        m_now += 250;
        m_second->model()->applyBatch({uitest::tick(QStringLiteral("MSFT"), 1, 400.0, 1)}, m_now);
        QCOMPARE(m_second->flashRepaintUntilMs(), kStart + 250 + kRepaintUntil);
        QCOMPARE(m_first->flashRepaintUntilMs(), kStart + kRepaintUntil);
    }

    void aBatchThatChangesNothingExtendsNothing()
    {
        const status::TickUpdate aapl = uitest::tick(QStringLiteral("AAPL"), 1, 100.0, 1);
        m_first->model()->applyBatch({aapl}, m_now);
        m_now += 300;
        m_first->model()->applyBatch({aapl}, m_now); // same state: no change
        QCOMPARE(m_first->flashRepaintUntilMs(), kStart + kRepaintUntil);
        m_first->model()->applyBatch({uitest::tick(QStringLiteral("AAPL"), 1, 101.0, 2)}, m_now);
        QCOMPARE(m_first->flashRepaintUntilMs(), kStart + 300 + kRepaintUntil);
    }

    void repaintStopsOnceTheFadeIsOver()
    {
        m_first->model()->applyBatch({uitest::tick(QStringLiteral("AAPL"), 1, 100.0, 1)}, m_now);
        QVERIFY(m_first->isRepaintingFlashes());
        m_now += kRepaintUntil + 1;
        QTRY_VERIFY(!m_first->isRepaintingFlashes());
    }

    void aHiddenColumnDoesNotRepaint()
    {
        m_first->hide();
        m_first->model()->applyBatch({uitest::tick(QStringLiteral("AAPL"), 1, 100.0, 1)}, m_now);
        QCOMPARE(m_first->flashRepaintUntilMs(), kStart + kRepaintUntil);
        QVERIFY(!m_first->isRepaintingFlashes());
    }
};

QTEST_MAIN(TestConnectionColumn)
#include "tst_connectioncolumn.moc"
