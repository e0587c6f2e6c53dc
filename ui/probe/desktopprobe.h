#pragma once
// The desktop app's test and benchmark hooks (docs/desktop.md, docs/performance.md), kept out of
// the dashboard: the probe attaches to a MainWindow from outside and uses only its public API.
//
//   TICKSTOCK_UI_SELFTEST_FILE=path   write describeWindow() once every enabled connection with
//                                     tickers streams and shows rows (or describeConfigErrors()
//                                     for the configuration error dialog, which it then closes)
//   TICKSTOCK_UI_SELFTEST_QUIT=1      close the window after writing that report
//   TICKSTOCK_UI_BENCH_FILE=path      time every batch the window applies; write the summary on quit
//   TICKSTOCK_UI_BENCH_PAUSE_MS=N     pause the display for N ms every 2N ms, so each resume applies
//                                     one batch holding every ticker updated meanwhile

#include "ui/probe/batchtimings.h"

#include <QtCore/QObject>
#include <QtCore/QString>

#include <memory>

class QTimer;

namespace tickstock::status {
class SnapshotStore;
}
namespace tickstock::ui {
class ConfigErrorDialog;
class MainWindow;
} // namespace tickstock::ui

namespace tickstock::uiprobe {

struct ProbeOptions {
    QString selfTestFile;
    bool quitAfterSelfTest = false;
    QString benchFile;
    int benchPauseMs = 0;

    static ProbeOptions fromEnvironment();
    bool any() const { return !selfTestFile.isEmpty() || !benchFile.isEmpty() || benchPauseMs > 0; }
};

class DesktopProbe final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopProbe)
public:
    // Null when no hook is asked for: the product runs with nothing attached.
    static std::unique_ptr<DesktopProbe> attach(ui::MainWindow &window, const status::SnapshotStore &snapshots,
                                                const ProbeOptions &options = ProbeOptions::fromEnvironment());

    DesktopProbe(ui::MainWindow &window, const status::SnapshotStore &snapshots, const ProbeOptions &options);
    ~DesktopProbe() override;

    // With a self-test file: writes describeConfigErrors() shortly after the dialog shows, then
    // rejects it. Does nothing otherwise.
    static void watchConfigErrors(ui::ConfigErrorDialog &dialog, const QStringList &errors,
                                  const ProbeOptions &options = ProbeOptions::fromEnvironment());

    const BatchTimings &timings() const { return m_timings; }
    bool selfTestWritten() const { return m_selfTestWritten; }
    // The bench summary, "full" batches being those updating ≥ 90 % of the subscribed tickers.
    // Written on QCoreApplication::aboutToQuit; false if there is no bench file or it failed.
    bool writeBenchReport() const;

private:
    void checkSelfTest();

    ui::MainWindow &m_window;
    const status::SnapshotStore &m_snapshots;
    ProbeOptions m_options;
    BatchTimings m_timings;
    BatchTimings::Start m_started{};
    int m_entries = 0;
    QTimer *m_selfTestTimer = nullptr;
    QTimer *m_pauseTimer = nullptr;
    bool m_selfTestWritten = false;
};

} // namespace tickstock::uiprobe
