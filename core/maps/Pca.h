#pragma once

#include <Eigen/Core>

#include "maps/MapTypes.h"

namespace tl {

// Exact principal component analysis: the top `components` eigenvectors of the covariance
// matrix (Eigen's SelfAdjointEigenSolver, in double), data projected on them after centring.
// Each axis's sign is fixed so that its largest-magnitude loading is positive: the same data
// gives the same picture, not a mirror image.
struct PcaResult {
    Eigen::MatrixXf projected;          // rows x components
    Eigen::MatrixXd axes;               // dims x components, unit columns
    Eigen::VectorXd explainedVariance;  // per component (covariance eigenvalue, n - 1)
    Eigen::VectorXd explainedRatio;     // share of the total variance
};

PcaResult pca(const VectorMatrix& vectors, int components);

// PCA to two dimensions as a map.
MapPoints pcaMap(const VectorMatrix& vectors);

}  // namespace tl
