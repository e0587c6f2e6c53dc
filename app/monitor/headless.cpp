#include "headless.h"

#include "http/statusserver.h"
#include "runtime/monitorruntime.h"
#include "status/snapshotstore.h"
#include "status/statusjson.h"
#include "status/statusview.h"
#include "util/logging.h"
#include "util/unixsignals.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>

#include <csignal>
#include <cstdio>

namespace tickstock::app {
namespace {

void logSummary(const status::StatusSnapshot &s)
{
    for (const status::ConnectionSnapshot &c : s.connections) {
        if (!c.enabled)
            continue;
        qCInfo(lcApp).noquote() << QStringLiteral("[%1 %2] %3/%4: %5 ticks, %6 msg/s, %7 errors, %8 reconnects")
                                       .arg(c.connectionId(), c.name, status::statusName(c.status),
                                            status::phaseName(c.phase))
                                       .arg(c.messageCount)
                                       .arg(c.messagesPerSecond, 0, 'f', 1)
                                       .arg(c.errorCount)
                                       .arg(c.reconnectCount);
    }
}

} // namespace

int runHeadless(QCoreApplication &app, const config::MonitorConfig &config, double statusIntervalSeconds)
{
    runtime::MonitorRuntime runtime(config, runtime::FrontEnd::Headless);
    QString error;
    if (!runtime.start(&error)) {
        qCCritical(lcApp).noquote() << error;
        return 1;
    }
    qCInfo(lcApp).noquote() << QStringLiteral("tickstock-monitor %1 headless, %2 mode%3")
                                   .arg(QStringLiteral(TICKSTOCK_VERSION),
                                        config.multiConnection ? QStringLiteral("multi") : QStringLiteral("single"),
                                        config.demo ? QStringLiteral(", simulated feed") : QString());
    for (const config::SlotConfig &slot : config.feedSlots) {
        qCInfo(lcApp).noquote() << QStringLiteral("[%1 %2] %3, %4 tickers from %5")
                                       .arg(slot.connectionId(), slot.name,
                                            slot.enabled ? QStringLiteral("enabled") : QStringLiteral("disabled"))
                                       .arg(slot.tickers.size())
                                       .arg(slot.tickerSource);
    }

    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &app, [&](int signalNumber) {
        if (signalNumber == SIGHUP) { // the feed, Redis and open connections carry on
            qCInfo(lcApp) << "received SIGHUP, reloading the status server's TLS certificate and key";
            if (http::StatusServer *server = runtime.http())
                server->reloadTls(); // logs the outcome
            return;
        }
        qCInfo(lcApp).noquote() << QStringLiteral("received %1, shutting down").arg(UnixSignalWatcher::name(signalNumber));
        runtime.stop();
        app.quit();
    });

    QTimer statusTimer;
    if (statusIntervalSeconds > 0) {
        statusTimer.setInterval(int(statusIntervalSeconds * 1000.0));
        QObject::connect(&statusTimer, &QTimer::timeout, &app, [&] {
            const QByteArray line = status::compactStatusLine(runtime.status()->view());
            std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
            std::fputc('\n', stdout);
            std::fflush(stdout);
        });
        statusTimer.start();
    }
    QTimer summaryTimer; // periodic counters in the log, never per tick
    summaryTimer.setInterval(60'000);
    QObject::connect(&summaryTimer, &QTimer::timeout, &app, [&] { logSummary(*runtime.snapshots()->latest()); });
    summaryTimer.start();

    const int rc = app.exec();
    runtime.stop();
    logSummary(*runtime.snapshots()->latest());
    qCInfo(lcApp) << "stopped";
    return rc;
}

} // namespace tickstock::app
