#pragma once
// What a front end (dashboard, HTTP routes) may ask of the feed: thread-safe, fire-and-forget
// actions, queued to the feed thread. Callers never hold a connection object and never wait;
// results show in the next snapshot. FeedService is the implementation.

#include <QtCore/QStringList>

namespace tickstock::feed {

class FeedControl {
public:
    virtual ~FeedControl() = default;
    // false: actions would go nowhere (the feed thread is not running)
    virtual bool isRunning() const = 0;
    // id 0 = every connection
    virtual void connectConnection(int id) = 0;
    virtual void disconnectConnection(int id) = 0;
    virtual void reconnectConnection(int id) = 0;
    // connection 0 = the least-loaded streaming connection
    virtual void subscribeTickers(const QStringList &tickers, int connection) = 0;
    virtual void unsubscribeTickers(const QStringList &tickers) = 0;
};

} // namespace tickstock::feed
