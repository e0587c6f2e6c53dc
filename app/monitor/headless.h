#pragma once

#include "config/monitorconfig.h"

class QCoreApplication;

namespace tickstock::app {
// Runs without a window until SIGINT/SIGTERM; returns the process exit code.
int runHeadless(QCoreApplication &app, const config::MonitorConfig &config, double statusIntervalSeconds);
}
