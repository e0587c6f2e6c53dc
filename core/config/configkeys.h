#pragma once
// The configuration keys of tickstock-monitor (README, Configuration): one table, used by the loader,
// --check-config and --help. Key names are the original ones and are case-sensitive upper case.

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QStringView>

namespace tickstock::config {

inline constexpr int kMaxSlots = 16; // WEBSOCKET_CONNECTIONS_MAX is 1..kMaxSlots

struct KeyInfo {
    QString name;          // e.g. "STATUS_HTTP_PORT"
    QString defaultValue;  // as text; empty = none
    bool secret = false;   // never printed or logged
    QString help;          // one line for --help / --check-config
};

// Every global key, in display order (slot keys are separate, see slotKeySuffixes()).
const QList<KeyInfo> &globalKeys();

// ENABLED, NAME, UNIVERSE_KEY, SYMBOLS, URL, API_KEY — the parts of WEBSOCKET_CONNECTION_N_<SUFFIX>.
const QStringList &slotKeySuffixes();

// "WEBSOCKET_CONNECTION_<n>_<suffix>".
QString slotKey(int n, QStringView suffix);

// True for WEBSOCKET_CONNECTION_<n>_<suffix> with a known suffix and n in 1..kMaxSlots.
bool parseSlotKey(QStringView key, int *n = nullptr, QString *suffix = nullptr);

bool isGlobalKey(QStringView key);
bool isKnownKey(QStringView key); // global or slot key
bool isSecretKey(QStringView key); // MASSIVE_API_KEY, *_API_KEY of slots, REDIS_PASSWORD, STATUS_HTTP_TOKEN

// primary, secondary, tertiary, then connection_N.
QString defaultSlotName(int n);

// The known key closest to `key` (for "did you mean" hints), or empty if none is close.
QString closestKnownKey(QStringView key);

} // namespace tickstock::config
