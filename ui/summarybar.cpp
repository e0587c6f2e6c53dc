#include "ui/summarybar.h"

#include "ui/theme.h"

#include <QtCore/QEvent>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>

namespace tickstock::ui {
namespace {
using theme::Health;

Health redisHealth(const status::RedisSnapshot &r)
{
    if (!r.enabled || r.state == QLatin1String("disabled"))
        return Health::Neutral;
    if (r.connected) // a queue over half full means Redis is not keeping up
        return r.queueCapacity > 0 && r.queueDepth * 2 > r.queueCapacity ? Health::Busy : Health::Good;
    if (r.state == QLatin1String("connecting"))
        return Health::Busy;
    return Health::Bad;
}

Health httpHealth(const status::HttpSnapshot &h)
{
    if (!h.enabled || h.state == QLatin1String("disabled"))
        return Health::Neutral;
    if (h.state == QLatin1String("listening"))
        return Health::Good;
    return Health::Bad;
}
} // namespace

SummaryBar::SummaryBar(Formatter formatter, QWidget *parent)
    : QFrame(parent)
    , m_formatter(std::move(formatter))
{
    setObjectName(QStringLiteral("summaryBar"));
    setFrameShape(QFrame::NoFrame);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(6);

    m_feed = addPill(QStringLiteral("feedPill"));
    m_ticks = addStat(tr("ticks"), QStringLiteral("ticks"));
    m_rate = addStat(tr("msg/s"), QStringLiteral("rate"));
    m_errors = addStat(tr("errors"), QStringLiteral("errors"));
    layout->addSpacing(12);
    m_redis = addPill(QStringLiteral("redisPill"));
    m_redisCounters = new QLabel(this);
    m_redisCounters->setObjectName(QStringLiteral("redisCounters"));
    layout->addWidget(m_redisCounters);
    layout->addSpacing(12);
    m_http = addPill(QStringLiteral("httpPill"));
    m_httpAddress = new QLabel(this);
    m_httpAddress->setObjectName(QStringLiteral("httpAddress"));
    m_httpAddress->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_httpAddress);
    layout->addStretch(1);
    m_paused = addPill(QStringLiteral("pausedPill"));
    setPill(m_paused, tr("DISPLAY PAUSED"), theme::healthColor(Health::Busy));
    m_paused->setToolTip(tr("The tables are frozen; status keeps updating. Resume shows the latest state."));
    m_paused->hide();
    m_simulated = addPill(QStringLiteral("simulatedPill"));
    setPill(m_simulated, tr("SIMULATED FEED"), theme::stripColor(4));
    m_simulated->setToolTip(tr("Demo mode: the data comes from the built-in simulator, not from Massive.com"));
    m_simulated->hide();

    setPill(m_feed, tr("no connections"), theme::healthColor(Health::Neutral));
    m_ticks->setText(QStringLiteral("0"));
    m_rate->setText(QStringLiteral("0"));
    m_errors->setText(QStringLiteral("0"));
    setPill(m_redis, tr("Redis —"), theme::healthColor(Health::Neutral));
    setPill(m_http, tr("HTTP —"), theme::healthColor(Health::Neutral));
}

QLabel *SummaryBar::addPill(const QString &name)
{
    auto *label = new QLabel(this);
    label->setObjectName(name);
    label->setAlignment(Qt::AlignCenter);
    layout()->addWidget(label);
    return label;
}

QLabel *SummaryBar::addStat(const QString &caption, const QString &name)
{
    auto *captionLabel = new QLabel(caption, this);
    QPalette p = captionLabel->palette();
    p.setColor(QPalette::WindowText, theme::captionColor(palette()));
    captionLabel->setPalette(p);
    m_captions.append(captionLabel);
    auto *value = new QLabel(this);
    value->setObjectName(name);
    QFont f = value->font();
    f.setWeight(QFont::DemiBold);
    value->setFont(f);
    layout()->addWidget(captionLabel);
    layout()->addWidget(value);
    static_cast<QHBoxLayout *>(layout())->addSpacing(6);
    return value;
}

void SummaryBar::setPill(QLabel *pill, const QString &text, const QColor &colour)
{
    pill->setText(text);
    const QString sheet = theme::pillStyleSheet(colour);
    if (pill->styleSheet() != sheet)
        pill->setStyleSheet(sheet);
}

void SummaryBar::setStatus(const status::StatusView &view)
{
    const status::StatusSnapshot &s = *view.feed;
    const int enabled = s.enabledCount();
    const int connected = s.connectedCount();
    int failing = 0;
    for (const status::ConnectionSnapshot &c : s.connections)
        failing += c.status == status::ConnectionStatus::Error ? 1 : 0;
    const Health feedHealth = enabled == 0 ? Health::Neutral
        : failing > 0                    ? Health::Bad
        : connected == enabled           ? Health::Good
                                         : Health::Busy;
    setPill(m_feed, tr("%1/%2 connected").arg(connected).arg(enabled), theme::healthColor(feedHealth));
    m_feed->setToolTip(failing > 0 ? tr("%1 connection(s) in error").arg(failing) : QString());

    m_ticks->setText(m_formatter.count(s.ticksTotal()));
    m_rate->setText(m_formatter.rate(s.messagesPerSecond()));
    const qint64 errors = s.errorsTotal();
    m_errors->setText(m_formatter.count(errors));
    QPalette ep = m_errors->palette();
    ep.setColor(QPalette::WindowText, errors > 0 ? theme::errorTextColor(palette()) : palette().color(QPalette::WindowText));
    if (ep != m_errors->palette())
        m_errors->setPalette(ep);

    const status::RedisSnapshot &r = view.redis;
    setPill(m_redis, tr("Redis %1").arg(r.enabled ? r.state : QStringLiteral("disabled")), theme::healthColor(redisHealth(r)));
    if (r.enabled) {
        QString counters = tr("%1 published · %2 dropped").arg(m_formatter.count(r.publishedTotal), m_formatter.count(r.droppedTotal));
        if (r.queueDepth > 0)
            counters += tr(" · queue %1").arg(m_formatter.count(r.queueDepth));
        m_redisCounters->setText(counters);
    } else {
        m_redisCounters->setText(QString());
    }
    QStringList redisTip;
    if (!r.address.isEmpty())
        redisTip << tr("Address: %1").arg(r.address);
    if (!r.channel.isEmpty())
        redisTip << tr("Channel: %1").arg(r.channel);
    if (r.queueCapacity > 0)
        redisTip << tr("Queue: %1 of %2").arg(m_formatter.count(r.queueDepth), m_formatter.count(r.queueCapacity));
    if (!r.lastError.isEmpty())
        redisTip << tr("Last error: %1").arg(r.lastError);
    m_redis->setToolTip(redisTip.join(QLatin1Char('\n')));
    m_redisCounters->setToolTip(m_redis->toolTip());

    const status::HttpSnapshot &h = view.http;
    setPill(m_http, tr("HTTP %1").arg(h.enabled ? h.state : QStringLiteral("disabled")), theme::healthColor(httpHealth(h)));
    m_httpAddress->setText(h.address);
    QStringList httpTip;
    if (!h.url.isEmpty())
        httpTip << tr("Status API: %1/api/admin/websocket-status").arg(h.url);
    if (!h.streamUrl.isEmpty())
        httpTip << tr("Live stream: %1").arg(h.streamUrl);
    if (!h.lastError.isEmpty())
        httpTip << tr("Last error: %1").arg(h.lastError);
    m_http->setToolTip(httpTip.join(QLatin1Char('\n')));
    m_httpAddress->setToolTip(m_http->toolTip());

    m_simulated->setVisible(s.simulated);
}

void SummaryBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    for (QLabel *caption : std::as_const(m_captions)) {
        QPalette p = caption->palette();
        p.setColor(QPalette::WindowText, theme::captionColor(palette()));
        caption->setPalette(p);
    }
    QPalette p = m_errors->palette();
    p.setColor(QPalette::WindowText, palette().color(QPalette::WindowText));
    m_errors->setPalette(p); // the next snapshot colours it again if there are errors
}

void SummaryBar::setPaused(bool paused) { m_paused->setVisible(paused); }

QString SummaryBar::feedText() const { return m_feed->text(); }
QString SummaryBar::ticksText() const { return m_ticks->text(); }
QString SummaryBar::rateText() const { return m_rate->text(); }
QString SummaryBar::errorsText() const { return m_errors->text(); }
QString SummaryBar::redisText() const { return m_redis->text(); }
QString SummaryBar::redisCountersText() const { return m_redisCounters->text(); }
QString SummaryBar::httpText() const { return m_http->text(); }
QString SummaryBar::httpAddressText() const { return m_httpAddress->text(); }
bool SummaryBar::simulatedShown() const { return !m_simulated->isHidden(); }
bool SummaryBar::pausedShown() const { return !m_paused->isHidden(); }
QString SummaryBar::redisToolTip() const { return m_redis->toolTip(); }
QString SummaryBar::httpToolTip() const { return m_http->toolTip(); }

} // namespace tickstock::ui
