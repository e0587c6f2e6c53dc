#include "feed/connectionmanager.h"

#include "feed/batchmailbox.h"
#include "feed/tickconsumer.h"
#include "massive/ticknormaliser.h"
#include "status/snapshotstore.h"
#include "util/logging.h"

#include <QtCore/QDateTime>
#include <QtCore/QTimer>

namespace tickstock::feed {

using status::ConnectionPhase;
using status::TickBatch;
using status::TickUpdate;

using massive::EventKind;

namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

qint8 directionOf(double previous, double price)
{
    if (previous <= 0 || price == previous)
        return 0;
    return price > previous ? 1 : -1;
}
} // namespace

ConnectionManager::ConnectionManager(QList<ConnectionSettings> connectionSlots, ManagerOptions options,
                                     status::SnapshotStore *store, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(connectionSlots))
    , m_options(std::move(options))
    , m_store(store)
{
    for (const ConnectionSettings &s : std::as_const(m_settings)) {
        for (const QString &t : s.tickers) {
            if (!m_route.contains(t))
                m_route.insert(t, s.index);
        }
    }
}

ConnectionManager::~ConnectionManager() = default;

void ConnectionManager::addMailbox(BatchMailbox *mailbox) { m_mailboxes.append(mailbox); }

void ConnectionManager::addTickConsumer(TickConsumer *consumer) { m_consumers.append(consumer); }

void ConnectionManager::start()
{
    // Created here, on the feed thread, so sockets and timers belong to it.
    m_batchTimer = new QTimer(this);
    m_batchTimer->setInterval(m_options.batchIntervalMs);
    connect(m_batchTimer, &QTimer::timeout, this, &ConnectionManager::flushBatches);
    m_snapshotTimer = new QTimer(this);
    m_snapshotTimer->setInterval(m_options.snapshotIntervalMs);
    connect(m_snapshotTimer, &QTimer::timeout, this, &ConnectionManager::publishSnapshot);

    for (ConnectionSettings s : std::as_const(m_settings)) {
        // A ticker belongs to one connection: the first slot that lists it.
        QStringList own;
        for (const QString &t : s.tickers) {
            if (m_route.value(t) == s.index && !own.contains(t))
                own.append(t);
        }
        s.tickers = own;
        auto *connection = new FeedConnection(s, this, this);
        connect(connection, &FeedConnection::closed, this, [this] {
            if (m_shuttingDown && --m_openAtShutdown == 0) {
                publishSnapshot();
                emit shutdownFinished();
            }
        });
        m_connections.append(connection);
    }
    m_batchTimer->start();
    m_snapshotTimer->start();
    for (FeedConnection *c : std::as_const(m_connections))
        c->start();
    publishSnapshot();
}

void ConnectionManager::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    flushBatches();
    m_openAtShutdown = 0;
    for (FeedConnection *c : std::as_const(m_connections))
        m_openAtShutdown += c->isSocketOpen() ? 1 : 0;
    if (m_openAtShutdown == 0) {
        for (FeedConnection *c : std::as_const(m_connections))
            c->closeForShutdown();
        publishSnapshot();
        emit shutdownFinished();
        return;
    }
    for (FeedConnection *c : std::as_const(m_connections)) {
        if (c->isSocketOpen())
            c->closeForShutdown();
    }
    QTimer::singleShot(m_options.shutdownWaitMs, this, [this] {
        if (m_openAtShutdown > 0) {
            qCWarning(lcFeed) << m_openAtShutdown << "connection(s) did not answer the close frame in time";
            m_openAtShutdown = 0;
            publishSnapshot();
            emit shutdownFinished();
        }
    });
}

FeedConnection *ConnectionManager::connectionById(int id) const
{
    for (FeedConnection *c : m_connections) {
        if (c->index() == id)
            return c;
    }
    return nullptr;
}

void ConnectionManager::connectConnection(int id)
{
    for (FeedConnection *c : std::as_const(m_connections)) {
        if (id == 0 || c->index() == id)
            c->userConnect();
    }
}

void ConnectionManager::disconnectConnection(int id)
{
    for (FeedConnection *c : std::as_const(m_connections)) {
        if (id == 0 || c->index() == id)
            c->userDisconnect();
    }
}

void ConnectionManager::reconnectConnection(int id)
{
    for (FeedConnection *c : std::as_const(m_connections)) {
        if (id == 0 || c->index() == id)
            c->userReconnect();
    }
}

int ConnectionManager::leastLoaded() const
{
    const FeedConnection *best = nullptr;
    for (const FeedConnection *c : m_connections) {
        if (!c->isStreaming())
            continue;
        if (!best || c->tickerCount() < best->tickerCount())
            best = c;
    }
    if (!best) { // nothing streams: the least-loaded enabled slot
        for (const FeedConnection *c : m_connections) {
            if (c->phase() == ConnectionPhase::Disabled)
                continue;
            if (!best || c->tickerCount() < best->tickerCount())
                best = c;
        }
    }
    return best ? best->index() : 0;
}

void ConnectionManager::subscribeTickers(const QStringList &tickers, int connection)
{
    QHash<int, QStringList> perConnection;
    for (const QString &raw : tickers) {
        const QString t = raw.trimmed().toUpper();
        if (t.isEmpty() || m_route.contains(t))
            continue;
        const int target = connection > 0 ? connection : leastLoaded();
        if (!connectionById(target)) {
            qCWarning(lcFeed) << "no connection to take ticker" << t;
            continue;
        }
        m_route.insert(t, target);
        perConnection[target].append(t);
        if (const auto idx = m_index.find(t.toStdString()))
            m_states[*idx].routed = true;
    }
    for (auto it = perConnection.cbegin(); it != perConnection.cend(); ++it)
        connectionById(it.key())->addTickers(it.value());
    publishSoon();
}

void ConnectionManager::unsubscribeTickers(const QStringList &tickers)
{
    QHash<int, QStringList> perConnection;
    for (const QString &raw : tickers) {
        const QString t = raw.trimmed().toUpper();
        const auto it = m_route.constFind(t);
        if (it == m_route.cend())
            continue;
        const int owner = it.value();
        perConnection[owner].append(t);
        m_route.erase(it);
        m_tableChanged = true;
        TickUpdate gone;
        gone.symbol = t;
        gone.connection = owner;
        gone.removed = true;
        if (const auto idx = m_index.find(t.toStdString())) {
            gone.key = int(*idx);
            m_states[*idx].routed = false;
            m_states[*idx].update.tickCount = 0;
        }
        m_removed.append(gone);
    }
    for (auto it = perConnection.cbegin(); it != perConnection.cend(); ++it) {
        if (FeedConnection *c = connectionById(it.key()))
            c->removeTickers(it.value());
    }
    publishSoon();
}

std::size_t ConnectionManager::stateIndex(const std::string &symbol, int connection)
{
    if (const auto index = m_index.find(symbol))
        return *index;
    m_index.insert(symbol, std::uint32_t(m_states.size()));
    TickerState &s = m_states.emplace_back();
    s.update.symbol = QString::fromStdString(symbol);
    s.update.key = int(m_states.size() - 1);
    s.update.connection = connection;
    s.routed = m_route.contains(s.update.symbol) || m_route.isEmpty();
    return m_states.size() - 1;
}

namespace {

// How a table row takes a normalised event (massive/ticknormaliser.h): trades drive the price and
// its direction; a quote or bar only fills a row that has no price yet. The volume is the day's:
// trade sizes summed, raised to an aggregate's av when it carries one (its v is not added: it
// counts the same trades again).
void mergeIntoRow(TickUpdate &u, const massive::NormalisedTick &n)
{
    using N = massive::NormalisedTick;
    switch (n.kind) {
    case EventKind::Trade:
        if (n.has(N::Price)) {
            u.direction = directionOf(u.price, n.price);
            u.price = n.price;
        }
        u.volume += n.size;
        break;
    case EventKind::Quote:
        u.bid = n.bid;
        u.ask = n.ask;
        if (u.price <= 0 && n.has(N::Price))
            u.price = n.price;
        break;
    case EventKind::SecondAggregate:
    case EventKind::MinuteAggregate:
        if (u.price <= 0 && n.has(N::Price))
            u.price = n.price;
        if (n.has(N::DayVolume) && n.dayVolume > u.volume)
            u.volume = n.dayVolume;
        break;
    case EventKind::Luld:
    case EventKind::Imbalance:
    case EventKind::Status: break;
    }
    u.eventTimeMs = n.timestampMs; // never 0: the receive time when the event has none
}

} // namespace

void ConnectionManager::onFeedEvents(int connection, const massive::ParseResult &result, qint64 now)
{
    massive::NormalisedTick n;
    for (const massive::Event &event : result.events) {
        if (!massive::normaliseTick(event, now, n))
            continue; // status
        const EventKind kind = n.kind;
        const std::size_t index = stateIndex(massive::symbolOf(event), connection);
        TickerState &state = m_states[index];
        if (!state.routed)
            continue;
        TickUpdate &u = state.update;
        u.connection = connection;
        mergeIntoRow(u, n);
        u.lastEvent = kind;
        ++u.tickCount;
        u.receivedMs = now;
        if (!state.batchDirty) {
            state.batchDirty = true;
            m_batchDirty.push_back(index);
        }
        m_tableChanged = true;
    }
    for (TickConsumer *consumer : std::as_const(m_consumers))
        consumer->consume(connection, result, now);
}

void ConnectionManager::flushBatches()
{
    if (m_batchDirty.empty() && m_removed.isEmpty())
        return;
    TickBatch batch;
    batch.reserve(qsizetype(m_batchDirty.size()) + m_removed.size());
    for (std::size_t i : m_batchDirty) {
        m_states[i].batchDirty = false;
        if (m_states[i].update.tickCount > 0)
            batch.append(m_states[i].update);
    }
    m_batchDirty.clear();
    batch += m_removed;
    m_removed.clear();
    for (BatchMailbox *mailbox : std::as_const(m_mailboxes))
        mailbox->post(batch); // an inactive one (nobody drains it now) drops it at once
}

void ConnectionManager::onConnectionChanged(int connection)
{
    Q_UNUSED(connection);
    publishSoon();
}

void ConnectionManager::onConnectionLog(int connection, QtMsgType level, const QString &text)
{
    emit connectionLog(nowMs(), connection, int(level), text);
}

void ConnectionManager::publishSoon()
{
    if (m_publishQueued)
        return;
    m_publishQueued = true;
    QTimer::singleShot(0, this, &ConnectionManager::publishSnapshot);
}

void ConnectionManager::publishSnapshot()
{
    m_publishQueued = false;
    const qint64 now = nowMs();
    if (m_tableChanged) {
        // One flat copy (no hashing, no copy-on-write of a big hash): a few hundred µs for 10,000
        // tickers, where updating and detaching a QHash took milliseconds and stalled the feed.
        std::vector<TickUpdate> rows;
        rows.reserve(m_states.size());
        for (const TickerState &s : m_states) {
            if (s.update.tickCount > 0)
                rows.push_back(s.update);
        }
        m_table = std::make_shared<const status::TickerTable>(std::move(rows));
        m_tableChanged = false;
    }

    auto snapshot = std::make_shared<status::StatusSnapshot>();
    snapshot->timestampMs = now;
    snapshot->mode = m_options.mode;
    snapshot->simulated = m_options.simulated;
    snapshot->version = m_options.version;
    snapshot->apiKeySet = m_options.apiKeySet;
    snapshot->connections.reserve(m_connections.size());
    for (const FeedConnection *c : std::as_const(m_connections))
        snapshot->connections.append(c->snapshot(now));
    if (m_connections.isEmpty()) { // before start(): show the configured slots
        for (const ConnectionSettings &s : std::as_const(m_settings)) {
            status::ConnectionSnapshot c;
            c.id = s.index;
            c.name = s.name;
            c.enabled = s.enabled;
            c.tickers = s.tickers;
            c.channels = s.channels;
            snapshot->connections.append(c);
        }
    }
    snapshot->tickers = m_table;
    m_store->publish(std::move(snapshot));
}

} // namespace tickstock::feed
