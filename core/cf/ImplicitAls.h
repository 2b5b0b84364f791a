#pragma once

#include <Eigen/Core>
#include <functional>
#include <memory>

#include "cf/Recommender.h"

namespace tl {
class QuantizedCosine;
}

namespace tl {

using FactorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Settings of weighted matrix factorisation for implicit feedback. Conventions follow Hu, Koren &
// Volinsky 2008 unless said otherwise, and differ from some libraries on purpose:
// - confidence c = 1 + alpha * r (implicit uses c = alpha * r, without the 1);
// - lambda is a plain L2 weight on every vector (Spark ALS multiplies it by the row's count).
struct AlsOptions {
    enum class Confidence { Linear, Log };
    enum class Solver { ConjugateGradient, Cholesky };

    int factors = 64;
    // Defaults tuned on the demo worlds with eval-cf (BENCHMARKS.md): listening counts are
    // large and repetitive, so a milder alpha than the paper's 40 and a firmer lambda rank best.
    float regularization = 10.0f;  // lambda
    float alpha = 1.0f;
    Confidence confidence = Confidence::Linear;
    float epsilon = 1.0f;  // Log: c = 1 + alpha * log(1 + r / epsilon)
    int iterations = 15;
    Solver solver = Solver::ConjugateGradient;
    int cgSteps = 3;  // Takács et al. 2011: a few steps, warm-started from the last sweep
    // Rows with few entries are solved exactly through the Woodbury identity from a
    // precomputed (F^T F + lambda I)^-1 whenever that costs less than the chosen solver; the
    // result is the exact least-squares solution, so it only ever improves on CG.
    bool lowRankShortcut = true;
    // Streamed CG: when one side has few rows (LFM-1K: 1,000 users) and the other very many
    // (a million items), run CG for all the few rows in lockstep, streaming the big factor
    // matrix sequentially once per step instead of gathering scattered rows per user.
    enum class Streaming { Auto, Off, On };
    Streaming streaming = Streaming::Auto;
    // How the CG reads the fixed side's vectors: Auto reads a float16 copy once that side is too
    // big for the caches (16 MB in float32), where fetching rows is what costs; arithmetic,
    // the Gram matrix and the solved vectors stay float32. Needs AVX2/F16C (else float32).
    enum class GatherPrecision { Auto, Float32, Float16 };
    GatherPrecision gatherPrecision = GatherPrecision::Auto;
    quint64 seed = 42;
    int threads = 0;  // 0 = all cores
};

// Implicit ALS: users get vectors X, items vectors Y, minimising
//   sum_ui c_ui (p_ui - x_u . y_i)^2 + lambda (sum |x_u|^2 + sum |y_i|^2)
// with p_ui = 1 where r_ui > 0. Each half-sweep solves every row independently against the
// fixed other side, using the Y^T Y precomputation, so both cores share the rows.
class ImplicitAls : public Recommender {
public:
    explicit ImplicitAls(AlsOptions options = {});

    QString name() const override { return QStringLiteral("als"); }
    // r_ui = userItems(u, i) must be finite and > 0 (what is absent is "not played").
    Status fit(const SparseMatrix& userItems, const Progress& progress) override;
    // Called after every sweep with the iteration number (1-based) and the loss.
    void setIterationCallback(std::function<void(int, double)> callback) {
        onIteration_ = std::move(callback);
    }
    // Also computes the loss after each sweep even without a callback (costs one pass).
    void setTrackLoss(bool on) { trackLoss_ = on; }

    void scoreItems(int user, std::span<float> out) const override;
    std::vector<ScoredItem> similarItems(int item, int n) const override;
    // Over very many items, searches the byte-coded copy and re-scores the best exactly.
    std::vector<ScoredItem> recommend(int user, int n, const SparseMatrix* exclude) const override;
    std::vector<ScoredItem> explain(int user, int item, int n) const override;
    // explain() for a folded-in user (foldIn's items and strengths): the same decomposition.
    std::vector<ScoredItem> explainFoldIn(std::span<const int32_t> items,
                                          std::span<const float> strengths, int item, int n) const;

    // A vector for a user who was not in the training matrix (e.g. "me", imported later):
    // one exact solve against the fixed item vectors, no retraining.
    Eigen::VectorXf foldIn(std::span<const int32_t> items, std::span<const float> strengths) const;

    // The objective above for the current factors.
    double loss(const SparseMatrix& userItems) const;

    const FactorMatrix& userFactors() const { return X_; }
    const FactorMatrix& itemFactors() const { return Y_; }
    const AlsOptions& options() const { return options_; }
    // Starts the next fit from these factors instead of the seeded ones (tests, warm starts),
    // or, with prepareForQueries(), serves queries from a stored model without fitting.
    void setFactors(FactorMatrix users, FactorMatrix items);
    void prepareForQueries() { prepareQueries(); }
    // The matrix a stored model was trained on, so explain() works without refitting (it reads
    // the user's confidence-weighted row). Same shape as the factors.
    void setInteractions(const SparseMatrix& userItems);
    std::vector<double> lossHistory() const { return losses_; }
    // Where the last fit spent its time: the user half-sweeps and the item half-sweeps.
    struct Timing {
        double userSeconds = 0.0;
        double itemSeconds = 0.0;
    };
    Timing timing() const { return timing_; }

    // Confidence minus one, the weight the solver uses for an observed entry.
    float extraConfidence(float r) const;

private:
    Status validate(const SparseMatrix& m) const;
    void initialise(int users, int items);
    bool solveSide(const SparseMatrix& rowsWeighted, const SparseMatrix& columnsWeighted,
                   const FactorMatrix& fixed, FactorMatrix& out, int cgSteps,
                   const Progress& progress) const;
    bool solveSideStreamed(const SparseMatrix& R, const SparseMatrix& C, const FactorMatrix& F,
                           const Eigen::MatrixXf& G, FactorMatrix& out, int cgSteps,
                           const Progress& progress) const;
    void prepareQueries();
    // The best n of `candidates` after exact scoring with vector v (divided by item norms for
    // cosine), best first.
    std::vector<ScoredItem> rescore(std::vector<ScoredItem> candidates, const Eigen::VectorXf& v,
                                    bool cosine, int n) const;

    AlsOptions options_;
    FactorMatrix X_;
    FactorMatrix Y_;
    Eigen::VectorXf itemNorms_;
    // For similarItems over very many items: a byte-coded copy searched first, then the best
    // candidates re-ranked exactly (null below kQuantizedFrom items, where exact is fast).
    std::shared_ptr<const QuantizedCosine> quantized_;
    Eigen::MatrixXf itemGram_;  // Y^T Y, for fold-in and explanations
    SparseMatrix weighted_;     // users x items, values = c - 1
    std::function<void(int, double)> onIteration_;
    bool trackLoss_ = false;
    std::vector<double> losses_;
    bool initialisedByCaller_ = false;
    Timing timing_;
};

}  // namespace tl
