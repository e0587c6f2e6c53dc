#include "sim/feedsimulator.h"

#include "sim/eventwriter.h"
#include "sim/marketlist.h"
#include "sim/marketmodel.h"
#include "sim/wsserver.h"
#include "util/logging.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTimer>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <memory>
#include <set>
#include <unordered_set>

namespace tickstock::sim {
namespace {

// Valid stock channels (docs/protocol.md). Only the first four carry simulated data.
constexpr std::string_view kChannels[] = {"T", "Q", "A", "AM", "LULD", "NOI", "FMV"};

int channelIndex(std::string_view channel)
{
    for (int i = 0; i < static_cast<int>(std::size(kChannels)); ++i) {
        if (kChannels[i] == channel)
            return i;
    }
    return -1;
}

std::string_view trim(std::string_view text)
{
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    return text;
}

// Status texts (docs/protocol.md). Where the vendor's text is undocumented we use a placeholder.
constexpr std::string_view kMaxConnectionsMessage = "Maximum number of connections exceeded.";
constexpr std::string_view kAuthRequiredMessage = "Please authenticate first."; // placeholder
constexpr std::string_view kForceDisconnectMessage = "Server-initiated disconnect."; // placeholder
constexpr std::string_view kSlowConsumerMessage = "Slow consumer: outbound buffer exceeded."; // placeholder

constexpr int kFirehoseMaxFramesInPool = 1024;
constexpr qint64 kFirehoseSequenceBase = 100'000'000'000; // 12 digits: patched in place

void writeFixed(char *at, int width, qint64 value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    const auto length = static_cast<int>(result.ptr - buffer);
    if (length == width)
        std::copy(buffer, result.ptr, at);
}

} // namespace

struct FeedSimulator::FirehoseTicker {
    std::string symbol;
    qint64 tradeSeq = 0;
    qint64 quoteSeq = 0;
    qint64 trades = 0;
    qint64 quotes = 0;
};

struct FeedSimulator::FirehoseFrame {
    struct Patch {
        int timestamp; // offset of the 13 digits of `t` in `frame`
        int sequence;  // offset of the 12 digits of `q`
        int size;      // offset of a trade's 4 digits of `s` (send-clock mode), else -1
        int ticker;    // index into m_firehoseTickers
        bool quote;
    };
    QByteArray frame; // a whole WebSocket frame, header included
    std::vector<Patch> patches;
    int trades = 0;
    int quotes = 0;
};

struct FeedSimulator::Session {
    struct PendingEvent {
        int ticker;
        EventType type;
        std::uint32_t offset; // of the event object in `pending`
        std::uint32_t length;
    };
    quint64 id = 0;
    WsConnection *ws = nullptr; // null once disconnected
    QString key;
    bool authenticated = false;
    bool ending = false; // max_connections, auth failure, slow consumer...: no more data
    bool frozen = false;
    qint64 authOrder = 0;
    std::unordered_set<std::string> held; // subscription params as acked: "T.AAPL", "AM.*"
    std::array<bool, kDataChannelCount> wildcard{};
    std::string pending; // the data frame being built: "[{...},{...}"
    std::vector<PendingEvent> pendingEvents;
    std::vector<FirehoseFrame> firehose;
    std::size_t firehoseNext = 0;
    qint64 firehoseStartNs = 0;
    qint64 firehoseFramesDone = 0; // sent or skipped since firehoseStartNs
};

FeedSimulator::FeedSimulator(const SimConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_tickTimer(new QTimer(this))
    , m_firehoseTimer(new QTimer(this))
{
    m_seed = m_config.seed ? m_config.seed : (quint64(std::random_device{}()) << 32 | std::random_device{}());
    m_rng.seed(m_seed ^ 0x5EED5EED5EED5EEDull);
    m_market = std::make_unique<MarketModel>(
        m_seed, MarketModel::Params{m_config.tradesPerSecond, m_config.quotesPerSecond, m_config.aggregateDelayMs});
    if (m_config.marketTickers.isEmpty()) {
        for (const MarketListEntry &entry : builtInMarket())
            m_market->add(entry.symbol, entry.tape, entry.referencePrice);
    } else {
        for (const QString &ticker : std::as_const(m_config.marketTickers)) {
            const std::string symbol = ticker.toStdString();
            if (MarketModel::isValidTicker(symbol))
                m_market->add(symbol);
            else
                qCWarning(lcSim) << "ignoring invalid market ticker" << ticker;
        }
    }
    m_subscribers.resize(static_cast<std::size_t>(m_market->size()));
    m_tickerCounts.resize(static_cast<std::size_t>(m_market->size()));

    WsOptions options;
    options.maxMessageBytes = m_config.maxMessageBytes;
    options.closeTimeoutMs = m_config.closeTimeoutMs;
    options.handshakeTimeoutMs = m_config.handshakeTimeoutMs;
    options.sendBufferBytes = m_config.socketSendBufferBytes;
    m_server = new WsServer(options, this);
    connect(m_server, &WsServer::newConnection, this, &FeedSimulator::onNewConnection);
    connect(m_server, &WsServer::httpRejected, this, [this](int code) {
        ++m_counters.httpRejected;
        qCInfo(lcSim) << "refused an HTTP request with status" << code;
    });

    m_tickTimer->setInterval(m_config.flushIntervalMs);
    connect(m_tickTimer, &QTimer::timeout, this, &FeedSimulator::onTick);
    m_firehoseTimer->setTimerType(Qt::PreciseTimer);
    m_firehoseTimer->setInterval(m_config.firehoseIntervalMs);
    connect(m_firehoseTimer, &QTimer::timeout, this, &FeedSimulator::onFirehoseTick);
    m_clock.start();
}

FeedSimulator::~FeedSimulator() = default;

bool FeedSimulator::listen(QString *error)
{
    if (!m_server->listen(m_config.host, m_config.port, error))
        return false;
    m_tickTimer->start();
    if (m_config.firehoseEventsPerSecond > 0)
        m_firehoseTimer->start();
    qCInfo(lcSim).noquote() << "listening on" << url().toString() << "seed" << m_seed
                            << "market tickers" << m_market->size();
    return true;
}

void FeedSimulator::shutdown()
{
    m_tickTimer->stop();
    m_firehoseTimer->stop();
    m_server->close();
    std::vector<Session *> sessions;
    for (const auto &entry : m_sessions)
        sessions.push_back(entry.second.get());
    for (Session *s : sessions) {
        flushData(*s);
        stopData(*s);
        if (s->ws)
            s->ws->close(ws::CloseGoingAway);
    }
}

bool FeedSimulator::isListening() const { return m_server->isListening(); }

quint16 FeedSimulator::port() const { return m_server->port(); }

QUrl FeedSimulator::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    const QHostAddress host = m_config.host;
    const bool any = host == QHostAddress(QHostAddress::Any) || host == QHostAddress(QHostAddress::AnyIPv4)
        || host == QHostAddress(QHostAddress::AnyIPv6);
    url.setHost(any ? QStringLiteral("127.0.0.1") : host.toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/stocks"));
    return url;
}

int FeedSimulator::connectionCount() const { return static_cast<int>(m_sessions.size()); }

SimCounters FeedSimulator::counters() const
{
    SimCounters c = m_counters;
    c.connectionsOpen = static_cast<qint64>(m_sessions.size());
    for (int i = 0; i < static_cast<int>(m_tickerCounts.size()); ++i) {
        const auto &counts = m_tickerCounts[static_cast<std::size_t>(i)];
        if (counts[0] || counts[1] || counts[2] || counts[3])
            c.tickers[m_market->symbol(i)].events = counts;
    }
    for (const FirehoseTicker &t : m_firehoseTickers) {
        if (!t.trades && !t.quotes)
            continue;
        auto &counts = c.tickers[t.symbol].events;
        counts[static_cast<int>(EventType::Trade)] += t.trades;
        counts[static_cast<int>(EventType::Quote)] += t.quotes;
    }
    return c;
}

qint64 FeedSimulator::clockOffsetMs() const
{
    return m_config.timeOffsetMs + (m_config.delayed ? -900'000 : 0);
}

qint64 FeedSimulator::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch() + clockOffsetMs();
}

qint64 FeedSimulator::sendClockMicros() const
{
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts); // the clock a consumer on this machine compares with
    return qint64(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000 + clockOffsetMs() * 1000;
}

FeedSimulator::Session *FeedSimulator::session(quint64 id) const
{
    const auto it = m_sessions.find(id);
    return it == m_sessions.end() ? nullptr : it->second.get();
}

// --- connections -------------------------------------------------------------------------------

void FeedSimulator::onNewConnection(WsConnection *connection)
{
    const quint64 id = connection->id();
    auto owned = std::make_unique<Session>();
    Session &s = *owned;
    s.id = id;
    s.ws = connection;
    m_sessions.emplace(id, std::move(owned));
    ++m_counters.connectionsAccepted;
    connect(connection, &WsConnection::textMessageReceived, this,
            [this, id](const QByteArray &message) { onTextMessage(id, message); });
    connect(connection, &WsConnection::binaryMessageReceived, this, [this, id](const QByteArray &message) {
        ++m_counters.clientMessages;
        ++m_counters.clientMessagesIgnored;
        qCInfo(lcSim) << "connection" << id << "ignored a binary message of" << message.size() << "bytes";
    });
    connect(connection, &WsConnection::disconnected, this, [this, id] { onDisconnected(id); });
    qCInfo(lcSim).noquote() << "connection" << id << "opened from"
                            << connection->peerAddress().toString() + QLatin1Char(':') + QString::number(connection->peerPort());

    sendStatus(s, "connected", "Connected Successfully");

    if (m_config.authTimeoutMs > 0) {
        QTimer::singleShot(m_config.authTimeoutMs, connection, [this, id] {
            Session *s = session(id);
            if (!s || s->authenticated || s->ending || s->frozen)
                return;
            ++m_counters.authTimeouts;
            qCInfo(lcSim) << "connection" << id << "auth timeout";
            sendStatus(*s, "auth_timeout", "No authentication request received.");
            endSession(*s, ws::ClosePolicyViolation, false);
        });
    }
    if (m_config.abortEveryMs > 0) {
        QTimer::singleShot(m_config.abortEveryMs, connection, [this, id] {
            Session *s = session(id);
            if (!s || !s->ws)
                return;
            ++m_counters.aborts;
            qCInfo(lcSim) << "connection" << id << "fault: abort without close frame";
            endSession(*s, 0, true);
        });
    }
    if (m_config.freezeAfterMs > 0) {
        QTimer::singleShot(m_config.freezeAfterMs, connection, [this, id] {
            Session *s = session(id);
            if (!s || !s->ws || s->ending)
                return;
            ++m_counters.freezes;
            qCInfo(lcSim) << "connection" << id << "fault: frozen (no data, no pongs, TCP kept open)";
            stopData(*s);
            s->ending = false;
            s->frozen = true;
            s->ws->setFrozen(true);
        });
    }
    if (m_config.forceDisconnectAfterMs > 0) {
        QTimer::singleShot(m_config.forceDisconnectAfterMs, connection, [this, id] {
            Session *s = session(id);
            if (!s || !s->ws || s->ending || s->frozen)
                return;
            ++m_counters.forceDisconnects;
            qCInfo(lcSim) << "connection" << id << "fault: force_disconnect";
            flushData(*s);
            sendStatus(*s, "force_disconnect", kForceDisconnectMessage);
            endSession(*s, ws::CloseGoingAway, false);
        });
    }
    emit connectionOpened(id);
}

void FeedSimulator::onDisconnected(quint64 id)
{
    const auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return;
    std::unique_ptr<Session> s = std::move(it->second);
    m_sessions.erase(it);
    s->ws = nullptr;
    detachAll(*s);
    qCInfo(lcSim) << "connection" << id << "closed";
    // Callers up the stack may still hold the pointer: free it on the next event-loop pass.
    if (m_closedSessions.empty())
        QTimer::singleShot(0, this, &FeedSimulator::purgeClosedSessions);
    m_closedSessions.push_back(std::move(s));
    emit connectionClosed(id);
}

void FeedSimulator::purgeClosedSessions() { m_closedSessions.clear(); }

void FeedSimulator::stopData(Session &s)
{
    s.ending = true;
    detachAll(s);
    s.pending.clear();
    s.pendingEvents.clear();
    s.firehose.clear();
}

void FeedSimulator::endSession(Session &s, quint16 closeCode, bool abort)
{
    stopData(s);
    if (!s.ws)
        return;
    if (abort)
        s.ws->abort(); // may disconnect synchronously: `s` stays valid until the next pass
    else
        s.ws->close(closeCode);
}

void FeedSimulator::scheduleEnd(quint64 id, int delayMs, quint16 closeCode, bool abort)
{
    Session *s = session(id);
    if (!s || !s->ws)
        return;
    QTimer::singleShot(delayMs, s->ws, [this, id, closeCode, abort] {
        if (Session *s = session(id))
            endSession(*s, closeCode, abort);
    });
}

void FeedSimulator::evict(Session &victim)
{
    flushData(victim);
    sendStatus(victim, "max_connections", kMaxConnectionsMessage);
    stopData(victim);
    scheduleEnd(victim.id, m_config.evictDelayMs, ws::ClosePolicyViolation,
                m_config.evictAction == SimConfig::EvictAction::Abort);
}

// --- client messages ---------------------------------------------------------------------------

void FeedSimulator::onTextMessage(quint64 id, const QByteArray &message)
{
    Session *s = session(id);
    if (!s || s->ending)
        return;
    ++m_counters.clientMessages;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(message, &error);
    if (!document.isObject()) {
        ++m_counters.clientMessagesIgnored;
        qCWarning(lcSim).noquote() << "connection" << id << "ignored a malformed client message of" << message.size()
                                   << "bytes:" << (error.error ? error.errorString() : QStringLiteral("not an object"));
        return;
    }
    const QJsonObject object = document.object();
    const QString action = object.value(QLatin1String("action")).toString();
    const QJsonValue params = object.value(QLatin1String("params"));
    if (!params.isString() || (action != QLatin1String("auth") && action != QLatin1String("subscribe")
                               && action != QLatin1String("unsubscribe"))) {
        ++m_counters.clientMessagesIgnored;
        qCWarning(lcSim).noquote() << "connection" << id << "ignored a client message with action"
                                   << (action.isEmpty() ? QStringLiteral("(none)") : action.left(32))
                                   << (params.isString() ? "" : "and non-string params");
        return;
    }
    if (action == QLatin1String("auth")) {
        handleAuth(*s, params.toString());
        return;
    }
    if (!s->authenticated) {
        ++m_counters.authRequired;
        qCInfo(lcSim) << "connection" << id << action << "before auth: auth_required";
        sendStatus(*s, "auth_required", kAuthRequiredMessage);
        return;
    }
    handleSubscription(*s, params.toString(), action == QLatin1String("subscribe"));
}

void FeedSimulator::handleAuth(Session &s, const QString &key)
{
    if (s.authenticated) {
        ++m_counters.clientMessagesIgnored;
        qCInfo(lcSim) << "connection" << s.id << "ignored a second auth message";
        return;
    }
    if (m_config.keys.contains(key)) {
        if (m_config.maxConnectionsPerKey > 0) {
            std::vector<Session *> sameKey;
            for (const auto &entry : m_sessions) {
                Session *other = entry.second.get();
                if (other != &s && other->authenticated && !other->ending && other->key == key)
                    sameKey.push_back(other);
            }
            const auto limit = static_cast<std::size_t>(m_config.maxConnectionsPerKey);
            if (sameKey.size() >= limit) {
                if (m_config.limitPolicy == SimConfig::LimitPolicy::RejectNewest) {
                    ++m_counters.rejections;
                    qCInfo(lcSim) << "connection" << s.id << "over the connection limit: rejected";
                    evict(s);
                    return;
                }
                std::sort(sameKey.begin(), sameKey.end(),
                          [](const Session *a, const Session *b) { return a->authOrder < b->authOrder; });
                for (std::size_t i = 0; i + limit <= sameKey.size(); ++i) {
                    ++m_counters.evictions;
                    qCInfo(lcSim) << "connection" << sameKey[i]->id << "evicted by connection" << s.id;
                    evict(*sameKey[i]);
                }
            }
        }
        s.authenticated = true;
        s.key = key;
        s.authOrder = ++m_authOrder;
        ++m_counters.authOk;
        qCInfo(lcSim) << "connection" << s.id << "authenticated";
        sendStatus(s, "auth_success", "authenticated");
        emit authenticated(s.id, key);
        return;
    }
    ++m_counters.authFailed;
    const bool noAccess = m_config.noAccessKeys.contains(key);
    qCInfo(lcSim) << "connection" << s.id << (noAccess ? "auth failed: no websocket access" : "auth failed: bad key");
    sendStatus(s, "auth_failed", noAccess ? "Your plan doesn't include websocket access." : "authentication failed");
    endSession(s, ws::ClosePolicyViolation, m_config.authFailAction == SimConfig::AuthFailAction::Abort);
}

bool FeedSimulator::entitled(const QString &key, const std::string &channel) const
{
    if (m_config.delayed && channel != "T" && channel != "A" && channel != "AM")
        return false;
    const auto it = m_config.deniedChannels.constFind(key);
    return it == m_config.deniedChannels.constEnd() || !it->contains(QString::fromStdString(channel));
}

void FeedSimulator::handleSubscription(Session &s, const QString &params, bool subscribe)
{
    const QByteArray utf8 = params.toUtf8();
    std::string_view rest(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    std::vector<std::string> statuses;
    bool changed = false;
    int ignored = 0;
    while (true) {
        const std::size_t comma = rest.find(',');
        const std::string_view param = trim(rest.substr(0, comma));
        if (!param.empty()) {
            const std::size_t dot = param.find('.');
            const int channel = dot == std::string_view::npos ? -1 : channelIndex(param.substr(0, dot));
            const std::string_view symbol = channel < 0 ? std::string_view() : param.substr(dot + 1);
            if (channel < 0 || symbol.empty()) {
                ++ignored; // unknown channel prefix: silence (observed)
            } else {
                std::string text(param);
                std::string event;
                if (subscribe) {
                    if (!entitled(s.key, std::string(param.substr(0, dot)))) {
                        ++m_counters.refusals;
                        eventwriter::appendStatus(event, "error", "not authorized");
                        statuses.push_back(std::move(event));
                    } else if (s.held.insert(text).second) { // a duplicate gets no second ack
                        ++m_counters.acks;
                        eventwriter::appendStatus(event, "success", "subscribed to: " + text);
                        statuses.push_back(std::move(event));
                        if (channel < kDataChannelCount) {
                            subscribeParam(s, channel, std::string(symbol));
                            changed = true;
                        }
                    }
                } else {
                    ++m_counters.acks;
                    eventwriter::appendStatus(event, "success", "unsubscribed to: " + text); // (sic)
                    statuses.push_back(std::move(event));
                    if (s.held.erase(text) && channel < kDataChannelCount) {
                        unsubscribeParam(s, channel, std::string(symbol));
                        changed = true;
                    }
                }
            }
        }
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    qCDebug(lcSim) << "connection" << s.id << (subscribe ? "subscribe:" : "unsubscribe:") << statuses.size()
                   << "answered," << ignored << "ignored, holds" << s.held.size();
    flushData(s); // data generated before the change goes out before the acks
    sendStatuses(s, statuses);
    if (changed) {
        refreshActiveTickers();
        if (m_config.firehoseEventsPerSecond > 0)
            rebuildFirehose(s);
    }
}

void FeedSimulator::subscribeParam(Session &s, int channel, const std::string &symbol)
{
    if (symbol == "*") {
        s.wildcard[static_cast<std::size_t>(channel)] = true;
        m_wildcard[static_cast<std::size_t>(channel)].push_back(&s);
        return;
    }
    if (!MarketModel::isValidTicker(symbol))
        return; // unknown ticker: acked, never any data
    const int ticker = m_market->add(symbol); // a subscribed valid ticker joins the market for good
    if (static_cast<std::size_t>(m_market->size()) > m_subscribers.size()) {
        m_subscribers.resize(static_cast<std::size_t>(m_market->size()));
        m_tickerCounts.resize(static_cast<std::size_t>(m_market->size()));
    }
    m_subscribers[static_cast<std::size_t>(ticker)][static_cast<std::size_t>(channel)].push_back(&s);
}

void FeedSimulator::unsubscribeParam(Session &s, int channel, const std::string &symbol)
{
    const auto remove = [&s](std::vector<Session *> &list) {
        list.erase(std::remove(list.begin(), list.end(), &s), list.end());
    };
    if (symbol == "*") {
        s.wildcard[static_cast<std::size_t>(channel)] = false;
        remove(m_wildcard[static_cast<std::size_t>(channel)]);
        return;
    }
    const int ticker = m_market->find(symbol);
    if (ticker >= 0)
        remove(m_subscribers[static_cast<std::size_t>(ticker)][static_cast<std::size_t>(channel)]);
}

void FeedSimulator::detachAll(Session &s)
{
    bool any = false;
    for (const std::string &param : s.held) {
        const std::size_t dot = param.find('.');
        const int channel = channelIndex(std::string_view(param).substr(0, dot));
        if (channel >= 0 && channel < kDataChannelCount) {
            unsubscribeParam(s, channel, param.substr(dot + 1));
            any = true;
        }
    }
    if (any)
        m_activeDirty = true;
}

void FeedSimulator::refreshActiveTickers()
{
    m_activeDirty = false;
    bool anyWildcard = false;
    for (const auto &holders : m_wildcard)
        anyWildcard |= !holders.empty();
    const qint64 now = nowMs();
    m_activeTickers.clear();
    for (int i = 0; i < m_market->size(); ++i) {
        bool wanted = anyWildcard;
        for (const auto &list : m_subscribers[static_cast<std::size_t>(i)])
            wanted |= !list.empty();
        if (wanted) {
            m_market->activate(i, now);
            m_activeTickers.push_back(i);
        } else if (m_market->isActive(i)) {
            m_market->deactivate(i);
        }
    }
}

unsigned FeedSimulator::wantedMask(int ticker) const
{
    unsigned mask = 0;
    for (int channel = 0; channel < kDataChannelCount; ++channel) {
        const auto c = static_cast<std::size_t>(channel);
        if (!m_wildcard[c].empty() || !m_subscribers[static_cast<std::size_t>(ticker)][c].empty())
            mask |= 1u << channel;
    }
    return mask;
}

// --- sending -----------------------------------------------------------------------------------

bool FeedSimulator::sendFrame(Session &s, std::string_view payload, bool binary)
{
    if (!s.ws || s.frozen)
        return false;
    const qint64 written = binary ? s.ws->sendBinary(payload) : s.ws->sendText(payload);
    if (written <= 0)
        return false;
    ++m_counters.frames;
    m_counters.bytes += written;
    return true;
}

void FeedSimulator::sendStatus(Session &s, std::string_view status, std::string_view message)
{
    std::string event;
    eventwriter::appendStatus(event, status, message);
    sendStatuses(s, {std::move(event)});
}

void FeedSimulator::sendStatuses(Session &s, const std::vector<std::string> &events)
{
    std::string frame;
    int count = 0;
    const auto send = [&] {
        if (!count)
            return;
        frame.push_back(']');
        if (sendFrame(s, frame, false))
            m_counters.events[static_cast<int>(EventType::Status)] += count;
        frame.clear();
        count = 0;
    };
    for (const std::string &event : events) {
        if (count && frame.size() + event.size() + 2 > static_cast<std::size_t>(m_config.maxFrameBytes))
            send();
        frame.push_back(count ? ',' : '[');
        frame.append(event);
        ++count;
    }
    send();
}

void FeedSimulator::deliver(int ticker, EventType type, const std::string &json)
{
    const auto channel = static_cast<std::size_t>(type);
    for (Session *s : m_wildcard[channel])
        appendEvent(*s, ticker, type, json);
    for (Session *s : m_subscribers[static_cast<std::size_t>(ticker)][channel]) {
        if (!s->wildcard[channel]) // at most once per connection, even with T.* and T.AAPL
            appendEvent(*s, ticker, type, json);
    }
}

void FeedSimulator::appendEvent(Session &s, int ticker, EventType type, const std::string &json)
{
    if (!s.ws || s.ending || s.frozen)
        return;
    if (!s.pendingEvents.empty()
        && (static_cast<int>(s.pendingEvents.size()) >= m_config.maxEventsPerFrame
            || s.pending.size() + json.size() + 2 > static_cast<std::size_t>(m_config.maxFrameBytes)))
        flushData(s);
    s.pending.push_back(s.pendingEvents.empty() ? '[' : ',');
    s.pendingEvents.push_back({ticker, type, static_cast<std::uint32_t>(s.pending.size()),
                               static_cast<std::uint32_t>(json.size())});
    s.pending.append(json);
}

void FeedSimulator::commitPending(Session &s)
{
    for (const Session::PendingEvent &event : s.pendingEvents) {
        ++m_counters.events[static_cast<int>(event.type)];
        ++m_tickerCounts[static_cast<std::size_t>(event.ticker)][static_cast<std::size_t>(event.type)];
    }
}

void FeedSimulator::flushData(Session &s)
{
    if (s.pendingEvents.empty())
        return;
    s.pending.push_back(']');
    if (m_config.malformedRate > 0 && std::uniform_real_distribution<double>(0, 1)(m_rng) < m_config.malformedRate) {
        sendMalformed(s, static_cast<MalformedKind>(m_malformedCycle++ % kMalformedKindCount));
    } else if (sendFrame(s, s.pending, false)) {
        commitPending(s);
    }
    s.pending.clear();
    s.pendingEvents.clear();
}

void FeedSimulator::sendMalformed(Session &s, MalformedKind kind)
{
    const auto events = static_cast<qint64>(s.pendingEvents.size());
    const Session::PendingEvent &first = s.pendingEvents.front();
    const std::string_view pending(s.pending);
    const std::string_view firstEvent = pending.substr(first.offset, first.length);
    const std::string &symbol = m_market->symbol(first.ticker);
    SimCounters::Malformed &counts = m_counters.malformed[static_cast<int>(kind)];
    bool sent = false;
    switch (kind) {
    case MalformedKind::TruncatedJson:
        sent = sendFrame(s, pending.substr(0, std::max<std::size_t>(1, pending.size() / 2)), false);
        counts.lostEvents += sent ? events : 0;
        break;
    case MalformedKind::ObjectNotArray:
        sent = sendFrame(s, firstEvent, false);
        counts.lostEvents += sent ? events : 0;
        break;
    case MalformedKind::WrongType:
    case MalformedKind::UnknownEv: {
        // The real events stay valid; one bad event is inserted after the first.
        std::string bad;
        if (kind == MalformedKind::WrongType) {
            bad = "{\"ev\":\"T\",\"sym\":";
            eventwriter::appendJsonString(bad, symbol);
            bad += ",\"x\":4,\"i\":\"0\",\"z\":3,\"p\":\"abc\",\"s\":100,\"t\":";
        } else {
            bad = "{\"ev\":\"XQ\",\"sym\":";
            eventwriter::appendJsonString(bad, symbol);
            bad += ",\"t\":";
        }
        eventwriter::appendInt(bad, nowMs());
        bad += '}';
        const std::size_t split = first.offset + first.length;
        std::string frame;
        frame.reserve(pending.size() + bad.size() + 1);
        frame.append(pending.substr(0, split));
        frame.push_back(',');
        frame.append(bad);
        frame.append(pending.substr(split));
        sent = sendFrame(s, frame, false);
        if (sent) {
            counts.goodEvents += events;
            commitPending(s);
        }
        break;
    }
    case MalformedKind::BinaryFrame:
        sent = sendFrame(s, pending, true);
        counts.lostEvents += sent ? events : 0;
        break;
    }
    if (sent)
        ++counts.frames;
}

bool FeedSimulator::checkSlowConsumer(Session &s)
{
    if (m_config.slowConsumerBytes <= 0 || !s.ws || s.ending || s.frozen
        || s.ws->bytesToWrite() <= m_config.slowConsumerBytes)
        return false;
    ++m_counters.slowConsumerKills;
    qCInfo(lcSim) << "connection" << s.id << "slow consumer: backlog" << s.ws->bytesToWrite() << "bytes";
    stopData(s);
    sendStatus(s, "slow_consumer", kSlowConsumerMessage);
    endSession(s, ws::ClosePolicyViolation, false);
    return true;
}

// --- timers ------------------------------------------------------------------------------------

void FeedSimulator::onTick()
{
    if (m_activeDirty)
        refreshActiveTickers();
    if (!m_config.silent && !m_paused && m_config.firehoseEventsPerSecond == 0 && !m_activeTickers.empty()) {
        const qint64 now = nowMs();
        int current = -1;
        const MarketModel::Sink sink = [this, &current](EventType type, const std::string &json) {
            deliver(current, type, json);
        };
        for (const int ticker : m_activeTickers) {
            current = ticker;
            m_market->advance(ticker, now, wantedMask(ticker), sink);
        }
    }
    std::vector<Session *> sessions;
    sessions.reserve(m_sessions.size());
    for (const auto &entry : m_sessions)
        sessions.push_back(entry.second.get());
    for (Session *s : sessions) {
        flushData(*s);
        if (s->ws)
            s->ws->flush(); // may disconnect synchronously; s stays valid until the next pass
        checkSlowConsumer(*s);
    }
}

// --- firehose ----------------------------------------------------------------------------------

int FeedSimulator::firehoseTicker(const std::string &symbol)
{
    const auto it = m_firehoseIndex.find(symbol);
    if (it != m_firehoseIndex.end())
        return it->second;
    FirehoseTicker ticker;
    ticker.symbol = symbol;
    ticker.tradeSeq = kFirehoseSequenceBase + std::uniform_int_distribution<qint64>(0, 999'999)(m_rng);
    ticker.quoteSeq = kFirehoseSequenceBase + std::uniform_int_distribution<qint64>(0, 999'999)(m_rng);
    const int index = static_cast<int>(m_firehoseTickers.size());
    m_firehoseTickers.push_back(std::move(ticker));
    m_firehoseIndex.emplace(symbol, index);
    return index;
}

void FeedSimulator::rebuildFirehose(Session &s)
{
    s.firehose.clear();
    s.firehoseNext = 0;
    if (!s.ws || s.ending || s.frozen)
        return;
    // Which tickers get T and Q: explicit valid tickers plus the whole market under a wildcard.
    std::vector<std::string> order;
    std::set<std::string> trades, quotes, seen;
    const auto addSymbol = [&](std::set<std::string> &set, const std::string &symbol) {
        set.insert(symbol);
        if (seen.insert(symbol).second)
            order.push_back(symbol);
    };
    bool anyTrades = false, anyQuotes = false;
    for (const std::string &param : s.held) {
        const std::size_t dot = param.find('.');
        const std::string channel = param.substr(0, dot);
        const std::string symbol = param.substr(dot + 1);
        const bool trade = channel == "T";
        if (!trade && channel != "Q")
            continue;
        (trade ? anyTrades : anyQuotes) = true;
        if (m_config.firehoseTickers > 0)
            continue;
        if (symbol == "*") {
            for (int i = 0; i < m_market->size(); ++i)
                addSymbol(trade ? trades : quotes, m_market->symbol(i));
        } else if (MarketModel::isValidTicker(symbol)) {
            addSymbol(trade ? trades : quotes, symbol);
        }
    }
    if (m_config.firehoseTickers > 0) {
        for (int i = 0; i < m_config.firehoseTickers; ++i) {
            const std::string symbol = syntheticTicker(i);
            if (anyTrades)
                addSymbol(trades, symbol);
            if (anyQuotes)
                addSymbol(quotes, symbol);
        }
    }
    std::sort(order.begin(), order.end());
    std::vector<std::pair<int, bool>> events; // (firehose ticker, is quote), interleaved T/Q
    for (const std::string &symbol : order) {
        const int ticker = firehoseTicker(symbol);
        if (trades.count(symbol))
            events.emplace_back(ticker, false);
        if (quotes.count(symbol))
            events.emplace_back(ticker, true);
    }
    if (events.empty())
        return;

    const int perFrame = m_config.firehoseEventsPerFrame;
    const int frames = std::clamp(static_cast<int>((events.size() + perFrame - 1) / perFrame), 1,
                                  kFirehoseMaxFramesInPool);
    const qint64 now = nowMs();
    std::uniform_real_distribution<double> unit(0, 1);
    std::size_t next = 0;
    std::unique_ptr<QFile> dump;
    if (!m_config.firehoseDumpFile.isEmpty()) {
        dump = std::make_unique<QFile>(m_config.firehoseDumpFile);
        if (!dump->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            qCWarning(lcSim).noquote() << "cannot write" << m_config.firehoseDumpFile << "-" << dump->errorString();
            dump.reset();
        }
    }
    for (int f = 0; f < frames; ++f) {
        FirehoseFrame frame;
        std::string payload = "[";
        std::vector<eventwriter::FieldOffsets> offsets; // inside payload
        for (int e = 0; e < perFrame; ++e) {
            const auto [ticker, quote] = events[next++ % events.size()];
            const std::string &symbol = m_firehoseTickers[static_cast<std::size_t>(ticker)].symbol;
            const int index = m_market->find(symbol);
            const double reference = index >= 0 ? m_market->referencePrice(index) : 100.0;
            const int tape = index >= 0 ? m_market->tape(index) : 3;
            const double mid = std::round(reference * (1 + 0.002 * (unit(m_rng) - 0.5)) * 100) / 100;
            if (e)
                payload.push_back(',');
            eventwriter::FieldOffsets fieldOffsets;
            if (quote) {
                massive::Quote q;
                using F = massive::Quote;
                q.present = F::BidExchange | F::BidPrice | F::BidSize | F::AskExchange | F::AskPrice | F::AskSize
                    | F::Condition | F::Timestamp | F::Sequence | F::Tape;
                q.symbol = symbol;
                q.bidExchange = 11;
                q.bidPrice = mid - 0.01;
                q.bidSize = 1 + static_cast<int>(unit(m_rng) * 9);
                q.askExchange = 12;
                q.askPrice = mid + 0.01;
                q.askSize = 1 + static_cast<int>(unit(m_rng) * 9);
                q.timestamp = now;
                q.sequence = kFirehoseSequenceBase;
                q.tape = tape;
                eventwriter::appendQuote(payload, q, &fieldOffsets);
                ++frame.quotes;
            } else {
                massive::Trade t;
                using F = massive::Trade;
                t.present = F::Exchange | F::Id | F::Tape | F::Price | F::Size | F::Timestamp | F::Sequence;
                t.symbol = symbol;
                t.exchange = unit(m_rng) < 0.35 ? 4 : 12;
                t.id = std::to_string(static_cast<qint64>(unit(m_rng) * 1e9));
                t.tape = tape;
                t.price = mid;
                t.size = m_config.firehoseSendClock ? 1000 : 100 * (1 + static_cast<int>(unit(m_rng) * 5));
                if (unit(m_rng) < 0.5) {
                    t.present |= F::Conditions;
                    t.conditions = {14, 41};
                }
                t.timestamp = now;
                t.sequence = kFirehoseSequenceBase;
                eventwriter::appendTrade(payload, t, &fieldOffsets);
                ++frame.trades;
            }
            offsets.push_back(fieldOffsets);
            frame.patches.push_back({0, 0, -1, ticker, quote});
        }
        payload.push_back(']');
        frame.frame = ws::encodeFrame(ws::Text, payload);
        const auto header = static_cast<int>(frame.frame.size() - static_cast<qsizetype>(payload.size()));
        for (std::size_t i = 0; i < offsets.size(); ++i) {
            frame.patches[i].timestamp = header + static_cast<int>(offsets[i].timestamp);
            frame.patches[i].sequence = header + static_cast<int>(offsets[i].sequence);
            if (m_config.firehoseSendClock && offsets[i].size != std::string::npos)
                frame.patches[i].size = header + static_cast<int>(offsets[i].size);
        }
        if (dump) {
            dump->write(payload.data(), static_cast<qint64>(payload.size()));
            dump->putChar('\n');
        }
        s.firehose.push_back(std::move(frame));
    }
    s.firehoseStartNs = m_clock.nsecsElapsed();
    s.firehoseFramesDone = 0;
    qCInfo(lcSim) << "connection" << s.id << "firehose:" << order.size() << "tickers," << frames << "frames of"
                  << perFrame << "events";
}

void FeedSimulator::sendFirehoseFrame(Session &s, FirehoseFrame &frame, qint64 now)
{
    int microsWithinMs = 0;
    if (m_config.firehoseSendClock) { // this frame's own send time, to the microsecond
        const qint64 us = sendClockMicros();
        now = us / 1000;
        microsWithinMs = static_cast<int>(us % 1000);
    }
    char *data = frame.frame.data(); // detaches if the socket still shares the last copy
    for (const FirehoseFrame::Patch &patch : frame.patches) {
        FirehoseTicker &ticker = m_firehoseTickers[static_cast<std::size_t>(patch.ticker)];
        qint64 &sequence = patch.quote ? ticker.quoteSeq : ticker.tradeSeq;
        sequence += 1 + static_cast<qint64>(m_rng() & 3); // increasing, with gaps
        ++(patch.quote ? ticker.quotes : ticker.trades);
        writeFixed(data + patch.timestamp, 13, now);
        writeFixed(data + patch.sequence, 12, sequence);
        if (patch.size >= 0)
            writeFixed(data + patch.size, 4, 1000 + microsWithinMs);
    }
    const qint64 written = s.ws->sendEncodedFrame(frame.frame);
    if (written <= 0)
        return;
    ++m_counters.frames;
    m_counters.bytes += written;
    ++m_counters.firehoseFramesSent;
    m_counters.firehoseEventsSent += frame.trades + frame.quotes;
    m_counters.events[static_cast<int>(EventType::Trade)] += frame.trades;
    m_counters.events[static_cast<int>(EventType::Quote)] += frame.quotes;
}

void FeedSimulator::onFirehoseTick()
{
    const qint64 elapsedNow = m_clock.nsecsElapsed();
    const qint64 now = nowMs();
    const double framesPerSecond = double(m_config.firehoseEventsPerSecond) / m_config.firehoseEventsPerFrame;
    const auto maxPerTick = std::max<qint64>(1, static_cast<qint64>(framesPerSecond * 0.05)); // 50 ms of catch-up
    std::vector<Session *> sessions;
    for (const auto &entry : m_sessions) {
        if (!entry.second->firehose.empty())
            sessions.push_back(entry.second.get());
    }
    for (Session *s : sessions) {
        if (!s->ws || s->ending || s->frozen || s->firehose.empty())
            continue;
        const auto due = static_cast<qint64>(double(elapsedNow - s->firehoseStartNs) / 1e9 * framesPerSecond);
        qint64 todo = due - s->firehoseFramesDone;
        if (todo > maxPerTick) { // the event loop stalled: skip what cannot be caught up
            m_counters.firehoseFramesSkippedLate += todo - maxPerTick;
            s->firehoseFramesDone += todo - maxPerTick;
            todo = maxPerTick;
        }
        for (qint64 i = 0; i < todo && s->ws; ++i) {
            ++s->firehoseFramesDone;
            if (s->ws->bytesToWrite() > m_config.firehoseBacklogBytes) {
                ++m_counters.firehoseFramesSkippedBacklog; // never buffer without bound
                continue;
            }
            FirehoseFrame &frame = s->firehose[s->firehoseNext];
            s->firehoseNext = (s->firehoseNext + 1) % s->firehose.size();
            sendFirehoseFrame(*s, frame, now);
            if ((i & 15) == 15)
                s->ws->flush();
        }
        if (s->ws)
            s->ws->flush();
        checkSlowConsumer(*s);
    }
}

} // namespace tickstock::sim
