#include "text/TermAccumulator.h"

#include <algorithm>

namespace tl {

TermAccumulator::TermAccumulator(int entities)
    : rows_(size_t(entities)),
      compacted_(size_t(entities), 0),
      words_(size_t(entities), 0.0),
      docs_(size_t(entities), 0) {}

quint32 TermAccumulator::intern(const QString& term) {
    const auto it = ids_.constFind(term);
    if (it != ids_.constEnd()) return *it;
    const auto id = quint32(terms_.size());
    ids_.insert(term, id);
    terms_.push_back(term);
    df_.push_back(0);
    return id;
}

void TermAccumulator::add(const DocumentTerms& document) {
    if (document.entities.empty()) return;
    thread_local std::vector<std::pair<quint32, float>> ids;
    ids.clear();
    double words = 0;
    for (auto it = document.counts.constBegin(); it != document.counts.constEnd(); ++it) {
        const quint32 id = intern(it.key());
        ++df_[id];
        ids.emplace_back(id, it.value());
        words += it.value();
    }
    for (int entity : document.entities) {
        auto& row = rows_[size_t(entity)];
        row.insert(row.end(), ids.begin(), ids.end());
        words_[size_t(entity)] += words;
        ++docs_[size_t(entity)];
        if (const auto near = document.nearBoost.find(entity); near != document.nearBoost.end())
            for (auto it = near->second.constBegin(); it != near->second.constEnd(); ++it)
                row.emplace_back(intern(it.key()), it.value());
        if (row.size() > 2 * compacted_[size_t(entity)] + 4096) compact(entity);
    }
}

void TermAccumulator::compact(int entity) {
    auto& row = rows_[size_t(entity)];
    // Stable: a term's contributions are summed in document order, whatever order the
    // documents' hash tables listed them in, so every run gives the same floats.
    std::stable_sort(row.begin(), row.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    size_t out = 0;
    for (size_t i = 0; i < row.size(); ++i) {
        if (out > 0 && row[out - 1].first == row[i].first)
            row[out - 1].second += row[i].second;
        else
            row[out++] = row[i];
    }
    row.resize(out);
    row.shrink_to_fit();
    compacted_[size_t(entity)] = out;
}

void TermAccumulator::compactAll() {
    for (int e = 0; e < entityCount(); ++e) compact(e);
}

}  // namespace tl
