#pragma once
// Splits one coalesced batch from the feed (every connection mixed) into one batch per connection
// and applies each to that connection's table. A ticker that moved to another connection leaves
// its old table in the same pass, so it is never shown twice.

#include "status/tickupdate.h"

#include <QtCore/QList>

#include <vector>

namespace tickstock::ui {

class TickerTableModel;

class TickerRouter final {
public:
    struct Result {
        int updates = 0;   // entries in the batch
        int inserted = 0;
        int changed = 0;
        int removed = 0;
        int moved = 0;     // tickers that left another connection's table
        int unrouted = 0;  // entries for a connection without a table
    };

    void setModel(int connection, TickerTableModel *model); // nullptr removes
    TickerTableModel *model(int connection) const;
    QList<int> connections() const;

    Result apply(const status::TickBatch &batch, qint64 nowMs);

    // The connection whose table holds `symbol`, or 0.
    int ownerOf(const QString &symbol) const;

private:
    std::vector<TickerTableModel *> m_models; // index = connection id
};

} // namespace tickstock::ui
