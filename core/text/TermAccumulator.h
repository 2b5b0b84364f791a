// Term counts of every entity over all its documents, in compact form. Terms are identified by a
// 64-bit hash of their text (computed by the worker that read the document) in an open-addressing
// table; the text itself is kept only once a term reaches `keepTextFrom` documents, because most
// distinct terms of a large corpus (bigrams above all) occur in one document and are dropped by
// the document-frequency cut anyway. Per entity, a list of (term id, weight) compacted by sorting
// now and then: the sorted part stays sorted, new entries are sorted and merged into it. Memory
// grows with distinct terms and (entity, term) pairs, not with text size.
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

#include "text/DocumentTerms.h"

namespace tl {

// One document's terms as the accumulator takes them: hashed by the worker thread.
struct HashedDocument {
    std::vector<std::pair<uint64_t, float>> counts;
    std::vector<QString> texts;  // parallel to counts
    std::vector<std::pair<int, std::vector<std::pair<uint64_t, float>>>> nearBoost;
    std::vector<int> entities;
    qint64 words = 0;
    qint64 mentions = 0;
};

uint64_t termHash(QStringView term);
HashedDocument hashDocument(const DocumentTerms& document);

class TermAccumulator {
public:
    TermAccumulator(int entities, int keepTextFrom);

    // Adds one document's counts to each entity it is linked to (plus the near-mention boost of
    // that entity) and counts it once in each term's document frequency.
    void add(const HashedDocument& document);

    // Sorted by term id, duplicates summed. Call before reading rows.
    void compactAll();

    int termCount() const { return int(df_.size()); }
    // The text of a term that reached keepTextFrom documents (empty otherwise).
    QString term(quint32 id) const;
    const std::vector<quint32>& documentFrequency() const { return df_; }
    const std::vector<std::pair<quint32, float>>& row(int entity) const {
        return rows_[size_t(entity)];
    }
    double words(int entity) const { return words_[size_t(entity)]; }  // term occurrences
    int entityCount() const { return int(rows_.size()); }

private:
    quint32 idOf(uint64_t hash);
    void compact(int entity);

    int keepTextFrom_;
    std::vector<uint64_t> keys_;  // open addressing, 0 = empty
    std::vector<quint32> slots_;
    size_t used_ = 0;
    std::vector<quint32> df_;
    // Kept terms' texts, one after another in one buffer (a QString each would cost ~70 bytes
    // of headers and allocator overhead for a 12-character bigram).
    std::vector<qint64> textStart_;  // -1 until the term's text is kept
    std::vector<quint16> textLength_;
    std::vector<char16_t> textBuffer_;
    std::vector<std::vector<std::pair<quint32, float>>> rows_;
    std::vector<size_t> compacted_;
    std::vector<double> words_;
};

}  // namespace tl
