#pragma once
// Owns every feed connection on the feed thread: ticker routing, per-ticker state, coalesced
// batches for the UI and live stream, and the status snapshot (docs/architecture.md).
// All slots run on the feed thread; call them with queued QMetaObject::invokeMethod.

#include "feed/feedconnection.h"
#include "feed/symbolindex.h"
#include "status/statussnapshot.h"

#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QObject>

#include <string>
#include <unordered_map>
#include <vector>

class QTimer;

namespace tickstock::status {
class SnapshotStore;
}

namespace tickstock::feed {

class BatchMailbox;
class TickConsumer;

struct ManagerOptions {
    QString mode = QStringLiteral("multi");
    bool simulated = false;
    QString version;
    bool apiKeySet = false;
    int batchIntervalMs = 100;     // UI / live-stream batches: at most 10 Hz
    int snapshotIntervalMs = 250;  // ~4 Hz, plus every state change
    int shutdownWaitMs = 2000;     // polite close frames
};

class ConnectionManager final : public QObject, public EventSink {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionManager)
public:
    ConnectionManager(QList<ConnectionSettings> connectionSlots, ManagerOptions options, status::SnapshotStore *store,
                      QObject *parent = nullptr);
    ~ConnectionManager() override;

    // Before start():
    void addMailbox(BatchMailbox *mailbox);
    void addTickConsumer(TickConsumer *consumer);

public slots:
    void start();
    void shutdown(); // polite close of every socket; emits shutdownFinished()
    void connectConnection(int id);    // 0 = all
    void disconnectConnection(int id); // 0 = all
    void reconnectConnection(int id);  // 0 = all
    void subscribeTickers(const QStringList &tickers, int connection); // 0 = least-loaded streaming
    void unsubscribeTickers(const QStringList &tickers);
    void publishSnapshot();

signals:
    void shutdownFinished();
    void connectionLog(qint64 timeMs, int connection, int level, const QString &text);

public: // EventSink, feed thread only
    void onFeedEvents(int connection, const massive::ParseResult &result, qint64 nowMs) override;
    void onConnectionChanged(int connection) override;
    void onConnectionLog(int connection, QtMsgType level, const QString &text) override;

private:
    struct TickerState {
        status::TickUpdate update;
        bool batchDirty = false;
        bool routed = true; // false after unsubscribe: late events still count, but show nowhere
    };

    FeedConnection *connectionById(int id) const;
    std::size_t stateIndex(const std::string &symbol, int connection);
    void flushBatches();
    void publishSoon();
    int leastLoaded() const;

    QList<ConnectionSettings> m_settings;
    ManagerOptions m_options;
    status::SnapshotStore *m_store;
    QList<BatchMailbox *> m_mailboxes;
    QList<TickConsumer *> m_consumers;
    QList<FeedConnection *> m_connections; // children, created on the feed thread
    QTimer *m_batchTimer = nullptr;
    QTimer *m_snapshotTimer = nullptr;
    bool m_publishQueued = false;
    bool m_shuttingDown = false;
    int m_openAtShutdown = 0;

    QHash<QString, int> m_route; // ticker → connection id
    SymbolIndex m_index; // symbol → index into m_states
    std::vector<TickerState> m_states;
    std::vector<std::size_t> m_batchDirty;
    status::TickBatch m_removed;
    // Published with each snapshot: rebuilt (one flat copy) only when a ticker changed.
    std::shared_ptr<const status::TickerTable> m_table = std::make_shared<const status::TickerTable>();
    bool m_tableChanged = false;
};

} // namespace tickstock::feed
