#pragma once
// Human-readable views of a loaded configuration that never reveal a secret.

#include "config/configloader.h"
#include "config/monitorconfig.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace tickstock::config {

// The text printed by `tickstock-monitor --check-config`: the sources read, the mode, every
// effective key with its value and origin (secrets as "*** (set)" or "(not set)"), the resolved
// connection slots (name, enabled, ticker source, ticker count, first tickers), then the warnings
// and errors. Ends with a newline.
QString describeConfig(const LoadResult &result);

// The secret values of `config`: MASSIVE_API_KEY, the slots' API keys (except the "demo" key of
// the simulated feed), REDIS_PASSWORD (also the REDIS_URL password) and STATUS_HTTP_TOKEN: what a
// SecretMasker (util/secretmasker.h) masks out of every text that leaves the monitor.
QStringList secretValues(const MonitorConfig &config);

} // namespace tickstock::config
