#include "status/statussnapshot.h"

namespace tickstock::status {
namespace {
template<typename T, typename Fn>
T sumOver(const QList<ConnectionSnapshot> &connections, Fn value)
{
    T total = 0;
    for (const ConnectionSnapshot &c : connections)
        total += value(c);
    return total;
}
} // namespace

qint64 StatusSnapshot::ticksTotal() const
{
    return sumOver<qint64>(connections, [](const ConnectionSnapshot &c) { return c.messageCount; });
}

qint64 StatusSnapshot::errorsTotal() const
{
    return sumOver<qint64>(connections, [](const ConnectionSnapshot &c) { return c.errorCount; });
}

double StatusSnapshot::messagesPerSecond() const
{
    return sumOver<double>(connections, [](const ConnectionSnapshot &c) { return c.messagesPerSecond; });
}

int StatusSnapshot::connectedCount() const
{
    return sumOver<int>(connections,
                        [](const ConnectionSnapshot &c) { return c.status == status::ConnectionStatus::Connected ? 1 : 0; });
}

int StatusSnapshot::enabledCount() const
{
    return sumOver<int>(connections, [](const ConnectionSnapshot &c) { return c.enabled ? 1 : 0; });
}

} // namespace tickstock::status
