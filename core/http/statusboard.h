#pragma once
// The HTTP server's own state (disabled / listening / error, address, stream URL, last error),
// readable from any thread. Shareable before the server exists: the feed's
// ManagerOptions::httpStatus needs a provider when the FeedService is built, before the server.

#include "status/statussnapshot.h"

#include <QtCore/QMutex>

#include <functional>
#include <memory>

namespace tickstock::http {

class HttpStatusBoard final {
public:
    status::HttpSnapshot get() const
    {
        QMutexLocker lock(&m_mutex);
        return m_value;
    }
    void set(const status::HttpSnapshot &value)
    {
        QMutexLocker lock(&m_mutex);
        m_value = value;
    }

private:
    mutable QMutex m_mutex;
    status::HttpSnapshot m_value;
};

// A provider for feed::ManagerOptions::httpStatus.
inline std::function<status::HttpSnapshot()> httpStatusProvider(std::shared_ptr<const HttpStatusBoard> board)
{
    return [board = std::move(board)] { return board->get(); };
}

} // namespace tickstock::http
