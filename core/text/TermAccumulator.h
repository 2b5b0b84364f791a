// Term counts of every entity over all its documents, in compact form: one vocabulary, per
// entity a list of (term id, weight) compacted by sorting now and then, and per term the number
// of documents it occurs in. Memory grows with distinct (entity, term) pairs, not with text size.
#pragma once

#include <QHash>
#include <QString>
#include <vector>

#include "text/DocumentTerms.h"

namespace tl {

class TermAccumulator {
public:
    explicit TermAccumulator(int entities);

    // Adds one document's counts to each entity it is linked to (plus the near-mention boost of
    // that entity) and counts it once in each term's document frequency.
    void add(const DocumentTerms& document);

    // Sorted by term id, duplicates summed. Call before reading rows.
    void compactAll();

    const std::vector<QString>& terms() const { return terms_; }
    const std::vector<quint32>& documentFrequency() const { return df_; }
    const std::vector<std::pair<quint32, float>>& row(int entity) const {
        return rows_[size_t(entity)];
    }
    double words(int entity) const { return words_[size_t(entity)]; }  // term occurrences
    int documents(int entity) const { return docs_[size_t(entity)]; }
    int entityCount() const { return int(rows_.size()); }

private:
    quint32 intern(const QString& term);
    void compact(int entity);

    QHash<QString, quint32> ids_;
    std::vector<QString> terms_;
    std::vector<quint32> df_;
    std::vector<std::vector<std::pair<quint32, float>>> rows_;
    std::vector<size_t> compacted_;
    std::vector<double> words_;
    std::vector<int> docs_;
};

}  // namespace tl
