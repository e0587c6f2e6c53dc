// The desktop app's test and benchmark hooks (ui/probe): batch timings and their summary, and a
// probe attached to a real dashboard (real SnapshotStore and BatchMailbox) writing the self-test
// and bench reports, pausing the display, and answering for the configuration error dialog.

#include "feed/batchmailbox.h"
#include "status/snapshotstore.h"
#include "status/statusview.h"
#include "ui/configerrordialog.h"
#include "ui/mainwindow.h"
#include "ui/probe/batchtimings.h"
#include "ui/probe/desktopprobe.h"
#include "uitestutil.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace tickstock;

namespace {

using uitest::kStart;

status::ConnectionSnapshot streaming(int id, const QStringList &tickers)
{
    status::ConnectionSnapshot c;
    c.id = id;
    c.name = QStringLiteral("primary");
    c.enabled = true;
    c.phase = status::ConnectionPhase::Streaming;
    c.status = status::statusOf(c.phase);
    c.tickers = tickers;
    return c;
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

const QStringList kTickers{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA")};

} // namespace

class TestUiProbe final : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<status::SnapshotStore> m_store;
    std::unique_ptr<status::StatusSource> m_status;
    std::unique_ptr<feed::BatchMailbox> m_mailbox;
    std::unique_ptr<ui::MainWindow> m_window;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    void publish()
    {
        auto s = std::make_shared<status::StatusSnapshot>();
        s->timestampMs = kStart;
        s->connections = {streaming(1, kTickers)};
        uitest::publishAndWait(*m_window, *m_store, s);
    }

    void post(const status::TickBatch &batch)
    {
        uitest::postAndWait(*m_window, *m_mailbox, batch);
    }

    status::TickBatch allTickers(double price, qint64 count)
    {
        status::TickBatch b;
        for (const QString &s : kTickers)
            b.append(uitest::tick(s, 1, price, count));
        return b;
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<status::SnapshotStore>();
        m_status = std::make_unique<status::StatusSource>(m_store.get());
        m_mailbox = std::make_unique<feed::BatchMailbox>();
        ui::DashboardOptions options;
        options.settingsFile = path("ui.ini");
        options.restoreLayout = false;
        m_window = std::make_unique<ui::MainWindow>(ui::DashboardSources{m_status.get(), m_mailbox.get(), nullptr},
                                                    options);
    }

    void cleanup()
    {
        m_window.reset();
        m_mailbox.reset();
        m_status.reset();
        m_store.reset();
    }

    void batchTimingsSummary()
    {
        uiprobe::BatchTimings timings;
        timings.record(100, 100, uiprobe::BatchTimings::start()); // the first fill
        timings.record(95, 0, uiprobe::BatchTimings::start());    // full
        timings.record(50, 0, uiprobe::BatchTimings::start());    // partial
        timings.record(100, 0, uiprobe::BatchTimings::start());   // full
        QCOMPARE(timings.size(), static_cast<std::size_t>(4));
        const QJsonObject s = timings.summary(90);
        QCOMPARE(s.value(QStringLiteral("batches")).toInt(), 4);
        QCOMPARE(s.value(QStringLiteral("batches_not_recorded")).toInt(), 0);
        QCOMPARE(s.value(QStringLiteral("tickers_total")).toInt(), 345);
        QCOMPARE(s.value(QStringLiteral("largest")).toObject().value(QStringLiteral("tickers")).toInt(), 100);
        const QJsonObject full = s.value(QStringLiteral("full_batches")).toObject();
        QCOMPARE(full.value(QStringLiteral("min_tickers")).toInt(), 90);
        QCOMPARE(full.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(s.value(QStringLiteral("fills")).toObject().value(QStringLiteral("count")).toInt(), 1);
        const QJsonObject apply = s.value(QStringLiteral("apply_ms")).toObject();
        QVERIFY(apply.value(QStringLiteral("p50")).toDouble() >= 0);
        QVERIFY(apply.value(QStringLiteral("p50")).toDouble() <= apply.value(QStringLiteral("max")).toDouble());

        const QJsonObject none = uiprobe::BatchTimings().summary(1);
        QCOMPARE(none.value(QStringLiteral("batches")).toInt(), 0);
        QCOMPARE(none.value(QStringLiteral("apply_ms")).toObject().value(QStringLiteral("max")).toDouble(), 0.0);
    }

    void nothingAttachedWithoutAHook()
    {
        QVERIFY(!uiprobe::ProbeOptions().any());
        QVERIFY(!uiprobe::DesktopProbe::attach(*m_window, *m_store, uiprobe::ProbeOptions()));
    }

    void timesEveryBatchTheWindowApplies()
    {
        uiprobe::ProbeOptions options;
        options.benchFile = path("bench.json");
        const auto probe = uiprobe::DesktopProbe::attach(*m_window, *m_store, options);
        QVERIFY(probe);
        publish();
        post(allTickers(10.0, 1)); // three new rows: a fill
        post(allTickers(11.0, 2)); // every ticker updated: a full batch
        post({uitest::tick(QStringLiteral("AAPL"), 1, 12.0, 3)});
        QCOMPARE(probe->timings().size(), static_cast<std::size_t>(3));

        QVERIFY(probe->writeBenchReport());
        const QJsonObject report = readJson(options.benchFile);
        QCOMPARE(report.value(QStringLiteral("batches")).toInt(), 3);
        QCOMPARE(report.value(QStringLiteral("tickers_total")).toInt(), 7);
        QCOMPARE(report.value(QStringLiteral("fills")).toObject().value(QStringLiteral("count")).toInt(), 1);
        const QJsonObject full = report.value(QStringLiteral("full_batches")).toObject();
        QCOMPARE(full.value(QStringLiteral("min_tickers")).toInt(), 2); // 90 % of the 3 subscribed
        QCOMPARE(full.value(QStringLiteral("count")).toInt(), 1);
    }

    void selfTestReportsOnceStreamingThenCloses()
    {
        uiprobe::ProbeOptions options;
        options.selfTestFile = path("selftest.json");
        options.quitAfterSelfTest = true;
        const auto probe = uiprobe::DesktopProbe::attach(*m_window, *m_store, options);
        QVERIFY(probe);
        QVERIFY(!probe->writeBenchReport()); // no bench file asked for
        m_window->show();
        publish();
        post(allTickers(10.0, 1));
        QTRY_VERIFY(probe->selfTestWritten());
        const QJsonObject report = readJson(options.selfTestFile);
        QCOMPARE(report.value(QStringLiteral("visible")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("batches_applied")).toInt(), 1);
        const QJsonArray columns = report.value(QStringLiteral("columns")).toArray();
        QCOMPARE(columns.size(), 1);
        QCOMPARE(columns.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("primary"));
        QCOMPARE(columns.at(0).toObject().value(QStringLiteral("rows")).toInt(), 3);
        QCOMPARE(columns.at(0).toObject().value(QStringLiteral("visible_rows")).toInt(), 3);
        QVERIFY(report.value(QStringLiteral("summary")).toObject().contains(QStringLiteral("feed")));
        QTRY_VERIFY(!m_window->isVisible()); // TICKSTOCK_UI_SELFTEST_QUIT
    }

    void benchPauseTogglesTheDisplay()
    {
        uiprobe::ProbeOptions options;
        options.benchPauseMs = 20;
        const auto probe = uiprobe::DesktopProbe::attach(*m_window, *m_store, options);
        QVERIFY(probe);
        QVERIFY(!m_window->isPaused());
        QTRY_VERIFY(m_window->isPaused());
        QTRY_VERIFY(!m_window->isPaused());
    }

    void configErrorsReportedThenDialogClosed()
    {
        const QStringList errors{QStringLiteral("MASSIVE_API_KEY: missing")};
        ui::ConfigErrorDialog dialog(errors, {}, path("monitor.ini"), true, QString());
        uiprobe::ProbeOptions options;
        options.selfTestFile = path("errors.json");
        uiprobe::DesktopProbe::watchConfigErrors(dialog, errors, options);
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        dialog.open();
        QTRY_COMPARE(rejected.count(), 1);
        const QJsonObject report = readJson(options.selfTestFile);
        QCOMPARE(report.value(QStringLiteral("dialog")).toString(), QStringLiteral("config_errors"));
        QCOMPARE(report.value(QStringLiteral("visible")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("errors")).toArray().first().toString(), errors.first());
        QCOMPARE(report.value(QStringLiteral("text")).toString(), dialog.detailsText());
    }
};

QTEST_MAIN(TestUiProbe)
#include "tst_uiprobe.moc"
