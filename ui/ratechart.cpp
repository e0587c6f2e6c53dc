#include "ui/ratechart.h"

#include "ui/theme.h"

#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QEvent>

#include <algorithm>
#include <cmath>

namespace tickstock::ui {
namespace {
// The smallest "nice" number (1, 2, 2.5, 5 × 10^n) at or above `v`.
double niceCeiling(double v)
{
    if (v <= 10.0)
        return 10.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= v)
            return step * magnitude;
    }
    return 10.0 * magnitude;
}
} // namespace

RateChart::RateChart(QWidget *parent)
    : QChartView(parent)
    , m_chart(new QChart)
    , m_x(new QValueAxis(m_chart))
    , m_y(new QValueAxis(m_chart))
{
    setObjectName(QStringLiteral("rateChart"));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 8, 4));
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->legend()->setShowToolTips(true);

    m_x->setRange(-kWindowSeconds, 0);
    m_x->setTickCount(6);
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_y->setRange(0, 10);
    m_y->setTickCount(5);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setTitleText(tr("msg/s"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);

    setChart(m_chart); // the view owns the chart
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);
    applyPalette();
}

void RateChart::setConnection(int connectionId, const QString &name)
{
    Track &track = m_tracks[connectionId];
    if (!track.series) {
        track.series = new QLineSeries(m_chart);
        QPen pen(theme::stripColor(connectionId));
        pen.setWidthF(2.0);
        track.series->setPen(pen);
        m_chart->addSeries(track.series);
        track.series->attachAxis(m_x);
        track.series->attachAxis(m_y);
    }
    track.series->setName(name);
}

void RateChart::addSample(qint64 nowMs, const QHash<int, double> &ratesByConnection)
{
    for (auto it = m_tracks.begin(); it != m_tracks.end(); ++it) {
        std::deque<Sample> &samples = it->samples;
        samples.push_back({nowMs, ratesByConnection.value(it.key(), 0.0)});
        while (int(samples.size()) > kMaxPoints
               || (!samples.empty() && samples.front().timeMs < nowMs - qint64(kWindowSeconds) * 1000))
            samples.pop_front();
    }
}

void RateChart::refresh(qint64 nowMs)
{
    double highest = 0;
    for (auto it = m_tracks.begin(); it != m_tracks.end(); ++it) {
        QList<QPointF> points;
        points.reserve(qsizetype(it->samples.size()));
        for (const Sample &s : it->samples) {
            points.append(QPointF(double(s.timeMs - nowMs) / 1000.0, s.rate));
            highest = std::max(highest, s.rate);
        }
        it->series->replace(points);
    }
    const double top = niceCeiling(highest * 1.1);
    if (top != m_y->max())
        m_y->setRange(0, top);
}

int RateChart::pointCount(int connectionId) const
{
    const auto it = m_tracks.constFind(connectionId);
    return it == m_tracks.cend() || !it->series ? 0 : int(it->series->count());
}

QList<int> RateChart::connections() const
{
    QList<int> ids = m_tracks.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

double RateChart::yMax() const { return m_y->max(); }

void RateChart::applyPalette()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlphaF(0.35f);
    m_chart->setBackgroundBrush(pal.color(QPalette::Base));
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setLabelColor(text);
    for (QValueAxis *axis : {m_x, m_y}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
}

void RateChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

} // namespace tickstock::ui
