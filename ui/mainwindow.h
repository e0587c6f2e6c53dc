#pragma once
// The dashboard window (docs/desktop.md): summary bar, one column per connection slot, the msg/s
// chart and the event log in docks, and the operator's actions with shortcuts.
//
// It reads only values: the status view (the latest StatusSnapshot, on the store's `published`,
// queued, with the Redis and HTTP state) and coalesced tick batches from the mailbox (on
// `available`, queued). It never holds feed objects and never waits on the feed thread; actions
// go through feed::FeedControl, which queues them.

#include "ui/formatter.h"

#include <QtCore/QHash>
#include <QtWidgets/QMainWindow>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QLineEdit;
class QMenu;
class QSplitter;
class QTableView;
class QTimer;

namespace tickstock::feed {
class BatchMailbox;
class FeedControl;
}
namespace tickstock::status {
class StatusSource;
struct StatusSnapshot;
struct StatusView;
} // namespace tickstock::status

namespace tickstock::ui {

class ConnectionColumn;
class EventLogModel;
class RateChart;
class SummaryBar;
class TickerRouter;
class UiSettings;

struct DashboardSources {
    status::StatusSource *status = nullptr;     // required
    feed::BatchMailbox *mailbox = nullptr;      // may be null: status only
    feed::FeedControl *control = nullptr;       // may be null: read-only dashboard
};

struct DashboardOptions {
    Formatter formatter;
    std::function<qint64()> clock;   // epoch ms; default: the wall clock
    QString settingsFile;            // empty: the application's QSettings
    int eventLogCapacity = 2000;
    bool restoreLayout = true;
};

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(DashboardSources sources, DashboardOptions options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    QList<ConnectionColumn *> columns() const { return m_columns; }
    ConnectionColumn *column(int connectionId) const;
    SummaryBar *summaryBar() const { return m_summary; }
    RateChart *rateChart() const { return m_chart; }
    EventLogModel *eventLog() const { return m_log; }
    QTableView *eventLogView() const { return m_logView; }
    QLineEdit *findEdit() const { return m_findEdit; }
    int currentConnection() const { return m_current; }
    bool isPaused() const { return m_paused; }
    qint64 batchesApplied() const { return m_batches; }

    // Operator actions (also on menus, toolbar and shortcuts).
    void setPaused(bool paused);
    bool findTicker(const QString &symbol);
    void setCurrentConnection(int connectionId);
    void connectConnection(int id);    // 0 = all
    void disconnectConnection(int id); // 0 = all
    void reconnectConnection(int id);  // 0 = all
    void addTickers(const QStringList &tickers, int connection);
    void removeTickers(const QStringList &tickers);

    // Log lines from the runtime (connection state changes and errors), or from anywhere.
    void appendLog(qint64 timeMs, int connection, int level, const QString &text);

    // Normally driven by the store's and the mailbox's signals; public for tests and benchmarks.
    void applyLatestSnapshot();
    void takeTicks();
    void tickClock(); // the once-a-second refresh: chart sample, ages, countdowns

    void saveLayout();

signals:
    void snapshotApplied();
    // Around each tick batch taken from the mailbox (same thread, nothing in between but the
    // apply), so an observer can count or time it: `entries` in the batch, `inserted` new rows.
    void applyingTicks(int entries);
    void ticksApplied(int updates, int inserted);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void applyIcons();
    void createMenus();
    void createToolBar();
    void createDocks();
    void restoreLayout();
    void ensureColumns(const status::StatusSnapshot &snapshot);
    ConnectionColumn *addColumn(int connectionId);
    QMenu *createConnectionMenu(int connectionId);
    void logStateChanges(const status::StatusView &view);
    void updateActionTexts();
    void showAddTickersDialog(int connectionId);
    void removeSelectedTickers(int connectionId);
    void showShortcuts();
    QString connectionName(int connectionId) const;
    qint64 now() const { return m_clock(); }

    DashboardSources m_sources;
    Formatter m_formatter;
    std::function<qint64()> m_clock;
    std::unique_ptr<UiSettings> m_settings;
    std::unique_ptr<TickerRouter> m_router;
    bool m_restoreLayout;

    SummaryBar *m_summary = nullptr;
    QSplitter *m_columnSplitter = nullptr;
    QList<ConnectionColumn *> m_columns;
    RateChart *m_chart = nullptr;
    EventLogModel *m_log = nullptr;
    QTableView *m_logView = nullptr;
    QDockWidget *m_chartDock = nullptr;
    QDockWidget *m_logDock = nullptr;
    QLineEdit *m_findEdit = nullptr;
    QTimer *m_clockTimer = nullptr;

    QAction *m_connectAll = nullptr;
    QAction *m_disconnectAll = nullptr;
    QAction *m_reconnectAll = nullptr;
    QAction *m_connectCurrent = nullptr;
    QAction *m_disconnectCurrent = nullptr;
    QAction *m_reconnectCurrent = nullptr;
    QAction *m_addTickers = nullptr;
    QAction *m_removeTickers = nullptr;
    QAction *m_find = nullptr;
    QAction *m_filter = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_shortcuts = nullptr;
    QAction *m_about = nullptr;
    QList<QAction *> m_focusColumn;

    std::shared_ptr<const status::StatusSnapshot> m_shown;
    QHash<int, int> m_lastPhase;  // connection → phase shown, for the log when no runtime logs
    QString m_lastRedisState;
    QString m_lastHttpState;
    int m_current = 0;
    bool m_paused = false;
    bool m_layoutRestored = false;
    qint64 m_batches = 0;
};

} // namespace tickstock::ui
