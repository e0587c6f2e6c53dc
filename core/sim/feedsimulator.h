#pragma once
// A Massive-compatible stocks WebSocket server (docs/protocol.md): handshake and
// auth statuses, per-parameter acks, batched mixed data frames, A/AM bars, connection limits and
// fault injection, and a firehose benchmark mode. Lives in one thread (see SimulatorThread to run
// it on its own); every call must come from that thread.
//
// Close codes used: auth_failed (close mode), auth_timeout, max_connections and slow_consumer
// close with 1008; force_disconnect and shutdown() close with 1001.

#include "sim/simconfig.h"
#include "sim/simcounters.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QUrl>

#include <array>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

class QTimer;

namespace tickstock::sim {

class MarketModel;
class WsConnection;
class WsServer;

class FeedSimulator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedSimulator)
public:
    explicit FeedSimulator(const SimConfig &config, QObject *parent = nullptr);
    ~FeedSimulator() override;

    // Starts listening on config().host:config().port. False (and *error) when the port is taken.
    bool listen(QString *error = nullptr);
    // Stops listening and generating, and closes every connection (1001).
    void shutdown();

    bool isListening() const;
    quint16 port() const;
    QUrl url() const; // ws://127.0.0.1:PORT/stocks (the listen address when it is not "any")
    const SimConfig &config() const { return m_config; }
    quint64 seed() const { return m_seed; } // the effective seed (config().seed or the random pick)
    int connectionCount() const;            // open WebSocket connections
    SimCounters counters() const;
    // Tests: stop generating data (acks, pings and flushing of what is pending go on), so a client
    // can catch up and its counts be compared with counters() exactly.
    void setPaused(bool paused) { m_paused = paused; }
    bool isPaused() const { return m_paused; }

signals:
    void connectionOpened(quint64 connectionId);
    void connectionClosed(quint64 connectionId);
    void authenticated(quint64 connectionId, const QString &key);

private:
    struct Session;
    struct FirehoseTicker;
    struct FirehoseFrame;

    void onNewConnection(WsConnection *connection);
    void onTextMessage(quint64 id, const QByteArray &message);
    void onDisconnected(quint64 id);
    void onTick();
    void onFirehoseTick();

    Session *session(quint64 id) const;
    void handleAuth(Session &s, const QString &key);
    void handleSubscription(Session &s, const QString &params, bool subscribe);
    void subscribeParam(Session &s, int channel, const std::string &symbol);
    void unsubscribeParam(Session &s, int channel, const std::string &symbol);
    void detachAll(Session &s);      // drops every subscription of s from the routing tables
    void refreshActiveTickers();
    unsigned wantedMask(int ticker) const;

    void sendStatuses(Session &s, const std::vector<std::string> &events); // batched, < maxFrameBytes
    void sendStatus(Session &s, std::string_view status, std::string_view message);
    void deliver(int ticker, EventType type, const std::string &json);
    void appendEvent(Session &s, int ticker, EventType type, const std::string &json);
    void flushData(Session &s);
    bool sendFrame(Session &s, std::string_view payload, bool binary);
    void sendMalformed(Session &s, MalformedKind kind);
    void commitPending(Session &s);
    bool checkSlowConsumer(Session &s);

    void stopData(Session &s);       // no more data: detach, drop pending, mark ending
    void endSession(Session &s, quint16 closeCode, bool abort); // stopData, then close or abort
    void scheduleEnd(quint64 id, int delayMs, quint16 closeCode, bool abort);
    void evict(Session &victim);
    bool entitled(const QString &key, const std::string &channel) const;
    qint64 clockOffsetMs() const; // --time-offset-ms, and the delayed host's 15 minutes
    qint64 nowMs() const;
    qint64 sendClockMicros() const; // wall clock in µs (with the configured offset)

    void rebuildFirehose(Session &s);
    int firehoseTicker(const std::string &symbol);
    void sendFirehoseFrame(Session &s, FirehoseFrame &frame, qint64 now);
    void purgeClosedSessions();

    SimConfig m_config;
    quint64 m_seed = 0;
    WsServer *m_server = nullptr;
    QTimer *m_tickTimer = nullptr;
    QTimer *m_firehoseTimer = nullptr;
    std::unique_ptr<MarketModel> m_market;
    std::mt19937_64 m_rng; // faults; the market has its own per-ticker generators
    std::map<quint64, std::unique_ptr<Session>> m_sessions; // by connection id (= arrival order)
    std::vector<std::unique_ptr<Session>> m_closedSessions;  // freed on the next event-loop pass
    // Routing: explicit subscribers per ticker and data channel, plus wildcard holders.
    std::vector<std::array<std::vector<Session *>, kDataChannelCount>> m_subscribers;
    std::array<std::vector<Session *>, kDataChannelCount> m_wildcard;
    std::vector<int> m_activeTickers;
    std::vector<std::array<qint64, kDataChannelCount>> m_tickerCounts; // deliveries per market ticker
    bool m_activeDirty = false;
    qint64 m_authOrder = 0;
    int m_malformedCycle = 0;
    SimCounters m_counters; // totals; per-ticker maps are assembled in counters()
    // Firehose.
    std::vector<FirehoseTicker> m_firehoseTickers;
    std::unordered_map<std::string, int> m_firehoseIndex;
    QElapsedTimer m_clock;
    bool m_paused = false;
};

} // namespace tickstock::sim
