#include "text/TermAccumulator.h"

#include <algorithm>
#include <cstring>

namespace tl {

uint64_t termHash(QStringView term) {
    // 64 bits: among the few million distinct terms of a large corpus a collision is a one in a
    // million event, and costs one merged term.
    uint64_t h = 0x9E3779B97F4A7C15ull ^ uint64_t(term.size());
    const auto* p = reinterpret_cast<const unsigned char*>(term.utf16());
    size_t n = size_t(term.size()) * 2;
    auto mix = [](uint64_t x) {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBull;
        return x ^ (x >> 31);
    };
    while (n >= 8) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        h = mix(h ^ v);
        p += 8;
        n -= 8;
    }
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = mix(h ^ v ^ (uint64_t(n) << 56));
    return h ? h : 1;
}

HashedDocument hashDocument(const DocumentTerms& document) {
    HashedDocument out;
    out.entities = document.entities;
    out.words = document.words;
    out.mentions = document.mentions;
    if (document.entities.empty()) return out;
    out.counts.reserve(size_t(document.counts.size()));
    out.texts.reserve(size_t(document.counts.size()));
    for (auto it = document.counts.constBegin(); it != document.counts.constEnd(); ++it) {
        out.counts.emplace_back(termHash(it.key()), it.value());
        out.texts.push_back(it.key());
    }
    for (const auto& [entity, near] : document.nearBoost) {
        std::vector<std::pair<uint64_t, float>> hashed;
        for (auto it = near.constBegin(); it != near.constEnd(); ++it)
            hashed.emplace_back(termHash(it.key()), it.value());
        out.nearBoost.emplace_back(entity, std::move(hashed));
    }
    return out;
}

TermAccumulator::TermAccumulator(int entities, int keepTextFrom)
    : keepTextFrom_(std::max(1, keepTextFrom)),
      keys_(1 << 16, 0),
      slots_(1 << 16, 0),
      rows_(size_t(entities)),
      compacted_(size_t(entities), 0),
      words_(size_t(entities), 0.0) {}

quint32 TermAccumulator::idOf(uint64_t hash) {
    if ((used_ + 1) * 2 > keys_.size()) {  // keep the load under one half
        std::vector<uint64_t> keys(keys_.size() * 2, 0);
        std::vector<quint32> slots(keys.size(), 0);
        const size_t mask = keys.size() - 1;
        for (size_t i = 0; i < keys_.size(); ++i) {
            if (keys_[i] == 0) continue;
            size_t at = keys_[i] & mask;
            while (keys[at] != 0) at = (at + 1) & mask;
            keys[at] = keys_[i];
            slots[at] = slots_[i];
        }
        keys_.swap(keys);
        slots_.swap(slots);
    }
    const size_t mask = keys_.size() - 1;
    size_t at = hash & mask;
    while (keys_[at] != 0) {
        if (keys_[at] == hash) return slots_[at];
        at = (at + 1) & mask;
    }
    keys_[at] = hash;
    slots_[at] = quint32(df_.size());
    ++used_;
    df_.push_back(0);
    textStart_.push_back(-1);
    textLength_.push_back(0);
    return slots_[at];
}

QString TermAccumulator::term(quint32 id) const {
    const qint64 start = textStart_[id];
    if (start < 0) return {};
    return QString(reinterpret_cast<const QChar*>(textBuffer_.data() + start),
                   qsizetype(textLength_[id]));
}

void TermAccumulator::add(const HashedDocument& document) {
    if (document.entities.empty()) return;
    thread_local std::vector<std::pair<quint32, float>> ids;
    ids.clear();
    double words = 0;
    for (size_t i = 0; i < document.counts.size(); ++i) {
        const quint32 id = idOf(document.counts[i].first);
        if (++df_[id] >= quint32(keepTextFrom_) && textStart_[id] < 0) {
            const QString& text = document.texts[i];
            const qsizetype length = std::min<qsizetype>(text.size(), 0xFFFF);
            textStart_[id] = qint64(textBuffer_.size());
            textLength_[id] = quint16(length);
            textBuffer_.insert(textBuffer_.end(), text.utf16(), text.utf16() + length);
        }
        ids.emplace_back(id, document.counts[i].second);
        words += document.counts[i].second;
    }
    for (int entity : document.entities) {
        auto& row = rows_[size_t(entity)];
        row.insert(row.end(), ids.begin(), ids.end());
        words_[size_t(entity)] += words;
        for (const auto& [nearEntity, near] : document.nearBoost)
            if (nearEntity == entity)
                for (const auto& [hash, extra] : near) row.emplace_back(idOf(hash), extra);
        // Compacting often keeps the unsorted slack small (memory); merging keeps it cheap.
        if (row.size() > compacted_[size_t(entity)] + compacted_[size_t(entity)] / 8 + 2048)
            compact(entity);
    }
}

void TermAccumulator::compact(int entity) {
    auto& row = rows_[size_t(entity)];
    // The tail (entries added since the last compaction) is sorted and merged into the sorted
    // head. Both steps are stable: a term's contributions are summed in document order, whatever
    // order the documents' hash tables listed them in, so every run gives the same floats.
    const auto byTerm = [](const auto& a, const auto& b) { return a.first < b.first; };
    const auto head = row.begin() + std::ptrdiff_t(compacted_[size_t(entity)]);
    std::stable_sort(head, row.end(), byTerm);
    std::inplace_merge(row.begin(), head, row.end(), byTerm);
    size_t out = 0;
    for (size_t i = 0; i < row.size(); ++i) {
        if (out > 0 && row[out - 1].first == row[i].first)
            row[out - 1].second += row[i].second;
        else
            row[out++] = row[i];
    }
    row.resize(out);
    compacted_[size_t(entity)] = out;
}

void TermAccumulator::compactAll() {
    for (int e = 0; e < entityCount(); ++e) {
        compact(e);
        rows_[size_t(e)].shrink_to_fit();
    }
    // The hash table is not needed once every document is in.
    std::vector<uint64_t>().swap(keys_);
    std::vector<quint32>().swap(slots_);
}

}  // namespace tl
