#include "http/livestream.h"

#include "http/addressprefix.h"

#include "feed/batchmailbox.h"
#include "http/httpcounters.h"
#include "http/streamclient.h"
#include "http/streamevents.h"
#include "status/snapshotstore.h"
#include "util/logging.h"

#include <QtCore/QDateTime>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

namespace tickstock::http {

LiveStream::LiveStream(StreamOptions options, status::SnapshotStore *store, feed::BatchMailbox *ticks,
                       HttpCounters *counters, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_store(store)
    , m_ticks(ticks)
    , m_counters(counters)
    , m_metricsTimer(new QTimer(this))
    , m_tickTimer(new QTimer(this))
{
    m_clock.start();
    m_metricsTimer->setInterval(m_options.metricsIntervalMs);
    connect(m_metricsTimer, &QTimer::timeout, this, &LiveStream::sendMetrics);
    m_tickTimer->setSingleShot(true);
    connect(m_tickTimer, &QTimer::timeout, this, &LiveStream::flushTicks);
    if (m_store) {
        // Every published snapshot is recorded on the publishing thread (cheap: a lock and a
        // pointer copy) so that short-lived states are not lost when several snapshots arrive
        // before the HTTP thread looks. The recorder touches only the shared queue, never `this`.
        m_queue = std::make_shared<SnapshotQueue>();
        m_recorder = connect(
            m_store, &status::SnapshotStore::published, m_store,
            [queue = m_queue, store = m_store] {
                status::SnapshotPtr s = store->latest();
                QMutexLocker lock(&queue->mutex);
                queue->items.push_back(std::move(s));
                if (queue->items.size() > kMaxQueuedSnapshots)
                    queue->items.pop_front();
            },
            Qt::DirectConnection);
        connect(m_store, &status::SnapshotStore::published, this, &LiveStream::onSnapshot, Qt::QueuedConnection);
        onSnapshot(); // the baseline for change detection
    }
    if (m_ticks)
        connect(m_ticks, &feed::BatchMailbox::available, this, &LiveStream::onTicksAvailable, Qt::QueuedConnection);
}

LiveStream::~LiveStream() { QObject::disconnect(m_recorder); }

void LiveStream::addClient(QTcpSocket *socket, const HttpRequest &handshake, const QByteArray &rest)
{
    if (m_options.sendBufferBytes > 0)
        socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, m_options.sendBufferBytes);
    socket->write(ws::handshakeResponse(handshake));
    auto *client = new StreamClient(socket, m_options.maxIncomingFrameBytes, this);
    connect(client, &StreamClient::gone, this, &LiveStream::removeClient);

    // Bring everyone up to date first, so that the newcomer's full picture and the others'
    // change notifications come from the same snapshot (no duplicates, no gaps).
    onSnapshot();
    m_clients.append(client);
    m_prefixes.insert(addressPrefix(handshake.peer), client);
    if (m_ticks && m_clients.size() == 1)
        m_ticks->setActive(true); // ticks from the next batch on
    m_counters->streamClients.store(m_clients.size(), std::memory_order_relaxed);
    m_counters->streamClientsTotal.fetch_add(1, std::memory_order_relaxed);

    if (m_lastSnapshot) {
        const status::SnapshotPtr s = m_lastSnapshot; // the one the others' updates are relative to
        QByteArray frames;
        int n = 0;
        for (const status::ConnectionSnapshot &c : s->connections) {
            frames += ws::encodeFrame(ws::Text, streamEvent(QStringLiteral("status_update"), statusUpdateData(c, s->timestampMs)));
            ++n;
        }
        client->write(frames);
        m_counters->streamFramesSent.fetch_add(n, std::memory_order_relaxed);
    }
    client->start(rest);
    if (!m_metricsTimer->isActive())
        m_metricsTimer->start();
}

void LiveStream::closeAll()
{
    const QList<StreamClient *> clients = m_clients;
    for (StreamClient *c : clients) {
        c->close(ws::CloseGoingAway, QByteArrayLiteral("server shutting down"));
        c->abort();
    }
    m_clients.clear();
    m_prefixes.clear();
    m_counters->streamClients.store(0, std::memory_order_relaxed);
    m_metricsTimer->stop();
    if (m_ticks)
        m_ticks->setActive(false);
}

void LiveStream::removeClient(StreamClient *client)
{
    if (m_clients.removeOne(client))
        m_counters->streamClients.store(m_clients.size(), std::memory_order_relaxed);
    for (auto it = m_prefixes.begin(); it != m_prefixes.end(); ++it) {
        if (it.value() == client) {
            m_prefixes.erase(it);
            break;
        }
    }
    if (m_clients.isEmpty()) {
        m_metricsTimer->stop();
        if (m_ticks)
            m_ticks->setActive(false);
    }
}

void LiveStream::onSnapshot()
{
    if (!m_store)
        return;
    std::deque<status::SnapshotPtr> pending;
    {
        QMutexLocker lock(&m_queue->mutex);
        pending.swap(m_queue->items);
    }
    if (pending.empty())
        pending.push_back(m_store->latest());
    QByteArray frames;
    int n = 0;
    for (const status::SnapshotPtr &s : pending)
        noteStatus(*s, &frames, &n);
    m_lastSnapshot = pending.back();
    if (n > 0)
        broadcast(frames, n, Kind::Status);
}

void LiveStream::noteStatus(const status::StatusSnapshot &s, QByteArray *frames, int *count)
{
    for (const status::ConnectionSnapshot &c : s.connections) {
        const StatusKey key{c.status, c.phase, c.detail};
        const auto it = m_lastStatus.find(c.id);
        if (it != m_lastStatus.end() && it.value() == key)
            continue;
        m_lastStatus.insert(c.id, key);
        if (!m_clients.isEmpty()) {
            *frames += ws::encodeFrame(ws::Text, streamEvent(QStringLiteral("status_update"), statusUpdateData(c, s.timestampMs)));
            ++*count;
        }
    }
}

void LiveStream::sendMetrics()
{
    if (!m_store || m_clients.isEmpty())
        return;
    const status::SnapshotPtr s = m_store->latest();
    broadcast(ws::encodeFrame(ws::Text, streamEvent(QStringLiteral("metrics_update"),
                                                    metricsUpdateData(*s, QDateTime::currentMSecsSinceEpoch()))),
              1, Kind::Metrics);
}

void LiveStream::onTicksAvailable()
{
    // The mailbox is active only while someone subscribes (a subscriber starts from the next
    // batch). A batch still being sent schedules the next one when it is done.
    if (m_clients.isEmpty() || m_tickTimer->isActive() || m_tickNext < m_tickBatch.size())
        return;
    const qint64 wait = m_lastTickFlush + m_options.tickIntervalMs - now();
    m_tickTimer->start(int(qMax<qint64>(0, wait)));
}

void LiveStream::flushTicks()
{
    if (!m_ticks || m_clients.isEmpty())
        return;
    m_lastTickFlush = now();
    m_tickBatch = m_ticks->take();
    m_tickNext = 0;
    sendTickSlice();
}

void LiveStream::sendTickSlice()
{
    // A batch holds one update per ticker (thousands with a large universe). Encode and send it in
    // slices, returning to the event loop in between, so HTTP requests are never held up long.
    const qsizetype end = qMin(m_tickBatch.size(), m_tickNext + kTicksPerSlice);
    QByteArray frames;
    int n = 0;
    for (; m_tickNext < end; ++m_tickNext) {
        const status::TickUpdate &t = m_tickBatch.at(m_tickNext);
        if (t.removed)
            continue;
        frames += ws::encodeFrame(ws::Text, tickUpdateEvent(t));
        ++n;
    }
    if (n > 0 && !m_clients.isEmpty())
        broadcast(frames, n, Kind::Tick);
    if (m_tickNext < m_tickBatch.size()) {
        QTimer::singleShot(0, this, &LiveStream::sendTickSlice);
        return;
    }
    m_tickBatch.clear();
    m_tickNext = 0;
    if (m_ticks->pendingCount() > 0)
        onTicksAvailable();
}

void LiveStream::broadcast(const QByteArray &frames, int frameCount, Kind kind)
{
    const qint64 t = now();
    QList<std::pair<StreamClient *, QString>> drops;
    for (StreamClient *c : std::as_const(m_clients)) {
        if (!c->isOpen())
            continue;
        const qint64 backlog = c->backlog();
        if (backlog > m_options.dropBacklogBytes) {
            drops.append({c, QStringLiteral("%1 bytes unsent").arg(backlog)});
            continue;
        }
        if (backlog > m_options.skipBacklogBytes) {
            if (c->overSinceMs < 0)
                c->overSinceMs = t;
            if (t - c->overSinceMs > m_options.dropAfterMs) {
                drops.append({c, QStringLiteral("behind for %1 s (%2 bytes unsent)")
                                      .arg(QString::number((t - c->overSinceMs) / 1000.0, 'f', 1))
                                      .arg(backlog)});
                continue;
            }
            if (kind != Kind::Status) {
                c->framesSkipped += frameCount;
                m_counters->streamFramesSkipped.fetch_add(frameCount, std::memory_order_relaxed);
                continue;
            }
        } else {
            c->overSinceMs = -1;
        }
        c->write(frames);
        m_counters->streamFramesSent.fetch_add(frameCount, std::memory_order_relaxed);
    }
    for (const auto &[client, why] : std::as_const(drops))
        drop(client, why);
}

void LiveStream::drop(StreamClient *client, const QString &why)
{
    qCWarning(lcHttp).noquote() << QStringLiteral("dropping slow live-stream subscriber %1: %2 (%3 frames skipped)")
                                       .arg(client->peer(), why)
                                       .arg(client->framesSkipped);
    m_counters->streamClientsDropped.fetch_add(1, std::memory_order_relaxed);
    removeClient(client);
    client->abort(); // a close frame could not get through a full buffer anyway
}

} // namespace tickstock::http
