#pragma once
// The ticker table of one connection: one row per ticker with its latest state, fed coalesced
// batches (docs/architecture.md) at most 10 times a second. A batch costs one beginInsertRows for all new
// tickers, one beginRemoveRows per contiguous run of removed rows, and as few dataChanged
// rectangles (with role lists) as the changed rows allow — one whole-table range when more than
// half of the rows changed.

#include "status/tickupdate.h"
#include "ui/formatter.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QHash>

#include <array>
#include <vector>

namespace tickstock::ui {

class TickerTableModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TickerTableModel)
public:
    enum Column { Symbol, Last, Direction, Bid, Ask, Volume, Ticks, Updated, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole, // sortable value: QString symbol, double prices, qint64 counts/times, int direction
        FlashRole,                   // qint64 epoch ms when this cell last changed (0 = never): the delegate fades it
        DirectionRole,               // int -1/0/+1 of the row's last price change
    };

    struct BatchResult {
        int inserted = 0;
        int updated = 0;
        int removed = 0;
        int insertSignals = 0;   // beginInsertRows calls (0 or 1)
        int removeSignals = 0;   // beginRemoveRows calls (one per contiguous run)
        int changeSignals = 0;   // dataChanged emissions
    };

    explicit TickerTableModel(Formatter formatter = Formatter(), QObject *parent = nullptr);

    // Applies the latest state of every ticker in `batch` (later entries for the same symbol win).
    // `nowMs` stamps the flash of the changed cells; use the delegate's clock.
    BatchResult applyBatch(const status::TickBatch &batch, qint64 nowMs);
    void clear();

    int rowOf(const QString &symbol) const { return m_rowOf.value(symbol, -1); }
    bool contains(const QString &symbol) const { return m_rowOf.contains(symbol); }
    QString symbolAt(int row) const;
    QStringList symbols() const;
    const status::TickUpdate &tickAt(int row) const { return m_rows[std::size_t(row)].tick; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QList<int> changedRoles(); // the roles every dataChanged of this model carries

signals:
    // Once per applyBatch that inserted, updated or removed rows (after the model signals), so a
    // view can react to its own table without anyone polling it. `nowMs`: the batch's stamp.
    void batchChanged(qint64 nowMs);

private:
    struct Row {
        status::TickUpdate tick;
        std::array<qint64, ColumnCount> changedAt{};
    };
    struct Change {
        int row;
        quint32 columns; // bit per Column
    };

    quint32 update(Row &row, const status::TickUpdate &tick, qint64 nowMs);
    void emitChanges(std::vector<Change> &changes, BatchResult &result);
    void removeRows(std::vector<int> &rows, BatchResult &result);
    void reindexFrom(int firstRow);

    Formatter m_formatter;
    std::vector<Row> m_rows;
    QHash<QString, int> m_rowOf;
};

} // namespace tickstock::ui
