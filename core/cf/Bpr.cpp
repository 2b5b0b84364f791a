#include "cf/Bpr.h"

#include <algorithm>
#include <cmath>

#include "util/Random.h"

namespace tl {

Bpr::Bpr(BprOptions options) : options_(options) {}

Status Bpr::fit(const SparseMatrix& m, const Progress& progress) {
    if (m.rows == 0 || m.cols < 2 || m.nonZeros() == 0)
        return Status::error(QStringLiteral("BPR needs listens and at least two tracks"));
    if (options_.factors < 1 || options_.epochs < 0 || !(options_.learningRate > 0.f))
        return Status::error(QStringLiteral("BPR settings out of range"));
    const int k = options_.factors;
    SplitMix64 rng(options_.seed);
    X_.resize(m.rows, k);
    Y_.resize(m.cols, k);
    for (int64_t i = 0; i < X_.size(); ++i) X_.data()[i] = float(rng.normal() * 0.1);
    for (int64_t i = 0; i < Y_.size(); ++i) Y_.data()[i] = float(rng.normal() * 0.1);
    bias_ = Eigen::VectorXf::Zero(m.cols);

    std::vector<int32_t> activeUsers;
    for (int u = 0; u < m.rows; ++u)
        if (m.rowSize(u) > 0 && m.rowSize(u) < m.cols) activeUsers.push_back(u);
    if (activeUsers.empty())
        return Status::error(QStringLiteral("BPR needs a user who played some tracks but not all"));

    const float lr = options_.learningRate, reg = options_.regularization;
    Eigen::VectorXf xu(k);
    for (int epoch = 0; epoch < options_.epochs; ++epoch) {
        for (int64_t s = 0; s < m.nonZeros(); ++s) {
            if ((s & 0x3FFF) == 0 && progress.cancelled()) return Status::cancelled();
            const int u = activeUsers[rng.below(activeUsers.size())];
            const int64_t start = m.rowStart[size_t(u)];
            const int64_t count = m.rowSize(u);
            const int32_t i = m.colIndex[size_t(start + int64_t(rng.below(uint64_t(count))))];
            int32_t j = 0;
            do {  // a track the user did not play (rejection sampling; rows are sorted)
                j = int32_t(rng.below(uint64_t(m.cols)));
            } while (std::binary_search(m.colIndex.begin() + start,
                                        m.colIndex.begin() + start + count, j));
            xu = X_.row(u);
            const float diff = xu.dot(Y_.row(i) - Y_.row(j)) + bias_(i) - bias_(j);
            const float g = 1.f / (1.f + std::exp(diff));  // sigma(-x_uij)
            X_.row(u) += lr * (g * (Y_.row(i) - Y_.row(j)) - reg * xu.transpose());
            Y_.row(i) += lr * (g * xu.transpose() - reg * Y_.row(i));
            Y_.row(j) += lr * (-g * xu.transpose() - reg * Y_.row(j));
            bias_(i) += lr * (g - reg * bias_(i));
            bias_(j) += lr * (-g - reg * bias_(j));
        }
        progress.report(double(epoch + 1) / options_.epochs,
                        QStringLiteral("BPR epoch %1 of %2").arg(epoch + 1).arg(options_.epochs));
    }
    if (!X_.allFinite() || !Y_.allFinite())
        return Status::error(QStringLiteral("BPR diverged (learning rate too high?)"));
    itemNorms_ = Y_.rowwise().norm();
    return Status::ok();
}

void Bpr::scoreItems(int user, std::span<float> out) const {
    Eigen::Map<Eigen::VectorXf>(out.data(), Y_.rows()).noalias() =
        Y_ * X_.row(user).transpose() + bias_;
}

std::vector<ScoredItem> Bpr::similarItems(int item, int n) const {
    if (item < 0 || item >= Y_.rows()) return {};
    Eigen::VectorXf s = Y_ * Y_.row(item).transpose();
    s.array() /= itemNorms_.array().max(1e-12f) * std::max(itemNorms_(item), 1e-12f);
    const int32_t self = item;
    return topN(std::span<const float>(s.data(), size_t(s.size())), n,
                std::span<const int32_t>(&self, 1));
}

}  // namespace tl
