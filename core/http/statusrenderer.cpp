#include "http/statusrenderer.h"

#include <QtCore/QElapsedTimer>

namespace tickstock::http {

StatusRenderer::StatusRenderer(Render render)
    : m_render(std::move(render))
{
}

StatusRenderer::~StatusRenderer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void StatusRenderer::request(status::SnapshotPtr snapshot, const status::HttpSnapshot &http)
{
    {
        std::lock_guard lock(m_mutex);
        if (snapshot == m_inFlight || snapshot == m_requested)
            return;
        m_requested = std::move(snapshot);
        m_requestedHttp = http;
        if (!m_thread.joinable())
            m_thread = std::thread([this] { run(); });
    }
    m_wake.notify_one();
}

std::optional<StatusRenderer::Result> StatusRenderer::takeResult()
{
    std::lock_guard lock(m_mutex);
    std::optional<Result> result;
    result.swap(m_result);
    return result;
}

void StatusRenderer::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_requested; });
        if (m_stop)
            return;
        m_inFlight = std::move(m_requested);
        m_requested.reset();
        const status::HttpSnapshot http = m_requestedHttp;
        lock.unlock();
        QElapsedTimer timer;
        timer.start();
        QByteArray body = m_render(*m_inFlight, http);
        const qint64 ns = timer.nsecsElapsed();
        lock.lock();
        m_result = Result{m_inFlight, http, std::move(body), ns};
        m_inFlight.reset();
    }
}

} // namespace tickstock::http
