#pragma once
// The latest state of one ticker, as it leaves the feed thread in coalesced batches (docs/architecture.md).

#include "massive/events.h"

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>

namespace tickstock::status {

struct TickUpdate {
    QString symbol;
    int connection = 0;          // slot index (1-based)
    double price = 0;            // the last trade's p; before any trade a quote's or bar's price (massive/ticknormaliser.h)
    double bid = 0;
    double ask = 0;
    qint64 volume = 0;           // day volume: trade sizes summed, raised to an aggregate's av
    qint64 tickCount = 0;        // events seen for this ticker since start
    qint64 eventTimeMs = 0;      // the event's own timestamp, else when it was received
    qint64 receivedMs = 0;       // when the monitor processed it
    qint8 direction = 0;         // +1 up, -1 down, 0 unchanged (vs the previous price)
    massive::EventKind lastEvent = massive::EventKind::Trade;
    bool removed = false;        // the ticker was unsubscribed: drop its row
    int key = -1;                // dense per-symbol key from the feed thread (mailboxes coalesce by it); -1: none
};

using TickBatch = QList<TickUpdate>;

} // namespace tickstock::status

Q_DECLARE_METATYPE(tickstock::status::TickUpdate)
Q_DECLARE_METATYPE(tickstock::status::TickBatch)
