#include "ui/connectioncolumn.h"

#include "ui/connectioncard.h"
#include "ui/tickerdelegate.h"
#include "ui/tickertablemodel.h"

#include <QtCore/QEvent>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QTimer>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace tickstock::ui {
namespace {
// Fades are repainted at this pace, but only between batches: a batch repaints the changed rows
// itself (at most 10 Hz), so while ticks flow the timer adds nothing.
constexpr int kFlashRepaintMs = 100;
}

ConnectionColumn::ConnectionColumn(int connectionId, Formatter formatter, Clock clock, QWidget *parent)
    : QWidget(parent)
    , m_id(connectionId)
    , m_formatter(formatter)
    , m_clock(std::move(clock))
    , m_card(new ConnectionCard(connectionId, formatter, this))
    , m_filter(new QLineEdit(this))
    , m_rowCount(new QLabel(this))
    , m_model(new TickerTableModel(formatter, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_delegate(new TickerDelegate(this, m_clock))
    , m_flashTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("connectionColumn%1").arg(connectionId));

    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter symbols"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Show only the symbols containing this text"));
    m_rowCount->setObjectName(QStringLiteral("rowCount"));
    m_rowCount->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_rowCount->setMinimumWidth(m_rowCount->fontMetrics().horizontalAdvance(QStringLiteral("00,000 of 00,000")));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TickerTableModel::RawValueRole);
    m_proxy->setFilterRole(TickerTableModel::RawValueRole);
    m_proxy->setFilterKeyColumn(TickerTableModel::Symbol);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);

    m_view->setObjectName(QStringLiteral("tickerTable"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(m_delegate);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(TickerTableModel::Symbol, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setCornerButtonEnabled(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    const QFontMetrics fm(m_view->font());
    m_view->verticalHeader()->setDefaultSectionSize(fm.height() + 6);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);

    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setMinimumSectionSize(fm.horizontalAdvance(QStringLiteral("±")) + 16);
    // Default widths from the font: every column of a 500 px column fits without scrolling.
    const auto width = [&](const char *sample) { return fm.horizontalAdvance(QLatin1String(sample)) + 12; };
    header->resizeSection(TickerTableModel::Symbol, width("WWWWW"));
    header->resizeSection(TickerTableModel::Last, width("0,000.00"));
    header->resizeSection(TickerTableModel::Direction, width("±") + 8);
    header->resizeSection(TickerTableModel::Bid, width("0,000.00"));
    header->resizeSection(TickerTableModel::Ask, width("0,000.00"));
    header->resizeSection(TickerTableModel::Volume, width("0,000,000"));
    header->resizeSection(TickerTableModel::Ticks, width("00,000"));
    header->resizeSection(TickerTableModel::Updated, width("00:00:00"));

    auto *filterRow = new QHBoxLayout;
    filterRow->setContentsMargins(0, 0, 0, 0);
    filterRow->setSpacing(8);
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_rowCount);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(6);
    layout->addWidget(m_card);
    layout->addLayout(filterRow);
    layout->addWidget(m_view, 1);

    m_flashTimer->setInterval(kFlashRepaintMs);
    connect(m_flashTimer, &QTimer::timeout, this, &ConnectionColumn::onFlashTick);
    connect(m_model, &TickerTableModel::batchChanged, this, &ConnectionColumn::onTableChanged);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateRowCount();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ConnectionColumn::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ConnectionColumn::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ConnectionColumn::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ConnectionColumn::updateRowCount);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (m_menu)
            m_menu->popup(m_view->viewport()->mapToGlobal(pos));
    });
    m_view->installEventFilter(this);
    m_filter->installEventFilter(this);
    updateRowCount();
}

ConnectionColumn::~ConnectionColumn() = default;

QString ConnectionColumn::displayName() const
{
    const status::ConnectionSnapshot &c = m_card->snapshot();
    return m_card->hasSnapshot() && !c.name.isEmpty() ? c.name : QStringLiteral("connection_%1").arg(m_id);
}

void ConnectionColumn::setSnapshot(const status::ConnectionSnapshot &connection, qint64 nowMs)
{
    m_card->setSnapshot(connection, nowMs);
}

void ConnectionColumn::refreshClock(qint64 nowMs) { m_card->refreshClock(nowMs); }

void ConnectionColumn::setActionsMenu(QMenu *menu)
{
    m_menu = menu;
    m_card->setActionsMenu(menu);
}

bool ConnectionColumn::isRepaintingFlashes() const { return m_flashTimer->isActive(); }

void ConnectionColumn::onTableChanged()
{
    m_lastBatchMs = m_clock();
    m_flashUntilMs = m_lastBatchMs + TickerDelegate::kFlashMs + kFlashRepaintMs;
    if (!m_flashTimer->isActive() && isVisible())
        m_flashTimer->start();
}

void ConnectionColumn::onFlashTick()
{
    const qint64 now = m_clock();
    if (now - m_lastBatchMs >= kFlashRepaintMs / 2)
        m_view->viewport()->update();
    if (now > m_flashUntilMs || !isVisible())
        m_flashTimer->stop();
}

void ConnectionColumn::updateRowCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const QString text = m_filter->text().trimmed().isEmpty()
        ? m_formatter.countOf(total, tr("row"), tr("rows"))
        : tr("%1 of %2").arg(m_formatter.count(shown), m_formatter.count(total));
    m_rowCount->setText(text);
}

QString ConnectionColumn::rowCountText() const { return m_rowCount->text(); }

int ConnectionColumn::visibleRowCount() const { return m_proxy->rowCount(); }

bool ConnectionColumn::revealSymbol(const QString &symbol)
{
    const int row = m_model->rowOf(symbol);
    if (row < 0)
        return false;
    QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(row, TickerTableModel::Symbol));
    if (!proxyIndex.isValid()) { // hidden by the filter
        m_filter->clear();
        proxyIndex = m_proxy->mapFromSource(m_model->index(row, TickerTableModel::Symbol));
        if (!proxyIndex.isValid())
            return false;
    }
    m_view->setCurrentIndex(proxyIndex);
    m_view->selectionModel()->select(proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(proxyIndex, QAbstractItemView::PositionAtCenter);
    m_view->setFocus(Qt::ShortcutFocusReason);
    return true;
}

QStringList ConnectionColumn::selectedSymbols() const
{
    QStringList out;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(TickerTableModel::Symbol);
    for (const QModelIndex &index : rows)
        out.append(index.data(TickerTableModel::RawValueRole).toString());
    out.sort();
    return out;
}

QByteArray ConnectionColumn::saveHeaderState() const { return m_view->horizontalHeader()->saveState(); }

void ConnectionColumn::restoreHeaderState(const QByteArray &state)
{
    if (state.isEmpty())
        return;
    QHeaderView *header = m_view->horizontalHeader();
    if (header->restoreState(state))
        m_proxy->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

bool ConnectionColumn::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn && (watched == m_view || watched == m_filter))
        emit focused(m_id);
    return QWidget::eventFilter(watched, event);
}

} // namespace tickstock::ui
