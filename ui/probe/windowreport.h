#pragma once
// What the dashboard shows, as JSON, read from outside through the window's public widgets: the
// desktop self-test's report (TICKSTOCK_UI_SELFTEST_FILE, docs/desktop.md), handy in bug reports.

#include <QtCore/QJsonObject>
#include <QtCore/QStringList>

namespace tickstock::ui {
class ConfigErrorDialog;
class MainWindow;
} // namespace tickstock::ui

namespace tickstock::uiprobe {

// {title, visible, width, height, paused, batches_applied, columns: [{id, name, badge, status,
//  phase, universe, msg_per_s, uptime, last_message, ticks, errors, reconnects, rows, visible_rows,
//  row_count_text, width, visible, chart_points}], summary: {...}, event_log_rows,
//  chart_dock_visible, event_log_dock_visible}
QJsonObject describeWindow(const ui::MainWindow &window);

// {dialog: "config_errors", title, visible, errors, text}
QJsonObject describeConfigErrors(const ui::ConfigErrorDialog &dialog, const QStringList &errors);

} // namespace tickstock::uiprobe
