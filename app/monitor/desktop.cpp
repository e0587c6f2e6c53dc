#include "desktop.h"

#include <QtCore/QCoreApplication>

#include <cstdio>

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
#endif

} // namespace tickstock::app
