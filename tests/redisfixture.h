#pragma once
// Test fixture: a real redis-server on a free loopback port, restartable for the
// outage tests, plus a pub/sub subscriber on its own thread (a synchronous hiredis context).
// Tests never skip when redis-server is missing: start() fails with a clear message instead.

#include "config/monitorconfig.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtNetwork/QTcpServer>

#include <hiredis/hiredis.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace redistest {

// The monitor's Redis settings for a fixture server on this machine.
inline tickstock::config::RedisConfig redisConfig(quint16 port, const QString &password = {})
{
    tickstock::config::RedisConfig c;
    c.host = QStringLiteral("127.0.0.1");
    c.port = port;
    c.password = password;
    return c;
}

inline quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        qFatal("no free port: %s", qPrintable(server.errorString()));
    return server.serverPort();
}

// A synchronous connection for test assertions and setup (SADD, XLEN, ...).
class RedisClient final {
public:
    RedisClient(quint16 port, const QByteArray &password = {}, int timeoutMs = 2000)
    {
        timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
        m_context = redisConnectWithTimeout("127.0.0.1", port, tv);
        if (m_context && !m_context->err && !password.isEmpty())
            command({"AUTH", password});
    }
    ~RedisClient()
    {
        if (m_context)
            redisFree(m_context);
    }
    RedisClient(const RedisClient &) = delete;
    RedisClient &operator=(const RedisClient &) = delete;

    bool ok() const { return m_context && !m_context->err; }
    QString error() const { return m_context ? QString::fromLocal8Bit(m_context->errstr) : QStringLiteral("no context"); }

    // The reply as text: status/string/error text, integer as decimal, array elements joined by '\n'.
    // An I/O failure answers "<io error: ...>".
    QByteArray command(const QList<QByteArray> &args)
    {
        if (!ok())
            return "<io error: " + error().toUtf8() + '>';
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        for (const QByteArray &a : args) {
            argv.push_back(a.constData());
            lengths.push_back(static_cast<size_t>(a.size()));
        }
        auto *reply = static_cast<redisReply *>(redisCommandArgv(m_context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
        if (!reply)
            return "<io error: " + error().toUtf8() + '>';
        const QByteArray text = replyText(reply);
        freeReplyObject(reply);
        return text;
    }

    static QByteArray replyText(const redisReply *reply)
    {
        switch (reply->type) {
        case REDIS_REPLY_INTEGER: return QByteArray::number(reply->integer);
        case REDIS_REPLY_NIL: return "<nil>";
        case REDIS_REPLY_ARRAY: {
            QList<QByteArray> parts;
            for (size_t i = 0; i < reply->elements; ++i)
                parts.append(replyText(reply->element[i]));
            return parts.join('\n');
        }
        default: return QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        }
    }

private:
    redisContext *m_context = nullptr;
};

class RedisServer final {
public:
    // port 0: a free port, chosen at the first start and kept across restarts.
    explicit RedisServer(QByteArray password = {}, quint16 port = 0)
        : m_password(std::move(password))
        , m_port(port)
    {
    }
    ~RedisServer()
    {
        if (isRunning())
            stop();
    }
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    quint16 port() const { return m_port; }
    const QByteArray &password() const { return m_password; }

    // Starts redis-server (on the same port as before when restarting) and waits until it answers
    // PING. False with *error on any failure, including redis-server not being installed.
    bool start(QString *error)
    {
        const QString server = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (server.isEmpty()) {
            *error = QStringLiteral("redis-server is not installed: run scripts/install-deps (Debian package "
                                    "redis-server); the Redis integration tests need it");
            return false;
        }
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        if (m_port == 0)
            m_port = freePort();
        QStringList args{QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
                         QStringLiteral("--daemonize"), QStringLiteral("yes"), QStringLiteral("--pidfile"), pidFile(),
                         QStringLiteral("--dir"), m_dir.path(), QStringLiteral("--logfile"), m_dir.filePath(QStringLiteral("redis.log"))};
        if (!m_password.isEmpty())
            args << QStringLiteral("--requirepass") << QString::fromUtf8(m_password);
        QFile::remove(pidFile());
        QProcess process;
        process.start(server, args);
        if (!process.waitForFinished(10000) || process.exitCode() != 0) {
            *error = QStringLiteral("redis-server failed to start: %1 %2")
                         .arg(QString::fromLocal8Bit(process.readAllStandardOutput()),
                              QString::fromLocal8Bit(process.readAllStandardError()));
            return false;
        }
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            RedisClient client(m_port, m_password, 500);
            if (client.ok()) {
                const QByteArray pong = client.command({"PING"});
                if (pong == "PONG") {
                    m_pid = readPid();
                    return true;
                }
            }
            QThread::msleep(20);
        }
        *error = QStringLiteral("redis-server on port %1 did not answer PING within 10 s; log: %2").arg(m_port).arg(log());
        return false;
    }

    // Polite stop: SHUTDOWN NOSAVE, then wait for the process to exit.
    bool stop()
    {
        const QString cli = QStandardPaths::findExecutable(QStringLiteral("redis-cli"));
        QStringList args{QStringLiteral("-p"), QString::number(m_port)};
        if (!m_password.isEmpty())
            args << QStringLiteral("--no-auth-warning") << QStringLiteral("-a") << QString::fromUtf8(m_password);
        args << QStringLiteral("shutdown") << QStringLiteral("nosave");
        if (!cli.isEmpty()) {
            QProcess process;
            process.start(cli, args);
            process.waitForFinished(5000);
        } else {
            RedisClient(m_port, m_password).command({"SHUTDOWN", "NOSAVE"});
        }
        if (waitForExit(5000))
            return true;
        kill();
        return false;
    }

    // The outage: SIGKILL, no goodbye to any client.
    bool kill()
    {
        if (m_pid > 0)
            ::kill(m_pid, SIGKILL);
        return waitForExit(5000);
    }
    // Freezes / thaws the server process (a Redis that stops answering but keeps its sockets open).
    void pause() { ::kill(m_pid, SIGSTOP); }
    void resume() { ::kill(m_pid, SIGCONT); }

    bool isRunning() const { return m_pid > 0 && alive(m_pid); }
    QString log() const
    {
        QFile f(m_dir.filePath(QStringLiteral("redis.log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(f.readAll().right(2000)) : QString();
    }

private:
    QString pidFile() const { return m_dir.filePath(QStringLiteral("redis.pid")); }
    qint64 readPid() const
    {
        const QDeadlineTimer deadline(2000);
        while (!deadline.hasExpired()) {
            QFile f(pidFile());
            if (f.open(QIODevice::ReadOnly)) {
                const qint64 pid = f.readAll().trimmed().toLongLong();
                if (pid > 0)
                    return pid;
            }
            QThread::msleep(10);
        }
        return 0;
    }
    static bool alive(qint64 pid)
    {
        // A zombie (not reaped by whoever adopted the daemon) counts as gone.
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return false;
        const QByteArray text = status.readAll();
        return !text.contains("State:\tZ") && !text.contains("State:\tX");
    }
    bool waitForExit(int ms)
    {
        const QDeadlineTimer deadline(ms);
        while (!deadline.hasExpired()) {
            if (!alive(m_pid)) {
                m_pid = 0;
                return true;
            }
            QThread::msleep(10);
        }
        return false;
    }

    QTemporaryDir m_dir;
    QByteArray m_password;
    quint16 m_port = 0;
    qint64 m_pid = 0;
};

// SUBSCRIBEs to one channel on its own thread and records what arrives.
class Subscriber final {
public:
    explicit Subscriber(bool keepMessages = true)
        : m_keep(keepMessages)
    {
    }
    ~Subscriber() { stop(); }
    Subscriber(const Subscriber &) = delete;
    Subscriber &operator=(const Subscriber &) = delete;

    // Returns once the subscription is confirmed.
    bool start(quint16 port, const QByteArray &channel, QString *error, const QByteArray &password = {})
    {
        timeval tv{2, 0};
        m_context = redisConnectWithTimeout("127.0.0.1", port, tv);
        if (!m_context || m_context->err) {
            *error = QStringLiteral("subscriber: cannot connect: ") + (m_context ? QString::fromLocal8Bit(m_context->errstr) : QString());
            return false;
        }
        if (!password.isEmpty())
            freeReplyObject(redisCommand(m_context, "AUTH %b", password.constData(), static_cast<size_t>(password.size())));
        auto *reply = static_cast<redisReply *>(
            redisCommand(m_context, "SUBSCRIBE %b", channel.constData(), static_cast<size_t>(channel.size())));
        if (!reply || reply->type != REDIS_REPLY_ARRAY) {
            *error = QStringLiteral("subscriber: SUBSCRIBE failed");
            if (reply)
                freeReplyObject(reply);
            return false;
        }
        freeReplyObject(reply);
        timeval none{0, 0}; // block in reads until stop() shuts the socket down
        redisSetTimeout(m_context, none);
        m_thread = std::thread([this] { run(); });
        return true;
    }

    void stop()
    {
        if (!m_context)
            return;
        ::shutdown(m_context->fd, SHUT_RDWR);
        if (m_thread.joinable())
            m_thread.join();
        redisFree(m_context);
        m_context = nullptr;
    }

    qint64 count() const { return m_count.load(); }
    QList<QByteArray> messages() const
    {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }

private:
    void run()
    {
        if (!m_keep) {
            countRaw();
            return;
        }
        for (;;) {
            void *r = nullptr;
            if (redisGetReply(m_context, &r) != REDIS_OK || !r)
                return;
            auto *reply = static_cast<redisReply *>(r);
            if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 && reply->element[2]->type == REDIS_REPLY_STRING) {
                std::lock_guard lock(m_mutex);
                m_messages.append(QByteArray(reply->element[2]->str, static_cast<qsizetype>(reply->element[2]->len)));
                m_count.fetch_add(1);
            }
            freeReplyObject(reply);
        }
    }

    // Count-only mode (benchmarks): skip hiredis' reply objects and walk the RESP bytes directly,
    // so the measuring subscriber costs as little CPU as possible. Each pushed message is
    // *3 $7 message $<n> <channel> $<m> <payload>.
    void countRaw()
    {
        std::vector<char> buffer(4 << 20);
        std::size_t length = 0;
        redisReader *reader = m_context->reader; // bytes hiredis already read past the SUBSCRIBE reply
        if (reader->len > reader->pos) {
            length = std::min(buffer.size(), reader->len - reader->pos);
            std::memcpy(buffer.data(), reader->buf + reader->pos, length);
        }
        for (;;) {
            std::size_t at = 0;
            while (const std::size_t used = skipMessage(buffer.data() + at, length - at)) {
                at += used;
                m_count.fetch_add(1, std::memory_order_relaxed);
            }
            std::memmove(buffer.data(), buffer.data() + at, length - at);
            length -= at;
            const ssize_t n = ::read(m_context->fd, buffer.data() + length, buffer.size() - length);
            if (n <= 0)
                return;
            length += static_cast<std::size_t>(n);
        }
    }

    // Length of one complete RESP array at p, or 0 when more bytes are needed.
    static std::size_t skipMessage(const char *p, std::size_t n)
    {
        std::size_t at = 0;
        const auto number = [&](char type, long long *value) {
            if (at >= n || p[at] != type)
                return false;
            const void *cr = std::memchr(p + at, '\r', n - at);
            if (!cr || static_cast<const char *>(cr) + 1 >= p + n)
                return false;
            *value = std::strtoll(p + at + 1, nullptr, 10);
            at = static_cast<std::size_t>(static_cast<const char *>(cr) - p) + 2;
            return true;
        };
        long long elements = 0;
        if (!number('*', &elements))
            return 0;
        for (long long i = 0; i < elements; ++i) {
            long long size = 0;
            if (at < n && p[at] == ':') { // integer element (subscribe confirmations)
                if (!number(':', &size))
                    return 0;
                continue;
            }
            if (!number('$', &size) || at + static_cast<std::size_t>(size) + 2 > n)
                return 0;
            at += static_cast<std::size_t>(size) + 2;
        }
        return at;
    }

    const bool m_keep;
    redisContext *m_context = nullptr;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    QList<QByteArray> m_messages;
    std::atomic<qint64> m_count{0};
};

} // namespace redistest

// Starts `server` or fails the current test with the reason.
#define REDIS_START(server)                                                                                            \
    do {                                                                                                               \
        QString redisStartError_;                                                                                      \
        QVERIFY2((server).start(&redisStartError_), qPrintable(redisStartError_));                                     \
    } while (false)
