#pragma once
// tickstock-monitor's command line (docs/operations.md): flags map onto configuration keys, which win
// over every other source.

#include "config/configloader.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace tickstock::app {

struct CommandLine {
    bool headless = false;
    bool checkConfig = false;
    bool showVersion = false;
    bool showHelp = false;
    double statusIntervalSeconds = 0; // headless: one compact status line every N s (0 = off)
    config::ConfigSources sources;    // --config, --env-file, and the CLI layer of keys
    QString error;                    // a bad flag or value: print it, exit 2
};

CommandLine parseCommandLine(const QStringList &arguments);
QString helpText();
QString versionText();

} // namespace tickstock::app
