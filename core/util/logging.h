#pragma once
// One logging category per module; switch them with QT_LOGGING_RULES (e.g. "tickstock.*.debug=true").

#include <QtCore/QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcFeed)   // tickstock.core.feed
Q_DECLARE_LOGGING_CATEGORY(lcCodec)  // tickstock.core.codec
Q_DECLARE_LOGGING_CATEGORY(lcSim)    // tickstock.core.sim
Q_DECLARE_LOGGING_CATEGORY(lcConfig) // tickstock.core.config
Q_DECLARE_LOGGING_CATEGORY(lcRedis)  // tickstock.core.redis
Q_DECLARE_LOGGING_CATEGORY(lcHttp)   // tickstock.http
Q_DECLARE_LOGGING_CATEGORY(lcApp)    // tickstock.app

namespace tickstock {
// Installs the log line format used by both executables:
// "2026-11-25T19:59:59.900Z warning tickstock.core.feed: message".
void installLogFormat();
}
