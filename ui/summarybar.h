#pragma once
// The strip across the top of the window: connected x/y, total ticks, msg/s, errors, Redis state
// with published/dropped, HTTP address and state, the "simulated feed" label and the pause state.
// Each state is a coloured pill, so a lost feed or Redis shows at a glance.

#include "status/statusview.h"
#include "ui/formatter.h"

#include <QtWidgets/QFrame>

class QLabel;

namespace tickstock::ui {

class SummaryBar final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryBar)
public:
    explicit SummaryBar(Formatter formatter = Formatter(), QWidget *parent = nullptr);

    void setStatus(const status::StatusView &view); // feed counters, Redis and HTTP
    void setPaused(bool paused);

    QString feedText() const;         // "3/3 connected"
    QString ticksText() const;        // "123,456"
    QString rateText() const;
    QString errorsText() const;
    QString redisText() const;        // "Redis connected"
    QString redisCountersText() const; // "12,345 published · 0 dropped"
    QString httpText() const;          // "HTTP listening"
    QString httpAddressText() const;
    bool simulatedShown() const;
    bool pausedShown() const;
    QString redisToolTip() const;
    QString httpToolTip() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *addPill(const QString &name);
    QLabel *addStat(const QString &caption, const QString &name);
    void setPill(QLabel *pill, const QString &text, const QColor &colour);

    Formatter m_formatter;
    QList<QLabel *> m_captions;
    QLabel *m_feed;
    QLabel *m_ticks;
    QLabel *m_rate;
    QLabel *m_errors;
    QLabel *m_redis;
    QLabel *m_redisCounters;
    QLabel *m_http;
    QLabel *m_httpAddress;
    QLabel *m_paused;
    QLabel *m_simulated;
};

} // namespace tickstock::ui
