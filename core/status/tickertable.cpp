#include "status/tickertable.h"

namespace tickstock::status {

TickerTable::TickerTable(std::vector<status::TickUpdate> rows)
    : m_rows(std::move(rows))
{
}

const status::TickUpdate *TickerTable::find(const QString &symbol) const
{
    std::call_once(m_indexed, [this] {
        m_index.reserve(qsizetype(m_rows.size()));
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            m_index.insert(m_rows[i].symbol, int(i));
    });
    const auto it = m_index.constFind(symbol);
    return it == m_index.cend() ? nullptr : &m_rows[std::size_t(it.value())];
}

} // namespace tickstock::status
