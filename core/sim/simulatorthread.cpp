#include "sim/simulatorthread.h"

#include "sim/feedsimulator.h"

#include <QtCore/QMetaObject>
#include <QtCore/QThread>

namespace tickstock::sim {

SimulatorThread::SimulatorThread() = default;

SimulatorThread::~SimulatorThread() { stop(); }

bool SimulatorThread::start(const SimConfig &config, QString *error)
{
    QMutexLocker locker(&m_mutex);
    if (m_thread) {
        if (error)
            *error = QStringLiteral("the simulator is already running");
        return false;
    }
    auto thread = std::make_unique<QThread>();
    thread->setObjectName(QStringLiteral("tickstock-sim"));
    auto *simulator = new FeedSimulator(config); // no parent: moved, then freed when the thread ends
    simulator->moveToThread(thread.get());
    QObject::connect(thread.get(), &QThread::finished, simulator, &QObject::deleteLater);
    thread->start();

    bool listening = false;
    QString listenError;
    QUrl url;
    quint64 seed = 0;
    QMetaObject::invokeMethod(
        simulator,
        [&] {
            listening = simulator->listen(&listenError);
            url = simulator->url();
            seed = simulator->seed();
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        thread->quit();
        thread->wait();
        if (error)
            *error = listenError;
        return false;
    }
    m_thread = std::move(thread);
    m_simulator = simulator;
    m_url = url;
    m_seed = seed;
    m_final = SimCounters{};
    return true;
}

void SimulatorThread::stop()
{
    QMutexLocker locker(&m_mutex);
    if (!m_thread)
        return;
    FeedSimulator *simulator = m_simulator;
    SimCounters final;
    QMetaObject::invokeMethod(
        simulator,
        [&] {
            simulator->shutdown();
            final = simulator->counters();
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_simulator = nullptr;
    m_url.clear();
    m_final = std::move(final);
}

bool SimulatorThread::isRunning() const
{
    QMutexLocker locker(&m_mutex);
    return m_thread != nullptr;
}

QUrl SimulatorThread::url() const
{
    QMutexLocker locker(&m_mutex);
    return m_url;
}

quint16 SimulatorThread::port() const
{
    QMutexLocker locker(&m_mutex);
    return m_url.isEmpty() ? 0 : static_cast<quint16>(m_url.port());
}

quint64 SimulatorThread::seed() const
{
    QMutexLocker locker(&m_mutex);
    return m_seed;
}

SimCounters SimulatorThread::counters() const
{
    QMutexLocker locker(&m_mutex);
    if (!m_simulator)
        return m_final;
    if (QThread::currentThread() == m_thread.get())
        return m_simulator->counters();
    SimCounters counters;
    FeedSimulator *simulator = m_simulator;
    QMetaObject::invokeMethod(simulator, [&] { counters = simulator->counters(); }, Qt::BlockingQueuedConnection);
    return counters;
}

void SimulatorThread::setPaused(bool paused)
{
    QMutexLocker locker(&m_mutex);
    if (!m_simulator)
        return;
    FeedSimulator *simulator = m_simulator;
    QMetaObject::invokeMethod(simulator, [simulator, paused] { simulator->setPaused(paused); },
                              Qt::BlockingQueuedConnection);
}

} // namespace tickstock::sim
