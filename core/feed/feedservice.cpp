#include "feed/feedservice.h"

#include "feed/batchmailbox.h"
#include "status/snapshotstore.h"

#include <QtCore/QSemaphore>
#include <QtCore/QThread>

#include <memory>

namespace tickstock::feed {

using status::TickBatch;

FeedService::FeedService(QList<ConnectionSettings> connectionSlots, ManagerOptions options, QObject *parent)
    : QObject(parent)
    , m_store(new status::SnapshotStore(this))
    , m_manager(new ConnectionManager(std::move(connectionSlots), std::move(options), m_store))
    , m_thread(new QThread(this))
{
    qRegisterMetaType<TickBatch>();
    qRegisterMetaType<status::SnapshotPtr>();
    m_thread->setObjectName(QStringLiteral("feed"));
    connect(m_manager, &ConnectionManager::connectionLog, this, &FeedService::connectionLog);
}

FeedService::~FeedService()
{
    stop();
    if (!m_started)
        delete m_manager;
}

BatchMailbox *FeedService::createMailbox()
{
    auto *mailbox = new BatchMailbox(this);
    m_manager->addMailbox(mailbox);
    return mailbox;
}

void FeedService::addTickConsumer(TickConsumer *consumer) { m_manager->addTickConsumer(consumer); }

void FeedService::start()
{
    if (m_started)
        return;
    m_started = true;
    m_manager->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_manager, &QObject::deleteLater);
    m_thread->start();
    QMetaObject::invokeMethod(m_manager, &ConnectionManager::start, Qt::QueuedConnection);
}

bool FeedService::isRunning() const { return m_started && m_thread->isRunning(); }

bool FeedService::stop(int timeoutMs)
{
    if (!m_started || !m_thread->isRunning())
        return true;
    auto done = std::make_shared<QSemaphore>();
    const auto connection = connect(m_manager, &ConnectionManager::shutdownFinished, m_manager,
                                    [done] { done->release(); }, Qt::DirectConnection);
    QMetaObject::invokeMethod(m_manager, &ConnectionManager::shutdown, Qt::QueuedConnection);
    const bool polite = done->tryAcquire(1, timeoutMs);
    disconnect(connection);
    m_thread->quit();
    m_thread->wait();
    return polite;
}

void FeedService::connectConnection(int id)
{
    QMetaObject::invokeMethod(m_manager, [m = m_manager, id] { m->connectConnection(id); }, Qt::QueuedConnection);
}

void FeedService::disconnectConnection(int id)
{
    QMetaObject::invokeMethod(m_manager, [m = m_manager, id] { m->disconnectConnection(id); }, Qt::QueuedConnection);
}

void FeedService::reconnectConnection(int id)
{
    QMetaObject::invokeMethod(m_manager, [m = m_manager, id] { m->reconnectConnection(id); }, Qt::QueuedConnection);
}

void FeedService::subscribeTickers(const QStringList &tickers, int connection)
{
    QMetaObject::invokeMethod(
        m_manager, [m = m_manager, tickers, connection] { m->subscribeTickers(tickers, connection); },
        Qt::QueuedConnection);
}

void FeedService::unsubscribeTickers(const QStringList &tickers)
{
    QMetaObject::invokeMethod(m_manager, [m = m_manager, tickers] { m->unsubscribeTickers(tickers); },
                              Qt::QueuedConnection);
}

} // namespace tickstock::feed
