#include "desktop.h"

#include <QtCore/QCoreApplication>

#include <cstdio>

#ifdef TICKSTOCK_HAVE_UI
#include "http/statusserver.h"
#include "runtime/monitorruntime.h"
#include "status/snapshotstore.h"
#include "ui/configerrordialog.h"
#include "ui/connectioncolumn.h"
#include "ui/mainwindow.h"
#include "util/logging.h"
#include "util/unixsignals.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSaveFile>
#include <QtCore/QTimer>
#include <QtGui/QPalette>
#include <QtWidgets/QApplication>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStyle>
#include <QtWidgets/QStyleFactory>

#include <csignal>
#endif

namespace tickstock::app {

#ifndef TICKSTOCK_HAVE_UI
bool desktopAvailable() { return false; }
std::unique_ptr<QCoreApplication> createDesktopApplication(int &argc, char **argv)
{
    return std::make_unique<QCoreApplication>(argc, argv);
}
int showConfigErrors(const config::LoadResult &) { return 2; }
int runDesktop(QCoreApplication &, const config::MonitorConfig &)
{
    std::fprintf(stderr, "tickstock-monitor: this build has no desktop UI; run it with --headless\n");
    return 1;
}
#else

namespace {

// TICKSTOCK_UI_SELFTEST_FILE=path makes the app write a JSON account of what its window shows
// (MainWindow::describe()) once every enabled connection with tickers streams and shows rows, or
// of the configuration error dialog; the end-to-end test and scripts read it.
QString selfTestFile() { return qEnvironmentVariable("TICKSTOCK_UI_SELFTEST_FILE"); }

// Benchmark hooks (scripts/bench, docs/performance.md): TICKSTOCK_UI_BENCH_FILE=path writes the
// batch-apply timings on exit; TICKSTOCK_UI_BENCH_PAUSE_MS=N pauses the display for N ms every
// 2N ms, so each resume applies one batch holding every ticker updated meanwhile (the operator's
// Pause/Resume path).
QString benchFile() { return qEnvironmentVariable("TICKSTOCK_UI_BENCH_FILE"); }
int benchPauseMs() { return qEnvironmentVariableIntValue("TICKSTOCK_UI_BENCH_PAUSE_MS"); }

bool writeJson(const QString &path, const QJsonObject &object)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    return file.commit();
}

// TICKSTOCK_UI_PALETTE=dark|light forces a Fusion palette, for desktops whose platform theme does
// not follow the system's dark mode (and for screenshots of both).
void applyPaletteOverride(QApplication &app)
{
    const QString wanted = qEnvironmentVariable("TICKSTOCK_UI_PALETTE").toLower();
    if (wanted != QLatin1String("dark") && wanted != QLatin1String("light"))
        return;
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (wanted == QLatin1String("light")) {
        app.setPalette(app.style()->standardPalette());
        return;
    }
    QPalette p;
    const QColor window(0x1f, 0x23, 0x28), base(0x16, 0x1b, 0x22), alt(0x1c, 0x21, 0x28), text(0xe6, 0xed, 0xf3);
    const QColor button(0x2a, 0x30, 0x37), highlight(0x2f, 0x81, 0xf7), mid(0x44, 0x4c, 0x56);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alt);
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8d, 0x96, 0xa0));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::Light, QColor(0x3a, 0x41, 0x49));
    p.setColor(QPalette::Midlight, QColor(0x30, 0x36, 0x3d));
    p.setColor(QPalette::Mid, mid);
    p.setColor(QPalette::Dark, QColor(0x0d, 0x11, 0x17));
    p.setColor(QPalette::Shadow, Qt::black);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x6e, 0x76, 0x81));
    app.setPalette(p);
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

bool desktopAvailable() { return true; }

std::unique_ptr<QCoreApplication> createDesktopApplication(int &argc, char **argv)
{
    auto app = std::make_unique<QApplication>(argc, argv);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("TickStock Monitor"));
    QGuiApplication::setDesktopFileName(QStringLiteral("tickstock-monitor"));
    applyPaletteOverride(*app);
    return app;
}

int showConfigErrors(const config::LoadResult &result)
{
    // main() already printed the errors on stderr; this is the same list for someone who started
    // the app from a desktop launcher and would otherwise see nothing.
    if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
        return 2;
    ui::ConfigErrorDialog dialog(result.errors, result.warnings, result.configFile, result.configFileRead, result.envFile);
    const QString selfTest = selfTestFile();
    if (!selfTest.isEmpty()) {
        QTimer::singleShot(500, &dialog, [&dialog, &result, selfTest] {
            writeJson(selfTest, QJsonObject{{QStringLiteral("dialog"), QStringLiteral("config_errors")},
                                            {QStringLiteral("title"), dialog.windowTitle()},
                                            {QStringLiteral("visible"), dialog.isVisible()},
                                            {QStringLiteral("errors"), QJsonArray::fromStringList(result.errors)},
                                            {QStringLiteral("text"), dialog.detailsText()}});
            dialog.reject();
        });
    }
    dialog.exec();
    return 2;
}

int runDesktop(QCoreApplication &app, const config::MonitorConfig &config)
{
    runtime::MonitorRuntime runtime(config, runtime::FrontEnd::Desktop);
    QString error;
    if (!runtime.start(&error)) {
        qCCritical(lcApp).noquote() << error;
        QMessageBox::critical(nullptr, QObject::tr("TickStock Monitor"),
                              QObject::tr("The monitor could not start:\n\n%1").arg(error));
        return 1;
    }
    qCInfo(lcApp).noquote() << QStringLiteral("tickstock-monitor %1 desktop, %2 mode%3")
                                   .arg(QStringLiteral(TICKSTOCK_VERSION),
                                        config.multiConnection ? QStringLiteral("multi") : QStringLiteral("single"),
                                        config.demo ? QStringLiteral(", simulated feed") : QString());

    int rc = 0;
    {
        ui::MainWindow window({runtime.status(), runtime.uiMailbox(), runtime.feed()});
        QObject::connect(&runtime, &runtime::MonitorRuntime::connectionLog, &window, &ui::MainWindow::appendLog);

        UnixSignalWatcher signalWatcher;
        QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &window, [&window, &runtime](int signalNumber) {
            if (signalNumber == SIGHUP) {
                qCInfo(lcApp) << "received SIGHUP, reloading the status server's TLS certificate and key";
                if (http::StatusServer *server = runtime.http())
                    server->reloadTls(); // logs the outcome
                return;
            }
            qCInfo(lcApp).noquote() << QStringLiteral("received %1, closing the window").arg(UnixSignalWatcher::name(signalNumber));
            window.close();
        });

        QTimer selfTest;
        const QString selfTestPath = selfTestFile();
        if (!selfTestPath.isEmpty()) {
            selfTest.setInterval(250);
            QObject::connect(&selfTest, &QTimer::timeout, &window, [&] {
                const status::SnapshotPtr snapshot = runtime.snapshots()->latest();
                if (!snapshot || !window.isVisible() || !everyColumnStreams(window, *snapshot))
                    return;
                selfTest.stop();
                // One more clock tick, so ages and chart reflect the streaming state, then report.
                window.tickClock();
                if (!writeJson(selfTestPath, window.describe()))
                    qCWarning(lcApp).noquote() << "cannot write" << selfTestPath;
                if (qEnvironmentVariableIntValue("TICKSTOCK_UI_SELFTEST_QUIT") == 1)
                    QTimer::singleShot(0, &window, &QWidget::close);
            });
            selfTest.start();
        }

        window.setRecordBatchTimings(!benchFile().isEmpty());
        QTimer benchPause;
        if (benchPauseMs() > 0) {
            QObject::connect(&benchPause, &QTimer::timeout, &window, [&window] { window.setPaused(!window.isPaused()); });
            benchPause.start(benchPauseMs());
        }

        window.show();
        rc = app.exec();
        if (!benchFile().isEmpty()) {
            int tickers = 0;
            for (const status::ConnectionSnapshot &c : runtime.snapshots()->latest()->connections)
                tickers += int(c.tickers.size());
            if (!writeJson(benchFile(), window.batchTimings().summary(std::max(1, tickers * 9 / 10))))
                qCWarning(lcApp).noquote() << "cannot write" << benchFile();
        }
        // The window saved its layout on close. Drop it before the feed stops, so nothing in the
        // UI reacts to the shutdown's last snapshots.
    }
    runtime.stop();
    qCInfo(lcApp) << "stopped";
    return rc;
}

#endif

} // namespace tickstock::app
