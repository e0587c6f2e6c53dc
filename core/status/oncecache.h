#pragma once
// A value derived from an immutable object, computed by whichever thread asks first and then
// shared: concurrent first askers wait for that one computation instead of repeating it.
// A copy starts empty, because a copy is made to be changed before it is shared.

#include <mutex>
#include <optional>

namespace tickstock::status {

template<typename T>
class OnceCache final {
public:
    OnceCache() = default;
    OnceCache(const OnceCache &) {}
    OnceCache &operator=(const OnceCache &)
    {
        std::lock_guard lock(m_mutex);
        m_value.reset();
        return *this;
    }

    template<typename Compute>
    T get(Compute compute) const
    {
        std::lock_guard lock(m_mutex);
        if (!m_value)
            m_value = compute();
        return *m_value;
    }

    bool has() const
    {
        std::lock_guard lock(m_mutex);
        return m_value.has_value();
    }

private:
    mutable std::mutex m_mutex;
    mutable std::optional<T> m_value;
};

} // namespace tickstock::status
