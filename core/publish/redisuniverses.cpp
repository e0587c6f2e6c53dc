#include "publish/redisuniverses.h"

#include "publish/redispublisher.h"
#include "util/logging.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

#include <hiredis/hiredis.h>

#include <memory>
#include <sys/time.h>

namespace tickstock::publish {
namespace {

struct ReplyDeleter {
    void operator()(redisReply *reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply command(redisContext *context, std::initializer_list<QByteArray> args)
{
    std::vector<const char *> argv;
    std::vector<std::size_t> lengths;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lengths.push_back(static_cast<std::size_t>(a.size()));
    }
    return Reply(static_cast<redisReply *>(
        redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
}

QString text(const redisReply *reply) { return QString::fromUtf8(reply->str, static_cast<qsizetype>(reply->len)); }

timeval toTimeval(int ms)
{
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

} // namespace

RedisUniverseSource::RedisUniverseSource(config::RedisConfig config, int timeoutMs)
    : m_config(std::move(config))
    , m_timeoutMs(timeoutMs)
{
}

RedisUniverseSource::~RedisUniverseSource()
{
    if (m_context)
        redisFree(m_context);
}

QString RedisUniverseSource::redisKey(const QString &universeKey) { return QStringLiteral("tickstock:universe:") + universeKey; }

bool RedisUniverseSource::unavailable() const
{
    QMutexLocker lock(&m_mutex);
    return m_failed;
}

QString RedisUniverseSource::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

QStringList RedisUniverseSource::warnings() const
{
    QMutexLocker lock(&m_mutex);
    return m_warnings;
}

int RedisUniverseSource::lookups() const
{
    QMutexLocker lock(&m_mutex);
    return m_lookups;
}

void RedisUniverseSource::warn(const QString &text) const
{
    m_warnings.append(text);
    qCWarning(lcRedis).noquote() << text;
}

bool RedisUniverseSource::ensureConnected() const
{
    if (m_context)
        return true;
    if (m_failed)
        return false;
    const QString address = RedisPublisher::addressOf(m_config);
    const auto fail = [&](const QString &why) {
        m_failed = true;
        m_lastError = why;
        warn(QStringLiteral("universes: Redis at %1 is not usable (%2); using the universes file").arg(address, why));
        if (m_context) {
            redisFree(m_context);
            m_context = nullptr;
        }
        return false;
    };
    const QByteArray host = m_config.host.toUtf8();
    m_context = redisConnectWithTimeout(host.constData(), m_config.port, toTimeval(m_timeoutMs));
    if (!m_context)
        return fail(QStringLiteral("cannot allocate a Redis connection"));
    if (m_context->err)
        return fail(QString::fromLocal8Bit(m_context->errstr));
    redisSetTimeout(m_context, toTimeval(m_timeoutMs));
    if (!m_config.password.isEmpty()) {
        const Reply reply = m_config.username.isEmpty()
            ? command(m_context, {QByteArrayLiteral("AUTH"), m_config.password.toUtf8()})
            : command(m_context, {QByteArrayLiteral("AUTH"), m_config.username.toUtf8(), m_config.password.toUtf8()});
        if (!reply)
            return fail(QString::fromLocal8Bit(m_context->errstr));
        if (reply->type == REDIS_REPLY_ERROR)
            return fail(QStringLiteral("authentication failed: ") + text(reply.get()));
    }
    if (m_config.db != 0) {
        const Reply reply = command(m_context, {QByteArrayLiteral("SELECT"), QByteArray::number(m_config.db)});
        if (!reply)
            return fail(QString::fromLocal8Bit(m_context->errstr));
        if (reply->type == REDIS_REPLY_ERROR)
            return fail(QStringLiteral("SELECT %1 failed: %2").arg(m_config.db).arg(text(reply.get())));
    }
    return true;
}

std::optional<QStringList> RedisUniverseSource::lookup(const QString &key) const
{
    if (!m_config.enabled || key.isEmpty())
        return std::nullopt;
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_cache.constFind(key); it != m_cache.cend())
        return *it;
    if (!ensureConnected())
        return std::nullopt;
    ++m_lookups;
    const QString name = redisKey(key);
    const QByteArray redisName = name.toUtf8();
    const auto ioFailure = [&]() -> std::optional<QStringList> {
        m_failed = true;
        m_lastError = QString::fromLocal8Bit(m_context->errstr);
        warn(QStringLiteral("universes: Redis lookup of %1 failed (%2); using the universes file").arg(name, m_lastError));
        redisFree(m_context);
        m_context = nullptr;
        return std::nullopt;
    };
    std::optional<QStringList> result;
    const Reply type = command(m_context, {QByteArrayLiteral("TYPE"), redisName});
    if (!type)
        return ioFailure();
    const QString typeName = type->type == REDIS_REPLY_STATUS ? text(type.get()) : QString();
    if (typeName == QLatin1String("set")) {
        const Reply members = command(m_context, {QByteArrayLiteral("SMEMBERS"), redisName});
        if (!members)
            return ioFailure();
        if (members->type == REDIS_REPLY_ARRAY) {
            QStringList tickers;
            for (std::size_t i = 0; i < members->elements; ++i) {
                if (members->element[i]->type == REDIS_REPLY_STRING)
                    tickers.append(text(members->element[i]));
            }
            tickers.sort();
            result = tickers;
        }
    } else if (typeName == QLatin1String("string")) {
        const Reply value = command(m_context, {QByteArrayLiteral("GET"), redisName});
        if (!value)
            return ioFailure();
        if (value->type == REDIS_REPLY_STRING) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(value->str, static_cast<qsizetype>(value->len)), &error);
            bool valid = doc.isArray();
            QStringList tickers;
            for (const QJsonValue &v : doc.array()) {
                valid = valid && v.isString();
                tickers.append(v.toString());
            }
            if (valid)
                result = tickers;
            else
                warn(QStringLiteral("universes: Redis key %1 is not a JSON array of tickers%2; ignored")
                         .arg(name, error.error != QJsonParseError::NoError ? QStringLiteral(" (") + error.errorString() + QLatin1Char(')')
                                                                            : QString()));
        }
    } else if (typeName != QLatin1String("none")) {
        warn(QStringLiteral("universes: Redis key %1 is a %2, expected a SET or a JSON array string; ignored")
                 .arg(name, typeName.isEmpty() ? QStringLiteral("?") : typeName));
    }
    m_cache.insert(key, result);
    return result;
}

} // namespace tickstock::publish
