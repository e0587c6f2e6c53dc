// tickstock-feedsim: a Massive-compatible stocks feed simulator (docs/simulator.md).
// Contract: the first stdout line is "listening on ws://127.0.0.1:PORT/stocks"; on SIGINT or
// SIGTERM the counters are printed on stdout as one JSON document and the exit code is 0.
// Exit code 2: bad command line; 1: cannot listen.

#include "sim/feedsimulator.h"
#include "sim/simconfig.h"
#include "util/logging.h"
#include "util/unixsignals.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>

#include <cstdio>

using tickstock::sim::FeedSimulator;
using tickstock::sim::SimConfig;

namespace {
void printLine(FILE *stream, const QByteArray &text)
{
    std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tickstock-feedsim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TICKSTOCK_VERSION));
    tickstock::installLogFormat();

    QString error;
    const std::optional<SimConfig> config = SimConfig::fromArguments(QCoreApplication::arguments(), &error);
    if (!config) {
        printLine(stderr, QString(QStringLiteral("tickstock-feedsim: ") + error + QStringLiteral("\nTry --help.")).toUtf8());
        return 2;
    }
    if (config->showHelp) {
        std::fputs(SimConfig::helpText().toUtf8().constData(), stdout);
        std::fflush(stdout);
        return 0;
    }

    tickstock::UnixSignalWatcher signalWatcher;
    FeedSimulator simulator(*config);
    if (!simulator.listen(&error)) {
        qCCritical(lcSim).noquote() << "cannot listen on" << config->host.toString() + QLatin1Char(':')
                + QString::number(config->port) << "-" << error;
        return 1;
    }
    printLine(stdout, QByteArray("listening on " + simulator.url().toString().toUtf8()));

    QTimer stats;
    if (config->statsIntervalMs > 0) {
        QObject::connect(&stats, &QTimer::timeout, &simulator, [&simulator] {
            const auto c = simulator.counters();
            qCInfo(lcSim) << "open" << c.connectionsOpen << "accepted" << c.connectionsAccepted << "frames" << c.frames
                          << "bytes" << c.bytes << "events T/Q/A/AM" << c.events[0] << c.events[1] << c.events[2]
                          << c.events[3] << "firehose sent" << c.firehoseEventsSent << "skipped frames"
                          << c.firehoseFramesSkippedBacklog << "backlog" << c.firehoseFramesSkippedLate << "late";
        });
        stats.start(config->statsIntervalMs);
    }

    QObject::connect(&signalWatcher, &tickstock::UnixSignalWatcher::signalReceived, &app, [&](int signalNumber) {
        qCInfo(lcSim) << "signal" << signalNumber << "received, shutting down";
        const QByteArray json = QJsonDocument(simulator.counters().toJson()).toJson(QJsonDocument::Compact);
        simulator.shutdown();
        printLine(stdout, json);
        QCoreApplication::exit(0);
    });
    return QCoreApplication::exec();
}
