#include "util/logging.h"

#include <QtCore/QDateTime>

#include <cstdio>

Q_LOGGING_CATEGORY(lcFeed, "tickstock.core.feed", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCodec, "tickstock.core.codec", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSim, "tickstock.core.sim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "tickstock.core.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRedis, "tickstock.core.redis", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "tickstock.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "tickstock.app", QtInfoMsg)

namespace tickstock {
namespace {
const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "critical";
    case QtFatalMsg: return "fatal";
    }
    return "?";
}

void writeLine(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray when = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8();
    const QByteArray text = message.toUtf8();
    std::fprintf(stderr, "%s %s %s: %s\n", when.constData(), levelName(type),
                 context.category ? context.category : "default", text.constData());
    std::fflush(stderr);
}
} // namespace

void installLogFormat() { qInstallMessageHandler(writeLine); }
} // namespace tickstock
