#pragma once
// Runs a FeedSimulator on its own named QThread, for in-process embedding (demo mode, tests,
// benchmarks). start() and stop() belong to the owning thread; counters() and url() may be called
// from any thread.

#include "sim/simconfig.h"
#include "sim/simcounters.h"

#include <QtCore/QMutex>
#include <QtCore/QUrl>

#include <memory>

class QThread;

namespace tickstock::sim {

class FeedSimulator;

class SimulatorThread final {
    Q_DISABLE_COPY_MOVE(SimulatorThread)
public:
    SimulatorThread();
    ~SimulatorThread(); // stop()

    // Starts the thread and blocks until the simulator listens. False (and *error) on failure.
    bool start(const SimConfig &config, QString *error = nullptr);
    // Closes every connection (1001), stops the thread and keeps the final counters.
    void stop();
    bool isRunning() const;

    QUrl url() const;      // ws://127.0.0.1:PORT/stocks, empty when not running
    quint16 port() const;
    quint64 seed() const;  // the effective seed of the last start
    // A consistent snapshot, taken in the simulator's thread (blocks briefly); after stop(),
    // the final values.
    SimCounters counters() const;
    void setPaused(bool paused); // FeedSimulator::setPaused, on the simulator's thread

private:
    mutable QMutex m_mutex;
    std::unique_ptr<QThread> m_thread;
    FeedSimulator *m_simulator = nullptr; // lives in m_thread, deleted when it finishes
    QUrl m_url;
    quint64 m_seed = 0;
    SimCounters m_final;
};

} // namespace tickstock::sim
