#pragma once
// Symbol → dense index, the feed thread's per-event lookup (one per event). Symbols of 1–16 bytes
// (every listed US ticker) live in a flat open-addressing table keyed by the bytes packed into two
// 64-bit words: one probe, no string hashing or allocation. Longer (or empty) symbols go to an
// ordinary hash map. Not thread-safe; indices are assigned by the caller.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tickstock::feed {

class SymbolIndex {
public:
    std::optional<std::uint32_t> find(std::string_view symbol) const;
    void insert(std::string_view symbol, std::uint32_t index); // symbol must not be present
    std::size_t size() const { return m_size + m_long.size(); }

private:
    struct Key {
        std::uint64_t lo = 0, hi = 0; // zero = empty slot (a packed non-empty symbol is never zero)
        bool operator==(const Key &) const = default;
    };
    struct Slot {
        Key key;
        std::uint32_t value = 0;
    };
    static bool pack(std::string_view symbol, Key *key);
    static std::size_t hash(const Key &key);
    void grow();

    std::vector<Slot> m_slots; // power-of-two size, at most half full
    std::size_t m_size = 0;
    std::unordered_map<std::string, std::uint32_t> m_long;
};

} // namespace tickstock::feed
