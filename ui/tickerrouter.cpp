#include "ui/tickerrouter.h"

#include "ui/tickertablemodel.h"

namespace tickstock::ui {

void TickerRouter::setModel(int connection, TickerTableModel *model)
{
    if (connection <= 0)
        return;
    if (std::size_t(connection) >= m_models.size())
        m_models.resize(std::size_t(connection) + 1, nullptr);
    m_models[std::size_t(connection)] = model;
}

TickerTableModel *TickerRouter::model(int connection) const
{
    return connection > 0 && std::size_t(connection) < m_models.size() ? m_models[std::size_t(connection)] : nullptr;
}

QList<int> TickerRouter::connections() const
{
    QList<int> out;
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        if (m_models[i])
            out.append(int(i));
    }
    return out;
}

int TickerRouter::ownerOf(const QString &symbol) const
{
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        if (m_models[i] && m_models[i]->contains(symbol))
            return int(i);
    }
    return 0;
}

TickerRouter::Result TickerRouter::apply(const status::TickBatch &batch, qint64 nowMs)
{
    Result result;
    result.updates = int(batch.size());
    if (batch.isEmpty())
        return result;
    std::vector<status::TickBatch> perConnection(m_models.size());
    if (m_models.size() > 1) {
        const qsizetype share = batch.size() / qsizetype(m_models.size() - 1) + 16;
        for (std::size_t i = 1; i < m_models.size(); ++i) {
            if (m_models[i])
                perConnection[i].reserve(share);
        }
    }
    for (const status::TickUpdate &tick : batch) {
        TickerTableModel *target = model(tick.connection);
        if (!target) {
            ++result.unrouted;
            continue;
        }
        perConnection[std::size_t(tick.connection)].append(tick);
        if (tick.removed || target->contains(tick.symbol))
            continue;
        // New to this connection: did it move here from another one?
        for (std::size_t i = 1; i < m_models.size(); ++i) {
            if (int(i) == tick.connection || !m_models[i] || !m_models[i]->contains(tick.symbol))
                continue;
            status::TickUpdate gone;
            gone.symbol = tick.symbol;
            gone.connection = int(i);
            gone.removed = true;
            perConnection[i].append(gone);
            ++result.moved;
        }
    }
    for (std::size_t i = 1; i < m_models.size(); ++i) {
        if (!m_models[i] || perConnection[i].isEmpty())
            continue;
        const TickerTableModel::BatchResult r = m_models[i]->applyBatch(perConnection[i], nowMs);
        result.inserted += r.inserted;
        result.changed += r.updated;
        result.removed += r.removed;
    }
    return result;
}

} // namespace tickstock::ui
