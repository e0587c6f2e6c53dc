#include "ui/probe/desktopprobe.h"

#include "status/snapshotstore.h"
#include "ui/configerrordialog.h"
#include "ui/connectioncolumn.h"
#include "ui/mainwindow.h"
#include "ui/probe/windowreport.h"
#include "util/logging.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonDocument>
#include <QtCore/QSaveFile>
#include <QtCore/QTimer>

#include <algorithm>

namespace tickstock::uiprobe {
namespace {

constexpr int kSelfTestPollMs = 250;
constexpr int kConfigErrorsReportMs = 500; // long enough for the dialog to be shown and laid out

bool writeJson(const QString &path, const QJsonObject &object)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (file.commit())
        return true;
    qCWarning(lcApp).noquote() << "cannot write" << path;
    return false;
}

bool everyColumnStreams(const ui::MainWindow &window, const status::StatusSnapshot &snapshot)
{
    int expected = 0;
    for (const status::ConnectionSnapshot &c : snapshot.connections) {
        if (!c.enabled || c.tickers.isEmpty())
            continue;
        ++expected;
        const ui::ConnectionColumn *column = window.column(c.id);
        if (!column || c.phase != status::ConnectionPhase::Streaming || column->visibleRowCount() == 0)
            return false;
    }
    return expected > 0;
}

} // namespace

ProbeOptions ProbeOptions::fromEnvironment()
{
    ProbeOptions o;
    o.selfTestFile = qEnvironmentVariable("TICKSTOCK_UI_SELFTEST_FILE");
    o.quitAfterSelfTest = qEnvironmentVariableIntValue("TICKSTOCK_UI_SELFTEST_QUIT") == 1;
    o.benchFile = qEnvironmentVariable("TICKSTOCK_UI_BENCH_FILE");
    o.benchPauseMs = qEnvironmentVariableIntValue("TICKSTOCK_UI_BENCH_PAUSE_MS");
    return o;
}

std::unique_ptr<DesktopProbe> DesktopProbe::attach(ui::MainWindow &window, const status::SnapshotStore &snapshots,
                                                   const ProbeOptions &options)
{
    if (!options.any())
        return nullptr;
    return std::make_unique<DesktopProbe>(window, snapshots, options);
}

DesktopProbe::DesktopProbe(ui::MainWindow &window, const status::SnapshotStore &snapshots, const ProbeOptions &options)
    : m_window(window)
    , m_snapshots(snapshots)
    , m_options(options)
{
    if (!m_options.selfTestFile.isEmpty()) {
        m_selfTestTimer = new QTimer(this);
        m_selfTestTimer->setInterval(kSelfTestPollMs);
        connect(m_selfTestTimer, &QTimer::timeout, this, &DesktopProbe::checkSelfTest);
        m_selfTestTimer->start();
    }
    if (!m_options.benchFile.isEmpty()) {
        // Direct: both signals come from the GUI thread right around the apply, which is what is timed.
        connect(&m_window, &ui::MainWindow::applyingTicks, this, [this](int entries) {
            m_entries = entries;
            m_started = BatchTimings::start();
        }, Qt::DirectConnection);
        connect(&m_window, &ui::MainWindow::ticksApplied, this, [this](int, int inserted) {
            m_timings.record(m_entries, inserted, m_started);
        }, Qt::DirectConnection);
        if (QCoreApplication *app = QCoreApplication::instance())
            connect(app, &QCoreApplication::aboutToQuit, this, &DesktopProbe::writeBenchReport);
    }
    if (m_options.benchPauseMs > 0) {
        m_pauseTimer = new QTimer(this);
        connect(m_pauseTimer, &QTimer::timeout, this, [this] { m_window.setPaused(!m_window.isPaused()); });
        m_pauseTimer->start(m_options.benchPauseMs);
    }
}

DesktopProbe::~DesktopProbe() = default;

void DesktopProbe::checkSelfTest()
{
    const status::SnapshotPtr snapshot = m_snapshots.latest();
    if (!snapshot || !m_window.isVisible() || !everyColumnStreams(m_window, *snapshot))
        return;
    m_selfTestTimer->stop();
    // One more clock tick, so ages and chart reflect the streaming state, then report.
    m_window.tickClock();
    m_selfTestWritten = writeJson(m_options.selfTestFile, describeWindow(m_window));
    if (m_options.quitAfterSelfTest)
        QTimer::singleShot(0, &m_window, &QWidget::close);
}

bool DesktopProbe::writeBenchReport() const
{
    if (m_options.benchFile.isEmpty())
        return false;
    int tickers = 0;
    if (const status::SnapshotPtr snapshot = m_snapshots.latest()) {
        for (const status::ConnectionSnapshot &c : snapshot->connections)
            tickers += static_cast<int>(c.tickers.size());
    }
    return writeJson(m_options.benchFile, m_timings.summary(std::max(1, tickers * 9 / 10)));
}

void DesktopProbe::watchConfigErrors(ui::ConfigErrorDialog &dialog, const QStringList &errors,
                                     const ProbeOptions &options)
{
    if (options.selfTestFile.isEmpty())
        return;
    QTimer::singleShot(kConfigErrorsReportMs, &dialog, [&dialog, errors, path = options.selfTestFile] {
        writeJson(path, describeConfigErrors(dialog, errors));
        dialog.reject();
    });
}

} // namespace tickstock::uiprobe
