#pragma once
// Paints the ticker table's cells: direction colours on Last and ±, and a fading flash behind a
// cell that just changed (from the model's FlashRole timestamp; no timer per cell). The column
// view repaints the viewport while flashes are fading.

#include <QtWidgets/QStyledItemDelegate>

#include <functional>

namespace tickstock::ui {

class TickerDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TickerDelegate)
public:
    using Clock = std::function<qint64()>; // epoch ms, the same clock that stamps applyBatch()
    static constexpr int kFlashMs = 700;
    static constexpr int kMargin = 5; // text inset from the cell's edges

    explicit TickerDelegate(QObject *parent = nullptr, Clock clock = {});

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // 0..1: how strongly a cell changed at `changedAtMs` flashes at `nowMs`.
    static double flashStrength(qint64 changedAtMs, qint64 nowMs);

private:
    Clock m_clock;
};

} // namespace tickstock::ui
