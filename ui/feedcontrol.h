#pragma once
// What the dashboard may ask of the feed: thread-safe, fire-and-forget actions. The UI never holds
// a connection object and never waits for the feed thread; results come back in the next snapshot.

#include <QtCore/QStringList>

namespace tickstock::feed {
class FeedService;
}

namespace tickstock::ui {

class FeedControl {
public:
    virtual ~FeedControl() = default;
    // id 0 = every connection
    virtual void connectConnection(int id) = 0;
    virtual void disconnectConnection(int id) = 0;
    virtual void reconnectConnection(int id) = 0;
    // connection 0 = the least-loaded streaming connection
    virtual void subscribeTickers(const QStringList &tickers, int connection) = 0;
    virtual void unsubscribeTickers(const QStringList &tickers) = 0;
};

// The real thing: forwards to FeedService, whose controls queue to the feed thread.
class FeedServiceControl final : public FeedControl {
public:
    explicit FeedServiceControl(feed::FeedService *service);
    void connectConnection(int id) override;
    void disconnectConnection(int id) override;
    void reconnectConnection(int id) override;
    void subscribeTickers(const QStringList &tickers, int connection) override;
    void unsubscribeTickers(const QStringList &tickers) override;

private:
    feed::FeedService *m_service;
};

} // namespace tickstock::ui
