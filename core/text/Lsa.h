// Latent semantic analysis: a rank-k truncated SVD of the entity x term matrix by the randomized
// range finder of Halko, Martinsson & Tropp (2011, "Finding structure with randomness", Alg. 4.4
// with q power iterations re-orthonormalised by QR, then Alg. 5.1), with a seeded Gaussian test
// matrix: the same matrix and seed give the same coordinates.
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <cstdint>

#include "job/Progress.h"
#include "job/Status.h"

namespace tl {

struct LsaOptions {
    int dims = 64;
    int oversample = 10;      // extra random directions (p in Halko et al.)
    int powerIterations = 2;  // q: sharpens the spectrum when singular values decay slowly
    uint64_t seed = 1;
};

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Rows of `x` (entities) -> U_k * Sigma_k, the rows' coordinates in the top-k latent space
// (k = min(dims, rows, cols)). `singularValues` receives Sigma_k, largest first.
Status randomizedLsa(const Eigen::SparseMatrix<double, Eigen::RowMajor>& x,
                     const LsaOptions& options, RowMatrixF& coordinates,
                     Eigen::VectorXd* singularValues, const Progress& progress);

}  // namespace tl
