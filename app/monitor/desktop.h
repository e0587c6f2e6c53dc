#pragma once
// The desktop front end (Widgets); available when the UI library is built.

#include "config/configloader.h"

#include <memory>

class QCoreApplication;

namespace tickstock::app {
bool desktopAvailable();
std::unique_ptr<QCoreApplication> createDesktopApplication(int &argc, char **argv);
// Shows the configuration errors in a dialog (and returns 2).
int showConfigErrors(const config::LoadResult &result);
int runDesktop(QCoreApplication &app, const config::MonitorConfig &config);
} // namespace tickstock::app
