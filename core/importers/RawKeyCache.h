// The entity resolver's per-import cache of names exactly as a file wrote them: a row whose
// fields were seen before resolves with one lookup, without normalising or hashing its names
// again. Keyed on a 128-bit hash of the fields (MurmurHash3 x64-128's mixing, chained field by
// field with each field's length), so an entry is 24 bytes however long the names are: a
// Last.fm-1K import meets 1.5 M distinct (artist, title, MBID) rows, and a QHash keyed on the
// four QStrings cost ~130 bytes and a string comparison per entry. Two different rows share a
// key with probability ~n^2 / 2^129 (1e-26 for 1.5 M rows): never, in practice.
#pragma once

#include <QString>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <unordered_map>
#include <vector>

namespace tl {

struct RawKey {
    std::uint64_t a = 0x9E3779B97F4A7C15ull;
    std::uint64_t b = 0xC2B2AE3D27D4EB4Full;

    bool operator==(const RawKey&) const = default;

    RawKey& add(const void* data, std::size_t bytes) {
        constexpr std::uint64_t c1 = 0x87c37b91114253d5ull, c2 = 0x4cf5ad432745937full;
        const auto* p = static_cast<const unsigned char*>(data);
        std::uint64_t h1 = a, h2 = b;
        std::size_t n = bytes;
        for (; n >= 16; n -= 16, p += 16) {
            std::uint64_t k1, k2;
            std::memcpy(&k1, p, 8);
            std::memcpy(&k2, p + 8, 8);
            h1 ^= rotl(k1 * c1, 31) * c2;
            h1 = (rotl(h1, 27) + h2) * 5 + 0x52dce729;
            h2 ^= rotl(k2 * c2, 33) * c1;
            h2 = (rotl(h2, 31) + h1) * 5 + 0x38495ab5;
        }
        std::uint64_t k1 = 0, k2 = 0;
        if (n > 8) std::memcpy(&k2, p + 8, n - 8);
        std::memcpy(&k1, p, n > 8 ? 8 : n);
        h1 ^= rotl(k1 * c1, 31) * c2;
        h2 ^= rotl(k2 * c2, 33) * c1;
        // The length ends each field, so ("ab", "c") and ("a", "bc") differ.
        h1 ^= bytes;
        h2 ^= bytes;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        a = h1;
        b = h2;
        return *this;
    }
    RawKey& add(const QString& s) { return add(s.utf16(), std::size_t(s.size()) * 2); }
    RawKey& add(std::int64_t v) { return add(&v, sizeof v); }

private:
    static std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
    static std::uint64_t fmix(std::uint64_t k) {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdull;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53ull;
        k ^= k >> 33;
        return k;
    }
};

// A text the resolver only compares and tests for emptiness (an entity's name, its MBID): its
// RawKey in 16 bytes instead of the string (~100 bytes for an MBID's QString).
class TextKey {
public:
    TextKey() : TextKey(QString()) {}
    TextKey(const QString& text) : key_(RawKey().add(text)), empty_(text.isEmpty()) {}
    bool isEmpty() const { return empty_; }
    const RawKey& key() const { return key_; }
    bool operator==(const TextKey& other) const { return key_ == other.key_; }
    bool operator==(const QString& text) const { return *this == TextKey(text); }

private:
    RawKey key_;
    bool empty_ = true;
};

// RawKey -> id, open addressing with linear probing; ids are never 0.
class RawKeyCache {
public:
    qint64 find(const RawKey& key) const {
        if (slots_.empty()) return 0;
        for (std::size_t i = std::size_t(key.a) & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.id == 0) return 0;
            if (s.key == key) return s.id;
        }
    }
    void insert(const RawKey& key, qint64 id) { put(key, id, true); }
    // Keeps the id already there (the oldest entity wins); true when `id` went in.
    bool insertIfAbsent(const RawKey& key, qint64 id) { return put(key, id, false); }
    bool contains(const RawKey& key) const { return find(key) != 0; }
    void clear() {
        slots_ = {};
        mask_ = 0;
        size_ = 0;
    }
    std::size_t size() const { return size_; }

private:
    struct Slot {
        RawKey key;
        qint64 id = 0;
    };
    bool put(const RawKey& key, qint64 id, bool replace) {
        if ((size_ + 1) * 10 > slots_.size() * 7) grow();
        const bool added = place(key, id, replace);
        if (added) ++size_;
        return added;
    }
    bool place(const RawKey& key, qint64 id, bool replace) {
        for (std::size_t i = std::size_t(key.a) & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.id == 0) {
                s.key = key;
                s.id = id;
                return true;
            }
            if (s.key == key) {
                if (replace) s.id = id;
                return false;
            }
        }
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& s : old)
            if (s.id != 0) place(s.key, s.id, true);
    }
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

// Entities by id. Catalog ids are SQLite rowids, dense from 1, so a deque indexed by id holds
// them without a node and a hash per entity, and grows without moving them; an id far beyond
// the count goes to a side map.
template <class T>
class DenseIdMap {
public:
    T* find(qint64 id) {
        if (id > 0 && id < qint64(dense_.size()))
            return dense_[std::size_t(id)].known ? &dense_[std::size_t(id)].value : nullptr;
        const auto it = sparse_.find(id);
        return it == sparse_.end() ? nullptr : &it->second;
    }
    const T* find(qint64 id) const { return const_cast<DenseIdMap*>(this)->find(id); }
    bool contains(qint64 id) const { return find(id) != nullptr; }
    T& operator[](qint64 id) {  // adds a default T when absent
        if (id > 0 && id < kDenseLimit) {
            if (id >= qint64(dense_.size())) dense_.resize(std::size_t(id) + 1);
            Entry& e = dense_[std::size_t(id)];
            e.known = true;
            return e.value;
        }
        return sparse_[id];
    }
    void clear() {
        dense_ = {};
        sparse_.clear();
    }

private:
    static constexpr qint64 kDenseLimit = qint64(1) << 26;
    struct Entry {
        T value{};
        bool known = false;
    };
    std::deque<Entry> dense_;
    std::unordered_map<qint64, T> sparse_;
};

}  // namespace tl
