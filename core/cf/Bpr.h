#pragma once

#include "cf/ImplicitAls.h"

namespace tl {

struct BprOptions {
    int factors = 64;
    float learningRate = 0.05f;
    float regularization = 0.01f;
    int epochs = 60;  // one epoch = as many sampled (u, i, j) triples as the matrix has entries
    quint64 seed = 42;
};

// Bayesian personalised ranking (Rendle, Freudenthaler, Gantner & Schmidt-Thieme 2009): learns
// from pairs "u played i rather than j" by SGD on ln sigma(x_ui - x_uj), with item biases. The
// second CF model beside ALS, optimising a ranking instead of a weighted regression. Runs on one
// thread so a seed gives exactly one result.
class Bpr : public Recommender {
public:
    explicit Bpr(BprOptions options = {});
    QString name() const override { return QStringLiteral("bpr"); }
    Status fit(const SparseMatrix& userItems, const Progress& progress) override;
    void scoreItems(int user, std::span<float> out) const override;
    std::vector<ScoredItem> similarItems(int item, int n) const override;

    const FactorMatrix& userFactors() const { return X_; }
    const FactorMatrix& itemFactors() const { return Y_; }

private:
    BprOptions options_;
    FactorMatrix X_;
    FactorMatrix Y_;
    Eigen::VectorXf bias_;
    Eigen::VectorXf itemNorms_;
};

}  // namespace tl
