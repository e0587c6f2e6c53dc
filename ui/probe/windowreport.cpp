#include "ui/probe/windowreport.h"

#include "ui/configerrordialog.h"
#include "ui/connectioncard.h"
#include "ui/connectioncolumn.h"
#include "ui/eventlogmodel.h"
#include "ui/mainwindow.h"
#include "ui/ratechart.h"
#include "ui/summarybar.h"
#include "ui/tickertablemodel.h"

#include <QtCore/QJsonArray>
#include <QtWidgets/QDockWidget>

namespace tickstock::uiprobe {
namespace {

// The docks are found by the object names the window gives them (they also key the saved layout).
bool dockVisible(const ui::MainWindow &window, const QString &name)
{
    const auto *dock = window.findChild<const QDockWidget *>(name);
    return dock && dock->isVisible();
}

QJsonObject describeColumn(const ui::ConnectionColumn &c, const ui::RateChart &chart)
{
    const ui::ConnectionCard *card = c.card();
    using M = ui::ConnectionCard::Metric;
    return QJsonObject{
        {QStringLiteral("id"), c.connectionId()},
        {QStringLiteral("name"), card->nameText()},
        {QStringLiteral("badge"), card->badgeText()},
        {QStringLiteral("status"), card->hasSnapshot() ? status::statusName(card->snapshot().status) : QString()},
        {QStringLiteral("phase"), card->hasSnapshot() ? status::phaseName(card->snapshot().phase) : QString()},
        {QStringLiteral("universe"), card->universeText()},
        {QStringLiteral("msg_per_s"), card->metricText(M::Rate)},
        {QStringLiteral("uptime"), card->metricText(M::Uptime)},
        {QStringLiteral("last_message"), card->metricText(M::LastMessage)},
        {QStringLiteral("ticks"), card->metricText(M::Ticks)},
        {QStringLiteral("errors"), card->metricText(M::Errors)},
        {QStringLiteral("reconnects"), card->metricText(M::Reconnects)},
        {QStringLiteral("rows"), c.model()->rowCount()},
        {QStringLiteral("visible_rows"), c.visibleRowCount()},
        {QStringLiteral("row_count_text"), c.rowCountText()},
        {QStringLiteral("width"), c.width()},
        {QStringLiteral("visible"), c.isVisible()},
        {QStringLiteral("chart_points"), chart.pointCount(c.connectionId())},
    };
}

} // namespace

QJsonObject describeWindow(const ui::MainWindow &window)
{
    QJsonArray columns;
    for (const ui::ConnectionColumn *c : window.columns())
        columns.append(describeColumn(*c, *window.rateChart()));
    const ui::SummaryBar *s = window.summaryBar();
    return QJsonObject{
        {QStringLiteral("title"), window.windowTitle()},
        {QStringLiteral("visible"), window.isVisible()},
        {QStringLiteral("width"), window.width()},
        {QStringLiteral("height"), window.height()},
        {QStringLiteral("paused"), window.isPaused()},
        {QStringLiteral("batches_applied"), static_cast<double>(window.batchesApplied())},
        {QStringLiteral("columns"), columns},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("feed"), s->feedText()},
                     {QStringLiteral("ticks"), s->ticksText()},
                     {QStringLiteral("msg_per_s"), s->rateText()},
                     {QStringLiteral("errors"), s->errorsText()},
                     {QStringLiteral("redis"), s->redisText()},
                     {QStringLiteral("redis_counters"), s->redisCountersText()},
                     {QStringLiteral("http"), s->httpText()},
                     {QStringLiteral("http_address"), s->httpAddressText()},
                     {QStringLiteral("simulated_label"), s->simulatedShown()},
                     {QStringLiteral("paused_label"), s->pausedShown()}}},
        {QStringLiteral("event_log_rows"), window.eventLog()->rowCount()},
        {QStringLiteral("chart_dock_visible"), dockVisible(window, QStringLiteral("rateDock"))},
        {QStringLiteral("event_log_dock_visible"), dockVisible(window, QStringLiteral("eventLogDock"))},
    };
}

QJsonObject describeConfigErrors(const ui::ConfigErrorDialog &dialog, const QStringList &errors)
{
    return QJsonObject{{QStringLiteral("dialog"), QStringLiteral("config_errors")},
                       {QStringLiteral("title"), dialog.windowTitle()},
                       {QStringLiteral("visible"), dialog.isVisible()},
                       {QStringLiteral("errors"), QJsonArray::fromStringList(errors)},
                       {QStringLiteral("text"), dialog.detailsText()}};
}

} // namespace tickstock::uiprobe
