#include "feed/symbolindex.h"

#include <cstring>

namespace tickstock::feed {

bool SymbolIndex::pack(std::string_view symbol, Key *key)
{
    if (symbol.empty() || symbol.size() > 16 || symbol.find('\0') != std::string_view::npos)
        return false;
    char bytes[16] = {};
    std::memcpy(bytes, symbol.data(), symbol.size());
    std::memcpy(&key->lo, bytes, 8);
    std::memcpy(&key->hi, bytes + 8, 8);
    return true;
}

std::size_t SymbolIndex::hash(const Key &key)
{
    std::uint64_t h = key.lo * 0x9E3779B97F4A7C15ull ^ (key.hi + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 29;
    return static_cast<std::size_t>(h);
}

std::optional<std::uint32_t> SymbolIndex::find(std::string_view symbol) const
{
    Key key;
    if (!pack(symbol, &key)) {
        const auto it = m_long.find(std::string(symbol));
        return it == m_long.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
    }
    if (m_slots.empty())
        return std::nullopt;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
        const Slot &slot = m_slots[i];
        if (slot.key == key)
            return slot.value;
        if (slot.key == Key{})
            return std::nullopt;
    }
}

void SymbolIndex::insert(std::string_view symbol, std::uint32_t index)
{
    Key key;
    if (!pack(symbol, &key)) {
        m_long.emplace(std::string(symbol), index);
        return;
    }
    if ((m_size + 1) * 2 > m_slots.size())
        grow();
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash(key) & mask;
    while (!(m_slots[i].key == Key{}))
        i = (i + 1) & mask;
    m_slots[i] = {key, index};
    ++m_size;
}

void SymbolIndex::grow()
{
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot &slot : old) {
        if (slot.key == Key{})
            continue;
        std::size_t i = hash(slot.key) & mask;
        while (!(m_slots[i].key == Key{}))
            i = (i + 1) & mask;
        m_slots[i] = slot;
    }
}

} // namespace tickstock::feed
