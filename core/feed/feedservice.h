#pragma once
// Owns the feed thread and its ConnectionManager; the thread-safe front door for the apps.

#include "feed/connectionmanager.h"

#include <QtCore/QObject>

class QThread;

namespace tickstock::status {
class SnapshotStore;
}

namespace tickstock::feed {

class BatchMailbox;

class FeedService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedService)
public:
    FeedService(QList<ConnectionSettings> connectionSlots, ManagerOptions options, QObject *parent = nullptr);
    ~FeedService() override; // stop()

    status::SnapshotStore *snapshots() const { return m_store; }
    BatchMailbox *createMailbox();                 // before start(); owned by the service
    void addTickConsumer(TickConsumer *consumer);  // before start(); called on the feed thread

    void start();
    bool stop(int timeoutMs = 3000); // polite closes, then joins the thread; false if it timed out
    bool isRunning() const;

    // Thread-safe controls (queued to the feed thread). id 0 = every connection.
    void connectConnection(int id);
    void disconnectConnection(int id);
    void reconnectConnection(int id);
    void subscribeTickers(const QStringList &tickers, int connection = 0);
    void unsubscribeTickers(const QStringList &tickers);

signals:
    void connectionLog(qint64 timeMs, int connection, int level, const QString &text);

private:
    status::SnapshotStore *m_store;
    ConnectionManager *m_manager; // lives on m_thread once started
    QThread *m_thread;
    bool m_started = false;
};

} // namespace tickstock::feed
