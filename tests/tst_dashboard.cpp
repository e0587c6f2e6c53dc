// The dashboard offscreen: a hand-built sequence of snapshots and tick batches through a real
// SnapshotStore and BatchMailbox, and what the window then shows — columns, badges and phase
// texts, counts, tooltips, summary, event log — plus actions, pause/resume, find and layout.

#include "feed/batchmailbox.h"
#include "feed/feedcontrol.h"
#include "ui/addtickersdialog.h"
#include "status/snapshotstore.h"
#include "status/statusview.h"
#include "ui/connectioncard.h"
#include "ui/connectioncolumn.h"
#include "ui/eventlogmodel.h"
#include "ui/mainwindow.h"
#include "uitestutil.h"
#include "ui/probe/windowreport.h"
#include "ui/ratechart.h"
#include "ui/summarybar.h"
#include "ui/tickertablemodel.h"

#include <QtCore/QJsonArray>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QTableView>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace tickstock;
using status::ConnectionPhase;
using Metric = ui::ConnectionCard::Metric;

using uitest::tick;

namespace {

using uitest::kStart;

struct FakeControl final : feed::FeedControl {
    QStringList calls;
    bool isRunning() const override { return true; }
    void connectConnection(int id) override { calls << QStringLiteral("connect %1").arg(id); }
    void disconnectConnection(int id) override { calls << QStringLiteral("disconnect %1").arg(id); }
    void reconnectConnection(int id) override { calls << QStringLiteral("reconnect %1").arg(id); }
    void subscribeTickers(const QStringList &tickers, int connection) override
    {
        calls << QStringLiteral("subscribe %1 on %2").arg(tickers.join(QLatin1Char(','))).arg(connection);
    }
    void unsubscribeTickers(const QStringList &tickers) override
    {
        calls << QStringLiteral("unsubscribe %1").arg(tickers.join(QLatin1Char(',')));
    }
};

status::ConnectionSnapshot connection(int id, const QString &name, ConnectionPhase phase, int tickers = 3)
{
    status::ConnectionSnapshot c;
    c.id = id;
    c.name = name;
    c.enabled = phase != ConnectionPhase::Disabled;
    c.phase = phase;
    c.status = status::statusOf(phase);
    c.detail = status::phaseName(phase);
    c.url = QStringLiteral("ws://127.0.0.1:1234/stocks");
    c.universeKey = QStringLiteral("sector:%1").arg(name);
    c.channels = {QStringLiteral("T"), QStringLiteral("Q"), QStringLiteral("AM")};
    for (int i = 0; i < tickers; ++i)
        c.tickers << QStringLiteral("%1%2").arg(name.left(1).toUpper()).arg(i);
    return c;
}

} // namespace

class TestDashboard final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    qint64 m_now = kStart;
    std::unique_ptr<status::SnapshotStore> m_store;
    // Redis and HTTP state as their owners report it, next to the snapshots.
    status::RedisSnapshot m_redis;
    status::HttpSnapshot m_http;
    std::unique_ptr<status::StatusSource> m_status;
    std::unique_ptr<feed::BatchMailbox> m_mailbox;
    FakeControl m_control;
    std::unique_ptr<ui::MainWindow> m_window;

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("ui.ini")); }

    std::unique_ptr<ui::MainWindow> makeWindow()
    {
        ui::DashboardOptions options;
        options.formatter = ui::Formatter(QLocale(QLocale::English, QLocale::UnitedStates), QTimeZone::utc());
        options.clock = [this] { return m_now; };
        options.settingsFile = settingsFile();
        auto w = std::make_unique<ui::MainWindow>(ui::DashboardSources{m_status.get(), m_mailbox.get(), &m_control},
                                                  options);
        w->resize(1500, 900);
        return w;
    }

    // Publishes like the feed thread does and waits until the window has shown it.
    void publish(const QList<status::ConnectionSnapshot> &connections, const status::RedisSnapshot &redis = {},
                 const status::HttpSnapshot &http = {}, bool simulated = true)
    {
        auto s = std::make_shared<status::StatusSnapshot>();
        s->timestampMs = m_now;
        s->simulated = simulated;
        s->connections = connections;
        m_redis = redis;
        m_http = http;
        uitest::publishAndWait(*m_window, *m_store, s);
    }

    void post(const status::TickBatch &batch)
    {
        uitest::postAndWait(*m_window, *m_mailbox, batch);
    }

    ui::ConnectionCard *card(int id) const { return m_window->column(id)->card(); }

    // The standard picture: one streaming, one backing off, one failed auth, one evicted, one idle, one disabled.
    QList<status::ConnectionSnapshot> mixedConnections()
    {
        auto primary = connection(1, QStringLiteral("primary"), ConnectionPhase::Streaming, 50);
        primary.universeKey = QStringLiteral("market_leaders:top_50");
        primary.connectedSinceMs = m_now - 300'000;
        primary.messagesPerSecond = 25.34;
        primary.messageCount = 123456;
        primary.errorCount = 0;
        primary.lastMessageMs = m_now - 400;
        auto secondary = connection(2, QStringLiteral("secondary"), ConnectionPhase::Backoff);
        secondary.nextRetryMs = m_now + 3'500;
        secondary.lastError = QStringLiteral("connection refused");
        secondary.detail = QStringLiteral("connection refused; retrying in 4 s");
        secondary.reconnectCount = 3;
        secondary.errorCount = 4;
        auto tertiary = connection(3, QStringLiteral("tertiary"), ConnectionPhase::AuthFailed);
        tertiary.lastError = QStringLiteral("auth failed: authentication failed");
        auto fourth = connection(4, QStringLiteral("fourth"), ConnectionPhase::Evicted);
        fourth.nextRetryMs = m_now + 60'000;
        auto fifth = connection(5, QStringLiteral("fifth"), ConnectionPhase::Idle, 0);
        auto sixth = connection(6, QStringLiteral("connection_6"), ConnectionPhase::Disabled, 0);
        return {primary, secondary, tertiary, fourth, fifth, sixth};
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        QFile::remove(settingsFile());
        m_now = kStart;
        m_control.calls.clear();
        m_store = std::make_unique<status::SnapshotStore>();
        m_redis = {};
        m_http = {};
        m_status = std::make_unique<status::StatusSource>(m_store.get(), [this] { return m_redis; }, [this] { return m_http; });
        m_mailbox = std::make_unique<feed::BatchMailbox>();
        m_window = makeWindow();
        m_window->show();
    }

    void cleanup()
    {
        m_window.reset();
        m_mailbox.reset();
        m_status.reset();
        m_store.reset();
    }

    void columnsBadgesAndCounts()
    {
        status::RedisSnapshot redis;
        redis.enabled = true;
        redis.connected = true;
        redis.state = QStringLiteral("connected");
        redis.address = QStringLiteral("127.0.0.1:6379/0");
        redis.publishedTotal = 15000;
        redis.droppedTotal = 2;
        status::HttpSnapshot http;
        http.enabled = true;
        http.state = QStringLiteral("listening");
        http.address = QStringLiteral("127.0.0.1:8765");
        publish(mixedConnections(), redis, http);

        QCOMPARE(m_window->columns().size(), 6);
        QStringList names, badges;
        for (const ui::ConnectionColumn *c : m_window->columns()) {
            names << c->card()->nameText();
            badges << c->card()->badgeText();
            QVERIFY(c->isVisible());
        }
        QCOMPARE(names, (QStringList{QStringLiteral("primary"), QStringLiteral("secondary"), QStringLiteral("tertiary"),
                                     QStringLiteral("fourth"), QStringLiteral("fifth"), QStringLiteral("connection_6")}));
        QCOMPARE(badges, (QStringList{QStringLiteral("streaming"), QStringLiteral("retrying in 4 s"),
                                      QStringLiteral("auth failed"), QStringLiteral("evicted, retry in 60 s"),
                                      QStringLiteral("idle: no tickers"), QStringLiteral("disabled")}));

        ui::ConnectionCard *primary = card(1);
        QCOMPARE(primary->universeText(), QStringLiteral("market_leaders:top_50 · 50 tickers"));
        QCOMPARE(primary->metricText(Metric::Rate), QStringLiteral("25.3"));
        QCOMPARE(primary->metricText(Metric::Uptime), QStringLiteral("5 m 00 s"));
        QCOMPARE(primary->metricText(Metric::LastMessage), QStringLiteral("0.4 s"));
        QCOMPARE(primary->metricText(Metric::Ticks), QStringLiteral("123,456"));
        QCOMPARE(primary->metricText(Metric::Errors), QStringLiteral("0"));
        QCOMPARE(card(2)->metricText(Metric::Reconnects), QStringLiteral("3"));
        QCOMPARE(card(2)->metricText(Metric::Errors), QStringLiteral("4"));
        QCOMPARE(card(2)->metricText(Metric::Uptime), QStringLiteral("—"));
        QCOMPARE(card(5)->universeText(), QStringLiteral("sector:fifth · 0 tickers"));

        // The last error is on hover, with the status detail.
        QVERIFY(card(2)->toolTip().contains(QStringLiteral("Last error: connection refused")));
        QVERIFY(card(2)->badgeToolTip().contains(QStringLiteral("error / backoff")));
        QVERIFY(card(3)->toolTip().contains(QStringLiteral("auth failed: authentication failed")));
        QVERIFY(primary->toolTip().contains(QStringLiteral("Last error: none")));

        const ui::SummaryBar *summary = m_window->summaryBar();
        QCOMPARE(summary->feedText(), QStringLiteral("1/5 connected"));
        QCOMPARE(summary->ticksText(), QStringLiteral("123,456"));
        QCOMPARE(summary->errorsText(), QStringLiteral("4"));
        QCOMPARE(summary->redisText(), QStringLiteral("Redis connected"));
        QCOMPARE(summary->redisCountersText(), QStringLiteral("15,000 published · 2 dropped"));
        QVERIFY(summary->redisToolTip().contains(QStringLiteral("127.0.0.1:6379/0")));
        QCOMPARE(summary->httpText(), QStringLiteral("HTTP listening"));
        QCOMPARE(summary->httpAddressText(), QStringLiteral("127.0.0.1:8765"));
        QVERIFY(summary->simulatedShown());
        QVERIFY(!summary->pausedShown());
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("1/5 connected")));
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("simulated feed")));

        // Countdowns run between snapshots.
        m_now += 2'000;
        m_window->tickClock();
        QCOMPARE(card(2)->badgeText(), QStringLiteral("retrying in 2 s"));
        QCOMPARE(card(1)->metricText(Metric::Uptime), QStringLiteral("5 m 02 s"));
        QCOMPARE(card(1)->metricText(Metric::LastMessage), QStringLiteral("2.4 s"));
    }

    void stateChangesAreVisible()
    {
        status::RedisSnapshot redis;
        redis.enabled = true;
        redis.connected = true;
        redis.state = QStringLiteral("connected");
        publish(mixedConnections(), redis);
        const int logRows = m_window->eventLog()->rowCount();

        // Secondary recovers, primary goes stale, Redis is lost.
        QList<status::ConnectionSnapshot> next = mixedConnections();
        next[1] = connection(2, QStringLiteral("secondary"), ConnectionPhase::Streaming);
        next[1].connectedSinceMs = m_now;
        next[0].phase = ConnectionPhase::Stale;
        next[0].status = status::statusOf(ConnectionPhase::Stale);
        next[0].lastError = QStringLiteral("no pong and no frame for 20 s");
        redis.connected = false;
        redis.state = QStringLiteral("backoff");
        redis.lastError = QStringLiteral("Connection refused");
        m_now += 1000;
        publish(next, redis);

        QCOMPARE(card(2)->badgeText(), QStringLiteral("streaming"));
        QCOMPARE(card(1)->badgeText(), QStringLiteral("stale: no data"));
        QVERIFY(card(1)->toolTip().contains(QStringLiteral("no pong and no frame")));
        QCOMPARE(m_window->summaryBar()->feedText(), QStringLiteral("1/5 connected"));
        QCOMPARE(m_window->summaryBar()->redisText(), QStringLiteral("Redis backoff"));
        QVERIFY(m_window->summaryBar()->redisToolTip().contains(QStringLiteral("Connection refused")));
        // The Redis change is in the event log, as a warning with its reason.
        QCOMPARE(m_window->eventLog()->rowCount(), logRows + 1);
        const ui::LogEntry &last = m_window->eventLog()->entryAt(m_window->eventLog()->rowCount() - 1);
        QCOMPARE(last.source, QStringLiteral("redis"));
        QCOMPARE(last.level, int(QtWarningMsg));
        QVERIFY(last.text.contains(QStringLiteral("backoff")));

        // Runtime log lines carry the connection's name; debug chatter stays out.
        m_window->appendLog(m_now, 2, QtWarningMsg, QStringLiteral("error/backoff: connection refused; retrying in 2 s"));
        m_window->appendLog(m_now, 2, QtDebugMsg, QStringLiteral("server: Connected Successfully"));
        QCOMPARE(m_window->eventLog()->rowCount(), logRows + 2);
        QCOMPARE(m_window->eventLog()->entryAt(logRows + 1).source, QStringLiteral("secondary"));
    }

    void ticksFillTheRightTables()
    {
        publish(mixedConnections());
        post({tick(QStringLiteral("AAPL"), 1, 178.23), tick(QStringLiteral("MSFT"), 1, 410.0),
              tick(QStringLiteral("NVDA"), 1, 120.5), tick(QStringLiteral("JPM"), 2, 190.0),
              tick(QStringLiteral("BAC"), 2, 35.1)});
        QCOMPARE(m_window->column(1)->model()->rowCount(), 3);
        QCOMPARE(m_window->column(2)->model()->rowCount(), 2);
        QCOMPARE(m_window->column(3)->model()->rowCount(), 0);
        QCOMPARE(m_window->column(1)->rowCountText(), QStringLiteral("3 rows"));
        QCOMPARE(m_window->column(2)->rowCountText(), QStringLiteral("2 rows"));

        // Sorted by symbol (the default) in the view.
        const QTableView *view = m_window->column(1)->view();
        QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("AAPL"));
        QCOMPARE(view->model()->index(2, 0).data().toString(), QStringLiteral("NVDA"));

        // Updates change cells in place; a removal drops the row.
        status::TickUpdate msft = tick(QStringLiteral("MSFT"), 1, 411.0, 2);
        msft.direction = 1;
        status::TickUpdate gone;
        gone.symbol = QStringLiteral("BAC");
        gone.connection = 2;
        gone.removed = true;
        post({msft, gone});
        const ui::TickerTableModel *model = m_window->column(1)->model();
        QCOMPARE(model->index(model->rowOf(QStringLiteral("MSFT")), ui::TickerTableModel::Last).data().toString(),
                 QStringLiteral("411.00"));
        QCOMPARE(model->index(model->rowOf(QStringLiteral("MSFT")), ui::TickerTableModel::Direction).data().toString(),
                 QStringLiteral("↑"));
        QCOMPARE(m_window->column(2)->model()->rowCount(), 1);

        // The filter box narrows the table and the count says so.
        m_window->column(1)->filterEdit()->setText(QStringLiteral("a"));
        QCOMPARE(m_window->column(1)->visibleRowCount(), 2); // AAPL, NVDA
        QCOMPARE(m_window->column(1)->rowCountText(), QStringLiteral("2 of 3"));

        const QJsonObject d = uiprobe::describeWindow(*m_window);
        const QJsonArray columns = d.value(QStringLiteral("columns")).toArray();
        QCOMPARE(columns.size(), 6);
        QCOMPARE(columns.at(0).toObject().value(QStringLiteral("rows")).toInt(), 3);
        QCOMPARE(columns.at(0).toObject().value(QStringLiteral("badge")).toString(), QStringLiteral("streaming"));
        QCOMPARE(d.value(QStringLiteral("summary")).toObject().value(QStringLiteral("simulated_label")).toBool(), true);
    }

    // The models stay consistent under the real view/proxy stack while batches arrive.
    void modelsPassTheTesterInTheWindow()
    {
        publish(mixedConnections());
        QAbstractItemModelTester proxyTester(m_window->column(1)->proxy(),
                                             QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester logTester(m_window->eventLog(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        for (int round = 0; round < 5; ++round) {
            status::TickBatch b;
            for (int i = 0; i < 200; ++i)
                b.append(tick(QStringLiteral("S%1").arg((i * 7 + round * 13) % 300), 1, 10.0 + i + round, round + 1));
            if (round == 3) {
                status::TickUpdate gone;
                gone.symbol = QStringLiteral("S7");
                gone.connection = 1;
                gone.removed = true;
                b.append(gone);
            }
            m_now += 100;
            post(b);
        }
        QVERIFY(m_window->column(1)->model()->rowCount() > 200);
    }

    void pauseFreezesTablesAndResumesAtLatest()
    {
        publish(mixedConnections());
        post({tick(QStringLiteral("AAPL"), 1, 100.0)});
        m_window->setPaused(true);
        QVERIFY(m_window->summaryBar()->pausedShown());
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("paused")));
        const qint64 batches = m_window->batchesApplied();

        // While paused the mailbox coalesces (latest per ticker, bounded by the ticker count).
        for (int i = 1; i <= 50; ++i)
            m_mailbox->post({tick(QStringLiteral("AAPL"), 1, 100.0 + i, i), tick(QStringLiteral("NEW"), 1, 5.0 + i, i)});
        m_window->takeTicks(); // what the queued `available` would do: nothing while paused
        QCOMPARE(m_window->batchesApplied(), batches);
        QCOMPARE(m_mailbox->pendingCount(), 2);
        const ui::TickerTableModel *model = m_window->column(1)->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->tickAt(0).price, 100.0);
        // Status keeps updating while the tables are frozen.
        QList<status::ConnectionSnapshot> next = mixedConnections();
        next[0].messageCount = 999;
        publish(next);
        QCOMPARE(card(1)->metricText(Metric::Ticks), QStringLiteral("999"));

        m_window->setPaused(false);
        QCOMPARE(m_window->batchesApplied(), batches + 1); // one batch: the latest state
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->tickAt(model->rowOf(QStringLiteral("AAPL"))).price, 150.0);
        QCOMPARE(model->tickAt(model->rowOf(QStringLiteral("NEW"))).price, 55.0);
        QVERIFY(!m_window->summaryBar()->pausedShown());
        QCOMPARE(m_mailbox->pendingCount(), 0);

        // The action toggles the same state.
        QAction *pause = m_window->findChild<QAction *>(QStringLiteral("pauseDisplay"));
        QVERIFY(pause);
        QCOMPARE(pause->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_P));
        pause->trigger();
        QVERIFY(m_window->isPaused());
        pause->trigger();
        QVERIFY(!m_window->isPaused());
    }

    void findJumpsToTheRow()
    {
        publish(mixedConnections());
        status::TickBatch b;
        for (int i = 0; i < 200; ++i)
            b.append(tick(QStringLiteral("P%1").arg(i, 3, 10, QLatin1Char('0')), 1, 10.0 + i));
        b.append(tick(QStringLiteral("MSFT"), 2, 410.0));
        b.append(tick(QStringLiteral("JPM"), 2, 190.0));
        post(b);

        ui::ConnectionColumn *second = m_window->column(2);
        second->filterEdit()->setText(QStringLiteral("JP")); // hides MSFT
        QVERIFY(m_window->findTicker(QStringLiteral(" msft ")));
        QCOMPARE(m_window->currentConnection(), 2);
        QVERIFY(second->filterEdit()->text().isEmpty()); // the filter that hid it was cleared
        QCOMPARE(second->view()->currentIndex().data(ui::TickerTableModel::RawValueRole).toString(), QStringLiteral("MSFT"));
        QCOMPARE(second->selectedSymbols(), QStringList{QStringLiteral("MSFT")});

        QVERIFY(m_window->findTicker(QStringLiteral("P150")));
        QCOMPARE(m_window->currentConnection(), 1);
        const QTableView *view = m_window->column(1)->view();
        QCOMPARE(view->currentIndex().data(ui::TickerTableModel::RawValueRole).toString(), QStringLiteral("P150"));
        QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex()))); // scrolled into view

        QVERIFY(!m_window->findTicker(QStringLiteral("ZZZZ")));
        // Through the toolbar box as an operator would.
        m_window->findEdit()->setText(QStringLiteral("jpm"));
        QTest::keyClick(m_window->findEdit(), Qt::Key_Return);
        QCOMPARE(m_window->currentConnection(), 2);
        QCOMPARE(second->selectedSymbols(), QStringList{QStringLiteral("JPM")});
    }

    void actionsGoToTheFeed()
    {
        publish(mixedConnections());
        post({tick(QStringLiteral("AAPL"), 1, 1.0), tick(QStringLiteral("MSFT"), 1, 2.0), tick(QStringLiteral("JPM"), 2, 3.0)});
        const auto action = [this](const char *name) {
            QAction *a = m_window->findChild<QAction *>(QLatin1String(name));
            if (!a)
                qFatal("no action %s", name);
            return a;
        };
        QCOMPARE(action("reconnectAll")->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QCOMPARE(action("reconnectCurrent")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        QCOMPARE(action("findTicker")->shortcut(), QKeySequence(QKeySequence::Find));
        QCOMPARE(action("addTickers")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_N));

        action("connectAll")->trigger();
        action("disconnectAll")->trigger();
        action("reconnectAll")->trigger();
        m_window->setCurrentConnection(2);
        QCOMPARE(action("reconnectCurrent")->text(), QStringLiteral("Reconnect secondary"));
        action("reconnectCurrent")->trigger();
        action("disconnectCurrent")->trigger();
        action("connectCurrent")->trigger();
        QCOMPARE(m_control.calls, (QStringList{QStringLiteral("connect 0"), QStringLiteral("disconnect 0"),
                                               QStringLiteral("reconnect 0"), QStringLiteral("reconnect 2"),
                                               QStringLiteral("disconnect 2"), QStringLiteral("connect 2")}));

        // Remove the selected rows of the current column.
        m_control.calls.clear();
        QVERIFY(m_window->findTicker(QStringLiteral("MSFT")));
        m_window->column(1)->view()->selectAll();
        action("removeTickers")->trigger();
        QCOMPARE(m_control.calls, QStringList{QStringLiteral("unsubscribe AAPL,MSFT")});
        m_window->addTickers({QStringLiteral("TSLA"), QStringLiteral("AMD")}, 3);
        QCOMPARE(m_control.calls.last(), QStringLiteral("subscribe TSLA,AMD on 3"));
        // Every request is in the log.
        const ui::LogEntry &last = m_window->eventLog()->entryAt(m_window->eventLog()->rowCount() - 1);
        QCOMPARE(last.source, QStringLiteral("ui"));
        QVERIFY(last.text.contains(QStringLiteral("TSLA, AMD")));

        // The keyboard reaches the actions too (window-wide shortcut).
        m_control.calls.clear();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(m_control.calls, QStringList{QStringLiteral("reconnect 0")});
        QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier);
        QVERIFY(m_window->isPaused());
    }

    void addTickersDialogParsesAndValidates()
    {
        QStringList invalid;
        QCOMPARE(ui::AddTickersDialog::parseTickers(QStringLiteral(" aapl, msft;nvda  brk.b AAPL"), &invalid),
                 (QStringList{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA"),
                              QStringLiteral("BRK.B")}));
        QVERIFY(invalid.isEmpty());
        QCOMPARE(ui::AddTickersDialog::parseTickers(QStringLiteral("AAPL, 9X, $$"), &invalid), QStringList{QStringLiteral("AAPL")});
        QCOMPARE(invalid, (QStringList{QStringLiteral("9X"), QStringLiteral("$$")}));

        ui::AddTickersDialog dialog({{1, QStringLiteral("primary")}, {2, QStringLiteral("secondary")}}, 2);
        QCOMPARE(dialog.connection(), 2);
        QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // nothing typed yet
        dialog.tickerEdit()->setText(QStringLiteral("tsla amd"));
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.tickers(), (QStringList{QStringLiteral("TSLA"), QStringLiteral("AMD")}));
        dialog.tickerEdit()->setText(QStringLiteral("tsla 1bad"));
        QVERIFY(!ok->isEnabled());
    }

    void chartSamplesOncePerSecondCapped()
    {
        publish(mixedConnections());
        ui::RateChart *chart = m_window->rateChart();
        QCOMPARE(chart->connections(), (QList<int>{1, 2, 3, 4, 5, 6}));
        const int before = chart->pointCount(1);
        for (int i = 0; i < 400; ++i) {
            m_now += 1000;
            m_window->tickClock();
        }
        QVERIFY(before <= 1);
        QCOMPARE(chart->pointCount(1), ui::RateChart::kMaxPoints);
        QVERIFY(chart->yMax() >= 25.34);
    }

    void layoutPersists()
    {
        publish(mixedConnections());
        QHeaderView *header = m_window->column(1)->view()->horizontalHeader();
        header->resizeSection(ui::TickerTableModel::Volume, 140);
        header->moveSection(header->visualIndex(ui::TickerTableModel::Ticks), 1);
        m_window->column(1)->view()->sortByColumn(ui::TickerTableModel::Last, Qt::DescendingOrder);
        m_window->close(); // saves the layout
        m_window = makeWindow();
        m_window->show();
        publish(mixedConnections());
        QHeaderView *restored = m_window->column(1)->view()->horizontalHeader();
        QCOMPARE(restored->sectionSize(ui::TickerTableModel::Volume), 140);
        QCOMPARE(restored->visualIndex(ui::TickerTableModel::Ticks), 1);
        QCOMPARE(restored->sortIndicatorSection(), int(ui::TickerTableModel::Last));
        QCOMPARE(m_window->column(1)->proxy()->sortColumn(), int(ui::TickerTableModel::Last));
    }

    // Light and dark palettes: the window follows the application palette.
    void followsDarkPalette()
    {
        publish(mixedConnections());
        post({tick(QStringLiteral("AAPL"), 1, 1.0)});
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x1f, 0x23, 0x28));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
        dark.setColor(QPalette::Base, QColor(0x16, 0x1b, 0x22));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
        // (QApplication only propagates a new application palette while exec() runs, which
        // QTest does not; the window's palette takes the same path down to every child.)
        m_window->setPalette(dark);
        const QImage image = m_window->grab().toImage();
        QVERIFY(!image.isNull());
        // The card is painted on the palette's base colour; text on it stays the palette's.
        ui::ConnectionCard *c = card(1);
        const QPoint inside = c->mapTo(m_window.get(), QPoint(c->width() - 4, c->height() - 4));
        QCOMPARE(image.pixelColor(inside * image.devicePixelRatio()).rgb(), QColor(0x16, 0x1b, 0x22).rgb());
        QCOMPARE(c->palette().color(QPalette::WindowText), QColor(0xe6, 0xed, 0xf3));
        // The chart follows too.
        QCOMPARE(m_window->rateChart()->chart()->backgroundBrush().color(), QColor(0x16, 0x1b, 0x22));
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
