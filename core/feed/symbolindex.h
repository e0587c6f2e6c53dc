#pragma once
// Symbol → dense index, the feed thread's per-event lookup (one per event). Symbols of 1–8 bytes
// (nearly every listed US ticker) live in a flat open-addressing table of 16-byte cells keyed by
// the bytes packed into one 64-bit word (10,000 symbols: 256 KB, within L2); 9–16 bytes in a
// second table keyed by two words. No string hashing or allocation. Longer (or empty) symbols go
// to an ordinary hash map. Not thread-safe; indices are assigned by the caller.

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
    std::size_t size() const { return m_short.size + m_medium.size + m_long.size(); }

private:
    struct Key {
        std::uint64_t lo = 0, hi = 0; // zero = empty slot (a packed non-empty symbol is never zero)
        bool operator==(const Key &) const = default;
    };
    // One open-addressing table (linear probing, power-of-two size, at most 70 % full).
    template<typename K>
    struct Table {
        struct Slot {
            K key{};
            std::uint32_t value = 0;
        };
        std::vector<Slot> cells;
        std::size_t size = 0;
        std::optional<std::uint32_t> find(const K &key) const;
        void insert(const K &key, std::uint32_t value);
    };
    static bool pack(std::string_view symbol, Key *key);

    Table<std::uint64_t> m_short; // 1–8 bytes
    Table<Key> m_medium;          // 9–16 bytes
    std::unordered_map<std::string, std::uint32_t> m_long;
};

} // namespace tickstock::feed
