#pragma once
// The latest state of every ticker as of one snapshot, for /api/admin/tickers/{symbol}. The feed
// thread fills it with one flat copy of its ticker states (no hashing; the previous table is reused
// when nothing changed); the symbol index is built by the first reader that needs it.

#include "status/tickupdate.h"

#include <QtCore/QHash>

#include <mutex>
#include <vector>

namespace tickstock::status {

class TickerTable {
public:
    TickerTable() = default;
    explicit TickerTable(std::vector<status::TickUpdate> rows);

    const status::TickUpdate *find(const QString &symbol) const; // null when absent; thread-safe
    bool contains(const QString &symbol) const { return find(symbol) != nullptr; }
    std::size_t size() const { return m_rows.size(); }

private:
    std::vector<status::TickUpdate> m_rows;
    mutable std::once_flag m_indexed;
    mutable QHash<QString, int> m_index;
};

} // namespace tickstock::status
