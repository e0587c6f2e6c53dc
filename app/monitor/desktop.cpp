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
#include "ui/probe/desktopprobe.h"
#include "util/logging.h"
#include "util/unixsignals.h"

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
    uiprobe::DesktopProbe::watchConfigErrors(dialog, result.errors); // test hook: TICKSTOCK_UI_SELFTEST_FILE
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

        // Test and benchmark hooks (TICKSTOCK_UI_SELFTEST_*, TICKSTOCK_UI_BENCH_*): null unless asked for.
        const auto probe = uiprobe::DesktopProbe::attach(window, *runtime.snapshots());

        window.show();
        rc = app.exec();
        // The window saved its layout on close. Drop it before the feed stops, so nothing in the
        // UI reacts to the shutdown's last snapshots.
    }
    runtime.stop();
    qCInfo(lcApp) << "stopped";
    return rc;
}

#endif

} // namespace tickstock::app
