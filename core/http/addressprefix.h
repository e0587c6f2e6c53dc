#pragma once
// The network a client address belongs to, for limits that an attacker must not dodge by rotating
// addresses: IPv4 /24, IPv6 /64, and all of 127.0.0.0/8 and ::1 as one "this host". IPv4-mapped
// IPv6 addresses (::ffff:a.b.c.d) count as their IPv4 address.

#include <QtNetwork/QHostAddress>

namespace tickstock::http {

// The prefix's network address ("10.1.2.0", "2001:db8:1:2::", "127.0.0.0"); null stays null.
QHostAddress addressPrefix(const QHostAddress &address);
// For log lines: "10.1.2.0/24", "2001:db8:1:2::/64", "loopback".
QString prefixText(const QHostAddress &prefix);

} // namespace tickstock::http
