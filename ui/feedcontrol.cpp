#include "ui/feedcontrol.h"

#include "feed/feedservice.h"

namespace tickstock::ui {

FeedServiceControl::FeedServiceControl(feed::FeedService *service)
    : m_service(service)
{
}

void FeedServiceControl::connectConnection(int id) { m_service->connectConnection(id); }
void FeedServiceControl::disconnectConnection(int id) { m_service->disconnectConnection(id); }
void FeedServiceControl::reconnectConnection(int id) { m_service->reconnectConnection(id); }

void FeedServiceControl::subscribeTickers(const QStringList &tickers, int connection)
{
    m_service->subscribeTickers(tickers, connection);
}

void FeedServiceControl::unsubscribeTickers(const QStringList &tickers) { m_service->unsubscribeTickers(tickers); }

} // namespace tickstock::ui
