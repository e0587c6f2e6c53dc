#pragma once
// Builds status documents on a thread of its own, so a large one (tens of thousands of tickers
// take milliseconds to serialise) never holds up the HTTP thread. Newest request wins; one result
// is kept for the caller to collect. Started on the first request, joined on destruction.

#include "status/statussnapshot.h"

#include <QtCore/QByteArray>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace tickstock::http {

class StatusRenderer final {
public:
    using Render = std::function<QByteArray(const status::StatusSnapshot &snapshot, const status::HttpSnapshot &http)>;
    struct Result {
        status::SnapshotPtr snapshot;
        status::HttpSnapshot http;
        QByteArray body;
        qint64 renderNs = 0;
    };

    explicit StatusRenderer(Render render);
    ~StatusRenderer();
    StatusRenderer(const StatusRenderer &) = delete;
    StatusRenderer &operator=(const StatusRenderer &) = delete;

    void request(status::SnapshotPtr snapshot, const status::HttpSnapshot &http);
    std::optional<Result> takeResult();

private:
    void run();

    Render m_render;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    status::SnapshotPtr m_requested; // newest request not yet started
    status::HttpSnapshot m_requestedHttp;
    status::SnapshotPtr m_inFlight;  // being rendered
    std::optional<Result> m_result;
    std::thread m_thread;
};

} // namespace tickstock::http
