#pragma once
// One connection's column of the dashboard: header card, filter box and the ticker table
// (TickerTableModel → QSortFilterProxyModel sorting on raw values → QTableView).

#include "status/statussnapshot.h"
#include "ui/formatter.h"

#include <QtWidgets/QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace tickstock::ui {

class ConnectionCard;
class TickerDelegate;
class TickerTableModel;

class ConnectionColumn final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionColumn)
public:
    using Clock = std::function<qint64()>;

    ConnectionColumn(int connectionId, Formatter formatter, Clock clock, QWidget *parent = nullptr);
    ~ConnectionColumn() override;

    int connectionId() const { return m_id; }
    QString displayName() const;
    TickerTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    ConnectionCard *card() const { return m_card; }
    QLineEdit *filterEdit() const { return m_filter; }

    void setSnapshot(const status::ConnectionSnapshot &connection, qint64 nowMs);
    void refreshClock(qint64 nowMs);
    void setActionsMenu(QMenu *menu); // the card's ⋯ button and the table's context menu

    // While this column's table has flashes fading it repaints them between batches (it follows
    // its own model's batchChanged); until when, and whether that repaint is running now.
    qint64 flashRepaintUntilMs() const { return m_flashUntilMs; }
    bool isRepaintingFlashes() const;

    // Selects and shows `symbol` (clearing a filter that hides it). False if not in the table.
    bool revealSymbol(const QString &symbol);
    QStringList selectedSymbols() const;
    QString rowCountText() const;
    int visibleRowCount() const;

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state);

signals:
    void focused(int connectionId); // the table or filter got keyboard focus

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateRowCount();
    void onTableChanged();
    void onFlashTick();

    int m_id;
    Formatter m_formatter;
    Clock m_clock;
    ConnectionCard *m_card;
    QLineEdit *m_filter;
    QLabel *m_rowCount;
    TickerTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    TickerDelegate *m_delegate;
    QTimer *m_flashTimer;
    QMenu *m_menu = nullptr;
    qint64 m_flashUntilMs = 0;
    qint64 m_lastBatchMs = 0;
};

} // namespace tickstock::ui
