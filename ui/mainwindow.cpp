#include "ui/mainwindow.h"

#include "feed/batchmailbox.h"
#include "feed/feedcontrol.h"
#include "status/snapshotstore.h"
#include "status/statusview.h"
#include "ui/addtickersdialog.h"
#include "ui/connectioncolumn.h"
#include "ui/eventlogmodel.h"
#include "ui/ratechart.h"
#include "ui/summarybar.h"
#include "ui/theme.h"
#include "ui/tickerrouter.h"
#include "ui/tickertablemodel.h"
#include "ui/uisettings.h"

#include <QtCore/QDateTime>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtGui/QScreen>
#include <QtWidgets/QAbstractItemView>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QStyledItemDelegate>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QVBoxLayout>


namespace tickstock::ui {
namespace {

constexpr int kStatusMessageMs = 6000;

// Colours warnings and errors in the event log.
class LogLevelDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const int level = index.data(EventLogModel::LevelRole).toInt();
        if (level == QtWarningMsg)
            option->palette.setColor(QPalette::Text, theme::warningTextColor(option->palette));
        else if (level == QtCriticalMsg || level == QtFatalMsg)
            option->palette.setColor(QPalette::Text, theme::errorTextColor(option->palette));
    }
};

QAction *makeAction(QObject *parent, const QString &name, const QString &text, const QList<QKeySequence> &keys,
                    const QString &tip)
{
    auto *a = new QAction(text, parent);
    a->setObjectName(name);
    a->setShortcuts(keys);
    QString full = tip;
    if (!keys.isEmpty())
        full += QStringLiteral(" (%1)").arg(keys.first().toString(QKeySequence::NativeText));
    a->setToolTip(full);
    a->setStatusTip(tip);
    return a;
}

} // namespace

MainWindow::MainWindow(DashboardSources sources, DashboardOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_sources(sources)
    , m_formatter(options.formatter)
    , m_clock(options.clock ? options.clock : std::function<qint64()>([] { return QDateTime::currentMSecsSinceEpoch(); }))
    , m_settings(options.settingsFile.isEmpty() ? std::make_unique<UiSettings>() : std::make_unique<UiSettings>(options.settingsFile))
    , m_router(std::make_unique<TickerRouter>())
    , m_restoreLayout(options.restoreLayout)
    , m_log(new EventLogModel(options.eventLogCapacity, options.formatter, this))
{
    Q_ASSERT(m_sources.status && m_sources.status->feed());
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("TickStock Monitor"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(0);
    m_summary = new SummaryBar(m_formatter, central);
    m_columnSplitter = new QSplitter(Qt::Horizontal, central);
    m_columnSplitter->setObjectName(QStringLiteral("columnSplitter"));
    m_columnSplitter->setChildrenCollapsible(false);
    m_columnSplitter->setHandleWidth(6);
    layout->addWidget(m_summary);
    layout->addWidget(m_columnSplitter, 1);
    setCentralWidget(central);

    createActions();
    createMenus();
    createToolBar();
    createDocks();
    statusBar()->setSizeGripEnabled(true);

    m_clockTimer = new QTimer(this);
    m_clockTimer->setInterval(1000);
    connect(m_clockTimer, &QTimer::timeout, this, &MainWindow::tickClock);
    m_clockTimer->start();

    // Both sources emit on the feed thread: queued, so the GUI thread picks them up in its own time.
    connect(m_sources.status->feed(), &status::SnapshotStore::published, this, &MainWindow::applyLatestSnapshot,
            Qt::QueuedConnection);
    if (m_sources.mailbox)
        connect(m_sources.mailbox, &feed::BatchMailbox::available, this, &MainWindow::takeTicks, Qt::QueuedConnection);

    restoreLayout();
    applyLatestSnapshot();
    if (m_sources.mailbox) // anything posted before we connected
        QTimer::singleShot(0, this, &MainWindow::takeTicks);
}

MainWindow::~MainWindow() = default;

// --- construction ------------------------------------------------------------------------------

void MainWindow::createActions()
{
    const bool control = m_sources.control != nullptr;
    m_connectAll = makeAction(this, QStringLiteral("connectAll"), tr("Connect All"),
                              {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K)}, tr("Connect every enabled connection"));
    m_disconnectAll = makeAction(this, QStringLiteral("disconnectAll"), tr("Disconnect All"),
                                 {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)}, tr("Close every connection"));
    m_reconnectAll = makeAction(this, QStringLiteral("reconnectAll"), tr("Reconnect All"),
                                {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)}, tr("Reconnect every enabled connection"));
    m_connectCurrent = makeAction(this, QStringLiteral("connectCurrent"), tr("Connect"), {QKeySequence(Qt::CTRL | Qt::Key_K)},
                                  tr("Connect the selected connection"));
    m_disconnectCurrent = makeAction(this, QStringLiteral("disconnectCurrent"), tr("Disconnect"),
                                     {QKeySequence(Qt::CTRL | Qt::Key_D)}, tr("Close the selected connection"));
    m_reconnectCurrent = makeAction(this, QStringLiteral("reconnectCurrent"), tr("Reconnect"),
                                    {QKeySequence(Qt::CTRL | Qt::Key_R)}, tr("Reconnect the selected connection"));
    m_addTickers = makeAction(this, QStringLiteral("addTickers"), tr("Add Tickers…"),
                              {QKeySequence(Qt::CTRL | Qt::Key_N), QKeySequence(Qt::Key_Insert)},
                              tr("Subscribe more tickers"));
    m_removeTickers = makeAction(this, QStringLiteral("removeTickers"), tr("Remove Selected Tickers"),
                                 {QKeySequence(QKeySequence::Delete)}, tr("Unsubscribe the selected rows"));
    m_find = makeAction(this, QStringLiteral("findTicker"), tr("Find Ticker…"), {QKeySequence(QKeySequence::Find)},
                        tr("Find a ticker on any connection"));
    m_filter = makeAction(this, QStringLiteral("filterColumn"), tr("Filter Column"), {QKeySequence(Qt::CTRL | Qt::Key_L)},
                          tr("Filter the selected connection's table"));
    m_pause = makeAction(this, QStringLiteral("pauseDisplay"), tr("Pause Display"),
                         {QKeySequence(Qt::CTRL | Qt::Key_P), QKeySequence(Qt::Key_Pause)},
                         tr("Freeze the ticker tables; resume shows the latest state"));
    m_pause->setCheckable(true);
    m_quit = makeAction(this, QStringLiteral("quit"), tr("Quit"), {QKeySequence(QKeySequence::Quit)}, tr("Close the monitor"));
    m_quit->setMenuRole(QAction::QuitRole);
    m_shortcuts = makeAction(this, QStringLiteral("shortcuts"), tr("Keyboard Shortcuts"),
                             {QKeySequence(QKeySequence::HelpContents)}, tr("List the keyboard shortcuts"));
    m_about = makeAction(this, QStringLiteral("about"), tr("About TickStock Monitor"), {}, tr("Version and licence"));

    applyIcons();

    for (QAction *a : {m_connectAll, m_disconnectAll, m_reconnectAll, m_connectCurrent, m_disconnectCurrent,
                       m_reconnectCurrent, m_addTickers, m_removeTickers})
        a->setEnabled(control);

    connect(m_connectAll, &QAction::triggered, this, [this] { connectConnection(0); });
    connect(m_disconnectAll, &QAction::triggered, this, [this] { disconnectConnection(0); });
    connect(m_reconnectAll, &QAction::triggered, this, [this] { reconnectConnection(0); });
    connect(m_connectCurrent, &QAction::triggered, this, [this] { connectConnection(m_current); });
    connect(m_disconnectCurrent, &QAction::triggered, this, [this] { disconnectConnection(m_current); });
    connect(m_reconnectCurrent, &QAction::triggered, this, [this] { reconnectConnection(m_current); });
    connect(m_addTickers, &QAction::triggered, this, [this] { showAddTickersDialog(m_current); });
    connect(m_removeTickers, &QAction::triggered, this, [this] { removeSelectedTickers(m_current); });
    connect(m_find, &QAction::triggered, this, [this] {
        m_findEdit->setFocus(Qt::ShortcutFocusReason);
        m_findEdit->selectAll();
    });
    connect(m_filter, &QAction::triggered, this, [this] {
        if (ConnectionColumn *c = column(m_current)) {
            c->filterEdit()->setFocus(Qt::ShortcutFocusReason);
            c->filterEdit()->selectAll();
        }
    });
    connect(m_pause, &QAction::toggled, this, &MainWindow::setPaused);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(m_about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About TickStock Monitor"),
                           tr("<b>TickStock Monitor %1</b><p>Monitors Massive.com market-data WebSocket feeds: one "
                              "column per connection, Redis republishing and an HTTP status API.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });

    for (int i = 1; i <= 9; ++i) {
        auto *a = new QAction(tr("Column %1").arg(i), this);
        a->setObjectName(QStringLiteral("focusColumn%1").arg(i));
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + i)));
        connect(a, &QAction::triggered, this, [this, i] {
            if (i <= m_columns.size()) {
                ConnectionColumn *c = m_columns.at(i - 1);
                setCurrentConnection(c->connectionId());
                c->view()->setFocus(Qt::ShortcutFocusReason);
            }
        });
        addAction(a);
        m_focusColumn.append(a);
    }
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_quit);

    QMenu *connections = menuBar()->addMenu(tr("&Connections"));
    connections->addAction(m_connectCurrent);
    connections->addAction(m_disconnectCurrent);
    connections->addAction(m_reconnectCurrent);
    connections->addSeparator();
    connections->addAction(m_connectAll);
    connections->addAction(m_disconnectAll);
    connections->addAction(m_reconnectAll);
    connections->addSeparator();
    connections->addAction(m_addTickers);
    connections->addAction(m_removeTickers);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_pause);
    view->addAction(m_find);
    view->addAction(m_filter);
    view->addSeparator();
    QMenu *columns = view->addMenu(tr("Go to Column"));
    columns->addActions(m_focusColumn.mid(0, 3));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcuts);
    help->addAction(m_about);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Actions"));
    bar->setObjectName(QStringLiteral("actionsToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(16, 16));
    bar->addAction(m_connectAll);
    bar->addAction(m_disconnectAll);
    bar->addAction(m_reconnectAll);
    bar->addSeparator();
    bar->addAction(m_addTickers);
    bar->addAction(m_pause);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    m_findEdit = new QLineEdit(bar);
    m_findEdit->setObjectName(QStringLiteral("findTickerEdit"));
    m_findEdit->setPlaceholderText(tr("Find ticker (%1)").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_findEdit->setClearButtonEnabled(true);
    m_findEdit->setFixedWidth(m_findEdit->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 14);
    connect(m_findEdit, &QLineEdit::returnPressed, this, [this] { findTicker(m_findEdit->text()); });
    bar->addWidget(m_findEdit);
}

void MainWindow::createDocks()
{
    m_chart = new RateChart(this);
    m_chartDock = new QDockWidget(tr("Message Rate (last 5 minutes)"), this);
    m_chartDock->setObjectName(QStringLiteral("rateDock"));
    m_chartDock->setWidget(m_chart);
    m_chartDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    addDockWidget(Qt::BottomDockWidgetArea, m_chartDock);

    m_logView = new QTableView(this);
    m_logView->setObjectName(QStringLiteral("eventLogView"));
    m_logView->setModel(m_log);
    m_logView->setItemDelegate(new LogLevelDelegate(m_logView));
    m_logView->verticalHeader()->hide();
    m_logView->verticalHeader()->setDefaultSectionSize(m_logView->fontMetrics().height() + 4);
    m_logView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_logView->setWordWrap(false);
    m_logView->setShowGrid(false);
    m_logView->setAlternatingRowColors(true);
    m_logView->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView *header = m_logView->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    const QFontMetrics fm(m_logView->font());
    header->resizeSection(EventLogModel::Time, fm.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    header->resizeSection(EventLogModel::Source, fm.horizontalAdvance(QStringLiteral("secondary_")) + 16);
    header->resizeSection(EventLogModel::Level, fm.horizontalAdvance(QStringLiteral("warning")) + 16);
    // Follow new lines while the view is scrolled to the bottom.
    connect(m_log, &QAbstractItemModel::rowsInserted, this, [this] {
        QScrollBar *bar = m_logView->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 2 * m_logView->verticalHeader()->defaultSectionSize())
            QTimer::singleShot(0, m_logView, &QAbstractItemView::scrollToBottom);
    });
    m_logDock = new QDockWidget(tr("Event Log"), this);
    m_logDock->setObjectName(QStringLiteral("eventLogDock"));
    m_logDock->setWidget(m_logView);
    m_logDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    splitDockWidget(m_chartDock, m_logDock, Qt::Horizontal);

    if (QMenu *view = menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"))) {
        view->addSeparator();
        view->addAction(m_chartDock->toggleViewAction());
        view->addAction(m_logDock->toggleViewAction());
    }
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = m_restoreLayout ? m_settings->windowGeometry() : QByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QScreen *screen = QGuiApplication::primaryScreen();
        const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1600, 1000);
        if (available.width() <= 1700 || available.height() <= 1100) {
            setGeometry(available); // small screens: use all of it
        } else {
            const QSize size(1600, 1000);
            setGeometry(QRect(available.center() - QPoint(size.width() / 2, size.height() / 2), size));
        }
        resizeDocks({m_chartDock, m_logDock}, {height() / 4, height() / 4}, Qt::Vertical);
        resizeDocks({m_chartDock, m_logDock}, {width() * 55 / 100, width() * 45 / 100}, Qt::Horizontal);
    }
    if (m_restoreLayout) {
        restoreState(m_settings->windowState());
        const QByteArray logHeader = m_settings->eventLogHeaderState();
        if (!logHeader.isEmpty())
            m_logView->horizontalHeader()->restoreState(logHeader);
    }
}

void MainWindow::saveLayout()
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    if (!m_columns.isEmpty())
        m_settings->setColumnSplitterState(m_columnSplitter->saveState());
    for (const ConnectionColumn *c : std::as_const(m_columns))
        m_settings->setHeaderState(c->connectionId(), c->saveHeaderState());
    m_settings->setEventLogHeaderState(m_logView->horizontalHeader()->saveState());
    m_settings->sync();
}

void MainWindow::applyIcons()
{
    const QPalette pal = palette();
    m_connectAll->setIcon(theme::icon(theme::Icon::Connect, pal));
    m_disconnectAll->setIcon(theme::icon(theme::Icon::Disconnect, pal));
    m_reconnectAll->setIcon(theme::icon(theme::Icon::Reconnect, pal));
    m_addTickers->setIcon(theme::icon(theme::Icon::Add, pal));
    m_pause->setIcon(theme::icon(m_paused ? theme::Icon::Resume : theme::Icon::Pause, pal));
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_pause)
        applyIcons();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

// --- columns -----------------------------------------------------------------------------------

ConnectionColumn *MainWindow::column(int connectionId) const
{
    for (ConnectionColumn *c : m_columns) {
        if (c->connectionId() == connectionId)
            return c;
    }
    return nullptr;
}

ConnectionColumn *MainWindow::addColumn(int connectionId)
{
    auto *c = new ConnectionColumn(connectionId, m_formatter, m_clock, m_columnSplitter);
    m_columnSplitter->addWidget(c);
    m_columns.append(c);
    m_router->setModel(connectionId, c->model());
    c->setActionsMenu(createConnectionMenu(connectionId));
    if (m_restoreLayout)
        c->restoreHeaderState(m_settings->headerState(connectionId));
    connect(c, &ConnectionColumn::focused, this, &MainWindow::setCurrentConnection);
    return c;
}

void MainWindow::ensureColumns(const status::StatusSnapshot &snapshot)
{
    bool added = false;
    for (const status::ConnectionSnapshot &cs : snapshot.connections) {
        if (column(cs.id))
            continue;
        addColumn(cs.id);
        m_chart->setConnection(cs.id, cs.name.isEmpty() ? cs.connectionId() : cs.name);
        added = true;
    }
    if (!added)
        return;
    if (!m_layoutRestored) {
        m_layoutRestored = true;
        const QByteArray splitter = m_restoreLayout ? m_settings->columnSplitterState() : QByteArray();
        if (splitter.isEmpty() || !m_columnSplitter->restoreState(splitter)) {
            QList<int> sizes;
            for (int i = 0; i < m_columns.size(); ++i)
                sizes.append(1000);
            m_columnSplitter->setSizes(sizes);
        }
    }
    if (m_current == 0 && !m_columns.isEmpty())
        setCurrentConnection(m_columns.first()->connectionId());
    // The ticks that arrived before the column existed are still in the mailbox or came in
    // unrouted; the next batch carries every ticker that changes.
}

QMenu *MainWindow::createConnectionMenu(int connectionId)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("connectionMenu%1").arg(connectionId));
    const bool control = m_sources.control != nullptr;
    QAction *connectAction = menu->addAction(tr("Connect"), this, [this, connectionId] { connectConnection(connectionId); });
    QAction *disconnectAction =
        menu->addAction(tr("Disconnect"), this, [this, connectionId] { disconnectConnection(connectionId); });
    QAction *reconnectAction = menu->addAction(tr("Reconnect"), this, [this, connectionId] { reconnectConnection(connectionId); });
    menu->addSeparator();
    QAction *add = menu->addAction(tr("Add Tickers…"), this, [this, connectionId] { showAddTickersDialog(connectionId); });
    QAction *remove =
        menu->addAction(tr("Remove Selected Tickers"), this, [this, connectionId] { removeSelectedTickers(connectionId); });
    for (QAction *a : {connectAction, disconnectAction, reconnectAction, add, remove})
        a->setEnabled(control);
    menu->addSeparator();
    menu->addAction(tr("Filter…"), this, [this, connectionId] {
        if (ConnectionColumn *c = column(connectionId))
            c->filterEdit()->setFocus(Qt::ShortcutFocusReason);
    });
    connect(menu, &QMenu::aboutToShow, this, [this, connectionId, remove, control] {
        setCurrentConnection(connectionId);
        const ConnectionColumn *c = column(connectionId);
        remove->setEnabled(control && c && !c->selectedSymbols().isEmpty());
    });
    return menu;
}

QString MainWindow::connectionName(int connectionId) const
{
    if (connectionId == 0)
        return tr("all connections");
    const ConnectionColumn *c = column(connectionId);
    return c ? c->displayName() : QStringLiteral("connection_%1").arg(connectionId);
}

void MainWindow::setCurrentConnection(int connectionId)
{
    if (connectionId == m_current || !column(connectionId))
        return;
    m_current = connectionId;
    updateActionTexts();
}

void MainWindow::updateActionTexts()
{
    const QString name = connectionName(m_current);
    m_connectCurrent->setText(tr("Connect %1").arg(name));
    m_disconnectCurrent->setText(tr("Disconnect %1").arg(name));
    m_reconnectCurrent->setText(tr("Reconnect %1").arg(name));
}

// --- data --------------------------------------------------------------------------------------

void MainWindow::applyLatestSnapshot()
{
    const status::StatusView view = m_sources.status->view();
    const status::SnapshotPtr snapshot = view.feed;
    if (!snapshot || snapshot == m_shown)
        return;
    const bool first = !m_shown;
    m_shown = snapshot;
    const qint64 t = now();
    ensureColumns(*snapshot);
    for (const status::ConnectionSnapshot &cs : snapshot->connections) {
        if (ConnectionColumn *c = column(cs.id)) {
            const bool renamed = c->displayName() != (cs.name.isEmpty() ? cs.connectionId() : cs.name);
            c->setSnapshot(cs, t);
            if (renamed) {
                m_chart->setConnection(cs.id, c->displayName());
                if (cs.id == m_current)
                    updateActionTexts();
            }
        }
    }
    m_summary->setStatus(view);
    logStateChanges(view);

    const int enabled = snapshot->enabledCount();
    QString title = tr("TickStock Monitor — %1/%2 connected").arg(snapshot->connectedCount()).arg(enabled);
    if (snapshot->simulated)
        title += tr(" — simulated feed");
    if (m_paused)
        title += tr(" — paused");
    setWindowTitle(title);
    if (first)
        tickClock();
    emit snapshotApplied();
}

void MainWindow::logStateChanges(const status::StatusView &view)
{
    // Connection state changes come with their reasons through appendLog(); Redis and HTTP state
    // changes are only in the status view, so the log picks them up here.
    const qint64 t = view.feed->timestampMs > 0 ? view.feed->timestampMs : now();
    if (view.redis.state != m_lastRedisState) {
        if (!m_lastRedisState.isEmpty() || view.redis.enabled) {
            const bool bad = view.redis.enabled && !view.redis.connected
                && view.redis.state != QLatin1String("connecting");
            QString text = tr("Redis %1").arg(view.redis.state);
            if (bad && !view.redis.lastError.isEmpty())
                text += QStringLiteral(": ") + view.redis.lastError;
            m_log->append({t, QStringLiteral("redis"), bad ? int(QtWarningMsg) : int(QtInfoMsg), text});
        }
        m_lastRedisState = view.redis.state;
    }
    if (view.http.state != m_lastHttpState) {
        if (!m_lastHttpState.isEmpty() || view.http.enabled) {
            const bool bad = view.http.state == QLatin1String("error");
            QString text = tr("HTTP %1").arg(view.http.state);
            if (!view.http.address.isEmpty())
                text += QStringLiteral(" on ") + view.http.address;
            if (bad && !view.http.lastError.isEmpty())
                text += QStringLiteral(": ") + view.http.lastError;
            m_log->append({t, QStringLiteral("http"), bad ? int(QtWarningMsg) : int(QtInfoMsg), text});
        }
        m_lastHttpState = view.http.state;
    }
}

void MainWindow::takeTicks()
{
    if (m_paused || !m_sources.mailbox)
        return; // the mailbox keeps coalescing (bounded by the ticker count) until we resume
    if (m_columns.isEmpty())
        applyLatestSnapshot(); // ticks before the first snapshot was shown: make the columns first
    const status::TickBatch batch = m_sources.mailbox->take();
    if (batch.isEmpty())
        return;
    emit applyingTicks(static_cast<int>(batch.size()));
    const TickerRouter::Result r = m_router->apply(batch, now());
    ++m_batches;
    emit ticksApplied(r.updates, r.inserted);
}

void MainWindow::tickClock()
{
    const qint64 t = now();
    for (ConnectionColumn *c : std::as_const(m_columns))
        c->refreshClock(t);
    if (m_shown) {
        QHash<int, double> rates;
        for (const status::ConnectionSnapshot &cs : m_shown->connections)
            rates.insert(cs.id, cs.messagesPerSecond);
        m_chart->addSample(t, rates);
        m_chart->refresh(t);
    }
}

void MainWindow::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume Display") : tr("Pause Display"));
    applyIcons();
    m_summary->setPaused(paused);
    m_log->append({now(), QStringLiteral("ui"), int(QtInfoMsg),
                   paused ? tr("display paused") : tr("display resumed at the latest state")});
    if (m_shown) {
        QString title = windowTitle().remove(tr(" — paused"));
        setWindowTitle(paused ? title + tr(" — paused") : title);
    }
    if (!paused)
        takeTicks(); // everything since the pause, coalesced to the latest state per ticker
}

// --- actions -----------------------------------------------------------------------------------

void MainWindow::appendLog(qint64 timeMs, int connection, int level, const QString &text)
{
    if (level == QtDebugMsg)
        return; // protocol chatter: the log is for state changes and errors
    const QString source = connection > 0 ? connectionName(connection) : QStringLiteral("feed");
    m_log->append({timeMs, source, level, text});
}

void MainWindow::connectConnection(int id)
{
    if (!m_sources.control)
        return;
    m_sources.control->connectConnection(id);
    m_log->append({now(), QStringLiteral("ui"), int(QtInfoMsg), tr("connect %1 requested").arg(connectionName(id))});
}

void MainWindow::disconnectConnection(int id)
{
    if (!m_sources.control)
        return;
    m_sources.control->disconnectConnection(id);
    m_log->append({now(), QStringLiteral("ui"), int(QtInfoMsg), tr("disconnect %1 requested").arg(connectionName(id))});
}

void MainWindow::reconnectConnection(int id)
{
    if (!m_sources.control)
        return;
    m_sources.control->reconnectConnection(id);
    m_log->append({now(), QStringLiteral("ui"), int(QtInfoMsg), tr("reconnect %1 requested").arg(connectionName(id))});
}

void MainWindow::addTickers(const QStringList &tickers, int connection)
{
    if (!m_sources.control || tickers.isEmpty())
        return;
    m_sources.control->subscribeTickers(tickers, connection);
    const QString where = connection > 0 ? connectionName(connection) : tr("the least-loaded connection");
    m_log->append({now(), QStringLiteral("ui"), int(QtInfoMsg),
                   tr("subscribe %1 on %2 requested").arg(tickers.join(QStringLiteral(", ")), where)});
}

void MainWindow::removeTickers(const QStringList &tickers)
{
    if (!m_sources.control || tickers.isEmpty())
        return;
    m_sources.control->unsubscribeTickers(tickers);
    m_log->append({now(), QStringLiteral("ui"), int(QtInfoMsg),
                   tr("unsubscribe %1 requested").arg(tickers.join(QStringLiteral(", ")))});
}

void MainWindow::showAddTickersDialog(int connectionId)
{
    QList<AddTickersDialog::Choice> choices;
    for (const ConnectionColumn *c : std::as_const(m_columns))
        choices.append({c->connectionId(), c->displayName()});
    AddTickersDialog dialog(choices, connectionId, this);
    if (dialog.exec() == QDialog::Accepted)
        addTickers(dialog.tickers(), dialog.connection());
}

void MainWindow::removeSelectedTickers(int connectionId)
{
    const ConnectionColumn *c = column(connectionId);
    const QStringList symbols = c ? c->selectedSymbols() : QStringList();
    if (symbols.isEmpty()) {
        statusBar()->showMessage(tr("Select the rows to remove in %1's table first").arg(connectionName(connectionId)),
                                 kStatusMessageMs);
        return;
    }
    removeTickers(symbols);
    statusBar()->showMessage(tr("Unsubscribing %1 ticker(s) from %2").arg(symbols.size()).arg(connectionName(connectionId)),
                             kStatusMessageMs);
}

bool MainWindow::findTicker(const QString &symbol)
{
    const QString wanted = symbol.trimmed().toUpper();
    if (wanted.isEmpty())
        return false;
    for (ConnectionColumn *c : std::as_const(m_columns)) {
        if (c->revealSymbol(wanted)) {
            setCurrentConnection(c->connectionId());
            statusBar()->showMessage(tr("%1 is on %2").arg(wanted, c->displayName()), kStatusMessageMs);
            return true;
        }
    }
    // Subscribed but not ticking yet?
    if (m_shown) {
        for (const status::ConnectionSnapshot &cs : m_shown->connections) {
            if (cs.tickers.contains(wanted)) {
                statusBar()->showMessage(tr("%1 is subscribed on %2 but has no data yet").arg(wanted, cs.name),
                                         kStatusMessageMs);
                return false;
            }
        }
    }
    statusBar()->showMessage(tr("%1 is not on any connection").arg(wanted), kStatusMessageMs);
    return false;
}

void MainWindow::showShortcuts()
{
    QStringList rows;
    const auto add = [&rows](const QAction *a) {
        if (!a->shortcut().isEmpty())
            rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(), a->statusTip().toHtmlEscaped());
    };
    for (const QAction *a : {m_connectCurrent, m_disconnectCurrent, m_reconnectCurrent, m_connectAll, m_disconnectAll,
                             m_reconnectAll, m_addTickers, m_removeTickers, m_find, m_filter, m_pause,
                             m_chartDock->toggleViewAction(), m_logDock->toggleViewAction(), m_quit})
        add(a);
    rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr("Alt+1 … Alt+9"), tr("Go to column 1 … 9"));
    QMessageBox box(QMessageBox::Information, tr("Keyboard Shortcuts"),
                    QStringLiteral("<table cellspacing=6>%1</table>").arg(rows.join(QString())), QMessageBox::Close, this);
    box.exec();
}

} // namespace tickstock::ui
