#pragma once
// The source layers of the configuration merged into one map (precedence in configloader.h):
// INI file < .env file < process environment < command line.

#include "config/configloader.h"
#include "config/configreader.h"

namespace tickstock::config {

// Reads every source of `sources`; fills r->configFile, configFileRead, envFile and appends the
// problems of the sources themselves (unreadable file, bad lines, unknown keys) to r->errors/warnings.
LayeredValues readLayers(const ConfigSources &sources, LoadResult *r);

} // namespace tickstock::config
