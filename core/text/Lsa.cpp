#include "text/Lsa.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>

#include "util/Random.h"

namespace tl {
namespace {

// An orthonormal basis of the columns of `y` (thin Householder QR).
Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& y) {
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(y);
    return qr.householderQ() * Eigen::MatrixXd::Identity(y.rows(), y.cols());
}

}  // namespace

Status randomizedLsa(const Eigen::SparseMatrix<double, Eigen::RowMajor>& x,
                     const LsaOptions& options, RowMatrixF& coordinates,
                     Eigen::VectorXd* singularValues, const Progress& progress) {
    const Eigen::Index rows = x.rows(), cols = x.cols();
    const Eigen::Index k = std::min<Eigen::Index>({Eigen::Index(options.dims), rows, cols});
    if (k <= 0) {
        coordinates.resize(rows, 0);
        if (singularValues) singularValues->resize(0);
        return Status::ok();
    }
    const Eigen::Index l = std::min<Eigen::Index>({k + options.oversample, rows, cols});
    // Omega: cols x l standard normal, from the seed alone.
    Eigen::MatrixXd omega(cols, l);
    SplitMix64 rng(options.seed, 0x4C5341);  // "LSA"
    for (Eigen::Index j = 0; j < l; ++j)
        for (Eigen::Index i = 0; i < cols; ++i) omega(i, j) = rng.normal();
    Eigen::MatrixXd q = orthonormalBasis(x * omega);
    for (int it = 0; it < options.powerIterations; ++it) {
        if (progress.cancelled()) return Status::cancelled();
        const Eigen::MatrixXd z = orthonormalBasis(Eigen::MatrixXd(x.transpose() * q));
        q = orthonormalBasis(x * z);
        progress.report(double(it + 1) / (options.powerIterations + 1),
                        QStringLiteral("LSA: power iterations"));
    }
    if (progress.cancelled()) return Status::cancelled();
    // B = Q^T X (l x cols). Its SVD B = Ub S V^T gives X ~ (Q Ub) S V^T; the eigen-decomposition
    // of the small B B^T = Ub S^2 Ub^T avoids a dense SVD over every term.
    const Eigen::MatrixXd bt = x.transpose() * q;  // cols x l = B^T
    const Eigen::MatrixXd gram = bt.transpose() * bt;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
    // Eigenvalues come ascending; take the k largest.
    const Eigen::MatrixXd ub = eig.eigenvectors().rightCols(k).rowwise().reverse();
    Eigen::VectorXd s = eig.eigenvalues().tail(k).reverse().cwiseMax(0.0).cwiseSqrt();
    // U S = Q Ub S.
    const Eigen::MatrixXd us = (q * ub) * s.asDiagonal();
    // Fix each column's sign (the largest-magnitude entry positive) so runs agree exactly.
    Eigen::MatrixXd fixed = us;
    for (Eigen::Index c = 0; c < k; ++c) {
        Eigen::Index at = 0;
        fixed.col(c).cwiseAbs().maxCoeff(&at);
        if (fixed(at, c) < 0) fixed.col(c) *= -1.0;
    }
    coordinates = fixed.cast<float>();
    if (singularValues) *singularValues = s;
    progress.report(1.0, QStringLiteral("LSA ready"));
    return Status::ok();
}

}  // namespace tl
