#include "ui/tickertablemodel.h"

#include <algorithm>
#include <bit>

namespace tickstock::ui {
namespace {
constexpr quint32 bit(int column) { return 1u << column; }
// Columns whose change is worth a flash; Ticks and Updated change with every event and would
// keep the whole table blinking.
constexpr quint32 kFlashing = bit(TickerTableModel::Last) | bit(TickerTableModel::Direction)
    | bit(TickerTableModel::Bid) | bit(TickerTableModel::Ask) | bit(TickerTableModel::Volume);
} // namespace

TickerTableModel::TickerTableModel(Formatter formatter, QObject *parent)
    : QAbstractTableModel(parent)
    , m_formatter(std::move(formatter))
{
}

QList<int> TickerTableModel::changedRoles()
{
    return {Qt::DisplayRole, RawValueRole, FlashRole, DirectionRole, Qt::ToolTipRole};
}

int TickerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TickerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TickerTableModel::symbolAt(int row) const
{
    return row >= 0 && std::size_t(row) < m_rows.size() ? m_rows[std::size_t(row)].tick.symbol : QString();
}

QStringList TickerTableModel::symbols() const
{
    QStringList out;
    out.reserve(qsizetype(m_rows.size()));
    for (const Row &r : m_rows)
        out.append(r.tick.symbol);
    return out;
}

QVariant TickerTableModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    if (!index.isValid())
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const status::TickUpdate &t = row.tick;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case Symbol: return t.symbol;
        case Last: return m_formatter.price(t.price);
        case Direction: return Formatter::direction(t.direction);
        case Bid: return m_formatter.price(t.bid);
        case Ask: return m_formatter.price(t.ask);
        case Volume: return m_formatter.count(t.volume);
        case Ticks: return m_formatter.count(t.tickCount);
        case Updated: return m_formatter.timeOfDay(t.receivedMs);
        case ColumnCount: break;
        }
        return {};
    case RawValueRole:
        switch (Column(column)) {
        case Symbol: return t.symbol;
        case Last: return t.price;
        case Direction: return int(t.direction);
        case Bid: return t.bid;
        case Ask: return t.ask;
        case Volume: return t.volume;
        case Ticks: return t.tickCount;
        case Updated: return t.receivedMs;
        case ColumnCount: break;
        }
        return {};
    case FlashRole: return row.changedAt[std::size_t(column)];
    case DirectionRole: return int(t.direction);
    case Qt::TextAlignmentRole:
        if (column == Symbol)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
        if (column == Direction)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        if (column == Updated)
            return tr("Received %1, event time %2")
                .arg(m_formatter.timeOfDayMs(t.receivedMs), m_formatter.timeOfDayMs(t.eventTimeMs));
        if (column == Last || column == Direction) {
            const std::string_view kind = massive::eventKindName(t.lastEvent);
            return tr("Last event: %1").arg(QLatin1String(kind.data(), qsizetype(kind.size())));
        }
        return {};
    default: return {};
    }
}

QVariant TickerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment(
            (section == Symbol ? Qt::AlignLeft : section == Direction ? Qt::AlignHCenter : Qt::AlignRight)
            | Qt::AlignVCenter));
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case Symbol: return tr("Ticker symbol");
        case Last: return tr("Last price (trade; quote mid-point or aggregate close until the first trade)");
        case Direction: return tr("Direction of the last price change");
        case Bid: return tr("Best bid");
        case Ask: return tr("Best ask");
        case Volume: return tr("Volume seen since start");
        case Ticks: return tr("Events received for this ticker");
        case Updated: return tr("When the monitor last received an event for this ticker");
        case ColumnCount: break;
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Symbol: return tr("Symbol");
    case Last: return tr("Last");
    case Direction: return QStringLiteral("±");
    case Bid: return tr("Bid");
    case Ask: return tr("Ask");
    case Volume: return tr("Volume");
    case Ticks: return tr("Ticks");
    case Updated: return tr("Updated");
    case ColumnCount: break;
    }
    return {};
}

quint32 TickerTableModel::update(Row &row, const status::TickUpdate &tick, qint64 nowMs)
{
    status::TickUpdate &old = row.tick;
    quint32 changed = 0;
    if (tick.price != old.price)
        changed |= bit(Last) | bit(Direction);
    else if (tick.direction != old.direction)
        changed |= bit(Direction);
    if (tick.bid != old.bid)
        changed |= bit(Bid);
    if (tick.ask != old.ask)
        changed |= bit(Ask);
    if (tick.volume != old.volume)
        changed |= bit(Volume);
    if (tick.tickCount != old.tickCount)
        changed |= bit(Ticks);
    if (tick.receivedMs != old.receivedMs || tick.eventTimeMs != old.eventTimeMs || tick.lastEvent != old.lastEvent)
        changed |= bit(Updated);
    const quint32 flashing = changed & kFlashing;
    if (flashing) {
        for (int c = 0; c < ColumnCount; ++c) {
            if (flashing & bit(c))
                row.changedAt[std::size_t(c)] = nowMs;
        }
    }
    old = tick;
    return changed;
}

TickerTableModel::BatchResult TickerTableModel::applyBatch(const status::TickBatch &batch, qint64 nowMs)
{
    BatchResult result;
    if (batch.isEmpty())
        return result;

    std::vector<Change> changes;
    std::vector<int> removals;
    std::vector<status::TickUpdate> fresh;   // new tickers, appended in one insert
    QHash<QString, qsizetype> freshIndex; // symbol → position in `fresh` (rarely used)
    changes.reserve(std::size_t(std::min<qsizetype>(batch.size(), qsizetype(m_rows.size()))));

    for (const status::TickUpdate &tick : batch) {
        const auto found = m_rowOf.constFind(tick.symbol);
        if (found != m_rowOf.cend()) {
            const int row = found.value();
            if (tick.removed) {
                removals.push_back(row);
                continue;
            }
            const quint32 columns = update(m_rows[std::size_t(row)], tick, nowMs);
            if (columns)
                changes.push_back({row, columns});
            continue;
        }
        // Not in the table yet.
        const auto pending = freshIndex.constFind(tick.symbol);
        if (pending != freshIndex.cend()) {
            fresh[std::size_t(pending.value())] = tick; // may now be `removed`: skipped below
            continue;
        }
        if (tick.removed)
            continue;
        freshIndex.insert(tick.symbol, qsizetype(fresh.size()));
        fresh.push_back(tick);
    }

    // A symbol updated and removed in one batch: the last entry wins.
    if (!removals.empty()) {
        std::sort(removals.begin(), removals.end());
        removals.erase(std::unique(removals.begin(), removals.end()), removals.end());
        if (!changes.empty()) {
            // Drop changes for rows that are about to go; an update after the removal revives the row.
            QHash<QString, bool> lastIsRemoval;
            for (const status::TickUpdate &tick : batch)
                lastIsRemoval.insert(tick.symbol, tick.removed);
            std::vector<int> kept;
            for (int row : removals) {
                if (lastIsRemoval.value(m_rows[std::size_t(row)].tick.symbol, true))
                    kept.push_back(row);
            }
            removals.swap(kept);
            changes.erase(std::remove_if(changes.begin(), changes.end(),
                                         [&](const Change &c) {
                                             return std::binary_search(removals.begin(), removals.end(), c.row);
                                         }),
                          changes.end());
        }
    }

    result.updated = int(changes.size());
    if (!changes.empty())
        emitChanges(changes, result);
    if (!removals.empty())
        removeRows(removals, result);

    fresh.erase(std::remove_if(fresh.begin(), fresh.end(), [](const status::TickUpdate &t) { return t.removed; }),
                fresh.end());
    if (!fresh.empty()) {
        const int first = int(m_rows.size());
        const int last = first + int(fresh.size()) - 1;
        beginInsertRows(QModelIndex(), first, last);
        m_rows.reserve(m_rows.size() + fresh.size());
        m_rowOf.reserve(qsizetype(m_rows.size() + fresh.size()));
        for (status::TickUpdate &tick : fresh) {
            m_rowOf.insert(tick.symbol, int(m_rows.size()));
            Row &row = m_rows.emplace_back();
            row.tick = std::move(tick);
            row.tick.removed = false;
        }
        endInsertRows();
        result.inserted = int(fresh.size());
        result.insertSignals = 1;
    }
    if (result.updated || result.inserted || result.removed)
        emit batchChanged(nowMs);
    return result;
}

void TickerTableModel::emitChanges(std::vector<Change> &changes, BatchResult &result)
{
    const QList<int> roles = changedRoles();
    quint32 all = 0;
    for (const Change &c : changes)
        all |= c.columns;
    const auto firstColumn = [](quint32 mask) { return std::countr_zero(mask); };
    const auto lastColumn = [](quint32 mask) { return 31 - std::countl_zero(mask); };

    if (changes.size() * 2 > m_rows.size()) {
        emit dataChanged(index(0, firstColumn(all)), index(int(m_rows.size()) - 1, lastColumn(all)), roles);
        ++result.changeSignals;
        return;
    }
    std::sort(changes.begin(), changes.end(), [](const Change &a, const Change &b) { return a.row < b.row; });
    std::size_t i = 0;
    while (i < changes.size()) {
        std::size_t j = i;
        quint32 mask = changes[i].columns;
        while (j + 1 < changes.size() && changes[j + 1].row == changes[j].row + 1) {
            ++j;
            mask |= changes[j].columns;
        }
        emit dataChanged(index(changes[i].row, firstColumn(mask)), index(changes[j].row, lastColumn(mask)), roles);
        ++result.changeSignals;
        i = j + 1;
    }
}

void TickerTableModel::removeRows(std::vector<int> &rows, BatchResult &result)
{
    // rows: sorted ascending, unique. Remove contiguous runs from the bottom up, so the row
    // numbers of the runs still to go stay valid; then renumber once.
    std::size_t end = rows.size();
    while (end > 0) {
        std::size_t begin = end - 1;
        while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
            --begin;
        const int first = rows[begin];
        const int last = rows[end - 1];
        beginRemoveRows(QModelIndex(), first, last);
        for (int r = first; r <= last; ++r)
            m_rowOf.remove(m_rows[std::size_t(r)].tick.symbol);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
        ++result.removeSignals;
        end = begin;
    }
    result.removed = int(rows.size());
    reindexFrom(rows.front());
}

void TickerTableModel::reindexFrom(int firstRow)
{
    for (std::size_t r = std::size_t(firstRow); r < m_rows.size(); ++r)
        m_rowOf[m_rows[r].tick.symbol] = int(r);
}

void TickerTableModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}

} // namespace tickstock::ui
