#pragma once
// Prometheus text exposition (format 0.0.4) of a StatusView: `_total` counters, base units
// (seconds, bytes), labels `connection`/`name` only, never a label per ticker. The output passes
// `promtool check metrics`.

#include "status/statusview.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

#include <utility>

namespace tickstock::status {

using MetricLabels = QList<std::pair<QByteArray, QString>>;

// Writes metric families: call family() once per name, then its samples. Label values are
// escaped; numbers use the shortest exact form ("NaN", "+Inf" where needed).
class PrometheusWriter final {
public:
    enum class Type { Counter, Gauge, Histogram };

    void family(const QByteArray &name, Type type, const QByteArray &help);
    void sample(const QByteArray &name, const MetricLabels &labels, double value);
    void sample(const QByteArray &name, const MetricLabels &labels, qint64 value);
    void sample(const QByteArray &name, double value) { sample(name, {}, value); }
    void sample(const QByteArray &name, qint64 value) { sample(name, {}, value); }

    QByteArray text() const { return m_out; }

private:
    void labels(const MetricLabels &labels);
    QByteArray m_out;
};

QByteArray escapeLabelValue(const QString &value);

// Every family derived from the status view (connections, summary, snapshot age, Redis).
void writeStatusMetrics(PrometheusWriter &writer, const StatusView &view, qint64 nowMs);

inline constexpr char kPrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";

} // namespace tickstock::status
