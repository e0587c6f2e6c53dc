// tickstock-monitor: the desktop app, or with --headless the daemon (docs/operations.md).

#include "commandline.h"
#include "desktop.h"
#include "headless.h"

#include "config/configdescription.h"
#include "config/configvalues.h"
#include "publish/redisuniverses.h"
#include "util/cpucheck.h"
#include "util/logging.h"

#include <QtCore/QCoreApplication>

#include <cstdio>

using namespace tickstock;

namespace {
void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

// Decided before the configuration is validated: an invalid value counts as false here; the
// loader reports it.
bool truthy(const QString &v)
{
    return tickstock::config::parseBool(v.trimmed()).value_or(false);
}

bool haveDisplay()
{
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}
} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const app::CommandLine cl = app::parseCommandLine(arguments);
    if (!cl.error.isEmpty()) {
        printErr(QStringLiteral("tickstock-monitor: %1\nRun 'tickstock-monitor --help' for usage.\n").arg(cl.error));
        return 2;
    }
    if (cl.showHelp) {
        printOut(app::helpText());
        return 0;
    }
    if (cl.showVersion) {
        printOut(app::versionText() + QLatin1Char('\n'));
        return 0;
    }
    QString cpuProblem;
    if (!cpuSupportsBuild(&cpuProblem)) {
        printErr(QStringLiteral("tickstock-monitor: %1\n").arg(cpuProblem));
        return 1;
    }
    installLogFormat();

    // HEADLESS may also come from the environment or --set (e.g. a systemd unit's Environment=).
    const QString headlessKey = QStringLiteral("HEADLESS");
    const bool headless = cl.headless || truthy(cl.sources.cli.value(headlessKey))
        || (!cl.sources.cli.contains(headlessKey) && truthy(cl.sources.environment.value(headlessKey)));
    const bool desktop = !headless && !cl.checkConfig;
    if (desktop && !haveDisplay()) {
        printErr(QStringLiteral("tickstock-monitor: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                                "To run without a window:  tickstock-monitor --headless --status-interval 5\n"));
        return 1;
    }
    if (desktop && !app::desktopAvailable()) {
        printErr(QStringLiteral("tickstock-monitor: this build has no desktop UI; run it with --headless\n"));
        return 1;
    }
    std::unique_ptr<QCoreApplication> application = desktop ? app::createDesktopApplication(argc, argv)
                                                            : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tickstock-monitor"));
    QCoreApplication::setOrganizationName(QStringLiteral("tickstock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TICKSTOCK_VERSION));

    config::LoadResult loaded = config::loadConfig(cl.sources);
    if (loaded.ok() && loaded.config.redis.enabled && !cl.checkConfig) {
        // Universe keys resolve from Redis first (tickstock:universe:<key>), then the file.
        publish::RedisUniverseSource redisUniverses(loaded.config.redis);
        loaded = config::loadConfig(cl.sources, &redisUniverses); // it logs its own warnings
    }
    for (const QString &warning : loaded.warnings)
        qCWarning(lcConfig).noquote() << warning;
    if (cl.checkConfig) {
        printOut(config::describeConfig(loaded));
        if (!loaded.ok()) {
            printErr(QStringLiteral("invalid configuration (%1 problem(s)):\n  %2\n")
                         .arg(loaded.errors.size())
                         .arg(loaded.errors.join(QStringLiteral("\n  "))));
            return 2;
        }
        return 0;
    }
    if (!loaded.ok()) {
        printErr(QStringLiteral("tickstock-monitor: invalid configuration (%1 problem(s)), nothing started:\n  %2\n")
                     .arg(loaded.errors.size())
                     .arg(loaded.errors.join(QStringLiteral("\n  "))));
        if (desktop)
            app::showConfigErrors(loaded);
        return 2;
    }
    config::MonitorConfig config = loaded.config;
    if (desktop && config.headless)
        qCWarning(lcConfig) << "HEADLESS=true in a configuration file is ignored for the desktop app; use --headless";
    config.headless = headless;
    if (cl.statusIntervalSeconds > 0)
        config.statusIntervalSeconds = cl.statusIntervalSeconds;
    if (headless)
        return app::runHeadless(*application, config, config.statusIntervalSeconds);
    return app::runDesktop(*application, config);
}
