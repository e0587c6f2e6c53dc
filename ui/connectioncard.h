#pragma once
// The header card of one connection column: colour strip, name, status badge with the phase text,
// universe and ticker count, and the live counters. The last error and the full detail are on hover.

#include "status/statussnapshot.h"
#include "ui/formatter.h"

#include <QtWidgets/QFrame>

class QLabel;
class QToolButton;
class QMenu;

namespace tickstock::ui {

class ElidingLabel;

class ConnectionCard final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionCard)
public:
    enum class Metric { Rate, Uptime, LastMessage, Ticks, Errors, Reconnects, MetricCount };

    ConnectionCard(int connectionId, Formatter formatter, QWidget *parent = nullptr);

    int connectionId() const { return m_id; }
    void setSnapshot(const status::ConnectionSnapshot &connection, qint64 nowMs);
    void refreshClock(qint64 nowMs); // ages, uptime and retry countdowns between snapshots
    void setActionsMenu(QMenu *menu);

    bool hasSnapshot() const { return m_hasSnapshot; }
    const status::ConnectionSnapshot &snapshot() const { return m_snapshot; }
    QString nameText() const;
    QString badgeText() const;
    QString badgeToolTip() const;
    QString universeText() const;
    QString metricText(Metric metric) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void render(qint64 nowMs);
    void applyPalette();
    QString toolTipText(qint64 nowMs) const;

    int m_id;
    Formatter m_formatter;
    status::ConnectionSnapshot m_snapshot;
    bool m_hasSnapshot = false;
    QColor m_badgeColour;

    QLabel *m_name;
    QLabel *m_badge;
    QToolButton *m_menuButton;
    ElidingLabel *m_universe;
    QLabel *m_captions[int(Metric::MetricCount)];
    QLabel *m_values[int(Metric::MetricCount)];
    ElidingLabel *m_lastError;
};

} // namespace tickstock::ui
