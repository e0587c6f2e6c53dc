#include "status/statussnapshot.h"

namespace tickstock::status {

qint64 StatusSnapshot::ticksTotal() const
{
    qint64 n = 0;
    for (const ConnectionSnapshot &c : connections)
        n += c.messageCount;
    return n;
}

qint64 StatusSnapshot::errorsTotal() const
{
    qint64 n = 0;
    for (const ConnectionSnapshot &c : connections)
        n += c.errorCount;
    return n;
}

double StatusSnapshot::messagesPerSecond() const
{
    double n = 0;
    for (const ConnectionSnapshot &c : connections)
        n += c.messagesPerSecond;
    return n;
}

int StatusSnapshot::connectedCount() const
{
    int n = 0;
    for (const ConnectionSnapshot &c : connections)
        n += c.status == feed::ConnectionStatus::Connected ? 1 : 0;
    return n;
}

int StatusSnapshot::enabledCount() const
{
    int n = 0;
    for (const ConnectionSnapshot &c : connections)
        n += c.enabled ? 1 : 0;
    return n;
}

} // namespace tickstock::status
