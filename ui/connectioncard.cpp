#include "ui/connectioncard.h"

#include "ui/theme.h"

#include <QtCore/QDateTime>
#include <QtCore/QEvent>
#include <QtGui/QPainter>
#include <QtGui/QPainterPath>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace tickstock::ui {

// A label that shows as much of its text as fits, with "…", and the whole text on hover.
class ElidingLabel final : public QLabel {
public:
    explicit ElidingLabel(QWidget *parent = nullptr)
        : QLabel(parent)
    {
        setMinimumWidth(40);
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    void setFullText(const QString &text)
    {
        if (text == m_full)
            return;
        m_full = text;
        elide();
    }
    QString fullText() const { return m_full; }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        elide();
    }

private:
    void elide()
    {
        const QString shown = fontMetrics().elidedText(m_full, Qt::ElideRight, std::max(0, contentsRect().width()));
        setText(shown);
        setToolTip(shown == m_full ? QString() : m_full);
    }
    QString m_full;
};

namespace {
constexpr int kStripHeight = 4;

void setTextColour(QLabel *label, const QColor &colour)
{
    if (label->palette().color(QPalette::WindowText) == colour)
        return;
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, colour);
    label->setPalette(p);
}
constexpr int kRadius = 6;

QString metricCaption(ConnectionCard::Metric m)
{
    switch (m) {
    case ConnectionCard::Metric::Rate: return ConnectionCard::tr("msg/s");
    case ConnectionCard::Metric::Uptime: return ConnectionCard::tr("uptime");
    case ConnectionCard::Metric::LastMessage: return ConnectionCard::tr("last message");
    case ConnectionCard::Metric::Ticks: return ConnectionCard::tr("ticks");
    case ConnectionCard::Metric::Errors: return ConnectionCard::tr("errors");
    case ConnectionCard::Metric::Reconnects: return ConnectionCard::tr("reconnects");
    case ConnectionCard::Metric::MetricCount: break;
    }
    return {};
}
} // namespace

ConnectionCard::ConnectionCard(int connectionId, Formatter formatter, QWidget *parent)
    : QFrame(parent)
    , m_id(connectionId)
    , m_formatter(std::move(formatter))
    , m_name(new QLabel(this))
    , m_badge(new QLabel(this))
    , m_menuButton(new QToolButton(this))
    , m_universe(new ElidingLabel(this))
    , m_lastError(new ElidingLabel(this))
{
    setObjectName(QStringLiteral("connectionCard%1").arg(connectionId));
    setFrameShape(QFrame::NoFrame);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.25);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setText(QStringLiteral("connection_%1").arg(connectionId));
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_badge->setObjectName(QStringLiteral("statusBadge"));
    m_badge->setAlignment(Qt::AlignCenter);
    m_badge->setText(tr("waiting…"));

    m_menuButton->setText(QStringLiteral("⋯"));
    m_menuButton->setToolTip(tr("Connection actions"));
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    m_menuButton->setAutoRaise(true);
    m_menuButton->setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));
    m_menuButton->setEnabled(false);

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(m_name, 0, Qt::AlignVCenter);
    top->addStretch(1);
    top->addWidget(m_badge, 0, Qt::AlignVCenter);
    top->addWidget(m_menuButton, 0, Qt::AlignVCenter);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(0);
    QFont valueFont = font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.1);
    valueFont.setWeight(QFont::DemiBold);
    QFont captionFont = font();
    captionFont.setPointSizeF(captionFont.pointSizeF() * 0.85);
    for (int i = 0; i < int(Metric::MetricCount); ++i) {
        m_captions[i] = new QLabel(metricCaption(Metric(i)), this);
        m_captions[i]->setFont(captionFont);
        m_values[i] = new QLabel(QStringLiteral("—"), this);
        m_values[i]->setFont(valueFont);
        m_values[i]->setMinimumWidth(QFontMetrics(valueFont).horizontalAdvance(QStringLiteral("00 m 00 s")));
        const int row = i < 3 ? 0 : 3; // caption row, value row below; row 2 is a gap
        const int column = i % 3;
        grid->addWidget(m_captions[i], row, column);
        grid->addWidget(m_values[i], row + 1, column);
        grid->setColumnStretch(column, 1);
    }
    grid->setRowMinimumHeight(2, 6);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, kStripHeight + 8, 10, 8);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_universe);
    layout->addSpacing(4);
    layout->addLayout(grid);
    layout->addSpacing(2);
    layout->addWidget(m_lastError);
    applyPalette();
}

void ConnectionCard::setActionsMenu(QMenu *menu)
{
    m_menuButton->setMenu(menu);
    m_menuButton->setEnabled(menu != nullptr);
}

void ConnectionCard::setSnapshot(const status::ConnectionSnapshot &connection, qint64 nowMs)
{
    m_snapshot = connection;
    m_hasSnapshot = true;
    render(nowMs);
}

void ConnectionCard::refreshClock(qint64 nowMs)
{
    if (m_hasSnapshot)
        render(nowMs);
}

void ConnectionCard::render(qint64 nowMs)
{
    const status::ConnectionSnapshot &c = m_snapshot;
    m_name->setText(c.name.isEmpty() ? c.connectionId() : c.name);

    m_badge->setText(m_formatter.phaseText(c, nowMs));
    const QColor badgeColour = c.enabled || c.phase != status::ConnectionPhase::Disabled ? theme::statusColor(c.status)
                                                                                       : theme::healthColor(theme::Health::Neutral);
    if (badgeColour != m_badgeColour) {
        m_badgeColour = badgeColour;
        m_badge->setStyleSheet(theme::pillStyleSheet(badgeColour));
    }
    m_badge->setToolTip(QStringLiteral("%1 / %2: %3").arg(status::statusName(c.status), status::phaseName(c.phase), c.detail));

    QString source = c.universeKey;
    if (source.isEmpty())
        source = c.tickerSource == QLatin1String("symbols") ? tr("SYMBOLS list") : c.tickerSource;
    const QString tickers = m_formatter.countOf(c.tickers.size(), tr("ticker"), tr("tickers"));
    m_universe->setFullText(source.isEmpty() ? tickers : QStringLiteral("%1 · %2").arg(source, tickers));

    const bool streaming = c.phase == status::ConnectionPhase::Streaming;
    m_values[int(Metric::Rate)]->setText(m_formatter.rate(c.messagesPerSecond));
    m_values[int(Metric::Uptime)]->setText(m_formatter.duration(c.uptimeSeconds(nowMs)));
    m_values[int(Metric::LastMessage)]->setText(c.lastMessageMs > 0 ? m_formatter.age(std::max<qint64>(0, nowMs - c.lastMessageMs))
                                                                    : QStringLiteral("—"));
    m_values[int(Metric::Ticks)]->setText(m_formatter.count(c.messageCount));
    m_values[int(Metric::Errors)]->setText(m_formatter.count(c.errorCount));
    m_values[int(Metric::Reconnects)]->setText(m_formatter.count(c.reconnectCount));

    const QPalette &pal = palette();
    // A streaming connection that went quiet is worth a colour before it turns stale.
    const bool quiet = streaming && c.lastMessageMs > 0 && nowMs - c.lastMessageMs > 5000;
    setTextColour(m_values[int(Metric::LastMessage)], quiet ? theme::warningTextColor(pal) : pal.color(QPalette::WindowText));
    setTextColour(m_values[int(Metric::Errors)], c.errorCount > 0 ? theme::errorTextColor(pal) : pal.color(QPalette::WindowText));
    if (c.lastError.isEmpty()) {
        m_lastError->setFullText(tr("no errors"));
        setTextColour(m_lastError, theme::captionColor(pal));
    } else {
        m_lastError->setFullText(tr("last error: %1").arg(c.lastError));
        setTextColour(m_lastError, c.status == status::ConnectionStatus::Error ? theme::errorTextColor(pal)
                                                                             : theme::captionColor(pal));
    }
    setToolTip(toolTipText(nowMs));
    m_lastError->setToolTip(c.lastError.isEmpty() ? QString() : c.lastError);
}

QString ConnectionCard::toolTipText(qint64 nowMs) const
{
    const status::ConnectionSnapshot &c = m_snapshot;
    QStringList lines;
    lines << QStringLiteral("%1 (%2)").arg(c.name, c.connectionId());
    lines << tr("Status: %1 / %2").arg(status::statusName(c.status), status::phaseName(c.phase));
    if (!c.detail.isEmpty())
        lines << tr("Detail: %1").arg(c.detail);
    if (!c.url.isEmpty())
        lines << tr("URL: %1").arg(c.url);
    lines << tr("Last error: %1").arg(c.lastError.isEmpty() ? tr("none") : c.lastError);
    if (!c.lastParseErrorSample.isEmpty())
        lines << tr("Last malformed frame: %1").arg(c.lastParseErrorSample.left(200));
    lines << tr("Subscriptions: %1 acked, %2 pending, %3 refused, %4 unconfirmed")
                 .arg(c.subscriptionsAcked)
                 .arg(c.subscriptionsPending)
                 .arg(c.subscriptionsRefused)
                 .arg(c.subscriptionsUnconfirmed);
    lines << tr("Frames: %1, received %2, parse errors %3")
                 .arg(m_formatter.count(c.frames), m_formatter.bytes(c.bytesReceived), m_formatter.count(c.parseErrors));
    if (c.latencySamples > 0)
        lines << tr("Feed latency: p50 %1, p99 %2").arg(m_formatter.latency(c.latencyP50Ms), m_formatter.latency(c.latencyP99Ms));
    if (c.lastGapMs > 0)
        lines << tr("Last reconnect gap: %1").arg(m_formatter.age(c.lastGapMs));
    if (c.nextRetryMs > nowMs)
        lines << tr("Next retry at %1").arg(m_formatter.timeOfDay(c.nextRetryMs));
    return lines.join(QLatin1Char('\n'));
}

QString ConnectionCard::nameText() const { return m_name->text(); }
QString ConnectionCard::badgeText() const { return m_badge->text(); }
QString ConnectionCard::badgeToolTip() const { return m_badge->toolTip(); }
QString ConnectionCard::universeText() const { return m_universe->fullText(); }
QString ConnectionCard::metricText(Metric metric) const { return m_values[int(metric)]->text(); }

void ConnectionCard::applyPalette()
{
    const QColor caption = theme::captionColor(palette());
    for (QLabel *label : m_captions)
        setTextColour(label, caption);
    setTextColour(m_universe, caption);
}

void ConnectionCard::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        if (m_hasSnapshot)
            render(QDateTime::currentMSecsSinceEpoch());
    }
}

void ConnectionCard::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath path;
    path.addRoundedRect(r, kRadius, kRadius);
    p.fillPath(path, palette().color(QPalette::Base));
    p.save();
    p.setClipPath(path);
    p.fillRect(QRectF(r.left(), r.top(), r.width(), kStripHeight), theme::stripColor(m_id));
    p.restore();
    QColor border = palette().color(QPalette::Mid);
    border.setAlphaF(0.6f);
    p.setPen(QPen(border, 1));
    p.drawPath(path);
}

} // namespace tickstock::ui
