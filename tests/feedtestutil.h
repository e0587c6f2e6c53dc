#pragma once
// Helpers for the feed integration tests: a real simulator on loopback and a FeedService whose
// published snapshots are all recorded, so tests can assert on phases that pass quickly.

#include "feed/batchmailbox.h"
#include "feed/feedservice.h"
#include "sim/feedsimulator.h"
#include "sim/simulatorthread.h"
#include "status/snapshotstore.h"

#include <QtTest/QTest>

#include <memory>

namespace feedtest {

using namespace tickstock;

inline sim::SimConfig simConfig()
{
    sim::SimConfig c;
    c.seed = 7;
    c.tradesPerSecond = 5;
    c.quotesPerSecond = 10;
    return c;
}

inline std::unique_ptr<sim::FeedSimulator> startSim(const sim::SimConfig &config)
{
    auto s = std::make_unique<sim::FeedSimulator>(config);
    QString error;
    if (!s->listen(&error))
        qFatal("simulator: %s", qPrintable(error));
    return s;
}

// The simulator on its own thread: it keeps serving (and answers close frames) while the test
// thread blocks in FeedService::stop() or in a deliberately slow consumer.
inline std::unique_ptr<sim::SimulatorThread> startSimThread(const sim::SimConfig &config)
{
    auto s = std::make_unique<sim::SimulatorThread>();
    QString error;
    if (!s->start(config, &error))
        qFatal("simulator: %s", qPrintable(error));
    return s;
}

inline feed::ConnectionSettings slot(int index, const QString &name, const QUrl &url, const QStringList &tickers,
                                     const QString &key = QStringLiteral("demo"))
{
    feed::ConnectionSettings s;
    s.index = index;
    s.name = name;
    s.enabled = true;
    s.url = url;
    s.apiKey = key;
    s.tickers = tickers;
    s.tickerSource = QStringLiteral("symbols");
    return s;
}

// A running FeedService plus every snapshot it published, in order.
class Monitor final : public QObject {
public:
    explicit Monitor(QList<feed::ConnectionSettings> connectionSlots, const QString &mode = QStringLiteral("multi"))
    {
        feed::ManagerOptions options;
        options.mode = mode;
        options.version = QStringLiteral("test");
        service = std::make_unique<feed::FeedService>(std::move(connectionSlots), options);
        mailbox = service->createMailbox();
        connect(service->snapshots(), &status::SnapshotStore::published, this,
                [this] { history.append(service->snapshots()->latest()); }, Qt::QueuedConnection);
        connect(mailbox, &feed::BatchMailbox::available, this, [this] {
            const status::TickBatch batch = mailbox->take();
            ++batches;
            for (const status::TickUpdate &u : batch)
                latestTicks.insert(u.symbol, u);
        }, Qt::QueuedConnection);
        service->start();
    }
    ~Monitor() override { service->stop(); }

    status::SnapshotPtr latest() const { return service->snapshots()->latest(); }
    const status::ConnectionSnapshot *conn(int id) const
    {
        m_hold = latest();
        for (const auto &c : m_hold->connections) {
            if (c.id == id)
                return &c;
        }
        return nullptr;
    }
    status::ConnectionPhase phase(int id) const
    {
        const auto *c = conn(id);
        return c ? c->phase : status::ConnectionPhase::Disabled;
    }
    qint64 messages(int id) const
    {
        const auto *c = conn(id);
        return c ? c->messageCount : 0;
    }
    bool sawPhase(int id, status::ConnectionPhase p) const
    {
        for (const auto &s : history) {
            for (const auto &c : s->connections) {
                if (c.id == id && c.phase == p)
                    return true;
            }
        }
        return false;
    }
    const status::ConnectionSnapshot *firstWithPhase(int id, status::ConnectionPhase p, status::SnapshotPtr *holder) const
    {
        for (const auto &s : history) {
            for (const auto &c : s->connections) {
                if (c.id == id && c.phase == p) {
                    *holder = s;
                    return &c;
                }
            }
        }
        return nullptr;
    }

    std::unique_ptr<feed::FeedService> service;
    feed::BatchMailbox *mailbox = nullptr;
    QList<status::SnapshotPtr> history;
    QHash<QString, status::TickUpdate> latestTicks;
    int batches = 0;

private:
    mutable status::SnapshotPtr m_hold;
};

// Every event the simulator delivered for these tickers (T, Q, A, AM).
template<typename Simulator>
qint64 simEvents(const Simulator &s, const QStringList &tickers)
{
    const sim::SimCounters c = s.counters();
    qint64 n = 0;
    for (const QString &t : tickers) {
        const std::string symbol = t.toStdString();
        for (auto type : {sim::EventType::Trade, sim::EventType::Quote, sim::EventType::SecondAggregate,
                          sim::EventType::MinuteAggregate})
            n += c.tickerCount(symbol, type);
    }
    return n;
}

} // namespace feedtest
