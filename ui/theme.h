#pragma once
// The dashboard's few accent colours. Everything else comes from the application palette, so the
// window follows the system's light or dark theme; accents are chosen to read on both.

#include "status/connectionstate.h"

#include <QtGui/QColor>
#include <QtGui/QIcon>
#include <QtGui/QPalette>

namespace tickstock::ui::theme {

enum class Health { Good, Busy, Bad, Neutral };

bool isDark(const QPalette &palette);

QColor stripColor(int connectionId);              // 1 blue, 2 green, 3 orange, then purple, teal, pink
QColor healthColor(Health health);                // filled badge backgrounds; white text reads on each
Health healthOf(status::ConnectionStatus status);   // connected good, connecting busy, error bad, else neutral
QColor statusColor(status::ConnectionStatus status);

QColor upColor(const QPalette &palette);          // price ticks up / down, as text on the palette's base
QColor downColor(const QPalette &palette);
QColor flatColor(const QPalette &palette);
QColor flashColor(const QPalette &palette, int direction, double strength); // strength 0..1 → alpha
QColor warningTextColor(const QPalette &palette);
QColor errorTextColor(const QPalette &palette);
QColor captionColor(const QPalette &palette);     // small labels above values

// Small toolbar icons drawn in the palette's button text colour, so they read in light and dark.
enum class Icon { Connect, Disconnect, Reconnect, Add, Pause, Resume };
QIcon icon(Icon kind, const QPalette &palette);

// Style sheet for a rounded, filled badge label ("pill").
QString pillStyleSheet(const QColor &background);

} // namespace tickstock::ui::theme
