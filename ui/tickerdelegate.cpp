#include "ui/tickerdelegate.h"

#include "ui/theme.h"
#include "ui/tickertablemodel.h"

#include <QtCore/QDateTime>
#include <QtGui/QPainter>
#include <QtWidgets/QApplication>

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
    // A lean paint for a table that repaints 10 times a second: the view has already drawn the
    // row's (alternate) background; here the selection or flash, then one line of text. Going
    // through QStyle's CE_ItemViewItem per cell (item layout, elision, QTextLayout) costs about
    // twice as much and draws nothing this table needs.
    const int column = index.column();
    const QPalette &pal = option.palette;
    const bool enabled = option.state & QStyle::State_Enabled;
    const QPalette::ColorGroup group = !enabled ? QPalette::Disabled
        : (option.state & QStyle::State_Active) ? QPalette::Active
                                                : QPalette::Inactive;
    const bool selected = option.state & QStyle::State_Selected;
    const int direction = index.data(TickerTableModel::DirectionRole).toInt();

    if (selected) {
        painter->fillRect(option.rect, pal.brush(group, QPalette::Highlight));
    } else {
        const double strength = flashStrength(index.data(TickerTableModel::FlashRole).toLongLong(), m_clock());
        if (strength > 0.0) {
            const bool priceColumn = column == TickerTableModel::Last || column == TickerTableModel::Direction;
            painter->fillRect(option.rect, theme::flashColor(pal, priceColumn ? direction : 0, strength));
        }
    }

    QColor ink = pal.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    if (!selected && (column == TickerTableModel::Direction || column == TickerTableModel::Last)) {
        if (direction > 0)
            ink = theme::upColor(pal);
        else if (direction < 0)
            ink = theme::downColor(pal);
        else if (column == TickerTableModel::Direction)
            ink = theme::flatColor(pal);
    }
    QFont font = option.font;
    if (column == TickerTableModel::Symbol)
        font.setWeight(QFont::DemiBold);
    else if (column == TickerTableModel::Direction)
        font.setBold(true);

    const QString text = index.data(Qt::DisplayRole).toString();
    const auto alignment = Qt::Alignment(index.data(Qt::TextAlignmentRole).toInt());
    const QRect textRect = option.rect.adjusted(kMargin, 0, -kMargin, 0);
    painter->save();
    painter->setFont(font);
    painter->setPen(ink);
    const QFontMetrics fm(font);
    if (fm.horizontalAdvance(text) <= textRect.width())
        painter->drawText(textRect, int(alignment | Qt::TextSingleLine), text);
    else
        painter->drawText(textRect, int(alignment | Qt::TextSingleLine), fm.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();

    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.rect = option.rect;
        focus.state |= QStyle::State_KeyboardFocusChange;
        focus.backgroundColor = pal.color(group, selected ? QPalette::Highlight : QPalette::Base);
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
}

QSize TickerDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QFont font = option.font;
    if (index.column() == TickerTableModel::Symbol || index.column() == TickerTableModel::Direction)
        font.setBold(true);
    const QFontMetrics fm(font);
    return QSize(fm.horizontalAdvance(index.data(Qt::DisplayRole).toString()) + 2 * kMargin + 2, fm.height() + 6);
}

} // namespace tickstock::ui
