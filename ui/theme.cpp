#include "ui/theme.h"

#include <QtGui/QPainter>
#include <QtGui/QPixmap>

#include <algorithm>
#include <iterator>

namespace tickstock::ui::theme {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor stripColor(int connectionId)
{
    static const QColor colours[] = {
        QColor(0x2f, 0x81, 0xf7), // blue
        QColor(0x2d, 0xa4, 0x4e), // green
        QColor(0xf0, 0x88, 0x3e), // orange
        QColor(0x82, 0x50, 0xdf), // purple
        QColor(0x1b, 0x9a, 0xaa), // teal
        QColor(0xd6, 0x33, 0x84), // pink
    };
    const int n = int(std::size(colours));
    return colours[((connectionId - 1) % n + n) % n];
}

QColor healthColor(Health health)
{
    switch (health) {
    case Health::Good: return QColor(0x1f, 0x88, 0x3d);
    case Health::Busy: return QColor(0xb0, 0x5a, 0x00);
    case Health::Bad: return QColor(0xcf, 0x22, 0x2e);
    case Health::Neutral: break;
    }
    return QColor(0x6e, 0x77, 0x81);
}

Health healthOf(status::ConnectionStatus status)
{
    switch (status) {
    case status::ConnectionStatus::Connected: return Health::Good;
    case status::ConnectionStatus::Connecting: return Health::Busy;
    case status::ConnectionStatus::Error: return Health::Bad;
    case status::ConnectionStatus::Disconnected: break;
    }
    return Health::Neutral;
}

QColor statusColor(status::ConnectionStatus status) { return healthColor(healthOf(status)); }

QColor upColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
}

QColor downColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
}

QColor flatColor(const QPalette &palette) { return palette.color(QPalette::PlaceholderText); }

QColor flashColor(const QPalette &palette, int direction, double strength)
{
    QColor c = direction > 0 ? upColor(palette) : direction < 0 ? downColor(palette) : palette.color(QPalette::Highlight);
    // Price moves flash in their colour; other changes (bid, ask, volume) only hint.
    const double peak = direction != 0 ? (isDark(palette) ? 0.45 : 0.30) : (isDark(palette) ? 0.22 : 0.14);
    c.setAlphaF(float(std::clamp(strength, 0.0, 1.0) * peak));
    return c;
}

QColor warningTextColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xd2, 0x99, 0x22) : QColor(0x9a, 0x67, 0x00);
}

QColor errorTextColor(const QPalette &palette) { return downColor(palette); }

QColor captionColor(const QPalette &palette) { return palette.color(QPalette::PlaceholderText); }

QIcon icon(Icon kind, const QPalette &palette)
{
    QIcon out;
    for (const int size : {16, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 16.0, size / 16.0);
        const QColor ink = palette.color(QPalette::ButtonText);
        p.setPen(Qt::NoPen);
        p.setBrush(ink);
        switch (kind) {
        case Icon::Connect:
        case Icon::Resume: {
            const QPointF tri[] = {{4.5, 3}, {13, 8}, {4.5, 13}};
            p.drawPolygon(tri, 3);
            break;
        }
        case Icon::Disconnect: p.drawRoundedRect(QRectF(4, 4, 8, 8), 1, 1); break;
        case Icon::Pause:
            p.drawRect(QRectF(4, 3.5, 3, 9));
            p.drawRect(QRectF(9, 3.5, 3, 9));
            break;
        case Icon::Add:
            p.drawRect(QRectF(7, 3, 2, 10));
            p.drawRect(QRectF(3, 7, 10, 2));
            break;
        case Icon::Reconnect: {
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(ink, 1.8, Qt::SolidLine, Qt::FlatCap));
            p.drawArc(QRectF(3, 3, 10, 10), 60 * 16, 280 * 16);
            p.setPen(Qt::NoPen);
            p.setBrush(ink);
            const QPointF head[] = {{9.2, 1.6}, {13.2, 4.2}, {9.0, 6.6}};
            p.drawPolygon(head, 3);
            break;
        }
        }
        p.end();
        out.addPixmap(pixmap);
    }
    return out;
}

QString pillStyleSheet(const QColor &background)
{
    return QStringLiteral("QLabel { background-color: %1; color: #ffffff; border-radius: 4px; padding: 1px 7px; "
                          "font-weight: 600; }")
        .arg(background.name());
}

} // namespace tickstock::ui::theme
