#pragma once
// What the dashboard tests feed their models: ticker updates as the feed thread would batch them.

#include "feed/batchmailbox.h"
#include "status/snapshotstore.h"
#include "status/tickupdate.h"
#include "ui/mainwindow.h"

#include <QtCore/QString>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

namespace uitest {

constexpr qint64 kStart = 1'764'094'000'000; // 2025-11-25 18:06:40 UTC: a fixed "now" for every dashboard test

// The `count`-th update of `symbol`: bid/ask a cent around the price, 100 shares a tick, received
// `count` ms after kStart.
inline tickstock::status::TickUpdate tick(const QString &symbol, int connection, double price, qint64 count = 1)
{
    tickstock::status::TickUpdate u;
    u.symbol = symbol;
    u.connection = connection;
    u.price = price;
    u.bid = price - 0.01;
    u.ask = price + 0.01;
    u.volume = 100 * count;
    u.tickCount = count;
    u.receivedMs = kStart + count;
    return u;
}

// Publishes a snapshot and returns once the window has shown it (QTRY: fails the calling test).
inline void publishAndWait(tickstock::ui::MainWindow &window, tickstock::status::SnapshotStore &store,
                           tickstock::status::SnapshotPtr snapshot)
{
    QSignalSpy shown(&window, &tickstock::ui::MainWindow::snapshotApplied);
    store.publish(std::move(snapshot));
    QTRY_COMPARE(shown.count(), 1);
}

// Posts a batch and returns once the window has applied it.
inline void postAndWait(tickstock::ui::MainWindow &window, tickstock::feed::BatchMailbox &mailbox,
                        const tickstock::status::TickBatch &batch)
{
    QSignalSpy applied(&window, &tickstock::ui::MainWindow::ticksApplied);
    mailbox.post(batch);
    QTRY_COMPARE(applied.count(), 1);
}

} // namespace uitest
