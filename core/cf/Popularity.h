#pragma once

#include "cf/Recommender.h"

namespace tl {

// The baseline every metric is shown against: recommend what most listeners play.
class Popularity : public Recommender {
public:
    QString name() const override { return QStringLiteral("popularity"); }
    Status fit(const SparseMatrix& userItems, const Progress& progress) override;
    void scoreItems(int user, std::span<float> out) const override;
    // Popularity knows nothing about similarity: the most popular items, whatever the item.
    std::vector<ScoredItem> similarItems(int item, int n) const override;

private:
    std::vector<float> listeners_;
};

}  // namespace tl
