#include "feed/symbolindex.h"

#include <cstring>
#include <type_traits>

namespace tickstock::feed {
namespace {

inline std::size_t mix(std::uint64_t word)
{
    const std::uint64_t h = word * 0x9E3779B97F4A7C15ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
}

template<typename K>
inline std::size_t hashOf(const K &key)
{
    if constexpr (std::is_same_v<K, std::uint64_t>)
        return mix(key);
    else
        return mix(key.lo ^ ((key.hi + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full));
}

} // namespace

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

template<typename K>
std::optional<std::uint32_t> SymbolIndex::Table<K>::find(const K &key) const
{
    if (cells.empty())
        return std::nullopt;
    const std::size_t mask = cells.size() - 1;
    for (std::size_t i = hashOf(key) & mask;; i = (i + 1) & mask) {
        const Slot &slot = cells[i];
        if (slot.key == key)
            return slot.value;
        if (slot.key == K{})
            return std::nullopt;
    }
}

template<typename K>
void SymbolIndex::Table<K>::insert(const K &key, std::uint32_t value)
{
    if ((size + 1) * 10 > cells.size() * 7) { // grow past 70 % full
        std::vector<Slot> old = std::move(cells);
        cells.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        size = 0;
        for (const Slot &slot : old) {
            if (!(slot.key == K{}))
                insert(slot.key, slot.value);
        }
    }
    const std::size_t mask = cells.size() - 1;
    std::size_t i = hashOf(key) & mask;
    while (!(cells[i].key == K{}))
        i = (i + 1) & mask;
    cells[i] = {key, value};
    ++size;
}

std::optional<std::uint32_t> SymbolIndex::find(std::string_view symbol) const
{
    Key key;
    if (!pack(symbol, &key)) {
        const auto it = m_long.find(std::string(symbol));
        return it == m_long.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
    }
    return symbol.size() <= 8 ? m_short.find(key.lo) : m_medium.find(key);
}

void SymbolIndex::insert(std::string_view symbol, std::uint32_t index)
{
    Key key;
    if (!pack(symbol, &key))
        m_long.emplace(std::string(symbol), index);
    else if (symbol.size() <= 8)
        m_short.insert(key.lo, index);
    else
        m_medium.insert(key, index);
}

} // namespace tickstock::feed
