#include "ui/tickerdelegate.h"

#include "ui/theme.h"
#include "ui/tickertablemodel.h"

#include <QtCore/QDateTime>
#include <QtGui/QPainter>

namespace tickstock::ui {

TickerDelegate::TickerDelegate(QObject *parent, Clock clock)
    : QStyledItemDelegate(parent)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); }))
{
}

double TickerDelegate::flashStrength(qint64 changedAtMs, qint64 nowMs)
{
    if (changedAtMs <= 0)
        return 0.0;
    const qint64 age = nowMs - changedAtMs;
    if (age < 0 || age >= kFlashMs)
        return age < 0 ? 1.0 : 0.0;
    const double t = double(age) / double(kFlashMs);
    return (1.0 - t) * (1.0 - t); // fast fade-out
}

void TickerDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int column = index.column();
    const int direction = index.data(TickerTableModel::DirectionRole).toInt();

    const double strength = flashStrength(index.data(TickerTableModel::FlashRole).toLongLong(), m_clock());
    if (strength > 0.0 && !(opt.state & QStyle::State_Selected)) {
        const int flashDirection = column == TickerTableModel::Last || column == TickerTableModel::Direction ? direction : 0;
        painter->fillRect(opt.rect, theme::flashColor(opt.palette, flashDirection, strength));
    }
    if (column == TickerTableModel::Direction || column == TickerTableModel::Last) {
        const QColor colour = direction > 0 ? theme::upColor(opt.palette)
            : direction < 0                 ? theme::downColor(opt.palette)
                                            : (column == TickerTableModel::Direction ? theme::flatColor(opt.palette)
                                                                                     : opt.palette.color(QPalette::Text));
        opt.palette.setColor(QPalette::Text, colour);
        if (column == TickerTableModel::Direction)
            opt.font.setBold(true);
    }
    if (column == TickerTableModel::Symbol)
        opt.font.setWeight(QFont::DemiBold);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : nullptr;
    if (style)
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    else
        QStyledItemDelegate::paint(painter, opt, index);
}

} // namespace tickstock::ui
