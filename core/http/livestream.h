#pragma once
// The /admin-ws live stream (docs/http-api.md) on the HTTP thread: one RFC 6455 connection per
// subscriber, events encoded once and written to every subscriber.
//
//   status_update  one per connection on subscribe, then on every change of (status, phase,
//                  detail) between consecutive published snapshots (each one is seen, even when
//                  several are published before the HTTP thread gets to them)
//   metrics_update every metricsIntervalMs, from the latest snapshot
//   tick_update    from the stream mailbox: the latest state per ticker, flushed at most every
//                  tickIntervalMs, so at most 10 updates per ticker per second by default. The
//                  mailbox is switched on only while someone subscribes; a first subscriber
//                  gets ticks from the next batch on
//
// A subscriber that does not keep up never slows anyone else: with more than skipBacklogBytes
// unsent it misses metrics and ticks (status updates are still queued), and it is disconnected
// when the backlog passes dropBacklogBytes or stays over the skip mark for dropAfterMs.

#include "status/tickupdate.h"
#include "http/serveroptions.h"
#include "http/wsframe.h"
#include "status/statussnapshot.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QObject>

#include <deque>
#include <memory>

class QTcpSocket;
class QTimer;

namespace tickstock::feed {
class BatchMailbox;
}
namespace tickstock::status {
class SnapshotStore;
}

namespace tickstock::http {

struct HttpCounters;
class StreamClient;

class LiveStream final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveStream)
public:
    // Create on the HTTP thread. store and ticks may be null (then no events of that kind).
    LiveStream(StreamOptions options, status::SnapshotStore *store, feed::BatchMailbox *ticks, HttpCounters *counters,
               QObject *parent);
    ~LiveStream() override;

    // No room for another subscriber from this prefix (addressprefix.h), or none at all.
    bool isFull(const QHostAddress &prefix) const
    {
        return m_clients.size() >= m_options.maxClients || clientsFrom(prefix) >= m_options.maxClientsPerPrefix;
    }
    int clientCount() const { return int(m_clients.size()); }
    int clientsFrom(const QHostAddress &prefix) const { return int(m_prefixes.count(prefix)); }
    // Completes the handshake (101) on `socket` and subscribes it; `rest` are bytes that followed it.
    void addClient(QTcpSocket *socket, const HttpRequest &handshake, const QByteArray &rest);
    // Close frame 1001 to everyone, then drop them.
    void closeAll();

private:
    enum class Kind { Status, Metrics, Tick };
    struct StatusKey {
        status::ConnectionStatus status;
        status::ConnectionPhase phase;
        QString detail;
        bool operator==(const StatusKey &) const = default;
    };

    // Snapshots recorded on the publishing thread, in order; bounded (oldest dropped).
    struct SnapshotQueue {
        QMutex mutex;
        std::deque<status::SnapshotPtr> items;
    };
    static constexpr std::size_t kMaxQueuedSnapshots = 64;

    void onSnapshot();
    void noteStatus(const status::StatusSnapshot &snapshot, QByteArray *frames, int *count);
    void onTicksAvailable();
    void flushTicks();
    void sendTickSlice();
    void sendMetrics();
    void broadcast(const QByteArray &frames, int frameCount, Kind kind);
    void drop(StreamClient *client, const QString &why);
    void removeClient(StreamClient *client);
    qint64 now() const { return m_clock.elapsed(); }

    StreamOptions m_options;
    status::SnapshotStore *m_store;
    feed::BatchMailbox *m_ticks;
    HttpCounters *m_counters;
    QList<StreamClient *> m_clients;
    QMultiHash<QHostAddress, StreamClient *> m_prefixes; // each client under its address prefix
    QHash<int, StatusKey> m_lastStatus;
    status::SnapshotPtr m_lastSnapshot; // the last one change detection looked at
    std::shared_ptr<SnapshotQueue> m_queue;
    QMetaObject::Connection m_recorder;
    QTimer *m_metricsTimer;
    QTimer *m_tickTimer;
    QElapsedTimer m_clock;
    qint64 m_lastTickFlush = -1'000'000;
    status::TickBatch m_tickBatch; // the batch being sent, slice by slice
    qsizetype m_tickNext = 0;
    static constexpr qsizetype kTicksPerSlice = 64;
};

} // namespace tickstock::http
