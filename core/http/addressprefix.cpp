#include "http/addressprefix.h"

namespace tickstock::http {

QHostAddress addressPrefix(const QHostAddress &address)
{
    if (address.isNull())
        return address;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped) {
        if ((v4 >> 24) == 127)
            return QHostAddress(quint32(127) << 24);
        return QHostAddress(v4 & 0xFFFFFF00u);
    }
    if (address.isLoopback()) // ::1 is the same host as 127.0.0.1
        return QHostAddress(quint32(127) << 24);
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes);
}

QString prefixText(const QHostAddress &prefix)
{
    if (prefix.isLoopback())
        return QStringLiteral("loopback");
    return prefix.toString() + (prefix.protocol() == QAbstractSocket::IPv4Protocol ? u"/24" : u"/64");
}

} // namespace tickstock::http
