#pragma once
// Owns the feed thread and its ConnectionManager; the thread-safe front door for the apps, and
// the one FeedControl the dashboard and the HTTP routes act through.

#include "feed/connectionmanager.h"
#include "feed/feedcontrol.h"

#include <QtCore/QObject>

class QThread;

namespace tickstock::status {
class SnapshotStore;
}

namespace tickstock::feed {

class BatchMailbox;

class FeedService final : public QObject, public FeedControl {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedService)
public:
    FeedService(QList<ConnectionSettings> connectionSlots, ManagerOptions options, QObject *parent = nullptr);
    ~FeedService() override; // stop()

    status::SnapshotStore *snapshots() const { return m_store; }
    // Before start(); owned by the service. Create one only for a consumer that drains it; one
    // that drains only at times can switch it off meanwhile (BatchMailbox::setActive()).
    BatchMailbox *createMailbox();
    void addTickConsumer(TickConsumer *consumer);  // before start(); called on the feed thread

    void start();
    bool stop(int timeoutMs = 3000); // polite closes, then joins the thread; false if it timed out

    // FeedControl: thread-safe, queued to the feed thread. id 0 = every connection.
    bool isRunning() const override;
    void connectConnection(int id) override;
    void disconnectConnection(int id) override;
    void reconnectConnection(int id) override;
    void subscribeTickers(const QStringList &tickers, int connection = 0) override;
    void unsubscribeTickers(const QStringList &tickers) override;

signals:
    void connectionLog(qint64 timeMs, int connection, int level, const QString &text);

private:
    status::SnapshotStore *m_store;
    ConnectionManager *m_manager; // lives on m_thread once started
    QThread *m_thread;
    bool m_started = false;
};

} // namespace tickstock::feed
