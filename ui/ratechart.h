#pragma once
// msg/s of every connection over the last five minutes: one QLineSeries per connection, one sample
// a second into a capped ring, redrawn with QXYSeries::replace() (never append-per-point).

#include <QtCharts/QChartView>
#include <QtCore/QHash>
#include <QtCore/QList>

#include <deque>

class QLineSeries;
class QValueAxis;

namespace tickstock::ui {

class RateChart final : public QChartView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RateChart)
public:
    static constexpr int kWindowSeconds = 300;
    static constexpr int kMaxPoints = 300;

    explicit RateChart(QWidget *parent = nullptr);

    // Adds (or renames) the series of a connection.
    void setConnection(int connectionId, const QString &name);
    // Records one sample per connection; call once a second.
    void addSample(qint64 nowMs, const QHash<int, double> &ratesByConnection);
    // Redraws every series with replace() relative to `nowMs` and rescales the y axis.
    void refresh(qint64 nowMs);

    int pointCount(int connectionId) const;
    QList<int> connections() const;
    double yMax() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Sample {
        qint64 timeMs;
        double rate;
    };
    struct Track {
        QLineSeries *series = nullptr;
        std::deque<Sample> samples;
    };
    void applyPalette();

    QChart *m_chart;
    QValueAxis *m_x;
    QValueAxis *m_y;
    QHash<int, Track> m_tracks;
};

} // namespace tickstock::ui
